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

describe('the admin pages of the vocabularies', () => {
  const app = useApp();
  const page = (client: Client | null, url: string) =>
    call(app(), client, 'GET', url, undefined, { accept: 'text/html' });

  it('lists the vocabularies with their counts, each linking to its page of terms', async () => {
    const admin = await signUp(app(), { roles: ['admin'] });
    const res = await page(admin, '/admin/vocabularies');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<h1>Словари</h1>');
    expect(res.body).toContain('href="/admin/vocabularies/technologies"');
    expect(res.body).toMatch(/aria-current="page"[^>]*>Словари<|href="\/admin\/vocabularies" aria-current="page"/);
    const technologies = await page(admin, '/admin/vocabularies/technologies');
    expect(technologies.body).toContain('<h1>Технологии</h1>');
    expect(technologies.body).toContain('href="/admin/vocabularies/technologies/triz"');
    expect(technologies.body).toContain('Добавить термин');
    const municipalities = await page(admin, '/admin/vocabularies/municipalities');
    expect(municipalities.body).not.toContain('Добавить термин');
    expect((await page(admin, '/admin/vocabularies/spells')).statusCode).toBe(404);
    expect((await page(admin, '/admin/vocabularies/technologies/telepathy')).statusCode).toBe(404);
  });

  it('adds a term from the form and leads to its page with a notice', async () => {
    const admin = await signUp(app(), { roles: ['admin'] });
    const res = await post(app(), admin, '/admin/vocabularies/directions', { label: 'Профилактика', code: '' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/admin/vocabularies/directions/profilaktika');
    const next = await app().inject({
      method: 'GET',
      url: res.headers.location as string,
      headers: { cookie: `${admin.cookie}; ${String(res.headers['set-cookie']).split(';')[0]}` },
    });
    expect(next.body).toContain('Термин «Профилактика» добавлен с кодом profilaktika');
  });

  it('answers a bad form with the same page, the error beside its field, and writes nothing', async () => {
    const admin = await signUp(app(), { roles: ['admin'] });
    const before = rows(app(), 'admin_history');
    const res = await post(app(), admin, '/admin/vocabularies/technologies', { label: 'триз' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('<title>Ошибка:');
    expect(res.body).toContain('href="#label"');
    expect(res.body).toContain('Так уже называется термин «ТРИЗ»');
    expect(res.body).toMatch(/id="label"[^>]*value="триз"/);
    const synonym = await post(app(), admin, '/admin/vocabularies/technologies/triz/synonyms', { synonym: '' });
    expect(synonym.statusCode).toBe(400);
    expect(synonym.body).toContain('Синоним не может быть пустым');
    expect(rows(app(), 'admin_history')).toBe(before);
  });

  it('renames, edits synonyms, retires and restores a term from its page, each in the history', async () => {
    const admin = await signUp(app(), { roles: ['admin'] });
    const base = '/admin/vocabularies/technologies/chess';
    const before = rows(app(), 'admin_history');
    expect((await post(app(), admin, `${base}/label`, { label: 'Шахматы и шашки' })).statusCode).toBe(303);
    expect((await post(app(), admin, `${base}/synonyms`, { synonym: 'Шашки' })).statusCode).toBe(303);
    expect((await post(app(), admin, `${base}/synonyms/remove`, { synonym: 'шашки' })).statusCode).toBe(303);
    expect((await post(app(), admin, `${base}/retire`)).statusCode).toBe(303);
    const retired = await page(admin, base);
    expect(retired.body).toContain('<h1>Шахматы и шашки</h1>');
    expect(retired.body).toContain('Вернуть термин');
    expect((await post(app(), admin, `${base}/restore`)).statusCode).toBe(303);
    expect(rows(app(), 'admin_history')).toBe(before + 5);
    const { vocabularies } = app().bank.services;
    expect(vocabularies.term('technologies', 'chess')).toMatchObject({ label: 'Шахматы и шашки', retired: false });
    expect(vocabularies.term('technologies', 'chess')?.synonyms).not.toContain('Шашки');
  });

  it('refuses an author every page and form, changing nothing', async () => {
    const author = await signUp(app());
    const before = [rows(app(), 'admin_history'), rows(app(), 'vocabulary_terms')];
    for (const url of [
      '/admin/vocabularies',
      '/admin/vocabularies/technologies',
      '/admin/vocabularies/technologies/triz',
    ])
      expect((await page(author, url)).statusCode).toBe(403);
    const posts = [
      post(app(), author, '/admin/vocabularies/technologies', { label: 'Захват' }),
      post(app(), author, '/admin/vocabularies/technologies/triz/label', { label: 'Захват' }),
      post(app(), author, '/admin/vocabularies/technologies/triz/synonyms', { synonym: 'захват' }),
      post(app(), author, '/admin/vocabularies/technologies/triz/synonyms/remove', { synonym: 'РТВ' }),
      post(app(), author, '/admin/vocabularies/technologies/triz/retire'),
      post(app(), author, '/admin/vocabularies/technologies/triz/restore'),
    ];
    for (const res of await Promise.all(posts)) expect(res.statusCode).toBe(403);
    expect([rows(app(), 'admin_history'), rows(app(), 'vocabulary_terms')]).toEqual(before);
    expect(app().bank.services.vocabularies.term('technologies', 'triz')).toMatchObject({
      label: 'ТРИЗ',
      retired: false,
    });
  });
});
