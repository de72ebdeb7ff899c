/** Collections' pages: the keepers' forms without JavaScript, the public pages, the feed and the export read back. */
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import type { App } from '../../server/app.js';
import { rows, signUp, useApp, type Client } from '../helper.js';
import { importPractice, withdraw } from '../support/published.js';

const BASE = 'https://bank.example.ru';

function post(app: App, who: Client, url: string, fields: Record<string, string>) {
  return app.inject({
    method: 'POST',
    url,
    headers: { cookie: who.cookie, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ ...fields, _csrf: who.csrf }).toString(),
  });
}

describe('collections in the browser’s terms', () => {
  const app = useApp({ BASE_URL: BASE });
  let curator: Client;
  let id: number;
  const practices: { number: string; id: number }[] = [];
  let built: Promise<void> | undefined;
  /** The collection every test reads, built through the forms once, whichever test runs first (order is shuffled). */
  const ready = () => (built ??= build());

  it('lets a curator make, fill, order, note and publish a collection with plain forms', async () => {
    await ready();
  });

  async function build() {
    curator = await signUp(app(), { roles: ['curator'] });
    practices.push(importPractice(app()), importPractice(app()), importPractice(app()));
    const desk = await app().inject({ url: '/curation', headers: { cookie: curator.cookie } });
    expect(desk.statusCode).toBe(200);
    expect(desk.body).toContain('Новая подборка');

    const made = await post(app(), curator, '/curation/new', {
      title: 'Шахматы: материалы педагогических чтений',
      lead: 'Что показали школы на чтениях.',
      eventName: 'Педагогические чтения',
      eventDate: '2026-02-10',
      eventPlace: 'Рославль',
    });
    expect(made.statusCode, made.body).toBe(303);
    id = Number(/\/curation\/(\d+)/.exec(made.headers.location as string)![1]);
    for (const p of practices) {
      const added = await post(app(), curator, `/curation/${id}/items`, { number: p.number });
      expect(added.statusCode).toBe(303);
    }
    const [a, b, c] = practices as [(typeof practices)[0], (typeof practices)[0], (typeof practices)[0]];
    expect((await post(app(), curator, `/curation/${id}/items/${c.id}/move`, { direction: 'up' })).statusCode).toBe(
      303,
    );
    expect(
      (await post(app(), curator, `/curation/${id}/items/${a.id}/note`, { note: 'Начните с неё' })).statusCode,
    ).toBe(303);
    const editor = await app().inject({ url: `/curation/${id}`, headers: { cookie: curator.cookie } });
    const order = [...editor.body.matchAll(/№ (67-\d{4}-\d{4})/g)].map((m) => m[1]);
    expect(order).toEqual([a.number, c.number, b.number]);

    const draft = await app().inject({ url: '/collections/shakhmaty-materialy-pedagogicheskikh-chtenii' });
    expect(draft.statusCode).toBe(404);
    expect((await post(app(), curator, `/curation/${id}/publish`, { published: '1' })).statusCode).toBe(303);
    const page = await app().inject({ url: '/collections/shakhmaty-materialy-pedagogicheskikh-chtenii' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Начните с неё');
    expect(page.body).toContain('Педагогические чтения, 10 февраля 2026');
    expect(page.body).toMatch(
      /rel="alternate" type="application\/atom\+xml"[^>]+href="\/collections\/[a-z-]+\/feed\.atom"/,
    );
    expect([...page.body.matchAll(/<h2><a href="\/practices\/(67-\d{4}-\d{4})"/g)].map((m) => m[1])).toEqual([
      a.number,
      c.number,
      b.number,
    ]);
    const list = await app().inject({ url: '/collections?year=2026' });
    expect(list.body).toContain('Шахматы: материалы педагогических чтений');
    expect((await app().inject({ url: '/collections?year=2025' })).body).not.toContain('Шахматы: материалы');
    const practicePage = await app().inject({ url: `/practices/${a.number}` });
    expect(practicePage.body).toContain('Входит в подборки');
  }

  it('brings a form with mistakes back with the reasons and changes nothing', async () => {
    await ready();
    const before = rows(app(), 'collections');
    const bad = await post(app(), curator, '/curation/new', { title: 'x', eventDate: '10.02.2026' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Напишите название');
    expect(bad.body).toContain('ГГГГ-ММ-ДД');
    expect(rows(app(), 'collections')).toBe(before);
    const items = rows(app(), 'collection_items');
    const unknown = await post(app(), curator, `/curation/${id}/items`, { number: '67-2099-0001' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.body).toContain('Опубликованной практики № 67-2099-0001 в банке нет');
    const twice = await post(app(), curator, `/curation/${id}/items`, { number: practices[0]!.number });
    expect(twice.statusCode).toBe(409);
    expect(twice.body).toContain('уже есть в подборке');
    expect(rows(app(), 'collection_items')).toBe(items);
  });

  it('refuses a teacher the keepers’ desk and its forms', async () => {
    await ready();
    const teacher = await signUp(app());
    expect((await app().inject({ url: '/curation', headers: { cookie: teacher.cookie } })).statusCode).toBe(403);
    expect((await post(app(), teacher, `/curation/${id}/publish`, { published: '0' })).statusCode).toBe(403);
    expect((await app().inject({ url: '/collections/shakhmaty-materialy-pedagogicheskikh-chtenii' })).statusCode).toBe(
      200,
    );
  });

  it('serves a valid Atom feed and exports in the collection’s order, without a withdrawn practice', async () => {
    await ready();
    const [a, b, c] = practices as [(typeof practices)[0], (typeof practices)[0], (typeof practices)[0]];
    await withdraw(app(), b.id);
    const slug = 'shakhmaty-materialy-pedagogicheskikh-chtenii';
    const feed = await app().inject({ url: `/collections/${slug}/feed.atom` });
    expect(feed.statusCode).toBe(200);
    expect(feed.headers['content-type']).toContain('application/atom+xml');
    expect(XMLValidator.validate(feed.body)).toBe(true);
    const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', isArray: (n) => n === 'entry' });
    const parsed = parser.parse(feed.body).feed;
    expect(parsed.id).toBe(`${BASE}/collections/${slug}/feed.atom`);
    expect(parsed.entry.map((e: { id: string }) => e.id)).toEqual([
      `${BASE}/practices/${a.number}`,
      `${BASE}/practices/${c.number}`,
    ]);

    const csv = await app().inject({ url: `/api/v1/collections/${slug}/export?format=csv` });
    expect(csv.statusCode).toBe(200);
    const table = parse(csv.body.slice(1), { delimiter: ';' }) as string[][];
    const search = await app().inject({ url: '/api/v1/search/export?format=csv' });
    expect(table[0]).toEqual((parse(search.body.slice(1), { delimiter: ';' }) as string[][])[0]);
    expect(table.slice(1).map((r) => r[0])).toEqual([a.number, c.number]);

    const xlsx = await app().inject({ url: `/api/v1/collections/${slug}/export?format=xlsx` });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    const numbers: string[] = [];
    sheet.eachRow((row, n) => {
      if (n > 1) numbers.push(String((row.getCell(1).value as { result?: string }).result ?? row.getCell(1).text));
    });
    expect(numbers.filter((n) => /^67-/.test(n))).toEqual([a.number, c.number]);

    const report = await app().inject({ url: `/report-list?collection=${slug}` });
    expect(report.statusCode).toBe(200);
    expect(report.body).toContain('подборка «Шахматы: материалы педагогических чтений»');
    const keeperView = await app().inject({ url: `/collections/${slug}`, headers: { cookie: curator.cookie } });
    expect(keeperView.body).toContain('снята с публикации');
    const publicView = await app().inject({ url: `/collections/${slug}` });
    expect(publicView.body).not.toContain(b.number);
  });
});
