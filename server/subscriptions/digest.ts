/**
 * The weekly digest: for each confirmed subscription, the practices first published since its watermark
 * (`digestedUntil`) up to the scheduled moment that match its search, in one letter. The moment is passed in, so
 * a digest is a function of the clock. Each subscription's letter is queued and its watermark moved in one
 * transaction (compare-and-set on the old watermark): a restart or a second run sends nothing twice, and a run
 * that fails half-way leaves the rest for the next one. The runner's `digest` queue runs it at the scheduled
 * moment; the next moment's job is queued when a run ends, and at start (a missed week is caught up then).
 */
import { and, eq, gt, isNotNull, isNull, lt, sql } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import { writeTransaction, type Db } from '../db/client.js';
import { practices, practiceVersions, searchSubscriptions } from '../db/schema.js';
import type { PracticeRecord } from '../exports/records.js';
import type { JobRunner } from '../jobs/runner.js';
import type { Mailer } from '../notifications/mailer.js';
import { digestLetter } from './letters.js';
import { nextPeriod, periodAt, type DigestSchedule } from './schedule.js';
import { followedSearchHref, type FollowedSearch } from './selection.js';
import type { SubscriptionService } from './service.js';

/** Practices one letter lists; the rest are counted and left to the search page. */
export const DIGEST_MAX_ITEMS = 30;

export interface DigestDeps {
  db: Db;
  jobs: Pick<JobRunner, 'enqueue' | 'register'>;
  mailer: Pick<Mailer, 'send'>;
  subscriptions: Pick<SubscriptionService, 'unsubscribeLink'>;
  /** Every practice the search lists, in chunks (the search service's `allIds`). */
  matching: (search: FollowedSearch) => AsyncIterable<number[]>;
  loadRecords: (ids: number[]) => PracticeRecord[];
  describe: (search: FollowedSearch) => string;
  schedule: DigestSchedule;
  baseUrl: string;
  log: FastifyBaseLogger;
  now?: () => Date;
}

export function createDigests(deps: DigestDeps) {
  const { db, jobs, mailer, schedule, log, now = () => new Date() } = deps;

  /** Published practices (not withdrawn) whose first publication falls in (since, until], newest first. */
  function firstPublished(since: string, until: string): number[] {
    const first = sql<string>`min(${practiceVersions.publishedAt})`;
    return db
      .select({ id: practices.id, first })
      .from(practices)
      .innerJoin(practiceVersions, eq(practiceVersions.practiceId, practices.id))
      .where(
        and(
          isNotNull(practices.publishedVersionId),
          isNull(practices.withdrawnAt),
          // A first publication in the window changed the public record in it: the index narrows the scan.
          gt(practices.publicUpdatedAt, since),
          isNotNull(practiceVersions.publishedAt),
        ),
      )
      .groupBy(practices.id)
      .having(and(gt(first, since), sql`${first} <= ${until}`))
      .orderBy(sql`${first} DESC`, sql`${practices.id} DESC`)
      .all()
      .map((r) => r.id);
  }

  /** Of `candidates`, those the search lists, in the candidates' order. */
  async function matchingOf(search: FollowedSearch, candidates: number[]): Promise<number[]> {
    const wanted = new Set(candidates);
    const found = new Set<number>();
    for await (const chunk of deps.matching(search)) {
      for (const id of chunk) if (wanted.has(id)) found.add(id);
      if (found.size === wanted.size) break;
    }
    return candidates.filter((id) => found.has(id));
  }

  /** Sends the digests due at `period` (a scheduled moment); returns how many letters were queued. */
  async function run(period: Date): Promise<{ letters: number; failed: number }> {
    const until = period.toISOString();
    const due = db
      .select()
      .from(searchSubscriptions)
      .where(
        and(
          isNotNull(searchSubscriptions.confirmedAt),
          isNull(searchSubscriptions.cancelledAt),
          lt(searchSubscriptions.digestedUntil, until),
        ),
      )
      .all();
    const windows = new Map<string, number[]>();
    let letters = 0;
    let failed = 0;
    for (const subscription of due) {
      const since = subscription.digestedUntil!;
      const search = subscription.query as FollowedSearch;
      try {
        if (!windows.has(since)) windows.set(since, firstPublished(since, until));
        const candidates = windows.get(since)!;
        const ids = candidates.length > 0 ? await matchingOf(search, candidates) : [];
        const records = deps.loadRecords(ids.slice(0, DIGEST_MAX_ITEMS));
        writeTransaction(db, (tx) => {
          const moved = tx
            .update(searchSubscriptions)
            .set({ digestedUntil: until })
            .where(
              and(
                eq(searchSubscriptions.id, subscription.id),
                eq(searchSubscriptions.digestedUntil, since),
                isNull(searchSubscriptions.cancelledAt),
              ),
            )
            .run().changes;
          // Another run took this subscription meanwhile, or it was cancelled: nothing to send.
          if (moved !== 1 || records.length === 0) return;
          mailer.send(
            tx,
            `digest:${subscription.id}:${until}`,
            digestLetter(
              subscription.email,
              deps.describe(search),
              records.map((r) => ({ title: r.title, organization: r.organization, permalink: r.permalink })),
              ids.length - records.length,
              `${deps.baseUrl}${followedSearchHref(search)}`,
              deps.subscriptions.unsubscribeLink(tx, subscription.id),
            ),
            'weekly digest',
            { subscriptionId: subscription.id, practices: ids.length },
          );
          letters += 1;
        });
      } catch (error) {
        failed += 1;
        log.error(
          { err: error, subscriptionId: subscription.id },
          'digest failed for a subscription; next run retries',
        );
      }
    }
    return { letters, failed };
  }

  /** Queues the digest of the scheduled moment `period` (once: the key names it). */
  function enqueue(period: Date): void {
    writeTransaction(db, (tx) =>
      jobs.enqueue(
        tx,
        'digest',
        `digest:${period.toISOString()}`,
        { period: period.toISOString() },
        Math.max(0, period.getTime() - now().getTime()),
      ),
    );
  }

  jobs.register('digest', {
    async handler(payloads) {
      for (const { period } of payloads) {
        const { letters, failed } = await run(new Date(period));
        log.info({ period, letters, failed }, 'weekly digest');
        // The subscriptions that failed keep their watermark: the job's retry (or the next week) takes them.
        if (failed > 0) throw new Error(`digest failed for ${failed} subscriptions`);
      }
      enqueue(nextPeriod(now(), schedule));
    },
    timeoutMs: 30 * 60_000,
    maxAttempts: 5,
    backoff: { baseMs: 5 * 60_000, maxMs: 60 * 60_000 },
  });

  return {
    run,
    /** At start: catch up the latest scheduled moment (a no-op when it was sent) and queue the next one. */
    start(): void {
      enqueue(periodAt(now(), schedule));
      enqueue(nextPeriod(now(), schedule));
    },
  };
}

export type Digests = ReturnType<typeof createDigests>;
