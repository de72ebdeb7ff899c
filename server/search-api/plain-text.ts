/**
 * Plain text of Markdown, kept for the texts searches read again and again: the snippets of a page's hits and the
 * documents a long question's feedback reads. Markdown's lexer took a third of a page's snippets, and a bank's
 * popular practices are on many pages. Keyed by the text itself, so an edited practice is never shown with its
 * old words.
 */
import { LRUCache } from 'lru-cache';
import { stripMarkdown } from '../../search/analysis/normalize.js';

/** A few pages' worth of practices, each with its summary and five sections. */
const TEXTS_KEPT = 4_000;

const kept = new LRUCache<string, string>({ max: TEXTS_KEPT });

/** `stripMarkdown(markdown)`, from the kept texts when it was read recently. */
export function plainText(markdown: string): string {
  let text = kept.get(markdown);
  if (text === undefined) kept.set(markdown, (text = stripMarkdown(markdown)));
  return text;
}
