/**
 * The search facets a page offers, their Russian names and display order: taken from the practice model, so a
 * new facet there appears on the search page and in its error messages with no change here.
 */
import { VOCABULARY_MODEL } from '../model/vocabularies.js';
import { FACETS, type FilterParam } from '../model/practice.js';

export interface FacetSpec {
  /** The API's query parameter, kept as is in page addresses so a view can be shared. */
  param: FilterParam;
  /** The facet's name on the page. */
  label: string;
}

const PAGE_FACETS: readonly FacetSpec[] = FACETS.map((f) => ({ param: f.filter, label: f.singular }));

/** The facets of the search page, in display order. */
export function searchFacets(): readonly FacetSpec[] {
  return PAGE_FACETS;
}

/** Russian names of page query parameters, for error pages that say which one was wrong. */
export const PARAM_LABELS: Record<string, string> = {
  q: 'Запрос',
  sort: 'Сортировка',
  page: 'Страница',
  perPage: 'Практик на странице',
  // The organisation and municipality pages' parameters.
  type: VOCABULARY_MODEL.organizationTypes.singular,
  id: 'Номер организации',
  code: 'Код муниципального образования',
  // The regional map's switch.
  show: 'Что показать на карте',
  scale: 'Как считать на карте',
  ...Object.fromEntries(searchFacets().map((f) => [f.param, f.label])),
};
