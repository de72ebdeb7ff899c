import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { organizations, practices, practiceVersions, users } from '../../server/db/schema.js';
import type { App } from '../../server/app.js';
import { call, rows, signUp, useApp, type Client } from '../helper.js';

// Each test makes its own pair (a number of its own), so tests stay independent in any order.
let kindergarten = 100;

/** A published practice of an organisation named `organization` (imported: organisations it makes are confirmed). */
function publishedPractice(app: App, title: string, organization: string) {
  const report = app.bank.services.importer.importRecords([
    {
      title,
      summary: 'Система игр для детей старшего дошкольного возраста.',
      relevance: 'Дети ждут готового ответа.',
      goals: 'Цель — воображение.',
      content: 'Игры раз в неделю.',
      results: 'Рост воображения.',
      replication: 'Нужна картотека игр.',
      levels: ['preschool'],
      subjects: ['cognitive'],
      technologies: ['triz'],
      directions: ['development'],
      organization,
      municipality: 'город Смоленск',
      authors: [{ fullName: 'Орлова Наталья Викторовна', position: 'воспитатель' }],
      startedYear: 2021,
      publishedAt: '2025-03-01',
    },
  ]);
  const number = report.records[0]!.registryNumber;
  if (!number) throw new Error(JSON.stringify(report));
  const practice = app.bank.db.select().from(practices).where(eq(practices.registryNumber, number)).get()!;
  const version = app.bank.db
    .select()
    .from(practiceVersions)
    .where(eq(practiceVersions.id, practice.publishedVersionId!))
    .get()!;
  return { id: practice.id, number, organizationId: version.organizationId! };
}

const names = (res: { json: () => { items: { name: string }[] } }) => res.json().items.map((o) => o.name);

