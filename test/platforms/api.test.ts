/** The registry of innovation platforms through `/api/v1/platforms`: who may read, who may keep it, what is refused. */
import { beforeAll, describe, expect, it } from 'vitest';
import { call, makeOrganization, rows, signUp, useApp, type Client } from '../helper.js';
import { importPractice } from '../support/published.js';

const app = useApp();
let teacher: Client;
let moderator: Client;
let admin: Client;
let organizationId: number;

const body = (overrides: Record<string, unknown> = {}) => ({
  organizationId,
  theme: 'Детский сад — территория здоровья: здоровьесберегающая среда ДОО',
  level: 'regional',
  status: 'active',
  yearFrom: 2024,
  yearTo: 2026,
  orderNumber: '752-ОД',
  orderDate: '2024-08-30',
  orderIssuer: 'Министерство образования и науки Смоленской области',
  ...overrides,
});

beforeAll(async () => {
  teacher = await signUp(app(), { roles: ['author'] });
  moderator = await signUp(app(), { roles: ['moderator'] });
  admin = await signUp(app(), { roles: ['admin'] });
  organizationId = makeOrganization(app(), 'МБДОУ «Детский сад № 80 «Гнёздышко»»');
});

describe('the platforms API', () => {
  it('lets a moderator add a platform, records it in admin_history, and lists it for anyone', async () => {
    const before = rows(app(), 'admin_history');
    const created = await call(
      app(),
      moderator,
      'POST',
      '/api/v1/platforms',
      body({ theme: 'Детский сад — территория здоровья' }),
    );
    expect(created.statusCode).toBe(201);
    const platform = created.json();
    expect(platform).toMatchObject({ level: 'regional', levelLabel: 'Региональная', statusLabel: 'Действующая' });
    expect(platform.organization.id).toBe(organizationId);
    expect(rows(app(), 'admin_history')).toBe(before + 1);

    const list = await call(app(), null, 'GET', '/api/v1/platforms?level=regional&q=территория здоровья');
    expect(list.statusCode).toBe(200);
    expect(list.json().items.map((p: { id: number }) => p.id)).toContain(platform.id);
    const none = await call(app(), null, 'GET', '/api/v1/platforms?level=federal&q=здоровья');
    expect(none.json().total).toBe(0);
    const one = await call(app(), null, 'GET', `/api/v1/platforms/${platform.id}`);
    expect(one.json().order).toEqual({ number: '752-ОД', date: '2024-08-30', issuer: body().orderIssuer });
  });

  it('refuses a teacher and an anonymous visitor, and writes nothing', async () => {
    const before = rows(app(), 'platforms');
    const byTeacher = await call(app(), teacher, 'POST', '/api/v1/platforms', body({ theme: 'Другая тема площадки' }));
    expect(byTeacher.statusCode).toBe(403);
    expect(byTeacher.json().message).toContain('модераторы и администраторы');
    expect((await call(app(), null, 'POST', '/api/v1/platforms', body())).statusCode).toBe(401);
    const patch = await call(app(), teacher, 'PATCH', '/api/v1/platforms/1', { status: 'completed' });
    expect(patch.statusCode).toBe(403);
    expect(rows(app(), 'platforms')).toBe(before);
  });

  it('refuses bad input with field details and changes nothing', async () => {
    const theme = 'Тема, которую добавляют дважды';
    expect((await call(app(), admin, 'POST', '/api/v1/platforms', body({ theme }))).statusCode).toBe(201);
    const before = rows(app(), 'platforms');
    const history = rows(app(), 'admin_history');
    const bad = await call(
      app(),
      admin,
      'POST',
      '/api/v1/platforms',
      body({ yearFrom: 2026, yearTo: 2024, level: 'x' }),
    );
    expect(bad.statusCode).toBe(400);
    const fields = bad.json().details.map((d: { field: string }) => d.field);
    expect(fields).toEqual(expect.arrayContaining(['level']));
    const noOrg = await call(app(), admin, 'POST', '/api/v1/platforms', body({ organizationId: 999999 }));
    expect(noOrg.statusCode).toBe(400);
    expect(noOrg.json().details[0].message).toBe('Такой организации нет в справочнике');
    const period = await call(
      app(),
      admin,
      'POST',
      '/api/v1/platforms',
      body({ theme: 'Тема с неверным сроком', yearFrom: 2026, yearTo: 2024 }),
    );
    expect(period.statusCode).toBe(400);
    const twice = await call(app(), admin, 'POST', '/api/v1/platforms', body({ theme }));
    expect(twice.statusCode).toBe(409);
    expect(twice.json().code).toBe('PLATFORM_EXISTS');
    expect(rows(app(), 'platforms')).toBe(before);
    expect(rows(app(), 'admin_history')).toBe(history);
  });

  it('changes the status, links a published practice by registry number and refuses an unknown number whole', async () => {
    const created = (
      await call(app(), admin, 'POST', '/api/v1/platforms', body({ theme: 'Шахматы для всех', level: 'municipal' }))
    ).json();
    const practice = importPractice(app());
    const changed = await call(app(), moderator, 'PATCH', `/api/v1/platforms/${created.id}`, {
      status: 'completed',
      addPractices: [practice.number],
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({ status: 'completed', statusLabel: 'Завершила работу' });
    expect(changed.json().practices.map((p: { registryNumber: string }) => p.registryNumber)).toEqual([
      practice.number,
    ]);

    const wrong = await call(app(), moderator, 'PATCH', `/api/v1/platforms/${created.id}`, {
      status: 'terminated',
      addPractices: ['67-1999-0001'],
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().details[0]).toMatchObject({ field: 'addPractices.0' });
    const after = (await call(app(), null, 'GET', `/api/v1/platforms/${created.id}`)).json();
    expect(after.status).toBe('completed');
    const history = app()
      .bank.db.$client.prepare(`SELECT action FROM admin_history WHERE target_type = 'platform' AND target_id = ?`)
      .all(String(created.id)) as { action: string }[];
    expect(history.map((h) => h.action)).toEqual(['platform.created', 'platform.status_changed']);
  });

  it('answers 404 for a platform that is not there and 400 for an unknown municipality', async () => {
    expect((await call(app(), null, 'GET', '/api/v1/platforms/999999')).json().code).toBe('PLATFORM_NOT_FOUND');
    expect((await call(app(), null, 'GET', '/api/v1/platforms?municipality=atlantis')).statusCode).toBe(400);
    expect((await call(app(), null, 'GET', '/api/v1/platforms?status=paused')).statusCode).toBe(400);
  });

  it('documents the routes in the OpenAPI document', async () => {
    const doc = (await call(app(), null, 'GET', '/docs/json')).json();
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/platforms', '/api/v1/platforms/{id}']));
    expect(doc.components.schemas).toHaveProperty('Platform');
  });
});
