/**
 * What the editor's form posts, turned into the practices service's input: the same zod rules as the API
 * (`practiceFields`), with each message keyed by the form field it belongs to, and what typed kept as typed.
 */
import { isDeepStrictEqual } from 'node:util';
import { z } from 'zod';
import { SECTIONS, type Section } from '../../../model/practice.js';
import { PRACTICE_VOCABULARIES, type PracticeVocabulary } from '../../../model/vocabularies.js';
import { practiceFields, type PracticeInput } from '../../../practices/schemas.js';
import type { PracticeView } from '../../../practices/service.js';
import { listField, type FormErrors, type FormFields } from '../../forms.js';

/** The fields the editor writes: the model's, without the authors (their own tab). */
export const EDITOR_FIELDS = [
  'title',
  'summary',
  ...SECTIONS,
  ...PRACTICE_VOCABULARIES,
  'keywords',
  'organizationId',
  'startedYear',
] as const;
export type EditorField = (typeof EDITOR_FIELDS)[number];

/** Fields written in Markdown (the model's `markdownText`): they get the toolbar and the preview. */
export const MARKDOWN_FIELDS: readonly ('summary' | Section)[] = ['summary', ...SECTIONS];

const editorSchema = z.strictObject(practiceFields).pick({
  title: true,
  summary: true,
  ...(Object.fromEntries(SECTIONS.map((s) => [s, true])) as Record<Section, true>),
  ...(Object.fromEntries(PRACTICE_VOCABULARIES.map((v) => [v, true])) as Record<PracticeVocabulary, true>),
  keywords: true,
  organizationId: true,
  startedYear: true,
});

export type EditorInput = Omit<PracticeInput, 'authors'>;

const text = (fields: FormFields, name: string): string => {
  const value = fields[name];
  return (Array.isArray(value) ? value.at(-1) : value) ?? '';
};

/** «мнемотаблицы, связная речь» or one per line → the list of keywords. */
export const splitKeywords = (value: string): string[] =>
  value
    .split(/[,;\n]/)
    .map((k) => k.trim())
    .filter(Boolean);

/** A number the person typed, or null for an empty box; anything else stays as typed for zod to refuse. */
function numberOrNull(value: string): number | null | string {
  const trimmed = value.trim();
  if (trimmed === '') return null;
  return /^\d{1,9}$/.test(trimmed) ? Number(trimmed) : trimmed;
}

/** The API's shape of the posted fields, before validation. */
export function rawInput(fields: FormFields): Record<EditorField, unknown> {
  return {
    title: text(fields, 'title'),
    summary: text(fields, 'summary'),
    ...(Object.fromEntries(SECTIONS.map((s) => [s, text(fields, s)])) as Record<Section, string>),
    ...(Object.fromEntries(PRACTICE_VOCABULARIES.map((v) => [v, listField(fields[v])])) as Record<
      PracticeVocabulary,
      string[]
    >),
    keywords: splitKeywords(text(fields, 'keywords')),
    organizationId: numberOrNull(text(fields, 'organizationId')),
    startedYear: numberOrNull(text(fields, 'startedYear')),
  };
}

const YEAR_MESSAGE = 'Год — четыре цифры, например 2022';
const ORGANIZATION_MESSAGE = 'Выберите организацию из списка';

/** zod's and the service's field paths (`levels.0`, `keywords.2`) → the form field that shows the message. */
export const formFieldOf = (path: string): string => path.split('.')[0] ?? path;

/** Parses the posted editor fields; on failure, a message per form field. */
export function parseEditorInput(
  fields: FormFields,
): { ok: true; input: EditorInput } | { ok: false; errors: FormErrors } {
  const raw = rawInput(fields);
  const result = editorSchema.safeParse(raw);
  if (result.success) return { ok: true, input: result.data };
  const errors: FormErrors = {};
  for (const issue of result.error.issues) {
    const field = formFieldOf(issue.path.map(String).join('.'));
    const message =
      field === 'startedYear' && typeof raw.startedYear === 'string'
        ? YEAR_MESSAGE
        : field === 'organizationId' && typeof raw.organizationId === 'string'
          ? ORGANIZATION_MESSAGE
          : issue.message;
    errors[field] ??= message;
  }
  return { ok: false, errors };
}

/** The editor's fields of a saved version, as the form shows them. */
export function valuesOf(practice: PracticeView): Record<EditorField, unknown> {
  return Object.fromEntries(EDITOR_FIELDS.map((f) => [f, practice[f]])) as Record<EditorField, unknown>;
}

/** The fields where what the author posted differs from what is saved now (a co-author's edit in between). */
export function differingFields(mine: Record<EditorField, unknown>, saved: PracticeView): EditorField[] {
  return EDITOR_FIELDS.filter((f) => {
    const a = mine[f];
    const b = saved[f];
    if (typeof a === 'string' && typeof b === 'string') return a.trim() !== b.trim();
    return !isDeepStrictEqual(a, b);
  });
}

/**
 * After a conflict the author chose, field by field, whose text stays: a field kept as the co-author's is left out
 * of the input, so the saved text stands. Returns the fields still without a choice.
 */
export function applyChoices(
  input: EditorInput,
  fields: FormFields,
): { input: EditorInput; unresolved: EditorField[] } {
  const conflicts = text(fields, 'conflicts')
    .split(',')
    .filter((f): f is EditorField => (EDITOR_FIELDS as readonly string[]).includes(f));
  const next: Record<string, unknown> = { ...input };
  const unresolved: EditorField[] = [];
  for (const field of conflicts) {
    const choice = text(fields, `keep-${field}`);
    if (choice === 'theirs') delete next[field];
    else if (choice !== 'mine') unresolved.push(field);
  }
  return { input: next as EditorInput, unresolved };
}
