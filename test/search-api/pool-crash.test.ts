/** The search pool when a worker dies or the bank stops: what it held is answered 503, and a new worker takes over. */
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../server/errors.js';
import { EmbeddedEngine } from '../../search/embedded/engine.js';
import { MeilisearchEngine } from '../../search/meilisearch/engine.js';
import { openDatabase } from '../../server/db/client.js';
import { buildSynonyms, SEARCH_FACETS, sqliteHost } from '../../server/search-api/engine.js';
import { createSearchPool, SearchPool } from '../../server/search-api/pool/pool.js';
import { VocabularyCatalogue } from '../../server/vocabularies/service.js';
import type { SearchQuery } from '../../server/search-api/schemas.js';

const logged: string[] = [];
const log = { info: () => {}, error: (_: object, message: string) => void logged.push(message) };
const query = (q: string) => ({ q, page: 1, perPage: 20 }) as SearchQuery;
const inThread = () => Promise.reject(new Error('answered in the main thread'));

/** How a search ended: its answer's query, or the error's status, code and message. */
const outcome = (search: Promise<unknown>) =>
  search.then(
    (result) => (result as { query: string }).query,
    (error: unknown) =>
      error instanceof AppError ? `${error.statusCode} ${error.code} ${error.message}` : String(error),
  );

const UNAVAILABLE = '503 SERVICE_UNAVAILABLE Поиск временно недоступен: повторите запрос через несколько секунд';

describe('the search pool when a worker dies', () => {
  let pool: SearchPool | undefined;
  afterEach(async () => pool?.close());
  const started = () => {
    pool = new SearchPool({
      size: 1,
      setup: { databasePath: 'unused', baseUrl: 'http://bank.test' },
      log,
      script: new URL('./stand-in-worker.ts', import.meta.url),
    });
    pool.start();
    return pool;
  };

  it('answers every search the dead worker held with a 503 and sends later ones to its replacement', async () => {
    const p = started();
    expect(await p.search(query('здравствуй'), inThread)).toEqual({ query: 'здравствуй' });
    const held = [p.search(query('жди'), inThread), p.search(query('жди'), inThread)];
    const fatal = p.search(query('упади'), inThread);
    expect(await Promise.all([...held, fatal].map(outcome))).toEqual([UNAVAILABLE, UNAVAILABLE, UNAVAILABLE]);
    expect(logged.at(-1)).toContain('search worker exited');
    expect(await p.search(query('снова'), inThread)).toEqual({ query: 'снова' });
    expect(p.size).toBe(1);
  });

  it('answers what it held with a 503 when closed, stops its threads and then searches in the caller’s thread', async () => {
    const p = started();
    await p.search(query('здравствуй'), inThread);
    const held = outcome(p.search(query('жди'), inThread));
    await p.close();
    expect(await held).toBe(UNAVAILABLE);
    expect(p.size).toBe(0);
    expect(
      await p.search(query('потом'), async (q) => ({ ...(q as object), query: 'в основном потоке' }) as never),
    ).toEqual(expect.objectContaining({ query: 'в основном потоке' }));
  });
});

describe('whether the bank makes a search pool', () => {
  const embedded = () => new EmbeddedEngine(sqliteHost(openDatabase(':memory:')), SEARCH_FACETS);
  const onDisk = { databasePath: '/var/lib/bank/bank.db', baseUrl: 'http://bank.test' };

  it('makes one over the embedded engine and a bank on disk, and none for SEARCH_WORKERS=0, memory or Meilisearch', () => {
    expect(createSearchPool({ ...onDisk, searchWorkers: 2 }, embedded(), log)).toBeInstanceOf(SearchPool);
    expect(createSearchPool({ ...onDisk, searchWorkers: 0 }, embedded(), log)).toBeUndefined();
    expect(
      createSearchPool({ ...onDisk, databasePath: ':memory:', searchWorkers: 2 }, embedded(), log),
    ).toBeUndefined();
    const meilisearch = new MeilisearchEngine({
      schedule: () => {},
      facets: SEARCH_FACETS,
      url: 'http://127.0.0.1:9',
      key: undefined,
      synonyms: buildSynonyms(new VocabularyCatalogue([])),
      loadDocument: () => undefined,
    });
    expect(createSearchPool({ ...onDisk, searchWorkers: 2 }, meilisearch, log)).toBeUndefined();
  });
});
