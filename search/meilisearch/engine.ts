/**
 * The Meilisearch engine. Writes go to a durable outbox in the bank's database, inside the caller's transaction;
 * a drainer sends them with retries and back-off and waits for every task, surfacing a failed one. Searches ask
 * Meilisearch directly, with one extra query per filtered facet so facet counts ignore their own filter.
 */
import { asc, inArray, lte, sql } from 'drizzle-orm';
import { Meilisearch, MeilisearchError, type MultiSearchQuery, type Task } from 'meilisearch';
import { afterCommit, type Db, type Tx } from '../../server/db/client.js';
import { searchOutbox } from '../../server/db/schema.js';
import type { SynonymIndex } from '../analysis/synonyms.js';
import {
  emptyFacetCounts,
  FACETS,
  type Facet,
  type FacetCounts,
  type SearchDocument,
  type SearchEngine,
  type SearchRequest,
  type SearchResponse,
} from '../port.js';
import { RELAX_BELOW } from '../embedded/engine.js';
import { buildFilter } from './filters.js';
import { toMeiliDocument, toMeiliQuery } from './mapping.js';
import { INDEX_UID, indexSettings, settingsDiffer } from './settings.js';

export interface Logger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface MeilisearchEngineOptions {
  db: Db;
  url: string;
  key: string | undefined;
  synonyms: SynonymIndex;
  /** The current searchable document of a practice, or undefined when it must leave the index. */
  loadDocument?: (id: number) => SearchDocument | undefined;
  log?: Logger;
  /** The index to use; tests give each run its own. */
  indexUid?: string;
  /** How often the outbox is looked at when nothing wakes the drainer, in ms. */
  pollMs?: number;
}

const BATCH = 500;
const MAX_BACKOFF_MS = 5 * 60_000;
const TASK_TIMEOUT_MS = 60_000;

export class MeilisearchTaskError extends Error {
  constructor(readonly task: Task) {
    super(`Meilisearch task ${task.uid} (${task.type}) ${task.status}: ${task.error?.message ?? 'no error given'}`);
    this.name = 'MeilisearchTaskError';
  }
}

/** Waits for a task and throws when it did not succeed: a failed task is never taken for done. */
async function succeeded(promise: { waitTask: (o?: { timeout?: number }) => Promise<Task> }): Promise<Task> {
  const task = await promise.waitTask({ timeout: TASK_TIMEOUT_MS });
  if (task.status !== 'succeeded') throw new MeilisearchTaskError(task);
  return task;
}

const silent: Logger = { info() {}, warn() {}, error() {} };

export class MeilisearchEngine implements SearchEngine {
  readonly name = 'meilisearch' as const;
  private readonly client: Meilisearch;
  private readonly uid: string;
  private readonly log: Logger;
  private timer: NodeJS.Timeout | undefined;
  private draining: Promise<void> | undefined;
  private settingsApplied = false;
  private closed = false;
  private readonly viewedIds = new Set<number>();
  private changes = 0;

  constructor(private readonly options: MeilisearchEngineOptions) {
    this.client = new Meilisearch({ host: options.url, ...(options.key ? { apiKey: options.key } : {}) });
    this.uid = options.indexUid ?? INDEX_UID;
    this.log = options.log ?? silent;
  }

  async start(): Promise<void> {
    try {
      await this.applySettings(this.uid);
    } catch (error) {
      // The bank starts without Meilisearch: writes wait in the outbox and the drainer retries the settings.
      this.log.warn({ err: error }, 'Meilisearch is not reachable at start; changes wait in the outbox');
    }
    this.schedule(0);
  }

  index(tx: Tx, doc: SearchDocument): void {
    this.enqueue(tx, doc.id);
  }

  remove(tx: Tx, id: number): void {
    this.enqueue(tx, id);
  }

  viewed(id: number): void {
    this.viewedIds.add(id);
  }

  /** Changes after every batch that reached Meilisearch; writes by other processes are bounded by the cache's age. */
  generation(): number {
    return this.changes;
  }

