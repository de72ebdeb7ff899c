/**
 * One record of an import file: a practice already reviewed elsewhere, with vocabulary values given by code or
 * by Russian label, the organisation and municipality by name, and optionally its registry number and date.
 */
import { z } from 'zod';
import { vocabularySpec } from '../model/vocabularies.js';
import { authorInput, perPracticeVocabulary, perSection, practiceFields } from '../practices/schemas.js';
import { plainLine } from '../shared/schemas.js';
import { REGISTRY_NUMBER } from '../registry/numbers.js';

const required = (schema: z.ZodType<string>, message: string) => schema.refine((s) => s.length > 0, message);

const names = z.array(plainLine(200, 1)).max(30);

export const importRecordSchema = z.object({
  title: practiceFields.title,
  summary: required(practiceFields.summary, 'Заполните аннотацию'),
  // Registers institutes keep hold the annotation without the description sections: an empty section is a
  // warning in the report, not a failure (the practice page shows only the sections there are).
  ...perSection((s) => practiceFields[s].default('')),
  // Terms by code or Russian label (resolved by the importer against the vocabulary).
  ...perPracticeVocabulary((v) => {
    const message = vocabularySpec(v).requiredMessage;
    return message ? names.min(1, message) : names.default([]);
  }),
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
