/**
 * What `/metrics` reports, in the Prometheus text format through `prom-client` (the Node client Prometheus lists;
 * its histogram buckets, label escaping and exposition format are exactly the parts not worth writing again):
 * requests by route and status class with their latency, search latency, the job queues and their failures, the
 * database's size and practices by state. Counts that live in the database are read from it at each scrape, so
 * they survive restarts and agree with `/admin/stats`. Each bank has its own registry: nothing global.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Db } from '../db/client.js';
import { practiceStateCounts } from '../stats/moderation.js';

/** From 5 ms to 10 s: a page answers in tens of milliseconds, an upload or an export may take seconds. */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** The bank's metrics over `db`. */
export function createMetrics(db: Db) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'bank_' });
  const labels = ['route', 'method', 'status_class'] as const;
  const requests = new Counter({
    name: 'bank_http_requests_total',
    help: 'HTTP requests answered, by route pattern, method and status class',
    labelNames: labels,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'bank_http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by route pattern, method and status class',
    labelNames: labels,
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  const search = new Histogram({
    name: 'bank_search_duration_seconds',
    help: 'Time to answer a search (API and search page), cached answers included',
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  const sql = db.$client;
  new Gauge({
    name: 'bank_jobs',
    help: 'Background jobs by queue and status (pending waits or retries; dead gave up after every attempt)',
    labelNames: ['queue', 'status'],
    registers: [registry],
    collect() {
      this.reset();
      const rows = sql.prepare('SELECT queue, status, count(*) AS n FROM jobs GROUP BY queue, status').all() as {
        queue: string;
        status: string;
        n: number;
      }[];
      for (const r of rows) this.set({ queue: r.queue, status: r.status }, r.n);
    },
  });
  new Gauge({
    name: 'bank_jobs_failing',
    help: 'Pending jobs whose last attempt failed (retrying with back-off), by queue',
    labelNames: ['queue'],
    registers: [registry],
    collect() {
      this.reset();
      const rows = sql
        .prepare(
          "SELECT queue, count(*) AS n FROM jobs WHERE status = 'pending' AND last_error IS NOT NULL GROUP BY queue",
        )
        .all() as { queue: string; n: number }[];
      for (const r of rows) this.set({ queue: r.queue }, r.n);
    },
  });
  new Gauge({
    name: 'bank_database_size_bytes',
    help: 'Size of the SQLite database (pages in use and free), without its write-ahead log',
    registers: [registry],
    collect() {
      const pages = sql.pragma('page_count', { simple: true }) as number;
      const size = sql.pragma('page_size', { simple: true }) as number;
      this.set(pages * size);
    },
  });
  new Gauge({
    name: 'bank_practices',
    help: 'Practices by state, as /admin/stats counts them',
    labelNames: ['state'],
    registers: [registry],
    collect() {
      this.reset();
      for (const [state, n] of practiceStateCounts(db)) this.set({ state }, n);
    },
  });
  return {
    /** Records one answered request. */
    observeRequest(route: string, method: string, status: number, seconds: number): void {
      const values = { route, method, status_class: `${Math.floor(status / 100)}xx` };
      requests.inc(values);
      duration.observe(values, seconds);
    },
    /** Wraps a search function so each call's time is recorded, whether it succeeds or fails. */
    timedSearch<A extends unknown[], R>(run: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
      return async (...args) => {
        const end = search.startTimer();
        try {
          return await run(...args);
        } finally {
          end();
        }
      };
    },
    contentType: registry.contentType,
    /** The text Prometheus scrapes. */
    text: () => registry.metrics(),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
