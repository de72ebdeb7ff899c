import { describe, expect, it } from 'vitest';
import { call, rows, useApp } from '../helper.js';

const TABLES = [
  'practices',
  'practice_versions',
  'practice_terms',
  'practice_authors',
  'practice_history',
  'organizations',
  'registry_counters',
];

function record(overrides: Record<string, unknown> = {}) {
  return {
    title: 'Мнемотехника в развитии связной речи дошкольников',
    summary: 'Система мнемотаблиц для пересказа и заучивания стихов в старшей группе.',
    relevance: 'У трети детей старшей группы — трудности связной речи.',
    goals: 'Цель — развитие связной речи.\n\n- освоить мнемотаблицы',
    content: 'Работа шла в три этапа: знакомство с символами, мнемодорожки, мнемотаблицы.',
    results: 'Высокий уровень связной речи — у 41 % детей против 12 % в начале года.',
    replication: 'Нужны картотека мнемотаблиц и магнитная доска.',
    levels: ['Дошкольное образование'],
    subjects: ['speech', 'Познавательное развитие'],
    technologies: ['Мнемотехника', 'игровые технологии'],
    directions: ['развитие'],
    keywords: ['мнемотаблица', 'связная речь'],
    organization: 'МБДОУ «Детский сад № 3 «Солнышко»» г. Вязьмы',
    municipality: 'Вяземский район',
    authors: [{ fullName: 'Кузнецова Ольга Николаевна', position: 'воспитатель' }],
    startedYear: 2021,
    publishedAt: '2025-03-14',
    ...overrides,
  };
}

