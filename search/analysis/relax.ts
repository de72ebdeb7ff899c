/**
 * When a query of several words may be widened to practices holding only some of them. Both engines apply this one
 * rule: each group of the query weighs by how rare its typed words are in the bank (BM25's idf, from the engine's
 * own document frequencies), and the query is widened only if one of the best widened matches holds most of that
 * weight. «расписание электричек до Вязьмы» shares «Вязьма» with a practice or two, but the rest of its weight lies
 * in words no practice holds: the bank answers that it found nothing rather than list practices about something else.
 */
import type { Alternative, QueryPlan, TermGroup } from './query.js';

/** The share of the query's informative weight a widened match must hold for the query to be widened. */
export const RELAX_SHARE = 0.6;

/** How much a group weighs when a practice holds it only through an expansion, against the words typed. */
export const EXPANSION_WEIGHT: Record<NonNullable<Alternative['expansion']>, number> = {
  // The thesaurus translates what was typed: a little below the typed words, well above a guess.
  situation: 0.9,
  feedback: 0.3,
  // A guess at a mistyped word: «стиральной» read as «стальной» must not carry the query.
  correction: 0.5,
};

/** How many of the best widened matches are read to decide. */
export const RELAX_CANDIDATES = 5;

/** A term's informative weight: BM25's idf of a term `docs` of `total` practices hold (0 docs weighs most). */
export function rarity(docs: number, total: number): number {
  const n = Math.max(total, docs);
  return Math.log(1 + (n - docs + 0.5) / (docs + 0.5));
}

/**
 * How many practices hold a group's typed words (an upper bound for a phrase: its rarest word's count), given the
 * engine's count of one term. Expansions do not count: a group weighs by what was typed.
 */
export function groupDocs(group: TermGroup, docs: (stem: string) => number): number {
  let most = 0;
  for (const alt of group.alternatives) {
    if (alt.expansion) continue;
    const count = Math.min(...alt.stems.map(docs));
    most = Math.max(most, count);
  }
  return most;
}

/**
 * How much of each group one practice holds: 1 for a typed word (or its synonym or correction), EXPANSION_WEIGHT
 * for a group held only through an expansion, 0 for none. `holds` answers for one alternative kind of a group:
 * the typed alternatives, or the expansions of one kind.
 */
export function heldWeights(
  plan: QueryPlan,
  holds: (group: number, kind: Alternative['expansion']) => boolean,
): number[] {
  return plan.groups.map((group, g) => {
    if (group.alternatives.some((a) => !a.expansion) && holds(g, undefined)) return 1;
    const kinds = [...new Set(group.alternatives.flatMap((a) => (a.expansion ? [a.expansion] : [])))];
    const weights = kinds.filter((kind) => holds(g, kind)).map((kind) => EXPANSION_WEIGHT[kind]);
    return Math.max(0, ...weights);
  });
}

/** The alternatives of one kind of a group: its typed ones (`undefined`) or the expansions of one kind. */
export function alternativesOf(group: TermGroup, kind: Alternative['expansion']): Alternative[] {
  return group.alternatives.filter((a) => a.expansion === kind);
}

/** The share of the query's informative weight a practice holding `held` (by group, see heldWeights) carries. */
export function carriedShare(weights: readonly number[], held: readonly number[]): number {
  const total = weights.reduce((sum, w) => sum + w, 0);
  if (total === 0) return 0;
  return weights.reduce((sum, w, i) => sum + w * (held[i] ?? 0), 0) / total;
}

/**
 * Whether a query of several words may be widened: true when one of the best widened matches (`candidates`, each
 * as heldWeights gives it, by the engine's own ranking) holds at least RELAX_SHARE of the query's informative weight.
 */
export function mayRelax(weights: readonly number[], candidates: readonly (readonly number[])[]): boolean {
  return candidates.some((held) => carriedShare(weights, held) >= RELAX_SHARE);
}

/** The informative weight of each group of the plan in a bank of `total` practices. */
export function groupWeights(plan: QueryPlan, docs: (stem: string) => number, total: number): number[] {
  return plan.groups.map((group) => rarity(groupDocs(group, docs), total));
}
