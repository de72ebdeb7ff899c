import { openDatabase, writeTransaction } from '../../server/db/client.js';
import { EmbeddedEngine } from '../../search/embedded/engine.js';
import { SEARCH_FACETS, sqliteHost } from '../../server/search-api/engine.js';
import { describeSearchContract } from './contract.js';

describeSearchContract('embedded', async () => {
  const db = openDatabase(':memory:');
  const engine = new EmbeddedEngine(sqliteHost(db), SEARCH_FACETS);
  await engine.start();
  return {
    engine,
    async index(docs) {
      writeTransaction(db, (tx) => docs.forEach((d) => engine.index(tx, d)));
    },
    async remove(id) {
      writeTransaction(db, (tx) => engine.remove(tx, id));
    },
    async close() {
      await engine.close();
      db.$client.close();
    },
  };
});
