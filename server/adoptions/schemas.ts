/** The HTTP contract of adoptions: what a report carries in, and what lists of reports carry out. */
import { z } from 'zod';
import { ADOPTION_STATUSES } from '../db/schema.js';

/** Short texts: a paragraph or two, as a teacher would write in a report. */
export const ADOPTION_TEXT_MAX = 1000;
/** The oldest month an adoption may start in: the bank's oldest practices are from 1990. */
const OLDEST_YEAR = 1990;

/** `YYYY-MM`, a real month, not before 1990 and not after the current month. */
export const sinceSchema = z
  .string({ error: 'Укажите месяц и год в виде ГГГГ-ММ' })
  .trim()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'Укажите месяц и год в виде ГГГГ-ММ, например 2025-09')
  .refine((v) => Number(v.slice(0, 4)) >= OLDEST_YEAR, `Не раньше ${OLDEST_YEAR} года`)
  .refine((v) => v <= new Date().toISOString().slice(0, 7), 'Этот месяц ещё не наступил');

const shortText = (what: string) =>
  z
    .string({ error: `Опишите ${what}` })
    .trim()
    .min(10, `Опишите ${what} хотя бы одним предложением (от 10 символов)`)
    .max(ADOPTION_TEXT_MAX, `Не длиннее ${ADOPTION_TEXT_MAX} символов`);

export const reportBody = z.strictObject({
  organizationId: z.coerce
    .number({ error: 'Выберите организацию из справочника' })
    .int('Выберите организацию из справочника')
    .positive('Выберите организацию из справочника'),
  since: sinceSchema,
  adapted: shortText('что вы изменили, приспосабливая практику'),
  results: shortText('результаты'),
});
export type ReportInput = z.output<typeof reportBody>;

export const decisionBody = z.strictObject({
  action: z.enum(['confirm', 'decline'], { error: 'Действие: confirm (подтвердить) или decline (отклонить)' }),
  reason: z.string().trim().max(ADOPTION_TEXT_MAX, `Не длиннее ${ADOPTION_TEXT_MAX} символов`).default(''),
});

/** A confirmed adoption as the public sees it: no reporter, no moderator. */
export const publicAdoptionSchema = z
  .object({
    id: z.number().int(),
    organization: z.object({ id: z.number().int(), name: z.string(), municipality: z.string() }),
    municipalityLabel: z.string(),
    since: z.string().meta({ description: 'Месяц начала внедрения, ГГГГ-ММ' }),
    adapted: z.string(),
    results: z.string(),
    file: z
      .object({ name: z.string(), size: z.number().int(), contentType: z.string().nullable(), url: z.string() })
      .nullable()
      .meta({ description: 'Файл, приложенный к сообщению (план, фотография), или null' }),
  })
  .meta({ id: 'Adoption' });

export const practiceAdoptionsSchema = z.object({
  organizations: z.number().int().meta({ description: 'Сколько организаций внедрили практику (подтверждено)' }),
  municipalities: z.number().int().meta({ description: 'В скольких муниципалитетах' }),
  items: z.array(publicAdoptionSchema),
});

/** A report as its reporter and moderators see it, in any status. */
export const adoptionReportSchema = publicAdoptionSchema
  .extend({
    practiceId: z.number().int(),
    registryNumber: z.string().nullable(),
    practiceTitle: z.string().nullable(),
    reporterName: z.string(),
    status: z.enum(ADOPTION_STATUSES),
    decisionReason: z.string().nullable(),
    decidedAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'AdoptionReport' });

export const adoptionQueueSchema = z.object({ items: z.array(adoptionReportSchema), total: z.number().int() });
export const adoptionQueueQuery = z.object({
  page: z.coerce.number().int().min(1, 'Страницы нумеруются с 1').max(10_000).default(1),
});
