/**
 * The contract every search engine passes: the same documents, the same queries, the same answers.
 * `embedded.test.ts` runs it always; `meilisearch.test.ts` runs it when MEILI_URL names a server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseQuery } from '../../search/analysis/query.js';
import { buildSynonyms } from '../../server/search-api/engine.js';
import type { Filters, SearchDocument, SearchEngine, Sort } from '../../search/port.js';
import { vocabularyTextOf } from '../../server/search-api/documents.js';
import { readVocabularyFixture, VocabularyCatalogue } from '../../server/vocabularies/service.js';

const vocabularies = new VocabularyCatalogue(readVocabularyFixture());
export const synonyms = buildSynonyms(vocabularies);

type Codes = { levels?: string[]; subjects?: string[]; technologies?: string[]; directions?: string[] };

function doc(
  id: number,
  title: string,
  body: string,
  codes: Codes,
  place: { municipality: string; type: string },
  date: string,
  views = 0,
  adoptions = 0,
): SearchDocument {
  const full = { levels: [], subjects: [], technologies: [], directions: ['learning'], ...codes };
  return {
    id,
    title,
    summary: body.slice(0, 120),
    body,
    keywords: [],
    vocabularyText: vocabularyTextOf(full, vocabularies),
    // Names have a contract of their own (contract-names.ts); here every practice is of an unnamed organisation.
    names: '',
    facets: {
      ...full,
      municipality: [place.municipality],
      organizationType: [place.type],
      year: [date.slice(0, 4)],
      adopted: adoptions > 0 ? ['yes'] : [],
    },
    publishedAt: Date.parse(date),
    views,
    adoptions,
  };
}

const SMOLENSK_DOO = { municipality: 'smolensk', type: 'preschool' };
const SMOLENSK_SCHOOL = { municipality: 'smolensk', type: 'school' };

export const DOCUMENTS: SearchDocument[] = [
  doc(
    1,
    'Использование ТРИЗ-технологии в работе с детьми старшего дошкольного возраста',
    'Игры «Хорошо — плохо» и «Теремок» развивают воображение.',
    { levels: ['preschool'], technologies: ['triz'] },
    SMOLENSK_DOO,
    '2026-03-01',
    5,
  ),
  doc(
    2,
    'Образовательная робототехника в начальной школе',
    'Кружок собирает модели из конструктора и программирует их.',
    { levels: ['primary'], technologies: ['robotics'] },
    { municipality: 'vyazemsky', type: 'school' },
    '2025-05-10',
    50,
  ),
  doc(
    3,
    'Ёлочка: экологическая тропа на участке',
    'Восемь остановок тропы: муравейник, метеоплощадка, огород.',
    { levels: ['preschool'], technologies: ['environmental-education'] },
    { municipality: 'yartsevsky', type: 'preschool' },
    '2024-09-01',
    1,
    2,
  ),
  doc(
    4,
    'Развитие речи детей с ограниченными возможностями здоровья',
    'Мнемотаблицы и артикуляционные игры на логопедических занятиях.',
    { levels: ['preschool', 'primary'], subjects: ['speech', 'inclusive'] },
    SMOLENSK_DOO,
    '2025-11-20',
    20,
  ),
  doc(
    5,
    'Метод проектов на уроках истории',
    'Ученики седьмого класса готовят исследования о родном городе.',
    { levels: ['basic'], technologies: ['research'] },
    SMOLENSK_SCHOOL,
    '2026-01-15',
    3,
  ),
  doc(
    6,
    'Проекты по биологии и метод наблюдения',
    'Наблюдения за птицами зимой, кормушки и дневники.',
    { levels: ['basic'], technologies: ['research'] },
    { municipality: 'roslavlsky', type: 'school' },
    '2024-02-01',
    0,
    2,
  ),
  doc(
    7,
    'Шахматы в начальной школе',
    'Шахматные задачи на уроках математики во втором классе.',
    { levels: ['primary'], technologies: ['chess'] },
    { municipality: 'desnogorsk', type: 'school' },
    '2024-12-12',
    8,
    1,
  ),
  doc(
    8,
    'Наставничество молодых педагогов',
    'Пары «наставник — молодой учитель» и взаимные посещения уроков.',
    { levels: ['professional'], technologies: ['mentoring'] },
    { municipality: 'smolensk', type: 'iro' },
    '2025-02-02',
    2,
  ),
];

export interface EngineHarness {
  engine: SearchEngine;
  /** Indexes documents as the bank does (inside a write transaction) and waits until they are searchable. */
  index(docs: SearchDocument[]): Promise<void>;
  /** The same with one `indexMany` call, as an import's batch does. */
  indexMany(docs: SearchDocument[]): Promise<void>;
  remove(id: number): Promise<void>;
  close(): Promise<void>;
}

