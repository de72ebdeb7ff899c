/**
 * What administrators did, for the admin area's «Журнал»: every admin action appends one row in the same
 * transaction as the change itself, so the history never claims what did not happen nor misses what did.
 */
import { and, desc, eq, lt, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.js';
import { adminHistory } from '../db/schema.js';

export type AdminHistoryEntry = typeof adminHistory.$inferInsert;
export type AdminHistoryRow = typeof adminHistory.$inferSelect;

/** The person an admin action is recorded under; `null` id for scheduled work («Система»). */
export interface AdminActor {
  userId: number | null;
  name: string;
}

/** The actor of work nobody started by hand (scheduled backups, start-up imports). */
export const SYSTEM_ACTOR: AdminActor = { userId: null, name: 'Система' };

/** Appends one action; call it inside the transaction that makes the change. */
export function recordAdminAction(
  db: DbOrTx,
  actor: AdminActor,
  entry: Omit<AdminHistoryEntry, 'id' | 'actorUserId' | 'actorName' | 'createdAt'>,
): void {
  db.insert(adminHistory)
    .values({ ...entry, actorUserId: actor.userId, actorName: actor.name })
    .run();
}

/** Filters of the history list; `before` is the id of the last row already shown (newest first). */
export interface AdminHistoryQuery {
  targetType?: string;
  targetId?: string;
  before?: number;
  limit: number;
}

/** Newest first, `limit` rows at most. */
export function adminHistoryPage(db: DbOrTx, query: AdminHistoryQuery): AdminHistoryRow[] {
  const where: SQL[] = [];
  if (query.targetType !== undefined) where.push(eq(adminHistory.targetType, query.targetType));
  if (query.targetId !== undefined) where.push(eq(adminHistory.targetId, query.targetId));
  if (query.before !== undefined) where.push(lt(adminHistory.id, query.before));
  return db
    .select()
    .from(adminHistory)
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(adminHistory.id))
    .limit(query.limit)
    .all();
}
