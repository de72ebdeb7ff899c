import { describe, expect, it } from 'vitest';
import { createRegistryService } from '../../server/registry/service.js';
import { createVisitLedger, isRobot, regionDay } from '../../server/stats/visits.js';
import { call, useApp } from '../helper.js';

const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0';
const CHROME =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/141.0 Safari/537.36';

describe('views and downloads counted once per visitor per day', () => {
  const app = useApp();

  function publish(title: string): { id: number; number: string } {
    const report = app().bank.services.importer.importRecords([
      {
        title,
        summary: 'Практика для проверки счёта просмотров.',
        relevance: 'р',
        goals: 'ц',
        content: 'с',
        results: 'р',
        replication: 'т',
        levels: ['primary'],
        subjects: ['mathematics'],
        technologies: ['chess'],
        directions: ['learning'],
        organization: 'МБОУ «СШ № 7» г. Рославля',
        municipality: 'Рославльский район',
        authors: [{ fullName: 'Орлова Наталья Викторовна', position: 'учитель' }],
        startedYear: 2020,
        publishedAt: '2024-09-01',
      },
    ]);
    const number = report.records[0]!.registryNumber!;
    const { id } = app().bank.db.$client.prepare('SELECT id FROM practices WHERE registry_number = ?').get(number) as {
      id: number;
    };
    return { id, number };
  }

  const views = (id: number) =>
    app().bank.db.$client.prepare('SELECT view_count AS total FROM practices WHERE id = ?').get(id) as {
      total: number;
    };
  const days = (id: number) =>
    app()
      .bank.db.$client.prepare('SELECT day, views FROM practice_views_daily WHERE practice_id = ? ORDER BY day')
      .all(id);

  it('counts 200 page loads by one visitor as one view, a second visitor as another, and a robot not at all', async () => {
    const { id, number } = publish('Шахматы: двести перезагрузок');
    // The page and the API count alike (the API is cheaper to call 200 times).
    await call(app(), null, 'GET', `/practices/${number}`, undefined, { 'user-agent': FIREFOX });
    for (let i = 0; i < 199; i += 1)
      await call(app(), null, 'GET', `/api/v1/registry/${number}`, undefined, { 'user-agent': FIREFOX });
    app().bank.services.registry.flushViews();
    expect(views(id).total).toBe(1);

    await call(app(), null, 'GET', `/practices/${number}`, undefined, { 'user-agent': CHROME });
    // The same browser from another address is another visitor too.
    await call(app(), null, 'GET', `/practices/${number}`, undefined, {
      'user-agent': FIREFOX,
      'x-forwarded-for': '203.0.113.9',
    });
    app().bank.services.registry.flushViews();
    expect(views(id).total).toBe(2); // TRUST_PROXY is off: X-Forwarded-For changes nothing

    for (const robot of [
      'Mozilla/5.0 (compatible; YandexBot/3.0; +http://yandex.com/bots)',
      'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
      'curl/8.5.0',
      '',
    ])
      await call(app(), null, 'GET', `/practices/${number}`, undefined, { 'user-agent': robot });
    app().bank.services.registry.flushViews();
    expect(views(id).total).toBe(2);
    expect(days(id)).toEqual([{ day: regionDay(new Date()), views: 2 }]);
  });

  it('counts the same visitor again the next day, filing each view under its own day', () => {
    const { id, number } = publish('Шахматы: день за днём');
    let clock = new Date('2026-03-01T20:59:00Z'); // 23:59 in Smolensk
    const registry = createRegistryService({
      db: app().bank.db,
      baseUrl: 'http://bank.test',
      engine: { viewed: () => undefined },
      visits: createVisitLedger({ now: () => clock }),
    });
    const visitor = { ip: '198.51.100.4', userAgent: FIREFOX };
    for (let i = 0; i < 5; i += 1) registry.get(number, { countView: true, visitor });
    clock = new Date('2026-03-01T21:01:00Z'); // 00:01 on 2 March in Smolensk
    for (let i = 0; i < 5; i += 1) registry.get(number, { countView: true, visitor });
    registry.get(number, { countView: false });
    registry.flushViews();
    expect(days(id)).toEqual([
      { day: '2026-03-01', views: 1 },
      { day: '2026-03-02', views: 1 },
    ]);
    expect(views(id).total).toBe(2);
  });

  it("counts a file's downloads the same way: once a day per visitor, robots never", () => {
    const { id } = publish('Шахматы: скачивания');
    const sql = app().bank.db.$client;
    const version = sql.prepare('SELECT published_version_id AS v FROM practices WHERE id = ?').get(id) as {
      v: number;
    };
    const file = sql
      .prepare(
        `INSERT INTO attachments (practice_id, version_id, kind, name, size) VALUES (?, ?, 'file', 'план.pdf', 1)
                RETURNING id`,
      )
      .get(id, version.v) as { id: number };
    const { attachments } = app().bank.services;
    for (let i = 0; i < 200; i += 1) attachments.countDownload(file.id, { ip: '127.0.0.1', userAgent: FIREFOX });
    attachments.countDownload(file.id, { ip: '127.0.0.1', userAgent: CHROME });
    attachments.countDownload(file.id, { ip: '127.0.0.1', userAgent: 'Wget/1.21' });
    expect(sql.prepare('SELECT downloads FROM attachments WHERE id = ?').get(file.id)).toEqual({ downloads: 2 });
    expect(
      sql.prepare('SELECT day, downloads FROM attachment_downloads_daily WHERE attachment_id = ?').all(file.id),
    ).toEqual([{ day: regionDay(new Date()), downloads: 2 }]);
  });

  it('stops counting new visitors when the day is full, and says so once', () => {
    const full: string[] = [];
    const ledger = createVisitLedger({ maxKeys: 2, onFull: (day) => full.push(day) });
    const at = (ip: string) => ledger.firstVisit({ ip, userAgent: FIREFOX }, 'practice:1');
    expect([at('1'), at('2')].every((day) => day !== undefined)).toBe(true);
    expect([at('3'), at('4'), at('1')]).toEqual([undefined, undefined, undefined]);
    expect(full).toHaveLength(1);
  });

  it('tells robots from browsers', () => {
    for (const ua of ['Googlebot/2.1', 'Mozilla/5.0 (compatible; bingbot/2.0)', 'Wget/1.21', 'python-requests/2.32'])
      expect(isRobot(ua), ua).toBe(true);
    for (const ua of [FIREFOX, CHROME, 'Mozilla/5.0 (Linux; Android 10; CUBOT X30) Chrome/120 Mobile Safari/537.36'])
      expect(isRobot(ua), ua).toBe(false);
  });
});
