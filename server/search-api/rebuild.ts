/**
 * Starting the search engine with the bank: when an upgrade changed what the index stores (migration 0019 made the
 * embedded text index anew; Meilisearch's documents lack the names field), the index is rebuilt from the database
 * in the background, so the bank answers at once and ends with a complete index, not an empty or stale one.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { SearchDocument, SearchEngine } from '../../search/port.js';
import type { Db } from '../db/client.js';
import type { VocabularyCatalogue } from '../vocabularies/service.js';
import { allSearchDocuments } from './documents.js';

export interface SearchStart {
  /** Resolves when the rebuild begun at start (if any) has finished or failed. */
  readonly rebuilt: Promise<void>;
  /** Cuts a running rebuild short (the next start sees the index incomplete and begins again) and waits for it. */
  stop(): Promise<void>;
}

class RebuildStopped extends Error {}

/** About a tenth of a second of indexing: the longest a request waits behind the rebuild. */
const REBUILD_BATCH = 50;

/** Starts `engine` and, when it says its index must be rebuilt, rebuilds it from `db` in the background. */
export async function startSearch(
  engine: SearchEngine,
  db: Db,
  vocabularies: VocabularyCatalogue,
  log: Pick<FastifyBaseLogger, 'info' | 'error'>,
): Promise<SearchStart> {
  await engine.start();
  if (!(await engine.needsReindex())) return { rebuilt: Promise.resolve(), stop: async () => {} };
  let stopped = false;
  // Small batches with a turn of the event loop between them keep requests answered while it runs. Throwing (not
  // just ending) stops the engine's reindex before it drops the practices it has not seen yet.
  async function* batches(): AsyncGenerator<SearchDocument[]> {
    for (const batch of allSearchDocuments(db, vocabularies, REBUILD_BATCH)) {
      if (stopped) throw new RebuildStopped('the bank is stopping');
      yield batch;
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  log.info({ engine: engine.name }, 'search index is out of date after an upgrade: rebuilding it from the database');
  const started = performance.now();
  const rebuilt = engine.reindex(batches()).then(
    (count) =>
      log.info({ engine: engine.name, count, ms: Math.round(performance.now() - started) }, 'search index rebuilt'),
    (error: unknown) => {
      if (error instanceof RebuildStopped) log.info({ engine: engine.name }, 'search index rebuild stopped');
      else log.error({ err: error, engine: engine.name }, 'search index rebuild failed; run `npm run reindex`');
    },
  );
  return {
    rebuilt,
    async stop() {
      stopped = true;
      await rebuilt;
    },
  };
}
