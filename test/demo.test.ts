import { describe, expect, it } from 'vitest';
import { readDemoCatalogue } from '../server/bootstrap.js';
import { call, useApp } from './helper.js';

describe('the demo catalogue', () => {
  const app = useApp({ DEMO_DATA: 'true' });
  const count = (sql: string) => (app().bank.db.$client.prepare(sql).get() as { n: number }).n;

  it('loads at least 60 published practices at first start, every record accepted', async () => {
    const records = readDemoCatalogue();
    expect(records.length).toBeGreaterThanOrEqual(60);
    expect(count("SELECT count(*) AS n FROM practice_versions WHERE state = 'published'")).toBe(records.length);
    const list = await call(app(), null, 'GET', '/api/v1/practices?perPage=100');
    expect(list.json().total).toBe(records.length);
  });

  it('spreads over every level, most technologies and most municipalities, with their organisations', () => {
    const levels = count("SELECT count(*) AS n FROM vocabulary_terms WHERE vocabulary = 'levels'");
    expect(levels).toBeGreaterThan(0);
    expect(count("SELECT count(DISTINCT code) AS n FROM practice_terms WHERE vocabulary = 'levels'")).toBe(levels);
    const technologies = count("SELECT count(*) AS n FROM vocabulary_terms WHERE vocabulary = 'technologies'");
    expect(
      count("SELECT count(DISTINCT code) AS n FROM practice_terms WHERE vocabulary = 'technologies'"),
    ).toBeGreaterThan(technologies * 0.75);
    expect(count('SELECT count(DISTINCT municipality) AS n FROM organizations')).toBeGreaterThanOrEqual(24);
    expect(count('SELECT count(*) AS n FROM organizations')).toBeGreaterThanOrEqual(30);
    expect(
      count('SELECT count(DISTINCT substr(published_at, 1, 4)) AS n FROM practice_versions'),
    ).toBeGreaterThanOrEqual(3);
  });

  it('is written in Russian, with the sections a teacher fills in', () => {
    const rows = app()
      .bank.db.$client.prepare('SELECT title, summary, content, results FROM practice_versions')
      .all() as { title: string; summary: string; content: string; results: string }[];
    for (const row of rows) {
      expect(row.title).toMatch(/[а-яё]/i);
      expect(row.summary.length).toBeGreaterThan(200);
      expect(row.content.length).toBeGreaterThan(600);
      expect(row.results).toMatch(/\d/);
    }
  });

  it('is not loaded again into a database that already has practices', async () => {
    const before = count('SELECT count(*) AS n FROM practices');
    const { bootstrap } = await import('../server/bootstrap.js');
    const { testConfig } = await import('./helper.js');
    await bootstrap({
      config: testConfig({ DEMO_DATA: 'true' }),
      db: app().bank.db,
      auth: app().bank.services.auth,
      importer: app().bank.services.importer,
      log: app().log,
    });
    expect(count('SELECT count(*) AS n FROM practices')).toBe(before);
  });
});
