/**
 * Public search: turns what a person typed into a query plan, asks the configured engine, and answers with
 * highlighted hits and labelled facets. Falls back to the other keyboard layout when nothing is found.
 */
import { switchLayout } from '../../search/analysis/layout.js';
import { highlightTerms, parseQuery, type QueryPlan } from '../../search/analysis/query.js';
import type { SituationIndex } from '../../search/analysis/situations.js';
import type { SynonymIndex } from '../../search/analysis/synonyms.js';
import { LRUCache } from 'lru-cache';
import type { Filters, SearchDocument, SearchEngine, SearchResponse, Sort } from '../../search/port.js';
import type { Db } from '../db/client.js';
import { validationError, type ErrorDetail } from '../errors.js';
import { FACETS, facetAccepts, facetValueLabel } from '../model/practice.js';
import { FORBIDDEN_CHARACTERS } from '../shared/text.js';
import type { VocabularyCatalogue } from '../vocabularies/service.js';
import { pageHits } from './hits.js';
import { lookUpNumber, registryNumberIn, singlePracticeResult } from './numbers.js';
import { poolFor, reorder, reordered } from './reorder.js';
import type { SearchQuery, SearchResult } from './schemas.js';

/** Control and bidi characters, and anything else that is not text, are dropped from a query. */
const cleanQuery = (q: string) =>
  q
    .normalize('NFC')
    .split('')
    .filter((c) => !FORBIDDEN_CHARACTERS.test(c))
    .join('')
    .replace(/\s+/g, ' ')
    .trimStart();

export interface SearchServiceDeps {
  db: Db;
  engine: SearchEngine;
  vocabularies: VocabularyCatalogue;
  synonyms: SynonymIndex;
  /** The situational thesaurus: everyday phrases → the concepts practices use. */
  situations?: SituationIndex;
  baseUrl: string;
  /** Answers kept for repeated queries; 0 turns the cache off. */
  cacheSize?: number;
  /** A published practice as it is indexed: what pseudo-relevance feedback reads of the best first matches. */
  documentOf?: (id: number) => SearchDocument | undefined;
  /**
   * Computes answers elsewhere when it can (the search pool's worker threads), else with `inThread`; the answer
   * cache stays here either way.
   */
  answer?: (query: SearchQuery, inThread: (query: SearchQuery) => Promise<SearchResult>) => Promise<SearchResult>;
}

/** Facet values of equal count in Russian alphabetical order: one collator, not one per comparison. */
const RUSSIAN = new Intl.Collator('ru');

/** Bounds how long an answer may be served if another process changed Meilisearch behind the bank's back. */
const CACHE_AGE_MS = 60_000;

