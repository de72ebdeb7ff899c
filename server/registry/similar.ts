/**
 * Up to five practices like a given one: candidates share its technologies and subjects (or, lacking those,
 * its directions and levels); among them, shared keywords and levels decide the order.
 */
import { inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.js';
import { practiceVersions } from '../db/schema.js';
import { foldKey } from '../shared/text.js';
import { listedByIds, sharingTerms, TERM_WEIGHTS, type ListedPractice } from './repository.js';

/** Enough candidates for keywords to reorder, few enough that a page never reads much. */
const CANDIDATES = 50;
const KEYWORD_WEIGHT = 2;

export interface SimilarSource {
  id: number;
  levels: string[];
  subjects: string[];
  technologies: string[];
  directions: string[];
  keywords: string[];
}

/** Published, non-withdrawn practices most like `source`, never `source` itself. */
export function similarPractices(db: DbOrTx, source: SimilarSource, limit = 5): ListedPractice[] {
  const candidates = sharingTerms(db, source, source.id, CANDIDATES);
  if (candidates.length === 0) return [];
  const keywords = new Set(source.keywords.map(foldKey));
  const levels = new Set(source.levels);
  const listed = new Map(
    listedByIds(
      db,
      candidates.map((c) => c.id),
    ).map((p) => [p.id, p]),
  );
  const keywordsOf = keywordsByPractice(
    db,
    candidates.map((c) => c.id),
  );
  const scored = candidates.flatMap((c) => {
    const practice = listed.get(c.id);
    if (!practice) return [];
    const sharedKeywords = (keywordsOf.get(c.id) ?? []).filter((k) => keywords.has(foldKey(k))).length;
    // sharingTerms leaves levels out when narrower codes pick the candidates; they still count here.
    const pickedByLevels = source.technologies.length + source.subjects.length === 0;
    const sharedLevels = pickedByLevels ? 0 : practice.levels.filter((l) => levels.has(l)).length;
    return [{ practice, score: c.score + KEYWORD_WEIGHT * sharedKeywords + TERM_WEIGHTS.levels * sharedLevels }];
  });
  scored.sort((a, b) => b.score - a.score || b.practice.id - a.practice.id);
  return scored.slice(0, limit).map((s) => s.practice);
}

function keywordsByPractice(db: DbOrTx, ids: number[]): Map<number, string[]> {
  const rows = db
    .select({ id: practiceVersions.practiceId, keywords: practiceVersions.keywords })
    .from(practiceVersions)
    .where(
      sql`${inArray(practiceVersions.practiceId, ids)} AND ${practiceVersions.id} = (SELECT published_version_id FROM practices WHERE id = ${practiceVersions.practiceId})`,
    )
    .all();
  return new Map(rows.map((r) => [r.id, r.keywords]));
}
