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
import { QUEUE_STATES } from './transitions.js';

export type ReviewRow = typeof reviews.$inferSelect;

export function insertReview(db: DbOrTx, row: typeof reviews.$inferInsert): ReviewRow {
  return db.insert(reviews).values(row).returning().get();
}

export function reviewsOf(db: DbOrTx, practiceId: number): ReviewRow[] {
  return db.select().from(reviews).where(eq(reviews.practiceId, practiceId)).orderBy(asc(reviews.id)).all();
}

/** The name of the moderator an account belongs to (a claim names its moderator by account). */
export function userName(db: DbOrTx, id: number): string {
  return db.select({ name: users.fullName }).from(users).where(eq(users.id, id)).get()?.name ?? '';
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

type Facet = 'state' | 'level' | 'municipality' | 'organizationId' | 'claimed' | 'submittedBefore';

/** The queue's filters as SQL, leaving out `omit`: a facet counts its values under every other filter. */
function queueConditions(f: Omit<QueueFilters, 'limit' | 'offset'>, omit?: Facet): SQL[] {
  const conditions: SQL[] = [inArray(practiceVersions.state, omit === 'state' ? QUEUE_STATES : f.states)];
  if (omit !== 'municipality' && f.municipality?.length)
    conditions.push(inArray(organizations.municipality, f.municipality));
  if (omit !== 'organizationId' && f.organizationId !== undefined)
    conditions.push(eq(practiceVersions.organizationId, f.organizationId));
  if (omit !== 'claimed') {
    if (typeof f.claimed === 'number') conditions.push(eq(practiceVersions.claimedBy, f.claimed));
    else if (f.claimed === 'any') conditions.push(isNotNull(practiceVersions.claimedBy));
    else if (f.claimed === 'none') conditions.push(isNull(practiceVersions.claimedBy));
  }
  if (omit !== 'submittedBefore' && f.submittedBefore)
    conditions.push(lte(practiceVersions.submittedAt, f.submittedBefore));
  if (omit !== 'level' && f.level?.length) {
    conditions.push(
      sql`exists (select 1 from ${practiceTerms} where ${practiceTerms.versionId} = ${practiceVersions.id} and ${practiceTerms.vocabulary} = 'levels' and ${inArray(practiceTerms.code, f.level)})`,
    );
  }
  return conditions;
}

/** Latest versions waiting for moderators, oldest submission first. */
export function queue(db: DbOrTx, f: QueueFilters) {
  const conditions = queueConditions(f);
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
    .where(inArray(practiceVersions.state, QUEUE_STATES))
    .groupBy(practiceVersions.state)
    .all();
  return { items, total, counts };
}

/** How many versions of the queue each filter's value would show, under the other filters chosen. */
export function queueFacets(
  db: DbOrTx,
  f: Omit<QueueFilters, 'limit' | 'offset'>,
  me: number,
  waiting: { days: number; submittedBefore: string }[],
) {
  const joined = <T extends Record<string, unknown>>(columns: T) =>
    db
      .select(columns as never)
      .from(practices)
      .innerJoin(practiceVersions, eq(practiceVersions.id, practices.latestVersionId))
      .leftJoin(organizations, eq(organizations.id, practiceVersions.organizationId));
  const n = sql<number>`count(*)`;
  const countWhere = (omit: Facet, extra: SQL): number =>
    (
      joined({ n })
        .where(and(...queueConditions(f, omit), extra))
        .get() as { n: number } | undefined
    )?.n ?? 0;
  const byKey = (rows: unknown[]) =>
    Object.fromEntries((rows as { key: string; n: number }[]).map((r) => [r.key, r.n])) as Record<string, number>;

  const state = joined({ key: practiceVersions.state, n })
    .where(and(...queueConditions(f, 'state')))
    .groupBy(practiceVersions.state)
    .all();
  const municipality = joined({ key: organizations.municipality, n })
    .where(and(...queueConditions(f, 'municipality'), isNotNull(organizations.municipality)))
    .groupBy(organizations.municipality)
    .all();
  const organization = joined({ id: organizations.id, name: organizations.name, n })
    .where(and(...queueConditions(f, 'organizationId'), isNotNull(organizations.id)))
    .groupBy(organizations.id)
    .orderBy(asc(organizations.name))
    .all() as { id: number; name: string; n: number }[];
  const level = joined({ key: practiceTerms.code, n })
    .innerJoin(
      practiceTerms,
      and(eq(practiceTerms.versionId, practiceVersions.id), eq(practiceTerms.vocabulary, 'levels')),
    )
    .where(and(...queueConditions(f, 'level')))
    .groupBy(practiceTerms.code)
    .all();
  return {
    state: byKey(state),
    level: byKey(level),
    municipality: byKey(municipality),
    organization,
    claimed: {
      me: countWhere('claimed', eq(practiceVersions.claimedBy, me)),
      any: countWhere('claimed', isNotNull(practiceVersions.claimedBy)),
      none: countWhere('claimed', isNull(practiceVersions.claimedBy)),
    },
    waitingDays: Object.fromEntries(
      waiting.map((w) => [
        String(w.days),
        countWhere('submittedBefore', lte(practiceVersions.submittedAt, w.submittedBefore)),
      ]),
    ) as Record<string, number>,
  };
}
