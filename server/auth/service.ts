/**
 * Accounts and server-side sessions. A session cookie carries a random token; the database keeps only its
 * sha256, with the CSRF token that cookie-authenticated writes must echo in `x-csrf-token`.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../db/client.js';
import { writeTransaction, type Tx } from '../db/client.js';
import type { Role } from '../db/schema.js';
import { AppError, validationError } from '../errors.js';
import { createPasswords, type Passwords } from './password.js';
import { passwordProblem } from './password-rules.js';
import * as repo from './repository.js';
import { createSessionList } from './sessions.js';
import type { Throttle } from './throttle.js';

export const SESSION_TTL_MS = 30 * 24 * 60 * 60 * 1000;
/** The administrator made at first start when ADMIN_EMAIL is not set. */
const FIRST_ADMIN_EMAIL = 'admin@localhost';

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
  /** The owner opened the confirmation link (or the account was made by an admin): only then may it write. */
  emailConfirmed: boolean;
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

/** What registration does once the account exists, in the transaction that made it (send the confirmation link). */
export type AfterInsert = (tx: Tx, user: repo.UserRow) => void;

export const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
export const normalizeEmail = (email: string) => email.normalize('NFC').trim().toLowerCase();
/**
 * A session's last use is written at most this often: a page view need not be a database write. It bounds how
 * late the inactivity timeout can end a session (by this much), far below the hours the timeout counts.
 */
const LAST_SEEN_STEP_MS = 60_000;
/** Sessions unused this long end (ASVS 7.3.1), beside the absolute 30 days; configurable by SESSION_IDLE_HOURS. */
export const DEFAULT_SESSION_IDLE_MS = 8 * 60 * 60 * 1000;

/** Where a sign-in, registration or reset comes from, for the limits on guessing. */
export interface Caller {
  userAgent?: string | undefined;
  address: string;
  /** The session the browser came with, ended when a new one opens. */
  previousSessionId?: string | undefined;
}

export interface AuthOptions {
  now?: () => Date;
  /** How long a session may go unused before it ends. */
  sessionIdleMs?: number;
  /** Limits on guessing; without it (the command-line tools) nothing is limited. */
  throttle?: Throttle;
  /** Hashing at the bank's cost (`Config.passwordCost`); OWASP's baseline unless said. */
  passwords?: Passwords;
  /** How a slowed attempt waits; tests pass one that records instead of sleeping. */
  sleep?: (ms: number) => Promise<void>;
}

/** Refuses a new password that is common or is the person's e-mail or name, on `field`. */
export function assertGoodPassword(field: string, password: string, person: { email: string; fullName?: string }) {
  const problem = passwordProblem(password, person);
  if (problem) throw validationError([{ field, message: problem }]);
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === 'SQLITE_CONSTRAINT_UNIQUE';
}

/** A random one-time password: for the first admin, and for accounts made or reset from the command line. */
export const oneTimePassword = () => randomBytes(12).toString('base64url');

