/**
 * Notifications: written in the same transaction as the change they tell about, e-mailed afterwards when SMTP is
 * configured, as `email` jobs. A failed e-mail never fails the change; the job is retried with back-off and, at
 * worst, the notification is marked failed.
 */
import { and, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Transporter } from 'nodemailer';
import { writeTransaction, type Db, type DbOrTx } from '../db/client.js';
import { notifications, practices, userRoles, users } from '../db/schema.js';
import { AppError } from '../errors.js';
import type { JobRunner } from '../jobs/runner.js';
import { composeEmail } from './email.js';
import { emailDeclined } from './preferences.js';
import type { Message } from './messages.js';

export type { Message } from './messages.js';

const MAX_ATTEMPTS = 8;
/** An SMTP conversation that has not ended by then is cut: the socket timeouts below end it for real. */
const SEND_TIMEOUT_MS = 60_000;

/** Socket limits for nodemailer, inside the job's timeout, so an aborted send does not linger on the wire. */
export const SMTP_TIMEOUTS = { connectionTimeout: 15_000, greetingTimeout: 15_000, socketTimeout: 45_000 } as const;

export interface NotificationDeps {
  db: Db;
  jobs: Pick<JobRunner, 'enqueue' | 'register'>;
  /** Sends mail; undefined without SMTP_URL, and notifications are only stored. */
  transport?: Pick<Transporter, 'sendMail'> | undefined;
  from?: string;
  baseUrl: string;
}

export function createNotificationService({ db, jobs, transport, from = 'bank@localhost', baseUrl }: NotificationDeps) {
  /** Sends one notification's e-mail; a failure is recorded on its row (for people) and the job retries. */
  async function send(notificationId: number, signal: AbortSignal): Promise<void> {
    const n = db
      .select({
        kind: notifications.kind,
        practiceId: notifications.practiceId,
        registryNumber: practices.registryNumber,
        subject: notifications.subject,
        body: notifications.body,
        status: notifications.emailStatus,
        email: users.email,
        fullName: users.fullName,
      })
      .from(notifications)
      .innerJoin(users, eq(users.id, notifications.userId))
      .leftJoin(practices, eq(practices.id, notifications.practiceId))
      .where(eq(notifications.id, notificationId))
      .get();
    if (!n || n.status !== 'pending' || !transport) return;
    signal.throwIfAborted();
    try {
      await transport.sendMail({ from, to: n.email, ...composeEmail(n, baseUrl) });
    } catch (error) {
      db.update(notifications)
        .set({
          emailAttempts: sql`${notifications.emailAttempts} + 1`,
          emailError: String((error as Error).message).slice(0, 500),
        })
        .where(eq(notifications.id, notificationId))
        .run();
      throw error;
    }
    db.update(notifications)
      .set({ emailStatus: 'sent', emailError: null })
      .where(eq(notifications.id, notificationId))
      .run();
  }

  if (transport)
    jobs.register('email', {
      async handler(payloads, { signal }) {
        for (const { notificationId } of payloads) await send(notificationId, signal);
      },
      timeoutMs: SEND_TIMEOUT_MS,
      maxAttempts: MAX_ATTEMPTS,
      backoff: { baseMs: 60_000, maxMs: 60 * 60_000 },
      onDead(tx, payloads) {
        tx.update(notifications)
          .set({ emailStatus: 'failed' })
          .where(
            inArray(
              notifications.id,
              payloads.map((p) => p.notificationId),
            ),
          )
          .run();
      },
    });

  // Prepared once: the header asks on every page, and building the query each time costs more than running it.
  const countUnread = db
    .select({ n: sql<number>`count(*)` })
    .from(notifications)
    .where(and(eq(notifications.userId, sql.placeholder('userId')), isNull(notifications.readAt)))
    .prepare();

  /** How many of the user's notifications are unread: one query on a partial index, for every page's header. */
  function unreadCount(userId: number): number {
    return countUnread.get({ userId })?.n ?? 0;
  }

  return {
    /**
     * Stores a notification for each user and queues its e-mail, inside the caller's transaction; no e-mail for
     * those who turned this kind's letters off (see preferences.ts).
     */
    notify(tx: DbOrTx, userIds: Iterable<number>, message: Message): void {
      const ids = [...new Set(userIds)];
      if (ids.length === 0) return;
      const declined = emailDeclined(tx, message.kind, ids);
      const inserted = tx
        .insert(notifications)
        .values(
          ids.map((userId) => ({
            userId,
            ...message,
            emailStatus: transport && !declined.has(userId) ? ('pending' as const) : ('none' as const),
          })),
        )
        .returning({ id: notifications.id, emailStatus: notifications.emailStatus })
        .all();
      for (const { id, emailStatus } of inserted)
        if (emailStatus === 'pending') jobs.enqueue(tx, 'email', `notification:${id}`, { notificationId: id });
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
      return { items, unread: unreadCount(userId) };
    },

    unreadCount,

    /** One page of the user's notifications for the bell's page, newest first, with each practice's number. */
    page(userId: number, page: number, perPage: number) {
      const mine = eq(notifications.userId, userId);
      const items = db
        .select({
          id: notifications.id,
          kind: notifications.kind,
          practiceId: notifications.practiceId,
          registryNumber: practices.registryNumber,
          subject: notifications.subject,
          body: notifications.body,
          createdAt: notifications.createdAt,
          readAt: notifications.readAt,
        })
        .from(notifications)
        .leftJoin(practices, eq(practices.id, notifications.practiceId))
        .where(mine)
        .orderBy(desc(notifications.id))
        .limit(perPage)
        .offset((page - 1) * perPage)
        .all();
      const total =
        db
          .select({ n: sql<number>`count(*)` })
          .from(notifications)
          .where(mine)
          .get()?.n ?? 0;
      return { items, total, unread: unreadCount(userId) };
    },

    /**
     * The user's notification `id` with what its link needs, marked read when `markRead`; another person's or a
     * missing one is NOTIFICATION_NOT_FOUND (the same answer, so ids cannot be probed).
     */
    open(userId: number, id: number, markRead: boolean) {
      const found = db
        .select({
          kind: notifications.kind,
          practiceId: notifications.practiceId,
          registryNumber: practices.registryNumber,
        })
        .from(notifications)
        .leftJoin(practices, eq(practices.id, notifications.practiceId))
        .where(and(eq(notifications.id, id), eq(notifications.userId, userId)))
        .get();
      if (!found) throw new AppError('NOTIFICATION_NOT_FOUND');
      if (markRead)
        db.update(notifications)
          .set({ readAt: new Date().toISOString() })
          .where(and(eq(notifications.id, id), isNull(notifications.readAt)))
          .run();
      return found;
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
  };
}

export type NotificationService = ReturnType<typeof createNotificationService>;
