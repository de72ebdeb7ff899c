/**
 * The search pool: `GET /api/v1/search` (and every page that searches) answered by worker threads, each with its
 * own read-only connection and search service (worker.ts), so searches use every core while the main thread only
 * routes, caches and serialises. Writes stay on the main thread; its engine tells the pool of each committed change
 * and the pool passes it to every worker ahead of any later search. A worker that dies answers what it held with a
 * 503 and is replaced.
 */
import { Worker } from 'node:worker_threads';
import { AppError } from '../../errors.js';
import type { SearchQuery, SearchResult } from '../schemas.js';
import { EmbeddedEngine, type IndexChange } from '../../../search/embedded/engine.js';
import type { SearchEngine, SearchRequest, SearchResponse } from '../../../search/port.js';
import type { Config } from '../../config.js';
import { uncarry, type FromWorker, type Question, type ToWorker, type WorkerSetup } from './protocol.js';

/** What the pool logs: a worker's death and its replacement. */
export interface PoolLogger {
  info(object: object, message: string): void;
  error(object: object, message: string): void;
}

export interface SearchPoolOptions {
  /** Worker threads; each holds its own copy of the engine's memory (facet index, posting cache). */
  size: number;
  setup: WorkerSetup;
  log: PoolLogger;
  /** The worker's module; tests give a stand-in that dies on demand. */
  script?: URL;
  /** Runs before each search is sent: the writing engine notices another process's writes (and tells the pool). */
  beforeSearch?: () => void;
}

/** How long a worker that died before it was ready waits to be started again (a bad database would loop). */
const RESTART_DELAY_MS = 1_000;

/** A worker still loading the bank (seconds at 100,000 practices) is sent searches only when no other can take them. */
const STARTING_WEIGHT = 1_000_000;

const unavailable = () =>
  new AppError('SERVICE_UNAVAILABLE', 'Поиск временно недоступен: повторите запрос через несколько секунд');

interface Pending {
  resolve: (result: never) => void;
  reject: (error: Error) => void;
}

interface Slot {
  worker: Worker | undefined;
  ready: boolean;
  /** Resolved when this slot's current worker has read the bank. */
  started: Promise<void>;
  onReady: () => void;
  pending: Map<number, Pending>;
  restart?: NodeJS.Timeout;
}

/** The worker's module as this build runs it: TypeScript through tsx from the sources, JavaScript once built. */
const FROM_SOURCE = import.meta.url.endsWith('.ts');
const WORKER_SCRIPT = new URL(`./worker.${FROM_SOURCE ? 'ts' : 'js'}`, import.meta.url);

function spawn(script: URL, workerData: WorkerSetup): Worker {
  if (!script.pathname.endsWith('.ts')) return new Worker(script, { workerData });
  // Node 20 does not pass the parent's module hooks to a worker: it registers tsx itself before loading the module.
  const tsx = JSON.stringify(import.meta.resolve('tsx/esm/api'));
  const code = `import(${tsx}).then((m) => { m.register(); return import(${JSON.stringify(script.href)}); })`;
  return new Worker(code, { eval: true, workerData });
}

export class SearchPool {
  private readonly slots: Slot[];
  private running = false;
  private nextId = 1;

  constructor(private readonly options: SearchPoolOptions) {
    this.slots = Array.from({ length: options.size }, () => ({
      worker: undefined,
      ready: false,
      started: Promise.resolve(),
      onReady: () => {},
      pending: new Map(),
    }));
  }

  /** Starts the workers; until then (command-line tools never start it) searches are answered in the caller's thread. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.slots.forEach((slot) => this.startWorker(slot));
  }

  /** Answers `query` in the least busy worker, or with `inThread` while the pool is not running. */
  search(query: SearchQuery, inThread: (query: SearchQuery) => Promise<SearchResult>): Promise<SearchResult> {
    if (!this.running) return inThread(query);
    return this.ask({ type: 'search', query });
  }

  /** The engine's own search in a worker, as `SearchEngine.search` answers it: how the engines' contract tests the pool. */
  engineSearch(request: SearchRequest): Promise<SearchResponse> {
    return this.running ? this.ask({ type: 'engine', request }) : Promise.reject(unavailable());
  }

