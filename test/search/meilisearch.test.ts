/**
 * The Meilisearch engine: its pure parts are tested always; the contract suite runs when MEILI_URL names a server
 * (there is none on the development machines; `docker compose up meilisearch` gives one).
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { SynonymIndex } from '../../search/analysis/synonyms.js';
import { parseQuery } from '../../search/analysis/query.js';
import { MeilisearchEngine, sortRules } from '../../search/meilisearch/engine.js';
import { buildFilter, quoteValue } from '../../search/meilisearch/filters.js';
import { toMeiliDocument, toMeiliQuery } from '../../search/meilisearch/mapping.js';
import { indexSettings, settingsDiffer } from '../../search/meilisearch/settings.js';
import { mainWindow, namedFirst, rankedIds } from '../../search/meilisearch/tiers.js';
import { openDatabase, writeTransaction } from '../../server/db/client.js';
import { SEARCH_FACETS } from '../../server/search-api/engine.js';
import { createJobRunner } from '../../server/jobs/runner.js';
import { registerSearchSync, searchSyncScheduler } from '../../server/jobs/search-sync.js';
import { silentLogger } from '../support/logger.js';
import { describeSearchContract, DOCUMENTS, synonyms, type EngineHarness } from './contract.js';
import { describeNamesContract } from './contract-names.js';

describe('Meilisearch filters', () => {
  it('quotes and escapes every value, so a value never becomes filter syntax', () => {
    expect(quoteValue('preschool')).toBe('"preschool"');
    expect(quoteValue('a"b')).toBe('"a\\"b"');
    expect(quoteValue('back\\slash')).toBe('"back\\\\slash"');
    expect(quoteValue('" OR levels EXISTS OR "')).toBe('"\\" OR levels EXISTS OR \\""');
  });

  it('joins values of a facet with IN and facets with AND, leaving out the excepted facet', () => {
    const filters = { levels: ['preschool', 'primary'], municipality: ['smolensk'], year: ['2025'] };
    expect(buildFilter(filters, SEARCH_FACETS)).toBe(
      'levels IN ["preschool", "primary"] AND municipality IN ["smolensk"] AND year IN ["2025"]',
    );
    expect(buildFilter(filters, SEARCH_FACETS, 'levels')).toBe('municipality IN ["smolensk"] AND year IN ["2025"]');
    expect(buildFilter({}, SEARCH_FACETS)).toBeUndefined();
    expect(buildFilter({ levels: [] }, SEARCH_FACETS)).toBeUndefined();
  });
});

describe('Meilisearch documents and queries', () => {
  it('indexes analysed stems, not raw Russian, and keeps facets as codes', () => {
    const doc = toMeiliDocument(DOCUMENTS[0]!, SEARCH_FACETS);
    expect(doc.title).toBe('использован триз технолог работ детьм старш дошкольн возраст');
    expect(doc).toMatchObject({
      id: 1,
      levels: ['preschool'],
      technologies: ['triz'],
      municipality: 'smolensk',
      year: '2026',
      organizationType: 'preschool',
      adopted: '',
      adoptions: 0,
    });
    expect(toMeiliDocument(DOCUMENTS[2]!, SEARCH_FACETS)).toMatchObject({ adopted: 'yes', adoptions: 2 });
    expect(doc.terms).toContain('триз');
  });

  it('sends the stems of what was typed, with quoted phrases kept', () => {
    expect(toMeiliQuery(parseQuery('Технологии ТРИЗ в детском саду', synonyms))).toBe('технолог триз детск сад');
    expect(toMeiliQuery(parseQuery('"метод проектов" история', synonyms))).toBe('"метод проект" истор');
    expect(toMeiliQuery(parseQuery('', synonyms))).toBe('');
  });
});

describe('Meilisearch settings', () => {
  const settings = indexSettings(
    new SynonymIndex([
      ['ДОУ', 'детский сад'],
      ['ОВЗ', 'ограниченные возможности здоровья'],
    ]),
    SEARCH_FACETS,
  );

  // What the settings must achieve, checked against the document the engine sends, not a copy of the lists.
  const doc = toMeiliDocument(DOCUMENTS[0]!, SEARCH_FACETS) as unknown as Record<string, unknown>;
  const facets = SEARCH_FACETS.map((f) => f.name);

  it('leaves no analysed text of the document unsearchable, and weighs the title first', () => {
    const textFields = Object.keys(doc).filter((k) => typeof doc[k] === 'string' && !facets.includes(k));
    expect(textFields.length).toBeGreaterThan(0);
    expect([...settings.searchableAttributes!].sort()).toEqual(textFields.sort());
    expect(settings.searchableAttributes![0]).toBe('title');
  });

  it('weighs the organisation’s names above the sections', () => {
    const order = settings.searchableAttributes!;
    expect(order.indexOf('names')).toBeGreaterThan(-1);
    expect(order.indexOf('names')).toBeLessThan(order.indexOf('body'));
  });

  it('lets every facet of the model be filtered, and filters only what the document carries', () => {
    // `id` too: the relax rule asks which of a query's best matches hold each word.
    expect([...(settings.filterableAttributes as string[])].sort()).toEqual([...facets, 'id'].sort());
    for (const facet of facets) expect(doc, facet).toHaveProperty(facet);
    // Existing indexes filter by these names: a new facet may join them, none may be renamed.
    expect(settings.filterableAttributes).toEqual(
      expect.arrayContaining([
        'levels',
        'subjects',
        'technologies',
        'directions',
        'municipality',
        'organizationType',
        'year',
      ]),
    );
  });

  it('sorts by fields the document holds as numbers (newest, most viewed), and ignores typos in short words', () => {
    expect(settings.sortableAttributes).toEqual(expect.arrayContaining(['publishedAt', 'views', 'adoptions']));
    for (const field of settings.sortableAttributes!) expect(typeof doc[field], field).toBe('number');
    // A stem of four letters (триз, речь) is too short for a typo to be told from another word.
    expect(settings.typoTolerance?.minWordSizeForTypos?.oneTypo).toBeGreaterThan(4);
  });

  it('carries the synonym groups as analysed stems, both ways', () => {
    expect(settings.synonyms).toMatchObject({
      доу: ['детск сад'],
      'детск сад': ['доу'],
      овз: ['ограничен возможн здоров'],
    });
  });

  it('is seen as already applied when the server holds the same lists in another order', () => {
    const current = { ...settings, filterableAttributes: [...(settings.filterableAttributes as string[])].reverse() };
    expect(settingsDiffer(settings, current)).toBe(false);
    expect(settingsDiffer(settings, { ...settings, searchableAttributes: ['title'] })).toBe(true);
  });
});

describe('Meilisearch pages with the named organisations first', () => {
  it('reads the page itself when nothing is named, and enough of the ranking to fill it past the named otherwise', () => {
    expect(mainWindow(40, 20, 0)).toEqual({ page: 3, hitsPerPage: 20 });
    expect(mainWindow(0, 20, 3)).toEqual({ page: 1, hitsPerPage: 20 });
    expect(mainWindow(20, 20, 3)).toEqual({ page: 1, hitsPerPage: 40 });
    // A page wholly within the named practices needs only the total and the counts.
    expect(mainWindow(0, 2, 3)).toEqual({ page: 1, hitsPerPage: 0 });
  });

  it('cuts every page from the named practices followed by the ranking without them, each once', () => {
    const named = [7, 3];
    const ranked = [1, 3, 2, 7, 4, 5];
    expect(namedFirst(named, ranked, 0, 3)).toEqual([7, 3, 1]);
    expect(namedFirst(named, ranked, 3, 3)).toEqual([2, 4, 5]);
    expect(namedFirst(named, ranked.slice(0, 0), 0, 2)).toEqual([7, 3]);
    expect(namedFirst([], [9, 8], 0, 2)).toEqual([9, 8]);
  });
});

describe('Meilisearch listing of a whole result', () => {
  /** Pages of `size` cut from `ranking`, recording which pages were asked for. */
  const pager = (ranking: number[], size: number) => {
    const asked: number[] = [];
    const fetch = async (page: number) => {
      asked.push(page);
      return ranking.slice((page - 1) * size, page * size);
    };
    return { asked, fetch };
  };
  const collect = async (chunks: AsyncIterable<number[]>) => {
    const all: number[][] = [];
    for await (const chunk of chunks) all.push(chunk);
    return all;
  };

  it('reads pages until one comes back short, the named practices first and never twice', async () => {
    const { asked, fetch } = pager([1, 3, 2, 7, 4, 5, 6], 3);
    expect(await collect(rankedIds([7, 3], fetch, 3))).toEqual([[7, 3], [1, 2], [4, 5], [6]]);
    expect(asked).toEqual([1, 2, 3]);
  });

  it('asks one page past a full last page and yields nothing for it', async () => {
    const { asked, fetch } = pager([1, 2, 3, 4], 2);
    expect((await collect(rankedIds([], fetch, 2))).flat()).toEqual([1, 2, 3, 4]);
    expect(asked).toEqual([1, 2, 3]);
  });

  it('drops a practice that slid onto the next page while the index changed', async () => {
    const pages = [[1, 2], [2, 3], [4]];
    const chunks = await collect(rankedIds([], async (page) => pages[page - 1] ?? [], 2));
    expect(chunks.flat()).toEqual([1, 2, 3, 4]);
  });

  it('sorts as the embedded engine does: newest first without words, by views then newest', () => {
    expect(sortRules('newest', 'триз')).toEqual(['publishedAt:desc', 'id:desc']);
    expect(sortRules('relevance', '')).toEqual(['publishedAt:desc', 'id:desc']);
    expect(sortRules('relevance', 'триз')).toBeUndefined();
    expect(sortRules('views', '')).toEqual(['views:desc', 'publishedAt:desc', 'id:desc']);
    expect(sortRules('adoptions', 'триз')).toEqual(['adoptions:desc', 'publishedAt:desc', 'id:desc']);
  });
});

