/**
 * Accounts as administrators manage them: roles, disabling, ending sessions, a password reset letter and a
 * one-time password. Each change and its line in the admin history are one transaction. The bank always keeps an
 * administrator who can sign in: the last one can neither lose the role nor be disabled.
 */
import { and, count, eq, gt, isNull } from 'drizzle-orm';
import type { PasswordReset } from '../auth/reset.js';
import * as authRepo from '../auth/repository.js';
import { oneTimePassword, type AuthService } from '../auth/service.js';
import { writeTransaction, type Db, type Tx } from '../db/client.js';
import { sessions, userRoles, users, type Role } from '../db/schema.js';
import { AppError } from '../errors.js';
import { recordAdminAction, type AdminActor } from '../history/admin.js';

/** How the admin area names roles. */
export const ROLE_LABELS: Record<Role, string> = {
  author: 'автор',
  moderator: 'модератор',
  admin: 'администратор',
  curator: 'куратор подборок',
};

/** An account as the admin area shows it. */
export interface AdminAccount {
  id: number;
  email: string;
  fullName: string;
  position: string | null;
  roles: Role[];
  mustChangePassword: boolean;
  disabledAt: string | null;
  lastSignInAt: string | null;
  createdAt: string;
  /** Live sessions (devices signed in now). */
  sessions: number;
}

export interface AdminUsersDeps {
  db: Db;
  passwordReset: Pick<PasswordReset, 'sendLink'>;
  auth: Pick<AuthService, 'hashPassword'>;
  now?: () => Date;
}

export function createAdminUsers({ db, passwordReset, auth, now = () => new Date() }: AdminUsersDeps) {
  function row(tx: Db | Tx, id: number) {
    const user = authRepo.findUserById(tx, id);
    if (!user) throw new AppError('USER_NOT_FOUND');
    return user;
  }

  /** Administrators who can still sign in. */
  function activeAdmins(tx: Tx): number {
    return (
      tx
        .select({ n: count() })
        .from(userRoles)
        .innerJoin(users, eq(users.id, userRoles.userId))
        .where(and(eq(userRoles.role, 'admin'), isNull(users.disabledAt)))
        .get()?.n ?? 0
    );
  }

  /** Refuses a change that would leave no administrator able to sign in (checked inside the change's transaction). */
  function keepAnAdmin(tx: Tx, userId: number): void {
    const user = row(tx, userId);
    const isActiveAdmin = user.disabledAt === null && authRepo.rolesOf(tx, userId).includes('admin');
    if (isActiveAdmin && activeAdmins(tx) <= 1) throw new AppError('LAST_ADMIN');
  }

  const label = (user: { fullName: string; email: string }) => `${user.fullName} (${user.email})`;

  /** One account with its roles, state and live sessions. */
  function account(id: number): AdminAccount {
    const user = row(db, id);
    const live =
      db
        .select({ n: count() })
        .from(sessions)
        .where(and(eq(sessions.userId, id), gt(sessions.expiresAt, now().toISOString())))
        .get()?.n ?? 0;
    return {
      id: user.id,
      email: user.email,
      fullName: user.fullName,
      position: user.position,
      roles: authRepo.rolesOf(db, id),
      mustChangePassword: user.mustChangePassword,
      disabledAt: user.disabledAt,
      lastSignInAt: user.lastSignInAt,
      createdAt: user.createdAt,
      sessions: live,
    };
  }

  return {
    account,

    /** Grants or revokes a role; revoking the last active administrator's `admin` is refused. */
    setRole(actor: AdminActor, id: number, role: Role, granted: boolean): void {
      writeTransaction(db, (tx) => {
        const user = row(tx, id);
        const has = authRepo.rolesOf(tx, id).includes(role);
        if (has === granted) return; // already so: nothing changes, nothing to record
        if (!granted && role === 'admin') keepAnAdmin(tx, id);
        if (granted) authRepo.grantRole(tx, id, role);
        else authRepo.revokeRole(tx, id, role);
        recordAdminAction(tx, actor, {
          action: granted ? 'user.role_granted' : 'user.role_revoked',
          targetType: 'user',
          targetId: String(id),
          summary: `${label(user)}: роль «${ROLE_LABELS[role]}» ${granted ? 'выдана' : 'снята'}`,
          details: { role },
        });
      });
    },

    /**
     * Disables an account (it cannot sign in; its sessions end at once, and the API tokens it issued stop working)
     * or enables it again. An admin cannot disable themself, nor the last active administrator.
     */
    setDisabled(actor: AdminActor, id: number, disabled: boolean): void {
      if (disabled && actor.userId === id) throw new AppError('SELF_LOCKOUT');
      writeTransaction(db, (tx) => {
        const user = row(tx, id);
        if ((user.disabledAt !== null) === disabled) return;
        if (disabled) keepAnAdmin(tx, id);
        authRepo.updateUser(tx, id, { disabledAt: disabled ? now().toISOString() : null });
        const ended = disabled ? authRepo.deleteSessionsOfUser(tx, id) : 0;
        recordAdminAction(tx, actor, {
          action: disabled ? 'user.disabled' : 'user.enabled',
          targetType: 'user',
          targetId: String(id),
          summary: `${label(user)}: учётная запись ${disabled ? 'отключена' : 'снова включена'}`,
          ...(disabled ? { details: { sessionsEnded: ended } } : {}),
        });
      });
    },

    /** Ends every session of an account (a lost phone, a shared computer); returns how many ended. */
    endSessions(actor: AdminActor, id: number): number {
      return writeTransaction(db, (tx) => {
        const user = row(tx, id);
        const ended = authRepo.deleteSessionsOfUser(tx, id);
        recordAdminAction(tx, actor, {
          action: 'user.sessions_ended',
          targetType: 'user',
          targetId: String(id),
          summary: `${label(user)}: завершены все сеансы (${ended})`,
          details: { sessionsEnded: ended },
        });
        return ended;
      });
    },

    /** Sends the person a reset link, as «Забыли пароль?» does; `sent` is false when the bank has no mail. */
    sendPasswordReset(actor: AdminActor, id: number): { sent: boolean; email: string } {
      const user = row(db, id);
      // The admin may act; the account's state forbids it — a conflict, not a lack of rights.
      if (user.disabledAt !== null) throw new AppError('USER_DISABLED');
      const { sent } = passwordReset.sendLink(user, (tx) =>
        recordAdminAction(tx, actor, {
          action: 'user.password_reset_sent',
          targetType: 'user',
          targetId: String(id),
          summary: `${label(user)}: отправлена ссылка для смены пароля`,
        }),
      );
      return { sent, email: user.email };
    },

    /**
     * A new random password the person must change at sign-in, for one who cannot receive mail; their sessions
     * end. The password is returned once and kept nowhere.
     */
    async issueOneTimePassword(actor: AdminActor, id: number): Promise<{ account: AdminAccount; password: string }> {
      row(db, id);
      const password = oneTimePassword();
      const passwordHash = await auth.hashPassword(password);
      writeTransaction(db, (tx) => {
        const user = row(tx, id);
        authRepo.updateUser(tx, id, { passwordHash, mustChangePassword: true });
        authRepo.deleteSessionsOfUser(tx, id);
        recordAdminAction(tx, actor, {
          action: 'user.one_time_password',
          targetType: 'user',
          targetId: String(id),
          summary: `${label(user)}: выдан одноразовый пароль`,
        });
      });
      return { account: account(id), password };
    },
  };
}

export type AdminUsers = ReturnType<typeof createAdminUsers>;