  private ask<T>(question: Question): Promise<T> {
    this.options.beforeSearch?.();
    const slot = this.leastBusy();
    if (!slot) return Promise.reject(unavailable());
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      slot.pending.set(id, { resolve: resolve as (result: never) => void, reject });
      this.post(slot, { ...question, id });
    });
  }

  /** Passes a committed change to every worker, ahead of any search sent after it. */
  changed(change: IndexChange): void {
    for (const slot of this.slots) if (slot.worker) this.post(slot, { type: 'change', change });
  }

  /** Resolves once every worker has read the bank and answers (benchmarks wait for it before measuring). */
  async whenReady(): Promise<void> {
    await Promise.all(this.slots.map((slot) => slot.started));
  }

  /** Workers started and running, for `/health` and tests. */
  get size(): number {
    return this.slots.filter((s) => s.worker).length;
  }

  /** Stops every worker; searches they held are answered with a 503. */
  async close(): Promise<void> {
    this.running = false;
    await Promise.all(
      this.slots.map(async (slot) => {
        clearTimeout(slot.restart);
        const worker = slot.worker;
        slot.worker = undefined;
        this.fail(slot);
        await worker?.terminate();
      }),
    );
  }

  /** The worker with the fewest searches waiting, a ready one before one still loading the bank. */
  private leastBusy(): Slot | undefined {
    const waiting = (slot: Slot) => slot.pending.size + (slot.ready ? 0 : STARTING_WEIGHT);
    let best: Slot | undefined;
    for (const slot of this.slots) if (slot.worker && (!best || waiting(slot) < waiting(best))) best = slot;
    return best;
  }

  private post(slot: Slot, message: ToWorker): void {
    slot.worker!.postMessage(message);
  }

  private startWorker(slot: Slot): void {
    const worker = spawn(this.options.script ?? WORKER_SCRIPT, this.options.setup);
    slot.worker = worker;
    slot.ready = false;
    slot.started = new Promise((resolve) => (slot.onReady = resolve));
    worker.on('message', (message: FromWorker) => {
      if (message.type === 'ready') {
        slot.ready = true;
        slot.onReady();
        return;
      }
      const pending = slot.pending.get(message.id);
      slot.pending.delete(message.id);
      if (message.type === 'answer') pending?.resolve(message.result as never);
      else pending?.reject(uncarry(message.error));
    });
    worker.on('error', (error) => this.options.log.error({ err: error }, 'search worker failed'));
    worker.on('exit', (code) => {
      if (slot.worker !== worker) return; // closed, or already replaced
      const held = slot.pending.size;
      const wasReady = slot.ready;
      slot.worker = undefined;
      this.fail(slot);
      this.options.log.error({ code, held }, 'search worker exited: its searches were answered 503, starting another');
      if (!this.running) return;
      if (wasReady) this.startWorker(slot);
      else {
        slot.restart = setTimeout(() => this.running && this.startWorker(slot), RESTART_DELAY_MS);
        slot.restart.unref();
      }
    });
  }

  /** Answers every search the slot's worker held with a 503. */
  private fail(slot: Slot): void {
    for (const pending of slot.pending.values()) pending.reject(unavailable());
    slot.pending.clear();
  }
}

/**
 * The pool `SEARCH_WORKERS` asks for, following `engine`'s committed changes; none when it is 0, when the database
 * lives in memory (a worker cannot open it) or with Meilisearch (the searching is done by its server).
 */
export function createSearchPool(
  config: Pick<Config, 'searchWorkers' | 'databasePath' | 'baseUrl'>,
  engine: SearchEngine,
  log: PoolLogger,
): SearchPool | undefined {
  if (config.searchWorkers === 0 || config.databasePath === ':memory:' || !(engine instanceof EmbeddedEngine))
    return undefined;
  const pool = new SearchPool({
    size: config.searchWorkers,
    setup: { databasePath: config.databasePath, baseUrl: config.baseUrl },
    log,
    beforeSearch: () => engine.generation(),
  });
  engine.listen((change) => pool.changed(change));
  return pool;
}
