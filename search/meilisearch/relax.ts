/**
 * The relax rule of search/analysis/relax.ts as Meilisearch can apply it: document frequencies and which of the best
 * widened matches hold each group come from one multi-search (no term dictionary is exposed), asked only when the
 * query found fewer than RELAX_BELOW practices with every word. Meilisearch applies synonyms and the thesaurus's
 * one-way concepts itself, so a group counts as held through them at full weight.
 */
import type { MultiSearchQuery, MultiSearchResult } from 'meilisearch';
import { analyze } from '../analysis/analyze.js';
import type { QueryPlan } from '../analysis/query.js';
import { mayRelax, rarity } from '../analysis/relax.js';

/** A group's words as Meilisearch is asked them: their stems, every one required. */
const groupQuery = (words: string[]) => analyze(words.join(' ')).join(' ');

/**
 * The queries that decide: the bank's size, then per group how many practices hold it, then per group which of
 * `candidates` (the widened query's best ids) hold it.
 */
export function relaxQueries(plan: QueryPlan, indexUid: string, candidates: number[]): MultiSearchQuery[] {
  const count = (q: string, filter?: string): MultiSearchQuery => ({
    indexUid,
    q,
    matchingStrategy: 'all',
    page: 1,
    hitsPerPage: filter ? candidates.length : 0,
    ...(filter ? { filter, attributesToRetrieve: ['id'] } : {}),
  });
  const among = `id IN [${candidates.map((id) => Math.trunc(id)).join(', ')}]`;
  return [
    count(''),
    ...plan.groups.map((g) => count(groupQuery(g.words))),
    ...plan.groups.map((g) => count(groupQuery(g.words), among)),
  ];
}

/** Whether the widened query may stand, from the answers to `relaxQueries` (in their order). */
export function relaxFromResults(plan: QueryPlan, candidates: number[], results: MultiSearchResult<object>[]): boolean {
  const n = plan.groups.length;
  const total = results[0]?.totalHits ?? 0;
  const weights = plan.groups.map((_, g) => rarity(results[1 + g]?.totalHits ?? 0, total));
  const holders = plan.groups.map(
    (_, g) => new Set((results[1 + n + g]?.hits ?? []).map((h) => Number((h as { id: unknown }).id))),
  );
  const held = candidates.map((id) => holders.map((set) => (set.has(id) ? 1 : 0)));
  return mayRelax(weights, held);
}
