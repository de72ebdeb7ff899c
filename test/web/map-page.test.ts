import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { CSV_BOM } from '../../server/exports/csv.js';
import { call, signUp, useApp } from '../helper.js';
import { otherSchool, publishedPractice, reportOf } from '../adoptions/fixtures.js';

/** The bank's CSV read back: none of these cells needs quotes. */
const parseCsv = (text: string) =>
  text
    .slice(CSV_BOM.length)
    .split('\r\n')
    .filter(Boolean)
    .map((line) => line.split(';'));

describe('the regional map page', () => {
  const app = useApp();

  beforeAll(async () => {
    // A practice from the fixtures' school in Смоленск, adopted by a school in Рославль and confirmed.
    const practice = await publishedPractice(app(), 'Мнемотехника на карте области');
    const { organizationId, teacher } = await otherSchool(app(), 'roslavlsky');
    const reported = await call(
      app(),
      teacher,
      'POST',
      `/api/v1/practices/${practice.id}/adoptions`,
      reportOf(organizationId),
    );
    const decided = await call(app(), practice.moderator, 'POST', `/api/v1/adoptions/${reported.json().id}/decision`, {
      action: 'confirm',
    });
    expect(decided.statusCode).toBe(200);
    app().bank.services.stats.forget();
    await signUp(app());
  });

  it('shows the same practices and adoptions per municipality as the statistics, in its table and its CSV', async () => {
    const map = parseCsv((await call(app(), null, 'GET', '/map/table.csv')).body);
    const practices = parseCsv((await call(app(), null, 'GET', '/stats/municipalities.csv')).body);
    const adoptions = parseCsv((await call(app(), null, 'GET', '/stats/adoptions-municipalities.csv')).body);
    expect(map[0]).toEqual([
      'Муниципальное образование',
      'Опубликованных практик',
      'Подтверждённых внедрений',
      'Обучающихся и воспитанников',
      'Практик на 1 000 обучающихся',
      'Внедрений на 1 000 обучающихся',
    ]);
    expect(map).toHaveLength(28);
    expect(map.slice(1).map((r) => [r[0], r[1]])).toEqual(practices.slice(1));
    expect(map.slice(1).map((r) => [r[0], r[2]])).toEqual(adoptions.slice(1).map((r) => [r[0], r[1]]));
    const roslavl = map.find((r) => r[0] === 'Рославльский район')!;
    expect(roslavl[2]).toBe('1');
    const smolensk = map.find((r) => r[0] === 'город Смоленск')!;
    expect(Number(smolensk[1])).toBeGreaterThan(0);
    // Per 1,000 pupils is the count over the pupils, to two decimals, with the decimal comma.
    expect(roslavl[5]).toMatch(/^\d+,\d+$/);
    expect(Number(roslavl[5]!.replace(',', '.'))).toBeCloseTo((1 / Number(roslavl[3])) * 1000, 2);

    // The spreadsheet holds the same cells, numbers as numbers.
    const xlsx = await call(app(), null, 'GET', '/map/table.xlsx');
    expect(xlsx.headers['content-disposition']).toBe('attachment; filename="bank-stats-map.xlsx"');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const cells = workbook.worksheets[0]!.getSheetValues().slice(1) as unknown[][];
    // (The CSV writes fractions with the decimal comma; the spreadsheet keeps them as numbers.)
    expect(cells.map((row) => row.slice(1).map((cell) => String(cell).replace('.', ',')))).toEqual(map);
    expect(typeof cells[1]![3]).toBe('number');

    const page = await call(app(), null, 'GET', '/map?show=adoptions');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<title>Рославльский район: 1 подтверждённое внедрение</title>');
    expect(page.body).toContain('href="/municipalities/roslavlsky"');
    // The table under the map: all 27 municipalities, each a row with its figures.
    expect(page.body.match(/<th scope="row">/g)).toHaveLength(27);
    expect(page.body).toContain('<caption>Практики и внедрения по муниципальным образованиям</caption>');
  });

  it('draws all 27 municipalities as links to their pages, shaded per 1,000 pupils on request', async () => {
    const page = await call(app(), null, 'GET', '/map?show=practices&scale=per-1000');
    expect(page.statusCode).toBe(200);
    const tiles = [
      ...page.body.matchAll(/<a href="\/municipalities\/([a-z-]+)" class="tile shade-(\d)"><title>([^<]+)<\/title>/g),
    ];
    expect(tiles).toHaveLength(27);
    expect(tiles.map((t) => t[3]).every((label) => label?.endsWith('практик на 1 000 обучающихся'))).toBe(true);
    // Only Смоленск has a practice: two classes, drawn in the palest and the darkest of the five shades.
    const shades = Object.fromEntries(tiles.map((t) => [t[1], t[2]]));
    expect(shades.smolensk).toBe('4');
    expect(new Set(Object.values(shades))).toEqual(new Set(['0', '4']));
    expect(page.body).toContain('aria-current="true">На 1 000 обучающихся');
    expect(page.body).toContain('не официальные данные');
  });

  it('answers a switch it does not know with a Russian page naming the parameter, status 400', async () => {
    const asBrowser = (url: string) => app().inject({ method: 'GET', url, headers: { accept: 'text/html' } });
    for (const url of ['/map?show=teachers', '/map?scale=percent']) {
      const res = await asBrowser(url);
      expect(res.statusCode).toBe(400);
      expect(res.headers['content-type']).toContain('text/html');
      expect(res.body).toContain('В адресе страницы ошибка');
    }
    const show = await asBrowser('/map?show=teachers');
    expect(show.body).toContain('Что показать на карте: на карте можно показать практики');
    expect(show.body).toContain('href="/map"');
  });

  it('links the map from the statistics and the footer', async () => {
    const stats = await call(app(), null, 'GET', '/stats');
    expect(stats.body).toContain('<a href="/map">карте области</a>');
    expect(stats.body).toContain('<a href="/map">Карта области</a>');
  });
});
