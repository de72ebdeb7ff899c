/**
 * The situational thesaurus: everyday phrases of school and kindergarten life («дерётся», «скучно на уроке») mapped
 * one way to the concepts practices use («агрессивное поведение», «работа с одарёнными детьми»). Search expands a
 * question told in everyday words with these concepts; the source list is `fixtures/situations.json`.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { fixturesDir } from '../shared/paths.js';

/**
 * One entry as search reads it: any of the phrases in a query brings in the concepts. The same shape as the search
 * side's `SituationEntry` (search/analysis/situations.ts), declared here until both branches meet on main.
 */
export interface SituationEntry {
  phrases: readonly string[];
  concepts: readonly string[];
}

/** The areas of school and kindergarten life an entry belongs to (for people maintaining the list, not for search). */
export const SITUATION_AREAS = {
  behaviour: 'Поведение',
  emotions: 'Эмоции и тревожность',
  speech: 'Речь',
  attention: 'Внимание и гиперактивность',
  health: 'Здоровье и движение',
  learning: 'Трудности в обучении',
  giftedness: 'Одарённость',
  family: 'Семья и родители',
  rural: 'Сельские и малокомплектные школы',
  exams: 'Экзамены',
  adaptation: 'Адаптация',
  inclusion: 'Инклюзия',
  upbringing: 'Воспитание',
  motivation: 'Мотивация и профориентация',
  digital: 'Цифровая жизнь',
  'self-care': 'Самообслуживание',
  'young-teachers': 'Молодые педагоги',
  bullying: 'Травля',
  play: 'Игра и развитие дошкольников',
  communication: 'Общение и работа в команде',
  lessons: 'Урок и внеурочная работа',
  management: 'Управление',
  career: 'Профессии и производство',
} as const satisfies Record<string, string>;

export type SituationArea = keyof typeof SITUATION_AREAS;

const phrase = z
  .string()
  .trim()
  .min(2)
  .max(120)
  .refine((p) => p === p.toLowerCase(), 'Фразы пишутся строчными буквами, как их набирают в поиске');
const concept = z.string().trim().min(2).max(120);

/** One entry of the fixture: its area, the phrases people type, and 1–5 concepts practices use. */
export const situationEntrySchema = z.object({
  area: z.enum(Object.keys(SITUATION_AREAS) as [SituationArea, ...SituationArea[]]),
  phrases: z.array(phrase).min(1),
  concepts: z.array(concept).min(1).max(5),
});

export type SituationFixtureEntry = z.infer<typeof situationEntrySchema>;

const fixtureSchema = z.object({ description: z.string().min(1), entries: z.array(situationEntrySchema).min(1) });

/** Reads `fixtures/situations.json`, the thesaurus the bank starts with. */
export function readSituationFixture(file = path.join(fixturesDir, 'situations.json')): SituationFixtureEntry[] {
  return fixtureSchema.parse(JSON.parse(readFileSync(file, 'utf8'))).entries;
}
