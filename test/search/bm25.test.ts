/**
 * bm25 computed in JS (search/embedded/bm25.ts) must score as FTS5's own rank does: same idf, same weighted
 * frequencies per column, same lengths — or a large bank's everyday questions would list their matches in another
 * order than the engine ranked them in before.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alternative } from '../../search/analysis/query.js';
import { parseQuery } from '../../search/analysis/query.js';
import { Bm25 } from '../../search/embedded/bm25.js';
import { EmbeddedEngine } from '../../search/embedded/engine.js';
import { toMatchExpression } from '../../search/embedded/fts-query.js';
import { typedWords } from '../../search/embedded/ranking.js';
import type { SearchDocument } from '../../search/port.js';
import { openDatabase, writeTransaction, type Db } from '../../server/db/client.js';
import { SEARCH_FACETS, sqliteHost } from '../../server/search-api/engine.js';
import { synonyms } from './contract.js';

const practice = (id: number, title: string, summary: string, body: string, keywords: string[] = []) =>
  ({
    id,
    title,
    summary,
    body,
    keywords,
    vocabularyText: '',
    names: id % 2 ? 'Средняя школа № 1 ; Смоленск' : 'Детский сад «Ромашка» ; Вязьма',
    facets: { levels: ['basic'], subjects: [], technologies: [], directions: ['learning'] },
    publishedAt: Date.parse('2025-01-01') + id * 86_400_000,
    views: 0,
    adoptions: 0,
  }) satisfies SearchDocument;

/** Words in titles, summaries, keywords and long or short bodies, held by fewer than half of the practices. */
const PRACTICES = [
  practice(1, 'Сочинение на ЕГЭ без страха', 'Выпускники пишут сочинение по плану.', 'Тренируем аргументы. '.repeat(3)),
  practice(2, 'Подготовка к ЕГЭ по русскому языку', 'Тесты и сочинение.', 'Сочинение, сочинение и ещё раз сочинение.'),
  practice(3, 'Младшие школьники и деньги', 'Откуда берутся деньги: игра в магазин.', 'Младшие школьники считают.'),
  practice(4, 'Финансовая грамотность', 'Деньги в семье.', 'Школьники младшие и старшие обсуждают бюджет.', ['деньги']),
  practice(5, 'История родного села', 'Дети собирают рассказы старожилов.', 'Музей села, экспедиции, карта села.'),
  practice(6, 'Краеведение в сельской школе', 'Село и его люди.', 'Длинный рассказ о работе кружка. '.repeat(20)),
  practice(7, 'Проектная деятельность', 'Проекты на уроках.', 'Выпускники защищают проекты перед комиссией.'),
  practice(8, 'Театр в детском саду', 'Сказки и игры.', 'Дети играют роли, родители шьют костюмы.'),
  practice(9, 'Робототехника', 'Конструкторы.', 'Программирование моделей.'),
  practice(10, 'Шахматы', 'Шахматная азбука.', 'Дебюты и задачи.'),
  practice(11, 'Экологическая тропа', 'Остановки тропы.', 'Наблюдения за погодой.'),
];

const QUESTIONS = ['сочинение ЕГЭ', 'выпускники сочинение', 'младшие школьники деньги', 'история села', 'село рассказ'];

describe('bm25 computed in JS', () => {
  let db: Db;
  let engine: EmbeddedEngine;
  /** FTS5's own order and score (its rank is minus bm25) of an expression. */
  const fts = (expression: string) =>
    db.$client
      .prepare('SELECT rowid, -rank FROM search_fts WHERE search_fts MATCH ? ORDER BY rank, rowid')
      .raw()
      .all(expression) as [number, number][];

  beforeAll(async () => {
    db = openDatabase(':memory:');
    // Past a budget of 0 postings every question is ranked by its words as typed, scored in JS.
    engine = new EmbeddedEngine(sqliteHost(db), SEARCH_FACETS, { rankPostingsBudget: 0 });
    await engine.start();
    writeTransaction(db, (tx) => PRACTICES.forEach((p) => engine.index(tx, p)));
  });
  afterAll(() => db.$client.close());

  it('gives each match the score FTS5 gives it, for words, a word being typed and a phrase', () => {
    const bm25 = new Bm25(db.$client);
    const cases: Alternative[][] = [
      [{ stems: ['сочинен'], prefix: false }],
      [
        { stems: ['сочинен'], prefix: false },
        { stems: ['егэ'], prefix: false },
      ],
      [{ stems: ['соч'], prefix: true }],
      [{ stems: ['младш', 'школьник'], prefix: false }],
      [
        { stems: ['младш', 'школьник'], prefix: false },
        { stems: ['деньг'], prefix: false },
      ],
    ];
    for (const alternatives of cases) {
      const expected = fts(
        toMatchExpression(
          { groups: alternatives.map((a) => ({ alternatives: [a], words: [], quoted: false })) },
          'all',
        ),
      );
      expect(expected.length).toBeGreaterThan(0);
      const ids = Int32Array.from(expected.map(([id]) => id)).sort();
      const phrases = alternatives.map((alt) => {
        const frequencies = bm25.read(alt, (id) => id);
        return { holding: frequencies.rows, frequencies };
      });
      const scores = bm25.score(ids, ids, phrases);
      const byId = new Map([...ids].map((id, i) => [id, scores[i]!]));
      for (const [id, score] of expected)
        expect(byId.get(id), `${JSON.stringify(alternatives)} #${id}`).toBeCloseTo(score, 9);
    }
  });

  it('ranks a question by its typed words in the order FTS5 ranks them, after practices are edited and withdrawn', async () => {
    const pages = async () => {
      for (const q of QUESTIONS) {
        const plan = parseQuery(q, synonyms);
        const { ids } = await engine.search({ plan, filters: {}, sort: 'relevance', offset: 0, limit: 20 });
        const expected = fts(toMatchExpression(typedWords(plan), 'all')).map(([id]) => id);
        expect(ids.slice(0, expected.length), q).toEqual(expected);
      }
    };
    await pages();
    writeTransaction(db, (tx) => {
      engine.index(tx, practice(2, 'Подготовка к ЕГЭ', 'Сочинение.', 'Короткий текст.'));
      engine.index(tx, practice(6, 'Сельская школа', 'Село.', 'Рассказ.'));
      engine.remove(tx, 1);
    });
    await pages();
  });
});
