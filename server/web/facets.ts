/**
 * The search facets a page offers, their Russian names and display order, in one place: when the model module
 * declares facets, this function returns its list and nothing else changes.
 */
import type { FilterParam } from '../search/schemas.js';

export interface FacetSpec {
  /** The API's query parameter, kept as is in page addresses so a view can be shared. */
  param: FilterParam;
  /** The facet's name on the page. */
  label: string;
}

const FACETS: readonly FacetSpec[] = [
  { param: 'level', label: 'Уровень образования' },
  { param: 'subject', label: 'Предметная область' },
  { param: 'technology', label: 'Технология' },
  { param: 'direction', label: 'Направление деятельности' },
  { param: 'municipality', label: 'Муниципальное образование' },
  { param: 'organizationType', label: 'Тип организации' },
  { param: 'year', label: 'Год публикации' },
];

/** The facets of the search page, in display order. */
export function searchFacets(): readonly FacetSpec[] {
  return FACETS;
}

/** Russian names of page query parameters, for error pages that say which one was wrong. */
export const PARAM_LABELS: Record<string, string> = {
  q: 'Запрос',
  sort: 'Сортировка',
  page: 'Страница',
  perPage: 'Практик на странице',
  // The organisation and municipality pages' parameters.
  type: 'Тип организации',
  id: 'Номер организации',
  code: 'Код муниципального образования',
  ...Object.fromEntries(searchFacets().map((f) => [f.param, f.label])),
};
