import { and, asc, eq, isNull, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.js';
import { organizations } from '../db/schema.js';

export type OrganizationRow = typeof organizations.$inferSelect;

export interface OrganizationQuery {
  /** Already folded with foldKey. */
  q?: string | undefined;
  municipality?: string | undefined;
  type?: string | undefined;
  limit: number;
  offset: number;
}

const escapeLike = (value: string) => value.replace(/[\\%_]/g, (c) => `\\${c}`);

export function searchOrganizations(db: DbOrTx, query: OrganizationQuery): { items: OrganizationRow[]; total: number } {
  const conditions: SQL[] = [isNull(organizations.mergedIntoId)];
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
    .orderBy(asc(organizations.municipality), asc(organizations.nameKey))
    .limit(query.limit)
    .offset(query.offset)
    .all();
  return { items, total };
}

export function findOrganization(db: DbOrTx, id: number): OrganizationRow | undefined {
  return db.select().from(organizations).where(eq(organizations.id, id)).get();
}

/** The organisation of that municipality whose full or short name folds to `key`; full names win. */
export function findOrganizationByKey(db: DbOrTx, key: string, municipality: string): OrganizationRow | undefined {
  const inPlace = (column: typeof organizations.nameKey | typeof organizations.shortNameKey) =>
    db
      .select()
      .from(organizations)
      .where(and(eq(column, key), eq(organizations.municipality, municipality), isNull(organizations.mergedIntoId)))
      .get();
  return inPlace(organizations.nameKey) ?? inPlace(organizations.shortNameKey);
}

export function insertOrganization(db: DbOrTx, row: typeof organizations.$inferInsert): OrganizationRow {
  return db.insert(organizations).values(row).returning().get();
}