export function describeSearchContract(
  name: string,
  makeHarness: (() => Promise<EngineHarness>) | undefined,
  skipReason?: string,
): void {
  const suite = makeHarness ? describe : describe.skip;
  suite(`${name} engine: search contract${makeHarness ? '' : ` (skipped: ${skipReason})`}`, () => {
    let harness: EngineHarness;
    beforeAll(async () => {
      harness = await makeHarness!();
      // As an import's batch: every document in one call.
      await harness.indexMany(DOCUMENTS);
    }, 60_000);
    afterAll(async () => harness?.close());

    const search = (q: string, options: { filters?: Filters; sort?: Sort; offset?: number; limit?: number } = {}) =>
      harness.engine.search({
        plan: parseQuery(q, synonyms),
        filters: options.filters ?? {},
        sort: options.sort ?? 'relevance',
        offset: options.offset ?? 0,
        limit: options.limit ?? 20,
      });
    const ids = async (q: string, options?: Parameters<typeof search>[1]) =>
      (await search(q, options)).ids.sort((a, b) => a - b);

    it('finds every form of a word: технология, технологии, технологий', async () => {
      expect(await ids('технологий')).toEqual([1]);
      expect(await ids('Технология')).toEqual([1]);
    });

    it('folds case and ё: «елочка» finds «Ёлочка»', async () => {
      expect(await ids('елочка')).toEqual([3]);
      expect(await ids('ЁЛОЧКА')).toEqual([3]);
    });

    it('matches the word being typed as a prefix', async () => {
      expect(await ids('робототех')).toEqual([2]);
      expect(await ids('наставн')).toEqual([8]);
    });

    it('tolerates a typo in a long word', async () => {
      expect(await ids('робототехнека')).toEqual([2]);
      expect(await ids('наставнечество')).toEqual([8]);
    });

    it('expands vocabulary synonyms: ДОУ = детский сад, LEGO → робототехника', async () => {
      expect(await ids('ДОУ')).toEqual([1, 3, 4]);
      expect(await ids('лего')).toEqual([2]);
    });

    it('expands abbreviations: ОВЗ = ограниченные возможности здоровья', async () => {
      expect(await ids('ОВЗ')).toEqual([4]);
    });

    it('matches a quoted phrase only where its words stand together', async () => {
      expect(await ids('метод проектов')).toEqual([5, 6]);
      expect(await ids('"метод проектов"')).toEqual([5]);
    });

    it('does not widen two words that never meet when each holds only half of the query (issue 14.1)', async () => {
      const result = await search('шахматы робототехника');
      expect(result.relaxed).toBe(false);
      expect(result.ids).toEqual([]);
    });

    it('widens a query when a practice holds most of its weight, with practices with every word first', async () => {
      const result = await search('шахматы в начальной школе для второго класса');
      expect(result.relaxed).toBe(true);
      expect(result.ids[0]).toBe(7);
      expect(result.ids).toContain(2);
    });

    it('does not widen a single word', async () => {
      const result = await search('шахматы');
      expect(result.relaxed).toBe(false);
      expect(result.ids).toEqual([7]);
    });

    it('combines values of one facet with OR and facets with AND', async () => {
      expect(await ids('', { filters: { levels: ['preschool', 'primary'] } })).toEqual([1, 2, 3, 4, 7]);
      expect(await ids('', { filters: { levels: ['preschool', 'primary'], municipality: ['smolensk'] } })).toEqual([
        1, 4,
      ]);
      expect(await ids('', { filters: { year: ['2024'] } })).toEqual([3, 6, 7]);
    });

    it('counts each facet without its own filter, so a selection can be widened', async () => {
      const result = await search('', { filters: { levels: ['preschool'] } });
      expect(result.total).toBe(3);
      expect(result.facets.levels).toMatchObject({ preschool: 3, primary: 3, basic: 2, professional: 1 });
      expect(result.facets.municipality).toEqual({ smolensk: 2, yartsevsky: 1 });
      expect(result.facets.organizationType).toEqual({ preschool: 3 });
      expect(result.facets.year).toEqual({ '2024': 1, '2025': 1, '2026': 1 });
    });

    it('sorts by newest and by most viewed', async () => {
      expect((await search('', { sort: 'newest' })).ids).toEqual([1, 5, 4, 2, 8, 7, 3, 6]);
      expect((await search('', { sort: 'views' })).ids.slice(0, 3)).toEqual([2, 4, 7]);
    });

    it('sorts by confirmed adoptions, ties newest first, and practices with none after them newest first', async () => {
      expect((await search('', { sort: 'adoptions' })).ids).toEqual([3, 6, 7, 1, 5, 4, 2, 8]);
    });

    it('filters «есть внедрения» and counts it without its own filter', async () => {
      const result = await search('', { filters: { adopted: ['yes'] } });
      expect([...result.ids].sort((a, b) => a - b)).toEqual([3, 6, 7]);
      expect(result.facets.adopted).toEqual({ yes: 3 });
      expect(result.facets.levels).toMatchObject({ preschool: 1, basic: 1, primary: 1 });
      expect((await search('', { filters: { levels: ['preschool'] } })).facets.adopted).toEqual({ yes: 1 });
      expect(await ids('', { filters: { adopted: ['yes'], levels: ['basic'] } })).toEqual([6]);
    });

    it('pages with an exact total, and a page beyond the end is empty', async () => {
      const first = await search('', { sort: 'newest', limit: 3 });
      const second = await search('', { sort: 'newest', offset: 3, limit: 3 });
      expect(first.total).toBe(8);
      expect([...first.ids, ...second.ids]).toEqual([1, 5, 4, 2, 8, 7]);
      const beyond = await search('', { offset: 100, limit: 10 });
      expect(beyond.ids).toEqual([]);
      expect(beyond.total).toBe(8);
    });

    it('lists a whole result in the order of its pages, each practice once, whatever the chunk size', async () => {
      const all = async (q: string, sort: Sort, filters: Filters = {}) => {
        const chunks: number[][] = [];
        for await (const chunk of harness.engine.allIds({ plan: parseQuery(q, synonyms), filters, sort }, 3))
          chunks.push(chunk);
        return chunks.flat();
      };
      expect(await all('', 'newest')).toEqual([1, 5, 4, 2, 8, 7, 3, 6]);
      expect(await all('', 'views')).toEqual((await search('', { sort: 'views' })).ids);
      expect(await all('', 'adoptions')).toEqual((await search('', { sort: 'adoptions' })).ids);
      const ranked = await search('уроки', { limit: 100 });
      expect(await all('уроки', 'relevance')).toEqual(ranked.ids);
      expect(await all('', 'newest', { levels: ['primary'] })).toEqual(
        (await search('', { sort: 'newest', filters: { levels: ['primary'] } })).ids,
      );
      expect(await all('несуществующееслово', 'relevance')).toEqual([]);
    });

    it('ranks a title match above body matches', async () => {
      // «уроках» is in the title of 5 and in the bodies of 7 and 8.
      const result = await search('уроки');
      expect(result.ids[0]).toBe(5);
      expect([...result.ids].sort((a, b) => a - b)).toEqual([5, 7, 8]);
    });

    it('finds nothing for words no practice contains, without failing', async () => {
      const result = await search('квантовая телепортация');
      expect(result.total).toBe(0);
      expect(result.ids).toEqual([]);
    });

    it('forgets a removed practice', async () => {
      await harness.remove(3);
      expect(await ids('елочка')).toEqual([]);
      await harness.index([DOCUMENTS[2]!]);
      expect(await ids('елочка')).toEqual([3]);
    });

    it('indexes a batch at once, replacing what it held, the last document of a practice given twice winning', async () => {
      const renamed = { ...DOCUMENTS[2]!, title: 'Берёзовая роща у детского сада' };
      await harness.indexMany([DOCUMENTS[2]!, renamed, DOCUMENTS[5]!]);
      expect(await ids('берёзовая')).toEqual([3]);
      expect(await ids('елочка')).toEqual([]);
      expect((await search('')).total).toBe(DOCUMENTS.length);
      await harness.indexMany([DOCUMENTS[2]!]);
      expect(await ids('елочка')).toEqual([3]);
      expect(await ids('берёзовая')).toEqual([]);
    });

    it('rebuilds the whole index with reindex', async () => {
      const count = await harness.engine.reindex([DOCUMENTS.filter((d) => d.id !== 8)]);
      expect(count).toBe(7);
      expect(await ids('наставничество')).toEqual([]);
      expect(await ids('шахматы')).toEqual([7]);
      await harness.index([DOCUMENTS[7]!]);
    });
  });
}
