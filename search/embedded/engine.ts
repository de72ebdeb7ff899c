/**
 * The embedded engine: SQLite FTS5 inside the bank's database for text, in-memory bit sets for filters, facets
 * and sorting. Index writes join the caller's transaction, so what is published is searchable at once.
 */
import type Database from 'better-sqlite3';
import { mayNameOrganization } from '../analysis/names.js';
import type { Alternative, QueryPlan } from '../analysis/query.js';
import { alternativesOf, groupWeights, heldWeights, mayRelax, RELAX_CANDIDATES } from '../analysis/relax.js';
import {
  checkFacetFields,
  emptyFacetCounts,
  NAMED_TIER_MAX,
  RELAX_BELOW,
  type FacetFields,
  type OrderedRequest,
  type OrderSort,
  type SearchDocument,
  type SearchEngine,
  type SearchRequest,
  type SearchResponse,
  type Sort,
  type SqliteHost,
  type WriteTx,
} from '../port.js';
import { lastOfEach, prepareBatchWrites } from './batch-writes.js';
import { Bitset } from './bitset.js';
import { Bm25 } from './bm25.js';
import { TermDictionary } from './dictionary.js';
import { FacetIndex } from './facet-index.js';
import { alternative, toMatchExpression } from './fts-query.js';
import { Postings } from './postings.js';
import { Ranking, typedWords } from './ranking.js';

/**
 * More matches than this and ranking them all by bm25 costs more than a search may take (~1 ms per thousand for
 * a word, ~6 ms with synonym phrases), while for so broad a query bm25 ranks almost at random: such pages list
 * matches of the typed words in titles first, newest first.
 */
const BROAD_MATCHES = 2_000;
/**
 * bm25 in FTS5 first reads every posting list of the expression's phrases whole (for their document frequencies),
 * whatever the number of matches: a question whose synonyms bring in common phrases («начальн школ», «урок»)
 * costs 50–100 ms to rank at 100,000 practices. Past this many postings in all, only the words as typed are scored
 * (they hold the top of the list), and what matched through synonyms alone follows newest first.
 */
const RANK_POSTINGS_BUDGET = 100_000;
/** A typed word held by this many practices is taken as finished (see withCorrections). */
const COMMON_TERM_DOCS = 1_000;

/** The query matched against the organisations' names alone, every word of it. */
const namesOnly = (plan: QueryPlan) => `names : (${toMatchExpression(plan, 'all')})`;

/** The stored order a sort lists by: relevance without words (or past ranking) lists the newest first. */
const orderOf = (sort: Sort): OrderSort => (sort === 'relevance' ? 'newest' : sort);

/** Stands for the transaction `reindex` opens itself: writes go through the host's connection either way. */
const OWN_TRANSACTION: WriteTx = {};

/**
 * A change to what searches see, told once it committed: how engines in other threads over the same database (the
 * search pool's workers) follow the one that writes, without reloading everything on each of the bank's writes.
 */
export type IndexChange =
  | { kind: 'indexed' | 'removed'; id: number }
  | { kind: 'viewed'; id: number; views: number }
  | { kind: 'synonyms' | 'reloaded' };

interface FacetsRow {
  practice_id: number;
  facets: string;
  published_at: number;
  views: number;
  adoptions: number;
}

export class EmbeddedEngine implements SearchEngine {
  readonly name = 'embedded' as const;
  private readonly facets: FacetIndex;
  private readonly fields: FacetFields;
  private readonly sqlite: Database.Database;
  private readonly dictionary: TermDictionary;
  private dataVersion = -1;
  private changes = 0;
  private readonly postings: Postings;
  /** See BROAD_MATCHES; a test lowers it to reach, with a few practices, what 100,000 reach. */
  private readonly broadMatches: number;
  /** See RANK_POSTINGS_BUDGET; lowered by tests like `broadMatches`. */
  private readonly rankPostingsBudget: number;
  private readonly writes: Record<'deleteText' | 'deleteFacets' | 'setViews', Database.Statement>;
  private readonly batchWrites: ReturnType<typeof prepareBatchWrites>;
  private readonly ranking: Ranking;
  private readonly bm25: Bm25;
  /** Told of each committed change (see `listen`). */
  private listener: ((change: IndexChange) => void) | undefined;
  /** False for an engine that learns of writes only through `follow` (a pool's worker over a read-only connection). */
  private readonly followsOtherWriters: boolean;
  private readonly readFacets: Database.Statement;

