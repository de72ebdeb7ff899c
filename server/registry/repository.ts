/** SQL of the registry: published versions of a practice and its view counter. */
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.js';
import { practices, practiceVersions } from '../db/schema.js';

/** States of a version that was published at some point and stays readable by its number. */
export const EVER_PUBLISHED = ['published', 'superseded', 'withdrawn'] as const;

export function publishedVersions(db: DbOrTx, practiceId: number) {
  return db
    .select({ versionNo: practiceVersions.versionNo, publishedAt: practiceVersions.publishedAt })
    .from(practiceVersions)
    .where(and(eq(practiceVersions.practiceId, practiceId), inArray(practiceVersions.state, [...EVER_PUBLISHED])))
    .orderBy(asc(practiceVersions.versionNo))
    .all();
}

/** Adds counted views; returns each practice's new total. */
export function addViews(db: DbOrTx, counts: Map<number, number>): Map<number, number> {
  const totals = new Map<number, number>();
  for (const [id, n] of counts) {
    const row = db
      .update(practices)
      .set({ viewCount: sql`${practices.viewCount} + ${n}` })
      .where(eq(practices.id, id))
      .returning({ views: practices.viewCount })
      .get();
    if (row) totals.set(id, row.views);
  }
  return totals;
}
