import { once } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openDatabase, writeTransaction, type Db } from '../../server/db/client.js';
import { createJobRunner, JobTimeoutError, type JobContext } from '../../server/jobs/runner.js';
import { silentLogger } from '../support/logger.js';

const BACKOFF = { baseMs: 1000, maxMs: 60_000 };

function setup() {
  const db = openDatabase(':memory:');
  let clock = 1_000_000;
  const jobs = createJobRunner({ db, log: silentLogger, now: () => clock });
  const rows = () =>
    db.$client.prepare('SELECT key, status, attempts, run_at, last_error FROM jobs ORDER BY id').all() as {
      key: string;
      status: string;
      attempts: number;
      run_at: number;
      last_error: string | null;
    }[];
  return { db, jobs, rows, now: () => clock, advance: (ms: number) => (clock += ms) };
}
const enqueue = (db: Db, jobs: ReturnType<typeof setup>['jobs'], id: number) =>
  writeTransaction(db, (tx) => jobs.enqueue(tx, 'email', `notification:${id}`, { notificationId: id }));

afterEach(() => {
  vi.useRealTimers();
});

describe('the job runner', () => {
  it('runs a job once its transaction commits and deletes it when done', async () => {
    const { db, jobs, rows } = setup();
    const seen: number[] = [];
    jobs.register('email', {
      handler: async (payloads) => void seen.push(...payloads.map((p) => p.notificationId)),
      timeoutMs: 1000,
      maxAttempts: 3,
      backoff: BACKOFF,
    });
    expect(() =>
      writeTransaction(db, (tx) => {
        jobs.enqueue(tx, 'email', 'notification:1', { notificationId: 1 });
        throw new Error('the change failed');
      }),
    ).toThrow('the change failed');
    expect(rows()).toEqual([]);
    jobs.start();
    const settled = once(jobs.events, 'settled');
    enqueue(db, jobs, 2);
    expect((await settled)[0]).toMatchObject({ queue: 'email', outcome: 'done' });
    expect(seen).toEqual([2]);
    expect(rows()).toEqual([]);
    await jobs.close();
  });

  it('retries with exponential back-off, then keeps the job as dead and tells its queue', async () => {
    const { db, jobs, rows, now, advance } = setup();
    const buried: number[] = [];
    jobs.register('email', {
      handler: async () => {
        throw new Error('SMTP 421');
      },
      timeoutMs: 1000,
      maxAttempts: 3,
      backoff: BACKOFF,
      onDead: (_tx, payloads) => buried.push(...payloads.map((p) => p.notificationId)),
    });
    enqueue(db, jobs, 7);
    await jobs.drain('email');
    expect(rows()[0]).toMatchObject({ status: 'pending', attempts: 1, run_at: now() + 1000, last_error: 'SMTP 421' });
    await jobs.drain('email');
    expect(rows()[0]!.attempts).toBe(1); // not due: nothing ran
    advance(1000);
    await jobs.drain('email');
    expect(rows()[0]).toMatchObject({ status: 'pending', attempts: 2, run_at: now() + 2000 });
    advance(2000);
    await jobs.drain('email');
    expect(rows()[0]).toMatchObject({ status: 'dead', attempts: 3, last_error: 'SMTP 421' });
    expect(buried).toEqual([7]);
    advance(60_000);
    await jobs.drain('email');
    expect(rows()[0]!.attempts).toBe(3); // a dead job is kept and never runs again
  });

  it('aborts a handler that runs out of time through its signal, and retries it', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { db, jobs, rows } = setup();
    let context: JobContext | undefined;
    jobs.register('email', {
      handler: (_payloads, ctx) => {
        context = ctx;
        // A well-behaved handler stops when told to.
        return new Promise((_, reject) => ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason)));
      },
      timeoutMs: 5000,
      maxAttempts: 3,
      backoff: BACKOFF,
    });
    enqueue(db, jobs, 1);
    const drained = jobs.drain('email');
    await vi.advanceTimersByTimeAsync(4999);
    expect(context?.signal.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await drained;
    expect(context?.signal.reason).toBeInstanceOf(JobTimeoutError);
    expect(rows()[0]).toMatchObject({ status: 'pending', attempts: 1, last_error: 'job timed out after 5000 ms' });
  });

  it('runs again a job whose process died, once its lease ran out, and never one still leased', async () => {
    const { db, jobs, rows, now } = setup();
    const seen: number[] = [];
    jobs.register('email', {
      handler: async (payloads) => void seen.push(...payloads.map((p) => p.notificationId)),
      timeoutMs: 1000,
      maxAttempts: 3,
      backoff: BACKOFF,
    });
    const insert = db.$client.prepare(
      "INSERT INTO jobs (queue, key, payload, status, attempts, lease_id, lease_until) VALUES ('email', ?, json_object('notificationId', ?), 'running', 1, 'other', ?)",
    );
    insert.run('notification:1', 1, now() - 1); // its process died
    insert.run('notification:2', 2, now() + 60_000); // another process is on it
    await jobs.drain('email');
    expect(seen).toEqual([1]);
    expect(rows()).toMatchObject([{ key: 'notification:2', status: 'running' }]);
  });

  it('adds no second job for a key that is already waiting, but does for one that is running', async () => {
    const { db, jobs, rows } = setup();
    let release: () => void = () => {};
    jobs.register('search', {
      handler: () => new Promise<void>((resolve) => (release = resolve)),
      timeoutMs: 1000,
      maxAttempts: 3,
      backoff: BACKOFF,
    });
    const ask = () => writeTransaction(db, (tx) => jobs.enqueue(tx, 'search', 'practice:1', { practiceId: 1 }));
    ask();
    ask();
    expect(rows()).toHaveLength(1);
    const started = once(jobs.events, 'started');
    const drained = jobs.drain('search');
    await started;
    ask(); // changed while being synced: must be synced again
    expect(rows().map((r) => r.status)).toEqual(['running', 'pending']);
    const next = once(jobs.events, 'started');
    release();
    await next; // the same drain goes on to the second job
    release();
    await drained;
    expect(rows()).toEqual([]);
  });

  it('gives a running job back when it closes, without spending an attempt', async () => {
    const { db, jobs, rows } = setup();
    let signal: AbortSignal | undefined;
    jobs.register('email', {
      handler: (_payloads, ctx) => {
        signal = ctx.signal;
        return new Promise((_, reject) => ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason)));
      },
      timeoutMs: 60_000,
      maxAttempts: 3,
      backoff: BACKOFF,
    });
    enqueue(db, jobs, 1);
    const started = once(jobs.events, 'started');
    void jobs.drain('email');
    await started;
    await jobs.close();
    expect(signal?.aborted).toBe(true);
    expect(rows()[0]).toMatchObject({ status: 'pending', attempts: 0 });
  });
});
