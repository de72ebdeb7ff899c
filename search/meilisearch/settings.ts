/** The index settings the bank needs, applied idempotently at start. */
import type { Settings } from 'meilisearch';
import type { SynonymIndex } from '../analysis/synonyms.js';
import type { FacetFields } from '../port.js';

export const INDEX_UID = 'practices';

/**
 * Text fields hold Russian stems (Meilisearch does not stem Russian), searched in order of weight; facets are
 * filterable; ties in relevance go to the newer practice.
 */
export function indexSettings(synonyms: SynonymIndex, fields: FacetFields): Settings {
  return {
    searchableAttributes: ['title', 'terms', 'summary', 'body'],
    displayedAttributes: ['id'],
    filterableAttributes: fields.map((f) => f.name),
    sortableAttributes: ['publishedAt', 'views', 'id'],
    rankingRules: ['words', 'typo', 'proximity', 'attribute', 'sort', 'exactness', 'publishedAt:desc'],
    synonyms: synonyms.toMap(),
    stopWords: [],
    typoTolerance: { enabled: true, minWordSizeForTypos: { oneTypo: 5, twoTypos: 9 } },
    faceting: { maxValuesPerFacet: 500, sortFacetValuesBy: { '*': 'count' } },
    pagination: { maxTotalHits: 1_000_000 },
  };
}

/** Whether the server's settings already say what we need (ignoring how Meilisearch orders lists it keeps as sets). */
export function settingsDiffer(wanted: Settings, current: Settings): boolean {
  const normalise = (s: Settings) =>
    JSON.stringify(
      Object.keys(wanted)
        .sort()
        .map((key) => {
          const value = (s as Record<string, unknown>)[key];
          const setLike = key === 'filterableAttributes' || key === 'sortableAttributes' || key === 'stopWords';
          return [key, setLike && Array.isArray(value) ? [...value].map(String).sort() : sortKeys(value)];
        }),
    );
  return normalise(wanted) !== normalise(current);
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => [k, sortKeys(v)]),
    );
  }
  return value;
}
