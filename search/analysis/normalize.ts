/** The first steps of Russian analysis, shared by indexing and querying in both engines. */

/** NFC, lower case, ё→е: «Ёлочка» and «елочка» are one word to a reader. */
export function normalize(text: string): string {
  return text.normalize('NFC').toLowerCase().replaceAll('ё', 'е');
}

const WORD = /[\p{L}\p{N}]+/gu;

/** Words of already normalised text; hyphenated words split into their parts («лего-конструирование»). */
export function words(normalized: string): string[] {
  return normalized.match(WORD) ?? [];
}

/** Markdown to plain text for indexing and snippets: keeps the words, drops the markup. */
export function stripMarkdown(markdown: string): string {
  return markdown
    .replace(/```[\s\S]*?```/g, ' ')
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/^\s{0,3}(#{1,6}|>|[-*+]|\d+[.)])\s+/gm, '')
    .replace(/[*_~`]+/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}
