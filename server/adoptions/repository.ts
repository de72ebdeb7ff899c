/** All SQL of adoption reports: one table, read with the practice, organisation and people it names. */
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.js';
import { adoptions, organizations, practices, practiceVersions, users, type AdoptionStatus } from '../db/schema.js';

export type AdoptionRow = typeof adoptions.$inferSelect;

const listed = {
  id: adoptions.id,
  practiceId: adoptions.practiceId,
  registryNumber: practices.registryNumber,
  practiceTitle: practiceVersions.title,
  organizationId: adoptions.organizationId,
  organizationName: organizations.name,
  municipality: organizations.municipality,
  reportedBy: adoptions.reportedBy,
  reporterName: users.fullName,
  since: adoptions.since,
  adapted: adoptions.adapted,
  results: adoptions.results,
  status: adoptions.status,
  decisionReason: adoptions.decisionReason,
  decidedAt: adoptions.decidedAt,
  createdAt: adoptions.createdAt,
  fileName: adoptions.fileName,
  fileSize: adoptions.fileSize,
  fileMime: adoptions.fileMime,
};

/** Reports with what a list shows of them: the practice's public title, the organisation, the reporter. */
function select(db: DbOrTx) {
  return db
    .select(listed)
    .from(adoptions)
    .innerJoin(practices, eq(practices.id, adoptions.practiceId))
    .leftJoin(practiceVersions, eq(practiceVersions.id, practices.publishedVersionId))
    .innerJoin(organizations, eq(organizations.id, adoptions.organizationId))
    .innerJoin(users, eq(users.id, adoptions.reportedBy));
}

/** One report as lists show it. */
export type ListedAdoption = ReturnType<ReturnType<typeof select>['all']>[number];

export function insertAdoption(db: DbOrTx, row: typeof adoptions.$inferInsert): AdoptionRow {
  return db.insert(adoptions).values(row).returning().get();
}

export function findAdoption(db: DbOrTx, id: number): AdoptionRow | undefined {
  return db.select().from(adoptions).where(eq(adoptions.id, id)).get();
}

export function findListed(db: DbOrTx, id: number): ListedAdoption | undefined {
  return select(db).where(eq(adoptions.id, id)).get();
}

/** Moves a report from one of `from` to a new status; undefined when it was no longer in one of them. */
export function moveAdoption(
  db: DbOrTx,
  id: number,
  from: AdoptionStatus[],
  patch: Partial<typeof adoptions.$inferInsert> & { status: AdoptionStatus },
): AdoptionRow | undefined {
  return db
    .update(adoptions)
    .set(patch)
    .where(and(eq(adoptions.id, id), inArray(adoptions.status, from)))
    .returning()
    .get();
}

/** The live report (pending or confirmed) of an organisation on a practice, if there is one. */
export function findLive(db: DbOrTx, practiceId: number, organizationId: number): AdoptionRow | undefined {
  return db
    .select()
    .from(adoptions)
    .where(
      and(
        eq(adoptions.practiceId, practiceId),
        eq(adoptions.organizationId, organizationId),
        inArray(adoptions.status, ['pending', 'confirmed']),
      ),
    )
    .get();
}

/** A practice's confirmed adoptions, the longest-standing first. */
export function confirmedOf(db: DbOrTx, practiceId: number): ListedAdoption[] {
  return select(db)
    .where(and(eq(adoptions.practiceId, practiceId), eq(adoptions.status, 'confirmed')))
    .orderBy(asc(adoptions.since), asc(adoptions.id))
    .all();
}

/** How many organisations confirmed they use the practice: what search sorts and filters by. */
export function confirmedCount(db: DbOrTx, practiceId: number): number {
  return (
    db
      .select({ n: sql<number>`count(*)` })
      .from(adoptions)
      .where(and(eq(adoptions.practiceId, practiceId), eq(adoptions.status, 'confirmed')))
      .get()?.n ?? 0
  );
}

/** Reports waiting for a moderator, the oldest first. */
export function pending(db: DbOrTx, limit: number, offset: number): { items: ListedAdoption[]; total: number } {
  const items = select(db)
    .where(eq(adoptions.status, 'pending'))
    .orderBy(asc(adoptions.id))
    .limit(limit)
    .offset(offset)
    .all();
  const total =
    db
      .select({ n: sql<number>`count(*)` })
      .from(adoptions)
      .where(eq(adoptions.status, 'pending'))
      .get()?.n ?? 0;
  return { items, total };
}

/** A reporter's own reports in every status, the newest first. */
export function reportedBy(db: DbOrTx, userId: number): ListedAdoption[] {
  return select(db).where(eq(adoptions.reportedBy, userId)).orderBy(desc(adoptions.id)).all();
}

/** Whether a report's file is these bytes: asked by the store's sweep before it deletes them. */
export function referencesBlob(db: DbOrTx, sha256: string): boolean {
  return (
    db.select({ id: adoptions.id }).from(adoptions).where(eq(adoptions.fileSha256, sha256)).limit(1).get() !== undefined
  );
}