  /** `fields` names the facets documents carry; what `search_facets` holds is read back by those names. */
  constructor(
    private readonly host: SqliteHost,
    fields: FacetFields,
    {
      broadMatches = BROAD_MATCHES,
      rankPostingsBudget = RANK_POSTINGS_BUDGET,
      followsOtherWriters = true,
    }: { broadMatches?: number; rankPostingsBudget?: number; followsOtherWriters?: boolean } = {},
  ) {
    this.broadMatches = broadMatches;
    this.rankPostingsBudget = rankPostingsBudget;
    this.followsOtherWriters = followsOtherWriters;
    this.fields = checkFacetFields(fields);
    this.facets = new FacetIndex(fields);
    this.sqlite = host.sqlite;
    this.dictionary = new TermDictionary(this.sqlite);
    this.writes = {
      deleteText: this.sqlite.prepare('DELETE FROM search_fts WHERE rowid = ?'),
      setViews: this.sqlite.prepare('UPDATE search_facets SET views = ? WHERE practice_id = ?'),
      deleteFacets: this.sqlite.prepare('DELETE FROM search_facets WHERE practice_id = ?'),
    };
    this.batchWrites = prepareBatchWrites(this.sqlite, this.fields);
    this.readFacets = this.sqlite.prepare(
      'SELECT practice_id, facets, published_at, views, adoptions FROM search_facets WHERE practice_id = ?',
    );
    this.postings = new Postings(this.sqlite, (id) => this.facets.slotOf(id));
    this.bm25 = new Bm25(this.sqlite);
    this.ranking = new Ranking(this.sqlite, this.facets, broadMatches, this.postings, this.bm25);
  }

  async start(): Promise<void> {
    this.reload();
  }

  /**
   * The text index holds another number of practices than the facet table: migration 0019 made it anew, empty,
   * or a rebuild was cut short. The text index is counted by its `_docsize` shadow table (one row per document,
   * kept by FTS5 itself): counting the FTS5 table walks its index instead (80 ms for 100,000 one-line rows).
   */
  async needsReindex(): Promise<boolean> {
    const count = (table: string) => this.sqlite.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
    return count('search_fts_docsize') !== count('search_facets');
  }

  /** One practice: a batch of one (see `indexMany`). */
  index(tx: WriteTx, doc: SearchDocument): void {
    this.indexMany(tx, [doc]);
  }

  /**
   * Writes through the bank's own connection, a few statements prepared once for the whole batch (`tx` is that
   * same connection inside the caller's transaction): an import indexes thousands of practices a second, and the
   * kept posting lists and the facets follow once per batch, not once per practice.
   */
  indexMany(tx: WriteTx, docs: readonly SearchDocument[]): void {
    const batch = lastOfEach(docs);
    if (batch.length === 0) return;
    for (const doc of batch) this.noteWrite(tx, doc.id);
    this.batchWrites.write(batch, (id) => this.facets.slotOf(id) !== undefined);
    this.postings.clear();
    this.host.afterCommit(() => {
      for (const doc of batch) this.facets.upsert(doc);
      this.textsChanged(batch.map((doc) => doc.id));
      for (const doc of batch) this.listener?.({ kind: 'indexed', id: doc.id });
    });
  }

  remove(tx: WriteTx, id: number): void {
    this.noteWrite(tx, id);
    this.writes.deleteText.run(id);
    this.writes.deleteFacets.run(id);
    this.postings.clear();
    this.host.afterCommit(() => {
      this.facets.remove(id);
      this.textsChanged([id]);
      this.listener?.({ kind: 'removed', id });
    });
  }

