/** The first steps of Russian analysis, shared by indexing and querying in both engines. */

import { Lexer, type Token, type Tokens } from 'marked';

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

const PLAIN_LINE = /^\p{L}[\p{L}\p{N} ,.;?()«»"'№%/—–-]*$/u;

/** Markdown to plain text for indexing and snippets: keeps the words, drops the markup and code blocks. */
export function stripMarkdown(markdown: string): string {
  // One line from a letter, of letters, digits, spaces and plain punctuation starts no Markdown construct: it is
  // its own text, and an import indexes thousands of such annotations a second.
  if (markdown === '') return '';
  if (PLAIN_LINE.test(markdown)) return markdown.replace(/ +/g, ' ').trim();
  return blocksText(Lexer.lex(markdown, { gfm: true }))
    .replace(/\s+/g, ' ')
    .trim();
}

/** Blocks are separate words: a heading's last word and the next paragraph's first do not run together. */
function blocksText(tokens: Token[]): string {
  return tokens.map(blockText).join(' ');
}

function blockText(token: Token): string {
  switch (token.type) {
    case 'code':
    case 'html':
    case 'space':
    case 'hr':
    case 'def':
      return '';
    case 'blockquote':
      return blocksText(token.tokens ?? []);
    case 'list':
      return (token as Tokens.List).items.map((item) => blocksText(item.tokens)).join(' ');
    case 'table': {
      const table = token as Tokens.Table;
      return [table.header, ...table.rows]
        .flat()
        .map((cell) => inlineText(cell.tokens))
        .join(' ');
    }
    default:
      return 'tokens' in token && token.tokens ? inlineText(token.tokens) : 'text' in token ? String(token.text) : '';
  }
}

/** Inline markup joins without spaces: `С**о**лнце` is one word. */
function inlineText(tokens: Token[]): string {
  return tokens
    .map((token) => {
      if (token.type === 'br') return ' ';
      return 'tokens' in token && token.tokens ? inlineText(token.tokens) : 'text' in token ? String(token.text) : '';
    })
    .join('');
}
