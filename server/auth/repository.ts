import { and, desc, eq, gt, lt, ne, or, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.js';
import { sessions, userRoles, users, type Role } from '../db/schema.js';

export type UserRow = typeof users.$inferSelect;

export function findUserByEmail(db: DbOrTx, email: string): UserRow | undefined {
  return db.select().from(users).where(eq(users.email, email)).get();
}

export function findUserById(db: DbOrTx, id: number): UserRow | undefined {
  return db.select().from(users).where(eq(users.id, id)).get();
}

export function insertUser(db: DbOrTx, user: typeof users.$inferInsert): UserRow {
  return db.insert(users).values(user).returning().get();
}

export function updateUser(db: DbOrTx, id: number, patch: Partial<typeof users.$inferInsert>): void {
  db.update(users).set(patch).where(eq(users.id, id)).run();
}

export function rolesOf(db: DbOrTx, userId: number): Role[] {
  return db
    .select({ role: userRoles.role })
    .from(userRoles)
    .where(eq(userRoles.userId, userId))
    .orderBy(userRoles.role)
    .all()
    .map((r) => r.role);
}

export function grantRole(db: DbOrTx, userId: number, role: Role): void {
  db.insert(userRoles).values({ userId, role }).onConflictDoNothing().run();
}

export function revokeRole(db: DbOrTx, userId: number, role: Role): void {
  db.delete(userRoles)
    .where(and(eq(userRoles.userId, userId), eq(userRoles.role, role)))
    .run();
}

export function anyUserWithRole(db: DbOrTx, role: Role): boolean {
  return (
    db.select({ userId: userRoles.userId }).from(userRoles).where(eq(userRoles.role, role)).limit(1).get() !== undefined
  );
}

export function listUsers(db: DbOrTx): UserRow[] {
  return db.select().from(users).orderBy(users.id).all();
}

export function insertSession(db: DbOrTx, session: typeof sessions.$inferInsert): void {
  db.insert(sessions).values(session).run();
}

/**
 * A session is live until its absolute end and while it has been used within the inactivity window: `idleSinceIso`
 * is the earliest last use still accepted.
 */
export interface SessionClock {
  nowIso: string;
  idleSinceIso: string;
}

/** When a session was last used: its creation until the first use was recorded. */
const lastUse = sql<string>`coalesce(${sessions.lastSeenAt}, ${sessions.createdAt})`;

const live = ({ nowIso, idleSinceIso }: SessionClock) => and(gt(sessions.expiresAt, nowIso), gt(lastUse, idleSinceIso));

export function findLiveSession(db: DbOrTx, id: string, clock: SessionClock) {
  return db
    .select()
    .from(sessions)
    .where(and(eq(sessions.id, id), live(clock)))
    .get();
}

export function deleteSession(db: DbOrTx, id: string): void {
  db.delete(sessions).where(eq(sessions.id, id)).run();
}

/** Ends every session of a user but `exceptId` (the one that changed the password); returns how many ended. */
export function deleteSessionsOfUser(db: DbOrTx, userId: number, exceptId?: string): number {
  const mine = eq(sessions.userId, userId);
  return db
    .delete(sessions)
    .where(exceptId ? and(mine, ne(sessions.id, exceptId)) : mine)
    .run().changes;
}

export function sessionsOfUser(db: DbOrTx, userId: number, clock: SessionClock) {
  return db
    .select()
    .from(sessions)
    .where(and(eq(sessions.userId, userId), live(clock)))
    .orderBy(desc(sessions.createdAt))
    .all();
}

export function touchSession(db: DbOrTx, id: string, nowIso: string): void {
  db.update(sessions).set({ lastSeenAt: nowIso }).where(eq(sessions.id, id)).run();
}

/**
 * Accounts whose e-mail or name contains `q` (lower-case). Filtered here, not in SQL: SQLite's LIKE folds the
 * case of Latin letters only, and a region's teachers are a few thousand rows.
 */
export function searchUsers(db: DbOrTx, q: string, limit: number, offset: number) {
  const all = db.select().from(users).orderBy(users.email).all();
  const found = q ? all.filter((u) => u.email.includes(q) || u.fullName.toLowerCase().includes(q)) : all;
  return { rows: found.slice(offset, offset + limit), total: found.length };
}

/** Deletes sessions past their absolute end or unused for longer than the inactivity window. */
export function deleteExpiredSessions(db: DbOrTx, { nowIso, idleSinceIso }: SessionClock): void {
  db.delete(sessions)
    .where(or(lt(sessions.expiresAt, nowIso), lt(lastUse, idleSinceIso)))
    .run();
}

export function hasSessions(db: DbOrTx, userId: number): boolean {
  return db.select({ id: sessions.id }).from(sessions).where(eq(sessions.userId, userId)).limit(1).get() !== undefined;
}
