import { describe, expect, it } from 'vitest';
import { parseQuery } from '../../search/analysis/query.js';
import { openDatabase } from '../../server/db/client.js';
import { EmbeddedEngine } from '../../search/embedded/engine.js';
import { SEARCH_FACETS, sqliteHost } from '../../server/search-api/engine.js';
import { DOCUMENTS, describeSearchContract, synonyms, type EngineHarness } from './contract.js';
import { embeddedWrites } from './embedded-writes.js';
import { describeNamesContract } from './contract-names.js';

async function embeddedHarness(): Promise<EngineHarness> {
  const db = openDatabase(':memory:');
  const engine = new EmbeddedEngine(sqliteHost(db), SEARCH_FACETS);
  await engine.start();
  return {
    engine,
    ...embeddedWrites(db, engine),
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
