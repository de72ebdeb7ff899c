/**
 * Russian analysis shared by both engines: NFC, lower case, ё→е, words, stop words out, Snowball stems.
 * Both engines index and query these stems, so they find the same practices.
 */
import { normalize, words } from './normalize.js';
import { stem } from './stem.js';
import { STOP_WORDS } from './stopwords.js';

/** The stems of a text, stop words removed, in order. */
export function analyze(text: string): string[] {
  const result: string[] = [];
  for (const word of words(normalize(text))) {
    if (!STOP_WORDS.has(word)) result.push(stem(word));
  }
  return result;
}

/** The text as the index stores it: stems separated by spaces. */
export function analyzeToText(text: string): string {
  return analyze(text).join(' ');
}

/** A word's stem, or undefined for a stop word. */
export function stemOf(word: string): string | undefined {
  const normalized = normalize(word);
  return STOP_WORDS.has(normalized) ? undefined : stem(normalized);
}
