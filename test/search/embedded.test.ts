import { openDatabase, writeTransaction } from '../../server/db/client.js';
import { EmbeddedEngine } from '../../search/embedded/engine.js';
import { SEARCH_FACETS, sqliteHost } from '../../server/search-api/engine.js';
import { describeSearchContract, type EngineHarness } from './contract.js';
import { describeNamesContract } from './contract-names.js';

async function embeddedHarness(): Promise<EngineHarness> {
  const db = openDatabase(':memory:');
  const engine = new EmbeddedEngine(sqliteHost(db), SEARCH_FACETS);
  await engine.start();
  return {
    engine,
    async index(docs) {
      // The bank keeps views on the practice row, and the engine reads them from there whenever it reloads.
      const views = db.$client.prepare(
        'INSERT INTO practices (id, view_count) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET view_count = excluded.view_count',
      );
      writeTransaction(db, (tx) =>
        docs.forEach((d) => {
          views.run(d.id, d.views);
          engine.index(tx, d);
        }),
      );
    },
    async remove(id) {
      writeTransaction(db, (tx) => engine.remove(tx, id));
    },
    async close() {
      await engine.close();
      db.$client.close();
    },
  };
}

describeSearchContract('embedded', embeddedHarness);
describeNamesContract('embedded', embeddedHarness);
