/** The HTTP contract of moderation: transitions, reviews, the changes since a review and the queue. */
import { z } from 'zod';
import { PRACTICE_STATES, REVIEW_DECISIONS, RUBRIC } from '../db/schema.js';
import { RUBRIC_MODEL } from '../model/rubric.js';
import { codeList } from '../shared/http.js';
import { ACTIONS, QUEUE_STATES } from './transitions.js';

const comment = z.string().normalize('NFC').trim().max(5000, 'Не длиннее 5000 символов');

export const transitionBody = z.strictObject({
  action: z.enum(ACTIONS),
  comment: comment
    .optional()
    .meta({ description: 'Комментарий авторам; обязателен для request_changes, reject и причины withdraw' }),
});

const score = z.number().int().min(0, 'Оценка от 0 до 3').max(3, 'Оценка от 0 до 3');
export const reviewBody = z.strictObject({
  scores: z
    .strictObject(Object.fromEntries(RUBRIC.map((c) => [c, score])) as Record<(typeof RUBRIC)[number], typeof score>)
    .meta({
      description: `Критерии 0–3: ${RUBRIC.map((c) => `${c} (${RUBRIC_MODEL[c].title.toLowerCase()})`).join(', ')}`,
    }),
  decision: z.enum(REVIEW_DECISIONS),
  comment: comment.optional(),
  internalNote: comment.optional().meta({ description: 'Для модераторов; авторы её не видят' }),
});

export const reviewSchema = z
  .object({
    id: z.number().int(),
    versionNo: z.number().int(),
    reviewerName: z.string(),
    scores: z
      .record(z.string(), z.number())
      .nullable()
      .meta({ description: 'null — решение принято без оценок по критериям' }),
    total: z.number().nullable(),
    decision: z.enum(REVIEW_DECISIONS),
    comment: z.string(),
    internalNote: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'Review' });

export const changesSchema = z.object({
  sinceReviewId: z.number().int().nullable(),
  sinceVersionNo: z.number().int().nullable(),
  fields: z.array(z.object({ field: z.string(), before: z.unknown(), after: z.unknown() })),
});

const list = codeList();

export const queueQuery = z.object({
  state: z
    .union([z.enum(QUEUE_STATES), z.array(z.enum(QUEUE_STATES))], { error: `Состояние: ${QUEUE_STATES.join(', ')}` })
    .transform((v) => (Array.isArray(v) ? v : [v]))
    .optional()
    .meta({ description: 'По умолчанию submitted и in_review' }),
  level: list,
  municipality: list,
  organizationId: z.coerce.number().int().positive().optional(),
  claimed: z
    .enum(['me', 'any', 'none'])
    .optional()
    .meta({ description: 'me — взятые мной, any — взятые кем-то, none — ещё никем' }),
  waitingDays: z.coerce
    .number()
    .int()
    .min(0)
    .max(3650)
    .optional()
    .meta({ description: 'Ждут не меньше стольких дней' }),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  perPage: z.coerce.number().int().min(1).max(100).default(20),
});

export const queueSchema = z.object({
  items: z.array(
    z.object({
      id: z.number().int(),
      versionNo: z.number().int(),
      title: z.string(),
      state: z.enum(PRACTICE_STATES),
      etag: z.string(),
      registryNumber: z.string().nullable(),
      submittedAt: z.string().nullable(),
      waitingDays: z.number().int().nullable(),
      claimedBy: z.object({ id: z.number().int(), name: z.string() }).nullable(),
      organization: z.object({ id: z.number().int(), name: z.string(), municipality: z.string() }).nullable(),
    }),
  ),
  total: z.number().int(),
  counts: z.record(z.string(), z.number().int()),
  facets: z
    .object({
      state: z.record(z.string(), z.number().int()),
      level: z.record(z.string(), z.number().int()),
      municipality: z.record(z.string(), z.number().int()),
      organization: z.array(z.object({ id: z.number().int(), name: z.string(), n: z.number().int() })),
      claimed: z.object({ me: z.number().int(), any: z.number().int(), none: z.number().int() }),
      waitingDays: z.record(z.string(), z.number().int()),
    })
    .meta({
      description:
        'Сколько практик покажет каждое значение фильтра при остальных выбранных фильтрах; waitingDays — ждут не меньше 7, 14 и 30 дней',
    }),
});

export const deskSchema = z
  .object({
    id: z.number().int(),
    versionNo: z.number().int(),
    state: z.enum(PRACTICE_STATES),
    etag: z.string().meta({ description: 'ETag версии для If-Match при взятии и решении' }),
    registryNumber: z.string().nullable(),
    withdrawn: z.boolean(),
    submittedAt: z.string().nullable(),
    waitingDays: z.number().int().nullable(),
    claimedBy: z.object({ id: z.number().int(), name: z.string() }).nullable(),
    claimedAt: z.string().nullable(),
  })
  .meta({ id: 'DeskStatus' });
