/** SQL of reviews and of the moderators' queue. */
import { and, asc, eq, inArray, isNotNull, isNull, lte, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.js';
import {
  organizations,
  practices,
  practiceTerms,
  practiceVersions,
  reviews,
  users,
  type PracticeState,
} from '../db/schema.js';

export type ReviewRow = typeof reviews.$inferSelect;

export function insertReview(db: DbOrTx, row: typeof reviews.$inferInsert): ReviewRow {
  return db.insert(reviews).values(row).returning().get();
}

export function reviewsOf(db: DbOrTx, practiceId: number): ReviewRow[] {
  return db.select().from(reviews).where(eq(reviews.practiceId, practiceId)).orderBy(asc(reviews.id)).all();
}

/** A review as its reader may see it: the internal note only for moderators, never the snapshot. */
export function toReviewView(row: ReviewRow, forModerator: boolean) {
  return {
    id: row.id,
    versionNo: row.versionNo,
    reviewerName: row.reviewerName,
    scores: row.scores,
    total: row.scores ? Object.values(row.scores).reduce((a, b) => a + b, 0) : null,
    decision: row.decision,
    comment: row.comment,
    internalNote: forModerator ? row.internalNote : null,
    createdAt: row.createdAt,
  };
}

export interface QueueFilters {
  states: PracticeState[];
  level?: string[] | undefined;
  municipality?: string[] | undefined;
  organizationId?: number | undefined;
  /** A moderator's id, anyone's claim, or none yet. */
  claimed?: number | 'any' | 'none' | undefined;
  /** Submitted at least this long ago. */
  submittedBefore?: string | undefined;
  limit: number;
  offset: number;
}

/** Latest versions waiting for moderators, oldest submission first. */
export function queue(db: DbOrTx, f: QueueFilters) {
  const conditions: SQL[] = [inArray(practiceVersions.state, f.states)];
  if (f.municipality?.length) conditions.push(inArray(organizations.municipality, f.municipality));
  if (f.organizationId !== undefined) conditions.push(eq(practiceVersions.organizationId, f.organizationId));
  if (typeof f.claimed === 'number') conditions.push(eq(practiceVersions.claimedBy, f.claimed));
  else if (f.claimed === 'any') conditions.push(isNotNull(practiceVersions.claimedBy));
  else if (f.claimed === 'none') conditions.push(isNull(practiceVersions.claimedBy));
  if (f.submittedBefore) conditions.push(lte(practiceVersions.submittedAt, f.submittedBefore));
  if (f.level?.length) {
    conditions.push(
      sql`exists (select 1 from ${practiceTerms} where ${practiceTerms.versionId} = ${practiceVersions.id} and ${practiceTerms.vocabulary} = 'levels' and ${inArray(practiceTerms.code, f.level)})`,
    );
  }
  const where = and(...conditions);
  const base = db
    .select({
      id: practices.id,
      versionNo: practiceVersions.versionNo,
      title: practiceVersions.title,
      state: practiceVersions.state,
      revision: practiceVersions.revision,
      versionId: practiceVersions.id,
      submittedAt: practiceVersions.submittedAt,
      claimedById: practiceVersions.claimedBy,
      claimedByName: users.fullName,
      claimedAt: practiceVersions.claimedAt,
      registryNumber: practices.registryNumber,
      organizationId: organizations.id,
      organizationName: organizations.name,
      municipality: organizations.municipality,
    })
    .from(practices)
    .innerJoin(practiceVersions, eq(practiceVersions.id, practices.latestVersionId))
    .leftJoin(organizations, eq(organizations.id, practiceVersions.organizationId))
    .leftJoin(users, eq(users.id, practiceVersions.claimedBy));
  const items = base
    .where(where)
    .orderBy(asc(practiceVersions.submittedAt), asc(practices.id))
    .limit(f.limit)
    .offset(f.offset)
    .all();
  const total =
    db
      .select({ n: sql<number>`count(*)` })
      .from(practices)
      .innerJoin(practiceVersions, eq(practiceVersions.id, practices.latestVersionId))
      .leftJoin(organizations, eq(organizations.id, practiceVersions.organizationId))
      .where(where)
      .get()?.n ?? 0;
  const counts = db
    .select({ state: practiceVersions.state, n: sql<number>`count(*)` })
    .from(practices)
    .innerJoin(practiceVersions, eq(practiceVersions.id, practices.latestVersionId))
    .where(inArray(practiceVersions.state, ['submitted', 'in_review', 'changes_requested', 'rejected']))
    .groupBy(practiceVersions.state)
    .all();
  return { items, total, counts };
}
