/**
 * The Meilisearch engine. A write asks the bank's scheduler, inside the caller's transaction, to sync the practice
 * later (a durable job with retries and back-off); the job calls `sync`, which sends the practices' current state
 * and waits for every task, surfacing a failed one. Searches ask Meilisearch directly, with one extra query per
 * filtered facet so facet counts ignore their own filter.
 */
import { Meilisearch, MeilisearchError, type MultiSearchQuery, type Task } from 'meilisearch';
import { mayNameOrganization } from '../analysis/names.js';
import type { Alternative } from '../analysis/query.js';
import { RELAX_CANDIDATES } from '../analysis/relax.js';
import type { SituationIndex } from '../analysis/situations.js';
import type { SynonymIndex } from '../analysis/synonyms.js';
import {
  checkFacetFields,
  emptyFacetCounts,
  NAMED_TIER_MAX,
  RELAX_BELOW,
  type FacetCounts,
  type FacetFields,
  type OrderedRequest,
  type SearchDocument,
  type SearchEngine,
  type SearchRequest,
  type SearchResponse,
  type WriteTx,
} from '../port.js';
import { buildFilter } from './filters.js';
import { toMeiliDocument, toMeiliQuery } from './mapping.js';
import { INDEX_UID, indexSettings, settingsDiffer } from './settings.js';
import { relaxFromResults, relaxQueries } from './relax.js';
import { holderQueries, holdersFromResults, termDocQueries } from './evidence.js';
import { mainWindow, namedFirst, rankedIds } from './tiers.js';

export interface Logger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

type Tx = WriteTx;

/**
 * Asks for a practice to be synced to Meilisearch: durably, inside `tx` when given (so a rolled-back change asks
 * nothing), in a transaction of its own otherwise. The bank implements it with its job runner.
 */
export type SyncScheduler = (tx: Tx | undefined, practiceId: number) => void;

export interface MeilisearchEngineOptions {
  schedule: SyncScheduler;
  /** The facets documents carry: filterable attributes, filters and counts. */
  facets: FacetFields;
  url: string;
  key: string | undefined;
  synonyms: SynonymIndex;
  /** The situational thesaurus, sent as one-way synonyms: an everyday phrase also finds its concepts. */
  situations?: SituationIndex;
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

/** Meilisearch's sort for a sort of the port; relevance with no words lists the newest first, as the embedded engine. */
export function sortRules(sort: SearchRequest['sort'], q: string): string[] | undefined {
  if (sort === 'newest' || (sort === 'relevance' && q === '')) return ['publishedAt:desc', 'id:desc'];
  if (sort === 'views') return ['views:desc', 'publishedAt:desc', 'id:desc'];
  if (sort === 'adoptions') return ['adoptions:desc', 'publishedAt:desc', 'id:desc'];
  return undefined;
}

/** Hits per request when listing a whole result: few round trips, answers of a few hundred kilobytes. */
const LISTING_PAGE = 5_000;

const silent: Logger = { info() {}, warn() {}, error() {} };

export class MeilisearchEngine implements SearchEngine {
  readonly name = 'meilisearch' as const;
  private readonly client: Meilisearch;
  private readonly uid: string;
  private readonly log: Logger;
  private settingsApplied = false;
  /** What `start` found: an index made just now, or one whose documents lack a field this version stores. */
  private stale = false;
  private changes = 0;
  private readonly fields: FacetFields;

  constructor(private readonly options: MeilisearchEngineOptions) {
    this.fields = checkFacetFields(options.facets);
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
      const created = await this.applySettings(this.uid);
      const stats = await this.client.index(this.uid).getStats();
      // Documents synced before the names field existed lack it: the index is rebuilt rather than left half-ranked.
      // Likewise documents synced before adoptions were counted lack that sort key.
      const lacking = ['names', 'adoptions'].some(
        (field) => (stats.fieldDistribution[field] ?? 0) < stats.numberOfDocuments,
      );
      this.stale = created || lacking;
    } catch (error) {
      // The bank starts without Meilisearch: changes wait as jobs and `sync` retries the settings.
      this.log.warn({ err: error }, 'Meilisearch is not reachable at start; changes wait as jobs');
    }
  }

  async needsReindex(): Promise<boolean> {
    return this.stale;
  }

  index(tx: Tx, doc: SearchDocument): void {
    this.options.schedule(tx, doc.id);
  }

  /**
   * Asks for every practice's sync in the same transaction: the bank's job runner hands the queued practices to
   * `sync` up to 500 at a time, and `sync` sends them as one `addDocuments` call.
   */
  indexMany(tx: Tx, docs: readonly SearchDocument[]): void {
    for (const id of new Set(docs.map((d) => d.id))) this.options.schedule(tx, id);
  }

  remove(tx: Tx, id: number): void {
    this.options.schedule(tx, id);
  }

