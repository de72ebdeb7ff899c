import { beforeAll, describe, expect, it } from 'vitest';
import { call, completePractice, makeOrganization, rows, signUp, useApp, type Client } from '../helper.js';

const TERM = '/api/v1/admin/vocabularies/technologies/terms/mnemonics';

describe('a retired term', () => {
  const app = useApp();
  let admin: Client;
  let author: Client;
  let organizationId: number;
  let registryNumber: string;
  let draft: { id: number; etag: string };

  const editor = async (id: number) =>
    (await app().inject({ method: 'GET', url: `/my/practices/${id}`, headers: { cookie: author.cookie } })).body;

  beforeAll(async () => {
    admin = await signUp(app(), { roles: ['admin'] });
    author = await signUp(app());
    organizationId = makeOrganization(app());
    const report = app().bank.services.importer.importRecords([
      {
        ...completePractice(organizationId),
        title: 'Мнемотаблицы на занятиях по развитию речи',
        technologies: ['mnemonics'],
        organization: 'МБДОУ «Детский сад № 12 «Радуга»»',
        municipality: 'город Смоленск',
        publishedAt: '2025-03-14',
      },
    ]);
    registryNumber = report.records[0]!.registryNumber!;
    const created = await call(
      app(),
      author,
      'POST',
      '/api/v1/practices',
      completePractice(organizationId, { technologies: ['mnemonics', 'triz'] }),
    );
    expect(created.statusCode).toBe(201);
    draft = { id: created.json().id, etag: created.headers.etag as string };
    const before = rows(app(), 'admin_history');
    const retired = await call(app(), admin, 'POST', `${TERM}/retire`);
    expect(retired.statusCode).toBe(200);
    expect(retired.json()).toMatchObject({ code: 'mnemonics', label: 'Мнемотехника', retired: true });
    expect(rows(app(), 'admin_history')).toBe(before + 1);
  });

  it('stays on the old practice, shown by its label, and the practice is still found by it', async () => {
    const page = await app().inject({ method: 'GET', url: `/practices/${registryNumber}` });
    expect(page.body).toContain('Мнемотехника');
    const found = (await call(app(), null, 'GET', '/api/v1/search?q=мнемотехника')).json();
    expect(found.hits.map((h: { registryNumber: string }) => h.registryNumber)).toContain(registryNumber);
    // Filtering the old practices by it still works.
    const filtered = (await call(app(), null, 'GET', '/api/v1/search?technology=mnemonics')).json();
    expect(filtered.total).toBe(1);
  });

  it('is refused for a new practice with a Russian message, and nothing is written', async () => {
    const before = rows(app(), 'practices');
    const res = await call(
      app(),
      author,
      'POST',
      '/api/v1/practices',
      completePractice(organizationId, { technologies: ['triz', 'mnemonics'] }),
    );
    expect(res.statusCode).toBe(400);
    expect(res.json().details).toEqual([
      {
        field: 'technologies.1',
        message:
          'Термин «Мнемотехника» выведен из справочника «Технологии»: его можно оставить у прежних практик, ' +
          'но нельзя выбрать заново',
      },
    ]);
    expect(rows(app(), 'practices')).toBe(before);
  });

  it('is kept on a draft that already carried it, while another draft cannot add it', async () => {
    const kept = await call(
      app(),
      author,
      'PATCH',
      `/api/v1/practices/${draft.id}`,
      { summary: 'Новая аннотация' },
      {
        'if-match': draft.etag,
      },
    );
    expect(kept.statusCode).toBe(200);
    expect(kept.json().technologies).toEqual(['mnemonics', 'triz']);
    const other = await call(app(), author, 'POST', '/api/v1/practices', completePractice(organizationId));
    const added = await call(
      app(),
      author,
      'PATCH',
      `/api/v1/practices/${other.json().id}`,
      { technologies: ['mnemonics'] },
      { 'if-match': other.headers.etag as string },
    );
    expect(added.statusCode).toBe(400);
    expect(added.json().details[0].field).toBe('technologies.0');
  });

  it('is no longer offered in the editor, except on the draft that carries it, marked as retired', async () => {
    const other = await call(app(), author, 'POST', '/api/v1/practices', completePractice(organizationId));
    const fresh = await editor(other.json().id);
    expect(fresh).toContain('id="technologies-triz"');
    expect(fresh).not.toContain('id="technologies-mnemonics"');
    const carrying = await editor(draft.id);
    expect(carrying).toMatch(/id="technologies-mnemonics"[^>]*checked/);
    expect(carrying).toContain('выведен из справочника, новым практикам не выбирается');
  });

  it('is flagged for importers and API readers: retired, out of the active terms', async () => {
    const { vocabularies } = app().bank.services;
    expect(vocabularies.isRetired('technologies', 'mnemonics')).toBe(true);
    expect(vocabularies.activeTerms('technologies').map((t) => t.code)).not.toContain('mnemonics');
    expect(vocabularies.resolve('technologies', 'мнемотехника')).toBe('mnemonics');
    const body = (await call(app(), null, 'GET', '/api/v1/vocabularies')).json();
    expect(body.technologies.terms.find((t: { code: string }) => t.code === 'mnemonics').retired).toBe(true);
  });

  it('cannot be retired twice, and comes back when restored', async () => {
    const again = await call(app(), admin, 'POST', `${TERM}/retire`);
    expect(again.statusCode).toBe(409);
    expect(again.json().message).toBe('Термин «Мнемотехника» уже выведен из употребления');
    const restored = await call(app(), admin, 'POST', `${TERM}/restore`);
    expect(restored.json().retired).toBe(false);
    const res = await call(
      app(),
      author,
      'POST',
      '/api/v1/practices',
      completePractice(organizationId, { technologies: ['mnemonics'] }),
    );
    expect(res.statusCode).toBe(201);
    expect((await call(app(), admin, 'POST', `${TERM}/restore`)).statusCode).toBe(409);
    // Leave it retired for the other tests of this file, whatever their order.
    expect((await call(app(), admin, 'POST', `${TERM}/retire`)).statusCode).toBe(200);
  });
});
