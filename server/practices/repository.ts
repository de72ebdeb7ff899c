/** All SQL of the practice aggregate: the practice, its versions, their terms and authors. */
import { and, asc, desc, eq, exists, inArray, isNotNull, isNull, or, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.js';
import {
  organizations,
  practiceAuthors,
  practices,
  practiceTerms,
  practiceVersions,
  PRACTICE_VOCABULARIES,
  type PracticeVocabulary,
} from '../db/schema.js';

export type PracticeRow = typeof practices.$inferSelect;
export type VersionRow = typeof practiceVersions.$inferSelect;
export type OrganizationRow = typeof organizations.$inferSelect;

export interface AuthorRow {
  fullName: string;
  position: string;
  userId: number | null;
}

export type TermLists = Record<PracticeVocabulary, string[]>;

export interface VersionDetails {
  version: VersionRow;
  terms: TermLists;
  authors: AuthorRow[];
  organization: OrganizationRow | undefined;
}

export function insertPractice(db: DbOrTx, row: typeof practices.$inferInsert): PracticeRow {
  return db.insert(practices).values(row).returning().get();
}

export function updatePractice(db: DbOrTx, id: number, patch: Partial<typeof practices.$inferInsert>): void {
  db.update(practices).set(patch).where(eq(practices.id, id)).run();
}

export function findPractice(db: DbOrTx, id: number): PracticeRow | undefined {
  return db.select().from(practices).where(eq(practices.id, id)).get();
}

export function findPracticeByRegistryNumber(db: DbOrTx, registryNumber: string): PracticeRow | undefined {
  return db.select().from(practices).where(eq(practices.registryNumber, registryNumber)).get();
}

export function findPracticeByImportKey(db: DbOrTx, importKey: string): PracticeRow | undefined {
  return db.select().from(practices).where(eq(practices.importKey, importKey)).get();
}

export function deletePractice(db: DbOrTx, id: number): void {
  db.delete(practices).where(eq(practices.id, id)).run();
}

export function insertVersion(db: DbOrTx, row: typeof practiceVersions.$inferInsert): VersionRow {
  return db.insert(practiceVersions).values(row).returning().get();
}

/** Writes content fields and bumps the revision, so every earlier ETag goes stale. */
export function updateVersion(
  db: DbOrTx,
  id: number,
  patch: Partial<typeof practiceVersions.$inferInsert>,
): VersionRow {
  return db
    .update(practiceVersions)
    .set({ ...patch, revision: sql`${practiceVersions.revision} + 1`, updatedAt: new Date().toISOString() })
    .where(eq(practiceVersions.id, id))
    .returning()
    .get()!;
}

export function deleteVersion(db: DbOrTx, id: number): void {
  db.delete(practiceVersions).where(eq(practiceVersions.id, id)).run();
}

export function findVersion(db: DbOrTx, id: number): VersionRow | undefined {
  return db.select().from(practiceVersions).where(eq(practiceVersions.id, id)).get();
}

export function findVersionByNumber(db: DbOrTx, practiceId: number, versionNo: number): VersionRow | undefined {
  return db
    .select()
    .from(practiceVersions)
    .where(and(eq(practiceVersions.practiceId, practiceId), eq(practiceVersions.versionNo, versionNo)))
    .get();
}

/** Writes the codes of every vocabulary of a version in one statement; `fresh` versions have none to delete. */
export function replaceTerms(db: DbOrTx, versionId: number, terms: TermLists, fresh: boolean): void {
  if (!fresh) db.delete(practiceTerms).where(eq(practiceTerms.versionId, versionId)).run();
  const rows = PRACTICE_VOCABULARIES.flatMap((vocabulary) =>
    terms[vocabulary].map((code, ordinal) => ({ versionId, vocabulary, code, ordinal })),
  );
  if (rows.length > 0) db.insert(practiceTerms).values(rows).run();
}

export function replaceAuthors(db: DbOrTx, versionId: number, authors: AuthorRow[], fresh: boolean): void {
  if (!fresh) db.delete(practiceAuthors).where(eq(practiceAuthors.versionId, versionId)).run();
  if (authors.length > 0) {
    db.insert(practiceAuthors)
      .values(
        authors.map((a, ordinal) => ({
          versionId,
          ordinal,
          fullName: a.fullName,
          jobTitle: a.position,
          userId: a.userId,
        })),
      )
      .run();
  }
}

export function loadVersionDetails(db: DbOrTx, version: VersionRow): VersionDetails {
  const terms = Object.fromEntries(PRACTICE_VOCABULARIES.map((v) => [v, [] as string[]])) as TermLists;
  const termRows = db
    .select()
    .from(practiceTerms)
    .where(eq(practiceTerms.versionId, version.id))
    .orderBy(asc(practiceTerms.vocabulary), asc(practiceTerms.ordinal))
    .all();
  for (const row of termRows) terms[row.vocabulary].push(row.code);
  const authors = db
    .select({ fullName: practiceAuthors.fullName, position: practiceAuthors.jobTitle, userId: practiceAuthors.userId })
    .from(practiceAuthors)
    .where(eq(practiceAuthors.versionId, version.id))
    .orderBy(asc(practiceAuthors.ordinal))
    .all();
  const organization = version.organizationId
    ? db.select().from(organizations).where(eq(organizations.id, version.organizationId)).get()
    : undefined;
  return { version, terms, authors, organization };
}

/** Whether the user wrote the practice or is named with their account among its authors. */
export function isOwner(db: DbOrTx, practice: PracticeRow, userId: number): boolean {
  if (practice.createdBy === userId) return true;
  if (practice.latestVersionId === null) return false;
  return (
    db
      .select({ one: sql`1` })
      .from(practiceAuthors)
      .where(and(eq(practiceAuthors.versionId, practice.latestVersionId), eq(practiceAuthors.userId, userId)))
      .get() !== undefined
  );
}

const summaryColumns = {
  id: practices.id,
  versionNo: practiceVersions.versionNo,
  state: practiceVersions.state,
  title: practiceVersions.title,
  registryNumber: practices.registryNumber,
  publishedVersionId: practices.publishedVersionId,
  updatedAt: practiceVersions.updatedAt,
  publishedAt: practiceVersions.publishedAt,
};

/** The practices a user owns, newest edit first, each with its latest version. */
export function listOwnedBy(db: DbOrTx, userId: number, limit: number, offset: number) {
  const owned = or(
    eq(practices.createdBy, userId),
    exists(
      db
        .select({ one: sql`1` })
        .from(practiceAuthors)
        .where(and(eq(practiceAuthors.versionId, practices.latestVersionId), eq(practiceAuthors.userId, userId))),
    ),
  );
  const base = db
    .select(summaryColumns)
    .from(practices)
    .innerJoin(practiceVersions, eq(practiceVersions.id, practices.latestVersionId));
  const total =
    db
      .select({ n: sql<number>`count(*)` })
      .from(practices)
      .where(owned)
      .get()?.n ?? 0;
  const items = base
    .where(owned)
    .orderBy(desc(practiceVersions.updatedAt), desc(practices.id))
    .limit(limit)
    .offset(offset)
    .all();
  return { items, total };
}

/** Published, not withdrawn practices, newest publication first. */
export function listPublished(db: DbOrTx, limit: number, offset: number) {
  const visible = and(isNotNull(practices.publishedVersionId), isNull(practices.withdrawnAt));
  const total =
    db
      .select({ n: sql<number>`count(*)` })
      .from(practices)
      .where(visible)
      .get()?.n ?? 0;
  const items = db
    .select(summaryColumns)
    .from(practices)
    .innerJoin(practiceVersions, eq(practiceVersions.id, practices.publishedVersionId))
    .where(visible)
    .orderBy(desc(practiceVersions.publishedAt), desc(practices.id))
    .limit(limit)
    .offset(offset)
    .all();
  return { items, total };
}

export function versionNumbers(db: DbOrTx, ids: number[]): Map<number, number> {
  if (ids.length === 0) return new Map();
  const rows = db
    .select({ id: practiceVersions.id, versionNo: practiceVersions.versionNo })
    .from(practiceVersions)
    .where(inArray(practiceVersions.id, ids))
    .all();
  return new Map(rows.map((r) => [r.id, r.versionNo]));
}

export function countPractices(db: DbOrTx): number {
  return (
    db
      .select({ n: sql<number>`count(*)` })
      .from(practices)
      .get()?.n ?? 0
  );
}
