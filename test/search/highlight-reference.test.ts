import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeHtml } from '../../common/escape-html.js';
import { highlight, mightMatch, snippet, type HighlightTerms } from '../../search/analysis/highlight.js';
import { normalize, unmix } from '../../search/analysis/normalize.js';
import { stem } from '../../search/analysis/stem.js';
import { STOP_WORDS } from '../../search/analysis/stopwords.js';

/**
 * The highlighter as it was before it looked for stems instead of stemming every word: each word of the whole text
 * tokenised and stemmed. Kept here as the reference the faster one must agree with, mark for mark and cut for cut.
 * Only texts whose folding keeps every position (the highlighter's map for the others has its own tests).
 */
function reference(text: string, terms: HighlightTerms, length?: number): string {
  const lower = normalize(text);
  const list = [...lower.matchAll(/[\p{L}\p{N}]+/gu)].map((m) => {
    const word = unmix(m[0]);
    const s = STOP_WORDS.has(word) ? undefined : stem(word);
    const match =
      s !== undefined && (terms.stems.has(s) || terms.prefixes.some((p) => s.startsWith(p) || word.startsWith(p)));
    return { start: m.index, end: m.index + m[0].length, match };
  });
  const render = (from: number, to: number) => {
    let html = '';
    let cursor = from;
    for (const t of list) {
      if (!t.match || t.start < cursor || t.end > to) continue;
      html += escapeHtml(text.slice(cursor, t.start)) + '<mark>' + escapeHtml(text.slice(t.start, t.end)) + '</mark>';
      cursor = t.end;
    }
    return html + escapeHtml(text.slice(cursor, to));
  };
  if (length === undefined || text.length <= length) return render(0, text.length);
  const matches = list.filter((t) => t.match);
  let from = 0;
  if (matches.length > 0) {
    let best = 0;
    let bestCount = 0;
    for (let i = 0, j = 0; i < matches.length; i += 1) {
      while (matches[j]!.start < matches[i]!.start - length / 2) j += 1;
      if (i - j + 1 > bestCount) {
        bestCount = i - j + 1;
        best = j;
      }
    }
    from = Math.max(0, matches[best]!.start - 40);
  }
  let to = Math.min(text.length, from + length);
  if (from > 0) from = list.find((t) => t.start >= from)?.start ?? from;
  if (to < text.length) to = list.findLast((t) => t.end <= to)?.end ?? to;
  return (from > 0 ? '… ' : '') + render(from, to) + (to < text.length ? ' …' : '');
}

/** Words that match the terms below in every way a word can (stem, prefix, override, mixed script), and some not. */
const WORDS = [
  'игры',
  'Играми',
  'игра',
  'игр',
  'лицеям',
  'ЛИЦЕЙ',
  'лицевой',
  'рeчь', // a Latin «e» inside a Cyrillic word
  'речевые',
  'робототехника',
  'Робот',
  'lego',
  'LEGO-конструктор',
  'стэм',
  'и',
  'в',
  'детьми',
  '2024',
  '𝐀𝐁игры', // letters beyond the BMP (surrogate pairs) glued to a matching word
  'проигрыш',
  'ёлка',
  'Ёлочные',
];
const SEPARATORS = [' ', ', ', ' — ', '\n', ' «', '» ', ' & ', '-', '<b>', '𝟘'];
const TERMS: HighlightTerms[] = [
  { stems: new Set(['игр', 'реч', 'лицей']), prefixes: ['робот'] },
  { stems: new Set(['lego', 'елк']), prefixes: ['ел'] },
  { stems: new Set(['игр']), prefixes: ['л'] },
  { stems: new Set(), prefixes: [] },
];

const texts = fc
  .array(fc.record({ word: fc.nat(WORDS.length - 1), sep: fc.nat(SEPARATORS.length - 1) }), {
    minLength: 1,
    maxLength: 80,
  })
  .map((parts) => parts.map(({ word, sep }) => WORDS[word]! + SEPARATORS[sep]!).join(''));

describe('snippets found from where the stems occur', () => {
  it('mark the same words and cut at the same places as stemming every word of the text', () => {
    fc.assert(
      fc.property(texts, fc.nat(TERMS.length - 1), fc.constantFrom(40, 60, 120, 240), (text, t, length) => {
        const terms = TERMS[t]!;
        expect(highlight(text, terms)).toBe(reference(text, terms));
        expect(snippet(text, terms, length)).toBe(reference(text, terms, length));
      }),
      { numRuns: 1500 },
    );
  });

  it('never skip a text that holds a matching word', () => {
    fc.assert(
      fc.property(texts, fc.nat(TERMS.length - 1), (text, t) => {
        const terms = TERMS[t]!;
        if (reference(text, terms).includes('<mark>')) expect(mightMatch(text, terms)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('mark an override’s forms that do not hold its stem («лицеям» for «лицей»)', () => {
    expect(highlight('Лицеям и лицею', { stems: new Set(['лицей']), prefixes: [] })).toBe(
      '<mark>Лицеям</mark> и <mark>лицею</mark>',
    );
  });

  it('mark a word typed with a Latin look-alike letter as the Cyrillic word', () => {
    expect(highlight('Развитие рeчи', { stems: new Set(['реч']), prefixes: [] })).toBe('Развитие <mark>рeчи</mark>');
  });
});
