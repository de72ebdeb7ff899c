/**
 * What an admin may write into a vocabulary: labels and synonyms that are real text, short enough for a picker,
 * and that name one term only — a word belonging to two terms of one vocabulary would make search and the
 * importer's matching ambiguous. Pure: checked against the catalogue as it is, before anything is written.
 */
import { analyze } from '../../search/analysis/analyze.js';
import type { ErrorDetail } from '../errors.js';
import type { VocabularyName } from '../model/vocabularies.js';
import { FORBIDDEN_CHARACTERS, foldKey } from '../shared/text.js';
import type { VocabularyCatalogue } from './service.js';

export const LABEL_MAX = 150;
export const SYNONYM_MAX = 100;
/** Synonyms one term may carry: enough for every spelling people use, few enough to read at a glance. */
export const SYNONYMS_PER_TERM = 40;

/** White space collapsed and trimmed, NFC: the form stored and compared. */
export const tidy = (value: string) => value.normalize('NFC').replace(/\s+/g, ' ').trim();

/** Problems of a label or a synonym as text, whatever the vocabulary holds; undefined when it is fine. */
function textProblem(value: string, what: 'Название' | 'Синоним', max: number): string | undefined {
  if (value === '') return `${what} не может быть пустым`;
  if (value.length > max) return `${what} длиннее ${max} символов`;
  if (FORBIDDEN_CHARACTERS.test(value)) return `${what} содержит управляющие или невидимые символы`;
  if (!/[\p{L}\p{N}]/u.test(value)) return `${what} должен содержать хотя бы одну букву или цифру`;
  return undefined;
}

/**
 * Which term of the vocabulary, other than `self`, already answers to `value` as its code, label or synonym
 * (case, ё/е and quotes aside), and how.
 */
function owner(
  catalogue: VocabularyCatalogue,
  vocabulary: VocabularyName,
  value: string,
  self?: string,
): string | undefined {
  const key = foldKey(value);
  for (const term of catalogue.terms(vocabulary)) {
    if (term.code === self) continue;
    const retired = term.retired ? ' (выведен из употребления)' : '';
    if (foldKey(term.label) === key || term.code === key) return `Так уже называется термин «${term.label}»${retired}`;
    if (term.synonyms.some((s) => foldKey(s) === key)) return `Это уже синоним термина «${term.label}»${retired}`;
  }
  return undefined;
}

/** A new or changed label of term `self` (none for a new term); the problem as an error detail, or none. */
export function checkLabel(
  catalogue: VocabularyCatalogue,
  vocabulary: VocabularyName,
  label: string,
  self?: string,
): ErrorDetail | undefined {
  const message = textProblem(label, 'Название', LABEL_MAX) ?? owner(catalogue, vocabulary, label, self);
  return message ? { field: 'label', message } : undefined;
}

/** A synonym to add to term `code`; the problem as an error detail, or none. */
export function checkSynonym(
  catalogue: VocabularyCatalogue,
  vocabulary: VocabularyName,
  code: string,
  synonym: string,
): ErrorDetail | undefined {
  const term = catalogue.term(vocabulary, code);
  const key = foldKey(synonym);
  const message =
    textProblem(synonym, 'Синоним', SYNONYM_MAX) ??
    (term && foldKey(term.label) === key ? 'Синоним совпадает с названием термина' : undefined) ??
    (term?.synonyms.some((s) => foldKey(s) === key) ? 'Такой синоним у термина уже есть' : undefined) ??
    owner(catalogue, vocabulary, synonym, code) ??
    (term && term.synonyms.length >= SYNONYMS_PER_TERM
      ? `У термина уже ${SYNONYMS_PER_TERM} синонимов: удалите лишние, прежде чем добавлять новые`
      : undefined) ??
    // Search compares stems without stop words: «и», «в работе» alone would match nothing or everything.
    (analyze(synonym).length === 0 ? 'Синоним состоит только из служебных слов: поиск его не различит' : undefined);
  return message ? { field: 'synonym', message } : undefined;
}
