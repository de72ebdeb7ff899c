import { stemmer } from '@orama/stemmers/russian';

const cache = new Map<string, string>();
const CACHE_LIMIT = 200_000;

/**
 * Words this short are mostly abbreviations (ДОУ, ОВЗ, ЕГЭ, РАС); Snowball would cut «доу» and «доо» to «до»,
 * merging them with everything that starts with «до».
 */
const SHORTEST_STEMMED = 4;

/**
 * Words Snowball cuts to another word's stem, given their own (as a stemmer-override dictionary does in Lucene):
 * «лицей» and «лица» both become «лиц», so «от лица» found the lyceums and «Лицей № 3» the stories told «от лица».
 */
const OVERRIDES: ReadonlyMap<string, string> = new Map(
  ['лицей', 'лицея', 'лицею', 'лицеем', 'лицее', 'лицеи', 'лицеев', 'лицеям', 'лицеями', 'лицеях'].map((w) => [
    w,
    'лицей',
  ]),
);

/** The Snowball Russian stem of a normalised word; short words, other scripts and numbers pass unchanged. */
export function stem(word: string): string {
  if (word.length < SHORTEST_STEMMED || !/[а-я]/.test(word)) return word;
  const fixed = OVERRIDES.get(word);
  if (fixed !== undefined) return fixed;
  let result = cache.get(word);
  if (result === undefined) {
    result = stemmer(word);
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(word, result);
  }
  return result;
}
