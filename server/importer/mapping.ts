/**
 * Confirmed mappings «значение → код» per vocabulary, from a `--map` file or the admin preview's choices.
 * JSON: `{"Технологии": {"Лего": "robotics", "Нейроигры": "ключевое слово"}}`; CSV: rows `справочник;значение;код`.
 * A vocabulary is named as in the API (`technologies`), by its Russian title or by its column's header; a target
 * is a code or a label; «ключевое слово» keeps a technology as a keyword.
 */
import { parse } from 'csv-parse/sync';
import { validationError, type ErrorDetail } from '../errors.js';
import { PRACTICE_VOCABULARIES, VOCABULARY_MODEL, type VocabularyName } from '../model/vocabularies.js';
import { foldKey } from '../shared/text.js';
import type { VocabularyCatalogue } from '../vocabularies/service.js';
import { decode, detectDelimiter } from './tabular.js';
import { AS_KEYWORD, type Mappings } from './resolve.js';

/** The vocabularies an import file's values are matched against. */
export const MAPPED_VOCABULARIES: readonly VocabularyName[] = [...PRACTICE_VOCABULARIES, 'municipalities'];

const COLUMN_NAMES: Partial<Record<VocabularyName, string[]>> = {
  levels: ['Уровень образования'],
  subjects: ['Предмет'],
  technologies: ['Технологии'],
  directions: ['Направления'],
  municipalities: ['Муниципалитет'],
};

const VOCABULARY_BY_NAME = new Map<string, VocabularyName>(
  MAPPED_VOCABULARIES.flatMap((v) =>
    [v, VOCABULARY_MODEL[v].title, VOCABULARY_MODEL[v].singular, ...(COLUMN_NAMES[v] ?? [])].map(
      (name) => [foldKey(name), v] as const,
    ),
  ),
);

const KEYWORD_TARGETS = new Set(['ключевое слово', 'keyword', AS_KEYWORD].map(foldKey));

/** Builds mappings from entries, checking every vocabulary name and target; all problems are reported at once. */
export function buildMappings(
  entries: { vocabulary: string; value: string; target: string }[],
  catalogue: Pick<VocabularyCatalogue, 'resolve' | 'has'>,
): Mappings {
  const mappings: Mappings = new Map();
  const details: ErrorDetail[] = [];
  entries.forEach(({ vocabulary: name, value, target }, i) => {
    const vocabulary = VOCABULARY_BY_NAME.get(foldKey(name));
    if (!vocabulary) {
      details.push({ field: `${i + 1}`, message: `Неизвестный справочник «${name}»` });
      return;
    }
    const keyword = KEYWORD_TARGETS.has(foldKey(target));
    const code = keyword
      ? AS_KEYWORD
      : catalogue.has(vocabulary, target)
        ? target
        : catalogue.resolve(vocabulary, target);
    if (!code || (keyword && vocabulary !== 'technologies')) {
      details.push({
        field: `${i + 1}`,
        message: `«${target}» — не термин справочника «${VOCABULARY_MODEL[vocabulary].title}»`,
      });
      return;
    }
    if (!mappings.has(vocabulary)) mappings.set(vocabulary, new Map());
    mappings.get(vocabulary)!.set(foldKey(value), code);
  });
  if (details.length > 0) throw validationError(details, 'В файле сопоставлений есть ошибки');
  return mappings;
}

/** Reads a `--map` file: JSON `{справочник: {значение: код}}` or CSV `справочник;значение;код`. */
export function parseMappingFile(bytes: Buffer, catalogue: Pick<VocabularyCatalogue, 'resolve' | 'has'>): Mappings {
  const text = decode(bytes);
  const entries: { vocabulary: string; value: string; target: string }[] = [];
  if (/^\s*\{/.test(text)) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      throw validationError([], `Файл сопоставлений — не JSON: ${(error as Error).message}`);
    }
    for (const [vocabulary, pairs] of Object.entries(parsed as Record<string, unknown>)) {
      if (typeof pairs !== 'object' || pairs === null)
        throw validationError([], `«${vocabulary}»: ожидается объект «значение → код»`);
      for (const [value, target] of Object.entries(pairs)) entries.push({ vocabulary, value, target: String(target) });
    }
  } else {
    const rows: string[][] = parse(text, {
      delimiter: detectDelimiter(text),
      relax_column_count: true,
      skip_empty_lines: true,
    });
    for (const [vocabulary = '', value = '', target = ''] of rows) {
      // A header row is welcome and skipped.
      if (['справочник', 'vocabulary'].includes(foldKey(vocabulary))) continue;
      entries.push({ vocabulary, value, target });
    }
  }
  return buildMappings(entries, catalogue);
}
