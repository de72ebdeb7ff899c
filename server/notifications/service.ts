/**
 * Notifications: written in the same transaction as the change they tell about, e-mailed afterwards when SMTP is
 * configured, as `email` jobs. A failed e-mail never fails the change; the job is retried with back-off and, at
 * worst, the notification is marked failed.
 */
import { and, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Transporter } from 'nodemailer';
import { writeTransaction, type Db, type DbOrTx } from '../db/client.js';
import { notifications, userRoles, users } from '../db/schema.js';
import { AppError } from '../errors.js';
import type { JobRunner } from '../jobs/runner.js';

export interface Message {
  kind: string;
  practiceId: number | null;
  subject: string;
  body: string;
}

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
        subject: notifications.subject,
        body: notifications.body,
        status: notifications.emailStatus,
        email: users.email,
      })
      .from(notifications)
      .innerJoin(users, eq(users.id, notifications.userId))
      .where(eq(notifications.id, notificationId))
      .get();
    if (!n || n.status !== 'pending' || !transport) return;
    signal.throwIfAborted();
    try {
      await transport.sendMail({
        from,
        to: n.email,
        subject: n.subject,
        text: `${n.body}\n\n— Банк инновационных практик Смоленской области\n${baseUrl}`,
      });
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

  return {
    /** Stores a notification for each user and queues its e-mail, inside the caller's transaction. */
    notify(tx: DbOrTx, userIds: Iterable<number>, message: Message): void {
      const ids = [...new Set(userIds)];
      if (ids.length === 0) return;
      const inserted = tx
        .insert(notifications)
        .values(
          ids.map((userId) => ({
            userId,
            ...message,
            emailStatus: transport ? ('pending' as const) : ('none' as const),
          })),
        )
        .returning({ id: notifications.id })
        .all();
      if (transport)
        for (const { id } of inserted) jobs.enqueue(tx, 'email', `notification:${id}`, { notificationId: id });
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
  };
}

export type NotificationService = ReturnType<typeof createNotificationService>;
