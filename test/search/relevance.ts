/** nDCG@10 and recall@10 of the bank's search over the judged queries of `judgments.json`. */
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
  const ideal = dcg(Object.values(judgment.relevant).sort((a, b) => b - a));
  const ndcg = dcg(top.map((t) => judgment.relevant[t] ?? 0)) / ideal;
  const relevant = Object.keys(judgment.relevant);
  const recall = relevant.filter((t) => top.includes(t)).length / Math.min(relevant.length, K);
  return { q: judgment.q, feature: judgment.feature, ndcg, recall, top };
}

export async function evaluate(app: App): Promise<{ ndcg: number; recall: number; scores: QueryScore[] }> {
  const scores: QueryScore[] = [];
  for (const judgment of judgments) {
    const res = await app.inject({ url: `/api/v1/search?perPage=${K}&q=${encodeURIComponent(judgment.q)}` });
    scores.push(
      score(
        judgment,
        (res.json() as { hits: { title: string }[] }).hits.map((h) => h.title),
      ),
    );
  }
  const mean = (pick: (s: QueryScore) => number) => scores.reduce((sum, s) => sum + pick(s), 0) / scores.length;
  return { ndcg: mean((s) => s.ndcg), recall: mean((s) => s.recall), scores };
}
