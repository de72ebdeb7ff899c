import { describe, expect, it } from 'vitest';
import { searchResult } from '../../server/search-api/schemas.js';
import { call, completePractice, makeOrganization, signUp, useApp } from '../helper.js';

describe('GET /api/v1/search over the demo catalogue', () => {
  const app = useApp({ DEMO_DATA: 'true' });
  const search = async (params: Record<string, string | string[]>) => {
    const query = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) for (const value of [v].flat()) query.append(k, value);
    return call(app(), null, 'GET', `/api/v1/search?${query.toString()}`);
  };
  /** What the demo catalogue published: the tests assert against it, not against its size today. */
  const published = () =>
    (
      app().bank.db.$client.prepare("SELECT count(*) AS n FROM practice_versions WHERE state = 'published'").get() as {
        n: number;
      }
    ).n;
  const titles = async (q: string) =>
    (await search({ q })).json().hits.map((h: { title: string }) => h.title) as string[];

  it('browses everything newest first with facet counts when the query is empty', async () => {
    const res = await search({});
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(published()).toBeGreaterThan(20);
    expect(body).toMatchObject({
      total: published(),
      page: 1,
      perPage: 20,
      sort: 'newest',
      relaxed: false,
      correctedQuery: null,
    });
    expect(body.hits).toHaveLength(20);
    const dates = body.hits.map((h: { publishedAt: string }) => h.publishedAt);
    expect([...dates].sort().reverse()).toEqual(dates);
    expect(body.facets.level.find((f: { value: string }) => f.value === 'preschool')).toMatchObject({
      label: 'Дошкольное образование',
      selected: false,
    });
    expect(body.facets.municipality.length).toBeGreaterThanOrEqual(24);
    expect(body.facets.year.map((f: { value: string }) => f.value)).toEqual(['2026', '2025', '2024']);
  });

  it('highlights the matched words in the title and a snippet, as escaped HTML', async () => {
    const hit = (await search({ q: 'мнемотехника' })).json().hits[0];
    expect(hit.titleHtml).toContain('<mark>Мнемотехника</mark>');
    expect(hit.snippetHtml).toMatch(/<mark>/);
    expect(hit.snippetHtml).not.toMatch(/<(?!\/?mark>)/);
    expect(hit.permalink).toMatch(/^http:\/\/localhost:3000\/practices\/67-\d{4}-\d{4}$/);
  });

  it('answers a query typed in the wrong keyboard layout, saying so', async () => {
    const body = (await search({ q: 'nhbp' })).json();
    expect(body.total).toBeGreaterThan(0);
    expect(body.correctedQuery).toBe('триз');
    expect(body.notice).toBe('Показаны результаты по запросу «триз»');
    expect(body.hits[0].title).toMatch(/ТРИЗ/);
  });

  it('finds through synonyms and abbreviations: ЛЕГО → робототехника, ОВЗ', async () => {
    expect((await titles('LEGO')).join(' ')).toMatch(/ЛЕГО|робототехн/i);
    const ovz = (await search({ q: 'ОВЗ' })).json();
    expect(ovz.total).toBeGreaterThanOrEqual(3);
  });

  it('answers a natural question without demanding every word', async () => {
    const body = (await search({ q: 'как развивать речь у детей с ОВЗ' })).json();
    expect(body.total).toBeGreaterThan(0);
    expect(
      body.hits
        .slice(0, 5)
        .map((h: { title: string }) => h.title)
        .join(' '),
    ).toMatch(/реч/i);
  });

  it('filters: several values of one facet are OR, facets are AND; counts ignore their own filter', async () => {
    const preschool = (await search({ level: 'preschool' })).json();
    const both = (await search({ level: ['preschool', 'primary'] })).json();
    const comma = (await search({ level: 'preschool,primary' })).json();
    expect(both.total).toBeGreaterThan(preschool.total);
    expect(comma.total).toBe(both.total);
    const narrowed = (await search({ level: 'preschool', municipality: 'smolensk' })).json();
    expect(narrowed.total).toBeLessThan(preschool.total);
    expect(narrowed.total).toBeGreaterThan(0);
    const primaryCount = preschool.facets.level.find((f: { value: string }) => f.value === 'primary').count;
    expect(primaryCount).toBe((await search({ level: 'primary' })).json().total);
    expect(preschool.facets.level.find((f: { value: string }) => f.value === 'preschool')).toMatchObject({
      selected: true,
      count: preschool.total,
    });
  });

  it('sorts by most viewed', async () => {
    const number = (await search({})).json().hits[5].registryNumber;
    // Three visitors (one view each a day, whatever they reload).
    for (let i = 0; i < 3; i += 1)
      await call(app(), null, 'GET', `/api/v1/registry/${number}`, undefined, { 'user-agent': `Mozilla/5.0 (${i})` });
    app().bank.services.registry.flushViews();
    const body = (await search({ sort: 'views' })).json();
    expect(body.hits[0]).toMatchObject({ registryNumber: number, views: 3 });
  });

  it('pages with an exact total; a page beyond the end is empty, not an error', async () => {
    const first = (await search({ perPage: '30' })).json();
    const third = (await search({ perPage: '30', page: '3' })).json();
    const beyond = (await search({ perPage: '30', page: '50' })).json();
    const total = published();
    expect(total).toBeGreaterThan(60);
    expect(first.total).toBe(total);
    expect(first.hits).toHaveLength(30);
    expect(third.hits).toHaveLength(Math.min(30, total - 60));
    expect(beyond).toMatchObject({ total, hits: [] });
  });

  it('suggests dropping filters when they leave nothing', async () => {
    const body = (await search({ q: 'шахматы', level: 'vocational' })).json();
    expect(body.total).toBe(0);
    expect(body.suggestion).toMatch(/Без фильтров найдено практик: \d+/);
  });

  it('answers a registry number with its practice alone, whatever else holds its numbers', async () => {
    const hit = (await search({ perPage: '1' })).json().hits[0] as { registryNumber: string; levels: string[] };
    const number = hit.registryNumber;
    for (const q of [number, `№ ${number}`, `${number}/v1`]) {
      const body = (await search({ q })).json();
      expect(body).toMatchObject({ total: 1, relaxed: false, suggestion: null });
      expect(body.hits.map((h: { registryNumber: string }) => h.registryNumber)).toEqual([number]);
    }
    const counted = (await search({ q: number })).json().facets.year;
    expect(counted).toEqual([expect.objectContaining({ value: number.slice(3, 7), count: 1 })]);
    const levels = (await search({})).json().facets.level.map((f: { value: string }) => f.value) as string[];
    const other = levels.find((level) => !hit.levels.includes(level))!;
    const filteredOut = (await search({ q: number, level: other })).json();
    expect(filteredOut).toMatchObject({ total: 0, hits: [] });
    expect(filteredOut.suggestion).toMatch(/Без фильтров найдено практик: 1/);
  });

  it('says plainly that no practice has an unknown registry number, listing nothing else', async () => {
    // «67» is in «Кванториум-67»: as words, this number used to list practices that merely hold a 67.
    const body = (await search({ q: '67-2099-0001' })).json();
    expect(body).toMatchObject({
      total: 0,
      hits: [],
      relaxed: false,
      notice: null,
      suggestion: 'Практики с номером 67-2099-0001 в реестре нет. Проверьте номер: он выглядит так — 67-2026-0013.',
    });
    expect((await search({ q: 'Кванториум 67' })).json().total).toBeGreaterThan(0);
  });

  describe('bad input never gets a 500', () => {
    it.each([
      ['"'],
      ['*'],
      ['-'],
      [':'],
      ['('],
      ['NEAR'],
      ['AND OR NOT'],
      ['title:триз'],
      ['"незакрытая кавычка'],
      ['триз* OR (робот'],
      ['👩‍🏫🎒'],
      ['\u0000\u0007\u202E'],
      ['   '],
      ['NEAR(триз робот, 2)'],
    ])('answers the query %j with 200', async (q) => {
      const res = await search({ q });
      expect(res.statusCode).toBe(200);
      expect(Array.isArray(res.json().hits)).toBe(true);
    });

    it.each([
      [{ q: 'а'.repeat(201) }, 'querystring.q'],
      [{ level: 'kindergarten' }, 'level.0'],
      [{ technology: ['triz', 'telepathy'] }, 'technology.1'],
      [{ year: 'прошлый' }, 'year.0'],
      [{ perPage: '101' }, 'querystring.perPage'],
      [{ perPage: '0' }, 'querystring.perPage'],
      [{ page: '-1' }, 'querystring.page'],
      [{ sort: 'random' }, 'querystring.sort'],
    ])('refuses %j with 400 VALIDATION_FAILED naming the field', async (params, field) => {
      const res = await search(params as Record<string, string>);
      expect(res.statusCode).toBe(400);
      expect(res.json().code).toBe('VALIDATION_FAILED');
      expect(res.json().details.map((d: { field: string }) => d.field)).toContain(field);
    });
  });
});

