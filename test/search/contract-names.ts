/**
 * The contract on organisation names, for every engine: a query naming an organisation puts its practices first,
 * numbers are whole tokens, and a word that only shares a stem with a name («лица», «лицей») is ranked as text.
 * Its own documents, so the main contract's answers stay as they are.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseQuery } from '../../search/analysis/query.js';
import type { SearchDocument, Sort } from '../../search/port.js';
import { synonyms, type EngineHarness } from './contract.js';

const LYCEUM_3 =
  'Муниципальное бюджетное общеобразовательное учреждение «Лицей № 3» города Смоленска ; МБОУ «Лицей № 3» ; город Смоленск';
const SCHOOL_13 =
  'Муниципальное бюджетное общеобразовательное учреждение «Средняя школа № 13» города Смоленска ; МБОУ «СШ № 13» ; город Смоленск';
const SCHOOL_4 =
  'Муниципальное бюджетное общеобразовательное учреждение «Средняя школа № 4» города Сафоново ; МБОУ «СШ № 4» г. Сафоново ; Сафоновский район';
const SCHOOL_3 =
  'Муниципальное бюджетное общеобразовательное учреждение «Средняя школа № 3» г. Вязьмы ; МБОУ «СШ № 3» г. Вязьмы ; Вяземский район';
const SCHOOL_30 =
  'Муниципальное бюджетное общеобразовательное учреждение «Средняя школа № 30» города Смоленска ; МБОУ «СШ № 30» ; город Смоленск';
const KINDERGARTEN_12 =
  'Муниципальное бюджетное дошкольное образовательное учреждение «Детский сад № 12 «Радуга»» города Смоленска ; МБДОУ «Детский сад № 12 «Радуга»» ; город Смоленск';

function practice(id: number, names: string, title: string, body: string, date: string): SearchDocument {
  return {
    id,
    title,
    summary: body,
    body,
    keywords: [],
    vocabularyText: '',
    names,
    facets: { levels: ['basic'], municipality: ['smolensk'], organizationType: ['school'], year: [date.slice(0, 4)] },
    publishedAt: Date.parse(date),
    views: 0,
    adoptions: 0,
  };
}

const PRACTICES = [
  practice(101, LYCEUM_3, 'Олимпиадный клуб программирования', 'Лицеисты готовятся к олимпиадам.', '2024-03-01'),
  practice(102, LYCEUM_3, 'Перевёрнутый класс на уроках биологии', 'Видеоуроки дома, опыты в классе.', '2024-04-01'),
  // Texts sharing a stem with «лицей» and holding a «3»: what used to outrank the lyceum's own practices.
  practice(
    103,
    SCHOOL_13,
    'История от лица предмета',
    'Ученики 3 класса рассказывают от лица предмета: «Что видел старый фонарь».',
    '2025-05-01',
  ),
  practice(
    104,
    SCHOOL_4,
    'Сторителлинг: рассказ от лица героя',
    'Пересказ от лица второстепенного героя в 3 классе.',
    '2025-06-01',
  ),
  practice(105, SCHOOL_3, 'Цифровая лаборатория на уроках физики', 'Опыты с датчиками в 7–9 классах.', '2023-01-01'),
  practice(
    106,
    SCHOOL_30,
    'Школьный театр',
    'Театр в школе для учеников 3 класса: постановки по сказкам.',
    '2025-09-01',
  ),
  practice(107, KINDERGARTEN_12, 'Играем в магазин', 'Финансовая грамотность дошкольников в игре.', '2024-11-01'),
];

export function describeNamesContract(
  name: string,
  makeHarness: (() => Promise<EngineHarness>) | undefined,
  skipReason?: string,
): void {
  const suite = makeHarness ? describe : describe.skip;
  suite(`${name} engine: organisation names${makeHarness ? '' : ` (skipped: ${skipReason})`}`, () => {
    let harness: EngineHarness;
    beforeAll(async () => {
      harness = await makeHarness!();
      await harness.index(PRACTICES);
    }, 60_000);
    afterAll(async () => harness?.close());

    const search = async (q: string, options: { offset?: number; limit?: number; sort?: Sort } = {}) =>
      harness.engine.search({
        plan: parseQuery(q, synonyms),
        filters: {},
        sort: options.sort ?? 'relevance',
        offset: options.offset ?? 0,
        limit: options.limit ?? 20,
      });
    const first = async (q: string, n: number) => (await search(q)).ids.slice(0, n).sort((a, b) => a - b);

    it('puts the lyceum’s practices first for «Лицей № 3», above texts told «от лица» in a third class', async () => {
      const result = await search('Лицей № 3');
      expect(result.ids.slice(0, 2).sort()).toEqual([101, 102]);
      // Having named the lyceum, the query is not widened to practices with only the «3» or only «лицей».
      expect(result.relaxed).toBe(false);
      expect(result.total).toBe(2);
    });

    it('answers a named organisation with the same practices whatever the sort, newest first when asked', async () => {
      const newest = await search('Лицей № 3', { sort: 'newest' });
      expect(newest).toMatchObject({ total: 2, relaxed: false, ids: [102, 101] });
    });

    it('finds the lyceum however the number is written: «лицей 3», «Лицей №3», «МБОУ «Лицей № 3»»', async () => {
      expect(await first('лицей 3', 2)).toEqual([101, 102]);
      expect(await first('Лицей №3', 2)).toEqual([101, 102]);
      expect(await first('МБОУ «Лицей № 3»', 2)).toEqual([101, 102]);
    });

    it('finds an organisation by the words only its short name holds', async () => {
      // «МБОУ» is in the short name alone: the full name spells it out.
      const result = await search('МБОУ лицей 3');
      expect(result.ids.slice(0, 2).sort()).toEqual([101, 102]);
    });

    it('takes a number as a whole token: «школа 3» picks school 3, not school 13 or 30', async () => {
      const result = await search('школа 3');
      expect(result.ids[0]).toBe(105);
      expect((await search('школа 30')).ids[0]).toBe(106);
      expect((await search('школа 13')).ids[0]).toBe(103);
    });

    it('knows a school by any way of writing it: «СШ № 3», «СОШ 3», «средняя школа 3»', async () => {
      expect((await search('СШ № 3')).ids[0]).toBe(105);
      expect((await search('СОШ 3')).ids[0]).toBe(105);
      expect((await search('средняя школа 3')).ids[0]).toBe(105);
    });

    it('finds a kindergarten by its number and name', async () => {
      expect((await search('детский сад № 12 «Радуга»')).ids[0]).toBe(107);
      expect((await search('Радуга 12')).ids[0]).toBe(107);
    });

    it('ranks a single word that only shares a stem with a name as text: «от лица» is not «лицей»', async () => {
      expect(await first('от лица', 2)).toEqual([103, 104]);
    });

    it('pages through the named practices first and then the rest, each once', async () => {
      // School 3 by its name, then the schools whose texts hold a «3» and whose names say «школа».
      const all = (await search('школа 3')).ids;
      expect(all.length).toBeGreaterThanOrEqual(4);
      const pages = [
        ...(await search('школа 3', { limit: 1 })).ids,
        ...(await search('школа 3', { offset: 1, limit: 1 })).ids,
        ...(await search('школа 3', { offset: 2, limit: 2 })).ids,
      ];
      expect(pages).toEqual(all.slice(0, 4));
      expect(pages[0]).toBe(105);
      expect(new Set(all).size).toBe(all.length);
    });
  });
}
