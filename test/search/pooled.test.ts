/**
 * The engines' contract answered by the search pool's workers: the main thread's engine writes (index, remove,
 * views, rebuild) to a bank on disk and tells the pool; every search is answered by a worker's own engine over its
 * read-only connection. What the contract checks of one engine must hold when the writer and the reader are two.
 */
import path from 'node:path';
import { EmbeddedEngine } from '../../search/embedded/engine.js';
import type { SearchEngine } from '../../search/port.js';
import { openDatabase } from '../../server/db/client.js';
import { SEARCH_FACETS, sqliteHost } from '../../server/search-api/engine.js';
import { createSearchPool } from '../../server/search-api/pool/pool.js';
import { tempDir } from '../helper.js';
import { describeSearchContract, type EngineHarness } from './contract.js';
import { describeNamesContract } from './contract-names.js';
import { embeddedWrites } from './embedded-writes.js';

const quiet = { info: () => {}, error: () => {} };

async function pooledHarness(): Promise<EngineHarness> {
  const data = tempDir('bank-pooled-contract-');
  const databasePath = path.join(data.dir, 'bank.db');
  const db = openDatabase(databasePath);
  const writer = new EmbeddedEngine(sqliteHost(db), SEARCH_FACETS);
  await writer.start();
  const pool = createSearchPool({ searchWorkers: 2, databasePath, baseUrl: 'http://bank.test' }, writer, quiet)!;
  pool.start();
  await pool.whenReady();
  // Searches go to the workers; writes, rebuilds and whole listings stay with the writing engine, as in the bank.
  const engine = new Proxy(writer, {
    get(target, property) {
      if (property === 'search') return (request: Parameters<SearchEngine['search']>[0]) => pool.engineSearch(request);
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return {
    engine,
    ...embeddedWrites(db, writer),
    async close() {
      await pool.close();
      db.$client.close();
      data.remove();
    },
  };
}

describeSearchContract('embedded, answered by the search pool', pooledHarness);
describeNamesContract('embedded, answered by the search pool', pooledHarness);
