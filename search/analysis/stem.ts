import { stemmer } from '@orama/stemmers/russian';

const cache = new Map<string, string>();
const CACHE_LIMIT = 200_000;

/** The Snowball Russian stem of a normalised word; other scripts and numbers pass unchanged. */
export function stem(word: string): string {
  if (!/[а-я]/.test(word)) return word;
  let result = cache.get(word);
  if (result === undefined) {
    result = stemmer(word);
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(word, result);
  }
  return result;
}
