/**
 * The Meilisearch engine: its pure parts are tested always; the contract suite runs when MEILI_URL names a server
 * (there is none on the development machines; `docker compose up meilisearch` gives one).
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SynonymIndex } from '../../search/analysis/synonyms.js';
import { parseQuery } from '../../search/analysis/query.js';
import { MeilisearchEngine } from '../../search/meilisearch/engine.js';
import { buildFilter, quoteValue } from '../../search/meilisearch/filters.js';
import { toMeiliDocument, toMeiliQuery } from '../../search/meilisearch/mapping.js';
import { indexSettings, settingsDiffer } from '../../search/meilisearch/settings.js';
import { openDatabase, writeTransaction } from '../../server/db/client.js';
import { createJobRunner } from '../../server/jobs/runner.js';
import { registerSearchSync, searchSyncScheduler } from '../../server/jobs/search-sync.js';
import { silentLogger } from '../support/logger.js';
import { describeSearchContract, DOCUMENTS, synonyms } from './contract.js';

describe('Meilisearch filters', () => {
  it('quotes and escapes every value, so a value never becomes filter syntax', () => {
    expect(quoteValue('preschool')).toBe('"preschool"');
    expect(quoteValue('a"b')).toBe('"a\\"b"');
    expect(quoteValue('back\\slash')).toBe('"back\\\\slash"');
    expect(quoteValue('" OR levels EXISTS OR "')).toBe('"\\" OR levels EXISTS OR \\""');
  });

  it('joins values of a facet with IN and facets with AND, leaving out the excepted facet', () => {
    const filters = { levels: ['preschool', 'primary'], municipality: ['smolensk'], year: ['2025'] };
    expect(buildFilter(filters)).toBe(
      'levels IN ["preschool", "primary"] AND municipality IN ["smolensk"] AND year IN ["2025"]',
    );
    expect(buildFilter(filters, 'levels')).toBe('municipality IN ["smolensk"] AND year IN ["2025"]');
    expect(buildFilter({})).toBeUndefined();
    expect(buildFilter({ levels: [] })).toBeUndefined();
  });
});

describe('Meilisearch documents and queries', () => {
  it('indexes analysed stems, not raw Russian, and keeps facets as codes', () => {
    const doc = toMeiliDocument(DOCUMENTS[0]!);
    expect(doc.title).toBe('использован триз технолог работ детьм старш дошкольн возраст');
    expect(doc).toMatchObject({
      id: 1,
      levels: ['preschool'],
      technologies: ['triz'],
      municipality: 'smolensk',
      year: '2026',
      organizationType: 'preschool',
    });
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
  );

  it('searches the analysed fields by weight and filters every facet', () => {
    expect(settings.searchableAttributes).toEqual(['title', 'terms', 'summary', 'body']);
    expect(settings.filterableAttributes).toEqual([
      'levels',
      'subjects',
      'technologies',
      'directions',
      'municipality',
      'organizationType',
      'year',
    ]);
    expect(settings.sortableAttributes).toEqual(expect.arrayContaining(['publishedAt', 'views']));
    expect(settings.typoTolerance).toMatchObject({ minWordSizeForTypos: { oneTypo: 5, twoTypos: 9 } });
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

describe('Meilisearch sync jobs', () => {
  /** An engine over a fresh database whose syncs are jobs of a runner that is never started: tests drain it. */
  function setup(documents = new Map(DOCUMENTS.map((d) => [d.id, d]))) {
    const db = openDatabase(':memory:');
    let clock = Date.now();
    const jobs = createJobRunner({ db, log: silentLogger, now: () => clock });
    // Nothing listens on port 9 of the loopback: every request fails at once.
    const engine = new MeilisearchEngine({
      schedule: searchSyncScheduler(db, jobs),
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
describeSearchContract(
  'meilisearch',
  MEILI_URL
    ? async () => {
        const db = openDatabase(':memory:');
        const documents = new Map(DOCUMENTS.map((d) => [d.id, d]));
        const jobs = createJobRunner({ db, log: silentLogger });
        const engine = new MeilisearchEngine({
          schedule: searchSyncScheduler(db, jobs),
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
    : undefined,
  'MEILI_URL is not set — no Meilisearch server here; run `docker compose up -d meilisearch` and set MEILI_URL=http://127.0.0.1:7700 MEILI_KEY=… to run it',
);
