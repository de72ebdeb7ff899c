/**
 * The practice, declared once: its description sections, keywords, years and the facets it is searched by.
 * The drizzle columns, the zod HTTP schemas, the completeness check, the importer, the search document and
 * settings, and the pages derive from these declarations (`test/model/coverage.test.ts` walks them all):
 * a new section is an entry in `SECTION_MODEL` plus the migration `drizzle-kit generate` writes.
 */
import { VOCABULARIES, VOCABULARY_MODEL, type VocabularyName } from './vocabularies.js';

export interface SectionSpec {
  /** Russian heading, as pages and messages show it. */
  readonly title: string;
  /** Characters of Markdown an author may write. */
  readonly maxLength: number;
  /** A practice cannot be submitted for review (or imported) while it is empty. */
  readonly requiredForSubmission: boolean;
}

/** The description sections of a practice, in the order they are read. */
export const SECTION_MODEL = {
  relevance: { title: 'Актуальность', maxLength: 20_000, requiredForSubmission: true },
  goals: { title: 'Цель и задачи', maxLength: 20_000, requiredForSubmission: true },
  content: { title: 'Содержание и ход реализации', maxLength: 20_000, requiredForSubmission: true },
  results: { title: 'Результативность', maxLength: 20_000, requiredForSubmission: true },
  replication: { title: 'Условия и ресурсы для тиражирования', maxLength: 20_000, requiredForSubmission: true },
} as const satisfies Record<string, SectionSpec>;

export type Section = keyof typeof SECTION_MODEL;
export const SECTIONS = Object.keys(SECTION_MODEL) as [Section, ...Section[]];

/** Section headings in reading order, as pages show them. */
export const SECTION_TITLES = Object.fromEntries(SECTIONS.map((s) => [s, SECTION_MODEL[s].title])) as Record<
  Section,
  string
>;

/** The SQL column of a section: `snake_case` of its name. */
export const sectionColumnName = (section: string): string => section.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** The message naming an empty section that submission requires. */
export const sectionRequiredMessage = (section: Section): string =>
  `Заполните раздел «${SECTION_MODEL[section].title}»`;

/** The title and the summary: plain fields every practice has, outside the sections. */
export const TITLE = { title: 'Название', minLength: 3, maxLength: 300 } as const;
export const SUMMARY = { title: 'Аннотация', maxLength: 1000 } as const;
export const KEYWORDS = { title: 'Ключевые слова', maxCount: 20, maxLength: 100 } as const;
/** The year a practice started: not before the bank's oldest practices, never in the future. */
export const STARTED_YEAR = { title: 'Год начала реализации', min: 1990 } as const;
export const AUTHORS = { maxCount: 20, nameMaxLength: 200 } as const;
/** Codes of one vocabulary a practice may carry. */
export const MAX_CODES = 30;

/** What the search API can filter and count practices by. */
export interface FacetSpec {
  /** Query parameter and key of the answer's `facets` (`level`). */
  readonly filter: string;
  /** The search document's field (`levels`). */
  readonly field: string;
  /** Russian heading of the facet on a page. */
  readonly title: string;
  readonly singular: string;
  /** The vocabulary its values and labels come from; none for the publication year and the fixed-value facets. */
  readonly vocabulary?: VocabularyName;
  /** A facet of a few fixed values (not a vocabulary): each value's Russian label. */
  readonly values?: Readonly<Record<string, string>>;
  /** A practice has several values. */
  readonly many: boolean;
}

/** The publication year: a facet of its own, values are four digits. */
export const YEAR_FACET = {
  filter: 'year',
  field: 'year',
  title: 'Годы публикации',
  singular: 'Год публикации',
  many: false,
} as const satisfies FacetSpec;

/** A year as a facet value or filter accepts it. */
export const YEAR_VALUE = /^(19|20)\d\d$/;

/**
 * «Есть внедрения»: whether another organisation confirmed it uses the practice (adoptions). One value, so a page
 * shows it as one checkbox with its count; a practice without confirmed adoptions carries none.
 */
export const ADOPTED_FACET = {
  filter: 'adopted',
  field: 'adopted',
  title: 'Внедрения',
  singular: 'Внедрения',
  many: false,
  values: { yes: 'Есть внедрения' },
} as const satisfies FacetSpec;

/** The value a practice with confirmed adoptions carries in the adoption facet. */
export const ADOPTED_VALUE = 'yes';

type VocabularyFilter = (typeof VOCABULARY_MODEL)[VocabularyName]['filter'];
/** A filter parameter of the search API. */
export type FilterParam = VocabularyFilter | (typeof YEAR_FACET)['filter'] | (typeof ADOPTED_FACET)['filter'];

/** Every facet, in the order pages show them: the vocabularies, the year, then adoptions. */
export const FACETS: readonly (FacetSpec & { readonly filter: FilterParam })[] = [
  ...VOCABULARIES.filter((v) => VOCABULARY_MODEL[v].facet).map((v) => ({
    filter: VOCABULARY_MODEL[v].filter,
    field: VOCABULARY_MODEL[v].field,
    title: VOCABULARY_MODEL[v].title,
    singular: VOCABULARY_MODEL[v].singular,
    vocabulary: v,
    many: VOCABULARY_MODEL[v].cardinality === 'many',
  })),
  YEAR_FACET,
  ADOPTED_FACET,
];

export const FILTER_PARAMS = FACETS.map((f) => f.filter) as [FilterParam, ...FilterParam[]];

/** The Russian label of a facet's value: the vocabulary's, the fixed one, or the value itself (a year). */
export function facetValueLabel(
  facet: FacetSpec,
  value: string,
  vocabularyLabel: (vocabulary: VocabularyName, code: string) => string | undefined,
): string {
  if (facet.vocabulary) return vocabularyLabel(facet.vocabulary, value) ?? value;
  return facet.values?.[value] ?? value;
}

/** Whether a facet accepts `value` as a filter: a vocabulary's code, a fixed value, or a year. */
export function facetAccepts(facet: FacetSpec, value: string, hasCode: (v: VocabularyName, c: string) => boolean) {
  if (facet.vocabulary) return hasCode(facet.vocabulary, value);
  if (facet.values) return Object.hasOwn(facet.values, value);
  return YEAR_VALUE.test(value);
}

/** The facet behind a filter parameter. */
export function facetOf(filter: FilterParam): FacetSpec {
  return FACETS.find((f) => f.filter === filter)!;
}
