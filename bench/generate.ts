/**
 * Deterministic realistic practices for benchmarks: sentences of the demo catalogue recombined with vocabulary
 * terms, organisations across all 27 municipalities and Russian names. The same seed gives the same bank.
 */
import { readDemoCatalogue } from '../server/bootstrap.js';
import type { PracticeContent } from '../server/practices/content.js';
import type { Section } from '../server/model/practice.js';
import { readVocabularyFixture } from '../server/vocabularies/service.js';

/** mulberry32: small, fast, good enough to spread data. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type DemoRecord = Pick<PracticeContent, 'title' | 'summary' | Section | 'keywords'>;

const SURNAMES = [
  'Иванова',
  'Петрова',
  'Смирнова',
  'Кузнецова',
  'Соколова',
  'Попова',
  'Лебедева',
  'Козлова',
  'Новикова',
  'Морозова',
  'Волкова',
  'Алексеева',
  'Павлова',
  'Семёнова',
  'Голубева',
  'Виноградова',
  'Богданова',
  'Воробьёва',
  'Фёдорова',
  'Михайлова',
];
const NAMES = [
  'Анна',
  'Мария',
  'Елена',
  'Ольга',
  'Наталья',
  'Ирина',
  'Светлана',
  'Татьяна',
  'Юлия',
  'Екатерина',
  'Галина',
  'Людмила',
];
const PATRONYMICS = [
  'Петровна',
  'Сергеевна',
  'Ивановна',
  'Николаевна',
  'Владимировна',
  'Александровна',
  'Викторовна',
  'Михайловна',
];
const POSITIONS = [
  'воспитатель',
  'учитель начальных классов',
  'учитель математики',
  'учитель русского языка и литературы',
  'педагог-психолог',
  'учитель-логопед',
  'педагог дополнительного образования',
  'методист',
  'старший воспитатель',
  'заместитель директора по УВР',
];
const TITLE_FORMS = [
  (t: string, l: string) => `${t} как средство развития ${l}`,
  (t: string, l: string) => `Использование технологии «${t}» в работе ${l}`,
  (t: string, l: string) => `${t}: опыт реализации ${l}`,
  (t: string, l: string) => `Применение приёмов «${t}» для ${l}`,
];
const AUDIENCES = [
  'детей старшего дошкольного возраста',
  'младших школьников',
  'обучающихся 5–9 классов',
  'старшеклассников',
  'студентов колледжа',
  'педагогов района',
  'детей с ОВЗ',
  'одарённых детей',
];
const ORG_FORMS = [
  'МБДОУ «Детский сад № {n}»',
  'МБОУ «Средняя школа № {n}»',
  'МБОУ «Основная школа № {n}»',
  'МБУ ДО «Дом детского творчества № {n}»',
  'ОГБПОУ «Колледж № {n}»',
];

const sentencesOf = (text: string) =>
  text
    .replace(/[#*>-]/g, ' ')
    .split(/(?<=[.!?])\s+/)
    .map((s) => s.trim())
    .filter((s) => s.length > 30);

export interface Generator {
  /** Import records `from` … `from + count - 1`; the same index always gives the same record. */
  records(from: number, count: number): unknown[];
}

export function createGenerator(seed = 42): Generator {
  const demo = readDemoCatalogue() as DemoRecord[];
  const sentences = demo.flatMap((d) =>
    [d.summary, d.relevance, d.goals, d.content, d.results, d.replication].flatMap(sentencesOf),
  );
  const keywords = [...new Set(demo.flatMap((d) => d.keywords))];
  const terms = readVocabularyFixture();
  const codes = (vocabulary: string) => terms.filter((t) => t.vocabulary === vocabulary);
  const levels = codes('levels');
  const subjects = codes('subjects');
  const technologies = codes('technologies');
  const directions = codes('directions');
  const municipalities = codes('municipalities');

  return {
    records(from, count) {
      const out: unknown[] = [];
      for (let i = from; i < from + count; i += 1) {
        const r = random(seed * 1_000_003 + i);
        const pick = <T>(list: T[]): T => list[Math.floor(r() * list.length)]!;
        const some = <T>(list: T[], min: number, max: number): T[] => {
          const n = min + Math.floor(r() * (max - min + 1));
          return [...new Set(Array.from({ length: n }, () => pick(list)))];
        };
        const text = (min: number, max: number) => some(sentences, min, max).join(' ');
        const technology = pick(technologies);
        const municipality = pick(municipalities);
        const orgNo = 1 + Math.floor(r() * 80);
        const year = 2019 + Math.floor(r() * 8);
        const month = 1 + Math.floor(r() * 12);
        const day = 1 + Math.floor(r() * 28);
        out.push({
          title: `${pick(TITLE_FORMS)(technology.label.replace(/[«»]/g, ''), pick(AUDIENCES))} (${i + 1})`,
          summary: text(2, 4).slice(0, 990),
          relevance: text(2, 4),
          goals: text(2, 3),
          content: text(5, 9),
          results: text(2, 4),
          replication: text(1, 3),
          levels: some(levels, 1, 2).map((t) => t.code),
          subjects: some(subjects, 1, 2).map((t) => t.code),
          technologies: [technology.code, ...some(technologies, 0, 2).map((t) => t.code)].filter(
            (c, k, a) => a.indexOf(c) === k,
          ),
          directions: some(directions, 1, 2).map((t) => t.code),
          keywords: some(keywords, 2, 6),
          organization:
            pick(ORG_FORMS).replace('{n}', String(orgNo)) + ` (${municipality.synonyms.at(-1) ?? municipality.label})`,
          municipality: municipality.label,
          authors: Array.from({ length: 1 + Math.floor(r() * 3) }, () => ({
            fullName: `${pick(SURNAMES)} ${pick(NAMES)} ${pick(PATRONYMICS)}`,
            position: pick(POSITIONS),
          })),
          startedYear: Math.min(year, 2018 + Math.floor(r() * 7)),
          publishedAt: `${year === 2026 ? 2025 : year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
        });
      }
      return out;
    },
  };
}
