import { and, eq, gt, lt, ne } from 'drizzle-orm';
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

export function findLiveSession(db: DbOrTx, id: string, nowIso: string) {
  return db
    .select()
    .from(sessions)
    .where(and(eq(sessions.id, id), gt(sessions.expiresAt, nowIso)))
    .get();
}

export function deleteSession(db: DbOrTx, id: string): void {
  db.delete(sessions).where(eq(sessions.id, id)).run();
}

/** Ends every session of a user but `exceptId` (the one that changed the password). */
export function deleteSessionsOfUser(db: DbOrTx, userId: number, exceptId?: string): void {
  const mine = eq(sessions.userId, userId);
  db.delete(sessions)
    .where(exceptId ? and(mine, ne(sessions.id, exceptId)) : mine)
    .run();
}

export function deleteExpiredSessions(db: DbOrTx, nowIso: string): void {
  db.delete(sessions).where(lt(sessions.expiresAt, nowIso)).run();
}

export function hasSessions(db: DbOrTx, userId: number): boolean {
  return db.select({ id: sessions.id }).from(sessions).where(eq(sessions.userId, userId)).limit(1).get() !== undefined;
}
