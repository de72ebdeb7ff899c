/**
 * What the shared reranking of expanded queries (search/analysis/rerank.ts) and pseudo-relevance feedback ask an
 * engine, as Meilisearch multi-search queries: which of a few ids hold an alternative, and how many practices hold a
 * stem. A `near` alternative is asked as its stems, every one required (Meilisearch has no NEAR; its proximity rule
 * already ranks close words first).
 */
import type { MultiSearchQuery, MultiSearchResult } from 'meilisearch';
import type { Alternative } from '../analysis/query.js';

/** The alternative as a query; the trailing space tells Meilisearch the last word is complete (no prefix). */
const exact = (alt: Alternative) =>
  `${alt.stems.length > 1 && !alt.near ? `"${alt.stems.join(' ')}"` : alt.stems.join(' ')}${alt.prefix ? '' : ' '}`;

/** One query per alternative of every set, in order, each limited to `ids`. */
export function holderQueries(
  sets: readonly (readonly Alternative[])[],
  ids: readonly number[],
  indexUid: string,
): MultiSearchQuery[] {
  const filter = `id IN [${ids.map((id) => Math.trunc(id)).join(', ')}]`;
  return sets.flatMap((alternatives) =>
    alternatives.map((alt) => ({
      indexUid,
      q: exact(alt),
      matchingStrategy: 'all' as const,
      filter,
      page: 1,
      hitsPerPage: ids.length,
      attributesToRetrieve: ['id'],
    })),
  );
}

/** The ids holding each set, from the answers to `holderQueries` (in their order). */
export function holdersFromResults(
  sets: readonly (readonly Alternative[])[],
  results: readonly MultiSearchResult<object>[],
): Set<number>[] {
  let at = 0;
  return sets.map((alternatives) => {
    const found = new Set<number>();
    for (let i = 0; i < alternatives.length; i += 1, at += 1)
      for (const hit of results[at]?.hits ?? []) found.add(Number((hit as { id: unknown }).id));
    return found;
  });
}

/** The bank's size, then one count per stem. */
export function termDocQueries(stems: readonly string[], indexUid: string): MultiSearchQuery[] {
  const count = (q: string): MultiSearchQuery => ({ indexUid, q, matchingStrategy: 'all', page: 1, hitsPerPage: 0 });
  return [count(''), ...stems.map((stem) => count(`${stem} `))];
}