  async health(): Promise<boolean> {
    try {
      return (await this.client.health()).status === 'available';
    } catch (error) {
      // Unreachable or answering with an error: not healthy. Anything else is a bug and is not hidden.
      if (error instanceof MeilisearchError) return false;
      throw error;
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    await this.draining;
  }

  /** Fills a fresh index and swaps it in, so searches see the old index until the new one is complete. */
  async reindex(batches: AsyncIterable<SearchDocument[]> | Iterable<SearchDocument[]>): Promise<number> {
    const next = `${this.uid}_reindex`;
    await this.client.deleteIndexIfExists(next);
    await this.applySettings(next);
    let count = 0;
    for await (const batch of batches) {
      if (batch.length === 0) continue;
      await succeeded(this.client.index(next).addDocuments(batch.map(toMeiliDocument), { primaryKey: 'id' }));
      count += batch.length;
    }
    await succeeded(this.client.swapIndexes([{ indexes: [this.uid, next], rename: false }]));
    await succeeded(this.client.deleteIndex(next));
    this.changes += 1;
    return count;
  }

  async search(request: SearchRequest): Promise<SearchResponse> {
    const q = toMeiliQuery(request.plan);
    const strict = await this.run(request, q, 'all');
    const widenable = request.plan.groups.filter((g) => !g.quoted).length >= 2;
    if (!widenable || strict.total >= RELAX_BELOW) return strict;
    // Meilisearch's "last" strategy drops words from the end: practices with every word still come first.
    const loose = await this.run(request, q, 'last');
    return loose.total > strict.total ? { ...loose, relaxed: true } : strict;
  }

  private async run(request: SearchRequest, q: string, matchingStrategy: 'all' | 'last'): Promise<SearchResponse> {
    const sort =
      request.sort === 'newest' || (request.sort === 'relevance' && q === '')
        ? ['publishedAt:desc', 'id:desc']
        : request.sort === 'views'
          ? ['views:desc', 'publishedAt:desc', 'id:desc']
          : undefined;
    const filtered = FACETS.filter((f) => (request.filters[f]?.length ?? 0) > 0);
    const main: MultiSearchQuery = {
      indexUid: this.uid,
      q,
      matchingStrategy,
      // page/hitsPerPage, not offset/limit: only then is the total exact rather than estimated.
      page: Math.floor(request.offset / request.limit) + 1,
      hitsPerPage: request.limit,
      facets: FACETS.filter((f) => !filtered.includes(f)),
      ...(sort ? { sort } : {}),
      ...(buildFilter(request.filters) ? { filter: buildFilter(request.filters) } : {}),
    };
    const perFacet: MultiSearchQuery[] = filtered.map((facet) => ({
      indexUid: this.uid,
      q,
      matchingStrategy,
      page: 1,
      hitsPerPage: 0,
      facets: [facet],
      ...(buildFilter(request.filters, facet) ? { filter: buildFilter(request.filters, facet) } : {}),
    }));
    const { results } = await this.client.multiSearch({ queries: [main, ...perFacet] });
    const [first, ...rest] = results;
    const facets: FacetCounts = emptyFacetCounts();
    for (const f of FACETS) facets[f] = (first?.facetDistribution?.[f] as Record<string, number> | undefined) ?? {};
    filtered.forEach(
      (facet: Facet, i) =>
        (facets[facet] = (rest[i]?.facetDistribution?.[facet] as Record<string, number> | undefined) ?? {}),
    );
    return {
      ids: (first?.hits ?? []).map((h) => Number(h.id)),
      total: first?.totalHits ?? 0,
      facets,
      relaxed: false,
    };
  }

  private enqueue(tx: Tx, practiceId: number): void {
    tx.insert(searchOutbox).values({ practiceId }).run();
    afterCommit(() => this.schedule(0));
  }

  private async applySettings(uid: string): Promise<void> {
    const wanted = indexSettings(this.options.synonyms);
    const exists = await this.client.getIndex(uid).then(
      () => true,
      () => false,
    );
    if (!exists) await succeeded(this.client.createIndex(uid, { primaryKey: 'id' }));
    const current = await this.client.index(uid).getSettings();
    if (settingsDiffer(wanted, current)) await succeeded(this.client.index(uid).updateSettings(wanted));
    if (uid === this.uid) this.settingsApplied = true;
  }

  private schedule(delayMs: number): void {
    if (this.closed) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.draining ??= this.drain().finally(() => {
        this.draining = undefined;
        this.schedule(this.options.pollMs ?? 1000);
      });
    }, delayMs);
    this.timer.unref();
  }

  /** Sends what the outbox holds, oldest first; a failure pushes the rows back with growing delay. */
  async drain(): Promise<void> {
    const db = this.options.db;
    for (;;) {
      const due = db
        .select()
        .from(searchOutbox)
        .where(lte(searchOutbox.nextAttemptAt, Date.now()))
        .orderBy(asc(searchOutbox.id))
        .limit(BATCH)
        .all();
      if (due.length === 0) break;
      const ids = [...new Set(due.map((r) => r.practiceId))];
      try {
        await this.sync(ids);
        // Only the rows read now: a change committed meanwhile has its own row and goes out next round.
        db.delete(searchOutbox)
          .where(
            inArray(
              searchOutbox.id,
              due.map((r) => r.id),
            ),
          )
          .run();
      } catch (error) {
        const attempts = Math.max(...due.map((r) => r.attempts)) + 1;
        const delay = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** Math.min(attempts, 20));
        db.update(searchOutbox)
          .set({
            attempts: sql`${searchOutbox.attempts} + 1`,
            nextAttemptAt: Date.now() + delay,
            lastError: String((error as Error).message).slice(0, 1000),
          })
          .where(
            inArray(
              searchOutbox.id,
              due.map((r) => r.id),
            ),
          )
          .run();
        this.log.error(
          { err: error, practices: ids.length, attempts, retryInMs: delay },
          'sending changes to Meilisearch failed; will retry',
        );
        return;
      }
    }
    await this.sendViews();
  }

  /** Makes Meilisearch hold the current state of these practices: their document, or none. */
  private async sync(ids: number[]): Promise<void> {
    if (!this.settingsApplied) await this.applySettings(this.uid);
    const docs = ids.map((id) => ({ id, doc: this.options.loadDocument?.(id) }));
    const upserts = docs.flatMap((d) => (d.doc ? [toMeiliDocument(d.doc)] : []));
    const deletions = docs.filter((d) => !d.doc).map((d) => d.id);
    if (upserts.length > 0) await succeeded(this.client.index(this.uid).addDocuments(upserts, { primaryKey: 'id' }));
    if (deletions.length > 0) await succeeded(this.client.index(this.uid).deleteDocuments(deletions));
    this.changes += 1;
  }

  /** Views change often and matter only for sorting: sent in bulk as whole documents, best effort. */
  private async sendViews(): Promise<void> {
    if (this.viewedIds.size === 0) return;
    const ids = [...this.viewedIds.keys()];
    this.viewedIds.clear();
    try {
      await this.sync(ids);
    } catch (error) {
      this.log.warn({ err: error }, 'view counts did not reach Meilisearch');
    }
  }
}
