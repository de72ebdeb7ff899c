/**
 * The search a subscription follows: the query and filters of the search page (never its page or sort), kept in
 * one canonical shape so the same search typed twice is one subscription.
 */
import { FILTER_PARAMS, type FilterParam } from '../model/practice.js';
import type { SearchQuery } from '../search-api/schemas.js';
import { searchHref, type SearchView } from '../web/pages/search-url.js';

/** What a subscription stores: the search's words and filters. */
export type FollowedSearch = Pick<SearchQuery, 'q' | FilterParam>;

/** The search in its canonical shape (trimmed words, sorted unique values) and its key. */
export function canonicalSearch(query: Partial<FollowedSearch>): { search: FollowedSearch; key: string } {
  const search: Record<string, unknown> = {};
  const q = query.q?.trim().replace(/\s+/g, ' ');
  if (q) search.q = q;
  for (const param of FILTER_PARAMS) {
    const values = [...new Set(query[param] ?? [])].sort();
    if (values.length > 0) search[param] = values;
  }
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(search))
    for (const v of Array.isArray(value) ? value : [value]) params.append(name, String(v));
  return { search: search as FollowedSearch, key: params.toString() };
}

/** The search page of a followed search, newest first (the digest's «все практики по поиску»). */
export function followedSearchHref(search: FollowedSearch): string {
  const view: SearchView = { q: search.q ?? '', filters: {}, sort: 'newest', page: 1, perPage: undefined };
  for (const param of FILTER_PARAMS) if (search[param]?.length) view.filters[param] = search[param];
  return searchHref(view);
}
