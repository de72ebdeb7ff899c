/**
 * The one runner of background work (e-mail, attachment text and previews, Meilisearch sync). Jobs are rows of the
 * `jobs` table, written inside the transaction of the change that asks for them, so work is never lost and never
 * runs for a change that rolled back. Each queue runs its jobs one batch at a time with a real timeout (the
 * handler's AbortSignal fires), retries failures with exponential back-off up to an attempt cap, then keeps the job
 * as `dead` and logs it. A claimed job carries a lease: if the process dies, the lease runs out and the job runs
 * again (the attempt was counted before the work, so a job that keeps killing the process is given up on).
 * Modelled on Karakeep's liteque (allocation ids, expiring leases, runs left), kept to what the bank needs.
 */
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { and, asc, eq, inArray, lt, lte, or, sql } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import { afterCommit, writeTransaction, type Db, type DbOrTx } from '../db/client.js';
import { jobs, type JobQueue } from '../db/schema.js';

/** What each queue's jobs carry. */
export interface JobPayloads {
  email: { notificationId: number };
  attachment: { sha256: string };
  search: { practiceId: number };
  /** A letter that is not a notification (a password reset link); the row is deleted once sent. */
  mail: { to: string; subject: string; text: string; headers?: Record<string, string> };
  /** The weekly digest of subscriptions to searches, for the scheduled moment `period` (ISO). */
  digest: { period: string };
}

export interface JobContext {
  /** Fires when the job's time is up or the runner closes: the handler must stop its work. */
  signal: AbortSignal;
  /** 1 for the first attempt. */
  attempt: number;
  log: FastifyBaseLogger;
}

export interface QueueOptions<Q extends JobQueue> {
  /** Does the work of a batch of jobs; throwing (or being aborted) fails every job of the batch. */
  handler: (payloads: JobPayloads[Q][], context: JobContext) => Promise<void>;
  timeoutMs: number;
  maxAttempts: number;
  /** Delay before attempt n+1 is baseMs·2^(n−1), at most maxMs. */
  backoff: { baseMs: number; maxMs: number };
  /** Jobs handed to one handler call (Meilisearch takes many documents per request). */
  batch?: number;
  /** Called inside the transaction that buries jobs that failed every attempt. */
  onDead?: (tx: DbOrTx, payloads: JobPayloads[Q][], error: string) => void;
}

export class JobTimeoutError extends Error {
  constructor(ms: number) {
    super(`job timed out after ${ms} ms`);
    this.name = 'JobTimeoutError';
  }
}

class ShutdownError extends Error {
  constructor() {
    super('the job runner closed');
    this.name = 'ShutdownError';
  }
}

/** A claimed job that ran out of lease is another process's crash, not a slow handler: this much is added. */
const LEASE_GRACE_MS = 30_000;
const DEFAULT_POLL_MS = 1000;

export const backoffDelay = (attempt: number, { baseMs, maxMs }: { baseMs: number; maxMs: number }) =>
  Math.min(maxMs, baseMs * 2 ** Math.min(Math.max(attempt - 1, 0), 30));

export interface JobRunnerDeps {
  db: Db;
  log: FastifyBaseLogger;
  /** The clock, in ms since the epoch: tests move it instead of sleeping. */
  now?: () => number;
  /** How often due jobs are looked for when nothing wakes the runner (retries, jobs written by other processes). */
  pollMs?: number;
}

type Row = typeof jobs.$inferSelect;

/** What became of a batch of jobs; `released` means the runner closed under it and it will run again. */
export type JobOutcome = 'done' | 'retry' | 'dead' | 'released';
export interface JobEvent {
  queue: JobQueue;
  ids: number[];
}
/** `started` before a batch's handler runs, `settled` after (with its outcome): tests await these, never sleep. */
interface JobEvents {
  started: [JobEvent];
  settled: [JobEvent & { outcome: JobOutcome; error?: string }];
}