describe('import of reviewed practices', () => {
  const app = useApp();
  const importer = () => app().bank.services.importer;
  const snapshot = () => TABLES.map((t) => rows(app(), t));

  it('publishes a good record at once, resolving labels, organisation and municipality by name', async () => {
    // An organisation no other test imports, so it is new whichever test ran first.
    const organization = 'МБДОУ «Детский сад № 5 «Ромашка»» г. Вязьмы';
    const report = importer().importRecords([record({ organization })]);
    expect(report).toMatchObject({
      dryRun: false,
      total: 1,
      created: 1,
      failed: 0,
      duplicates: 0,
      organizationsCreated: 1,
    });
    const [created] = report.records;
    expect(created).toMatchObject({
      index: 1,
      status: 'created',
      registryNumber: expect.stringMatching(/^67-2025-\d{4}$/),
    });
    const res = await call(app(), null, 'GET', `/api/v1/registry/${created!.registryNumber}`);
    expect(res.statusCode).toBe(200);
    expect(res.json().practice).toMatchObject({
      state: 'published',
      levels: ['preschool'],
      subjects: ['speech', 'cognitive'],
      technologies: ['mnemonics', 'game-based'],
      directions: ['development'],
      publishedAt: '2025-03-14T00:00:00.000Z',
      organization: {
        name: organization,
        type: 'preschool',
        municipality: 'vyazemsky',
      },
    });
  });

  it('creates nothing new when the same file is imported twice', () => {
    const file = [
      record({ title: 'Лэпбук как средство познавательного развития' }),
      record({ title: 'Песочная терапия в адаптации', registryNumber: '67-2024-0107', publishedAt: '2024-05-02' }),
    ];
    const first = importer().importRecords(file);
    expect(first.created).toBe(2);
    const before = snapshot();
    const second = importer().importRecords(file);
    expect(second).toMatchObject({ created: 0, duplicates: 2, failed: 0 });
    expect(second.records.map((r) => r.registryNumber)).toEqual(first.records.map((r) => r.registryNumber));
    expect(snapshot()).toEqual(before);
  });

  it('reports a bad record field by field, never half-writes it, and still imports the good ones', () => {
    const before = snapshot();
    const report = importer().importRecords([
      record({
        title: 'Хорошая практика один',
        organization: 'МБОУ «Новая школа» д. Ершичи',
        municipality: 'Ершичский район',
      }),
      record({
        title: 'Плохая: неизвестная технология и район',
        technologies: ['телепатия'],
        municipality: 'Марсианский район',
        organization: 'Организация, которой не должно появиться',
      }),
      record({ title: 'Плохая: аннотация длиннее 1000 знаков', summary: 'а'.repeat(1001) }),
      { title: 'Плохая: почти пустая' },
      'не объект',
      record({ title: 'Хорошая практика два' }),
    ]);
    expect(report).toMatchObject({ total: 6, created: 2, failed: 4 });
    expect(report.records.map((r) => r.status)).toEqual(['created', 'failed', 'failed', 'failed', 'failed', 'created']);
    expect(report.records[1]!.errors!.map((e) => e.field)).toEqual(['technologies.0', 'municipality']);
    expect(report.records[1]!.errors![0]!.message).toContain('телепатия');
    expect(report.records[2]!.errors!.map((e) => e.field)).toEqual(['summary']);
    expect(report.records[3]!.errors!.map((e) => e.field)).toEqual(
      expect.arrayContaining(['summary', 'levels', 'organization', 'authors']),
    );
    const after = snapshot();
    expect(after[0]! - before[0]!).toBe(2); // two practices
    const orgs = app()
      .bank.db.$client.prepare("SELECT count(*) AS n FROM organizations WHERE name LIKE 'Организация, которой%'")
      .get();
    expect(orgs).toEqual({ n: 0 });
  });

  it('keeps given registry numbers and never hands them out again', () => {
    const report = importer().importRecords([
      record({ title: 'С номером из прежнего реестра', registryNumber: '67-2023-0040', publishedAt: '2023-10-01' }),
      record({ title: 'Без номера, тот же год', publishedAt: '2023-11-01' }),
    ]);
    expect(report.records.map((r) => r.registryNumber)).toEqual(['67-2023-0040', '67-2023-0041']);
  });

  it('refuses a registry number that another practice holds, naming that practice', () => {
    importer().importRecords([
      record({ title: 'Владелец номера', registryNumber: '67-2022-0005', publishedAt: '2022-02-02' }),
    ]);
    const before = snapshot();
    const report = importer().importRecords([
      record({ title: 'Другая практика', registryNumber: '67-2022-0005', publishedAt: '2022-02-02' }),
    ]);
    expect(report.records[0]).toMatchObject({
      status: 'failed',
      errors: [{ field: 'registryNumber', message: expect.stringContaining('«Владелец номера»') }],
    });
    expect(snapshot()).toEqual(before);
  });

  it('requires the year of a given registry number to be the year of publication, in Moscow time', () => {
    const wrongYear = importer().importRecords([
      record({ title: 'Номер не того года', registryNumber: '67-2019-0003', publishedAt: '2025-02-01' }),
    ]);
    expect(wrongYear.records[0]!.errors![0]!.field).toBe('registryNumber');
    const newYearNight = importer().importRecords([
      record({ title: 'Опубликована в новогоднюю ночь', publishedAt: '2025-01-01T01:00:00+03:00' }),
    ]);
    expect(newYearNight.records[0]!.registryNumber).toMatch(/^67-2025-/);
  });

  it('recognises a practice imported again with a registry number it did not have', () => {
    const first = importer().importRecords([record({ title: 'Сначала без номера', publishedAt: '2024-06-01' })]);
    const again = importer().importRecords([
      record({ title: 'Сначала без номера', publishedAt: '2024-06-01', registryNumber: '67-2024-0999' }),
    ]);
    expect(again.records[0]).toMatchObject({ status: 'duplicate', registryNumber: first.records[0]!.registryNumber });
  });

  it('finds an organisation named by its short name instead of creating another', () => {
    app().bank.services.organizations.create({
      name: 'Муниципальное бюджетное дошкольное образовательное учреждение «Детский сад № 8» г. Сафоново',
      shortName: 'МБДОУ «Детский сад № 8»',
      type: 'preschool',
      municipality: 'safonovsky',
    });
    const before = rows(app(), 'organizations');
    const report = importer().importRecords([
      record({
        title: 'По короткому названию',
        organization: 'МБДОУ «Детский сад № 8»',
        municipality: 'Сафоновский район',
      }),
    ]);
    expect(report).toMatchObject({ created: 1, organizationsCreated: 0 });
    expect(rows(app(), 'organizations')).toBe(before);
  });

  it('rolls back a record that fails after it began writing: no organisation, no number consumed', () => {
    const before = snapshot();
    // The new organisation is written first; the missing position of an author is found only afterwards.
    const report = importer().importRecords([
      record({
        title: 'Сбой посреди записи',
        organization: 'Организация, которую нужно откатить',
        authors: [{ fullName: 'Иванов Иван Иванович', position: '' }],
      }),
    ]);
    expect(report.records[0]).toMatchObject({ status: 'failed', errors: [{ field: 'authors.0.position' }] });
    expect(snapshot()).toEqual(before);
  });

  it('validates without writing anything in a dry run, reporting duplicates within the file', () => {
    const before = snapshot();
    const report = importer().importRecords(
      [
        record({
          title: 'Пробная практика',
          organization: 'Совсем новая организация',
          municipality: 'Угранский район',
        }),
        record({
          title: 'Пробная практика',
          organization: 'Совсем новая организация',
          municipality: 'Угранский район',
        }),
        record({ title: 'Пробная с ошибкой', levels: [] }),
      ],
      { dryRun: true },
    );
    expect(report).toMatchObject({
      dryRun: true,
      total: 3,
      created: 1,
      duplicates: 1,
      failed: 1,
      organizationsCreated: 1,
    });
    expect(report.records.map((r) => r.status)).toEqual(['valid', 'duplicate', 'failed']);
    expect(snapshot()).toEqual(before);
  });

  it('refuses a file that is not a list of practices', () => {
    expect(() => importer().importRecords({ nothing: true })).toThrow(/массив практик/);
  });

  it('accepts {practices: [...]} as well as a bare array, and writes an import entry in the history', () => {
    const report = importer().importRecords(
      { practices: [record({ title: 'Из объекта с полем practices' })] },
      { actorName: 'Импорт из test.json' },
    );
    expect(report.created).toBe(1);
    const entry = app()
      .bank.db.$client.prepare('SELECT actor_name, action, to_state FROM practice_history WHERE practice_id = ?')
      .get(report.records[0]!.practiceId);
    expect(entry).toEqual({ actor_name: 'Импорт из test.json', action: 'import', to_state: 'published' });
  });
});
