import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REGISTER_HEADERS, registerRows, writeXlsx } from '../../bench/import-data.js';
import { loadImportFile } from '../../server/importer/files.js';
import { parseMappingFile } from '../../server/importer/mapping.js';
import { importFile } from '../../server/importer/run.js';
import { createImporter } from '../../server/importer/service.js';
import { rows, tempDir, useApp } from '../helper.js';

const dir = tempDir();
afterAll(() => dir.remove());
const ACTOR = { userId: null, name: 'Тест' };
let n = 0;

function csv(lines: string[][]): string {
  const target = path.join(dir.dir, `r${++n}.csv`);
  writeFileSync(
    target,
    [REGISTER_HEADERS, ...lines].map((l) => l.map((c) => `"${c.replaceAll('"', '""')}"`).join(';')).join('\n'),
  );
  return target;
}

const line = (
  title: string,
  technologies: string,
  extra: Partial<Record<'municipality' | 'organization', string>> = {},
) => [
  title,
  'Аннотация из реестра',
  'Дошкольное образование',
  'Речевое развитие',
  technologies,
  'Развитие',
  'опыт',
  extra.organization ?? 'МБДОУ «Детский сад № 90 «Тест»»',
  extra.municipality ?? 'г. Смоленск',
  'Иванова А.П.',
  'воспитатель',
  '2022',
  '10.02.2025',
  '',
];