export function createSearchService({
  db,
  engine,
  vocabularies,
  synonyms,
  situations,
  baseUrl,
  cacheSize = 1000,
  documentOf,
  answer,
}: SearchServiceDeps) {
  // Keyed by the query; an entry is served only under the engine generation it was computed in (see `cached`).
  const cache =
    cacheSize > 0
      ? new LRUCache<string, { generation: number; result: SearchResult }>({ max: cacheSize, ttl: CACHE_AGE_MS })
      : undefined;
  /** The engine's filters (by document field) from the query's parameters, each value checked. */
  function checkFilters(query: SearchQuery): Filters {
    const filters: Filters = {};
    const details: ErrorDetail[] = [];
    for (const spec of FACETS) {
      const { filter: param, field: facet, vocabulary, values: fixed } = spec;
      const values = query[param];
      if (!values || values.length === 0) continue;
      values.forEach((value, i) => {
        if (!facetAccepts(spec, value, (v, code) => vocabularies.has(v, code)))
          details.push({
            field: `${param}.${i}`,
            message: vocabulary
              ? `Неизвестный код «${value}»`
              : fixed
                ? `Возможные значения: ${Object.entries(fixed)
                    .map(([v, label]) => `${v} (${label.toLowerCase()})`)
                    .join(', ')}`
                : 'Год — четыре цифры, например 2025',
          });
      });
      filters[facet] = [...new Set(values)];
    }
    if (details.length > 0) throw validationError(details);
    return filters;
  }

  async function run(
    plan: QueryPlan,
    filters: Filters,
    sort: Sort,
    page: number,
    perPage: number,
  ): Promise<SearchResponse> {
    const offset = (page - 1) * perPage;
    if (sort !== 'relevance' || !reordered(plan, offset))
      return engine.search({ plan, filters, sort, offset, limit: perPage });
    // The top of an expanded query is ordered again by one rule for both engines (reorder.ts): ask for all of it.
    const wide = await engine.search({ plan, filters, sort, offset: 0, limit: poolFor(offset, perPage) });
    const { ids } = await reorder(engine, plan, wide.ids, documentOf);
    return { ...wide, ids: ids.slice(offset, offset + perPage) };
  }

  function labelFacets(response: SearchResponse, filters: Filters): SearchResult['facets'] {
    const result = {} as SearchResult['facets'];
    for (const spec of FACETS) {
      const { filter: param, field: facet, vocabulary } = spec;
      const counts = { ...response.facets[facet] };
      for (const selected of filters[facet] ?? []) counts[selected] ??= 0;
      result[param] = Object.entries(counts)
        .map(([value, count]) => ({
          value,
          label: facetValueLabel(spec, value, (v, code) => vocabularies.label(v, code)),
          count,
          selected: filters[facet]?.includes(value) ?? false,
        }))
        .sort((a, b) =>
          !vocabulary ? Number(b.value) - Number(a.value) : b.count - a.count || RUSSIAN.compare(a.label, b.label),
        );
    }
    return result;
  }

  /**
   * Serves an answer again only while the engine's generation is unchanged: a publication, withdrawal or
   * counted view makes every cached answer stale at once, so a cached answer is never out of date.
   */
  async function cached(query: SearchQuery): Promise<SearchResult> {
    const fresh = (q: SearchQuery) => (answer ? answer(q, compute) : compute(q));
    if (!cache) return fresh(query);
    const key = JSON.stringify(query);
    const generation = engine.generation();
    const hit = cache.get(key);
    if (hit && hit.generation === generation) return hit.result;
    const result = await fresh(query);
    cache.set(key, { generation, result });
    return result;
  }

  /**
   * A registry number is answered from the registry: its practice alone, or nothing with a sentence saying why —
   * never practices that merely hold one of its numbers.
   */
  function byNumber(number: string, q: string, query: SearchQuery, filters: Filters): SearchResult {
    const lookup = lookUpNumber(db, number, vocabularies);
    const single = lookup.found === 'published' ? singlePracticeResult(lookup.doc, filters) : undefined;
    const total = single?.total ?? 0;
    const ids = total > 0 && query.page === 1 && lookup.found === 'published' ? [lookup.doc.id] : [];
    const terms = { stems: new Set<string>(), prefixes: [] };
    const suggestion =
      lookup.found === 'nothing'
        ? `Практики с номером ${number} в реестре нет. Проверьте номер: он выглядит так — 67-2026-0013.`
        : lookup.found === 'withdrawn'
          ? `Практика с номером ${number} снята с публикации, в поиске её нет.`
          : total === 0
            ? `С выбранными фильтрами ничего не найдено. Без фильтров найдено практик: 1 — снимите часть фильтров.`
            : null;
    return {
      query: q.trim(),
      correctedQuery: null,
      notice: null,
      relaxed: false,
      total,
      page: query.page,
      perPage: query.perPage,
      sort: query.sort ?? 'relevance',
      hits: pageHits(db, ids, terms, baseUrl),
      facets: labelFacets({ ids, total, relaxed: false, facets: single?.facets ?? {} }, filters),
      suggestion,
    };
  }

  async function compute(query: SearchQuery): Promise<SearchResult> {
    const filters = checkFilters(query);
    const q = cleanQuery(query.q ?? '');
    const typed = registryNumberIn(q);
    if (typed) return byNumber(typed.number, q, query, filters);
    let plan = parseQuery(q, synonyms, situations);
    const sort: Sort = query.sort ?? (plan.groups.length > 0 ? 'relevance' : 'newest');
    let response = await run(plan, filters, sort, query.page, query.perPage);
    let correctedQuery: string | null = null;
    if (response.total === 0 && plan.groups.length > 0) {
      const switched = switchLayout(q);
      if (switched) {
        const switchedPlan = parseQuery(switched, synonyms, situations);
        const retry = await run(switchedPlan, filters, sort, query.page, query.perPage);
        if (retry.total > 0) {
          plan = switchedPlan;
          response = retry;
          correctedQuery = switched.trim();
        }
      }
    }
    let suggestion: string | null = null;
    if (response.total === 0) {
      const withoutFilters = Object.keys(filters).length > 0 ? await run(plan, {}, sort, 1, 1) : undefined;
      suggestion =
        withoutFilters && withoutFilters.total > 0
          ? `С выбранными фильтрами ничего не найдено. Без фильтров найдено практик: ${withoutFilters.total} — снимите часть фильтров.`
          : 'Ничего не найдено. Проверьте написание, уберите кавычки или попробуйте более общие слова.';
    }
    const terms = highlightTerms(plan);
    for (const stem of response.corrections ?? []) terms.stems.add(stem);
    return {
      query: q.trim(),
      correctedQuery,
      notice: correctedQuery
        ? `Показаны результаты по запросу «${correctedQuery}»`
        : response.relaxed
          ? 'Показаны практики, в которых встречаются не все слова запроса'
          : null,
      relaxed: response.relaxed,
      total: response.total,
      page: query.page,
      perPage: query.perPage,
      sort,
      hits: pageHits(db, response.ids, terms, baseUrl),
      facets: labelFacets(response, filters),
      suggestion,
    };
  }

  /**
   * Every practice the search would list for `query`, page after page, as chunks of ids: the same registry
   * number rule, default sort and keyboard-layout fallback as `search`, without counting facets or loading pages.
   */
  async function* allIds(query: SearchQuery, chunkSize = 1000): AsyncGenerator<number[]> {
    const filters = checkFilters(query);
    const q = cleanQuery(query.q ?? '');
    const typed = registryNumberIn(q);
    if (typed) {
      const lookup = lookUpNumber(db, typed.number, vocabularies);
      if (lookup.found === 'published' && singlePracticeResult(lookup.doc, filters).total > 0) yield [lookup.doc.id];
      return;
    }
    let plan = parseQuery(q, synonyms, situations);
    const sort: Sort = query.sort ?? (plan.groups.length > 0 ? 'relevance' : 'newest');
    const switched = plan.groups.length > 0 ? switchLayout(q) : undefined;
    if (switched && (await run(plan, filters, sort, 1, 1)).total === 0) {
      const switchedPlan = parseQuery(switched, synonyms, situations);
      if ((await run(switchedPlan, filters, sort, 1, 1)).total > 0) plan = switchedPlan;
    }
    yield* engine.allIds({ plan, filters, sort }, chunkSize);
  }

  return {
    /** Searches published practices; only published practices are ever returned. Popular answers are cached. */
    search: cached,
    /** The same search, always computed: what benchmarks measure as the engine's own latency. */
    searchUncached: compute,
    allIds,
  };
}

export type SearchService = ReturnType<typeof createSearchService>;
