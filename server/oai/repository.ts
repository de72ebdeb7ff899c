/**
 * What OAI-PMH exposes, read from the registry: every practice that was ever published, by its current public
 * version. A withdrawn practice stays as a deleted record (the repository keeps deletions persistently); drafts and
 * practices never published are not there at all. A record's datestamp is when it last changed for a harvester:
 * its withdrawal, or the publication of its current version.
 */
import { asc, inArray, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.js';
import { practiceAuthors, practiceTerms } from '../db/schema.js';
import type { Cursor, SetSpec } from './protocol.js';

/** A record's header, and what its metadata is read from. */
export interface OaiItem {
  practiceId: number;
  versionId: number;
  registryNumber: string;
  /** The stored timestamp (milliseconds): the list order; shown at the granularity of seconds. */
  datestamp: string;
  deleted: boolean;
  title: string;
  summary: string;
  keywords: string[];
  publishedAt: string | null;
  organizationName: string | null;
  municipality: string | null;
}

/** The selection of a list, already parsed: bounds in seconds, a set, where the last page stopped. */
export interface ItemQuery {
  from?: string;
  until?: string;
  set?: SetSpec;
  after?: Cursor;
  limit: number;
}

// Kept by triggers (migration 0025) and indexed with the id: a page is a walk along that index.
const DATESTAMP = sql`p.public_updated_at`;
const FROM = sql`FROM practices p
  JOIN practice_versions v ON v.id = p.published_version_id
  LEFT JOIN organizations o ON o.id = v.organization_id`;
const COLUMNS = sql`p.id AS practiceId, v.id AS versionId, p.registry_number AS registryNumber,
  ${DATESTAMP} AS datestamp, p.withdrawn_at IS NOT NULL AS deleted, v.title AS title, v.summary AS summary,
  v.keywords AS keywords, v.published_at AS publishedAt, o.name AS organizationName, o.municipality AS municipality`;

type ItemRow = Omit<OaiItem, 'deleted' | 'keywords'> & { deleted: number; keywords: string };

const toItem = ({ deleted, keywords, ...row }: ItemRow): OaiItem => ({
  ...row,
  deleted: deleted === 1,
  keywords: JSON.parse(keywords) as string[],
});

function conditions(query: Omit<ItemQuery, 'limit'>): SQL[] {
  const where: SQL[] = [sql`p.registry_number IS NOT NULL`, sql`${DATESTAMP} IS NOT NULL`];
  // Bounds are inclusive at the granularity of seconds, as harvesters see datestamps, and written so the index
  // serves them: a stored `…T10:00:00.123Z` is ≥ `…T10:00:00`, and ≤ `…T10:00:00Z` ('.' sorts before 'Z').
  if (query.from) where.push(sql`${DATESTAMP} >= ${query.from}`);
  if (query.until) where.push(sql`${DATESTAMP} <= ${`${query.until}Z`}`);
  if (query.after)
    where.push(
      sql`(${DATESTAMP} > ${query.after.datestamp} OR (${DATESTAMP} = ${query.after.datestamp} AND p.id > ${query.after.id}))`,
    );
  // Sets are tested on the practice's own row, never on its version's (large) row: a page walks the datestamp
  // index and joins versions only for the records it shows. The subqueries run once, on covering indexes.
  const set = query.set;
  if (set?.kind === 'municipality')
    where.push(sql`p.published_version_id IN (SELECT v.id FROM practice_versions v JOIN organizations o
      ON o.id = v.organization_id WHERE ${set.code ? sql`o.municipality = ${set.code}` : sql`1`})`);
  if (set?.kind === 'level')
    where.push(
      sql`EXISTS (SELECT 1 FROM practice_terms t WHERE t.version_id = p.published_version_id AND t.vocabulary = 'levels'
        ${set.code ? sql`AND t.code = ${set.code}` : sql``})`,
    );
  return where;
}

/** A page of records in harvesting order (datestamp, then id), at most `limit`. */
export function listItems(db: DbOrTx, query: ItemQuery): OaiItem[] {
  return db
    .all<ItemRow>(
      sql`SELECT ${COLUMNS} ${FROM} WHERE ${sql.join(conditions(query), sql` AND `)}
          ORDER BY p.public_updated_at, p.id LIMIT ${query.limit}`,
    )
    .map(toItem);
}

/** How many records the selection holds in all (the token's `completeListSize`). */
export function countItems(db: DbOrTx, query: Omit<ItemQuery, 'limit' | 'after'>): number {
  const where = sql.join(conditions(query), sql` AND `);
  return db.get<{ n: number }>(sql`SELECT count(*) AS n FROM practices p WHERE ${where}`)!.n;
}

/** One record by its registry number; undefined for a number never published. */
export function itemByNumber(db: DbOrTx, registryNumber: string): OaiItem | undefined {
  const row = db.get<ItemRow>(
    sql`SELECT ${COLUMNS} ${FROM} WHERE ${sql.join(conditions({}), sql` AND `)} AND p.registry_number = ${registryNumber}`,
  );
  return row ? toItem(row) : undefined;
}

/** The oldest datestamp in the repository (Identify's `earliestDatestamp`). */
export function earliestDatestamp(db: DbOrTx): string | undefined {
  return (
    db.get<{ d: string | null }>(
      sql`SELECT min(${DATESTAMP}) AS d FROM practices p WHERE p.registry_number IS NOT NULL`,
    )?.d ?? undefined
  );
}

/** Authors (in order) and vocabulary codes of versions, for their headers' sets and their metadata. */
export function detailsOf(
  db: DbOrTx,
  versionIds: number[],
): Map<number, { authors: string[]; terms: { vocabulary: string; code: string }[] }> {
  const details = new Map(
    versionIds.map((id) => [id, { authors: [] as string[], terms: [] as { vocabulary: string; code: string }[] }]),
  );
  if (versionIds.length === 0) return details;
  for (const a of db
    .select({ versionId: practiceAuthors.versionId, fullName: practiceAuthors.fullName })
    .from(practiceAuthors)
    .where(inArray(practiceAuthors.versionId, versionIds))
    .orderBy(asc(practiceAuthors.versionId), asc(practiceAuthors.ordinal))
    .all())
    details.get(a.versionId)?.authors.push(a.fullName);
  for (const t of db
    .select({ versionId: practiceTerms.versionId, vocabulary: practiceTerms.vocabulary, code: practiceTerms.code })
    .from(practiceTerms)
    .where(inArray(practiceTerms.versionId, versionIds))
    .orderBy(asc(practiceTerms.versionId), asc(practiceTerms.vocabulary), asc(practiceTerms.ordinal))
    .all())
    details.get(t.versionId)?.terms.push({ vocabulary: t.vocabulary, code: t.code });
  return details;
}