describe('the organisation directory in the admin area', () => {
  const app = useApp();

  async function twoRadugas(): Promise<{
    admin: Client;
    author: Client;
    imported: number;
    added: number;
    practice: number;
    addedName: string;
  }> {
    kindergarten += 1;
    const importedName = `МБДОУ детский сад №${kindergarten} Радуга г. Смоленска`;
    const addedName = `МБДОУ «Детский сад № ${kindergarten} «Радуга»»`;
    const admin = await signUp(app(), { roles: ['admin'] });
    const title = `Сказочные задачи ${Math.random().toString(36).slice(2, 8)}`;
    const { id: practice, organizationId: imported } = publishedPractice(app(), title, importedName);
    const author = await signUp(app());
    const res = await call(app(), author, 'POST', '/api/v1/organizations', {
      name: addedName,
      type: 'preschool',
      municipality: 'smolensk',
    });
    expect(res.statusCode).toBe(201);
    return { admin, author, imported, added: res.json().id, practice, addedName };
  }

  it('keeps an organisation an author added out of other people’s lists until an admin confirms it', async () => {
    const { admin, author, added, addedName } = await twoRadugas();
    expect((await call(app(), author, 'GET', `/api/v1/organizations/${added}`)).json().status).toBe('new');
    const q = `/api/v1/organizations?q=${encodeURIComponent('радуга')}`;
    expect(names(await call(app(), author, 'GET', q))).toContain(addedName);
    const stranger = await signUp(app());
    expect(names(await call(app(), stranger, 'GET', q))).not.toContain(addedName);
    expect(names(await call(app(), null, 'GET', q))).not.toContain(addedName);
    const directory = await app().inject({
      url: `/organizations?q=${encodeURIComponent('радуга')}`,
      headers: { accept: 'text/html' },
    });
    expect(directory.body).not.toContain(addedName);
    expect((await app().inject({ url: `/organizations/${added}`, headers: { accept: 'text/html' } })).statusCode).toBe(
      404,
    );

    const confirmed = await call(app(), admin, 'POST', `/api/v1/admin/organizations/${added}/confirm`);
    expect(confirmed.statusCode).toBe(200);
    expect(confirmed.json().status).toBe('confirmed');
    expect(names(await call(app(), null, 'GET', q))).toContain(addedName);
    const history = await call(app(), admin, 'GET', `/api/v1/admin/history?targetType=organization&targetId=${added}`);
    expect(history.json().items[0]).toMatchObject({ action: 'organization.confirmed', actorUserId: admin.userId });
  });

  it('suggests names that differ only in quotes, «№», spaces, case and the city as duplicates', async () => {
    const { admin, imported, added } = await twoRadugas();
    const res = await call(app(), admin, 'GET', '/api/v1/admin/organizations/duplicates');
    const groups: { id: number }[][] = res.json().groups;
    expect(groups.some((g) => g.some((o) => o.id === imported) && g.some((o) => o.id === added))).toBe(true);
  });

  it('merges a duplicate: practices, authors and links move, the old address redirects, search finds the new name', async () => {
    const { admin, author, imported, added, practice } = await twoRadugas();
    // The author names the imported entry as their organisation.
    app().bank.db.update(users).set({ organizationId: imported }).where(eq(users.id, author.userId)).run();

    const merged = await call(app(), admin, 'POST', `/api/v1/admin/organizations/${imported}/merge`, { keptId: added });
    expect(merged.statusCode).toBe(200);
    expect(merged.json().moved).toMatchObject({ 'practice_versions.organization_id': 1, 'users.organization_id': 1 });
    expect(merged.json().kept).toMatchObject({ id: added, status: 'confirmed', practices: 1, people: 1 });
    const versions = app()
      .bank.db.select()
      .from(practiceVersions)
      .where(eq(practiceVersions.practiceId, practice))
      .all();
    expect(versions.map((v) => v.organizationId)).toEqual([added]);
    expect(app().bank.db.select().from(organizations).where(eq(organizations.id, imported)).get()?.mergedIntoId).toBe(
      added,
    );

    const page = await app().inject({ url: `/organizations/${imported}`, headers: { accept: 'text/html' } });
    expect(page.statusCode).toBe(301);
    expect(page.headers.location).toBe(`/organizations/${added}`);
    const api = await call(app(), null, 'GET', `/api/v1/organizations/${imported}`);
    expect(api.statusCode).toBe(301);
    expect(api.headers.location).toBe(`/api/v1/organizations/${added}`);
    expect(api.json().movedTo).toBe(added);

    // Renaming the kept entry re-indexes its practices: search finds them by the new name at once.
    const renamed = await call(app(), admin, 'PATCH', `/api/v1/admin/organizations/${added}`, {
      name: `МБДОУ «Центр развития ребёнка «Кувшинка» № ${added}»`,
    });
    expect(renamed.statusCode).toBe(200);
    const found = await call(app(), null, 'GET', `/api/v1/search?q=${encodeURIComponent('Кувшинка')}`);
    expect(found.json().hits.map((h: { id: number }) => h.id)).toContain(practice);

    const history = (await call(app(), admin, 'GET', '/api/v1/admin/history?targetType=organization')).json().items;
    expect(history.map((h: { action: string }) => h.action).slice(0, 2)).toEqual([
      'organization.updated',
      'organization.merged',
    ]);
    expect(history[1].summary).toContain('объединена');
  });

  it('refuses a bad merge or edit with a Russian message beside the field, changing nothing', async () => {
    const { admin, imported, added, addedName } = await twoRadugas();
    const before = {
      orgs: JSON.stringify(app().bank.db.select().from(organizations).all()),
      history: rows(app(), 'admin_history'),
    };
    const itself = await call(app(), admin, 'POST', `/api/v1/admin/organizations/${added}/merge`, { keptId: added });
    expect(itself.statusCode).toBe(400);
    expect(itself.json().details[0]).toMatchObject({ field: 'keptId' });
    const unknown = await call(app(), admin, 'POST', `/api/v1/admin/organizations/${added}/merge`, { keptId: 987654 });
    expect(unknown.json()).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED' });
    const noBody = await call(app(), admin, 'POST', `/api/v1/admin/organizations/${added}/merge`, {});
    expect(noBody.statusCode).toBe(400);
    const badInn = await call(app(), admin, 'PATCH', `/api/v1/admin/organizations/${imported}`, { inn: '6731000343' });
    expect(badInn.statusCode).toBe(400);
    expect(badInn.json().details[0]).toMatchObject({ field: 'inn' });
    expect(badInn.json().details[0].message).toMatch(/контрольн/);
    const badType = await call(app(), admin, 'PATCH', `/api/v1/admin/organizations/${imported}`, { type: 'castle' });
    expect(badType.json().details[0].field).toBe('type');
    const clash = await call(app(), admin, 'PATCH', `/api/v1/admin/organizations/${imported}`, { name: addedName });
    expect(clash.json().details[0].field).toBe('name');
    const missing = await call(app(), admin, 'PATCH', '/api/v1/admin/organizations/987654', { name: 'Школа № 1' });
    expect(missing.statusCode).toBe(404);
    const badQuery = await call(app(), admin, 'GET', '/api/v1/admin/organizations?status=old');
    expect(badQuery.json().code).toBe('VALIDATION_FAILED');
    expect(JSON.stringify(app().bank.db.select().from(organizations).all())).toBe(before.orgs);
    expect(rows(app(), 'admin_history')).toBe(before.history);
  });

  it('answers 403 to people who are not admins and 401 to visitors, changing nothing', async () => {
    const { imported, added } = await twoRadugas();
    const moderator = await signUp(app(), { roles: ['moderator', 'author'] });
    const before = {
      orgs: JSON.stringify(app().bank.db.select().from(organizations).all()),
      history: rows(app(), 'admin_history'),
    };
    const attempts: [string, string, unknown?][] = [
      ['POST', `/api/v1/admin/organizations/${imported}/merge`, { keptId: added }],
      ['PATCH', `/api/v1/admin/organizations/${imported}`, { name: 'Захвачено' }],
      ['POST', `/api/v1/admin/organizations/${added}/confirm`],
      ['GET', '/api/v1/admin/organizations'],
      ['GET', '/api/v1/admin/organizations/duplicates'],
      ['GET', '/api/v1/admin/history'],
    ];
    for (const [method, url, body] of attempts) {
      const res = await call(app(), moderator, method as 'POST', url, body);
      expect(res.statusCode, `${method} ${url}`).toBe(403);
      expect(res.json().code).toBe('FORBIDDEN');
      expect((await call(app(), null, method as 'POST', url, body)).statusCode, `${method} ${url}`).toBe(401);
    }
    expect(JSON.stringify(app().bank.db.select().from(organizations).all())).toBe(before.orgs);
    expect(rows(app(), 'admin_history')).toBe(before.history);
  });
});
