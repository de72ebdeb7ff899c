/** The index settings the bank needs, applied idempotently at start. */
import { isDeepStrictEqual } from 'node:util';
import type { Settings } from 'meilisearch';
import type { SituationIndex } from '../analysis/situations.js';
import type { SynonymIndex } from '../analysis/synonyms.js';
import type { FacetFields } from '../port.js';

export const INDEX_UID = 'practices';

/**
 * Text fields hold Russian stems (Meilisearch does not stem Russian), searched in order of weight; facets are
 * filterable; ties in relevance go to the newer practice.
 */
export function indexSettings(synonyms: SynonymIndex, fields: FacetFields, situations?: SituationIndex): Settings {
  return {
    // The order is the weight (see search/document.ts); a query naming an organisation is ranked by names first.
    searchableAttributes: ['title', 'terms', 'summary', 'names', 'body'],
    displayedAttributes: ['id'],
    // `id` too: deciding whether to widen a query asks which of its best matches hold each word (meilisearch/relax.ts).
    filterableAttributes: [...fields.map((f) => f.name), 'id'],
    sortableAttributes: ['publishedAt', 'views', 'adoptions', 'id'],
    rankingRules: ['words', 'typo', 'proximity', 'attribute', 'sort', 'exactness', 'publishedAt:desc'],
    synonyms: withSituations(synonyms.toMap(), situations?.toMap() ?? {}),
    stopWords: [],
    typoTolerance: { enabled: true, minWordSizeForTypos: { oneTypo: 5, twoTypos: 9 } },
    faceting: { maxValuesPerFacet: 500, sortFacetValuesBy: { '*': 'count' } },
    pagination: { maxTotalHits: 1_000_000 },
  };
}

/**
 * Synonyms (both ways, as SynonymIndex lists every member) and the thesaurus's phrases (one way: a phrase gains its
 * concepts, a concept gains nothing) in the one setting Meilisearch has for both.
 */
export function withSituations(
  synonyms: Record<string, string[]>,
  situations: Record<string, string[]>,
): Record<string, string[]> {
  const merged = { ...synonyms };
  for (const [phrase, concepts] of Object.entries(situations))
    merged[phrase] = [...new Set([...(merged[phrase] ?? []), ...concepts])].filter((c) => c !== phrase);
  return merged;
}

/** Lists Meilisearch keeps as sets: it may return them in another order. */
const SET_LIKE = new Set(['filterableAttributes', 'sortableAttributes', 'stopWords']);

/** Whether the server's settings differ from what we need (in the keys we set; set-like lists in any order). */
export function settingsDiffer(wanted: Settings, current: Settings): boolean {
  return Object.keys(wanted).some((key) => {
    const normalise = (value: unknown) =>
      SET_LIKE.has(key) && Array.isArray(value) ? value.map(String).sort() : value;
    const pick = (s: Settings) => normalise((s as Record<string, unknown>)[key]);
    return !isDeepStrictEqual(pick(wanted), pick(current));
  });
}
