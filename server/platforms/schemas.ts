/** The HTTP contract of innovation platforms (`/api/v1/platforms`): what is listed, shown and accepted. */
import { z } from 'zod';
import { plainLine } from '../shared/schemas.js';
import { FIRST_YEAR, LAST_YEAR, PLATFORM_LEVELS, PLATFORM_STATUSES } from './model.js';

const year = z.coerce
  .number({ error: 'Укажите год четырьмя цифрами' })
  .int('Укажите год четырьмя цифрами')
  .min(FIRST_YEAR, `Год не раньше ${FIRST_YEAR}`)
  .max(LAST_YEAR, `Год не позже ${LAST_YEAR}`);

/** A calendar date `YYYY-MM-DD` that exists. */
export const isoDay = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Дата в виде ГГГГ-ММ-ДД, например 2024-08-30')
  .refine(
    (v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v),
    {
      message: 'Такой даты нет в календаре',
    },
  );

/** What a moderator fills in about a platform; the period must not end before it starts. */
export const platformFields = z.object({
  organizationId: z.number().int().positive(),
  theme: plainLine(500, 3, 'Укажите тему площадки'),
  level: z.enum(PLATFORM_LEVELS, { error: 'Выберите уровень: федеральная, региональная или муниципальная' }),
  status: z.enum(PLATFORM_STATUSES, { error: 'Выберите статус площадки' }).default('active'),
  yearFrom: year,
  yearTo: year.nullable().default(null),
  orderNumber: plainLine(100, 1, 'Укажите номер приказа'),
  orderDate: isoDay,
  orderIssuer: plainLine(300, 1, 'Укажите, кто издал приказ'),
  description: plainLine(2000).default(''),
});

const periodRule = (value: { yearFrom?: number | undefined; yearTo?: number | null | undefined }) =>
  value.yearTo === null || value.yearTo === undefined || value.yearFrom === undefined || value.yearTo >= value.yearFrom;
const periodIssue = { message: 'Год окончания не может быть раньше года начала', path: ['yearTo'] };

export const newPlatformBody = platformFields.refine(periodRule, periodIssue);
export type NewPlatform = z.output<typeof newPlatformBody>;

/** A change: only the fields sent; the period is checked against the stored one by the service. */
export const platformPatchBody = platformFields
  .partial()
  .extend({
    /** Published practices to link, by registry number (67-YYYY-NNNN). */
    addPractices: z.array(z.string().trim().max(40)).max(50).optional(),
    removePractices: z.array(z.string().trim().max(40)).max(50).optional(),
  })
  .refine(periodRule, periodIssue);
export type PlatformPatch = z.output<typeof platformPatchBody>;

export const platformQuery = z.object({
  q: z.string().max(200, 'Запрос не длиннее 200 символов').optional(),
  level: z.enum(PLATFORM_LEVELS, { error: 'Уровень: federal, regional или municipal' }).optional(),
  status: z.enum(PLATFORM_STATUSES, { error: 'Статус: active, completed или terminated' }).optional(),
  municipality: z.string().max(64).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  perPage: z.coerce.number().int().min(1).max(100).default(20),
});
export type PlatformQuery = z.output<typeof platformQuery>;

const organizationRef = z.object({
  id: z.number().int(),
  name: z.string(),
  shortName: z.string().nullable(),
  municipality: z.string(),
  municipalityLabel: z.string(),
});

export const platformSummarySchema = z
  .object({
    id: z.number().int(),
    theme: z.string(),
    level: z.enum(PLATFORM_LEVELS),
    levelLabel: z.string(),
    status: z.enum(PLATFORM_STATUSES),
    statusLabel: z.string(),
    yearFrom: z.number().int(),
    yearTo: z.number().int().nullable(),
    organization: organizationRef,
    practiceCount: z.number().int(),
    demo: z.boolean().meta({ description: 'Запись демонстрационного каталога' }),
    url: z.string(),
  })
  .meta({ id: 'PlatformSummary' });

export const platformFileSchema = z.object({
  id: z.number().int(),
  kind: z.enum(['order', 'report']),
  year: z.number().int().nullable(),
  name: z.string(),
  size: z.number().int(),
  contentType: z.string(),
  url: z.string(),
});

export const platformSchema = platformSummarySchema
  .extend({
    order: z.object({ number: z.string(), date: z.string(), issuer: z.string() }),
    description: z.string(),
    practices: z.array(
      z.object({ id: z.number().int(), registryNumber: z.string(), title: z.string(), url: z.string() }),
    ),
    files: z.array(platformFileSchema),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Platform' });

export const platformList = z.object({
  items: z.array(platformSummarySchema),
  total: z.number().int(),
  page: z.number().int(),
  pages: z.number().int(),
});
