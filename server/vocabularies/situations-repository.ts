/** All SQL of the situational thesaurus (`situation_entries`). */
import { and, asc, eq, isNull } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.js';
import { situationEntries } from '../db/schema.js';
import type { SituationArea } from '../model/situations.js';

export type SituationRow = typeof situationEntries.$inferSelect;

/** What an entry says: its area, the phrases people type and the concepts they lead to. */
export interface SituationContent {
  area: SituationArea;
  phrases: string[];
  concepts: string[];
}

/** Adds the fixture entries whose key the table lacks (removed rows keep theirs); returns how many were added. */
export function insertMissingFixtureEntries(db: DbOrTx, entries: (SituationContent & { fixtureKey: string })[]) {
  if (entries.length === 0) return 0;
  return db.insert(situationEntries).values(entries).onConflictDoNothing({ target: situationEntries.fixtureKey }).run()
    .changes;
}

/** Entries in use (not removed), oldest first: the fixture's order, then what admins added. */
export function listActiveSituations(db: DbOrTx): SituationRow[] {
  return db
    .select()
    .from(situationEntries)
    .where(isNull(situationEntries.removedAt))
    .orderBy(asc(situationEntries.id))
    .all();
}

/** One entry in use, or `undefined` (also for a removed one). */
export function findActiveSituation(db: DbOrTx, id: number): SituationRow | undefined {
  return db
    .select()
    .from(situationEntries)
    .where(and(eq(situationEntries.id, id), isNull(situationEntries.removedAt)))
    .get();
}

export function insertSituation(db: DbOrTx, content: SituationContent): SituationRow {
  return db.insert(situationEntries).values(content).returning().get();
}

export function updateSituation(db: DbOrTx, id: number, content: SituationContent): void {
  db.update(situationEntries)
    .set({ ...content, updatedAt: new Date().toISOString() })
    .where(eq(situationEntries.id, id))
    .run();
}

/** Marks an entry removed: its row stays, so the fixture never brings it back. */
export function markSituationRemoved(db: DbOrTx, id: number): void {
  const at = new Date().toISOString();
  db.update(situationEntries).set({ removedAt: at, updatedAt: at }).where(eq(situationEntries.id, id)).run();
}
