/**
 * Highlighted snippets as safe HTML: the text is escaped and the words matching the query are wrapped in <mark>.
 * Done here rather than by an engine, so both engines highlight the original words the same way.
 */
import { LRUCache } from 'lru-cache';
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
  /** `searchedText`'s, once asked for. */
  searched?: string;
}

/**
 * Characters whose folding changes the text's length: combining marks (stress marks are dropped, NFC composes),
 * «İ» (U+0130, lower-cased to two units) and Hangul jamo (composed by NFC).
 */
const LENGTH_CHANGING = /[\p{M}\u0130\u1100-\u11ff]/u;

/** A base character with its combining marks: the unit that folds together. */
const CLUSTER = /\P{M}\p{M}*|\p{M}+/gsu;

/**
 * Characters outside Latin, Cyrillic and common punctuation: only a text holding one can hold a `LENGTH_CHANGING`
 * character (a test of this simple class is ten times cheaper than of `\p{M}`, and a snippet folds whole texts).
 */
const BEYOND_PLAIN = /[^\t\n\r\u0020-\u012f\u0131-\u02ff\u0400-\u0482\u048a-\u04ff\u2000-\u20cf\u2100-\u218f]/;

/**
 * Folded texts kept: a page folds the title, summary and sections of each of its hits, and the same practices come
 * back on many pages. Keyed by the text itself; a few pages' worth of practices.
 */
const folds = new LRUCache<string, Folded>({ max: 4_000 });

/** Folded once for the whole text (or taken from the kept ones), with a map to the original positions if moved. */
function folded(text: string): Folded {
  let fold = folds.get(text);
  if (fold === undefined) folds.set(text, (fold = foldText(text)));
  return fold;
}