  async reindex(batches: AsyncIterable<SearchDocument[]> | Iterable<SearchDocument[]>): Promise<number> {
    // Upserts every document in batches and then drops the rest, so searches keep working while it runs. The bank
    // keeps publishing and withdrawing meanwhile: a practice written since the rebuild began is newer than what a
    // batch read, so the batch leaves it alone and the sweep keeps it.
    const seen = new Set<number>();
    const touched = new Set<number>();
    this.touchedDuringReindex = touched;
    try {
      for await (const batch of batches) {
        this.host.writeTransaction(() => {
          for (const doc of batch) seen.add(doc.id);
          this.indexMany(
            OWN_TRANSACTION,
            batch.filter((doc) => !touched.has(doc.id)),
          );
        });
      }
      const stale = (this.sqlite.prepare('SELECT practice_id FROM search_facets').pluck().all() as number[]).filter(
        (id) => !seen.has(id) && !touched.has(id),
      );
      this.host.writeTransaction(() => stale.forEach((id) => this.remove(OWN_TRANSACTION, id)));
    } finally {
      this.touchedDuringReindex = null;
    }
    this.sqlite.exec("INSERT INTO search_fts(search_fts) VALUES ('optimize')");
    this.reload();
    return seen.size;
  }

  /** The practices the bank wrote while a rebuild runs, noted once their transaction committed. */
  private touchedDuringReindex: Set<number> | null = null;

  private noteWrite(tx: WriteTx, id: number): void {
    if (tx !== OWN_TRANSACTION && this.touchedDuringReindex)
      this.host.afterCommit(() => this.touchedDuringReindex?.add(id));
  }

  viewed(id: number, views: number): void {
    // Kept with the facets, so a restart or another process sorts by the same counts.
    this.writes.setViews.run(views, id);
    this.host.afterCommit(() => {
      this.facets.setViews(id, views);
      this.changes += 1;
      this.listener?.({ kind: 'viewed', id, views });
    });
  }

  /** Synonyms are applied to the query, not stored: only cached answers must go. */
  async synonymsChanged(): Promise<void> {
    this.changes += 1;
    this.host.afterCommit(() => this.listener?.({ kind: 'synonyms' }));
  }

  /** Tells `listener` of every change once it committed, in order (one listener: the search pool). */
  listen(listener: (change: IndexChange) => void): void {
    this.listener = listener;
  }

  /**
   * Applies a change the writing engine told of (see `listen`): a practice's facets are read back from the shared
   * database as they are now, so a change told twice or late leaves the same state.
   */
  follow(change: IndexChange): void {
    if (change.kind === 'reloaded') return this.reload();
    if (change.kind === 'indexed' || change.kind === 'removed') {
      const row = this.readFacets.get(change.id) as FacetsRow | undefined;
      if (row) this.facets.upsert(facetRow(row));
      else this.facets.remove(change.id);
      return this.textsChanged([change.id]);
    }
    if (change.kind === 'viewed') this.facets.setViews(change.id, change.views);
    this.changes += 1;
  }

  /** What the engine keeps of the text index, after practices' texts were written or removed (facets aside). */
  private textsChanged(ids: readonly number[]): void {
    for (const id of ids) this.bm25.forget(id);
    this.postings.clear();
    this.dictionary.markStale();
    this.changes += 1;
  }

  generation(): number {
    this.followOtherWriters();
    return this.changes;
  }

  async health(): Promise<boolean> {
    this.sqlite.prepare('SELECT count(*) FROM search_facets').get();
    return true;
  }

  async close(): Promise<void> {}

