/**
 * The search port: what the bank asks of a search engine, whichever it is. Two engines implement it —
 * `embedded` (SQLite FTS5 inside the bank's database) and `meilisearch` — and pass the same contract tests.
 * Nothing here knows the practice's vocabularies: the caller declares its facets (`FacetField`) when it builds an
 * engine, and documents carry their values by facet name.
 */
import type Database from 'better-sqlite3';
import type { Alternative, QueryPlan } from './analysis/query.js';

export const SORTS = ['relevance', 'newest', 'views', 'adoptions'] as const;
export type Sort = (typeof SORTS)[number];
/** The sorts by a stored number (ties: newest first), as opposed to relevance. */
export type OrderSort = Exclude<Sort, 'relevance'>;

/** A field documents are filtered and counted by. */
export interface FacetField {
  /** The document's key in `facets`, the filter's and the count's name. */
  readonly name: string;
  /** Whether a document may hold several values (a list of terms) or exactly one (a place, a year). */
  readonly many: boolean;
}

/** The facets an engine is built with, in the order counts are reported. */
export type FacetFields = readonly FacetField[];

/** A published practice as the engines index it. */
export interface SearchDocument {
  id: number;
  title: string;
  summary: string;
  /** The description sections as plain text (and attachment text). */
  body: string;
  keywords: string[];
  /** Labels and synonyms of the practice's vocabulary terms: a practice tagged «робототехника» is found by «лего». */
  vocabularyText: string;
  /**
   * Who made the practice and where: the organisation's full and short names and its municipality. A field of its
   * own, so a query naming the organisation («Лицей № 3») finds its practices first (see `mayNameOrganization`).
   */
  names: string;
  /** Values per declared facet, every value a string (a year too), so one filter form serves them all. */
  facets: Record<string, string[]>;
  /** Milliseconds since the epoch. */
  publishedAt: number;
  views: number;
  /** Confirmed adoptions: how many other organisations use the practice (what «по числу внедрений» sorts by). */
  adoptions: number;
}

/** Values wanted per facet name. */
export type Filters = Record<string, string[]>;

export interface SearchRequest {
  plan: QueryPlan;
  /** Several values in one facet: any of them; several facets: all of them. */
  filters: Filters;
  sort: Sort;
  offset: number;
  limit: number;
}

/** A search without a page: what `allIds` lists whole. */
export type OrderedRequest = Omit<SearchRequest, 'offset' | 'limit'>;

/** Count per value, per facet name. */
export type FacetCounts = Record<string, Record<string, number>>;

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

/**
 * The caller's open write transaction. Engines that keep their index in the bank's database write through the
 * same connection (`SqliteHost`), so they only need to know that one is open; the type keeps callers honest.
 */
export type WriteTx = object;

/** What an engine that keeps tables in the bank's SQLite database needs of it. */
export interface SqliteHost {
  /** The bank's connection: statements run on it join whatever transaction is open on it. */
  readonly sqlite: Database.Database;
  /** Runs `callback` once the current write transaction has committed (never if it rolls back; at once outside). */
  afterCommit(callback: () => void): void;
  /** Runs `work` in a write transaction of its own. */
  writeTransaction<T>(work: () => T): T;
}

export interface SearchEngine {
  readonly name: 'embedded' | 'meilisearch';
  /** Prepares the engine (settings, in-memory structures). */
  start(): Promise<void>;
  /**
   * Whether, as `start` found it, the index lacks what this version of the engine stores (an upgrade changed its
   * layout, or an earlier rebuild was cut short): the bank then rebuilds it with `reindex`.
   */
  needsReindex(): Promise<boolean>;
  /** Adds or replaces a practice, inside the write transaction that published or changed it. */
  index(tx: WriteTx, doc: SearchDocument): void;
  /**
   * Adds or replaces many practices at once (an import's batch), inside the write transaction that wrote them: as
   * `index` for each, in few writes. A practice given twice is indexed as its last document.
   */
  indexMany(tx: WriteTx, docs: readonly SearchDocument[]): void;
  /** Takes a practice out, inside the write transaction that withdrew or deleted it. */
  remove(tx: WriteTx, id: number): void;
  /** Replaces the whole index with these documents. */
  reindex(docs: AsyncIterable<SearchDocument[]> | Iterable<SearchDocument[]>): Promise<number>;
  search(request: SearchRequest): Promise<SearchResponse>;
  /**
   * Every practice `search` would match, in the order its pages list them, each once, in chunks of about
   * `chunkSize`: what an export of a whole result reads, without building its pages one by one.
   */
  allIds(request: OrderedRequest, chunkSize: number): AsyncIterable<number[]>;
  /**
   * Which of `ids` hold any alternative of each set, in the sets' order: what the order of an expanded query's first
   * matches is decided by (search/analysis/rerank.ts).
   */
  holders(sets: readonly (readonly Alternative[])[], ids: readonly number[]): Promise<Set<number>[]>;
  /** How many searchable practices hold each stem, and how many there are in all (idf for weights and feedback). */
  termDocs(stems: readonly string[]): Promise<{ total: number; docs: number[] }>;
  /**
   * The synonym groups the engine was built with were rebuilt in place (an admin edited a vocabulary): answers
   * computed before are stale, and an engine that keeps its own copy of them (Meilisearch's settings) updates it.
   * Resolves once the copy is updated; an engine that cannot reach its server logs it and retries at its next sync.
   */
  synonymsChanged(): Promise<void>;
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

/** Fewer matches of every word than this, and a query of several words is relaxed to any of its words. */
export const RELAX_BELOW = 5;

/**
 * A query whose every word is in the names of more practices than this does not single an organisation out
 * («смоленская область» is in nearly every full name): its matches are ranked as text, with no names tier.
 */
export const NAMED_TIER_MAX = 1_000;

/** Counts with every declared facet present and empty. */
export function emptyFacetCounts(fields: FacetFields): FacetCounts {
  return Object.fromEntries(fields.map((f) => [f.name, {}]));
}

/** Field names a facet may not take: the document's own keys, and the names the engines store text under. */
const RESERVED = new Set([
  'id',
  'title',
  'terms',
  'summary',
  'names',
  'body',
  'keywords',
  'publishedAt',
  'views',
  'adoptions',
  'facets',
]);

/** Checks a facet declaration once, when an engine is built: names are unique and plain, and none is reserved. */
export function checkFacetFields(fields: FacetFields): FacetFields {
  const seen = new Set<string>();
  for (const { name } of fields) {
    if (!/^[A-Za-z][A-Za-z0-9]*$/.test(name) || RESERVED.has(name) || seen.has(name))
      throw new Error(`search facet name «${name}» is reserved, repeated or not a plain identifier`);
    seen.add(name);
  }
  return fields;
}
