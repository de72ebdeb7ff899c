/** All SQL of collections («подборки») and their items. */
import { and, desc, eq, isNotNull, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.js';
import { collectionItems, collections } from '../db/schema.js';

export type CollectionRow = typeof collections.$inferSelect;
export type NewCollection = Omit<typeof collections.$inferInsert, 'id' | 'createdAt' | 'updatedAt'>;

/** A practice in a collection as its keepers see it: public or not (withdrawn, never published). */
export interface ItemRow {
  practiceId: number;
  position: number;
  note: string;
  registryNumber: string | null;
  /** The title of the version the public sees, else of the latest version. */
  title: string;
  /** Published and not withdrawn: what the public page shows. */
  isPublic: boolean;
}

export const findCollection = (db: DbOrTx, id: number) =>
  db.select().from(collections).where(eq(collections.id, id)).get();

export const findCollectionBySlug = (db: DbOrTx, slug: string) =>
  db.select().from(collections).where(eq(collections.slug, slug)).get();

export const slugTaken = (db: DbOrTx, slug: string) =>
  db.select({ id: collections.id }).from(collections).where(eq(collections.slug, slug)).get() !== undefined;

export function insertCollection(db: DbOrTx, values: NewCollection): CollectionRow {
  return db.insert(collections).values(values).returning().get();
}

export function updateCollection(db: DbOrTx, id: number, values: Partial<NewCollection>): void {
  db.update(collections)
    .set({ ...values, updatedAt: new Date().toISOString() })
    .where(eq(collections.id, id))
    .run();
}

/** Every collection, drafts first, then the newest published: the keepers' desk. */
export const allCollections = (db: DbOrTx) =>
  db
    .select()
    .from(collections)
    .orderBy(sql`${collections.publishedAt} IS NOT NULL`, desc(collections.publishedAt), desc(collections.id))
    .all();

/** Published collections, newest first. */
export const publishedCollections = (db: DbOrTx) =>
  db
    .select()
    .from(collections)
    .where(isNotNull(collections.publishedAt))
    .orderBy(desc(collections.publishedAt), desc(collections.id))
    .all();

/** The collection's items in order, each with what its keepers need to know about the practice. */
export function itemsOf(db: DbOrTx, collectionId: number): ItemRow[] {
  return db
    .all<{
      practiceId: number;
      position: number;
      note: string;
      registryNumber: string | null;
      title: string;
      isPublic: number;
    }>(
      sql`SELECT i.practice_id AS practiceId, i.position AS position, i.note AS note,
                 p.registry_number AS registryNumber, v.title AS title,
                 (p.withdrawn_at IS NULL AND p.registry_number IS NOT NULL AND v.state = 'published'
                  AND p.published_version_id = v.id) AS isPublic
          FROM collection_items i
          JOIN practices p ON p.id = i.practice_id
          JOIN practice_versions v ON v.id = COALESCE(p.published_version_id, p.latest_version_id)
          WHERE i.collection_id = ${collectionId}
          ORDER BY i.position, i.practice_id`,
    )
    .map((r) => ({ ...r, isPublic: r.isPublic === 1 }));
}

/** Counts of public practices per collection, for the lists. */
export function publicCounts(db: DbOrTx): Map<number, number> {
  const rows = db.all<{ id: number; n: number }>(
    sql`SELECT i.collection_id AS id, COUNT(*) AS n FROM collection_items i JOIN practices p ON p.id = i.practice_id
        JOIN practice_versions v ON v.id = p.published_version_id
        WHERE p.withdrawn_at IS NULL AND p.registry_number IS NOT NULL AND v.state = 'published'
        GROUP BY i.collection_id`,
  );
  return new Map(rows.map((r) => [r.id, r.n]));
}

export const hasItem = (db: DbOrTx, collectionId: number, practiceId: number) =>
  db
    .select({ p: collectionItems.practiceId })
    .from(collectionItems)
    .where(and(eq(collectionItems.collectionId, collectionId), eq(collectionItems.practiceId, practiceId)))
    .get() !== undefined;

export function appendItem(db: DbOrTx, collectionId: number, practiceId: number, note: string): void {
  const last = db.get<{ max: number | null }>(
    sql`SELECT MAX(position) AS max FROM collection_items WHERE collection_id = ${collectionId}`,
  );
  db.insert(collectionItems)
    .values({ collectionId, practiceId, note, position: (last?.max ?? 0) + 1 })
    .run();
}

export function setNote(db: DbOrTx, collectionId: number, practiceId: number, note: string): void {
  db.update(collectionItems)
    .set({ note })
    .where(and(eq(collectionItems.collectionId, collectionId), eq(collectionItems.practiceId, practiceId)))
    .run();
}

export function removeItem(db: DbOrTx, collectionId: number, practiceId: number): void {
  db.delete(collectionItems)
    .where(and(eq(collectionItems.collectionId, collectionId), eq(collectionItems.practiceId, practiceId)))
    .run();
}

/** Writes the order: `practiceIds[i]` gets position i + 1. */
export function writeOrder(db: DbOrTx, collectionId: number, practiceIds: readonly number[]): void {
  practiceIds.forEach((practiceId, index) =>
    db
      .update(collectionItems)
      .set({ position: index + 1 })
      .where(and(eq(collectionItems.collectionId, collectionId), eq(collectionItems.practiceId, practiceId)))
      .run(),
  );
}

/** The published collections a practice is in (for its public page), newest first. */
export const publishedCollectionsOf = (db: DbOrTx, practiceId: number) =>
  db
    .select({ slug: collections.slug, title: collections.title, eventName: collections.eventName })
    .from(collectionItems)
    .innerJoin(collections, eq(collections.id, collectionItems.collectionId))
    .where(and(eq(collectionItems.practiceId, practiceId), isNotNull(collections.publishedAt)))
    .orderBy(desc(collections.publishedAt))
    .all();

/** A published collection by its address with its public practices' ids in order; undefined for a draft or none. */
export function publishedCollection(db: DbOrTx, slug: string): { title: string; ids: number[] } | undefined {
  const row = findCollectionBySlug(db, slug);
  if (!row || row.publishedAt === null) return undefined;
  return {
    title: row.title,
    ids: itemsOf(db, row.id)
      .filter((i) => i.isPublic)
      .map((i) => i.practiceId),
  };
}
