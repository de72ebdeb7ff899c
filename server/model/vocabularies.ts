/**
 * The controlled vocabularies a practice is described by, declared once. The database enum, the HTTP fields and
 * filters, the importer's label matching, the search facets and their labels, the vocabularies endpoint and the
 * fixture's validation are all derived from this table: a new vocabulary is an entry here plus its terms in
 * `fixtures/vocabularies.json` (and the migration `drizzle-kit generate` writes for the enum).
 */

/** How a vocabulary reaches a practice: chosen by its authors (several terms), or through its organisation (one). */
export type VocabularySource = 'practice' | 'organization';

export interface VocabularySpec {
  /** The search filter and facet name in the API (`/api/v1/search?level=…`); kept stable for callers. */
  readonly filter: string;
  /** The practice's field in the API and the search document (`levels`, or `municipality` from the organisation). */
  readonly field: string;
  /** Russian, as a list heading: «Уровни образования». */
  readonly title: string;
  /** Russian, for one value: «Уровень образования». */
  readonly singular: string;
  /** `many` for terms authors choose; `one` for those that come with the organisation. */
  readonly cardinality: 'many' | 'one';
  readonly source: VocabularySource;
  /** Practices can be filtered and counted by it. */
  readonly facet: boolean;
  /** The message when a practice submitted for review has none (no message: it may stay empty). */
  readonly requiredMessage?: string;
  /** For a vocabulary that comes with the organisation: the directory entry's field holding the code. */
  readonly organizationField?: 'municipality' | 'type';
}

/** Every vocabulary, in the order pages show their facets. */
export const VOCABULARY_MODEL = {
  levels: {
    filter: 'level',
    field: 'levels',
    title: 'Уровни образования',
    singular: 'Уровень образования',
    cardinality: 'many',
    source: 'practice',
    facet: true,
    requiredMessage: 'Укажите хотя бы один уровень образования',
  },
  subjects: {
    filter: 'subject',
    field: 'subjects',
    title: 'Предметные области',
    singular: 'Предметная область',
    cardinality: 'many',
    source: 'practice',
    facet: true,
    requiredMessage: 'Укажите хотя бы одну предметную область',
  },
  technologies: {
    filter: 'technology',
    field: 'technologies',
    title: 'Технологии',
    singular: 'Технология',
    cardinality: 'many',
    source: 'practice',
    facet: true,
  },
  directions: {
    filter: 'direction',
    field: 'directions',
    title: 'Направления деятельности',
    singular: 'Направление деятельности',
    cardinality: 'many',
    source: 'practice',
    facet: true,
    requiredMessage: 'Укажите хотя бы одно направление деятельности',
  },
  municipalities: {
    filter: 'municipality',
    field: 'municipality',
    title: 'Муниципальные образования',
    singular: 'Муниципальное образование',
    cardinality: 'one',
    source: 'organization',
    organizationField: 'municipality',
    facet: true,
  },
  organizationTypes: {
    filter: 'organizationType',
    field: 'organizationType',
    title: 'Типы организаций',
    singular: 'Тип организации',
    cardinality: 'one',
    source: 'organization',
    organizationField: 'type',
    facet: true,
  },
} as const satisfies Record<string, VocabularySpec>;

type Model = typeof VOCABULARY_MODEL;
export type VocabularyName = keyof Model;

/** The vocabularies whose terms authors choose for a practice (stored in `practice_terms`). */
export type PracticeVocabulary = {
  [K in VocabularyName]: Model[K]['source'] extends 'practice' ? K : never;
}[VocabularyName];

const names = Object.keys(VOCABULARY_MODEL) as VocabularyName[];

/** Every vocabulary name, as the tuple drizzle's enum columns and zod's enums want. */
export const VOCABULARIES = names as [VocabularyName, ...VocabularyName[]];

/** The vocabularies a practice is classified by (municipality and organisation type come from its organisation). */
export const PRACTICE_VOCABULARIES = names.filter((n) => VOCABULARY_MODEL[n].source === 'practice') as [
  PracticeVocabulary,
  ...PracticeVocabulary[],
];

/** The declaration of one vocabulary. */
export function vocabularySpec(name: VocabularyName): VocabularySpec {
  return VOCABULARY_MODEL[name];
}
