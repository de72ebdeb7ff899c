/** The HTTP contract of practices: what authors send and what callers get back. */
import { z } from 'zod';
import { PRACTICE_STATES } from '../db/schema.js';
import {
  AUTHORS,
  KEYWORDS,
  MAX_CODES,
  SECTION_MODEL,
  SECTIONS,
  STARTED_YEAR,
  SUMMARY,
  TITLE,
  type Section,
} from '../model/practice.js';
import { PRACTICE_VOCABULARIES, VOCABULARY_MODEL, type PracticeVocabulary } from '../model/vocabularies.js';
import { organizationSchema } from '../organizations/schemas.js';
import { publicationYear } from '../registry/numbers.js';
import { markdownText, plainLine } from '../shared/schemas.js';

export const LIMITS = {
  title: TITLE.maxLength,
  summary: SUMMARY.maxLength,
  keywords: KEYWORDS.maxCount,
  keyword: KEYWORDS.maxLength,
  authors: AUTHORS.maxCount,
  name: AUTHORS.nameMaxLength,
  codes: MAX_CODES,
} as const;

/** One value per section of the practice model, built by `make`. */
export function perSection<T>(make: (section: Section) => T): Record<Section, T> {
  return Object.fromEntries(SECTIONS.map((s) => [s, make(s)])) as Record<Section, T>;
}

/** One value per vocabulary authors choose terms from, built by `make`. */
export function perPracticeVocabulary<T>(make: (vocabulary: PracticeVocabulary) => T): Record<PracticeVocabulary, T> {
  return Object.fromEntries(PRACTICE_VOCABULARIES.map((v) => [v, make(v)])) as Record<PracticeVocabulary, T>;
}

const line = (max: number, min = 0, message?: string) => plainLine(max, min, message);
const markdown = markdownText;

const codes = (what: string) =>
  z
    .array(z.string().max(64), { error: `Ожидается список кодов: ${what}` })
    .max(LIMITS.codes)
    .refine((list) => new Set(list).size === list.length, 'Коды не должны повторяться');

/** This year in the region (Moscow time): on 1 January at 01:00 an author may already name the new year. */
const currentYear = () => publicationYear(new Date());
const textList = z.array(z.string());

export const authorInput = z.object({
  fullName: line(LIMITS.name, 2, 'Укажите ФИО автора'),
  // May stay empty in a draft (an account without a position); required on submission.
  position: line(LIMITS.name),
  userId: z.number().int().positive().nullable().optional(),
});

/** Every field of a practice an author writes. All are optional in a draft; completeness is checked on submission. */
export const practiceFields = {
  title: line(TITLE.maxLength, TITLE.minLength, `Название должно быть не короче ${TITLE.minLength} символов`),
  summary: markdown(SUMMARY.maxLength),
  ...perSection((s) => markdown(SECTION_MODEL[s].maxLength)),
  ...perPracticeVocabulary((v) => codes(VOCABULARY_MODEL[v].title.toLowerCase())),
  keywords: z
    .array(line(LIMITS.keyword, 1, 'Пустое ключевое слово'))
    .max(LIMITS.keywords, `Не больше ${LIMITS.keywords} ключевых слов`),
  organizationId: z.number().int().positive().nullable(),
  authors: z.array(authorInput).max(LIMITS.authors, `Не больше ${LIMITS.authors} авторов`),
  startedYear: z
    .number()
    .int()
    .min(STARTED_YEAR.min, `Год начала — не раньше ${STARTED_YEAR.min}`)
    .refine((y) => y <= currentYear(), 'Год начала не может быть в будущем')
    .nullable(),
};

export const createPracticeBody = z.strictObject(practiceFields).partial().required({ title: true });
export const updatePracticeBody = z
  .strictObject(practiceFields)
  .partial()
  .refine((body) => Object.keys(body).length > 0, 'Передайте хотя бы одно поле');

export type PracticeInput = z.output<typeof updatePracticeBody>;

export const practiceAuthorSchema = z.object({
  fullName: z.string(),
  position: z.string(),
  userId: z.number().int().nullable(),
});

export const practiceSchema = z
  .object({
    id: z.number().int(),
    versionNo: z.number().int(),
    state: z.enum(PRACTICE_STATES),
    revision: z.number().int(),
    registryNumber: z.string().nullable().meta({ description: 'Номер в реестре, например 67-2026-0042' }),
    title: z.string(),
    summary: z.string(),
    ...perSection(() => z.string()),
    ...perPracticeVocabulary(() => textList),
    keywords: z.array(z.string()),
    organizationId: z.number().int().nullable(),
    organization: organizationSchema.nullable(),
    authors: z.array(practiceAuthorSchema),
    startedYear: z.number().int().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
    submittedAt: z.string().nullable(),
    publishedAt: z.string().nullable(),
  })
  .meta({ id: 'Practice' });

export const practiceSummarySchema = z
  .object({
    id: z.number().int(),
    versionNo: z.number().int(),
    state: z.enum(PRACTICE_STATES),
    title: z.string(),
    registryNumber: z.string().nullable(),
    publishedVersionNo: z.number().int().nullable(),
    updatedAt: z.string(),
    publishedAt: z.string().nullable(),
  })
  .meta({ id: 'PracticeSummary' });

export const practiceListQuery = z.object({
  mine: z.enum(['1', 'true']).optional().meta({ description: 'Только мои практики, во всех состояниях' }),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  perPage: z.coerce.number().int().min(1).max(100).default(20),
});

export const practiceList = z.object({
  items: z.array(practiceSummarySchema),
  total: z.number().int(),
  page: z.number().int(),
  perPage: z.number().int(),
});

export const ifMatchHeaders = z.object({ 'if-match': z.string().max(200).optional() });

export const readinessSchema = z.object({
  complete: z.boolean(),
  editable: z.boolean().meta({ description: 'Черновик или возвращена на доработку: авторы могут её менять' }),
  missing: z.array(z.object({ field: z.string(), message: z.string() })),
});

export const previewBody = z.strictObject({ text: z.string().max(50_000, 'Не длиннее 50 000 символов') });
export const previewSchema = z.object({
  html: z.string(),
  problem: z.string().nullable().meta({ description: 'Почему текст нельзя опубликовать; null — можно' }),
});
