/** `GET /api/v1/suggest`: what the search box offers as a person types, over the demo catalogue. */
import { describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../server/history/admin.js';
import { createSuggestions } from '../../server/search-api/suggestions.js';
import { call, signUp, useApp } from '../helper.js';
import { importPractice, withdraw } from '../support/published.js';

interface Item {
  kind: 'practice' | 'term' | 'organization';
  label: string;
  hint: string;
  path: string;
}

describe('GET /api/v1/suggest', () => {
  const app = useApp({ DEMO_DATA: 'true' });
  const suggest = async (q: string) => {
    const res = await call(app(), null, 'GET', `/api/v1/suggest?q=${encodeURIComponent(q)}`);
    expect(res.statusCode).toBe(200);
    return (res.json() as { items: Item[] }).items;
  };
  const labels = async (q: string) => (await suggest(q)).map((i) => i.label);

  it('offers the term and the practices whose words start with what was typed, each leading to its page', async () => {
    const items = await suggest('мнемо');
    expect(items[0]).toEqual({
      kind: 'term',
      label: 'Мнемотехника',
      hint: 'Технология',
      path: '/?technology=mnemonics',
    });
    const practice = items.find((i) => i.kind === 'practice')!;
    expect(practice.label).toMatch(/^Мнемотехника/);
    expect(practice.path).toMatch(/^\/practices\/67-\d{4}-\d{4}$/);
    expect((await call(app(), null, 'GET', practice.path)).statusCode).toBe(200);
    const filtered = await call(app(), null, 'GET', items[0]!.path);
    expect(filtered.statusCode).toBe(200);
    expect(filtered.body).toContain('Мнемотехника');
  });

  it('finds a word inside a title, not only at its start, and a phrase as it goes on', async () => {
    const inner = (await suggest('творческого вообр')).filter((i) => i.kind === 'practice');
    expect(inner.map((i) => i.label)).toContain(
      'Использование элементов ТРИЗ в развитии творческого воображения детей старшего дошкольного возраста',
    );
    expect(await labels('работа с род')).toContain('Работа с родителями');
  });

  it('reads a query typed in the other keyboard layout: «nhbp» is «триз»', async () => {
    const items = await suggest('nhbp');
    expect(items[0]).toMatchObject({ kind: 'term', label: 'ТРИЗ' });
    expect(items.some((i) => i.kind === 'practice' && /ТРИЗ/.test(i.label))).toBe(true);
  });

  it('folds case and ё/е: «тЕмк» and «тёмк» both find «Тёмкинский район»', async () => {
    expect(await labels('тЕмк')).toContain('Тёмкинский район');
    expect(await labels('тёмк')).toContain('Тёмкинский район');
  });

  it('offers an organisation by its short or full name, leading to its page, with its place', async () => {
    const items = await suggest('лицей');
    const lyceum = items.find((i) => i.kind === 'organization')!;
    expect(lyceum).toMatchObject({ label: 'МБОУ «Лицей № 3»', hint: 'Организация · город Смоленск' });
    expect(lyceum.path).toMatch(/^\/organizations\/\d+$/);
    expect((await call(app(), null, 'GET', lyceum.path)).statusCode).toBe(200);
    expect(await labels('детский сад № 12')).toContain('МБДОУ «Детский сад № 12 «Радуга»»');
  });

  it('answers at most eight, terms and organisations first, and nothing for fewer than two letters', async () => {
    const items = await suggest('смол');
    expect(items).toHaveLength(8);
    const kinds = items.map((i) => i.kind);
    expect(kinds.indexOf('practice') === -1 || kinds.lastIndexOf('term') < kinds.indexOf('practice')).toBe(true);
    expect(await suggest('с')).toEqual([]);
    expect(await suggest('  ')).toEqual([]);
    expect(await suggest('ъъъъ')).toEqual([]);
  });

  it('suggests a practice once published and no more once withdrawn', async () => {
    const title = 'Зоопсихологические беседы с дошкольниками';
    expect(await labels('зоопсихолог')).toEqual([]);
    const { id, number } = importPractice(app(), { title });
    expect(await suggest('зоопсихолог')).toEqual([
      { kind: 'practice', label: title, hint: 'Практика', path: `/practices/${number}` },
    ]);
    await withdraw(app(), id);
    expect(await labels('зоопсихолог')).toEqual([]);
  });

  it('never suggests a draft, nor an organisation an author added until an admin confirms it', async () => {
    const author = await signUp(app());
    const org = app().bank.services.organizations.findOrCreate(app().bank.db, {
      name: 'МБОУ «Заозёрная основная школа»',
      type: 'school',
      municipality: 'dorogobuzhsky',
      addedBy: author.userId,
    }).organization;
    const draft = await call(app(), author, 'POST', '/api/v1/practices', {
      title: 'Заозёрные промыслы на уроках технологии',
      organizationId: org.id,
    });
    expect(draft.statusCode).toBe(201);
    expect(await labels('заозерн')).toEqual([]);
    app().bank.services.adminDirectory.confirm(SYSTEM_ACTOR, org.id);
    expect(await labels('заозерн')).toEqual(['МБОУ «Заозёрная основная школа»']);
  });

  it('answers from terms and organisations while a large bank’s titles are read, and with titles once read', async () => {
    const { db, services } = app().bank;
    // As a bank past the size read at once: the titles are read between other work.
    const suggestions = createSuggestions({ db, vocabularies: services.vocabularies, readAtOnce: 0 });
    const ready = suggestions.start();
    expect(suggestions.suggest('мнемо').map((i) => i.kind)).toEqual(['term']);
    await ready;
    expect(suggestions.suggest('мнемо').some((i) => i.kind === 'practice')).toBe(true);
    await suggestions.stop();
  });

  it('offers an organisation the directory gained without an admin, as an import adds it', async () => {
    expect(await labels('новосёловск')).toEqual([]);
    app().bank.services.organizations.create({
      name: 'МБОУ «Новосёловская средняя школа»',
      type: 'school',
      municipality: 'smolensky',
    });
    expect(await labels('новосёловск')).toEqual(['МБОУ «Новосёловская средняя школа»']);
  });

  it('refuses a missing or too long prefix in the common error shape', async () => {
    const missing = await call(app(), null, 'GET', '/api/v1/suggest');
    expect(missing.statusCode).toBe(400);
    expect(missing.json()).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED' });
    const long = await call(app(), null, 'GET', `/api/v1/suggest?q=${'а'.repeat(101)}`);
    expect(long.statusCode).toBe(400);
    expect(long.json()).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [{ field: 'querystring.q', message: 'Начало запроса — не длиннее 100 символов' }],
    });
  });

  it('is described in the OpenAPI document', async () => {
    const doc = (await call(app(), null, 'GET', '/docs/json')).json();
    const operation = doc.paths['/api/v1/suggest'].get;
    expect(operation.parameters.map((p: { name: string }) => p.name)).toEqual(['q']);
    expect(Object.keys(operation.responses)).toEqual(['200', '400']);
  });
});
