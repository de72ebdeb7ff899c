/**
 * The shared last step of a relevance search for a long question: pseudo-relevance feedback. Both engines answer the
 * same questions for it (`holders`, `termDocs`), so both order their first matches by the same rule
 * (search/analysis/rerank.ts, feedback.ts).
 */
import { analyseDocument } from '../../search/document.js';
import { FEEDBACK_DOCS, feedbackCandidates, feedbackTerms, wantsFeedback } from '../../search/analysis/feedback.js';
import type { QueryPlan } from '../../search/analysis/query.js';
import { groupWeights, RELAX_SHARE } from '../../search/analysis/relax.js';
import {
  evidenceSets,
  heldShares,
  rerank,
  RERANK_POOL,
  type Evidence,
  type FeedbackTerm,
} from '../../search/analysis/rerank.js';
import type { SearchDocument, SearchEngine } from '../../search/port.js';

/** Whether a relevance search of `plan` starting at `offset` is ordered again here: it is, when its top is shown. */
export function reordered(plan: QueryPlan, offset: number): boolean {
  return offset < RERANK_POOL && wantsFeedback(plan);
}

/** How many of the engine's first ids a page from `offset` of `limit` needs when it is reordered. */
export const poolFor = (offset: number, limit: number) => Math.max(RERANK_POOL, offset + limit);

/**
 * The engine's ranking `ids` with its first RERANK_POOL reordered for a long question: feedback terms from those of
 * the best FEEDBACK_DOCS that hold most of it, then the pooled practices after them by what they hold of the terms.
 */
export async function reorder(
  engine: Pick<SearchEngine, 'holders' | 'termDocs'>,
  plan: QueryPlan,
  ids: readonly number[],
  documentOf?: (id: number) => SearchDocument | undefined,
): Promise<{ ids: number[]; feedback: FeedbackTerm[] }> {
  const pool = ids.slice(0, RERANK_POOL);
  const rest = ids.slice(RERANK_POOL);
  if (pool.length === 0) return { ids: [...ids], feedback: [] };
  const weights = await weightsOf(engine, plan);
  const first = pool;
  if (!wantsFeedback(plan) || !documentOf) return { ids: [...first, ...rest], feedback: [] };
  const firstEvidence = await evidence(engine, plan, pool, weights, []);
  // Only matches that hold most of what was asked (the relax rule's share) speak for the question.
  const shares = heldShares(plan, first, firstEvidence);
  const speaking = first.slice(0, FEEDBACK_DOCS).filter((_, i) => shares[i]! >= RELAX_SHARE);
  const docs = speaking.flatMap((id) => {
    const doc = documentOf(id);
    return doc ? [analyseDocument(doc)] : [];
  });
  const candidates = feedbackCandidates(plan, docs);
  const counts = await engine.termDocs([...candidates.keys()]);
  const feedback = feedbackTerms(candidates, counts.docs, counts.total);
  if (feedback.length === 0) return { ids: [...first, ...rest], feedback };
  // The matches the terms came from keep their places; the terms reorder the matches after them.
  const kept = first.slice(0, FEEDBACK_DOCS);
  const after = first.slice(FEEDBACK_DOCS);
  const ordered = [...kept, ...rerank(plan, after, await evidence(engine, plan, after, weights, feedback), feedback)];
  return { ids: [...ordered, ...rest], feedback };
}

/** Each group's informative weight, from the engine's counts of the typed stems. */
async function weightsOf(engine: Pick<SearchEngine, 'termDocs'>, plan: QueryPlan): Promise<number[]> {
  const stems = [...new Set(plan.groups.flatMap((g) => g.alternatives.flatMap((a) => (a.expansion ? [] : a.stems))))];
  const { total, docs } = await engine.termDocs(stems);
  const byStem = new Map(stems.map((s, i) => [s, docs[i] ?? 0]));
  return groupWeights(plan, (stem) => byStem.get(stem) ?? 0, total);
}

async function evidence(
  engine: Pick<SearchEngine, 'holders'>,
  plan: QueryPlan,
  ids: readonly number[],
  weights: number[],
  feedback: FeedbackTerm[],
): Promise<Evidence> {
  return { weights, holders: await engine.holders(evidenceSets(plan, feedback), ids) };
}
