/**
 * The address of a search view. Pages use the API's parameter names (`q, level, …, sort, page, perPage`), so a
 * view copied from the address bar opens the same results, and every link changes one thing and keeps the rest.
 */
import { FILTER_PARAMS, type FilterParam } from '../../model/practice.js';
import type { SearchQuery } from '../../search-api/schemas.js';

/** What a search page shows: the query as given, with only the parameters the visitor actually set. */
export interface SearchView {
  q: string;
  filters: Partial<Record<FilterParam, string[]>>;
  sort: SearchQuery['sort'];
  page: number;
  /** Only when the address named it: the default is left out of links. */
  perPage: number | undefined;
}

export const FILTERS: readonly FilterParam[] = FILTER_PARAMS;

/** The view of a parsed query; `perPageGiven` says whether the address had `perPage`. */
export function viewOf(query: SearchQuery, perPageGiven: boolean): SearchView {
  const filters: SearchView['filters'] = {};
  for (const param of FILTERS) {
    const values = [...new Set(query[param] ?? [])];
    if (values.length > 0) filters[param] = values;
  }
  return {
    q: query.q ?? '',
    filters,
    sort: query.sort,
    page: query.page,
    perPage: perPageGiven ? query.perPage : undefined,
  };
}

/** The address of `view`, in a stable parameter order; page 1 is left out. */
export function searchHref(view: SearchView): string {
  const params = new URLSearchParams();
  if (view.q.trim()) params.set('q', view.q.trim());
  for (const param of FILTERS) for (const value of view.filters[param] ?? []) params.append(param, value);
  if (view.sort) params.set('sort', view.sort);
  if (view.perPage !== undefined) params.set('perPage', String(view.perPage));
  if (view.page > 1) params.set('page', String(view.page));
  const search = params.toString();
  return search ? `/?${search}` : '/';
}

/**
 * The view's selection — the query, the filters and (unless left out) the sort, never the page — as parameters
 * for an address that serves the whole result: an export, a feed, a list for a report.
 */
export function selectionParams(view: SearchView, { sort = true } = {}): string {
  const params = new URLSearchParams();
  if (view.q.trim()) params.set('q', view.q.trim());
  for (const param of FILTERS) for (const value of view.filters[param] ?? []) params.append(param, value);
  if (sort && view.sort) params.set('sort', view.sort);
  return params.toString();
}

/** The address of the whole result as a file: `format` is xlsx or csv. */
export const exportHref = (view: SearchView, format: 'xlsx' | 'csv') =>
  `/api/v1/search/export?${[`format=${format}`, selectionParams(view)].filter(Boolean).join('&')}`;

/** The Atom feed of the newest practices matching the view (its sort does not matter: a feed is newest first). */
export const feedHref = (view: SearchView) => withQuery('/feed.atom', selectionParams(view, { sort: false }));

/** The numbered list of citations of the view's practices. */
export const reportListHref = (view: SearchView) => withQuery('/report-list', selectionParams(view));

const withQuery = (path: string, query: string) => (query ? `${path}?${query}` : path);

/** The same view on another page. */
export const pageHref = (view: SearchView, page: number) => searchHref({ ...view, page });

/** The view without one chosen value, back on the first page. */
export function withoutFilter(view: SearchView, param: FilterParam, value: string): string {
  const rest = (view.filters[param] ?? []).filter((v) => v !== value);
  return searchHref({ ...view, page: 1, filters: { ...view.filters, [param]: rest } });
}

/** The view with no filters at all, keeping the query and the sort. */
export const withoutFilters = (view: SearchView) => searchHref({ ...view, page: 1, filters: {} });

/** How many values are chosen across every facet. */
export const chosenCount = (view: SearchView) =>
  FILTERS.reduce((sum, param) => sum + (view.filters[param]?.length ?? 0), 0);

/** A registry number typed in the box opens the practice's own page (the API's detection, one rule for both). */
export { registryNumberIn } from '../../search-api/numbers.js';
