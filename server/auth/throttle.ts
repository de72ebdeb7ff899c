/**
 * Limits on guessing: failed sign-ins, registrations and reset requests are written to `auth_attempts` (so a
 * restart forgets nothing). An account with too many failed sign-ins in the window is paused until the window
 * has passed since its last failure; an address is never locked out — a school's teachers share one — its
 * attempts are only slowed down once it has many failures, so guessing across accounts gets expensive.
 */
import { and, count, eq, gte, lt, max } from 'drizzle-orm';
import { writeTransaction, type Db } from '../db/client.js';
import type { AUTH_ATTEMPT_KINDS } from '../db/schema.js';
import { authAttempts } from '../db/schema.js';
import { AppError } from '../errors.js';

export type AttemptKind = (typeof AUTH_ATTEMPT_KINDS)[number];

export interface ThrottleLimits {
  /** Failed sign-ins of one account in the window after which its sign-in is paused. */
  accountFailures: number;
  /** The window failures are counted in, and how long a pause lasts after the last failure. */
  windowMs: number;
  /** Failures from one address in the window after which each of its attempts is slowed down. */
  addressFailures: number;
  /** The longest a slowed attempt waits. */
  maxDelayMs: number;
}

/** Each failure past the address's allowance adds this much waiting, up to `maxDelayMs`. */
const DELAY_STEP_MS = 250;

const TIME = new Intl.DateTimeFormat('ru-RU', { hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Moscow' });

/** The Russian refusal of a paused account, naming the time (Moscow, as Smolensk lives) to try again. */
export function pausedMessage(until: Date, failures: number): string {
  return (
    `Вход в эту учётную запись приостановлен: ${failures} неудачных попыток подряд. ` +
    `Попробуйте снова после ${TIME.format(until)} по московскому времени или восстановите пароль по ссылке «Забыли пароль?»`
  );
}

export function createThrottle(db: Db, limits: ThrottleLimits, now: () => Date = () => new Date()) {
  const since = () => new Date(now().getTime() - limits.windowMs).toISOString();

  /** When a paused account may try again, or undefined when it is not paused. */
  function pausedUntil(account: string): Date | undefined {
    const row = db
      .select({ n: count(), last: max(authAttempts.at) })
      .from(authAttempts)
      .where(and(eq(authAttempts.kind, 'login'), eq(authAttempts.account, account), gte(authAttempts.at, since())))
      .get();
    if (!row || row.n < limits.accountFailures || !row.last) return undefined;
    return new Date(new Date(row.last).getTime() + limits.windowMs);
  }

  return {
    /** Refuses a sign-in to a paused account with the Russian message the page and the API both show. */
    assertNotPaused(account: string): void {
      const until = pausedUntil(account);
      if (until) throw new AppError('SIGN_IN_PAUSED', pausedMessage(until, limits.accountFailures));
    },

    pausedUntil,

    /** How long an attempt from this address waits first: nothing until it has many failures in the window. */
    delayFor(address: string): number {
      const row = db
        .select({ n: count() })
        .from(authAttempts)
        .where(and(eq(authAttempts.address, address), gte(authAttempts.at, since())))
        .get();
      const over = (row?.n ?? 0) - limits.addressFailures;
      return over <= 0 ? 0 : Math.min(limits.maxDelayMs, over * DELAY_STEP_MS);
    },

    /** Counts attempts of one kind for an account in the window (reset e-mails sent, say). */
    countFor(kind: AttemptKind, account: string): number {
      return (
        db
          .select({ n: count() })
          .from(authAttempts)
          .where(and(eq(authAttempts.kind, kind), eq(authAttempts.account, account), gte(authAttempts.at, since())))
          .get()?.n ?? 0
      );
    },

    /** Writes down an attempt that counts against the account and the address; old ones are dropped. */
    record(kind: AttemptKind, account: string | null, address: string): void {
      writeTransaction(db, (tx) => {
        tx.delete(authAttempts).where(lt(authAttempts.at, since())).run();
        tx.insert(authAttempts).values({ kind, account, address, at: now().toISOString() }).run();
      });
    },

    /** A successful sign-in forgets the account's failures. */
    forget(kind: AttemptKind, account: string): void {
      writeTransaction(db, (tx) =>
        tx
          .delete(authAttempts)
          .where(and(eq(authAttempts.kind, kind), eq(authAttempts.account, account)))
          .run(),
      );
    },
  };
}

export type Throttle = ReturnType<typeof createThrottle>;
