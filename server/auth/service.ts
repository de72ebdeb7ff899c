/**
 * Accounts and server-side sessions. A session cookie carries a random token; the database keeps only its
 * sha256, with the CSRF token that cookie-authenticated writes must echo in `x-csrf-token`.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../db/client.js';
import { writeTransaction } from '../db/client.js';
import type { Role } from '../db/schema.js';
import { AppError } from '../errors.js';
import { dummyHash, hashPassword, verifyPassword } from './password.js';
import * as repo from './repository.js';

export const SESSION_TTL_MS = 30 * 24 * 60 * 60 * 1000;
/** The administrator made at first start when ADMIN_EMAIL is not set. */
export const FIRST_ADMIN_EMAIL = 'admin@localhost';

/** A signed-in person (an integration's token is a `TokenPrincipal`, see `access/policy.ts`). */
export interface SessionUser {
  kind: 'user';
  id: number;
  email: string;
  fullName: string;
  position: string | null;
  organizationId: number | null;
  roles: Role[];
  mustChangePassword: boolean;
}

export interface Session {
  id: string;
  csrfToken: string;
  expiresAt: string;
  user: SessionUser;
}

export interface NewUser {
  email: string;
  password: string;
  fullName: string;
  position?: string | null | undefined;
  organizationId?: number | null | undefined;
  roles?: Role[];
  mustChangePassword?: boolean;
}

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
export const normalizeEmail = (email: string) => email.normalize('NFC').trim().toLowerCase();

function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === 'SQLITE_CONSTRAINT_UNIQUE';
}

/** A random one-time password: for the first admin, and for accounts made or reset from the command line. */
export const oneTimePassword = () => randomBytes(12).toString('base64url');

