/**
 * The situational thesaurus at query time: how parseQuery applies it, and, over the demo bank, everyday questions
 * that find through it the practices whose concepts it gives their phrases. The entries are this test's own (a few,
 * written for the demo texts); the bank's own thesaurus is judged by the relevance test.
 */
import { describe, expect, it } from 'vitest';
import { parseQuery } from '../../search/analysis/query.js';
import { SituationIndex, type SituationEntry } from '../../search/analysis/situations.js';
import { SynonymIndex } from '../../search/analysis/synonyms.js';
import { useApp } from '../helper.js';

const ENTRIES: SituationEntry[] = [
  {
    phrases: ['дерётся', 'кусается', 'кусает других детей', 'бьёт других детей'],
    concepts: ['агрессивное поведение', 'эмоционально-волевая сфера', 'эмоциональное благополучие'],
  },
  {
    phrases: ['скучно на уроке', 'одарённый ученик', 'одарённому ученику'],
    concepts: ['одаренные дети', 'индивидуальный образовательный маршрут', 'олимпиада'],
  },
  { phrases: ['сидят в телефонах', 'не выпускают из рук телефон'], concepts: ['цифровая гигиена', 'медиаграмотность'] },
  {
    phrases: ['убирать за собой игрушки', 'не убирают игрушки'],
    concepts: ['самообслуживание', 'трудовое воспитание', 'самостоятельная деятельность'],
  },
];

const noSynonyms = new SynonymIndex([]);

describe('the situational thesaurus in a query plan', () => {
  const situations = new SituationIndex(ENTRIES);

  it('adds an everyday phrase’s concepts to every group the phrase covers, marked as weaker than the typed words', () => {
    const plan = parseQuery('подростки сидят в телефонах', noSynonyms, situations);
    expect(plan.groups.map((g) => g.words)).toEqual([['подростки'], ['сидят'], ['телефонах']]);
    expect(plan.groups[0]!.alternatives).toEqual([{ stems: ['подростк'], prefix: false }]);
    for (const group of plan.groups.slice(1)) {
      expect(group.alternatives.filter((a) => a.expansion === 'situation').map((a) => a.stems.join(' '))).toEqual([
        'цифров гиг',
        'медиаграмотн',
      ]);
      expect(group.alternatives.some((a) => !a.expansion)).toBe(true);
    }
  });

  it('matches a phrase in any form of its words, and the longest phrase where two overlap', () => {
    const plan = parseQuery('малыши не убирают игрушки', noSynonyms, situations);
    const concepts = plan.groups.flatMap((g) => g.alternatives.filter((a) => a.expansion).map((a) => a.stems[0]));
    expect(new Set(concepts)).toEqual(new Set(['самообслуживан', 'трудов', 'самостоятельн']));
    expect(situations.find(['куса', 'друг', 'дет']).map((f) => [f.from, f.to])).toEqual([[0, 3]]);
  });

  it('finds a phrase with a word or two between its words, but not one scattered over the query', () => {
    const index = new SituationIndex([{ phrases: ['опыты только на картинке'], concepts: ['цифровая лаборатория'] }]);
    expect(index.find(['опыт', 'вид', 'тольк', 'картинк'])).toHaveLength(1);
    expect(index.find(['опыт', 'учител', 'школ', 'вид', 'тольк', 'картинк'])).toHaveLength(0);
  });

  it('changes nothing for a query without a phrase of the thesaurus, or without a thesaurus', () => {
    expect(parseQuery('шахматы в школе', noSynonyms, situations)).toEqual(parseQuery('шахматы в школе', noSynonyms));
    expect(parseQuery('ребёнок дерётся', noSynonyms).groups.flatMap((g) => g.alternatives)).toHaveLength(2);
  });

  it('is rebuilt in place, so the query parser holding it sees new entries at once', () => {
    const index = new SituationIndex([]);
    expect(index.lookup(['дерет'])).toBeUndefined();
    index.rebuild(ENTRIES);
    expect(index.lookup(['дерет'])?.map((c) => c.join(' '))).toContain('агрессивн поведен');
    expect(index.toMap()['сид телефон']).toEqual(['цифров гиг', 'медиаграмотн']);
  });
});

describe('everyday questions over the demo bank', () => {
  const app = useApp({ DEMO_DATA: 'true', SEARCH_CACHE_SIZE: '0' });
  const titles = async (q: string) =>
    (
      (await app().inject({ url: `/api/v1/search?perPage=5&q=${encodeURIComponent(q)}` })).json() as {
        hits: { title: string }[];
      }
    ).hits.map((h) => h.title);

  /** Each question, and the practice that answers it (judged by reading the demo texts). */
  const QUESTIONS: [string, string][] = [
    [
      'ребёнок дерётся и кусает других детей — что делать',
      'Песочная терапия в психологическом сопровождении адаптации детей раннего возраста к детскому саду',
    ],
    [
      'одарённому ученику скучно на уроке',
      'Олимпиадный клуб программирования: сетевая подготовка к олимпиадам по информатике с участием старшеклассников-наставников',
    ],
    [
      'подростки весь урок сидят в телефонах',
      'Школьный медиацентр «Точка зрения»: подростки создают новости школы и поселка',
    ],
  ];

  it('find first, through the thesaurus, the practice that helps, and do not without it', async () => {
    const situations = app().bank.services.situations;
    try {
      situations.rebuild(ENTRIES);
      for (const [q, answer] of QUESTIONS) expect((await titles(q))[0], q).toBe(answer);
      situations.rebuild([]);
      for (const [q, answer] of QUESTIONS) expect((await titles(q))[0], q).not.toBe(answer);
    } finally {
      situations.rebuild([]);
    }
  });
});
