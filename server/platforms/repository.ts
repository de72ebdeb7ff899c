/** All SQL of innovation platforms: the list with its filters, one platform with its practices and files. */
import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.js';
import { organizations, platformFiles, platformPractices, platforms, practices } from '../db/schema.js';
import type { PlatformLevel, PlatformStatus } from './model.js';

export type PlatformRow = typeof platforms.$inferSelect;
export type PlatformFileRow = typeof platformFiles.$inferSelect;

export interface PlatformFilter {
  /** Words already folded with foldKey; each must occur in the theme or the organisation's names. */
  words: string[];
  level?: PlatformLevel | undefined;
  status?: PlatformStatus | undefined;
  municipality?: string | undefined;
}

const escapeLike = (value: string) => value.replace(/[\\%_]/g, (c) => `\\${c}`);

function filterWhere(filter: PlatformFilter): SQL | undefined {
  const conditions: SQL[] = [];
  if (filter.level) conditions.push(eq(platforms.level, filter.level));
  if (filter.status) conditions.push(eq(platforms.status, filter.status));
  if (filter.municipality) conditions.push(eq(organizations.municipality, filter.municipality));
  for (const word of filter.words) {
    const like = `%${escapeLike(word)}%`;
    conditions.push(
      sql`(${platforms.themeKey} LIKE ${like} ESCAPE '\\' OR ${organizations.searchText} LIKE ${like} ESCAPE '\\')`,
    );
  }
  return conditions.length ? and(...conditions) : undefined;
}

export type ListedPlatform = PlatformRow & { organization: typeof organizations.$inferSelect };

/** A page of platforms: active first, then the newest periods, then by theme. */
export function listPlatforms(
  db: DbOrTx,
  filter: PlatformFilter,
  page: { limit: number; offset: number },
): { items: ListedPlatform[]; total: number } {
  const where = filterWhere(filter);
  const total =
    db
      .select({ n: sql<number>`count(*)` })
      .from(platforms)
      .innerJoin(organizations, eq(organizations.id, platforms.organizationId))
      .where(where)
      .get()?.n ?? 0;
  const rows = db
    .select({ platform: platforms, organization: organizations })
    .from(platforms)
    .innerJoin(organizations, eq(organizations.id, platforms.organizationId))
    .where(where)
    .orderBy(sql`${platforms.status} = 'active' DESC`, desc(platforms.yearFrom), asc(platforms.themeKey))
    .limit(page.limit)
    .offset(page.offset)
    .all();
  return { items: rows.map((r) => ({ ...r.platform, organization: r.organization })), total };
}

export function findPlatform(db: DbOrTx, id: number): ListedPlatform | undefined {
  const row = db
    .select({ platform: platforms, organization: organizations })
    .from(platforms)
    .innerJoin(organizations, eq(organizations.id, platforms.organizationId))
    .where(eq(platforms.id, id))
    .get();
  return row ? { ...row.platform, organization: row.organization } : undefined;
}

/** Platforms of one organisation (and of the entries merged into it), active first. */
export function platformsOfOrganization(db: DbOrTx, organizationId: number): ListedPlatform[] {
  return db
    .select({ platform: platforms, organization: organizations })
    .from(platforms)
    .innerJoin(organizations, eq(organizations.id, platforms.organizationId))
    .where(eq(platforms.organizationId, organizationId))
    .orderBy(sql`${platforms.status} = 'active' DESC`, desc(platforms.yearFrom))
    .all()
    .map((r) => ({ ...r.platform, organization: r.organization }));
}

/** Platforms a practice belongs to. */
export function platformsOfPractice(db: DbOrTx, practiceId: number): PlatformRow[] {
  return db
    .select({ platform: platforms })
    .from(platformPractices)
    .innerJoin(platforms, eq(platforms.id, platformPractices.platformId))
    .where(eq(platformPractices.practiceId, practiceId))
    .orderBy(asc(platforms.id))
    .all()
    .map((r) => r.platform);
}

/** Ids of a platform's practices, in the order they were linked. */
export function practiceIdsOf(db: DbOrTx, platformId: number): number[] {
  return db
    .select({ id: platformPractices.practiceId })
    .from(platformPractices)
    .where(eq(platformPractices.platformId, platformId))
    .orderBy(asc(platformPractices.addedAt), asc(platformPractices.practiceId))
    .all()
    .map((r) => r.id);
}

/** How many public practices each platform has linked. */
export function practiceCounts(db: DbOrTx, platformIds: number[]): Map<number, number> {
  if (platformIds.length === 0) return new Map();
  const rows = db
    .select({ id: platformPractices.platformId, n: sql<number>`count(*)` })
    .from(platformPractices)
    .innerJoin(practices, eq(practices.id, platformPractices.practiceId))
    .where(
      and(
        inArray(platformPractices.platformId, platformIds),
        sql`${practices.withdrawnAt} IS NULL AND ${practices.publishedVersionId} IS NOT NULL`,
      ),
    )
    .groupBy(platformPractices.platformId)
    .all();
  return new Map(rows.map((r) => [r.id, r.n]));
}

/** The order first, then reports by year (newest first). */
export function filesOf(db: DbOrTx, platformId: number): PlatformFileRow[] {
  return db
    .select()
    .from(platformFiles)
    .where(eq(platformFiles.platformId, platformId))
    .orderBy(sql`${platformFiles.kind} = 'order' DESC`, desc(platformFiles.year), asc(platformFiles.id))
    .all();
}

export function findFile(db: DbOrTx, id: number): PlatformFileRow | undefined {
  return db.select().from(platformFiles).where(eq(platformFiles.id, id)).get();
}

/** Whether any platform file points to these bytes (asked by the attachments' sweep). */
export function referencesBlob(db: DbOrTx, sha256: string): boolean {
  return (
    db.select({ id: platformFiles.id }).from(platformFiles).where(eq(platformFiles.sha256, sha256)).limit(1).get() !==
    undefined
  );
}