  async search(request: SearchRequest): Promise<SearchResponse> {
    this.followOtherWriters();
    const { plan, filters } = request;
    if (plan.groups.length === 0) {
      const filtered = this.facets.filter(this.facets.alive, filters);
      return this.respond(
        request,
        this.facets.alive,
        filtered,
        () => this.facets.page(filtered, orderOf(request.sort), request.offset, request.limit),
        false,
      );
    }
    const corrected = this.withCorrections(plan);
    const all = toMatchExpression(corrected, 'all');
    let expression = all;
    let base = this.match(corrected, 'all');
    let filtered = this.facets.filter(base, filters);
    let preferred: number[] = [];
    let relaxed = false;
    const widenable = corrected.groups.filter((g) => !g.quoted).length >= 2;
    const named = this.named(corrected, filtered);
    // Each group's matches, for the tiers of a widened query: made once for the widening rule and the page.
    let groups: Bitset[] | undefined;
    const groupsOf = () => (groups ??= this.groupSets(corrected));
    // A query that named an organisation found what it asked for: its few practices are not padded with others.
    if (widenable && !named && filtered.count() < RELAX_BELOW) {
      // A natural question («как развивать речь у детей с ОВЗ») need not contain every word: practices with all
      // of them come first, then those with some — if those hold enough of what was asked (see mayRelax).
      const any = toMatchExpression(corrected, 'any');
      const anyBase = this.match(corrected, 'any');
      const anyFiltered = this.facets.filter(anyBase, filters);
      if (anyFiltered.count() > filtered.count() && this.worthWidening(corrected, any, anyFiltered, groupsOf)) {
        preferred = this.rankAll(corrected, all, filtered, RELAX_BELOW, new Set());
        expression = any;
        base = anyBase;
        filtered = anyFiltered;
        relaxed = true;
      }
    }
    const pageOf = () => {
      if (request.sort !== 'relevance')
        return this.facets.page(filtered, orderOf(request.sort), request.offset, request.limit);
      if (base.count() > this.broadMatches && preferred.length === 0) {
        // The words as typed, without synonyms: enough to tell title matches, and far cheaper than every phrase.
        const inTitle = this.match(typedWords(corrected), relaxed ? 'any' : 'all', 'title').and(filtered);
        const tiers = named ? [named, inTitle, filtered] : [inTitle, filtered];
        return this.facets.pageOfTiers(tiers, 'newest', request.offset, request.limit);
      }
      const wanted = request.offset + request.limit;
      // The named organisations' practices first, by relevance among themselves (scoring only them), then the rest.
      const lead = named
        ? [
            ...this.ranking.rank(`(${expression}) AND ${namesOnly(corrected)}`, named, wanted),
            ...preferred.filter((slot) => !named.has(slot)),
          ]
        : preferred;
      if (lead.length >= wanted) return lead.slice(request.offset, wanted);
      const k = wanted - lead.length;
      const rest =
        relaxed && base.count() > this.broadMatches
          ? this.ranking.rankTiers(corrected, groupsOf(), filtered, k, new Set(lead), {
              typedOnly: this.postingsOf(corrected) > this.rankPostingsBudget,
            })
          : !relaxed
            ? this.rankAll(corrected, expression, filtered, k, new Set(lead))
            : this.ranking.rank(expression, filtered, k, new Set(lead));
      return [...lead, ...rest].slice(request.offset, wanted);
    };
    const corrections = corrected.groups.flatMap((g, i) =>
      g.alternatives.slice(plan.groups[i]!.alternatives.length).flatMap((a) => a.stems),
    );
    return { ...this.respond(request, base, filtered, pageOf, relaxed), corrections };
  }

  /**
   * One search for the whole result, then cut into chunks: the ranking is computed once (an id list of 100,000
   * practices is under a megabyte), where paging would rank the matches again for every chunk.
   */
  async *allIds(request: OrderedRequest, chunkSize: number): AsyncGenerator<number[]> {
    const { ids } = await this.search({ ...request, offset: 0, limit: Number.MAX_SAFE_INTEGER });
    for (let from = 0; from < ids.length; from += chunkSize) yield ids.slice(from, from + chunkSize);
  }