describe('importing registers', () => {
  const app = useApp();
  const importer = () => app().bank.services.importer;
  const vocabularies = () => app().bank.services.vocabularies;

  it('lands the spellings people use, warns of empty sections, and shows how each value was read', async () => {
    const file = csv([line('Лэпбук и ИКТ', '"Технология «Лэпбук»", ИКТ-технологии, Критическое мышление (РКМЧП)')]);
    const report = await importFile(importer(), file, { dryRun: false, source: 'r.csv', actor: ACTOR });
    expect(report).toMatchObject({ created: 1, failed: 0, withWarnings: 1 });
    const [record] = report.records;
    expect(record!.row).toBe(2);
    expect(record!.matches!.filter((m) => m.vocabulary === 'technologies').map((m) => [m.code, m.kind])).toEqual([
      ['lapbook', 'exact'],
      ['ict', 'synonym'],
      ['critical-thinking', 'synonym'],
    ]);
    expect(record!.warnings!.map((w) => w.field)).toEqual(['relevance', 'goals', 'content', 'results', 'replication']);
  });

  it('fails a record with a near spelling until a mapping confirms it, naming the proposal', async () => {
    const file = csv([line('Сказки без правки', 'Сказкотерпия', { organization: 'МБДОУ № 91' })]);
    const plain = await importFile(importer(), file, { dryRun: true, source: 'r.csv', actor: ACTOR });
    expect(plain.records[0]!.status).toBe('failed');
    expect(plain.records[0]!.errors![0]!.message).toContain('возможно, «Сказкотерапия»');
    const mappings = parseMappingFile(
      Buffer.from(`\uFEFF${'справочник;значение;код\nТехнологии;сказкотерпия;Сказкотерапия\n'}`),
      vocabularies(),
    );
    const confirmed = await importFile(importer(), file, { dryRun: false, source: 'r.csv', actor: ACTOR, mappings });
    expect(confirmed.records[0]).toMatchObject({ status: 'created' });
    expect(confirmed.records[0]!.matches).toContainEqual(
      expect.objectContaining({ value: 'Сказкотерпия', kind: 'mapped', code: 'fairy-tale-therapy' }),
    );
  });

  it('keeps an unknown technology as a keyword with a warning only when asked, listing the closest terms otherwise', async () => {
    const file = csv([line('Нейроигры с мячом', 'Нейроигры; ТРИЗ', { organization: 'МБДОУ № 92' })]);
    const strict = await importFile(importer(), file, { dryRun: true, source: 'r.csv', actor: ACTOR });
    expect(strict.records[0]!.status).toBe('failed');
    expect(strict.records[0]!.errors![0]).toMatchObject({
      field: 'technologies.0',
      message: expect.stringContaining('Ближайшие: «'),
    });
    expect(strict.records[0]!.matches!.find((m) => m.value === 'Нейроигры')!.candidates!.length).toBeLessThanOrEqual(3);
    const lenient = await importFile(importer(), file, {
      dryRun: false,
      source: 'r.csv',
      actor: ACTOR,
      unknownAsKeyword: true,
    });
    expect(lenient.records[0]).toMatchObject({ status: 'created' });
    expect(lenient.records[0]!.warnings).toContainEqual({
      field: 'technologies.0',
      message: expect.stringContaining('оставлено ключевым словом'),
    });
    const keywords = app()
      .bank.db.$client.prepare(
        'SELECT keywords FROM practice_versions WHERE id = (SELECT published_version_id FROM practices WHERE id = ?)',
      )
      .get(lenient.records[0]!.practiceId) as { keywords: string };
    expect(JSON.parse(keywords.keywords)).toEqual(['опыт', 'Нейроигры']);
  });

  it('finds a known organisation written without quotes and with «№12», instead of adding another', async () => {
    const first = await importFile(
      importer(),
      csv([line('Первая практика сада', 'ТРИЗ', { organization: 'МБДОУ «Детский сад № 12 «Радуга»»' })]),
      { dryRun: false, source: 'r.csv', actor: ACTOR },
    );
    const second = await importFile(
      importer(),
      csv([line('Вторая практика сада', 'ТРИЗ', { organization: 'МБДОУ Детский сад №12 "Радуга"' })]),
      { dryRun: false, source: 'r.csv', actor: ACTOR },
    );
    expect(first.records[0]!.organization).toMatchObject({ status: 'new' });
    expect(second.records[0]!.organization).toMatchObject({ status: 'existing' });
    expect(second.organizationsCreated).toBe(0);
  });

  it('loses nothing committed before a failure mid-way, and a second run completes the rest', async () => {
    const file = path.join(dir.dir, 'big.xlsx');
    await writeXlsx(file, REGISTER_HEADERS, registerRows(150, 'Сбой'));
    const loaded = await loadImportFile(file);
    const { db, services } = app().bank;
    let calls = 0;
    const failing = createImporter({
      db,
      vocabularies: services.vocabularies,
      organizations: services.organizations,
      batchSize: 50,
      search: {
        // The second batch's index write fails, after its records were written.
        indexMany: (tx, docs) => {
          if (++calls === 2) throw new Error('диск переполнен');
          services.engine.indexMany(tx, docs);
        },
        remove: (tx, id) => services.engine.remove(tx, id),
      },
    });
    const before = rows(app(), 'practices');
    const options = { rows: loaded.rows!, unknownAsKeyword: true, actor: ACTOR };
    expect(() => failing.importRecords(loaded.data, options)).toThrow('диск переполнен');
    const kept = rows(app(), 'practices') - before;
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(99); // the failing batch left nothing behind
    const history = () =>
      app().bank.db.$client.prepare("SELECT count(*) AS n FROM admin_history WHERE summary LIKE '%файл%'").get();
    expect(history()).toEqual({ n: 0 }); // the unfinished import does not claim to have finished
    const resumed = importer().importRecords(loaded.data, options);
    expect(resumed.duplicates).toBe(kept);
    expect(resumed.created + resumed.duplicates + resumed.failed).toBe(150);
    expect(rows(app(), 'practices') - before).toBe(resumed.created + kept);
    // The numbers the failed batch had handed out went back with it: every year's numbers are still gap-free.
    const years = app()
      .bank.db.$client.prepare(
        `SELECT c.year, c.last_seq AS last, count(p.id) AS held FROM registry_counters c
         LEFT JOIN practices p ON p.registry_number LIKE '67-' || c.year || '-%' GROUP BY c.year`,
      )
      .all() as { year: number; last: number; held: number }[];
    expect(years.length).toBeGreaterThan(0);
    for (const year of years) expect(year.held, `${year.year}`).toBe(year.last);
  });
});
