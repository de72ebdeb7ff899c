/**
 * Password reset by e-mail: a person asks with their address and gets a link with a random token, valid an hour
 * and once; only its sha256 is stored, and asking again replaces the earlier link. The answer is the same whether
 * the address has an account or not, so the form cannot be used to find out who is registered.
 */
import { randomBytes } from 'node:crypto';
import { and, eq, gt } from 'drizzle-orm';
import { writeTransaction, type Db, type Tx } from '../db/client.js';
import { passwordResetTokens } from '../db/schema.js';
import { AppError } from '../errors.js';
import { SIGNATURE, type Mailer } from '../notifications/mailer.js';
import { normalizeEmail, sha256, type AuthService } from './service.js';
import type { Throttle } from './throttle.js';

export const RESET_TTL_MS = 60 * 60_000;
/** Reset letters one address receives in the throttle's window: more are not sent (the answer stays the same). */
const LETTERS_PER_WINDOW = 3;

/** The reset page's address for a token. */
const resetPath = (token: string) => `/password-reset/${token}`;

/** What every reset request is told, whether or not the address has an account. */
export const RESET_REQUESTED =
  'Если адрес зарегистрирован в банке, на него придёт письмо со ссылкой для смены пароля. Ссылка действует 1 час.';

export interface PasswordResetDeps {
  db: Db;
  auth: Pick<AuthService, 'findUserByEmail' | 'setPasswordAfterReset'>;
  /** Sends the letter; without SMTP_URL the link is only logged (outside production) for a developer. */
  mailer: Pick<Mailer, 'send' | 'sends'>;
  baseUrl: string;
  throttle?: Throttle | undefined;
  /** A reset link proves the address as a confirmation link does: it is marked confirmed in the same transaction. */
  confirmAddress?: ((tx: Tx, userId: number) => void) | undefined;
  now?: () => Date;
}

export function createPasswordReset({
  db,
  auth,
  mailer,
  baseUrl,
  throttle,
  confirmAddress,
  now = () => new Date(),
}: PasswordResetDeps) {
  function liveToken(token: string) {
    return db
      .select()
      .from(passwordResetTokens)
      .where(
        and(eq(passwordResetTokens.tokenHash, sha256(token)), gt(passwordResetTokens.expiresAt, now().toISOString())),
      )
      .get();
  }

  /**
   * Issues a reset link for `user` and queues the letter; `alsoInTx` runs in the same transaction (the admin
   * history records an administrator's «Отправить ссылку»). `sent` is false without SMTP: no letter goes out.
   */
  function sendLink(user: { id: number; email: string; fullName: string }, alsoInTx?: (tx: Tx) => void) {
    const token = randomBytes(32).toString('base64url');
    const link = `${baseUrl}${resetPath(token)}`;
    writeTransaction(db, (tx) => {
      // One live link per person: the newest replaces any earlier one.
      tx.delete(passwordResetTokens).where(eq(passwordResetTokens.userId, user.id)).run();
      tx.insert(passwordResetTokens)
        .values({
          tokenHash: sha256(token),
          userId: user.id,
          expiresAt: new Date(now().getTime() + RESET_TTL_MS).toISOString(),
        })
        .run();
      mailer.send(
        tx,
        `reset:${sha256(token).slice(0, 16)}`,
        {
          to: user.email,
          subject: 'Смена пароля в банке инновационных практик',
          text:
            `Здравствуйте, ${user.fullName}!\n\nКто-то (надеемся, вы) попросил сменить пароль для входа в банк ` +
            `инновационных практик Смоленской области. Чтобы задать новый пароль, откройте ссылку:\n\n${link}\n\n` +
            'Ссылка действует 1 час и только один раз. Если вы не просили сменить пароль, ничего не делайте: ' +
            `ваш пароль останется прежним.\n\n${SIGNATURE}`,
        },
        'password reset link',
        { userId: user.id, link },
      );
      alsoInTx?.(tx);
    });
    return { sent: mailer.sends };
  }

  return {
    /** Sends a reset link if the address has an account; says nothing about whether it has. */
    request(emailInput: string, address: string): void {
      const email = normalizeEmail(emailInput);
      throttle?.record('reset', email, address);
      if (throttle && throttle.countFor('reset', email) > LETTERS_PER_WINDOW) return;
      const user = auth.findUserByEmail(email);
      if (!user || user.disabledAt) return;
      sendLink(user);
    },

    sendLink,

    /** Whether a reset link still works (the page shows the form or says to ask again). */
    isLive(token: string): boolean {
      return liveToken(token) !== undefined;
    },

    /** Sets the new password from a live link; the link is spent and every session of the account ends. */
    async confirm(token: string, newPassword: string): Promise<void> {
      const row = liveToken(token);
      if (!row) throw new AppError('RESET_LINK_INVALID');
      // Spent only with the new password set: a refused password (too common) lets the person try another.
      await auth.setPasswordAfterReset(row.userId, newPassword, (tx) => {
        const spent =
          tx.delete(passwordResetTokens).where(eq(passwordResetTokens.tokenHash, row.tokenHash)).run().changes === 1;
        if (spent) confirmAddress?.(tx, row.userId);
        return spent;
      });
    },
  };
}

export type PasswordReset = ReturnType<typeof createPasswordReset>;