export function createAuthService(db: Db, options: AuthOptions = {}) {
  const now = options.now ?? (() => new Date());
  const idleMs = options.sessionIdleMs ?? DEFAULT_SESSION_IDLE_MS;
  const passwords = options.passwords ?? createPasswords();
  /** The moment, and the earliest last use a live session may have. */
  const sessionClock = (at = now()): repo.SessionClock => ({
    nowIso: at.toISOString(),
    idleSinceIso: new Date(at.getTime() - idleMs).toISOString(),
  });
  const { throttle } = options;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  /** An address with many failures waits before its attempt is looked at: slowed, never refused. */
  async function slowDown(address: string): Promise<void> {
    const wait = throttle?.delayFor(address) ?? 0;
    if (wait > 0) await sleep(wait);
  }

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
      emailConfirmed: user.emailConfirmedAt !== null,
    };
  }

  /**
   * Creates an account whose address counts as confirmed (the `user` command, the first administrator, demo data,
   * tests): every account is an author, further roles are granted by an admin.
   */
  async function createUser(input: NewUser): Promise<SessionUser> {
    return toSessionUser(await insertAccount(input, true));
  }

  /**
   * Creates a registered author whose address waits for confirmation; `after` runs in the same transaction. The
   * address must be new (EMAIL_TAKEN otherwise, also when a concurrent registration won the race).
   */
  async function createUnconfirmed(input: NewUser, after: AfterInsert): Promise<void> {
    await insertAccount({ ...input, roles: [] }, false, after);
  }

  async function insertAccount(input: NewUser, confirmed: boolean, after?: AfterInsert): Promise<repo.UserRow> {
    const email = normalizeEmail(input.email);
    if (repo.findUserByEmail(db, email)) throw new AppError('EMAIL_TAKEN');
    const passwordHash = await passwords.hash(input.password);
    try {
      const user = writeTransaction(db, (tx) => {
        const row = repo.insertUser(tx, {
          email,
          passwordHash,
          fullName: input.fullName,
          position: input.position ?? null,
          organizationId: input.organizationId ?? null,
          mustChangePassword: input.mustChangePassword ?? false,
          emailConfirmedAt: confirmed ? now().toISOString() : null,
        });
        for (const role of new Set<Role>(['author', ...(input.roles ?? [])])) repo.grantRole(tx, row.id, role);
        after?.(tx, row);
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
    caller: Caller,
  ): Promise<{ token: string; session: Session }> {
    const account = normalizeEmail(emailInput);
    throttle?.assertNotPaused(account);
    await slowDown(caller.address);
    const user = repo.findUserByEmail(db, account);
    const ok = await passwords.verify(user?.passwordHash ?? (await passwords.dummyHash()), password);
    if (!user || !ok) {
      // An unknown address counts too: otherwise the pause would tell which addresses have accounts.
      throttle?.record('login', account, caller.address);
      throttle?.assertNotPaused(account);
      throw new AppError('INVALID_CREDENTIALS');
    }
    if (user.disabledAt) throw new AppError('ACCOUNT_DISABLED');
    throttle?.forget('login', account);
    return startSession(user, caller.userAgent, caller.previousSessionId);
  }

  /** Signs in an account that proved its address by a link (no password asked); a disabled one is refused. */
  function signInByLink(userId: number, caller: Omit<Caller, 'address'>): { token: string; session: Session } {
    const user = repo.findUserById(db, userId);
    if (!user) throw new AppError('USER_NOT_FOUND');
    if (user.disabledAt) throw new AppError('ACCOUNT_DISABLED');
    return startSession(user, caller.userAgent, caller.previousSessionId);
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
      lastSeenAt: nowIso,
    };
    writeTransaction(db, (tx) => {
      repo.deleteExpiredSessions(tx, sessionClock());
      if (previousSessionId) repo.deleteSession(tx, previousSessionId);
      repo.insertSession(tx, session);
      repo.updateUser(tx, user.id, { lastSignInAt: nowIso });
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
    const nowDate = now();
    const row = repo.findLiveSession(db, sha256(token), sessionClock(nowDate));
    if (!row) return undefined;
    const user = repo.findUserById(db, row.userId);
    if (!user || user.disabledAt) return undefined;
    if (!row.lastSeenAt || nowDate.getTime() - new Date(row.lastSeenAt).getTime() > LAST_SEEN_STEP_MS)
      writeTransaction(db, (tx) => repo.touchSession(tx, row.id, nowDate.toISOString()));
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
    if (!(await passwords.verify(user.passwordHash, currentPassword))) {
      throw validationError([{ field: 'currentPassword', message: 'Текущий пароль указан неверно' }]);
    }
    if (newPassword === currentPassword) {
      // A one-time password "changed" to itself would stay valid wherever it was printed.
      throw validationError([{ field: 'newPassword', message: 'Новый пароль должен отличаться от текущего' }]);
    }
    assertGoodPassword('newPassword', newPassword, user);
    const passwordHash = await passwords.hash(newPassword);
    writeTransaction(db, (tx) => {
      repo.updateUser(tx, userId, { passwordHash, mustChangePassword: false });
      repo.deleteSessionsOfUser(tx, userId, keepSessionId);
    });
  }

  /** Sets a password without knowing the old one (the `user` command); the user must change it at next login. */
  async function resetPassword(email: string, password: string, oneTime: boolean): Promise<void> {
    const user = repo.findUserByEmail(db, normalizeEmail(email));
    if (!user) throw new AppError('USER_NOT_FOUND');
    const passwordHash = await passwords.hash(password);
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

  /** Changes what the account page edits: name, position, organisation. */
  function updateProfile(
    userId: number,
    profile: { fullName: string; position: string | null; organizationId: number | null },
  ): SessionUser {
    writeTransaction(db, (tx) => repo.updateUser(tx, userId, profile));
    const user = repo.findUserById(db, userId);
    if (!user) throw new AppError('USER_NOT_FOUND');
    return toSessionUser(user);
  }

  /** An admin's «Выдать одноразовый пароль»: a new random password the person must change; their sessions end. */
  async function issueOneTimePassword(userId: number): Promise<{ user: SessionUser; password: string }> {
    const user = repo.findUserById(db, userId);
    if (!user) throw new AppError('USER_NOT_FOUND');
    const password = oneTimePassword();
    await resetPassword(user.email, password, true);
    return { user: toSessionUser({ ...user, mustChangePassword: true }), password };
  }

  /** Accounts whose e-mail or name contains `q` (all when empty), for the admins' list. */
  function findAccounts(q: string, limit: number, offset: number) {
    const { rows, total } = repo.searchUsers(db, q.trim().toLowerCase(), limit, offset);
    return { items: rows.map(toSessionUser), total };
  }

  /** Sets a password after the person proved they own the address (a reset link); every session ends. */
  async function setPasswordAfterReset(userId: number, newPassword: string, spend: (tx: Tx) => boolean): Promise<void> {
    const user = repo.findUserById(db, userId);
    if (!user) throw new AppError('RESET_LINK_INVALID');
    assertGoodPassword('newPassword', newPassword, user);
    const passwordHash = await passwords.hash(newPassword);
    writeTransaction(db, (tx) => {
      // The link is spent in the same transaction: of two tabs sending it at once, one wins.
      if (!spend(tx)) throw new AppError('RESET_LINK_INVALID');
      repo.updateUser(tx, userId, { passwordHash, mustChangePassword: false });
      repo.deleteSessionsOfUser(tx, userId);
    });
    throttle?.forget('login', user.email);
  }

  return {
    /** A hash at the bank's cost, for work that must take a real hash's time (registration of a known address). */
    hashPassword: passwords.hash,
    createUser,
    createUnconfirmed,
    slowDown,
    signInByLink,
    login,
    authenticate,
    logout,
    changePassword,
    resetPassword,
    setRole,
    ensureFirstAdmin,
    listAccounts,
    ...createSessionList(db, sessionClock),
    updateProfile,
    issueOneTimePassword,
    findAccounts,
    setPasswordAfterReset,
    findUserByEmail: (email: string) => repo.findUserByEmail(db, normalizeEmail(email)),
  };
}

export type AuthService = ReturnType<typeof createAuthService>;
