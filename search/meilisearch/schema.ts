/** The Meilisearch adapter's own table in the bank's database; `drizzle.config.ts` reads it with the bank's schema. */
import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * Changes waiting to reach Meilisearch, written in the same transaction as the change itself: Meilisearch being
 * down loses nothing and blocks no one. Each row only names a practice; its current state is read when sent.
 */
export const searchOutbox = sqliteTable(
  'search_outbox',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    practiceId: integer('practice_id').notNull(),
    attempts: integer('attempts').notNull().default(0),
    /** Milliseconds since the epoch: rows are retried with growing back-off. */
    nextAttemptAt: integer('next_attempt_at').notNull().default(0),
    lastError: text('last_error'),
    createdAt: text('created_at')
      .notNull()
      .default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`),
  },
  (t) => [index('search_outbox_due').on(t.nextAttemptAt)],
);
