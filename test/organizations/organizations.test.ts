import { describe, expect, it } from 'vitest';
import { guessOrganizationType } from '../../server/organizations/service.js';
import { call, makeOrganization, rows, signUp, useApp } from '../helper.js';

describe('directory of organisations', () => {
  const app = useApp();

  it('searches by words of the name, ignoring case and ё, and filters by municipality', async () => {
    makeOrganization(app(), 'МБДОУ «Детский сад № 5 «Ёлочка»»', 'smolensk');
    makeOrganization(app(), 'МБДОУ «Детский сад № 9 «Ёлочка»» г. Ярцево', 'yartsevsky');
    makeOrganization(app(), 'МБОУ «Гимназия № 1 им. Н. М. Пржевальского»', 'smolensk');
    const byName = await call(app(), null, 'GET', `/api/v1/organizations?q=${encodeURIComponent('елочка сад')}`);
    expect(byName.statusCode).toBe(200);
    expect(byName.json().total).toBe(2);
    const inYartsevo = await call(
      app(),
      null,
      'GET',
      `/api/v1/organizations?q=${encodeURIComponent('ЁЛОЧКА')}&municipality=yartsevsky`,
    );
    expect(inYartsevo.json().items.map((o: { name: string }) => o.name)).toEqual([
      'МБДОУ «Детский сад № 9 «Ёлочка»» г. Ярцево',
    ]);
    const percent = await call(app(), null, 'GET', `/api/v1/organizations?q=${encodeURIComponent('%')}`);
    expect(percent.json().total).toBe(0);
  });

  it('serves one organisation and 404s an unknown one', async () => {
    const id = makeOrganization(app(), 'МБУ ДО «Дом детского творчества» г. Сафоново', 'safonovsky');
    expect((await call(app(), null, 'GET', `/api/v1/organizations/${id}`)).json()).toMatchObject({
      id,
      municipality: 'safonovsky',
    });
    const missing = await call(app(), null, 'GET', '/api/v1/organizations/987654');
    expect(missing.statusCode).toBe(404);
    expect(missing.json().code).toBe('ORGANIZATION_NOT_FOUND');
  });

  it('lets a signed-in user add their organisation once; the same name returns the existing entry', async () => {
    const author = await signUp(app());
    const body = { name: 'МБОУ «Кайдаковская СШ»', type: 'school', municipality: 'vyazemsky' };
    const first = await call(app(), author, 'POST', '/api/v1/organizations', body);
    expect(first.statusCode).toBe(201);
    const again = await call(app(), author, 'POST', '/api/v1/organizations', {
      ...body,
      name: 'мбоу  «кайдаковская сш»',
    });
    expect(again.statusCode).toBe(200);
    expect(again.json().id).toBe(first.json().id);
    expect((await call(app(), null, 'POST', '/api/v1/organizations', body)).statusCode).toBe(401);
  });

  it('lets an author name a «новая» organisation they added, never one someone else added, until it is confirmed', async () => {
    const adder = await signUp(app());
    const other = await signUp(app());
    const added = await call(app(), adder, 'POST', '/api/v1/organizations', {
      name: 'МБОУ «Новосельская основная школа»',
      type: 'school',
      municipality: 'vyazemsky',
    });
    expect(added.statusCode).toBe(201);
    const organizationId = added.json().id as number;
    const mine = await call(app(), adder, 'POST', '/api/v1/practices', { title: 'Своя новая', organizationId });
    expect(mine.statusCode).toBe(201);
    const before = rows(app(), 'practices');
    const theirs = await call(app(), other, 'POST', '/api/v1/practices', { title: 'Чужая новая', organizationId });
    expect(theirs.statusCode).toBe(400);
    expect(theirs.json().details).toEqual([
      { field: 'organizationId', message: 'Такой организации нет в справочнике' },
    ]);
    expect(rows(app(), 'practices')).toEqual(before);
    const profile = await call(app(), other, 'PATCH', '/api/v1/auth/me', { organizationId });
    expect(profile.statusCode).toBe(400);
    app().bank.db.$client.prepare("UPDATE organizations SET status = 'confirmed' WHERE id = ?").run(organizationId);
    expect(
      (await call(app(), other, 'POST', '/api/v1/practices', { title: 'Теперь можно', organizationId })).statusCode,
    ).toBe(201);
  });

  it('refuses an unknown type or municipality and a wrong INN, writing nothing', async () => {
    const author = await signUp(app());
    const before = rows(app(), 'organizations');
    const bad = await call(app(), author, 'POST', '/api/v1/organizations', {
      name: 'Школа',
      type: 'castle',
      municipality: 'atlantis',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().details.map((d: { field: string }) => d.field)).toEqual(['type', 'municipality']);
    const inn = await call(app(), author, 'POST', '/api/v1/organizations', {
      name: 'Школа',
      type: 'school',
      municipality: 'smolensk',
      inn: '12ab',
    });
    expect(inn.json().details[0].field).toBe('inn');
    expect(rows(app(), 'organizations')).toBe(before);
  });

  it('refuses a limit over 100', async () => {
    const res = await call(app(), null, 'GET', '/api/v1/organizations?limit=1000');
    expect(res.statusCode).toBe(400);
    expect(res.json().details[0].field).toBe('querystring.limit');
  });

  it('guesses the type of an imported organisation from its name', () => {
    expect(guessOrganizationType('МБДОУ «Детский сад № 1»')).toBe('preschool');
    expect(guessOrganizationType('МБОУ «СШ № 33»')).toBe('school');
    expect(guessOrganizationType('ОГБПОУ «Смоленский педагогический колледж»')).toBe('vocational');
    expect(guessOrganizationType('МБУ ДО «Дом детского творчества»')).toBe('additional');
    expect(guessOrganizationType('ГАУ ДПО «Смоленский областной институт развития образования»')).toBe('iro');
  });
});
