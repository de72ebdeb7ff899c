import type { EmbeddedEngine } from '../../search/embedded/engine.js';
import { writeTransaction, type Db } from '../../server/db/client.js';
import type { EngineHarness } from './contract.js';

/**
 * The contract's writes to an embedded engine as the bank makes them: each practice's views on its row (the engine
 * reads them from there whenever it reloads), the documents indexed one by one or as one batch, in a transaction.
 */
export function embeddedWrites(db: Db, engine: EmbeddedEngine): Pick<EngineHarness, 'index' | 'indexMany' | 'remove'> {
  const writeViews = (docs: { id: number; views: number }[]) => {
    const views = db.$client.prepare(
      'INSERT INTO practices (id, view_count) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET view_count = excluded.view_count',
    );
    docs.forEach((d) => views.run(d.id, d.views));
  };
  return {
    async index(docs) {
      writeTransaction(db, (tx) => {
        writeViews(docs);
        docs.forEach((d) => engine.index(tx, d));
      });
    },
    async indexMany(docs) {
      writeTransaction(db, (tx) => {
        writeViews(docs);
        engine.indexMany(tx, docs);
      });
    },
    async remove(id) {
      writeTransaction(db, (tx) => engine.remove(tx, id));
    },
  };
}