  /** Views change often and matter only for sorting: the practice is synced like any change, once per batch. */
  viewed(id: number): void {
    this.options.schedule(undefined, id);
  }

  /**
   * Sends the rebuilt synonyms at once. If Meilisearch cannot be reached, the settings stay marked unapplied, so
   * the next sync (and the next start) sends them before any document.
   */
  async synonymsChanged(): Promise<void> {
    this.settingsApplied = false;
    this.changes += 1;
    try {
      await this.applySettings(this.uid);
    } catch (error) {
      this.log.warn({ err: error }, 'Meilisearch synonyms not updated yet; the next sync sends them');
    }
    this.changes += 1;
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
      await succeeded(
        this.client.index(next).addDocuments(
          batch.map((d) => toMeiliDocument(d, this.fields)),
          { primaryKey: 'id' },
        ),
      );
      count += batch.length;
    }
    await succeeded(this.client.swapIndexes([{ indexes: [this.uid, next], rename: false }]));
    await succeeded(this.client.deleteIndex(next));
    this.changes += 1;
    this.stale = false;
    return count;
  }

  async search(request: SearchRequest): Promise<SearchResponse> {
    const q = toMeiliQuery(request.plan);
    const named = mayNameOrganization(request.plan) ? await this.named(request, q) : [];
    // Whatever the sort, a named organisation keeps the query from being widened; only relevance lists it first.
    const first = request.sort === 'relevance' ? named : [];
    const strict = await this.run(request, q, 'all', first);
    const widenable = request.plan.groups.filter((g) => !g.quoted).length >= 2;
    // A query that named an organisation found what it asked for: its few practices are not padded with others.
    if (!widenable || strict.total >= RELAX_BELOW || named.length > 0) return strict;
    // Meilisearch's "last" strategy drops words from the end: practices with every word still come first.
    const loose = await this.run(request, q, 'last', first);
    if (loose.total <= strict.total) return strict;
    return (await this.worthWidening(request, q)) ? { ...loose, relaxed: true } : strict;
  }

  /** Whether the widened query's best matches hold enough of what was asked (search/analysis/relax.ts). */
  private async worthWidening(request: OrderedRequest, q: string): Promise<boolean> {
    const filter = buildFilter(request.filters, this.fields);
    const best = await this.client.index(this.uid).search(q, {
      matchingStrategy: 'last',
      page: 1,
      hitsPerPage: RELAX_CANDIDATES,
      attributesToRetrieve: ['id'],
      ...(filter ? { filter } : {}),
    });
    const candidates = best.hits.map((h) => Number(h.id));
    if (candidates.length === 0) return false;
    const { results } = await this.client.multiSearch({ queries: relaxQueries(request.plan, this.uid, candidates) });
    return relaxFromResults(request.plan, candidates, results);
  }

  /**
   * The whole result as `search` orders it: the same choice between every word and the widened query, the named
   * organisations' practices first under relevance, then the ranking read in large pages of ids.
   */
  async *allIds(request: OrderedRequest, chunkSize: number): AsyncGenerator<number[]> {
    const q = toMeiliQuery(request.plan);
    const named = mayNameOrganization(request.plan) ? await this.named({ ...request, offset: 0, limit: 0 }, q) : [];
    const filter = buildFilter(request.filters, this.fields);
    const index = this.client.index(this.uid);
    const total = async (matchingStrategy: 'all' | 'last') =>
      (await index.search(q, { matchingStrategy, page: 1, hitsPerPage: 0, ...(filter ? { filter } : {}) })).totalHits ??
      0;
    let strategy: 'all' | 'last' = 'all';
    if (request.plan.groups.filter((g) => !g.quoted).length >= 2 && named.length === 0) {
      const strict = await total('all');
      if (strict < RELAX_BELOW && (await total('last')) > strict && (await this.worthWidening(request, q)))
        strategy = 'last';
    }
    const sort = sortRules(request.sort, q);
    const pageSize = Math.max(chunkSize, LISTING_PAGE);
    const fetchPage = async (page: number) =>
      (
        await index.search(q, {
          matchingStrategy: strategy,
          page,
          hitsPerPage: pageSize,
          attributesToRetrieve: ['id'],
          ...(sort ? { sort } : {}),
          ...(filter ? { filter } : {}),
        })
      ).hits.map((h) => Number(h.id));
    yield* rankedIds(request.sort === 'relevance' ? named : [], fetchPage, pageSize);
  }

  /** One query per alternative, each limited to `ids`: an id holds a set when any of its alternatives finds it. */
  async holders(sets: readonly (readonly Alternative[])[], ids: readonly number[]): Promise<Set<number>[]> {
    if (ids.length === 0) return sets.map(() => new Set());
    const queries = holderQueries(sets, ids, this.uid);
    const { results } = queries.length > 0 ? await this.client.multiSearch({ queries }) : { results: [] };
    return holdersFromResults(sets, results);
  }

  async termDocs(stems: readonly string[]): Promise<{ total: number; docs: number[] }> {
    const { results } = await this.client.multiSearch({ queries: termDocQueries(stems, this.uid) });
    return { total: results[0]?.totalHits ?? 0, docs: stems.map((_, i) => results[1 + i]?.totalHits ?? 0) };
  }

  /**
   * The practices (within the filters) of the organisations a query names: every word of it in their names, best
   * first. None when they are too many to single anyone out, as in the embedded engine.
   */
  private async named(request: SearchRequest, q: string): Promise<number[]> {
    const filter = buildFilter(request.filters, this.fields);
    const result = await this.client.index(this.uid).search(q, {
      attributesToSearchOn: ['names'],
      matchingStrategy: 'all',
      page: 1,
      hitsPerPage: NAMED_TIER_MAX,
      ...(filter ? { filter } : {}),
    });
    return (result.totalHits ?? 0) > NAMED_TIER_MAX ? [] : result.hits.map((h) => Number(h.id));
  }

  /**
   * One page, its exact total and the facet counts. With `named` practices, those come first and the page is
   * cut from the ranking after them: the main query then reads enough of its ranking to fill the page past them.
   */
  private async run(
    request: SearchRequest,
    q: string,
    matchingStrategy: 'all' | 'last',
    named: number[],
  ): Promise<SearchResponse> {
    const sort = sortRules(request.sort, q);
    const names = this.fields.map((f) => f.name);
    const filtered = names.filter((f) => (request.filters[f]?.length ?? 0) > 0);
    const main: MultiSearchQuery = {
      indexUid: this.uid,
      q,
      matchingStrategy,
      // page/hitsPerPage, not offset/limit: only then is the total exact rather than estimated.
      ...mainWindow(request.offset, request.limit, named.length),
      facets: names.filter((f) => !filtered.includes(f)),
      ...(sort ? { sort } : {}),
      ...(buildFilter(request.filters, this.fields) ? { filter: buildFilter(request.filters, this.fields) } : {}),
    };
    const perFacet: MultiSearchQuery[] = filtered.map((facet) => ({
      indexUid: this.uid,
      q,
      matchingStrategy,
      page: 1,
      hitsPerPage: 0,
      facets: [facet],
      ...(buildFilter(request.filters, this.fields, facet)
        ? { filter: buildFilter(request.filters, this.fields, facet) }
        : {}),
    }));
    const { results } = await this.client.multiSearch({ queries: [main, ...perFacet] });
    const [first, ...rest] = results;
    const facets: FacetCounts = emptyFacetCounts(this.fields);
    for (const f of names) facets[f] = (first?.facetDistribution?.[f] as Record<string, number> | undefined) ?? {};
    filtered.forEach(
      (facet: string, i) =>
        (facets[facet] = (rest[i]?.facetDistribution?.[facet] as Record<string, number> | undefined) ?? {}),
    );
    const ranked = (first?.hits ?? []).map((h) => Number(h.id));
    return {
      ids: namedFirst(named, ranked, request.offset, request.limit),
      total: first?.totalHits ?? 0,
      facets,
      relaxed: false,
    };
  }

  /** Makes the index's settings what the bank needs; true when the index had to be created. */
  private async applySettings(uid: string): Promise<boolean> {
    const wanted = indexSettings(this.options.synonyms, this.fields, this.options.situations);
    const exists = await this.client.getIndex(uid).then(
      () => true,
      () => false,
    );
    if (!exists) await succeeded(this.client.createIndex(uid, { primaryKey: 'id' }));
    const current = await this.client.index(uid).getSettings();
    if (settingsDiffer(wanted, current)) await succeeded(this.client.index(uid).updateSettings(wanted));
    if (uid === this.uid) this.settingsApplied = true;
    return !exists;
  }

  /**
   * Makes Meilisearch hold the current state of these practices: their document, or none. Stops between requests
   * once `signal` fires (each request has its own time limit; a task already sent is idempotent).
   */
  async sync(ids: number[], signal?: AbortSignal): Promise<void> {
    if (!this.settingsApplied) await this.applySettings(this.uid);
    signal?.throwIfAborted();
    const docs = ids.map((id) => ({ id, doc: this.options.loadDocument?.(id) }));
    const upserts = docs.flatMap((d) => (d.doc ? [toMeiliDocument(d.doc, this.fields)] : []));
    const deletions = docs.filter((d) => !d.doc).map((d) => d.id);
    if (upserts.length > 0) await succeeded(this.client.index(this.uid).addDocuments(upserts, { primaryKey: 'id' }));
    signal?.throwIfAborted();
    if (deletions.length > 0) await succeeded(this.client.index(this.uid).deleteDocuments(deletions));
    this.changes += 1;
  }
}
