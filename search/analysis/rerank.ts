/**
 * The final order of the first matches of a long question with pseudo-relevance feedback (feedback.ts): the engines
 * rank by their own relevance (bm25, Meilisearch's rules); here the first POOL matches are ordered again by that
 * order plus what each holds of the feedback terms. `heldShares` tells how much of the question a match holds (typed
 * words fully, a thesaurus concept at EXPANSION_WEIGHT.situation): only matches that hold most of it give feedback.
 * The match set, the total and the facets stay the engine's: only the order of the top changes.
 */
import type { Alternative, QueryPlan } from './query.js';
import { carriedShare, EXPANSION_WEIGHT, heldWeights } from './relax.js';

/** How many of the engine's first matches are ordered again: the first pages people read, cheap to check. */
export const RERANK_POOL = 30;

/**
 * How much the engine's own order adds, from 1 for its first match down to 0 for the last of the pool: feedback terms
 * (at most EXPANSION_WEIGHT.feedback) move a practice a few places, not pages.
 */
const ENGINE_ORDER_WEIGHT = 1;

/** A term of the best first matches, added to a long query (pseudo-relevance feedback), with its weight. */
export interface FeedbackTerm {
  stem: string;
  weight: number;
}

/** What reranking reads: which of the pooled practices hold each alternative set asked by `evidenceSets`. */
export interface Evidence {
  /** Each group's informative weight (relax.ts groupWeights). */
  weights: readonly number[];
  /** For each set of `evidenceSets(plan, feedback)`, in its order, the pooled ids holding any of its alternatives. */
  holders: readonly ReadonlySet<number>[];
}

/** Kinds of alternatives a group can be held by: typed (undefined), then each expansion kind it has. */
function kindsOf(plan: QueryPlan): Alternative['expansion'][][] {
  return plan.groups.map((group) => [
    undefined,
    ...new Set(group.alternatives.flatMap((a) => (a.expansion ? [a.expansion] : []))),
  ]);
}

/**
 * The alternative sets whose holders reranking needs, in a fixed order: per group, its typed alternatives and
 * those of each expansion kind; then one set per feedback term.
 */
export function evidenceSets(plan: QueryPlan, feedback: readonly FeedbackTerm[] = []): Alternative[][] {
  const sets: Alternative[][] = [];
  kindsOf(plan).forEach((kinds, g) => {
    for (const kind of kinds) sets.push(plan.groups[g]!.alternatives.filter((a) => a.expansion === kind));
  });
  for (const term of feedback) sets.push([{ stems: [term.stem], prefix: false, expansion: 'feedback' }]);
  return sets;
}

/** The share of the query's informative weight each of `ids` holds (typed words fully, expansions less). */
export function heldShares(plan: QueryPlan, ids: readonly number[], evidence: Evidence): number[] {
  const kinds = kindsOf(plan);
  const offsets = offsetsOf(kinds);
  return ids.map((id) =>
    carriedShare(
      evidence.weights,
      heldWeights(plan, (g, kind) => {
        const index = kinds[g]!.indexOf(kind);
        return index >= 0 && (evidence.holders[offsets[g]! + index]?.has(id) ?? false);
      }),
    ),
  );
}

/** Where each group's sets start in `evidenceSets`. */
function offsetsOf(kinds: Alternative['expansion'][][]): number[] {
  const offsets: number[] = [];
  let at = 0;
  for (const k of kinds) {
    offsets.push(at);
    at += k.length;
  }
  return offsets;
}

/** `ids` (the engine's order) ordered again by what each holds of the feedback terms; see the file's note. */
export function rerank(
  plan: QueryPlan,
  ids: readonly number[],
  evidence: Evidence,
  feedback: readonly FeedbackTerm[] = [],
): number[] {
  const feedbackFrom = kindsOf(plan).reduce((sum, k) => sum + k.length, 0);
  const feedbackTotal = feedback.reduce((sum, t) => sum + t.weight, 0);
  const score = (id: number, position: number) => {
    const fromFeedback =
      feedbackTotal === 0
        ? 0
        : feedback.reduce((sum, t, i) => sum + (evidence.holders[feedbackFrom + i]?.has(id) ? t.weight : 0), 0) /
          feedbackTotal;
    const engineOrder = ids.length > 1 ? 1 - position / (ids.length - 1) : 1;
    return ENGINE_ORDER_WEIGHT * engineOrder + EXPANSION_WEIGHT.feedback * fromFeedback;
  };
  return ids
    .map((id, position) => ({ id, position, score: score(id, position) }))
    .sort((a, b) => b.score - a.score || a.position - b.position)
    .map((s) => s.id);
}