describe('Meilisearch sync jobs', () => {
  /** An engine over a fresh database whose syncs are jobs of a runner that is never started: tests drain it. */
  function setup(documents = new Map(DOCUMENTS.map((d) => [d.id, d]))) {
    const db = openDatabase(':memory:');
    let clock = Date.now();
    const jobs = createJobRunner({ db, log: silentLogger, now: () => clock });
    // Nothing listens on port 9 of the loopback: every request fails at once.
    const engine = new MeilisearchEngine({
      schedule: searchSyncScheduler(db, jobs),
      facets: SEARCH_FACETS,
      url: 'http://127.0.0.1:9',
      key: undefined,
      synonyms,
      loadDocument: (id) => documents.get(id),
    });
    registerSearchSync(jobs, engine);
    return { db, jobs, engine, advance: (ms: number) => (clock += ms) };
  }
  const jobRows = (db: ReturnType<typeof openDatabase>) =>
    db.$client
      .prepare("SELECT key, status, attempts, run_at, last_error FROM jobs WHERE queue = 'search' ORDER BY id")
      .all() as { key: string; status: string; attempts: number; run_at: number; last_error: string }[];

  it('keeps every change when Meilisearch cannot be reached, and pushes the retry back', async () => {
    const { db, jobs, engine } = setup();
    writeTransaction(db, (tx) => DOCUMENTS.slice(0, 3).forEach((d) => engine.index(tx, d)));
    await jobs.drain('search');
    const rows = jobRows(db);
    expect(rows.map((r) => r.key)).toEqual(['practice:1', 'practice:2', 'practice:3']);
    expect(
      rows.every((r) => r.status === 'pending' && r.attempts === 1 && r.run_at > Date.now() && r.last_error.length > 0),
    ).toBe(true);
    expect(await engine.health()).toBe(false);
    await jobs.close();
    db.$client.close();
  });

  it('asks once for a practice changed twice before its sync ran', () => {
    const { db, engine } = setup();
    writeTransaction(db, (tx) => engine.index(tx, DOCUMENTS[0]!));
    writeTransaction(db, (tx) => engine.remove(tx, DOCUMENTS[0]!.id));
    expect(jobRows(db).map((r) => r.key)).toEqual(['practice:1']);
    db.$client.close();
  });

  it('asks for a batch in the transaction that wrote it, once a practice, and syncs it in one request', async () => {
    const { db, jobs, engine } = setup();
    const sync = vi.spyOn(engine, 'sync').mockResolvedValue();
    const [first, second, third] = DOCUMENTS;
    writeTransaction(db, (tx) => engine.indexMany(tx, [first!, second!, first!, third!]));
    expect(jobRows(db).map((r) => r.key)).toEqual(['practice:1', 'practice:2', 'practice:3']);
    await jobs.drain('search');
    expect(sync).toHaveBeenCalledTimes(1);
    expect(sync.mock.calls[0]![0]).toEqual([1, 2, 3]);
    expect(jobRows(db)).toEqual([]);
    await jobs.close();
    db.$client.close();
  });

  it('writes no job when the transaction rolls back', () => {
    const { db, engine } = setup();
    expect(() =>
      writeTransaction(db, (tx) => {
        engine.index(tx, DOCUMENTS[0]!);
        throw new Error('the publication failed');
      }),
    ).toThrow('the publication failed');
    expect(jobRows(db)).toEqual([]);
    db.$client.close();
  });
});

