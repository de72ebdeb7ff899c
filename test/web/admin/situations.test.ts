import { describe, expect, it } from 'vitest';
import type { App } from '../../../server/app.js';
import { call, rows, signUp, useApp, type Client } from '../../helper.js';

const FORM = { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' };

/** A page form's post as `client`, with the session's CSRF token in the body like a browser sends it. */
const post = (app: App, client: Client, url: string, fields: Record<string, string> = {}) =>
  app.inject({
    method: 'POST',
    url,
    headers: { ...FORM, cookie: client.cookie },
    payload: new URLSearchParams({ ...fields, _csrf: client.csrf }).toString(),
  });

/** The page a 303 leads to, with the notice cookie it set. */
const follow = (app: App, client: Client, res: Awaited<ReturnType<typeof post>>) =>
  app.inject({
    method: 'GET',
    url: res.headers.location as string,
    headers: { accept: 'text/html', cookie: `${client.cookie}; ${String(res.headers['set-cookie']).split(';')[0]}` },
  });

describe('the admin pages of the situational thesaurus', () => {
  const app = useApp();
  const page = (client: Client | null, url: string) =>
    call(app(), client, 'GET', url, undefined, { accept: 'text/html' });
  const idOf = (phrase: string) =>
    app()
      .bank.services.situationAdmin.list()
      .find((r) => r.phrases.includes(phrase))!.id;

  it('lists the entries under the admin menu and narrows them by a word and by an area', async () => {
    const admin = await signUp(app(), { roles: ['admin'] });
    const all = await page(admin, '/admin/situations');
    expect(all.statusCode).toBe(200);
    expect(all.body).toContain('<h1>Жизненные ситуации</h1>');
    expect(all.body).toMatch(/href="\/admin\/situations" aria-current="page"/);
    expect(all.body).toMatch(/Всего ситуаций: \d{3}/);
    expect(all.body).toContain(`href="/admin/situations/${idOf('дерётся')}"`);

    const phones = await page(admin, `/admin/situations?q=${encodeURIComponent('ТЕЛЕФОН')}`);
    expect(phones.body).toContain('>сидят в телефонах</a>');
    expect(phones.body).not.toContain('>дерётся</a>');
    expect(phones.body).toMatch(/Найдено ситуаций: \d+ из \d+/);
    expect(phones.body).toMatch(/id="q"[^>]*value="ТЕЛЕФОН"/);

    const speech = await page(admin, '/admin/situations?area=speech');
    expect(speech.body).toContain('картавит');
    expect(speech.body).not.toContain('>сидят в телефонах</a>');
    expect(speech.body).toMatch(/<option value="speech" selected/);

    const nothing = await page(admin, `/admin/situations?q=${encodeURIComponent('абракадабра')}`);
    expect(nothing.body).toContain('Ничего не нашлось');
  });

  it('shows the section on the first page of the admin area', async () => {
    const admin = await signUp(app(), { roles: ['admin'] });
    const home = await page(admin, '/admin');
    expect(home.body).toContain('href="/admin/situations"');
    expect(home.body).toContain('Жизненные ситуации');
  });

  it('adds an entry from the form, leads to its page with a notice, and records it in the history', async () => {
    const admin = await signUp(app(), { roles: ['admin'] });
    expect((await page(admin, '/admin/situations/new')).body).toContain('<h1>Новая ситуация</h1>');
    const before = rows(app(), 'admin_history');
    const res = await post(app(), admin, '/admin/situations', {
      area: 'digital',
      phrases: 'Залипает в телефоне\nне может оторваться от игр',
      concepts: 'цифровая гигиена, экранное время',
    });
    expect(res.statusCode).toBe(303);
    const id = idOf('залипает в телефоне');
    expect(res.headers.location).toBe(`/admin/situations/${id}`);
    const next = await follow(app(), admin, res);
    expect(next.body).toContain('Ситуация «залипает в телефоне» добавлена');
    expect(next.body).toMatch(/<textarea[^>]*id="concepts"[^>]*>цифровая гигиена\nэкранное время<\/textarea>/);
    expect(rows(app(), 'admin_history')).toBe(before + 1);
  });

  it('answers a bad form with the same page, the errors beside their fields, what was typed kept, nothing written', async () => {
    const admin = await signUp(app(), { roles: ['admin'] });
    const before = [rows(app(), 'situation_entries'), rows(app(), 'admin_history')];
    const res = await post(app(), admin, '/admin/situations', { area: '', phrases: 'дерётся\nмашется', concepts: '' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('<title>Ошибка:');
    for (const field of ['area', 'concepts']) expect(res.body).toContain(`href="#${field}"`);
    expect(res.body).toContain('Выберите раздел из списка');
    expect(res.body).toContain('Укажите хотя бы одно понятие');
    expect(res.body).toMatch(/<textarea[^>]*id="phrases"[^>]*>дерётся\nмашется<\/textarea>/);
    const taken = await post(app(), admin, '/admin/situations', {
      area: 'behaviour',
      phrases: 'дерётся',
      concepts: 'драка',
    });
    expect(taken.statusCode).toBe(400);
    expect(taken.body).toContain('уже есть в ситуации «дерётся»');
    expect([rows(app(), 'situation_entries'), rows(app(), 'admin_history')]).toEqual(before);
  });

  it('edits an entry and then removes it, after which its page is gone', async () => {
    const admin = await signUp(app(), { roles: ['admin'] });
    const id = idOf('заикается');
    const edit = await post(app(), admin, `/admin/situations/${id}`, {
      area: 'speech',
      phrases: 'заикается\nзаикание у дошкольника',
      concepts: 'заикание\nлогопед',
    });
    expect(edit.statusCode).toBe(303);
    expect((await follow(app(), admin, edit)).body).toContain('Ситуация «заикается» сохранена');
    expect(app().bank.services.situationAdmin.get(id).phrases).toEqual(['заикается', 'заикание у дошкольника']);

    const removed = await post(app(), admin, `/admin/situations/${id}/remove`);
    expect(removed.statusCode).toBe(303);
    expect(removed.headers.location).toBe('/admin/situations');
    expect((await follow(app(), admin, removed)).body).toContain('Ситуация «заикается» удалена');
    expect((await page(admin, `/admin/situations/${id}`)).statusCode).toBe(404);
    expect((await post(app(), admin, `/admin/situations/${id}/remove`)).statusCode).toBe(404);
  });

  it('refuses an author every page and form, changing nothing', async () => {
    const author = await signUp(app());
    const id = idOf('кусается');
    const before = [rows(app(), 'admin_history'), rows(app(), 'situation_entries')];
    for (const url of ['/admin/situations', '/admin/situations/new', `/admin/situations/${id}`])
      expect((await page(author, url)).statusCode, url).toBe(403);
    for (const url of ['/admin/situations', `/admin/situations/${id}`, `/admin/situations/${id}/remove`])
      expect((await post(app(), author, url, { area: 'speech', phrases: 'x y', concepts: 'z' })).statusCode, url).toBe(
        403,
      );
    expect([rows(app(), 'admin_history'), rows(app(), 'situation_entries')]).toEqual(before);
    expect(app().bank.services.situationAdmin.get(id).phrases).toContain('кусается');
  });
});
