/** The HTTP contract of the admin area's API (`/api/v1/admin/...`); the pages parse their forms with the same fields. */
import { z } from 'zod';
import { ORGANIZATION_STATUSES, ROLES } from '../db/schema.js';
import { innProblem } from '../organizations/inn.js';
import { plainLine } from '../shared/schemas.js';

/** A line a person may leave empty: empty means «not known» (null). */
const optionalLine = (max: number) =>
  plainLine(max)
    .nullable()
    .transform((v) => (v ? v : null));

/** The fields of an organisation an administrator edits, each with its Russian message. */
export const organizationEditFields = {
  name: plainLine(500, 2, 'Напишите полное название организации'),
  shortName: optionalLine(200),
  type: z.string().max(64, 'Выберите тип организации из списка'),
  municipality: z.string().max(64, 'Выберите муниципальное образование из списка'),
  inn: z
    .string()
    .trim()
    .max(20, 'ИНН организации — 10 цифр (12 — у индивидуального предпринимателя)')
    .nullable()
    .transform((v) => (v ? v : null))
    .superRefine((value, ctx) => {
      const problem = value === null ? null : innProblem(value);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }),
  address: optionalLine(500),
};

/** PATCH: the fields given change, the others stay. */
export const organizationEditBody = z.strictObject(organizationEditFields).partial();

export const mergeBody = z.strictObject({
  keptId: z
    .number({ error: 'Укажите номер организации, которая останется' })
    .int()
    .positive('Укажите номер организации, которая останется'),
});

const page = z.coerce.number().int().min(1).max(10_000).default(1);

export const directoryQuery = z.object({
  q: z.string().max(200).optional(),
  municipality: z.string().max(64).optional(),
  type: z.string().max(64).optional(),
  status: z.enum(['any', 'new']).default('any'),
  page,
});

export const roleParams = z.object({
  id: z
    .string()
    .regex(/^[1-9]\d{0,14}$/, 'Идентификатор — целое положительное число')
    .transform(Number),
  role: z.enum(ROLES, { error: `Роль — одна из: ${ROLES.join(', ')}` }),
});

/** Kinds of things the admin history names, for its filter. */
export const HISTORY_TARGETS = {
  user: 'Пользователи',
  token: 'Ключи API',
  organization: 'Организации',
  vocabulary_term: 'Словари',
  situation: 'Жизненные ситуации',
  import: 'Импорт',
  backup: 'Резервные копии',
} as const;

export const historyQuery = z.object({
  targetType: z
    .string()
    .max(64)
    .regex(/^[a-z_]+$/, 'Вид записи — латинские буквы и подчёркивание')
    .optional(),
  targetId: z.string().max(64).optional(),
  before: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const accountSchema = z.object({
  id: z.number().int(),
  email: z.string(),
  fullName: z.string(),
  position: z.string().nullable(),
  roles: z.array(z.enum(ROLES)),
  mustChangePassword: z.boolean(),
  disabledAt: z.string().nullable(),
  lastSignInAt: z.string().nullable(),
  createdAt: z.string(),
  sessions: z.number().int().meta({ description: 'Действующие сеансы' }),
});

export const adminOrganizationSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  shortName: z.string().nullable(),
  type: z.string(),
  typeLabel: z.string(),
  municipality: z.string(),
  municipalityLabel: z.string(),
  inn: z.string().nullable(),
  address: z.string().nullable(),
  status: z.enum(ORGANIZATION_STATUSES),
  addedBy: z.number().int().nullable(),
  createdAt: z.string(),
  practices: z.number().int().meta({ description: 'Практики (любые версии), где указана организация' }),
  people: z.number().int().meta({ description: 'Пользователи, указавшие организацию' }),
});

export const historyEntrySchema = z.object({
  id: z.number().int(),
  actorUserId: z.number().int().nullable(),
  actorName: z.string(),
  action: z.string(),
  targetType: z.string(),
  targetId: z.string().nullable(),
  summary: z.string(),
  details: z.record(z.string(), z.unknown()).nullable(),
  createdAt: z.string(),
});