const MEILI_URL = process.env.MEILI_URL;
const meiliHarness: (() => Promise<EngineHarness>) | undefined = MEILI_URL
  ? async () => {
      const db = openDatabase(':memory:');
      const documents = new Map(DOCUMENTS.map((d) => [d.id, d]));
      const jobs = createJobRunner({ db, log: silentLogger });
      const engine = new MeilisearchEngine({
        schedule: searchSyncScheduler(db, jobs),
        facets: SEARCH_FACETS,
        url: MEILI_URL,
        key: process.env.MEILI_KEY,
        synonyms,
        loadDocument: (id) => documents.get(id),
        indexUid: `contract_${randomUUID().slice(0, 8)}`,
      });
      registerSearchSync(jobs, engine);
      await engine.start();
      return {
        engine,
        async index(docs) {
          for (const d of docs) documents.set(d.id, d);
          writeTransaction(db, (tx) => docs.forEach((d) => engine.index(tx, d)));
          await jobs.drain('search');
        },
        async indexMany(docs) {
          for (const d of docs) documents.set(d.id, d);
          writeTransaction(db, (tx) => engine.indexMany(tx, docs));
          await jobs.drain('search');
        },
        async remove(id) {
          documents.delete(id);
          writeTransaction(db, (tx) => engine.remove(tx, id));
          await jobs.drain('search');
        },
        async close() {
          await jobs.close();
          await engine.close();
          db.$client.close();
        },
      };
    }
  : undefined;
const NO_SERVER =
  'MEILI_URL is not set — no Meilisearch server here; run `docker compose up -d meilisearch` and set MEILI_URL=http://127.0.0.1:7700 MEILI_KEY=… to run it';
describeSearchContract('meilisearch', meiliHarness, NO_SERVER);
describeNamesContract('meilisearch', meiliHarness, NO_SERVER);
