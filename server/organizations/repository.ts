import { and, asc, eq, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.js';
import { organizations } from '../db/schema.js';

export type OrganizationRow = typeof organizations.$inferSelect;

export interface OrganizationQuery {
  /** Already folded with foldKey. */
  q?: string | undefined;
  municipality?: string | undefined;
  type?: string | undefined;
  /**
   * Which entries: `confirmed` ones (the public directory and pickers, the default), only `new` ones (the admins'
   * review list) or `any` (the admins' directory).
   */
  status?: 'confirmed' | 'new' | 'any' | undefined;
  /** Also the `new` entries this account added: an author picks what they added before an admin confirms it. */
  addedBy?: number | undefined;
  limit: number;
  offset: number;
}

/** The status condition of a listing: what the public sees, plus what the asking author added. */
function statusCondition(query: Pick<OrganizationQuery, 'status' | 'addedBy'>): SQL | undefined {
  const status = query.status ?? 'confirmed';
  if (status === 'any') return undefined;
  if (status === 'new') return eq(organizations.status, 'new');
  const confirmed = eq(organizations.status, 'confirmed');
  return query.addedBy === undefined ? confirmed : or(confirmed, eq(organizations.addedBy, query.addedBy));
}

const escapeLike = (value: string) => value.replace(/[\\%_]/g, (c) => `\\${c}`);

export function searchOrganizations(db: DbOrTx, query: OrganizationQuery): { items: OrganizationRow[]; total: number } {
  const conditions: SQL[] = [isNull(organizations.mergedIntoId)];
  const status = statusCondition(query);
  if (status) conditions.push(status);
  if (query.municipality) conditions.push(eq(organizations.municipality, query.municipality));
  if (query.type) conditions.push(eq(organizations.type, query.type));
  for (const word of query.q?.split(' ').filter(Boolean) ?? []) {
    conditions.push(sql`${organizations.searchText} LIKE ${`%${escapeLike(word)}%`} ESCAPE '\\'`);
  }
  const where = and(...conditions);
  const total =
    db
      .select({ n: sql<number>`count(*)` })
      .from(organizations)
      .where(where)
      .get()?.n ?? 0;
  const items = db
    .select()
    .from(organizations)
    .where(where)
    // By the name people use (the short one where there is one), not by the municipality's English code.
    .orderBy(sql`coalesce(${organizations.shortNameKey}, ${organizations.nameKey})`, asc(organizations.id))
    .limit(query.limit)
    .offset(query.offset)
    .all();
  return { items, total };
}

export function findOrganization(db: DbOrTx, id: number): OrganizationRow | undefined {
  return db.select().from(organizations).where(eq(organizations.id, id)).get();
}

/**
 * The organisation of that municipality whose full or short name folds to `key`; full names win. An entry merged
 * into another answers with the one it was merged into: its name still means that organisation.
 */
export function findOrganizationByKey(db: DbOrTx, key: string, municipality: string): OrganizationRow | undefined {
  const inPlace = (column: typeof organizations.nameKey | typeof organizations.shortNameKey) =>
    db
      .select()
      .from(organizations)
      .where(and(eq(column, key), eq(organizations.municipality, municipality)))
      .orderBy(sql`${organizations.mergedIntoId} IS NOT NULL`, asc(organizations.id))
      .get();
  const found = inPlace(organizations.nameKey) ?? inPlace(organizations.shortNameKey);
  return found && found.mergedIntoId !== null ? followMerges(db, found.id) : found;
}

export function insertOrganization(db: DbOrTx, row: typeof organizations.$inferInsert): OrganizationRow {
  return db.insert(organizations).values(row).returning().get();
}

/** The entry an organisation was merged into, following a chain of merges (bounded against a cycle). */
export function followMerges(db: DbOrTx, id: number): OrganizationRow | undefined {
  let row = findOrganization(db, id);
  for (let hops = 0; row && row.mergedIntoId !== null && hops < 10; hops++)
    row = findOrganization(db, row.mergedIntoId);
  return row && row.mergedIntoId === null ? row : undefined;
}

/** How many public practices each organisation has. */
export function publishedCounts(db: DbOrTx, ids: number[]): Map<number, number> {
  if (ids.length === 0) return new Map();
  const rows = db.all<{ id: number; n: number }>(
    sql`SELECT v.organization_id AS id, count(*) AS n
        FROM practice_versions v JOIN practices p ON p.published_version_id = v.id
        WHERE v.state = 'published' AND p.withdrawn_at IS NULL AND v.organization_id IN (${sql.join(
          ids.map((id) => sql`${id}`),
          sql`, `,
        )})
        GROUP BY v.organization_id`,
  );
  return new Map(rows.map((r) => [r.id, r.n]));
}

/** The organisations of one municipality, those with most public practices first. */
export function organizationsByPractices(
  db: DbOrTx,
  municipality: string,
  page: { limit: number; offset: number },
): { items: (OrganizationRow & { practices: number })[]; total: number } {
  const total =
    db
      .select({ n: sql<number>`count(*)` })
      .from(organizations)
      .where(
        and(
          eq(organizations.municipality, municipality),
          isNull(organizations.mergedIntoId),
          eq(organizations.status, 'confirmed'),
        ),
      )
      .get()?.n ?? 0;
  const rows = db.all<{ id: number; practices: number }>(
    sql`SELECT o.id AS id, (SELECT count(*) FROM practice_versions v JOIN practices p ON p.published_version_id = v.id
          WHERE v.organization_id = o.id AND v.state = 'published' AND p.withdrawn_at IS NULL) AS practices
        FROM organizations o WHERE o.municipality = ${municipality} AND o.merged_into_id IS NULL AND o.status = 'confirmed'
        ORDER BY practices DESC, o.name_key LIMIT ${page.limit} OFFSET ${page.offset}`,
  );
  const items = rows.flatMap((r) => {
    const row = findOrganization(db, r.id);
    return row ? [{ ...row, practices: r.practices }] : [];
  });
  return { items, total };
}
