/**
 * The content of one version of a practice, how it is checked against the vocabularies and the directory,
 * and how it is written. Shared by drafts, the importer and (later) new versions.
 */
import { isDeepStrictEqual } from 'node:util';
import type { DbOrTx } from '../db/client.js';
import { validationError, type ErrorDetail } from '../errors.js';
import { SECTION_MODEL, SECTIONS, sectionRequiredMessage, type Section } from '../model/practice.js';
import {
  PRACTICE_VOCABULARIES,
  VOCABULARY_MODEL,
  vocabularySpec,
  type PracticeVocabulary,
} from '../model/vocabularies.js';
import type { VocabularyCatalogue } from '../vocabularies/service.js';
import * as repo from './repository.js';
import { perPracticeVocabulary, perSection, type PracticeInput } from './schemas.js';

/** A version's content: the sections and vocabularies of the practice model, and the fixed fields. */
export type PracticeContent = Record<Section, string> &
  Record<PracticeVocabulary, string[]> & {
    title: string;
    summary: string;
    keywords: string[];
    organizationId: number | null;
    authors: repo.AuthorRow[];
    startedYear: number | null;
  };

export const EMPTY_CONTENT: Omit<PracticeContent, 'title'> = {
  summary: '',
  ...perSection(() => ''),
  ...perPracticeVocabulary(() => []),
  keywords: [],
  organizationId: null,
  authors: [],
  startedYear: null,
};

/** Applies a partial input over existing content. */
export function mergeContent(base: PracticeContent, input: PracticeInput): PracticeContent {
  const next: PracticeContent = { ...base };
  for (const [key, value] of Object.entries(input) as [keyof PracticeInput, unknown][]) {
    if (value === undefined) continue;
    if (key === 'authors')
      next.authors = (value as NonNullable<PracticeInput['authors']>).map((a) => ({
        fullName: a.fullName,
        position: a.position,
        userId: a.userId ?? null,
      }));
    else (next as unknown as Record<string, unknown>)[key] = value;
  }
  return next;
}

export function contentOf(details: repo.VersionDetails): PracticeContent {
  const v = details.version;
  return {
    title: v.title,
    summary: v.summary,
    ...perSection((s) => v[s]),
    ...details.terms,
    keywords: v.keywords,
    organizationId: v.organizationId,
    authors: details.authors,
    startedYear: v.startedYear,
  };
}

/** Names of fields whose value differs between two contents. */
export function changedFields(before: PracticeContent, after: PracticeContent): string[] {
  return (Object.keys(after) as (keyof PracticeContent)[]).filter((k) => !isDeepStrictEqual(before[k], after[k]));
}

/**
 * Checks references a schema cannot: vocabulary codes and the organisation. Author accounts are not checked here
 * (naming one is an invitation, see coauthors.ts), so ids cannot be probed. A retired term is refused unless
 * `before` (the draft as it was) already carries it: practices keep their terms, nobody chooses one anew.
 * Throws VALIDATION_FAILED.
 */
export function checkReferences(
  tx: DbOrTx,
  content: PracticeContent,
  vocabularies: VocabularyCatalogue,
  organizationExists: (tx: DbOrTx, id: number) => boolean,
  before?: Pick<PracticeContent, PracticeVocabulary>,
): void {
  const details: ErrorDetail[] = [];
  for (const vocabulary of PRACTICE_VOCABULARIES) {
    const { title } = VOCABULARY_MODEL[vocabulary];
    content[vocabulary].forEach((code, i) => {
      if (!vocabularies.has(vocabulary, code)) {
        details.push({ field: `${vocabulary}.${i}`, message: `Неизвестный код «${code}» в справочнике «${title}»` });
      } else if (vocabularies.isRetired(vocabulary, code) && !before?.[vocabulary].includes(code)) {
        details.push({
          field: `${vocabulary}.${i}`,
          message:
            `Термин «${vocabularies.label(vocabulary, code)}» выведен из справочника «${title}»: ` +
            'его можно оставить у прежних практик, но нельзя выбрать заново',
        });
      }
    });
  }
  if (content.organizationId !== null && !organizationExists(tx, content.organizationId)) {
    details.push({ field: 'organizationId', message: 'Такой организации нет в справочнике' });
  }
  if (details.length > 0) throw validationError(details);
}

const REQUIRED_TEXT: Partial<Record<'title' | 'summary' | Section, string>> = {
  title: 'Укажите название',
  summary: 'Заполните аннотацию',
  ...Object.fromEntries(
    SECTIONS.filter((s) => SECTION_MODEL[s].requiredForSubmission).map((s) => [s, sectionRequiredMessage(s)]),
  ),
};

const REQUIRED_CODES: Partial<Record<PracticeVocabulary, string>> = Object.fromEntries(
  PRACTICE_VOCABULARIES.flatMap((v) => {
    const message = vocabularySpec(v).requiredMessage;
    return message ? [[v, message]] : [];
  }),
);

/** What a practice still lacks before it can be submitted or published; empty when complete. */
export function missingForPublication(content: PracticeContent): ErrorDetail[] {
  const details: ErrorDetail[] = [];
  for (const [field, message] of Object.entries(REQUIRED_TEXT)) {
    if (content[field as keyof typeof REQUIRED_TEXT].trim() === '') details.push({ field, message });
  }
  for (const [field, message] of Object.entries(REQUIRED_CODES)) {
    if (content[field as PracticeVocabulary].length === 0) details.push({ field, message });
  }
  if (content.organizationId === null) details.push({ field: 'organizationId', message: 'Выберите организацию' });
  if (content.authors.length === 0) details.push({ field: 'authors', message: 'Укажите хотя бы одного автора' });
  content.authors.forEach((a, i) => {
    if (a.position.trim().length < 2)
      details.push({ field: `authors.${i}.position`, message: 'Укажите должность автора' });
  });
  if (content.startedYear === null) details.push({ field: 'startedYear', message: 'Укажите год начала реализации' });
  return details;
}

/** The version row's content columns. */
export function versionColumns(content: PracticeContent) {
  return {
    title: content.title,
    summary: content.summary,
    ...perSection((s) => content[s]),
    keywords: content.keywords,
    organizationId: content.organizationId,
    startedYear: content.startedYear,
  };
}

/** Writes the terms and authors of a version (its row is written by the caller); a `fresh` version has none yet. */
export function writeChildren(tx: DbOrTx, versionId: number, content: PracticeContent, fresh = false): void {
  repo.replaceTerms(tx, versionId, content, fresh);
  repo.replaceAuthors(tx, versionId, content.authors, fresh);
}