  async holders(sets: readonly (readonly Alternative[])[], ids: readonly number[]): Promise<Set<number>[]> {
    this.followOtherWriters();
    const known = ids.filter((id) => this.facets.slotOf(id) !== undefined);
    const slots = known.map((id) => this.facets.slotOf(id)!);
    const capacity = this.facets.alive.capacity;
    return sets.map((alternatives) => {
      const held = new Set<number>();
      for (const alt of alternatives)
        this.postings.holding(alternative(alt), slots, capacity).forEach((has, i) => has && held.add(known[i]!));
      return new Set(known.filter((id) => held.has(id)));
    });
  }

  async termDocs(stems: readonly string[]): Promise<{ total: number; docs: number[] }> {
    this.followOtherWriters();
    return { total: this.facets.alive.count(), docs: stems.map((stem) => this.dictionary.docs(stem)) };
  }

  private respond(
    request: SearchRequest,
    base: Bitset,
    filtered: Bitset,
    pageOf: () => number[],
    relaxed: boolean,
  ): SearchResponse {
    const total = filtered.count();
    const facets =
      base.count() === 0 ? emptyFacetCounts(this.fields) : this.facets.facetCounts(base, request.filters, filtered);
    const slots = request.offset >= total ? [] : pageOf();
    return { ids: slots.map((s) => this.facets.idAt(s)), total, facets, relaxed };
  }

  /**
   * The practices (within `filtered`) of the organisations a query names: every word of it is in their names.
   * Undefined when the query cannot name one (see `mayNameOrganization`), names none, or names too many practices
   * to single anyone out.
   */
  private named(plan: QueryPlan, filtered: Bitset): Bitset | undefined {
    if (!mayNameOrganization(plan)) return undefined;
    const set = this.match(plan, 'all', 'names');
    if (set.count() > NAMED_TIER_MAX) return undefined;
    set.and(filtered);
    return set.count() > 0 ? set : undefined;
  }

  /**
   * Every practice matching the plan (every group, or any in a relaxed search), optionally within one column, as a
   * set of slots: each alternative's posting list comes from memory when kept, and the sets are combined here as
   * FTS5 would combine them (a column filter applies to every term under it).
   */
  private match(plan: QueryPlan, mode: 'all' | 'any', column?: string): Bitset {
    const [first, ...rest] = this.groupSets(plan, column);
    if (!first) return new Bitset(this.facets.alive.capacity);
    for (const set of rest)
      if (mode === 'all') first.and(set);
      else first.or(set);
    return first;
  }

  /**
   * The best `k` of `within` (matches of every group) by bm25 of `all`, or past RANK_POSTINGS_BUDGET by the words as
   * typed, the matches through synonyms and concepts alone following newest first.
   */
  private rankAll(plan: QueryPlan, all: string, within: Bitset, k: number, exclude: Set<number>): number[] {
    return this.postingsOf(plan) > this.rankPostingsBudget
      ? this.ranking.rankTopTier(typedWords(plan), within, k, exclude)
      : this.ranking.rank(all, within, k, exclude);
  }

  /** How many postings the plan's alternatives have in all: what scoring it with bm25 reads. */
  private postingsOf(plan: QueryPlan): number {
    const capacity = this.facets.alive.capacity;
    return plan.groups.reduce(
      (sum, g) => g.alternatives.reduce((s, alt) => s + this.postings.count(alternative(alt), capacity), sum),
      0,
    );
  }

  /** Each group's matches (any of its alternatives), optionally within one column, as fresh sets of slots. */
  private groupSets(plan: QueryPlan, column?: string): Bitset[] {
    const capacity = this.facets.alive.capacity;
    return plan.groups.map((group) => {
      const set = new Bitset(capacity);
      for (const alt of group.alternatives)
        this.postings.addTo(set, column ? `${column} : ${alternative(alt)}` : alternative(alt));
      return set;
    });
  }

