/** The HTTP contract of practices: what authors send and what callers get back. */
import { z } from 'zod';
import { PRACTICE_STATES } from '../db/schema.js';
import { organizationSchema } from '../organizations/schemas.js';
import { markdownText, plainLine } from '../shared/schemas.js';

export const LIMITS = {
  title: 300,
  summary: 1000,
  section: 20_000,
  keywords: 20,
  keyword: 100,
  authors: 20,
  name: 200,
  codes: 30,
} as const;

export const SECTIONS = ['relevance', 'goals', 'content', 'results', 'replication'] as const;
export type Section = (typeof SECTIONS)[number];

const line = (max: number, min = 0, message?: string) => plainLine(max, min, message);
const markdown = markdownText;

const codes = (what: string) =>
  z
    .array(z.string().max(64), { error: `Ожидается список кодов: ${what}` })
    .max(LIMITS.codes)
    .refine((list) => new Set(list).size === list.length, 'Коды не должны повторяться');

const currentYear = () => new Date().getUTCFullYear();

export const authorInput = z.object({
  fullName: line(LIMITS.name, 2, 'Укажите ФИО автора'),
  // May stay empty in a draft (an account without a position); required on submission.
  position: line(LIMITS.name),
  userId: z.number().int().positive().nullable().optional(),
});

/** Every field of a practice an author writes. All are optional in a draft; completeness is checked on submission. */
export const practiceFields = {
  title: line(LIMITS.title, 3, 'Название должно быть не короче 3 символов'),
  summary: markdown(LIMITS.summary),
  relevance: markdown(LIMITS.section),
  goals: markdown(LIMITS.section),
  content: markdown(LIMITS.section),
  results: markdown(LIMITS.section),
  replication: markdown(LIMITS.section),
  levels: codes('уровни образования'),
  subjects: codes('предметные области'),
  technologies: codes('технологии'),
  directions: codes('направления'),
  keywords: z
    .array(line(LIMITS.keyword, 1, 'Пустое ключевое слово'))
    .max(LIMITS.keywords, `Не больше ${LIMITS.keywords} ключевых слов`),
  organizationId: z.number().int().positive().nullable(),
  authors: z.array(authorInput).max(LIMITS.authors, `Не больше ${LIMITS.authors} авторов`),
  startedYear: z
    .number()
    .int()
    .min(1990, 'Год начала — не раньше 1990')
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
    relevance: z.string(),
    goals: z.string(),
    content: z.string(),
    results: z.string(),
    replication: z.string(),
    levels: z.array(z.string()),
    subjects: z.array(z.string()),
    technologies: z.array(z.string()),
    directions: z.array(z.string()),
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
