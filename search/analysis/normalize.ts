/** The first steps of Russian analysis, shared by indexing and querying in both engines. */

const LATIN_LOOKALIKES: Record<string, string> = {
  a: 'а',
  c: 'с',
  e: 'е',
  o: 'о',
  p: 'р',
  x: 'х',
  y: 'у',
  k: 'к',
  m: 'м',
  t: 'т',
  h: 'н',
  b: 'в',
};

/**
 * NFC, lower case, ё→е, no stress marks: «Ёлочка», «елочка» and «ёло́чка» are one word to a reader. Same length
 * as the input, except for removed stress marks (highlighting relies on positions staying put otherwise).
 */
export function normalize(text: string): string {
  return text
    .normalize('NFC')
    .toLowerCase()
    .replaceAll('ё', 'е')
    .replace(/[\u0300\u0301]/g, '');
}

/**
 * A word mixing Cyrillic with Latin look-alikes («рeчь» with a Latin e) is read as Cyrillic; a Latin word
 * (lego, stem) stays as it is.
 */
export function unmix(word: string): string {
  if (!/[a-z]/.test(word) || !/[а-я]/.test(word)) return word;
  return word.replace(/[aceopxykmthb]/g, (c) => LATIN_LOOKALIKES[c]!);
}

const WORD = /[\p{L}\p{N}]+/gu;

/** Words of already normalised text; hyphenated words split into their parts («лего-конструирование»). */
export function words(normalized: string): string[] {
  return (normalized.match(WORD) ?? []).map(unmix);
}

/** Markdown to plain text for indexing and snippets: keeps the words, drops the markup. */
export function stripMarkdown(markdown: string): string {
  return markdown
    .replace(/```[\s\S]*?```/g, ' ')
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/^\s{0,3}(#{1,6}|>|[-*+]|\d+[.)])\s+/gm, '')
    .replace(/^\s*\|?[\s:|-]*-{3,}[\s:|-]*$/gm, ' ') // table rules
    .replace(/\|/g, ' ') // table cells
    .replace(/[*_~`]+/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}