  /**
   * Whether the widened query's best matches hold enough of the query's informative weight (the rule both engines
   * share, search/analysis/relax.ts): rarity from the index's own document counts, what each holds from its text.
   */
  private worthWidening(plan: QueryPlan, any: string, within: Bitset, groupsOf: () => Bitset[]): boolean {
    const weights = groupWeights(plan, (stem) => this.dictionary.docs(stem), this.facets.alive.count());
    // Past BROAD_MATCHES, scoring the widened expression reads every posting list of it whole (100–200 ms for an
    // everyday question's common words and thesaurus phrases): the best matches are then those its page lists
    // first, the rarest combination of the groups (Ranking.rankTiers).
    const slots =
      within.count() > this.broadMatches
        ? this.ranking.firstOfTiers(groupsOf(), within, RELAX_CANDIDATES)
        : this.ranking.rank(any, within, RELAX_CANDIDATES);
    // Which candidates hold each kind of each group: the kind's posting lists, kept in memory, as FTS5 would match.
    const capacity = this.facets.alive.capacity;
    const holders = new Map<string, boolean[]>();
    const holds = (g: number, kind: Alternative['expansion']) => {
      const key = `${g} ${kind ?? ''}`;
      let found = holders.get(key);
      if (!found) {
        const held = slots.map(() => false);
        for (const alt of alternativesOf(plan.groups[g]!, kind))
          this.postings.holding(alternative(alt), slots, capacity).forEach((has, i) => (held[i] ||= has));
        holders.set(key, (found = held));
      }
      return found;
    };
    const candidates = slots.map((_, i) => heldWeights(plan, (g, kind) => holds(g, kind)[i]!));
    return mayRelax(weights, candidates);
  }

  /**
   * Adds typo corrections to every word no practice contains. A word being typed that is already a common
   * complete term is searched as that term: «дети» as a prefix would also match «детство», «детский» and every
   * other «дет…», three times the work for answers nobody asked for. A rarer one («робот») keeps its prefix,
   * so typing on («робото…») never loses what it found.
   */
  private withCorrections(plan: QueryPlan): QueryPlan {
    return {
      groups: plan.groups.map((typed) => {
        const finished = typed.alternatives.map((alt) =>
          alt.prefix && alt.stems.length === 1 && this.dictionary.docs(alt.stems[0]!) >= COMMON_TERM_DOCS
            ? { ...alt, prefix: false }
            : alt,
        );
        const group = { ...typed, alternatives: finished };
        if (group.quoted || group.words.length !== 1) return group;
        const known = group.alternatives.some(
          (alt) => alt.stems.length > 1 || this.dictionary.has(alt.stems[0]!, alt.prefix),
        );
        if (known) return group;
        const stem = group.alternatives[0]!.stems[0]!;
        const fixes = this.dictionary.corrections(stem, group.words[0]!);
        return {
          ...group,
          alternatives: [
            ...group.alternatives,
            ...fixes.map((f) => ({ stems: [f], prefix: false, expansion: 'correction' as const })),
          ],
        };
      }),
    };
  }

  /** Another process (an import, a reindex) changed the database: reload what is kept in memory. */
  private followOtherWriters(): void {
    if (!this.followsOtherWriters) return;
    const version = this.sqlite.pragma('data_version', { simple: true }) as number;
    if (version !== this.dataVersion) this.reload();
  }

  private reload(): void {
    this.facets.clear();
    this.postings.clear();
    this.bm25.clear();
    const rows = this.sqlite
      .prepare('SELECT practice_id, facets, published_at, views, adoptions FROM search_facets')
      .iterate() as Iterable<FacetsRow>;
    for (const row of rows) this.facets.upsert(facetRow(row));
    this.dictionary.markStale();
    this.dataVersion = this.sqlite.pragma('data_version', { simple: true }) as number;
    this.changes += 1;
    this.listener?.({ kind: 'reloaded' });
  }
}

const facetRow = (row: FacetsRow) => ({
  id: row.practice_id,
  facets: JSON.parse(row.facets) as Record<string, string[]>,
  publishedAt: row.published_at,
  views: row.views,
  adoptions: row.adoptions,
});
