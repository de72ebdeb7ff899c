import { statSync } from 'node:fs';
import { fileTypeFromFile } from 'file-type';
import { describe, expect, it } from 'vitest';
import { readDemoCatalogue, readDemoMaterials } from '../server/bootstrap.js';
import { extensionOf } from '../server/attachments/names.js';
import { FILE_KINDS } from '../server/attachments/types.js';
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
      attachmentImport: app().bank.services.attachmentImport,
      log: app().log,
    });
    expect(count('SELECT count(*) AS n FROM practices')).toBe(before);
  });

  it('keeps its materials small, named in Russian and really of the type their names say', async () => {
    const entries = readDemoMaterials();
    const files = entries.flatMap((e) => e.files);
    expect(files.length).toBeGreaterThanOrEqual(3);
    expect(new Set(files.map(extensionOf))).toEqual(new Set(['pdf', 'png']));
    for (const file of files) {
      expect(file).toMatch(/[а-яё][^/]*$/i);
      expect(statSync(file).size, file).toBeLessThan(32 * 1024);
      const kind = FILE_KINDS[extensionOf(file)]!;
      expect(kind.detected, file).toContain((await fileTypeFromFile(file))?.ext);
    }
    const titles = new Set((readDemoCatalogue() as { title: string }[]).map((r) => r.title));
    for (const entry of entries) expect(titles, entry.practice).toContain(entry.practice);
  });

  it('gives several practices files and RuTube, VK Video and YouTube links, shown and downloadable', async () => {
    const attached = app()
      .bank.db.$client.prepare(
        "SELECT a.id, a.kind, a.name, a.provider, p.registry_number AS number FROM attachments a JOIN practices p ON p.id = a.practice_id JOIN practice_versions v ON v.id = a.version_id AND v.state = 'published'",
      )
      .all() as { id: number; kind: string; name: string; provider: string | null; number: string }[];
    const expected = readDemoMaterials();
    expect(attached.filter((a) => a.kind === 'file')).toHaveLength(expected.flatMap((e) => e.files).length);
    expect(new Set(attached.map((a) => a.provider).filter(Boolean))).toEqual(new Set(['rutube', 'vk', 'youtube']));
    expect(new Set(attached.map((a) => a.number)).size).toBeGreaterThanOrEqual(4);

    const pdf = attached.find((a) => a.name === 'Картотека ТРИЗ-игр.pdf')!;
    const page = await call(app(), null, 'GET', `/practices/${pdf.number}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Картотека ТРИЗ-игр.pdf');
    expect(page.body).toContain('Морфологическая дорожка.png');
    expect(page.body).toContain('Игра «Хорошо — плохо» в старшей группе');
    const download = await call(app(), null, 'GET', `/api/v1/attachments/${pdf.id}`);
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toBe('application/pdf');
    expect(download.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
  });
});
