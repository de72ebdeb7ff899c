/** The collections API: who may curate, what a draft shows to whom, that bad input changes nothing, and the order. */
import { describe, expect, it } from 'vitest';
import { call, rows, signUp, useApp, type Client } from '../helper.js';
import { importPractice, withdraw } from '../support/published.js';

const FORUM = {
  title: 'Материалы форума руководителей методических объединений',
  lead: 'Практики, представленные на форуме.',
  description: 'Подборка собрана по итогам форума.',
  event: { name: 'Форум руководителей МО', date: '2026-03-14', place: 'Смоленск, СОИРО' },
};

describe('collections through the API', () => {
  const app = useApp();
  let curator: Client;
  let teacher: Client;

  const create = async (body: Record<string, unknown> = FORUM) => {
    curator ??= await signUp(app(), { roles: ['curator'] });
    const res = await call(app(), curator, 'POST', '/api/v1/collections', body);
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { slug: string; items: { practiceId: number }[] };
  };

  it('lets a curator make a draft that nobody else sees until it is published', async () => {
    const { slug } = await create();
    expect(slug).toBe('materialy-foruma-rukovoditelei-metodicheskikh-obedinenii');
    teacher = await signUp(app());
    for (const who of [null, teacher]) {
      const res = await call(app(), who, 'GET', `/api/v1/collections/${slug}`);
      expect(res.statusCode).toBe(404);
      expect(res.json().code).toBe('COLLECTION_NOT_FOUND');
    }
    const before = (await call(app(), null, 'GET', '/api/v1/collections')).json().items;
    expect(before.map((c: { slug: string }) => c.slug)).not.toContain(slug);

    const published = await call(app(), curator, 'PUT', `/api/v1/collections/${slug}`, { ...FORUM, published: true });
    expect(published.statusCode, published.body).toBe(200);
    expect(published.json().publishedAt).not.toBeNull();
    const open = await call(app(), teacher, 'GET', `/api/v1/collections/${slug}`);
    expect(open.statusCode).toBe(200);
    expect(open.json().event).toEqual(FORUM.event);
    const list = (await call(app(), null, 'GET', '/api/v1/collections?year=2026')).json().items;
    expect(list.map((c: { slug: string }) => c.slug)).toContain(slug);
    const earlier = (await call(app(), null, 'GET', '/api/v1/collections?year=2025')).json().items;
    expect(earlier.map((c: { slug: string }) => c.slug)).not.toContain(slug);
    const byEvent = await call(app(), null, 'GET', `/api/v1/collections?event=${encodeURIComponent('Нет такого')}`);
    expect(byEvent.json().items).toEqual([]);
  });

  it('refuses a teacher every curating write, and a moderator may curate', async () => {
    teacher ??= await signUp(app());
    const before = rows(app(), 'collections');
    const made = await call(app(), teacher, 'POST', '/api/v1/collections', FORUM);
    expect(made.statusCode).toBe(403);
    expect(made.json().message).toBe('Подборки ведут кураторы и модераторы');
    expect(rows(app(), 'collections')).toBe(before);
    const moderator = await signUp(app(), { roles: ['moderator'] });
    const ok = await call(app(), moderator, 'POST', '/api/v1/collections', {
      title: 'Лучшие практики по ФГОС ДО 2026',
    });
    expect(ok.statusCode).toBe(201);
    expect(ok.json().slug).toBe('luchshie-praktiki-po-fgos-do-2026');
  });

  it('adds practices by registry number, keeps the order it is given, and refuses bad input without a change', async () => {
    const { slug } = await create({ title: 'Шахматы в школе' });
    const [a, b, c] = [importPractice(app()), importPractice(app()), importPractice(app())];
    for (const p of [a, b, c]) {
      const res = await call(app(), curator, 'POST', `/api/v1/collections/${slug}/items`, {
        number: `№ ${p.number}`,
        note: `Почему ${p.number}`,
      });
      expect(res.statusCode, res.body).toBe(201);
    }
    const numbers = async () =>
      (await call(app(), curator, 'GET', `/api/v1/collections/${slug}`))
        .json()
        .items.map((i: { registryNumber: string }) => i.registryNumber);
    expect(await numbers()).toEqual([a.number, b.number, c.number]);

    const reordered = await call(app(), curator, 'PUT', `/api/v1/collections/${slug}/order`, {
      practiceIds: [c.id, a.id, b.id],
    });
    expect(reordered.statusCode, reordered.body).toBe(200);
    expect(await numbers()).toEqual([c.number, a.number, b.number]);

    const bad = [
      ['PUT', `/api/v1/collections/${slug}/order`, { practiceIds: [a.id, b.id] }, 400],
      ['PUT', `/api/v1/collections/${slug}/order`, { practiceIds: [a.id, a.id, b.id] }, 400],
      ['POST', `/api/v1/collections/${slug}/items`, { number: a.number }, 409],
      ['POST', `/api/v1/collections/${slug}/items`, { number: '67-2099-9999' }, 400],
      ['POST', `/api/v1/collections/${slug}/items`, { number: 'шахматы' }, 400],
      ['PUT', `/api/v1/collections/${slug}`, { title: '' }, 400],
      ['PUT', `/api/v1/collections/${slug}`, { title: 'Новое имя', extra: 1 }, 400],
      ['PUT', `/api/v1/collections/${slug}/items/999999`, { note: 'x' }, 404],
    ] as const;
    for (const [method, url, body, status] of bad) {
      const res = await call(app(), curator, method, url, body);
      expect(res.statusCode, `${method} ${url} ${res.body}`).toBe(status);
      expect(res.json()).toMatchObject({ statusCode: status, code: expect.any(String), message: expect.any(String) });
    }
    expect(await numbers()).toEqual([c.number, a.number, b.number]);
    expect((await call(app(), curator, 'GET', `/api/v1/collections/${slug}`)).json().title).toBe('Шахматы в школе');

    const note = await call(app(), curator, 'PUT', `/api/v1/collections/${slug}/items/${a.id}`, { note: 'Основа' });
    expect(note.json().items[1]).toMatchObject({ practiceId: a.id, note: 'Основа' });
    expect((await call(app(), curator, 'DELETE', `/api/v1/collections/${slug}/items/${c.id}`)).statusCode).toBe(200);
    expect(await numbers()).toEqual([a.number, b.number]);
  });

  it('drops a withdrawn practice from the public view and marks it for its keepers', async () => {
    const { slug } = await create({ title: 'Подборка со снятой практикой' });
    const [kept, gone] = [importPractice(app()), importPractice(app())];
    for (const p of [kept, gone])
      await call(app(), curator, 'POST', `/api/v1/collections/${slug}/items`, { number: p.number });
    await call(app(), curator, 'PUT', `/api/v1/collections/${slug}`, {
      title: 'Подборка со снятой практикой',
      published: true,
    });
    await withdraw(app(), gone.id);
    const publicItems = (await call(app(), null, 'GET', `/api/v1/collections/${slug}`)).json().items;
    expect(publicItems.map((i: { practiceId: number }) => i.practiceId)).toEqual([kept.id]);
    const keeperItems = (await call(app(), curator, 'GET', `/api/v1/collections/${slug}`)).json().items;
    expect(keeperItems.map((i: { practiceId: number; public: boolean }) => [i.practiceId, i.public])).toEqual([
      [kept.id, true],
      [gone.id, false],
    ]);
    const listed = (await call(app(), null, 'GET', '/api/v1/collections')).json().items;
    expect(listed.find((c: { slug: string }) => c.slug === slug).practiceCount).toBe(1);
  });

  it('documents every collection route in the OpenAPI document', async () => {
    const doc = app().swagger() as { paths: Record<string, unknown>; components: { schemas: Record<string, unknown> } };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/collections',
        '/api/v1/collections/{slug}',
        '/api/v1/collections/{slug}/items',
        '/api/v1/collections/{slug}/order',
        '/api/v1/collections/{slug}/export',
      ]),
    );
    expect(doc.components.schemas).toHaveProperty('CollectionFields');
  });
});
