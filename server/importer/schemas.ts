/**
 * One record of an import file: a practice already reviewed elsewhere, with vocabulary values given by code or
 * by Russian label, the organisation and municipality by name, and optionally its registry number and date.
 */
import { z } from 'zod';
import { authorInput, practiceFields } from '../practices/schemas.js';
import { plainLine } from '../shared/schemas.js';
import { REGISTRY_NUMBER } from '../registry/numbers.js';

const required = (schema: z.ZodType<string>, message: string) => schema.refine((s) => s.length > 0, message);

const names = (message: string) => z.array(plainLine(200, 1)).min(1, message).max(30);

export const importRecordSchema = z.object({
  title: practiceFields.title,
  summary: required(practiceFields.summary, 'Заполните аннотацию'),
  relevance: required(practiceFields.relevance, 'Заполните раздел «Актуальность»'),
  goals: required(practiceFields.goals, 'Заполните раздел «Цель и задачи»'),
  content: required(practiceFields.content, 'Заполните раздел «Содержание и ход реализации»'),
  results: required(practiceFields.results, 'Заполните раздел «Результативность»'),
  replication: required(practiceFields.replication, 'Заполните раздел «Условия и ресурсы для тиражирования»'),
  levels: names('Укажите хотя бы один уровень образования'),
  subjects: names('Укажите хотя бы одну предметную область'),
  technologies: z.array(plainLine(200, 1)).max(30).default([]),
  directions: names('Укажите хотя бы одно направление деятельности'),
  keywords: practiceFields.keywords.default([]),
  organization: z.union([
    plainLine(500, 3),
    z.object({
      name: plainLine(500, 3),
      shortName: plainLine(200).optional(),
      type: z.string().max(64).optional(),
      inn: z
        .string()
        .regex(/^(\d{10}|\d{12})$/, 'ИНН состоит из 10 или 12 цифр')
        .optional(),
    }),
  ]),
  municipality: plainLine(200, 2),
  authors: z
    .array(authorInput.omit({ userId: true }))
    .min(1, 'Укажите хотя бы одного автора')
    .max(20),
  startedYear: practiceFields.startedYear.unwrap(),
  registryNumber: z.string().trim().regex(REGISTRY_NUMBER, 'Номер в реестре имеет вид 67-ГГГГ-NNNN').optional(),
  publishedAt: z.iso
    .date()
    .or(z.iso.datetime({ offset: true }))
    .optional()
    .refine((d) => d === undefined || new Date(d).getTime() <= Date.now(), 'Дата публикации не может быть в будущем'),
});

export type ImportRecord = z.output<typeof importRecordSchema>;

/** A file holds an array of records, or an object with a `practices` array. */
export const importFileSchema = z.union([
  z.array(z.unknown()),
  z.object({ practices: z.array(z.unknown()) }).transform((f) => f.practices),
]);
