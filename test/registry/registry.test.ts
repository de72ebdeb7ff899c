import { describe, expect, it } from 'vitest';
import { formatCitation, splitFullName } from '../../server/registry/citation.js';
import { formatRegistryNumber, parseRegistryNumber } from '../../server/registry/numbers.js';
import { call, useApp } from '../helper.js';

describe('citation in ГОСТ Р 7.0.100-2018 form', () => {
  const now = new Date('2026-11-23T10:00:00Z');

  it('matches the example of the specification for two authors', () => {
    expect(
      formatCitation({
        title: 'Использование ТРИЗ-технологии в работе с детьми старшего дошкольного возраста',
        authors: ['Иванова Анна Петровна', 'Петрова Мария Сергеевна'],
        year: 2026,
        url: 'https://HOST/practices/67-2026-0042',
        now,
      }),
    ).toBe(
      'Иванова, А. П. Использование ТРИЗ-технологии в работе с детьми старшего дошкольного возраста / А. П. Иванова, ' +
        'М. С. Петрова. – Текст : электронный // Банк инновационных практик Смоленской области : [сайт]. – 2026. – URL: ' +
        'https://HOST/practices/67-2026-0042 (дата обращения: 23.11.2026).',
    );
  });

  it('starts with the title and names three «[и др.]» for four or more authors', () => {
    const text = formatCitation({
      title: 'Наставничество.',
      authors: ['А Б В', 'Г Д Е', 'Ж З И', 'К Л М'],
      year: 2025,
      url: 'u',
      now,
    });
    expect(text.startsWith('Наставничество / Б. В. А, Д. Е. Г, З. И. Ж [и др.]. – Текст')).toBe(true);
  });

  it('writes hyphenated first names and the date of access in Moscow time', () => {
    expect(splitFullName('Петрова Анна-Мария Сергеевна')).toEqual({ surname: 'Петрова', initials: 'А.-М. С.' });
    const lateEvening = new Date('2026-11-23T22:30:00Z'); // already 24 November in Smolensk
    expect(formatCitation({ title: 'Т', authors: ['Иванова Анна'], year: 2026, url: 'u', now: lateEvening })).toContain(
      '(дата обращения: 24.11.2026)',
    );
  });
});

describe('registry numbers', () => {
  it('formats and parses 67-YYYY-NNNN', () => {
    expect(formatRegistryNumber(2026, 42)).toBe('67-2026-0042');
    expect(parseRegistryNumber('67-2026-0042')).toEqual({ year: 2026, seq: 42 });
    expect(parseRegistryNumber('67-2026-12345')).toEqual({ year: 2026, seq: 12345 });
    for (const bad of ['66-2026-0042', '67-26-0042', '67-2026-0000', '67-2026-42', '67-2026-0042/v2', 'abc'])
      expect(parseRegistryNumber(bad)).toBeUndefined();
  });
});

describe('GET /api/v1/registry/:number', () => {
  const app = useApp({ BASE_URL: 'https://bank.example.ru' });

  function importOne(overrides: Record<string, unknown> = {}) {
    const report = app().bank.services.importer.importRecords([
      {
        title: 'Шахматный всеобуч в начальной школе',
        summary: 'Шахматы на уроках и во внеурочной деятельности в 1–2 классах.',
        relevance: 'Развитие логического мышления.',
        goals: 'Цель — логика.',
        content: 'Уроки шахмат раз в неделю.',
        results: 'Рост результатов ВПР по математике.',
        replication: 'Нужны шахматные доски.',
        levels: ['primary'],
        subjects: ['mathematics'],
        technologies: ['chess'],
        directions: ['learning'],
        organization: 'МБОУ «СШ № 7» г. Рославля',
        municipality: 'Рославльский район',
        authors: [{ fullName: 'Орлова Наталья Викторовна', position: 'учитель начальных классов' }],
        startedYear: 2020,
        publishedAt: '2024-09-01',
        ...overrides,
      },
    ]);
    return report.records[0]!.registryNumber!;
  }

  it('serves the published practice with permalinks, versions and a ready citation, and counts the view', async () => {
    const number = importOne();
    const res = await call(app(), null, 'GET', `/api/v1/registry/${number}`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({
      registryNumber: number,
      versionNo: 1,
      versionLabel: number,
      current: true,
      status: 'published',
      permalink: `https://bank.example.ru/practices/${number}`,
      versions: [{ versionNo: 1, permalink: `https://bank.example.ru/practices/${number}/v1` }],
      withdrawal: null,
    });
    expect(body.citation).toMatch(
      new RegExp(
        `^Орлова, Н\\. В\\. Шахматный всеобуч в начальной школе / Н\\. В\\. Орлова\\. – Текст : электронный // Банк инновационных практик Смоленской области : \\[сайт\\]\\. – 2024\\. – URL: https://bank\\.example\\.ru/practices/${number} \\(дата обращения: \\d\\d\\.\\d\\d\\.\\d{4}\\)\\.$`,
      ),
    );
    expect(body.practice.title).toBe('Шахматный всеобуч в начальной школе');
    // Another browser's GET counts; a HEAD from a third does not.
    await call(app(), null, 'GET', `/api/v1/registry/${number}`, undefined, {
      'user-agent': 'Mozilla/5.0 Firefox/140',
    });
    await call(app(), null, 'HEAD', `/api/v1/registry/${number}`, undefined, { 'user-agent': 'Mozilla/5.0 Edge/140' });
    app().bank.services.registry.flushViews();
    const views = app()
      .bank.db.$client.prepare('SELECT view_count AS n FROM practices WHERE registry_number = ?')
      .get(number);
    expect(views).toEqual({ n: 2 });
  });

  it('serves a version by number and refuses one that was never published', async () => {
    const number = importOne({ title: 'Версии практики' });
    expect((await call(app(), null, 'GET', `/api/v1/registry/${number}/v/1`)).json()).toMatchObject({
      versionNo: 1,
      current: true,
    });
    const missing = await call(app(), null, 'GET', `/api/v1/registry/${number}/v/2`);
    expect(missing.statusCode).toBe(404);
    expect(missing.json().code).toBe('VERSION_NOT_FOUND');
  });

  it.each(['67-2099-0001', 'не-номер', '67-2024-0000'])(
    'answers 404 REGISTRY_NUMBER_NOT_FOUND for %s',
    async (number) => {
      const res = await call(app(), null, 'GET', `/api/v1/registry/${encodeURIComponent(number)}`);
      expect(res.statusCode).toBe(404);
      expect(res.json().code).toBe('REGISTRY_NUMBER_NOT_FOUND');
    },
  );

  it('lists published practices newest first for anyone', async () => {
    importOne({ title: 'Старая', publishedAt: '2024-01-20' });
    importOne({ title: 'Новая', publishedAt: '2026-06-01' });
    const res = await call(app(), null, 'GET', '/api/v1/practices?perPage=100');
    expect(res.statusCode).toBe(200);
    const titles = res.json().items.map((p: { title: string }) => p.title);
    expect(titles[0]).toBe('Новая');
    expect(titles.at(-1)).toBe('Старая');
    expect(res.json().items[0]).toMatchObject({ state: 'published', publishedVersionNo: 1 });
  });
});
