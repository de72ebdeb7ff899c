import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeHtml } from '../../common/escape-html.js';
import { highlight, snippet } from '../../search/analysis/highlight.js';

const terms = { stems: new Set(['игр']), prefixes: ['робот'] };

/** Words whose folding changes length (İ, stress marks, NFD ё) or not (ß, ﬁ), each with whether it matches. */
const WORDS: [string, boolean][] = [
  ['İstanbul', false],
  ['İİ', false],
  ['straße', false],
  ['ﬁnal', false],
  ['ǅemal', false],
  ['Ёлка', false],
  ['е\u0308лка', false],
  ['игры', true],
  ['ИГРЫ', true],
  ['и\u0301гры', true],
  ['Игры́', true],
  ['робототехника', true],
  ['РОБОТ', true],
  ['детьми', false],
  ['<b>', false],
];
const SEPARATORS = [' ', ', ', ' — ', '\n', ' «', '» ', ' & '];

/** What a correct highlighter gives: each matching word marked exactly where it stands, everything escaped. */
function expected(parts: { word: number; sep: number }[]): string {
  return parts
    .map(({ word, sep }) => {
      const [text, match] = WORDS[word]!;
      return (match ? `<mark>${escapeHtml(text)}</mark>` : escapeHtml(text)) + escapeHtml(SEPARATORS[sep]!);
    })
    .join('');
}

const texts = fc.array(fc.record({ word: fc.nat(WORDS.length - 1), sep: fc.nat(SEPARATORS.length - 1) }), {
  minLength: 1,
  maxLength: 12,
});
const join = (parts: { word: number; sep: number }[]) =>
  parts.map(({ word, sep }) => WORDS[word]![0] + SEPARATORS[sep]!).join('');

describe('highlighting text whose folding changes its length', () => {
  it('marks «игры» after «İ» exactly, not one character off', () => {
    expect(highlight('İİ игры', terms)).toBe('İİ <mark>игры</mark>');
  });

  it('marks every matching word exactly where it stands in the original text', () => {
    fc.assert(
      fc.property(texts, (parts) => {
        expect(highlight(join(parts), terms)).toBe(expected(parts));
      }),
      { numRuns: 500 },
    );
  });

  it('gives back the original text of every span a snippet marks', () => {
    fc.assert(
      fc.property(texts, fc.string({ unit: fc.constantFrom('İ', 'ß', 'ﬁ', 'ё', ' ', 'а') }), (parts, noise) => {
        const text = noise + join(parts) + noise;
        const html = snippet(text, terms, 60);
        const unescape = (s: string) =>
          s
            .replaceAll('&lt;', '<')
            .replaceAll('&gt;', '>')
            .replaceAll('&quot;', '"')
            .replaceAll('&#39;', "'")
            .replaceAll('&amp;', '&');
        for (const [, marked] of html.matchAll(/<mark>(.*?)<\/mark>/gs)) {
          const original = unescape(marked!);
          expect(text).toContain(original);
          expect(WORDS.some(([word, match]) => match && word === original)).toBe(true);
        }
        // Without the marks (and the ellipses of a cut), the snippet is a piece of the original text.
        const plain = unescape(
          html
            .replace(/<\/?mark>/g, '')
            .replace(/^… /, '')
            .replace(/ …$/, ''),
        );
        expect(text).toContain(plain);
      }),
      { numRuns: 300 },
    );
  });
});
