/**
 * Notifications: written in the same transaction as the change they tell about, e-mailed afterwards when SMTP is
 * configured. A failed e-mail never fails the change; it is retried with back-off and, at worst, marked failed.
 */
import { and, asc, desc, eq, inArray, isNull, lte, sql } from 'drizzle-orm';
import type { Transporter } from 'nodemailer';
import { afterCommit, writeTransaction, type Db, type DbOrTx } from '../db/client.js';
import { notifications, userRoles, users } from '../db/schema.js';
import { AppError } from '../errors.js';

export interface Message {
  kind: string;
  practiceId: number | null;
  subject: string;
  body: string;
}

const MAX_ATTEMPTS = 8;
const MAX_BACKOFF_MS = 60 * 60_000;

export interface NotificationDeps {
  db: Db;
  /** Sends mail; undefined without SMTP_URL, and notifications are only stored. */
  transport?: Pick<Transporter, 'sendMail'> | undefined;
  from?: string;
  baseUrl: string;
  log?: { warn(obj: object, msg?: string): void };
}

export function createNotificationService({ db, transport, from = 'bank@localhost', baseUrl, log }: NotificationDeps) {
  let timer: NodeJS.Timeout | undefined;
  let sending: Promise<void> | undefined;
  /** A send was asked for while one ran: go again when it ends, so no notification waits for the next one. */
  let again = false;
  let closed = false;

  function schedule(delayMs = 0): void {
    if (!transport || closed) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(run, delayMs).unref();
  }

  function run(): void {
    if (sending) {
      again = true;
      return;
    }
    sending = sendPending()
      .catch((error: unknown) => log?.warn({ err: error }, 'sending notification e-mails failed'))
      .finally(() => {
        sending = undefined;
        if (again) {
          again = false;
          schedule(0);
        }
      });
  }

  // Whatever waited when the bank stopped (pending, or due for a retry) goes out after a restart.
  schedule(1000);

  /** Sends due e-mails; each failure is recorded on its row and retried later. */
  async function sendPending(): Promise<void> {
    if (!transport) return;
    const due = db
      .select({
        id: notifications.id,
        subject: notifications.subject,
        body: notifications.body,
        attempts: notifications.emailAttempts,
        email: users.email,
      })
      .from(notifications)
      .innerJoin(users, eq(users.id, notifications.userId))
      .where(and(eq(notifications.emailStatus, 'pending'), lte(notifications.emailNextAt, Date.now())))
      .orderBy(asc(notifications.id))
      .limit(50)
      .all();
    let retryIn: number | undefined;
    for (const n of due) {
      try {
        await transport.sendMail({
          from,
          to: n.email,
          subject: n.subject,
          text: `${n.body}\n\n— Банк инновационных практик Смоленской области\n${baseUrl}`,
        });
        db.update(notifications).set({ emailStatus: 'sent', emailError: null }).where(eq(notifications.id, n.id)).run();
      } catch (error) {
        const attempts = n.attempts + 1;
        const delay = Math.min(MAX_BACKOFF_MS, 30_000 * 2 ** attempts);
        db.update(notifications)
          .set({
            emailAttempts: attempts,
            emailNextAt: Date.now() + delay,
            emailStatus: attempts >= MAX_ATTEMPTS ? 'failed' : 'pending',
            emailError: String((error as Error).message).slice(0, 500),
          })
          .where(eq(notifications.id, n.id))
          .run();
        log?.warn({ err: error, notification: n.id, attempts }, 'notification e-mail failed');
        retryIn = Math.min(retryIn ?? delay, delay);
      }
    }
    if (due.length === 50) schedule(0);
    else if (retryIn !== undefined) schedule(retryIn);
  }

  return {
    /** Stores a notification for each user, inside the caller's transaction; e-mails go out after it commits. */
    notify(tx: DbOrTx, userIds: Iterable<number>, message: Message): void {
      const ids = [...new Set(userIds)];
      if (ids.length === 0) return;
      tx.insert(notifications)
        .values(
          ids.map((userId) => ({
            userId,
            ...message,
            emailStatus: transport ? ('pending' as const) : ('none' as const),
          })),
        )
        .run();
      afterCommit(() => schedule(0));
    },

    /** Users holding a role (for "a new submission" to every moderator). */
    usersWithRole(tx: DbOrTx, role: 'moderator' | 'admin'): number[] {
      return tx
        .select({ id: userRoles.userId })
        .from(userRoles)
        .where(eq(userRoles.role, role))
        .all()
        .map((r) => r.id);
    },

    list(userId: number, unreadOnly: boolean, limit: number, offset: number) {
      const where = unreadOnly
        ? and(eq(notifications.userId, userId), isNull(notifications.readAt))
        : eq(notifications.userId, userId);
      const items = db
        .select({
          id: notifications.id,
          kind: notifications.kind,
          practiceId: notifications.practiceId,
          subject: notifications.subject,
          body: notifications.body,
          createdAt: notifications.createdAt,
          readAt: notifications.readAt,
        })
        .from(notifications)
        .where(where)
        .orderBy(desc(notifications.id))
        .limit(limit)
        .offset(offset)
        .all();
      const unread =
        db
          .select({ n: sql<number>`count(*)` })
          .from(notifications)
          .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)))
          .get()?.n ?? 0;
      return { items, unread };
    },

    /** Marks the user's notifications as read (all of them when `ids` is undefined). */
    markRead(userId: number, ids?: number[]): number {
      return writeTransaction(db, (tx) => {
        const mine = eq(notifications.userId, userId);
        if (ids) {
          const owned = tx
            .select({ id: notifications.id })
            .from(notifications)
            .where(and(mine, inArray(notifications.id, ids)))
            .all();
          if (owned.length !== ids.length) throw new AppError('NOTIFICATION_NOT_FOUND');
        }
        return tx
          .update(notifications)
          .set({ readAt: new Date().toISOString() })
          .where(and(mine, isNull(notifications.readAt), ...(ids ? [inArray(notifications.id, ids)] : [])))
          .run().changes;
      });
    },

    /** Sends what is due now (also called by tests). */
    sendPending,

    /** Stops scheduling and waits for a send in progress, so it never outlives the database. */
    async close(): Promise<void> {
      closed = true;
      if (timer) clearTimeout(timer);
      await sending;
    },
  };
}

export type NotificationService = ReturnType<typeof createNotificationService>;
