/**
 * The embedded engine's own table in the bank's database; `drizzle.config.ts` reads it with the bank's schema.
 * (Its FTS5 tables, `search_fts` and `search_vocab`, are virtual tables drizzle cannot declare: they live in the
 * hand-written migrations 0002, 0005 and 0019.)
 */
import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** What the engine filters, counts and sorts by, one row per searchable practice; loaded into memory at start. */
export const searchFacets = sqliteTable('search_facets', {
  practiceId: integer('practice_id').primaryKey(),
  /** Facet name → values, as the facet declaration the engine was built with names them. */
  facets: text('facets', { mode: 'json' }).$type<Record<string, string[]>>().notNull(),
  /** Milliseconds since the epoch. */
  publishedAt: integer('published_at').notNull(),
  views: integer('views').notNull().default(0),
  /** Confirmed adoptions of the practice: what «по числу внедрений» sorts by. */
  adoptions: integer('adoptions').notNull().default(0),
});