export function createJobRunner({ db, log, now = Date.now, pollMs = DEFAULT_POLL_MS }: JobRunnerDeps) {
  const queues = new Map<JobQueue, QueueOptions<JobQueue>>();
  const running = new Map<JobQueue, Promise<void>>();
  const again = new Set<JobQueue>();
  const inFlight = new Set<AbortController>();
  const events = new EventEmitter<JobEvents>();
  let poller: NodeJS.Timeout | undefined;
  let started = false;
  let closed = false;

  /** Takes the due jobs of a queue (and those whose lease ran out), burying the ones out of attempts. */
  function claim(queue: JobQueue, options: QueueOptions<JobQueue>): { rows: Row[]; leaseId: string } | undefined {
    const t = now();
    const leaseId = randomUUID();
    return writeTransaction(db, (tx) => {
      const due = tx
        .select()
        .from(jobs)
        .where(
          and(
            eq(jobs.queue, queue),
            or(
              and(eq(jobs.status, 'pending'), lte(jobs.runAt, t)),
              and(eq(jobs.status, 'running'), lt(jobs.leaseUntil, t)),
            ),
          ),
        )
        .orderBy(asc(jobs.id))
        .limit(options.batch ?? 1)
        .all();
      if (due.length === 0) return undefined;
      const spent = due.filter((r) => r.attempts >= options.maxAttempts);
      if (spent.length > 0) bury(tx, queue, options, spent, 'обработка прерывалась несколько раз');
      const rows = due.filter((r) => r.attempts < options.maxAttempts);
      if (rows.length > 0)
        tx.update(jobs)
          .set({
            status: 'running',
            attempts: sql`${jobs.attempts} + 1`,
            leaseId,
            leaseUntil: t + options.timeoutMs + LEASE_GRACE_MS,
          })
          .where(
            inArray(
              jobs.id,
              rows.map((r) => r.id),
            ),
          )
          .run();
      return { rows: rows.map((r) => ({ ...r, attempts: r.attempts + 1 })), leaseId };
    });
  }

  function bury(tx: DbOrTx, queue: JobQueue, options: QueueOptions<JobQueue>, rows: Row[], error: string): void {
    tx.update(jobs)
      .set({ status: 'dead', leaseId: null, leaseUntil: null, lastError: error.slice(0, 1000) })
      .where(
        inArray(
          jobs.id,
          rows.map((r) => r.id),
        ),
      )
      .run();
    options.onDead?.(
      tx,
      rows.map((r) => r.payload as never),
      error,
    );
    log.error({ queue, jobs: rows.map((r) => r.id), attempts: rows[0]?.attempts, error }, 'job gave up');
  }

  /** Puts failed or interrupted jobs back as pending; a waiting twin (same key) already covers the work. */
  function requeue(tx: DbOrTx, row: Row, fields: Partial<Row>): void {
    const twin = tx
      .select({ id: jobs.id })
      .from(jobs)
      .where(and(eq(jobs.queue, row.queue), eq(jobs.key, row.key), eq(jobs.status, 'pending')))
      .get();
    if (twin) tx.delete(jobs).where(eq(jobs.id, row.id)).run();
    else
      tx.update(jobs)
        .set({ status: 'pending', leaseId: null, leaseUntil: null, ...fields })
        .where(eq(jobs.id, row.id))
        .run();
  }

  async function runBatch(queue: JobQueue, options: QueueOptions<JobQueue>, rows: Row[], leaseId: string) {
    const controller = new AbortController();
    inFlight.add(controller);
    const timer = setTimeout(() => controller.abort(new JobTimeoutError(options.timeoutMs)), options.timeoutMs);
    const aborted = new Promise<never>((_, reject) =>
      controller.signal.addEventListener('abort', () => reject(controller.signal.reason as Error), { once: true }),
    );
    aborted.catch(() => {}); // observed below through the race; never an unhandled rejection
    const attempt = Math.max(...rows.map((r) => r.attempts));
    const ids = rows.map((r) => r.id);
    events.emit('started', { queue, ids });
    let failure: unknown;
    try {
      // A handler that ignores its signal is left behind: its late result is dropped (the lease id no longer matches).
      await Promise.race([
        options.handler(
          rows.map((r) => r.payload as never),
          { signal: controller.signal, attempt, log: log.child({ queue, jobs: ids }) },
        ),
        aborted,
      ]);
    } catch (error) {
      failure = error;
    } finally {
      clearTimeout(timer);
      inFlight.delete(controller);
    }
    const mine = and(inArray(jobs.id, ids), eq(jobs.leaseId, leaseId));
    if (failure === undefined) {
      db.delete(jobs).where(mine).run();
      events.emit('settled', { queue, ids, outcome: 'done' });
      return;
    }
    const message = String((failure as Error)?.message ?? failure).slice(0, 1000);
    const outcome = writeTransaction(db, (tx): JobOutcome => {
      const current = tx.select().from(jobs).where(mine).all();
      if (failure instanceof ShutdownError) {
        // Not the job's fault: the attempt is given back and the next start runs it.
        for (const row of current) requeue(tx, row, { attempts: Math.max(0, row.attempts - 1) });
        return 'released';
      }
      const spent = current.filter((r) => r.attempts >= options.maxAttempts);
      if (spent.length > 0) bury(tx, queue, options, spent, message);
      const delay = backoffDelay(attempt, options.backoff);
      for (const row of current.filter((r) => r.attempts < options.maxAttempts))
        requeue(tx, row, { runAt: now() + delay, lastError: message });
      if (spent.length === current.length) return 'dead';
      log.warn({ queue, jobs: ids, attempt, retryInMs: delay, err: failure }, 'job failed; will retry');
      return 'retry';
    });
    events.emit('settled', { queue, ids, outcome, error: message });
  }

  async function work(queue: JobQueue): Promise<void> {
    const options = queues.get(queue)!;
    for (;;) {
      if (closed) return;
      const claimed = claim(queue, options);
      if (!claimed) return;
      if (claimed.rows.length > 0) await runBatch(queue, options, claimed.rows, claimed.leaseId);
    }
  }

  /** Runs a queue unless it is running already; then it runs once more afterwards. */
  function kick(queue: JobQueue): Promise<void> {
    const current = running.get(queue);
    if (current) {
      again.add(queue);
      return current;
    }
    const run = work(queue)
      .catch((error: unknown) => log.error({ err: error, queue }, 'job runner failed'))
      .finally(() => {
        running.delete(queue);
        if (again.delete(queue) && !closed) void kick(queue);
      });
    running.set(queue, run);
    return run;
  }

  return {
    /** `started` and `settled` events of every batch. */
    events,

    /** Declares how a queue's jobs are done; jobs of an unregistered queue wait in the table. */
    register<Q extends JobQueue>(queue: Q, options: QueueOptions<Q>): void {
      queues.set(queue, options as unknown as QueueOptions<JobQueue>);
    },

    /**
     * Queues work inside the caller's transaction; it starts once the transaction commits. While a job for the
     * same key is still waiting, no second one is added: the waiting one will see the latest state.
     */
    enqueue<Q extends JobQueue>(tx: DbOrTx, queue: Q, key: string, payload: JobPayloads[Q], delayMs = 0): void {
      tx.insert(jobs)
        .values({ queue, key, payload: payload as Record<string, unknown>, runAt: now() + delayMs })
        .onConflictDoNothing()
        .run();
      afterCommit(() => {
        if (started && !closed && queues.has(queue)) void kick(queue);
      });
    },

    /** Starts running registered queues: what is due now, then whatever becomes due. */
    start(): void {
      if (started || closed) return;
      started = true;
      const tick = () => {
        for (const queue of queues.keys()) void kick(queue);
      };
      tick();
      poller = setInterval(tick, pollMs).unref();
    },

    /** Runs a queue (or all) until nothing is due now: what tests and benchmarks wait on instead of sleeping. */
    async drain(queue?: JobQueue): Promise<void> {
      for (const q of queue ? [queue] : [...queues.keys()]) {
        if (!queues.has(q)) continue;
        while (running.get(q)) await running.get(q);
        await kick(q);
        while (running.get(q)) await running.get(q);
      }
    },

    /** Stops taking jobs and aborts those running; they are given back and run at the next start. */
    async close(): Promise<void> {
      closed = true;
      if (poller) clearInterval(poller);
      for (const controller of inFlight) controller.abort(new ShutdownError());
      await Promise.all(running.values());
    },
  };
}

export type JobRunner = ReturnType<typeof createJobRunner>;
