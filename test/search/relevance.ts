/**
 * nDCG@10 and recall@10 of the bank's search over the judged queries of `judgments.json`. A query judged with no
 * relevant practice (`"relevant": {}`, feature "nothing") expects nothing: it scores 1 when the bank answers nothing
 * and 0 when it lists anything.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { App } from '../../server/app.js';

export interface Judgment {
  q: string;
  feature: string;
  relevant: Record<string, number>;
}

export const judgments = (
  JSON.parse(readFileSync(path.join(import.meta.dirname, 'judgments.json'), 'utf8')) as { queries: Judgment[] }
).queries;

const K = 10;

function dcg(gains: number[]): number {
  return gains.slice(0, K).reduce((sum, g, i) => sum + (2 ** g - 1) / Math.log2(i + 2), 0);
}

export interface QueryScore {
  q: string;
  feature: string;
  ndcg: number;
  recall: number;
  top: string[];
}

/** Scores one query: the titles of the first ten hits against its judgments. */
export function score(judgment: Judgment, titles: string[]): QueryScore {
  const top = titles.slice(0, K);
  if (Object.keys(judgment.relevant).length === 0) {
    const empty = top.length === 0 ? 1 : 0;
    return { q: judgment.q, feature: judgment.feature, ndcg: empty, recall: empty, top };
  }
  const ideal = dcg(Object.values(judgment.relevant).sort((a, b) => b - a));
  const ndcg = dcg(top.map((t) => judgment.relevant[t] ?? 0)) / ideal;
  const relevant = Object.keys(judgment.relevant);
  const recall = relevant.filter((t) => top.includes(t)).length / Math.min(relevant.length, K);
  return { q: judgment.q, feature: judgment.feature, ndcg, recall, top };
}

export interface Evaluation {
  ndcg: number;
  recall: number;
  scores: QueryScore[];
  /** Mean nDCG@10 and recall@10 of each feature's queries. */
  features: Map<string, { ndcg: number; recall: number; queries: number }>;
}

/** Asks the bank every judged query (those of judgments.json unless given) and scores the answers. */
export async function evaluate(app: App, queries: readonly Judgment[] = judgments): Promise<Evaluation> {
  const scores: QueryScore[] = [];
  for (const judgment of queries) {
    const res = await app.inject({ url: `/api/v1/search?perPage=${K}&q=${encodeURIComponent(judgment.q)}` });
    scores.push(
      score(
        judgment,
        (res.json() as { hits: { title: string }[] }).hits.map((h) => h.title),
      ),
    );
  }
  const mean = (of: QueryScore[], pick: (s: QueryScore) => number) =>
    of.reduce((sum, s) => sum + pick(s), 0) / of.length;
  const features = new Map<string, { ndcg: number; recall: number; queries: number }>();
  for (const feature of new Set(scores.map((s) => s.feature))) {
    const of = scores.filter((s) => s.feature === feature);
    features.set(feature, { ndcg: mean(of, (s) => s.ndcg), recall: mean(of, (s) => s.recall), queries: of.length });
  }
  return { ndcg: mean(scores, (s) => s.ndcg), recall: mean(scores, (s) => s.recall), scores, features };
}
