/** The append-only audit trail: rows are only ever inserted (triggers refuse UPDATE and DELETE). */
import { asc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.js';
import { practiceHistory } from '../db/schema.js';

export type HistoryEntry = typeof practiceHistory.$inferInsert;
export type HistoryRow = typeof practiceHistory.$inferSelect;

export function appendHistory(db: DbOrTx, entry: HistoryEntry): void {
  db.insert(practiceHistory).values(entry).run();
}

export function historyOf(db: DbOrTx, practiceId: number): HistoryRow[] {
  return db
    .select()
    .from(practiceHistory)
    .where(eq(practiceHistory.practiceId, practiceId))
    .orderBy(asc(practiceHistory.id))
    .all();
}
