import { beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { CSV_BOM } from '../../server/exports/csv.js';
import { act, completeDraft } from '../moderation/fixtures.js';
import { call, signUp, useApp, type Client } from '../helper.js';

/** A CSV the bank wrote, read back: BOM, `;`, CRLF, RFC 4180 quotes. */
function parseCsv(text: string): string[][] {
  expect(text.startsWith(CSV_BOM)).toBe(true);
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const body = text.slice(CSV_BOM.length);
  const endCell = () => {
    row.push(cell);
    cell = '';
  };
  for (let i = 0; i < body.length; i += 1) {
    const c = body[i]!;
    if (quoted && c === '"' && body[i + 1] === '"') {
      cell += '"';
      i += 1;
    } else if (c === '"') quoted = !quoted;
    else if (quoted) cell += c;
    else if (c === ';') endCell();
    else if (c === '\r' && body[i + 1] === '\n') {
      endCell();
      rows.push(row);
      row = [];
      i += 1;
    } else cell += c;
  }
  return rows;
}

const REVIEWER = 'Модераторова Вера Степановна';

describe('statistics pages', () => {
  const app = useApp();
  let admin: Client;
  let author: Client;
  let moderator: Client;

  function importPublished(title: string, municipality: string, levels: string[], publishedAt: string) {
    const report = app().bank.services.importer.importRecords([
      {
        title,
        summary: 'Практика для статистики.',
        relevance: 'р',
        goals: 'ц',
        content: 'с',
        results: 'р',
        replication: 'т',
        levels,
        subjects: ['mathematics'],
        technologies: ['chess'],
        directions: ['learning'],
        organization: `Школа «${title}»`,
        municipality,
        authors: [{ fullName: 'Орлова Наталья Викторовна', position: 'учитель' }],
        startedYear: 2020,
        publishedAt,
      },
    ]);
    expect(report.records[0]!.registryNumber).toBeTruthy();
  }

  const sqlCount = (query: string, ...params: unknown[]) =>
    (
      app()
        .bank.db.$client.prepare(query)
        .get(...params) as { n: number }
    ).n;

  beforeAll(async () => {
    admin = await signUp(app(), { roles: ['admin'] });
    author = await signUp(app());
    moderator = await signUp(app(), { roles: ['moderator'], fullName: REVIEWER });
    importPublished('Шахматы в Рославле', 'Рославльский район', ['primary'], '2024-09-01');
    importPublished('Шахматы в Рославле 2', 'Рославльский район', ['primary', 'basic'], '2025-02-01');
    importPublished('Шахматы в Смоленске', 'город Смоленск', ['preschool'], '2025-03-01');
    // Unpublished work (in Смоленск, by the fixtures' organisation): a draft, one waiting, one sent back.
    await completeDraft(app(), 'Черновик, которого публика не видит');
    const waiting = await completeDraft(app(), 'Ждёт модерации');
    await act(app(), waiting.author, waiting.id, 'submit');
    const returned = await completeDraft(app(), 'Возвращена на доработку');
    await act(app(), returned.author, returned.id, 'submit');
    await act(app(), moderator, returned.id, 'claim');
    await act(app(), moderator, returned.id, 'request_changes', 'Добавьте результаты');
    const approved = await completeDraft(app(), 'Одобрена модератором');
    await act(app(), approved.author, approved.id, 'submit');
    await act(app(), moderator, approved.id, 'claim');
    await act(app(), moderator, approved.id, 'approve');
  });

  it('counts published practices per municipality as the database holds them, all 27 with zeros', async () => {
    const res = await call(app(), null, 'GET', '/stats/municipalities.csv');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    const [header, ...rows] = parseCsv(res.body);
    expect(header).toEqual(['Муниципальное образование', 'Опубликованных практик']);
    expect(rows).toHaveLength(27);
    const counted = Object.fromEntries(rows.map(([label, n]) => [label, Number(n)]));
    expect(counted['Рославльский район']).toBe(2);
    expect(counted['город Смоленск']).toBe(2); // the imported one and the approved one, not the three in work
    expect(counted['Ершичский район']).toBe(0);
    const published = sqlCount(
      `SELECT count(*) AS n FROM practices p JOIN practice_versions v ON v.id = p.published_version_id
       WHERE v.state = 'published' AND p.withdrawn_at IS NULL`,
    );
    expect(rows.reduce((sum, [, n]) => sum + Number(n), 0)).toBe(published);
  });

  it('counts levels and years of publication from the database', async () => {
    const levels = Object.fromEntries(parseCsv((await call(app(), null, 'GET', '/stats/levels.csv')).body).slice(1));
    const primary = sqlCount(
      `SELECT count(*) AS n FROM practice_terms t JOIN practices p ON p.published_version_id = t.version_id
       WHERE t.vocabulary = 'levels' AND t.code = 'primary'`,
    );
    const primaryLabel = app().bank.services.vocabularies.label('levels', 'primary')!;
    expect(Number(levels[primaryLabel])).toBe(primary);
    expect(primary).toBe(2);
    const years = parseCsv((await call(app(), null, 'GET', '/stats/years.csv')).body);
    const thisYear = String(new Date().getUTCFullYear());
    expect(years).toEqual(
      expect.arrayContaining([
        ['2024', '1'],
        ['2025', '2'],
      ]),
    );
    expect(Number(Object.fromEntries(years)[thisYear] ?? 0)).toBeGreaterThanOrEqual(1);
  });

  it('gives every table as XLSX too: the same rows as its CSV, counts as numbers, the header bold and filtered', async () => {
    for (const [url, who] of [
      ['/stats/municipalities', null],
      ['/admin/stats/states', admin],
    ] as const) {
      const xlsx = await call(app(), who, 'GET', `${url}.xlsx`);
      expect(xlsx.statusCode).toBe(200);
      expect(xlsx.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      expect(xlsx.headers['content-disposition']).toMatch(/attachment; filename="bank-stats-[a-z-]+\.xlsx"/);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
      const sheet = workbook.worksheets[0]!;
      const cells = sheet.getSheetValues().slice(1) as unknown[][];
      const csv = parseCsv((await call(app(), who, 'GET', `${url}.csv`)).body);
      expect(cells.map((row) => row.slice(1).map(String))).toEqual(csv);
      expect(cells.slice(1).every((row) => typeof row[2] === 'number')).toBe(true);
      expect(sheet.getRow(1).font?.bold).toBe(true);
      expect(sheet.autoFilter).toBeTruthy();
    }
    expect((await call(app(), null, 'GET', '/admin/stats/states.xlsx')).statusCode).toBe(401);
  });

  it('shows each table as an SVG chart with a title, beside a table, with its CSV link', async () => {
    const res = await call(app(), null, 'GET', '/stats');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<svg class="bar-chart" role="img" aria-labelledby="chart-municipalities-title');
    expect(res.body).toContain('<title id="chart-municipalities-title">Практики по муниципальным образованиям</title>');
    expect(res.body).toContain('<caption>Практики по муниципальным образованиям</caption>');
    expect(res.body).toContain('href="/stats/municipalities.csv"');
    expect(res.body).toContain('href="/stats/municipalities.xlsx"');
    expect(res.body).toMatch(/<th scope="row">Ершичский район<\/th><td data-label="Опубликованных практик">0<\/td>/);
  });

  it('leaks nothing of moderation on the public page: no drafts, no queue, no reviewer', async () => {
    const res = await call(app(), null, 'GET', '/stats');
    for (const hidden of [REVIEWER, 'черновик', 'Очередь модерации', 'Ждёт модерации', 'на доработке'])
      expect(res.body).not.toContain(hidden);
    for (const name of ['states', 'queue', 'reviewers', 'decision-times'])
      expect((await call(app(), null, 'GET', `/stats/${name}.csv`)).statusCode).toBe(404);
  });

  it('refuses the detailed statistics to everyone but administrators', async () => {
    for (const caller of [author, moderator]) {
      for (const url of ['/admin/stats', '/admin/stats/reviewers.csv', '/admin/stats/states.csv']) {
        const res = await call(app(), caller, 'GET', url);
        expect(res.statusCode, url).toBe(403);
        expect(res.body).not.toContain(REVIEWER.split(' ')[0]!);
      }
    }
    expect((await call(app(), null, 'GET', '/admin/stats/reviewers.csv')).statusCode).toBe(401);
  });

  it('gives administrators states, the queue, decision times and decisions per reviewer', async () => {
    const page = await call(app(), admin, 'GET', '/admin/stats');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('aria-current="page"');
    const states = Object.fromEntries(parseCsv((await call(app(), admin, 'GET', '/admin/stats/states.csv')).body));
    expect(states['черновик']).toBe(
      String(sqlCount(`SELECT count(*) AS n FROM practice_versions WHERE state = 'draft'`)),
    );
    expect(states['на модерации']).toBe('1');
    expect(states['на доработке']).toBe('1');
    expect(states['опубликована']).toBe('4');
    const queue = parseCsv((await call(app(), admin, 'GET', '/admin/stats/queue.csv')).body);
    expect(queue[1]!.slice(0, 2)).toEqual(['на модерации', '1']);
    const reviewers = parseCsv((await call(app(), admin, 'GET', '/admin/stats/reviewers.csv')).body);
    expect(reviewers).toEqual([
      ['Эксперт', 'Всего решений', 'Одобрено', 'На доработку', 'Отклонено'],
      [REVIEWER, '2', '1', '1', '0'],
    ]);
    const times = parseCsv((await call(app(), admin, 'GET', '/admin/stats/decision-times.csv')).body);
    expect(times.slice(1).reduce((sum, row) => sum + Number(row[2]), 0)).toBe(2);
  });

  it('shows views and downloads by month as counted per visitor per day', async () => {
    const { id } = app()
      .bank.db.$client.prepare('SELECT id FROM practices WHERE published_version_id IS NOT NULL')
      .get() as {
      id: number;
    };
    app()
      .bank.db.$client.prepare('INSERT INTO practice_views_daily (practice_id, day, views) VALUES (?, ?, ?), (?, ?, ?)')
      .run(id, '2026-01-15', 3, id, '2026-03-02', 4);
    app().bank.services.stats.forget(); // tables are kept a few minutes; this test reads its rows at once
    const views = parseCsv((await call(app(), null, 'GET', '/stats/views.csv')).body);
    expect(views.slice(0, 4)).toEqual([
      ['Месяц', 'Просмотров'],
      ['2026-01', '3'],
      ['2026-02', '0'],
      ['2026-03', '4'],
    ]);
    const page = await call(app(), null, 'GET', '/stats');
    expect(page.body).toContain('<th scope="row">фев 2026</th>');
  });
});
