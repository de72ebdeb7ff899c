/** The `search` jobs: practices whose Meilisearch document must be brought up to date, many per request. */
import type { MeilisearchEngine, SyncScheduler } from '../../search/meilisearch/engine.js';
import type { Db } from '../db/client.js';
import type { JobRunner } from './runner.js';

/** Queues a practice's sync inside the caller's transaction (or on its own when there is none). */
export function searchSyncScheduler(db: Db, jobs: Pick<JobRunner, 'enqueue'>): SyncScheduler {
  return (tx, practiceId) => jobs.enqueue(tx ?? db, 'search', `practice:${practiceId}`, { practiceId });
}

export function registerSearchSync(jobs: Pick<JobRunner, 'register'>, engine: MeilisearchEngine): void {
  jobs.register('search', {
    handler: (payloads, { signal }) => engine.sync([...new Set(payloads.map((p) => p.practiceId))], signal),
    timeoutMs: 120_000,
    // Meilisearch may be down for hours: at the 5-minute ceiling, 100 attempts wait about eight hours before a
    // practice's sync is given up on (logged, kept as dead; `npm run reindex` repairs the index).
    maxAttempts: 100,
    backoff: { baseMs: 1000, maxMs: 5 * 60_000 },
    batch: 500,
  });
}
