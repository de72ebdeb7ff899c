/**
 * The Meilisearch engine. A write asks the bank's scheduler, inside the caller's transaction, to sync the practice
 * later (a durable job with retries and back-off); the job calls `sync`, which sends the practices' current state
 * and waits for every task, surfacing a failed one. Searches ask Meilisearch directly, with one extra query per
 * filtered facet so facet counts ignore their own filter.
 */
import { Meilisearch, type MultiSearchQuery, type Task } from 'meilisearch';
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

type Tx = Parameters<SearchEngine['index']>[0];

/**
 * Asks for a practice to be synced to Meilisearch: durably, inside `tx` when given (so a rolled-back change asks
 * nothing), in a transaction of its own otherwise. The bank implements it with its job runner.
 */
export type SyncScheduler = (tx: Tx | undefined, practiceId: number) => void;

export interface MeilisearchEngineOptions {
  schedule: SyncScheduler;
  url: string;
  key: string | undefined;
  synonyms: SynonymIndex;
  /** The current searchable document of a practice, or undefined when it must leave the index. */
  loadDocument?: (id: number) => SearchDocument | undefined;
  log?: Logger;
  /** The index to use; tests give each run its own. */
  indexUid?: string;
}

const TASK_TIMEOUT_MS = 60_000;
/** Each HTTP request to Meilisearch gives up after this long. */
const REQUEST_TIMEOUT_MS = 30_000;

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
  private settingsApplied = false;
  private changes = 0;

  constructor(private readonly options: MeilisearchEngineOptions) {
    this.client = new Meilisearch({
      host: options.url,
      timeout: REQUEST_TIMEOUT_MS,
      ...(options.key ? { apiKey: options.key } : {}),
    });
    this.uid = options.indexUid ?? INDEX_UID;
    this.log = options.log ?? silent;
  }

  async start(): Promise<void> {
    try {
      await this.applySettings(this.uid);
    } catch (error) {
      // The bank starts without Meilisearch: changes wait as jobs and `sync` retries the settings.
      this.log.warn({ err: error }, 'Meilisearch is not reachable at start; changes wait as jobs');
    }
  }

  index(tx: Tx, doc: SearchDocument): void {
    this.options.schedule(tx, doc.id);
  }

  remove(tx: Tx, id: number): void {
    this.options.schedule(tx, id);
  }

  /** Views change often and matter only for sorting: the practice is synced like any change, once per batch. */
  viewed(id: number): void {
    this.options.schedule(undefined, id);
  }

  /** Changes after every batch that reached Meilisearch; writes by other processes are bounded by the cache's age. */
  generation(): number {
    return this.changes;
  }

  async health(): Promise<boolean> {
    try {
      return (await this.client.health()).status === 'available';
    } catch {
      return false;
    }
  }

  /** Nothing to stop: the bank's job runner owns the pending syncs. */
  async close(): Promise<void> {}

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

  /**
   * Makes Meilisearch hold the current state of these practices: their document, or none. Stops between requests
   * once `signal` fires (each request has its own time limit; a task already sent is idempotent).
   */
  async sync(ids: number[], signal?: AbortSignal): Promise<void> {
    if (!this.settingsApplied) await this.applySettings(this.uid);
    signal?.throwIfAborted();
    const docs = ids.map((id) => ({ id, doc: this.options.loadDocument?.(id) }));
    const upserts = docs.flatMap((d) => (d.doc ? [toMeiliDocument(d.doc)] : []));
    const deletions = docs.filter((d) => !d.doc).map((d) => d.id);
    if (upserts.length > 0) await succeeded(this.client.index(this.uid).addDocuments(upserts, { primaryKey: 'id' }));
    signal?.throwIfAborted();
    if (deletions.length > 0) await succeeded(this.client.index(this.uid).deleteDocuments(deletions));
    this.changes += 1;
  }
}