// Adds practices of its own: kept apart so the catalogue the tests above read stays as the demo left it.
describe('GET /api/v1/search as practices are written and imported', () => {
  const app = useApp();
  const search = async (params: Record<string, string>) =>
    call(app(), null, 'GET', `/api/v1/search?${new URLSearchParams(params).toString()}`);

  it('never shows a draft, and shows an imported practice at once', async () => {
    const author = await signUp(app());
    const orgId = makeOrganization(app(), 'МБОУ «Школа невидимок»', 'ugransky');
    const draft = await call(
      app(),
      author,
      'POST',
      '/api/v1/practices',
      completePractice(orgId, { title: 'Зазеркальная квазипедагогика черновика' }),
    );
    expect(draft.statusCode).toBe(201);
    expect((await search({ q: 'квазипедагогика' })).json().total).toBe(0);
    app().bank.services.importer.importRecords([
      {
        ...completePractice(orgId, { title: 'Опубликованная квазипедагогика' }),
        organization: 'МБОУ «Школа невидимок»',
        municipality: 'Угранский район',
        levels: ['primary'],
        organizationId: undefined,
      },
    ]);
    const found = (await search({ q: 'квазипедагогика' })).json();
    expect(found.hits.map((h: { title: string }) => h.title)).toEqual(['Опубликованная квазипедагогика']);
  });

  it('takes the snippet from the first section holding the words when the summary misses them', async () => {
    const orgId = makeOrganization(app(), 'МБОУ «Школа сниппетов»', 'ugransky');
    const record = (overrides: Record<string, unknown>) => ({
      ...completePractice(orgId, overrides),
      organization: 'МБОУ «Школа сниппетов»',
      municipality: 'Угранский район',
      organizationId: undefined,
    });
    app().bank.services.importer.importRecords([
      record({
        title: 'Первая практика',
        summary: 'Аннотация без искомого слова.',
        goals: 'Цель без него.',
        content: 'Ход занятия: **гиперлудология** на прогулке.',
        results: 'Гиперлудологию освоили все группы.',
      }),
      record({ title: 'Вторая практика', summary: 'Гиперлудологические игры в аннотации.' }),
    ]);
    const body = (await search({ q: 'гиперлудология' })).json();
    const snippets = Object.fromEntries(
      body.hits.map((h: { title: string; snippetHtml: string }) => [h.title, h.snippetHtml]),
    );
    expect(snippets).toEqual({
      'Первая практика': 'Ход занятия: <mark>гиперлудология</mark> на прогулке.',
      'Вторая практика': '<mark>Гиперлудологические</mark> игры в аннотации.',
    });
  });

  it('answers only the fields of its schema: the answer written without the schema has nothing more', async () => {
    const orgId = makeOrganization(app(), 'МБОУ «Школа схем»', 'ugransky');
    app().bank.services.importer.importRecords([
      {
        ...completePractice(orgId, { title: 'Схемотехническая практика' }),
        organization: 'МБОУ «Школа схем»',
        municipality: 'Угранский район',
        organizationId: undefined,
      },
    ]);
    const res = await search({ q: 'схемотехническая' });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.hits).toHaveLength(1);
    // zod drops what its schema does not name: equal means the service built no field beyond the contract.
    expect(searchResult.parse(body)).toStrictEqual(body);
  });
});
