/** The HTTP contract of collections: what a keeper writes and what everyone reads. */
import { z } from 'zod';
import type { CollectionFields } from './service.js';

const text = (max: number, what: string) =>
  z
    .string({ error: `${what}: нужна строка` })
    .trim()
    .max(max, `${what}: не длиннее ${max} символов`);

export const slugParam = z.object({
  slug: z.string().regex(/^[a-z0-9-]{1,90}$/, 'Адрес подборки — латинские буквы, цифры и дефисы'),
});

export const itemParams = slugParam.extend({
  practiceId: z
    .string()
    .regex(/^[1-9]\d{0,14}$/, 'Идентификатор — целое положительное число')
    .transform(Number),
});

export const eventSchema = z
  .object({
    name: text(300, 'Мероприятие').min(1, 'Укажите название мероприятия'),
    date: z.iso.date({ error: 'Дата мероприятия в виде ГГГГ-ММ-ДД' }).nullable().default(null),
    place: text(300, 'Место проведения').nullable().default(null),
  })
  .meta({ id: 'CollectionEvent', description: 'Мероприятие, материалы которого собраны в подборке' });

/** What a keeper writes: the same fields on create and on update (an update replaces them all). */
export const collectionBody = z
  .strictObject({
    title: text(200, 'Название').min(3, 'Название — не короче 3 символов'),
    lead: text(500, 'Краткое описание').default(''),
    description: text(5000, 'Описание').default(''),
    event: eventSchema.nullable().default(null),
  })
  .meta({ id: 'CollectionFields' }) satisfies z.ZodType<CollectionFields, unknown>;

export const updateBody = collectionBody
  .extend({ published: z.boolean().optional().meta({ description: 'true — опубликовать, false — в черновики' }) })
  .meta({ id: 'CollectionChanges' });

export const addItemBody = z
  .strictObject({
    number: z.string().max(40).meta({ description: 'Номер в реестре, например 67-2026-0042' }),
    note: text(1000, 'Примечание').default(''),
  })
  .meta({ id: 'NewCollectionItem' });

export const noteBody = z.strictObject({ note: text(1000, 'Примечание') });

export const orderBody = z
  .strictObject({
    practiceIds: z.array(z.number().int().positive()).max(2000),
  })
  .meta({ id: 'CollectionOrder', description: 'Все практики подборки, каждая ровно один раз, в новом порядке' });

export const listQuery = z.object({
  event: z.string().trim().max(300).optional(),
  year: z.coerce.number({ error: 'Год — число' }).int().min(2000).max(2100).optional(),
});

const summaryFields = {
  slug: z.string(),
  title: z.string(),
  lead: z.string(),
  event: eventSchema.nullable(),
  publishedAt: z.string().nullable().meta({ description: 'null — черновик (видят только кураторы и модераторы)' }),
  url: z.string().meta({ description: 'Страница подборки' }),
};

export const collectionSummary = z
  .object({ ...summaryFields, practiceCount: z.number().int() })
  .meta({ id: 'CollectionSummary' });

export const collectionItem = z
  .object({
    practiceId: z.number().int(),
    registryNumber: z.string().nullable(),
    title: z.string(),
    note: z.string(),
    public: z.boolean().meta({ description: 'false — практика снята с публикации (видят только хранители подборки)' }),
  })
  .meta({ id: 'CollectionItem' });

export const collectionSchema = z
  .object({ ...summaryFields, description: z.string(), items: z.array(collectionItem) })
  .meta({ id: 'Collection' });
