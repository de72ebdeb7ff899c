import { beforeAll, describe, expect, it } from 'vitest';
import { call, completePractice, makeOrganization, rows, signUp, useApp, type Client } from '../helper.js';

const BASE = '/api/v1/admin/vocabularies';

describe('admins edit the vocabularies through the API', () => {
  const app = useApp();
  let admin: Client;
  let author: Client;
  let organizationId: number;
  let registryNumber: string;

  const search = async (q: string) =>
    (await call(app(), null, 'GET', `/api/v1/search?${new URLSearchParams({ q })}`)).json() as {
      total: number;
      hits: { registryNumber: string }[];
    };
  const history = () => rows(app(), 'admin_history');
  const terms = () => rows(app(), 'vocabulary_terms');

  beforeAll(async () => {
    admin = await signUp(app(), { roles: ['admin'], fullName: 'Админова Анна' });
    author = await signUp(app());
    organizationId = makeOrganization(app());
    const report = app().bank.services.importer.importRecords([
      {
        ...completePractice(organizationId),
        title: 'Конструирование роботов в подготовительной группе',
        summary: 'Дети собирают модели и программируют их.',
        levels: ['preschool'],
        technologies: ['robotics', 'quest'],
        organization: 'МБДОУ «Детский сад № 12 «Радуга»»',
        municipality: 'город Смоленск',
        publishedAt: '2025-03-14',
      },
    ]);
    expect(report.created).toBe(1);
    registryNumber = report.records[0]!.registryNumber!;
  });

  it('finds a practice by a synonym an admin has just added to its term', async () => {
    expect((await search('мехатроника')).total).toBe(0);
    const before = history();
    const res = await call(app(), admin, 'POST', `${BASE}/technologies/terms/robotics/synonyms`, {
      synonym: '  Мехатроника ',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().synonyms).toContain('Мехатроника');
    expect(history()).toBe(before + 1);
    const found = await search('мехатроника');
    expect(found.hits.map((h) => h.registryNumber)).toEqual([registryNumber]);
    // The synonym also expands queries: a word of the practice's own text is not needed.
    const vocabularies = (await call(app(), null, 'GET', '/api/v1/vocabularies')).json();
    expect(vocabularies.technologies.terms.find((t: { code: string }) => t.code === 'robotics').synonyms).toContain(
      'Мехатроника',
    );
  });

  it('stops finding the practice by a synonym once it is removed', async () => {
    await call(app(), admin, 'POST', `${BASE}/technologies/terms/robotics/synonyms`, { synonym: 'Киберконструктор' });
    expect((await search('киберконструктор')).total).toBe(1);
    const res = await call(
      app(),
      admin,
      'DELETE',
      `${BASE}/technologies/terms/robotics/synonyms/${encodeURIComponent('киберконструктор')}`,
    );
    expect(res.statusCode).toBe(200);
    expect(res.json().synonyms).not.toContain('Киберконструктор');
    expect((await search('киберконструктор')).total).toBe(0);
  });

  it('renames a label: the practice keeps its code, shows the new label and is found by it', async () => {
    const res = await call(app(), admin, 'PATCH', `${BASE}/technologies/terms/quest`, {
      label: 'Квест-игра на местности',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ code: 'quest', label: 'Квест-игра на местности', retired: false });
    const page = await app().inject({ method: 'GET', url: `/practices/${registryNumber}` });
    expect(page.body).toContain('Квест-игра на местности');
    expect((await search('местности')).hits.map((h) => h.registryNumber)).toEqual([registryNumber]);
    const practice = (await call(app(), null, 'GET', `/api/v1/registry/${registryNumber}`)).json();
    expect(practice.practice.technologies).toContain('quest');
  });

  it('adds a term with a code made from its label by transliteration', async () => {
    const res = await call(app(), admin, 'POST', `${BASE}/technologies/terms`, {
      label: 'Технология «Лэпбук-мастерская»',
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toEqual({
      code: 'tekhnologiya-lepbuk-masterskaya',
      label: 'Технология «Лэпбук-мастерская»',
      synonyms: [],
      retired: false,
    });
    const given = await call(app(), admin, 'POST', `${BASE}/technologies/terms`, {
      label: 'Эдьютейнмент',
      code: 'edutainment',
    });
    expect(given.json().code).toBe('edutainment');
    const last = app()
      .bank.db.$client.prepare('SELECT action, summary, actor_name FROM admin_history ORDER BY id DESC LIMIT 1')
      .get();
    expect(last).toEqual({
      action: 'vocabulary.term_added',
      summary: 'Справочник «Технологии»: добавлен термин «Эдьютейнмент» (код edutainment)',
      actor_name: 'Админова Анна',
    });
  });

  it.each([
    ['an empty label', { label: '   ' }, 'Название не может быть пустым'],
    ['a label of another term', { label: 'триз' }, 'Так уже называется термин «ТРИЗ»'],
    [
      'a synonym of another term as a label',
      { label: 'Метод проектов' },
      'Это уже синоним термина «Проектная деятельность»',
    ],
    ['a label too long', { label: 'т'.repeat(151) }, 'Название длиннее 150 символов'],
    ['a label without letters', { label: '«—»' }, 'Название должен содержать хотя бы одну букву или цифру'],
    ['a malformed code', { label: 'Новое', code: 'Новый код' }, 'Код — латинские строчные буквы'],
    ['a code taken', { label: 'Новое', code: 'triz' }, 'Код «triz» уже занят'],
  ])('refuses a new term with %s, writing nothing', async (_name, body, message) => {
    const [before, count] = [history(), terms()];
    const res = await call(app(), admin, 'POST', `${BASE}/technologies/terms`, body);
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('VALIDATION_FAILED');
    expect(res.json().details[0].message).toContain(message);
    expect([history(), terms()]).toEqual([before, count]);
  });

  it.each([
    ['empty', '', 400, 'Синоним не может быть пустым'],
    ['the label of another term', 'ТРИЗ', 400, 'Так уже называется термин «ТРИЗ»'],
    ['a synonym of another term', 'метод проектов', 400, 'Это уже синоним термина «Проектная деятельность»'],
    ['its own label', 'образовательная РОБОТОТЕХНИКА', 400, 'Синоним совпадает с названием термина'],
    ['already there', 'ЛЕГО', 400, 'Такой синоним у термина уже есть'],
    ['only stop words', 'и в', 400, 'только из служебных слов'],
    ['too long', 'с'.repeat(101), 400, 'Синоним длиннее 100 символов'],
  ])('refuses a synonym that is %s, writing nothing', async (_name, synonym, status, message) => {
    const before = history();
    const res = await call(app(), admin, 'POST', `${BASE}/technologies/terms/robotics/synonyms`, { synonym });
    expect(res.statusCode).toBe(status);
    expect(res.json().details[0].message).toContain(message);
    expect(history()).toBe(before);
  });

  it('answers 404 for an unknown term and 400 for an unknown vocabulary or a missing synonym', async () => {
    const unknown = await call(app(), admin, 'PATCH', `${BASE}/technologies/terms/telepathy`, { label: 'Телепатия' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({
      code: 'TERM_NOT_FOUND',
      message: 'В справочнике «Технологии» нет термина с кодом «telepathy»',
    });
    const vocabulary = await call(app(), admin, 'POST', `${BASE}/spells/terms`, { label: 'Заклинание' });
    expect(vocabulary.statusCode).toBe(400);
    const missing = await call(
      app(),
      admin,
      'DELETE',
      `${BASE}/technologies/terms/robotics/synonyms/${encodeURIComponent('нет такого')}`,
    );
    expect(missing.statusCode).toBe(400);
    expect(missing.json().details[0].message).toBe(
      'У термина «Образовательная робототехника» нет синонима «нет такого»',
    );
  });

  it('keeps municipalities and organisation types to renames and synonyms', async () => {
    const add = await call(app(), admin, 'POST', `${BASE}/municipalities/terms`, { label: 'Новый округ' });
    expect(add.statusCode).toBe(409);
    expect(add.json().code).toBe('TERM_CHANGE_NOT_ALLOWED');
    expect((await call(app(), admin, 'POST', `${BASE}/organizationTypes/terms/school/retire`)).statusCode).toBe(409);
    const rename = await call(app(), admin, 'PATCH', `${BASE}/municipalities/terms/vyazemsky`, {
      label: 'Вяземский муниципальный округ',
    });
    // Already a synonym of the same term: a rename to it is allowed.
    expect(rename.statusCode).toBe(200);
  });

  it.each([
    ['an author', () => author],
    ['an anonymous visitor', () => null],
  ])('refuses %s every change, changing nothing', async (_who, who) => {
    const [before, count] = [history(), terms()];
    const client = who();
    const calls = [
      call(app(), client, 'GET', BASE),
      call(app(), client, 'POST', `${BASE}/technologies/terms`, { label: 'Захват' }),
      call(app(), client, 'PATCH', `${BASE}/technologies/terms/triz`, { label: 'Захват' }),
      call(app(), client, 'POST', `${BASE}/technologies/terms/triz/synonyms`, { synonym: 'захват' }),
      call(app(), client, 'DELETE', `${BASE}/technologies/terms/triz/synonyms/${encodeURIComponent('РТВ')}`),
      call(app(), client, 'POST', `${BASE}/technologies/terms/triz/retire`),
      call(app(), client, 'POST', `${BASE}/technologies/terms/triz/restore`),
    ];
    for (const res of await Promise.all(calls)) expect(res.statusCode).toBe(client ? 403 : 401);
    expect([history(), terms()]).toEqual([before, count]);
    expect(app().bank.services.vocabularies.label('technologies', 'triz')).toBe('ТРИЗ');
  });
});
