/**
 * Pseudo-relevance feedback for long questions (RM3-like): a teacher who describes a situation in five or more
 * informative words names it only partly; the best few matches of the first pass word it the way practices do.
 * Their strongest terms — frequent in them, rare in the bank (tf-idf over their indexed text) and shared by at
 * least two of them — are added at a lower weight (EXPANSION_WEIGHT.feedback) to order the first matches again.
 * They never widen what matches: a question the relax rule left empty stays empty, and one that found nothing
 * gets no feedback.
 */
import type { AnalysedFields } from '../document.js';
import type { FeedbackTerm } from './rerank.js';
import type { QueryPlan } from './query.js';

/** Questions of at least this many informative words get feedback: shorter ones say what they mean. */
export const FEEDBACK_MIN_WORDS = 5;
/** How many of the best first matches are read. */
export const FEEDBACK_DOCS = 3;
/** How many terms are added. */
const FEEDBACK_TERMS = 8;
/** A term must appear in at least this many of the matches read: one practice's own names are not the topic. */
const MIN_SHARED = 2;
/** Field weights, as the ranking weighs them (document.ts): a term of a title says more than one of a section. */
const FIELD_WEIGHTS: Partial<Record<keyof AnalysedFields, number>> = { title: 10, terms: 5, summary: 3, body: 1 };
/** Terms held by more than this share of the bank are no topic («работа», «дети»). */
const MAX_DOC_SHARE = 0.2;

/** Whether a query is long enough for feedback: its unquoted groups stand for five informative words or more. */
export function wantsFeedback(plan: QueryPlan): boolean {
  const words = plan.groups.filter((g) => !g.quoted).reduce((sum, g) => sum + g.words.length, 0);
  return words >= FEEDBACK_MIN_WORDS;
}

/** Every stem the plan already asks for, typed or expanded: feedback adds only new ones. */
function askedStems(plan: QueryPlan): Set<string> {
  return new Set(plan.groups.flatMap((g) => g.alternatives.flatMap((a) => a.stems)));
}

/**
 * The stems worth counting in the bank: those of at least MIN_SHARED of `docs` not already asked for, each with
 * its field-weighted, length-normalised frequency summed over the documents.
 */
export function feedbackCandidates(plan: QueryPlan, docs: readonly AnalysedFields[]): Map<string, number> {
  const asked = askedStems(plan);
  const frequency = new Map<string, number>();
  const holders = new Map<string, number>();
  for (const doc of docs) {
    const seen = new Map<string, number>();
    let length = 0;
    for (const [field, weight] of Object.entries(FIELD_WEIGHTS) as [keyof AnalysedFields, number][]) {
      for (const stem of doc[field].split(' ')) {
        if (stem.length < 3 || /\d/.test(stem) || asked.has(stem)) continue;
        seen.set(stem, (seen.get(stem) ?? 0) + weight);
        length += weight;
      }
    }
    for (const [stem, tf] of seen) {
      frequency.set(stem, (frequency.get(stem) ?? 0) + tf / Math.max(1, length));
      holders.set(stem, (holders.get(stem) ?? 0) + 1);
    }
  }
  return new Map([...frequency].filter(([stem]) => (holders.get(stem) ?? 0) >= MIN_SHARED));
}

/**
 * The strongest feedback terms: candidate frequency × idf in a bank of `total` practices (`docs` of the candidates
 * in the same order), without terms most practices hold.
 */
export function feedbackTerms(candidates: Map<string, number>, docs: readonly number[], total: number): FeedbackTerm[] {
  const stems = [...candidates.keys()];
  return stems
    .map((stem, i) => {
      const holding = docs[i] ?? 0;
      const idf = Math.log(1 + (total - holding + 0.5) / (holding + 0.5));
      return { stem, weight: candidates.get(stem)! * idf, holding };
    })
    .filter((t) => t.holding > 0 && t.holding <= MAX_DOC_SHARE * total)
    .sort((a, b) => b.weight - a.weight || a.stem.localeCompare(b.stem))
    .slice(0, FEEDBACK_TERMS)
    .map(({ stem, weight }) => ({ stem, weight }));
}
