/**
 * Synonym groups rebuilt while the bank runs (an admin edited a vocabulary): the index changes in place, both
 * engines drop answers computed before, and Meilisearch's `synonyms` setting follows. The part that needs a
 * Meilisearch server runs when MEILI_URL names one.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { analyze, analyzeToText } from '../../search/analysis/analyze.js';
import { parseQuery } from '../../search/analysis/query.js';
import { SynonymIndex } from '../../search/analysis/synonyms.js';
import { EmbeddedEngine } from '../../search/embedded/engine.js';
import { MeilisearchEngine } from '../../search/meilisearch/engine.js';
import { indexSettings, settingsDiffer } from '../../search/meilisearch/settings.js';
import { openDatabase, writeTransaction } from '../../server/db/client.js';
import { createJobRunner } from '../../server/jobs/runner.js';
import { registerSearchSync, searchSyncScheduler } from '../../server/jobs/search-sync.js';
import { SEARCH_FACETS, sqliteHost } from '../../server/search-api/engine.js';
import { silentLogger } from '../support/logger.js';
import { DOCUMENTS } from './contract.js';

const ROBOTICS = ['Образовательная робототехника', 'LEGO-конструирование'];

describe('synonym groups rebuilt in place', () => {
  it('answer lookups, the longest member and the Meilisearch map from the new groups only', () => {
    const index = new SynonymIndex([ROBOTICS]);
    expect(index.lookup(analyze('LEGO-конструирование'))).toBeDefined();
    index.rebuild([[...ROBOTICS, 'Мехатроника и программирование роботов']]);
    expect(index.lookup(analyze('мехатроника'))).toBeUndefined();
    expect(index.lookup(analyze('мехатроника и программирование роботов'))).toHaveLength(3);
    expect(index.longest).toBe(3);
    index.rebuild([['ТРИЗ', 'РТВ']]);
    expect(index.lookup(analyze('Образовательная робототехника'))).toBeUndefined();
    expect(index.toMap()).toEqual({ триз: ['ртв'], ртв: ['триз'] });
  });

  it('change the Meilisearch settings the engine wants, so they are sent again', () => {
    const index = new SynonymIndex([ROBOTICS]);
    const before = indexSettings(index, SEARCH_FACETS);
    index.rebuild([[...ROBOTICS, 'Мехатроника']]);
    const after = indexSettings(index, SEARCH_FACETS);
    expect(after.synonyms?.[analyzeToText('Мехатроника')]).toEqual(ROBOTICS.map(analyzeToText));
    expect(settingsDiffer(after, before)).toBe(true);
    expect(settingsDiffer(after, after)).toBe(false);
  });

  it('make the embedded engine drop cached answers', async () => {
    const db = openDatabase(':memory:');
    const engine = new EmbeddedEngine(sqliteHost(db), SEARCH_FACETS);
    await engine.start();
    const generation = engine.generation();
    await engine.synonymsChanged();
    expect(engine.generation()).toBeGreaterThan(generation);
    db.$client.close();
  });

  it('leave Meilisearch to the next sync when it cannot be reached, without failing the admin’s change', async () => {
    const db = openDatabase(':memory:');
    const jobs = createJobRunner({ db, log: silentLogger });
    const warnings: string[] = [];
    const engine = new MeilisearchEngine({
      schedule: searchSyncScheduler(db, jobs),
      facets: SEARCH_FACETS,
      // Nothing listens on port 9 of the loopback: every request fails at once.
      url: 'http://127.0.0.1:9',
      key: undefined,
      synonyms: new SynonymIndex([ROBOTICS]),
      log: { info() {}, error() {}, warn: (_o, msg) => warnings.push(msg ?? '') },
    });
    const generation = engine.generation();
    await expect(engine.synonymsChanged()).resolves.toBeUndefined();
    expect(engine.generation()).toBeGreaterThan(generation);
    expect(warnings).toEqual(['Meilisearch synonyms not updated yet; the next sync sends them']);
    await jobs.close();
    db.$client.close();
  });
});

const MEILI_URL = process.env.MEILI_URL;
describe.skipIf(!MEILI_URL)('Meilisearch with synonyms an admin added (needs MEILI_URL)', () => {
  it('finds an indexed practice by a synonym added afterwards, once the engine is told', async () => {
    const db = openDatabase(':memory:');
    const jobs = createJobRunner({ db, log: silentLogger });
    const synonyms = new SynonymIndex([ROBOTICS]);
    const robotics = DOCUMENTS.find((d) => d.facets['technologies']?.includes('robotics'))!;
    const engine = new MeilisearchEngine({
      schedule: searchSyncScheduler(db, jobs),
      facets: SEARCH_FACETS,
      url: MEILI_URL!,
      key: process.env.MEILI_KEY,
      synonyms,
      loadDocument: (id) => (id === robotics.id ? robotics : undefined),
      indexUid: `synonyms_${randomUUID().slice(0, 8)}`,
    });
    registerSearchSync(jobs, engine);
    await engine.start();
    writeTransaction(db, (tx) => engine.index(tx, robotics));
    await jobs.drain('search');
    const search = () =>
      engine.search({
        plan: parseQuery('мехатроника', synonyms),
        filters: {},
        sort: 'relevance',
        offset: 0,
        limit: 10,
      });
    expect((await search()).ids).toEqual([]);
    synonyms.rebuild([[...ROBOTICS, 'Мехатроника']]);
    await engine.synonymsChanged();
    expect((await search()).ids).toEqual([robotics.id]);
    await jobs.close();
    db.$client.close();
  });
});