function foldText(text: string): Folded {
  if (!BEYOND_PLAIN.test(text) || !LENGTH_CHANGING.test(text)) return { text: normalize(text) };
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
 * Whether any word of `text` could match: every matching word holds a needle of the terms (`needlesOf`), so a text
 * without one needs no snippet. Cheap enough to try on every section of every hit.
 */
export function mightMatch(text: string, terms: HighlightTerms): boolean {
  const needles = needlesOf(terms);
  if (!needles) return true;
  const searched = searchedText(folded(text));
  return needles.some((needle) => searched.includes(needle));
}

const WORD = /[\p{L}\p{N}]+/gu;
const WORD_CHAR = /[\p{L}\p{N}]/u;

const isHigh = (unit: number) => unit >= 0xd800 && unit <= 0xdbff;
const isLow = (unit: number) => unit >= 0xdc00 && unit <= 0xdfff;

/** How many UTF-16 units the character starting at `i` takes (a surrogate pair is one character). */
const widthAfter = (text: string, i: number) => (isHigh(text.charCodeAt(i)) && isLow(text.charCodeAt(i + 1)) ? 2 : 1);
/** How many UTF-16 units the character ending at `i` takes. */
const widthBefore = (text: string, i: number) =>
  i >= 2 && isLow(text.charCodeAt(i - 1)) && isHigh(text.charCodeAt(i - 2)) ? 2 : 1;

/** Whether `i` falls between the two halves of a surrogate pair: no word starts or ends there. */
const splitsPair = (text: string, i: number) => isLow(text.charCodeAt(i)) && isHigh(text.charCodeAt(i - 1));

/** Whether the character starting at `i` is part of a word, as `WORD` reads it. */
const wordAfter = (text: string, i: number) =>
  i < text.length && WORD_CHAR.test(text.slice(i, i + widthAfter(text, i)));

/** Whether the character ending at `i` is part of a word. */
const wordBefore = (text: string, i: number) => i > 0 && WORD_CHAR.test(text.slice(i - widthBefore(text, i), i));

/** Whether a word of the folded text matches: its stem is searched for, or it starts with a typed prefix. */
function matches(folded: string, terms: HighlightTerms): boolean {
  const word = unmix(folded);
  if (STOP_WORDS.has(word)) return false;
  const s = stem(word);
  return terms.stems.has(s) || terms.prefixes.some((p) => s.startsWith(p) || word.startsWith(p));
}

/** Every word of the text with its positions in the original text, each marked when it matches. */
function tokens(text: string, terms: HighlightTerms, fold: Folded = folded(text)): Token[] {
  const result: Token[] = [];
  const { text: lower, from, to } = fold;
  for (const m of lower.matchAll(WORD)) {
    const end = m.index + m[0].length;
    result.push({ start: from ? from[m.index]! : m.index, end: to ? to[end - 1]! : end, match: matches(m[0], terms) });
  }
  return result;
}

/**
 * What to look for in the folded text to find every word that could match: the stems and prefixes without their
 * last letter, since a word begins with its stem but for that letter (Snowball only cuts endings; «лицеям» → the
 * override «лицей»). Undefined when a term leaves nothing to look for.
 */
function needlesOf(terms: HighlightTerms): string[] | undefined {
  const needles = new Set<string>();
  for (const term of [...terms.stems, ...terms.prefixes]) {
    const needle = term.length > 1 ? term.slice(0, -1) : term;
    if (needle === '') return undefined;
    needles.add(needle);
  }
  return [...needles];
}

/** The folded text with words mixing scripts read as Cyrillic (`unmix`, letter for letter), where stems are sought. */
function searchedText(fold: Folded): string {
  fold.searched ??= /[a-z]/.test(fold.text) ? fold.text.replace(WORD, unmix) : fold.text;
  return fold.searched;
}

/**
 * The matching words only, found from where the stems and prefixes occur instead of stemming every word: a hit's
 * texts are mostly words that do not match. The same words `tokens` marks, in order.
 */
function matchingTokens(text: string, terms: HighlightTerms, fold: Folded): Token[] {
  const needles = needlesOf(terms);
  if (!needles) return tokens(text, terms, fold).filter((t) => t.match);
  const { text: lower, from, to } = fold;
  const searched = searchedText(fold);
  const starts = new Map<number, number>();
  for (const needle of needles) {
    for (let at = searched.indexOf(needle); at !== -1; at = searched.indexOf(needle, at + 1)) {
      let start = at;
      while (wordBefore(lower, start)) start -= widthBefore(lower, start);
      if (starts.has(start)) continue;
      let end = at;
      while (wordAfter(lower, end)) end += widthAfter(lower, end);
      starts.set(start, end);
    }
  }
  const result: Token[] = [];
  for (const [start, end] of [...starts].sort((a, b) => a[0] - b[0])) {
    if (end > start && matches(lower.slice(start, end), terms))
      result.push({ start: from ? from[start]! : start, end: to ? to[end - 1]! : end, match: true });
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
  return render(text, matchingTokens(text, terms, folded(text)), 0, text.length);
}

/** About `length` characters around the densest run of matches, escaped, with matches marked. */
export function snippet(text: string, terms: HighlightTerms, length = 240): string {
  if (text.length <= length) return highlight(text, terms);
  const fold = folded(text);
  // Where folding moved positions (rare), every word is listed to find the cut's word boundaries.
  const list = fold.from ? tokens(text, terms, fold) : undefined;
  const matches = list ? list.filter((t) => t.match) : matchingTokens(text, terms, fold);
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
  if (from > 0) from = (list ? list.find((t) => t.start >= from)?.start : wordStartFrom(fold.text, from)) ?? from;
  if (to < text.length) to = (list ? list.findLast((t) => t.end <= to)?.end : wordEndUpTo(fold.text, to)) ?? to;
  return (from > 0 ? '… ' : '') + render(text, matches, from, to) + (to < text.length ? ' …' : '');
}

/** Where the first word starting at `at` or later starts, if any. */
function wordStartFrom(text: string, at: number): number | undefined {
  let i = splitsPair(text, at) ? at + 1 : at;
  if (wordBefore(text, i)) while (wordAfter(text, i)) i += widthAfter(text, i);
  while (i < text.length && !wordAfter(text, i)) i += widthAfter(text, i);
  return i < text.length ? i : undefined;
}

/** Where the last word ending at `at` or earlier ends, if any. */
function wordEndUpTo(text: string, at: number): number | undefined {
  let i = splitsPair(text, at) ? at - 1 : at;
  if (wordAfter(text, i)) while (wordBefore(text, i)) i -= widthBefore(text, i);
  while (i > 0 && !wordBefore(text, i)) i -= widthBefore(text, i);
  return i > 0 ? i : undefined;
}
