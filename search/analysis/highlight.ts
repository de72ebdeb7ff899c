/**
 * Highlighted snippets as safe HTML: the text is escaped and the words matching the query are wrapped in <mark>.
 * Done here rather than by an engine, so both engines highlight the original words the same way.
 */
import { escapeHtml } from '../../common/escape-html.js';
import { normalize, unmix } from './normalize.js';
import { stem } from './stem.js';
import { STOP_WORDS } from './stopwords.js';

export interface HighlightTerms {
  stems: ReadonlySet<string>;
  prefixes: readonly string[];
}

interface Token {
  start: number;
  end: number;
  match: boolean;
}

/** The folded text and, for each of its UTF-16 units, where the original characters it came from start and end. */
interface Folded {
  text: string;
  /** `undefined` when folding kept every position (the usual case). */
  from?: number[];
  to?: number[];
}

/**
 * Characters whose folding changes the text's length: combining marks (stress marks are dropped, NFC composes),
 * «İ» (U+0130, lower-cased to two units) and Hangul jamo (composed by NFC).
 */
const LENGTH_CHANGING = /[\p{M}\u0130\u1100-\u11ff]/u;

/** A base character with its combining marks: the unit that folds together. */
const CLUSTER = /\P{M}\p{M}*|\p{M}+/gsu;

/** Folded once for the whole text, keeping a map to the original positions whenever folding moves them. */
function folded(text: string): Folded {
  if (!LENGTH_CHANGING.test(text)) return { text: normalize(text) };
  let out = '';
  const from: number[] = [];
  const to: number[] = [];
  for (const m of text.matchAll(CLUSTER)) {
    const piece = normalize(m[0]);
    out += piece;
    for (let i = 0; i < piece.length; i += 1) {
      from.push(m.index);
      to.push(m.index + m[0].length);
    }
  }
  return { text: out, from, to };
}

/**
 * Whether any word of `text` could match: every match contains a stem or prefix as a substring, so a text
 * without one needs no tokenizing. Cheap enough to try on every section of every hit.
 */
export function mightMatch(text: string, terms: HighlightTerms): boolean {
  const lower = folded(text).text;
  for (const s of terms.stems) if (lower.includes(s)) return true;
  return terms.prefixes.some((p) => lower.includes(p));
}

/** Words of the text with their positions in the original text, each marked when it matches. */
function tokens(text: string, terms: HighlightTerms): Token[] {
  const result: Token[] = [];
  const { text: lower, from, to } = folded(text);
  for (const m of lower.matchAll(/[\p{L}\p{N}]+/gu)) {
    const word = unmix(m[0]);
    const s = STOP_WORDS.has(word) ? undefined : stem(word);
    const match =
      s !== undefined && (terms.stems.has(s) || terms.prefixes.some((p) => s.startsWith(p) || word.startsWith(p)));
    const end = m.index + m[0].length;
    result.push({ start: from ? from[m.index]! : m.index, end: to ? to[end - 1]! : end, match });
  }
  return result;
}

function render(text: string, list: Token[], from: number, to: number): string {
  let html = '';
  let cursor = from;
  for (const t of list) {
    // `t.start < cursor`: two words folded out of one character share its span; it is marked once.
    if (!t.match || t.start < cursor || t.end > to) continue;
    html += escapeHtml(text.slice(cursor, t.start)) + '<mark>' + escapeHtml(text.slice(t.start, t.end)) + '</mark>';
    cursor = t.end;
  }
  return html + escapeHtml(text.slice(cursor, to));
}

/** The whole text, escaped, with matches marked. */
export function highlight(text: string, terms: HighlightTerms): string {
  return render(text, tokens(text, terms), 0, text.length);
}

/** About `length` characters around the densest run of matches, escaped, with matches marked. */
export function snippet(text: string, terms: HighlightTerms, length = 240): string {
  if (text.length <= length) return highlight(text, terms);
  const list = tokens(text, terms);
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
  // Cut on word boundaries so no word is shown half.
  if (from > 0) from = list.find((t) => t.start >= from)?.start ?? from;
  if (to < text.length) to = [...list].reverse().find((t) => t.end <= to)?.end ?? to;
  return (from > 0 ? '… ' : '') + render(text, list, from, to) + (to < text.length ? ' …' : '');
}
