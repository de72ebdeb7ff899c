/** SQL of the registry: published versions of a practice and its view counters. */
import type { PracticeVocabulary } from '../model/vocabularies.js';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.js';
import { practiceAuthors, practices, practiceTerms, practiceVersions, practiceViewsDaily } from '../db/schema.js';

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

/** Views counted for one practice on one day (`YYYY-MM-DD`). */
export interface CountedViews {
  practiceId: number;
  day: string;
  views: number;
}

/** Adds counted views to each practice's day and total (one UPSERT and one UPDATE each); returns the new totals. */
export function addViews(db: DbOrTx, counted: CountedViews[]): Map<number, number> {
  const totals = new Map<number, number>();
  for (const { practiceId: id, day, views: n } of counted) {
    const row = db
      .update(practices)
      .set({ viewCount: sql`${practices.viewCount} + ${n}` })
      .where(eq(practices.id, id))
      .returning({ views: practices.viewCount })
      .get();
    if (!row) continue; // gone since it was viewed: nothing to file the day under
    db.insert(practiceViewsDaily)
      .values({ practiceId: id, day, views: n })
      .onConflictDoUpdate({
        target: [practiceViewsDaily.practiceId, practiceViewsDaily.day],
        set: { views: sql`${practiceViewsDaily.views} + excluded.views` },
      })
      .run();
    totals.set(id, row.views);
  }
  return totals;
}

/** A published, non-withdrawn practice as a row of a list: what a table of practices shows. */
export interface ListedPractice {
  id: number;
  registryNumber: string;
  title: string;
  publishedAt: string | null;
  startedYear: number | null;
  organizationId: number | null;
  authors: string[];
  levels: string[];
}

/** Only the current published version of a practice that is not withdrawn is ever listed. */
const listedWhere = sql`p.withdrawn_at IS NULL AND p.registry_number IS NOT NULL AND v.state = 'published'`;

/** Fills in authors and levels of listed practices in two queries, keeping the given order. */
function withAuthorsAndLevels(
  db: DbOrTx,
  rows: Omit<ListedPractice, 'authors' | 'levels'>[],
  versionOf: Map<number, number>,
): ListedPractice[] {
  if (rows.length === 0) return [];
  const versionIds = [...versionOf.values()];
  const authors = db
    .select({ versionId: practiceAuthors.versionId, fullName: practiceAuthors.fullName })
    .from(practiceAuthors)
    .where(inArray(practiceAuthors.versionId, versionIds))
    .orderBy(asc(practiceAuthors.ordinal))
    .all();
  const levels = db
    .select({ versionId: practiceTerms.versionId, code: practiceTerms.code })
    .from(practiceTerms)
    .where(and(inArray(practiceTerms.versionId, versionIds), eq(practiceTerms.vocabulary, 'levels')))
    .orderBy(asc(practiceTerms.ordinal))
    .all();
  return rows.map((row) => {
    const versionId = versionOf.get(row.id);
    return {
      ...row,
      authors: authors.filter((a) => a.versionId === versionId).map((a) => a.fullName),
      levels: levels.filter((l) => l.versionId === versionId).map((l) => l.code),
    };
  });
}

type ListedRow = Omit<ListedPractice, 'authors' | 'levels'> & { versionId: number };

function listed(db: DbOrTx, rows: ListedRow[]): ListedPractice[] {
  const versionOf = new Map(rows.map((r) => [r.id, r.versionId]));
  return withAuthorsAndLevels(
    db,
    rows.map(({ versionId: _versionId, ...rest }) => rest),
    versionOf,
  );
}

const LISTED_COLUMNS = sql`p.id AS id, p.registry_number AS registryNumber, v.id AS versionId, v.title AS title,
  v.published_at AS publishedAt, v.started_year AS startedYear, v.organization_id AS organizationId`;

