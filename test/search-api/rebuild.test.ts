/**
 * A bank upgraded in place: migration 0019 makes the embedded text index anew, empty, and the bank rebuilds it from
 * the database at start, so searches end up complete (names included), not empty.
 */
import { copyFileSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app.js';
import { openDatabase } from '../../server/db/client.js';
import { startSearch } from '../../server/search-api/rebuild.js';
import { createServices } from '../../server/services.js';
import { silentLogger } from '../support/logger.js';
import { tempDir, testConfig } from '../helper.js';

const scratch = tempDir('bank-search-rebuild-');
afterAll(() => scratch.remove());

const base = path.join(scratch.dir, 'bank.db');
const config = testConfig({ DATA_DIR: scratch.dir, DEMO_DATA: 'true' }, { databasePath: base });

// One bank with the demo catalogue, made by the app as a first start makes it; each test works on its own copy.
beforeAll(async () => {
  const app = await buildApp(config);
  await app.ready();
  await app.close();
}, 60_000);

let copies = 0;
function copyOfBank(): string {
  copies += 1;
  const file = path.join(scratch.dir, `copy-${copies}.db`);
  copyFileSync(base, file);
  return file;
}

/**
 * Does to a bank what upgrading it through 0019 did: its text index made anew, empty, with the facets kept. The
 * migration's own SQL is run, so the test follows it (rolling the migrations table back would also re-run every
 * later migration over tables that already exist).
 */
function upgradeThroughNames(file: string): void {
  const sqlite = new Database(file);
  const migration = readFileSync(path.join(import.meta.dirname, '../../migrations/0019_search_names.sql'), 'utf8');
  for (const statement of migration.split('--> statement-breakpoint')) sqlite.exec(statement);
  sqlite.close();
}

describe('the search index after an upgrade', () => {
  it('is rebuilt from the database at start, and an organisation’s name then finds its practices first', async () => {
    const file = copyOfBank();
    upgradeThroughNames(file);

    const db = openDatabase(file); // applies 0019: the text index is empty, the facet table is not
    const count = (table: string) => db.$client.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
    const practices = count('search_facets');
    expect(practices).toBeGreaterThan(60);
    expect(count('search_fts')).toBe(0);

    const services = createServices(config, db, silentLogger);
    const start = await startSearch(services.engine, db, services.vocabularies, silentLogger);
    await start.rebuilt;
    expect(count('search_fts')).toBe(practices);
    expect(await services.engine.needsReindex()).toBe(false);

    const result = await services.search.search({ q: 'Лицей № 3', page: 1, perPage: 20 });
    expect(result.hits.slice(0, 2).map((h) => h.organization?.shortName)).toEqual([
      'МБОУ «Лицей № 3»',
      'МБОУ «Лицей № 3»',
    ]);
    await start.stop();
    db.$client.close();
  }, 60_000);

  it('starts without a rebuild when the index is whole', async () => {
    const db = openDatabase(copyOfBank());
    const services = createServices(config, db, silentLogger);
    const messages: string[] = [];
    const log = { info: (_: object, msg?: string) => messages.push(msg ?? ''), error: () => {} };
    const start = await startSearch(services.engine, db, services.vocabularies, log as never);
    await start.rebuilt;
    expect(messages).toEqual([]);
    db.$client.close();
  });

  it('stops a rebuild cut short without dropping what it had not reached, and the next start finishes it', async () => {
    const db = openDatabase(copyOfBank());
    db.$client.exec(
      'DELETE FROM search_fts WHERE rowid IN (SELECT practice_id FROM search_facets ORDER BY practice_id DESC LIMIT 10)',
    );
    const services = createServices(config, db, silentLogger);
    const start = await startSearch(services.engine, db, services.vocabularies, silentLogger);
    await start.stop();
    const facets = db.$client.prepare('SELECT count(*) FROM search_facets').pluck().get() as number;
    expect(facets).toBeGreaterThan(60);
    expect(await services.engine.needsReindex()).toBe(true);
    const again = await startSearch(services.engine, db, services.vocabularies, silentLogger);
    await again.rebuilt;
    expect(await services.engine.needsReindex()).toBe(false);
    db.$client.close();
  });
});
