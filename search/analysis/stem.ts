import { stemmer } from '@orama/stemmers/russian';

const cache = new Map<string, string>();
const CACHE_LIMIT = 200_000;

/**
 * Words this short are mostly abbreviations (ДОУ, ОВЗ, ЕГЭ, РАС); Snowball would cut «доу» and «доо» to «до»,
 * merging them with everything that starts with «до».
 */
const SHORTEST_STEMMED = 4;

/** The Snowball Russian stem of a normalised word; short words, other scripts and numbers pass unchanged. */
export function stem(word: string): string {
  if (word.length < SHORTEST_STEMMED || !/[а-я]/.test(word)) return word;
  let result = cache.get(word);
  if (result === undefined) {
    result = stemmer(word);
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(word, result);
  }
  return result;
}
