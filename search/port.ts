/**
 * The search port: what the bank asks of a search engine, whichever it is. Two engines implement it —
 * `embedded` (SQLite FTS5 inside the bank's database) and `meilisearch` — and pass the same contract tests.
 */
import type { Tx } from '../server/db/client.js';
import type { QueryPlan } from './analysis/query.js';

export const FACETS = [
  'levels',
  'subjects',
  'technologies',
  'directions',
  'municipality',
  'organizationType',
  'year',
] as const;
export type Facet = (typeof FACETS)[number];

export const SORTS = ['relevance', 'newest', 'views'] as const;
export type Sort = (typeof SORTS)[number];

/** A published practice as the engines index it. */
export interface SearchDocument {
  id: number;
  title: string;
  summary: string;
  /** The description sections as plain text (and, later, attachment text). */
  body: string;
  keywords: string[];
  /** Labels and synonyms of the practice's vocabulary terms: a practice tagged «робототехника» is found by «лего». */
  vocabularyText: string;
  levels: string[];
  subjects: string[];
  technologies: string[];
  directions: string[];
  municipality: string;
  organizationType: string;
  /** Year of publication. */
  year: number;
  /** Milliseconds since the epoch. */
  publishedAt: number;
  views: number;
}

export type Filters = Partial<Record<Facet, string[]>>;

export interface SearchRequest {
  plan: QueryPlan;
  /** Several values in one facet: any of them; several facets: all of them. */
  filters: Filters;
  sort: Sort;
  offset: number;
  limit: number;
}

export type FacetCounts = Record<Facet, Record<string, number>>;

export interface SearchResponse {
  /** Practice ids of the page, in order. */
  ids: number[];
  /** Exact number of matching practices. */
  total: number;
  /** Counts per value; each facet's counts ignore that facet's own filter, so a selection can be widened. */
  facets: FacetCounts;
  /** Not every word had to match: nothing matched them all. */
  relaxed: boolean;
  /** Indexed stems the engine searched for instead of misspelt words, so they can be highlighted too. */
  corrections?: string[];
}

export interface SearchEngine {
  readonly name: 'embedded' | 'meilisearch';
  /** Prepares the engine (settings, in-memory structures). */
  start(): Promise<void>;
  /** Adds or replaces a practice, inside the write transaction that published or changed it. */
  index(tx: Tx, doc: SearchDocument): void;
  /** Takes a practice out, inside the write transaction that withdrew or deleted it. */
  remove(tx: Tx, id: number): void;
  /** Replaces the whole index with these documents. */
  reindex(docs: AsyncIterable<SearchDocument[]> | Iterable<SearchDocument[]>): Promise<number>;
  search(request: SearchRequest): Promise<SearchResponse>;
  /** A view was counted: "most viewed" sorting follows it. */
  viewed(id: number, views: number): void;
  /**
   * A number that changes whenever what a search could return may have changed: answers computed under the
   * same generation may be served again.
   */
  generation(): number;
  health(): Promise<boolean>;
  close(): Promise<void>;
}

export function emptyFacetCounts(): FacetCounts {
  return Object.fromEntries(FACETS.map((f) => [f, {}])) as FacetCounts;
}
