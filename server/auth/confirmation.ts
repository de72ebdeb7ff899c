/**
 * Confirming an account's address: registration sends a link with a random token (only its sha256 is stored),
 * valid 48 hours and once; opening it marks the address confirmed, and only then may the account write. Asking
 * again replaces the earlier link, a few times per window at most.
 */
import { randomBytes } from 'node:crypto';
import { and, eq, gt, isNull } from 'drizzle-orm';
import { writeTransaction, type Db, type Tx } from '../db/client.js';
import { emailConfirmations, users } from '../db/schema.js';
import { AppError } from '../errors.js';
import { SIGNATURE, type Mailer } from '../notifications/mailer.js';
import { sha256 } from './service.js';
import { WORKSPACE } from '../web/pages/workspace/paths.js';
import type { Throttle } from './throttle.js';

export const CONFIRM_TTL_MS = 48 * 60 * 60_000;
/** Confirmation letters one account may ask for in the throttle's window (the first one at registration aside). */
export const RESENDS_PER_WINDOW = 3;

/** Whom a link is for: the account's id, address and name. */
export interface Addressee {
  id: number;
  email: string;
  fullName: string;
}

export interface EmailConfirmationDeps {
  db: Db;
  mailer: Pick<Mailer, 'send'>;
  baseUrl: string;
  throttle?: Throttle | undefined;
  now?: () => Date;
}

export function createEmailConfirmation({
  db,
  mailer,
  baseUrl,
  throttle,
  now = () => new Date(),
}: EmailConfirmationDeps) {
  /** Work to do in the transaction that confirms an address (invitations waiting for it reach the account). */
  const onConfirmed: ((tx: Tx, user: Addressee) => void)[] = [];

  function liveToken(token: string) {
    return db
      .select()
      .from(emailConfirmations)
      .where(
        and(eq(emailConfirmations.tokenHash, sha256(token)), gt(emailConfirmations.expiresAt, now().toISOString())),
      )
      .get();
  }

  /**
   * Issues a new link for the account (the earlier one dies) and queues its letter, in the caller's transaction;
   * returns the link's token (the letter carries it; tests follow it as a person would).
   */
  function issue(tx: Tx, user: Addressee): string {
    const token = randomBytes(32).toString('base64url');
    const link = `${baseUrl}${WORKSPACE.confirmLink(token)}`;
    tx.delete(emailConfirmations).where(eq(emailConfirmations.userId, user.id)).run();
    tx.insert(emailConfirmations)
      .values({
        tokenHash: sha256(token),
        userId: user.id,
        expiresAt: new Date(now().getTime() + CONFIRM_TTL_MS).toISOString(),
      })
      .run();
    mailer.send(
      tx,
      `confirm:${sha256(token).slice(0, 16)}`,
      {
        to: user.email,
        subject: 'Подтвердите адрес в банке инновационных практик',
        text:
          `Здравствуйте, ${user.fullName}!\n\nС этим адресом зарегистрировались в банке инновационных практик ` +
          `Смоленской области. Чтобы подтвердить, что адрес ваш, и начать публиковать практики, откройте ссылку:\n\n` +
          `${link}\n\nСсылка действует 48 часов и только один раз. Если вы не регистрировались, ничего не делайте: ` +
          `без подтверждения учётная запись ничего не сможет опубликовать.\n\n${SIGNATURE}`,
      },
      'email confirmation link',
      { userId: user.id, link },
    );
    return token;
  }

  /** Marks the address confirmed (once) and runs what waited for it, in the caller's transaction. */
  function markConfirmed(tx: Tx, userId: number): void {
    const user = tx
      .update(users)
      .set({ emailConfirmedAt: now().toISOString() })
      .where(and(eq(users.id, userId), isNull(users.emailConfirmedAt)))
      .returning({ id: users.id, email: users.email, fullName: users.fullName })
      .get();
    tx.delete(emailConfirmations).where(eq(emailConfirmations.userId, userId)).run();
    if (user) for (const work of onConfirmed) work(tx, user);
  }

  return {
    issue,
    markConfirmed,

    /** Adds work to the transaction that confirms an address. */
    whenConfirmed(work: (tx: Tx, user: Addressee) => void): void {
      onConfirmed.push(work);
    },

    /** Whether a link still works (the page shows its button, or says to ask for a new one). */
    isLive(token: string): boolean {
      return liveToken(token) !== undefined;
    },

    /** Spends a live link and confirms its account's address; returns the account's id. */
    confirm(token: string): number {
      return writeTransaction(db, (tx) => {
        const row = liveToken(token);
        // Spent in the same transaction that confirms: of two tabs opening it at once, one wins.
        if (
          !row ||
          tx.delete(emailConfirmations).where(eq(emailConfirmations.tokenHash, row.tokenHash)).run().changes !== 1
        )
          throw new AppError('CONFIRM_LINK_INVALID');
        markConfirmed(tx, row.userId);
        return row.userId;
      });
    },

    /** Sends a new link to a signed-in account whose address is not confirmed yet; limited per window. */
    resend(user: Addressee & { emailConfirmed: boolean }, address: string): void {
      if (user.emailConfirmed) throw new AppError('EMAIL_ALREADY_CONFIRMED');
      if (throttle && throttle.countFor('confirm', user.email) >= RESENDS_PER_WINDOW)
        throw new AppError(
          'RATE_LIMITED',
          'Письмо уже отправлено несколько раз: проверьте папку «Спам» или попробуйте через 15 минут',
        );
      throttle?.record('confirm', user.email, address);
      writeTransaction(db, (tx) => void issue(tx, user));
    },
  };
}

export type EmailConfirmation = ReturnType<typeof createEmailConfirmation>;