export function createAuthService(db: Db, now: () => Date = () => new Date()) {
  function toSessionUser(user: repo.UserRow): SessionUser {
    return {
      kind: 'user',
      id: user.id,
      email: user.email,
      fullName: user.fullName,
      position: user.position,
      organizationId: user.organizationId,
      roles: repo.rolesOf(db, user.id),
      mustChangePassword: user.mustChangePassword,
    };
  }

  /** Creates an account; every account is an author, further roles are granted by an admin. */
  async function createUser(input: NewUser): Promise<SessionUser> {
    return toSessionUser(await insertAccount(input));
  }

  /** Registers an author and signs them in: one password hash, no second check of what was just set. */
  async function register(input: NewUser, userAgent?: string, previousSessionId?: string) {
    return startSession(await insertAccount({ ...input, roles: [] }), userAgent, previousSessionId);
  }

  async function insertAccount(input: NewUser): Promise<repo.UserRow> {
    const email = normalizeEmail(input.email);
    if (repo.findUserByEmail(db, email)) throw new AppError('EMAIL_TAKEN');
    const passwordHash = await hashPassword(input.password);
    try {
      const user = writeTransaction(db, (tx) => {
        const row = repo.insertUser(tx, {
          email,
          passwordHash,
          fullName: input.fullName,
          position: input.position ?? null,
          organizationId: input.organizationId ?? null,
          mustChangePassword: input.mustChangePassword ?? false,
        });
        for (const role of new Set<Role>(['author', ...(input.roles ?? [])])) repo.grantRole(tx, row.id, role);
        return row;
      });
      return user;
    } catch (error) {
      // Two registrations racing for one address: the unique index decides.
      if (isUniqueViolation(error)) throw new AppError('EMAIL_TAKEN');
      throw error;
    }
  }

  /** Checks the password and opens a session; the session the caller came with, if any, ends. */
  async function login(
    emailInput: string,
    password: string,
    userAgent?: string,
    previousSessionId?: string,
  ): Promise<{ token: string; session: Session }> {
    const user = repo.findUserByEmail(db, normalizeEmail(emailInput));
    const ok = await verifyPassword(user?.passwordHash ?? (await dummyHash), password);
    if (!user || !ok) throw new AppError('INVALID_CREDENTIALS');
    if (user.disabledAt) throw new AppError('ACCOUNT_DISABLED');
    return startSession(user, userAgent, previousSessionId);
  }

  function startSession(
    user: repo.UserRow,
    userAgent?: string,
    previousSessionId?: string,
  ): { token: string; session: Session } {
    const token = randomBytes(32).toString('base64url');
    const nowIso = now().toISOString();
    const session = {
      id: sha256(token),
      userId: user.id,
      csrfToken: randomBytes(24).toString('base64url'),
      expiresAt: new Date(now().getTime() + SESSION_TTL_MS).toISOString(),
      userAgent: userAgent?.slice(0, 300) ?? null,
    };
    writeTransaction(db, (tx) => {
      repo.deleteExpiredSessions(tx, nowIso);
      if (previousSessionId) repo.deleteSession(tx, previousSessionId);
      repo.insertSession(tx, session);
    });
    return {
      token,
      session: {
        id: session.id,
        csrfToken: session.csrfToken,
        expiresAt: session.expiresAt,
        user: toSessionUser(user),
      },
    };
  }

  /** The live session a cookie token stands for, or undefined. */
  function authenticate(token: string): Session | undefined {
    const row = repo.findLiveSession(db, sha256(token), now().toISOString());
    if (!row) return undefined;
    const user = repo.findUserById(db, row.userId);
    if (!user || user.disabledAt) return undefined;
    return { id: row.id, csrfToken: row.csrfToken, expiresAt: row.expiresAt, user: toSessionUser(user) };
  }

  function logout(sessionId: string): void {
    writeTransaction(db, (tx) => repo.deleteSession(tx, sessionId));
  }

  /** Changes a password; every other session of the user ends. */
  async function changePassword(
    userId: number,
    currentPassword: string,
    newPassword: string,
    keepSessionId?: string,
  ): Promise<void> {
    const user = repo.findUserById(db, userId);
    if (!user) throw new AppError('USER_NOT_FOUND');
    if (!(await verifyPassword(user.passwordHash, currentPassword))) {
      throw new AppError('VALIDATION_FAILED', undefined, [
        { field: 'currentPassword', message: 'Текущий пароль указан неверно' },
      ]);
    }
    if (newPassword === currentPassword) {
      // A one-time password "changed" to itself would stay valid wherever it was printed.
      throw new AppError('VALIDATION_FAILED', undefined, [
        { field: 'newPassword', message: 'Новый пароль должен отличаться от текущего' },
      ]);
    }
    const passwordHash = await hashPassword(newPassword);
    writeTransaction(db, (tx) => {
      repo.updateUser(tx, userId, { passwordHash, mustChangePassword: false });
      repo.deleteSessionsOfUser(tx, userId, keepSessionId);
    });
  }

  /** Sets a password without knowing the old one (the `user` command); the user must change it at next login. */
  async function resetPassword(email: string, password: string, oneTime: boolean): Promise<void> {
    const user = repo.findUserByEmail(db, normalizeEmail(email));
    if (!user) throw new AppError('USER_NOT_FOUND');
    const passwordHash = await hashPassword(password);
    writeTransaction(db, (tx) => {
      repo.updateUser(tx, user.id, { passwordHash, mustChangePassword: oneTime });
      repo.deleteSessionsOfUser(tx, user.id);
    });
  }

  function setRole(email: string, role: Role, granted: boolean): SessionUser {
    const user = repo.findUserByEmail(db, normalizeEmail(email));
    if (!user) throw new AppError('USER_NOT_FOUND');
    writeTransaction(db, (tx) => (granted ? repo.grantRole(tx, user.id, role) : repo.revokeRole(tx, user.id, role)));
    return toSessionUser(user);
  }

  /**
   * Makes sure an administrator exists. With ADMIN_EMAIL/ADMIN_PASSWORD that account is created; otherwise
   * `admin@localhost` gets a random one-time password, returned so the caller can print it once.
   */
  async function ensureFirstAdmin(
    admin: { email: string; password: string } | undefined,
  ): Promise<{ email: string; password: string } | undefined> {
    const fallback = repo.findUserByEmail(db, FIRST_ADMIN_EMAIL);
    // A one-time password that was never used is issued again at each start: one lost from a terminal is not
    // lost for good, and none stays valid in old logs.
    const unused = fallback && fallback.mustChangePassword && !repo.hasSessions(db, fallback.id) && !admin;
    if (repo.anyUserWithRole(db, 'admin') && !unused) return undefined;
    if (admin) {
      const existing = repo.findUserByEmail(db, normalizeEmail(admin.email));
      if (existing) {
        setRole(existing.email, 'admin', true);
        setRole(existing.email, 'moderator', true);
      } else
        await createUser({
          email: admin.email,
          password: admin.password,
          fullName: 'Администратор',
          roles: ['admin', 'moderator'],
        });
      return undefined;
    }
    const password = oneTimePassword();
    if (fallback) await resetPassword(FIRST_ADMIN_EMAIL, password, true);
    else
      await createUser({
        email: FIRST_ADMIN_EMAIL,
        password,
        fullName: 'Администратор',
        roles: ['admin', 'moderator'],
        mustChangePassword: true,
      });
    return { email: FIRST_ADMIN_EMAIL, password };
  }

  function listAccounts(): SessionUser[] {
    return repo.listUsers(db).map(toSessionUser);
  }

  return {
    createUser,
    register,
    login,
    authenticate,
    logout,
    changePassword,
    resetPassword,
    setRole,
    ensureFirstAdmin,
    listAccounts,
  };
}

export type AuthService = ReturnType<typeof createAuthService>;
