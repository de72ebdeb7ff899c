import { describe, expect, it } from 'vitest';
import { parseQuery } from '../../search/analysis/query.js';
import { openDatabase, writeTransaction } from '../../server/db/client.js';
import { EmbeddedEngine } from '../../search/embedded/engine.js';
import { SEARCH_FACETS, sqliteHost } from '../../server/search-api/engine.js';
import { DOCUMENTS, describeSearchContract, synonyms, type EngineHarness } from './contract.js';
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
    async indexMany(docs) {
      const views = db.$client.prepare(
        'INSERT INTO practices (id, view_count) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET view_count = excluded.view_count',
      );
      writeTransaction(db, (tx) => {
        docs.forEach((d) => views.run(d.id, d.views));
        engine.indexMany(tx, docs);
      });
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

describe('embedded engine: a rebuild while the bank keeps writing', () => {
  it('keeps a practice published and forgets one withdrawn while the rebuild ran', async () => {
    const harness = await embeddedHarness();
    const withoutEight = DOCUMENTS.filter((d) => d.id !== 8);
    await harness.index(withoutEight);
    const ids = async (q: string) =>
      (
        await harness.engine.search({
          plan: parseQuery(q, synonyms),
          filters: {},
          sort: 'relevance',
          offset: 0,
          limit: 20,
        })
      ).ids;
    // The rebuild read practice 3 before it was withdrawn and never saw 8, published after it had passed.
    async function* batches() {
      yield withoutEight.filter((d) => d.id !== 3);
      await harness.index([DOCUMENTS[7]!]);
      await harness.remove(3);
      yield [DOCUMENTS[2]!];
    }
    await harness.engine.reindex(batches());
    expect(await ids('наставничество')).toEqual([8]);
    expect(await ids('елочка')).toEqual([]);
    // Once the rebuild is over, its sweep is back to normal: a later rebuild drops what it does not list.
    await harness.engine.reindex([withoutEight]);
    expect(await ids('наставничество')).toEqual([]);
    await harness.close();
  });
});
