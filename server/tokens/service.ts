/**
 * API tokens for integrations: created and revoked by admins, shown once, stored as sha256. A token acts with
 * its scope only: `read` sees what moderators see, `moderate` may also moderate; neither may author.
 */
import { createHash, randomBytes } from 'node:crypto';
import { and, desc, eq } from 'drizzle-orm';
import type { TokenPrincipal } from '../access/policy.js';
import type { SessionUser } from '../auth/service.js';
import type { Db } from '../db/client.js';
import { writeTransaction } from '../db/client.js';
import { apiTokens, userRoles, users, type TokenScope } from '../db/schema.js';
import { AppError } from '../errors.js';
import { recordAdminAction, type AdminActor } from '../history/admin.js';

/** How people read a token's scope. */
export const SCOPE_LABELS: Record<TokenScope, string> = { read: 'только чтение', moderate: 'чтение и модерация' };

const actorOf = (admin: SessionUser): AdminActor => ({ userId: admin.id, name: admin.fullName });

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
/** Recorded at most once a minute per token: a busy integration must not write on every request. */
const LAST_USED_EVERY_MS = 60_000;

export function createTokenService(db: Db) {
  const lastUsed = new Map<number, number>();

  return {
    /** Issues a token; the returned secret is never shown again. */
    create(admin: SessionUser, name: string, scope: TokenScope) {
      const secret = `pb_${randomBytes(24).toString('base64url')}`;
      const row = writeTransaction(db, (tx) => {
        const created = tx
          .insert(apiTokens)
          .values({ name, scope, tokenHash: sha256(secret), createdBy: admin.id })
          .returning()
          .get();
        recordAdminAction(tx, actorOf(admin), {
          action: 'token.issued',
          targetType: 'token',
          targetId: String(created.id),
          summary: `Выпущен ключ API «${name}» (${SCOPE_LABELS[scope]})`,
          details: { scope },
        });
        return created;
      });
      return { id: row.id, name: row.name, scope: row.scope, createdAt: row.createdAt, token: secret };
    },

    list() {
      return db
        .select({
          id: apiTokens.id,
          name: apiTokens.name,
          scope: apiTokens.scope,
          createdAt: apiTokens.createdAt,
          lastUsedAt: apiTokens.lastUsedAt,
          revokedAt: apiTokens.revokedAt,
          createdBy: users.fullName,
        })
        .from(apiTokens)
        .innerJoin(users, eq(users.id, apiTokens.createdBy))
        .orderBy(desc(apiTokens.id))
        .all();
    },

    /** Revokes a token at once; revoking one already revoked changes nothing. */
    revoke(admin: SessionUser, id: number): void {
      writeTransaction(db, (tx) => {
        const row = tx.select().from(apiTokens).where(eq(apiTokens.id, id)).get();
        if (!row) throw new AppError('TOKEN_NOT_FOUND');
        if (row.revokedAt !== null) return;
        tx.update(apiTokens).set({ revokedAt: new Date().toISOString() }).where(eq(apiTokens.id, id)).run();
        recordAdminAction(tx, actorOf(admin), {
          action: 'token.revoked',
          targetType: 'token',
          targetId: String(id),
          summary: `Отозван ключ API «${row.name}»`,
        });
      });
    },

    /**
     * The integration a bearer token stands for, or undefined. It acts for the admin who issued it, with its scope
     * only: holding no role, it owns and edits nothing.
     */
    authenticate(secret: string): TokenPrincipal | undefined {
      const row = db
        .select()
        .from(apiTokens)
        .where(eq(apiTokens.tokenHash, sha256(secret)))
        .get();
      if (!row || row.revokedAt !== null) return undefined;
      // A token acts for its issuer: it stops when they are disabled or no longer an admin.
      const issuer = db.select({ disabledAt: users.disabledAt }).from(users).where(eq(users.id, row.createdBy)).get();
      const stillAdmin = db
        .select({ role: userRoles.role })
        .from(userRoles)
        .where(and(eq(userRoles.userId, row.createdBy), eq(userRoles.role, 'admin')))
        .get();
      if (!issuer || issuer.disabledAt !== null || !stillAdmin) return undefined;
      const previous = lastUsed.get(row.id) ?? 0;
      if (Date.now() - previous > LAST_USED_EVERY_MS) {
        lastUsed.set(row.id, Date.now());
        db.update(apiTokens).set({ lastUsedAt: new Date().toISOString() }).where(eq(apiTokens.id, row.id)).run();
      }
      return { kind: 'token', tokenId: row.id, issuerId: row.createdBy, name: row.name, scope: row.scope };
    },
  };
}

export type TokenService = ReturnType<typeof createTokenService>;