/** The published practices of one organisation, newest first. */
export function publishedOfOrganization(
  db: DbOrTx,
  organizationId: number,
  page: { limit: number; offset: number },
): { items: ListedPractice[]; total: number } {
  const where = sql`${listedWhere} AND v.organization_id = ${organizationId}`;
  const from = sql`FROM practices p JOIN practice_versions v ON v.id = p.published_version_id`;
  const total = db.get<{ n: number }>(sql`SELECT count(*) AS n ${from} WHERE ${where}`)?.n ?? 0;
  const rows = db.all<ListedRow>(
    sql`SELECT ${LISTED_COLUMNS} ${from} WHERE ${where}
        ORDER BY v.published_at DESC, p.id DESC LIMIT ${page.limit} OFFSET ${page.offset}`,
  );
  return { items: listed(db, rows), total };
}

/** Published practices by id, in the order given (ids that are not public are dropped). */
export function listedByIds(db: DbOrTx, ids: number[]): ListedPractice[] {
  if (ids.length === 0) return [];
  const rows = db.all<ListedRow>(
    sql`SELECT ${LISTED_COLUMNS} FROM practices p JOIN practice_versions v ON v.id = p.published_version_id
        WHERE ${listedWhere} AND p.id IN (${sql.join(
          ids.map((id) => sql`${id}`),
          sql`, `,
        )})`,
  );
  const byId = new Map(listed(db, rows).map((r) => [r.id, r]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/** How much one shared code says about two practices being alike: a technology more than a level. */
export const TERM_WEIGHTS = { technologies: 3, subjects: 2, directions: 1, levels: 1 } as const satisfies Record<
  PracticeVocabulary,
  number
>;
const PER_CODE = 1000;

/**
 * Public practices sharing codes with the given ones, by the weighted number of codes shared. Only the
 * narrower vocabularies (technologies, subjects) pick candidates when the practice has any, because a level
 * such as «дошкольное» is shared by a third of the bank and would make every page read most of it.
 * CROSS JOIN keeps SQLite starting from the codes' index: left to itself it walks every published version.
 * Candidates come from the newest rows of each code, so similar practices lean to recent ones.
 */
export function sharingTerms(
  db: DbOrTx,
  terms: Record<keyof typeof TERM_WEIGHTS, string[]>,
  excludeId: number,
  limit: number,
): { id: number; score: number }[] {
  const narrow = (['technologies', 'subjects'] as const).some((v) => terms[v].length > 0);
  const pick = (Object.keys(TERM_WEIGHTS) as (keyof typeof TERM_WEIGHTS)[]).filter(
    (v) => !narrow || v === 'technologies' || v === 'subjects',
  );
  // Each code contributes at most its newest PER_CODE rows: a code shared by half the bank costs the same
  // as a rare one, so the page's time does not grow with the bank.
  const perCode = pick.flatMap((v) =>
    terms[v].map(
      (code) =>
        sql`SELECT * FROM (SELECT version_id, vocabulary FROM practice_terms
            WHERE vocabulary = ${v} AND code = ${code} ORDER BY rowid DESC LIMIT ${PER_CODE})`,
    ),
  );
  if (perCode.length === 0) return [];
  const weight = sql.join(
    pick.map((v) => sql`WHEN ${v} THEN ${TERM_WEIGHTS[v]}`),
    sql` `,
  );
  return db.all<{ id: number; score: number }>(
    sql`WITH hits(version_id, vocabulary) AS (${sql.join(perCode, sql` UNION ALL `)})
        SELECT p.id AS id, sum(CASE t.vocabulary ${weight} ELSE 0 END) AS score
        FROM hits t
        CROSS JOIN practice_versions v ON v.id = t.version_id
        CROSS JOIN practices p ON p.id = v.practice_id AND p.published_version_id = v.id
        WHERE ${listedWhere} AND p.id <> ${excludeId}
        GROUP BY p.id ORDER BY score DESC, p.id DESC LIMIT ${limit}`,
  );
}
