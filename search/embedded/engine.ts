/**
 * The embedded engine: SQLite FTS5 inside the bank's database for text, in-memory bit sets for filters, facets
 * and sorting. Index writes join the caller's transaction, so what is published is searchable at once.
 */
import type Database from 'better-sqlite3';
import { sql } from 'drizzle-orm';
import { afterCommit, type Db, type Tx } from '../../server/db/client.js';
import type { QueryPlan } from '../analysis/query.js';
import { analyseDocument, FIELD_WEIGHTS } from '../document.js';
import { emptyFacetCounts, type SearchDocument, type SearchEngine, type SearchRequest, type SearchResponse } from '../port.js';
import { Bitset } from './bitset.js';
import { TermDictionary } from './dictionary.js';
import { FacetIndex, type FacetRow } from './facet-index.js';
import { toMatchExpression } from './fts-query.js';

/** Fewer matches of every word than this, and a query of several words is relaxed to any of its words. */
export const RELAX_BELOW = 5;

interface FacetsRow {
  practice_id: number;
  levels: string;
  subjects: string;
  technologies: string;
  directions: string;
  municipality: string;
  organization_type: string;
  year: number;
  published_at: number;
  views: number;
}

const toFacetRow = (r: FacetsRow): FacetRow => ({
  id: r.practice_id,
  levels: JSON.parse(r.levels) as string[],
  subjects: JSON.parse(r.subjects) as string[],
  technologies: JSON.parse(r.technologies) as string[],
  directions: JSON.parse(r.directions) as string[],
  municipality: r.municipality,
  organizationType: r.organization_type,
  year: r.year,
  publishedAt: r.published_at,
  views: r.views,
});

const FACETS_SELECT = `SELECT f.*, coalesce(p.view_count, 0) AS views FROM search_facets f LEFT JOIN practices p ON p.id = f.practice_id`;
const WEIGHTS = `${FIELD_WEIGHTS.title}, ${FIELD_WEIGHTS.terms}, ${FIELD_WEIGHTS.summary}, ${FIELD_WEIGHTS.body}`;

export class EmbeddedEngine implements SearchEngine {
  readonly name = 'embedded' as const;
  private readonly sqlite: Database.Database;
  private readonly facets = new FacetIndex();
  private readonly dictionary: TermDictionary;
  private dataVersion = -1;
  private readonly matchStatement: Database.Statement<[string], [number, number]>;

  constructor(private readonly db: Db) {
    this.sqlite = db.$client;
    this.dictionary = new TermDictionary(this.sqlite);
    this.matchStatement = this.sqlite.prepare(`SELECT rowid, bm25(search_fts, ${WEIGHTS}) FROM search_fts WHERE search_fts MATCH ?`).raw() as never;
  }

  async start(): Promise<void> {
    this.reload();
  }

  index(tx: Tx, doc: SearchDocument): void {
    const fields = analyseDocument(doc);
    tx.run(sql`DELETE FROM search_fts WHERE rowid = ${doc.id}`);
    tx.run(sql`INSERT INTO search_fts (rowid, title, terms, summary, body) VALUES (${doc.id}, ${fields.title}, ${fields.terms}, ${fields.summary}, ${fields.body})`);
    tx.run(sql`INSERT OR REPLACE INTO search_facets (practice_id, levels, subjects, technologies, directions, municipality, organization_type, year, published_at)
      VALUES (${doc.id}, ${JSON.stringify(doc.levels)}, ${JSON.stringify(doc.subjects)}, ${JSON.stringify(doc.technologies)}, ${JSON.stringify(doc.directions)},
              ${doc.municipality}, ${doc.organizationType}, ${doc.year}, ${doc.publishedAt})`);
    afterCommit(() => {
      this.facets.upsert(doc);
      this.dictionary.markStale();
    });
  }

  remove(tx: Tx, id: number): void {
    tx.run(sql`DELETE FROM search_fts WHERE rowid = ${id}`);
    tx.run(sql`DELETE FROM search_facets WHERE practice_id = ${id}`);
    afterCommit(() => {
      this.facets.remove(id);
      this.dictionary.markStale();
    });
  }

  async reindex(batches: AsyncIterable<SearchDocument[]> | Iterable<SearchDocument[]>): Promise<number> {
    // Upserts every document in batches and then drops the rest, so searches keep working while it runs.
    const seen = new Set<number>();
    for await (const batch of batches) {
      this.db.transaction((tx) => {
        for (const doc of batch) {
          this.index(tx, doc);
          seen.add(doc.id);
        }
      }, { behavior: 'immediate' });
    }
    const stale = (this.sqlite.prepare('SELECT practice_id FROM search_facets').pluck().all() as number[]).filter((id) => !seen.has(id));
    this.db.transaction((tx) => stale.forEach((id) => this.remove(tx, id)), { behavior: 'immediate' });
    this.sqlite.exec("INSERT INTO search_fts(search_fts) VALUES ('optimize')");
    this.reload();
    return seen.size;
  }

  viewed(id: number, views: number): void {
    this.facets.setViews(id, views);
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
      return this.respond(request, this.facets.alive, filtered, undefined, undefined, false);
    }
    const corrected = this.withCorrections(plan);
    let match = this.match(toMatchExpression(corrected, 'all'));
    let filtered = this.facets.filter(match.set, filters);
    let preferred: Bitset | undefined;
    let relaxed = false;
    const widenable = corrected.groups.filter((g) => !g.quoted).length >= 2;
    if (widenable && filtered.count() < RELAX_BELOW) {
      // A natural question («как развивать речь у детей с ОВЗ») need not contain every word: practices with all
      // of them come first, then those with some.
      preferred = filtered;
      match = this.match(toMatchExpression(corrected, 'any'));
      filtered = this.facets.filter(match.set, filters);
      relaxed = filtered.count() > preferred.count();
    }
    const corrections = corrected.groups.flatMap((g, i) => g.alternatives.slice(plan.groups[i]!.alternatives.length).flatMap((a) => a.stems));
    return { ...this.respond(request, match.set, filtered, match.scores, preferred, relaxed), corrections };
  }

  private respond(request: SearchRequest, base: Bitset, filtered: Bitset, scores: Float64Array | undefined, preferred: Bitset | undefined, relaxed: boolean): SearchResponse {
    const total = filtered.count();
    const facets = total === 0 && base.count() === 0 ? emptyFacetCounts() : this.facets.facetCounts(base, request.filters, filtered);
    let slots: number[];
    if (request.offset >= total) slots = [];
    else if (request.sort === 'relevance' && scores) slots = this.byRelevance(filtered, scores, preferred, request.offset + request.limit).slice(request.offset);
    else slots = this.facets.page(filtered, request.sort === 'views' ? 'views' : 'newest', request.offset, request.limit);
    return { ids: slots.map((s) => this.facets.idAt(s)), total, facets, relaxed };
  }

  /** Top `k` slots: preferred (all words) first, then by bm25 (lower is better), then newest. */
  private byRelevance(set: Bitset, scores: Float64Array, preferred: Bitset | undefined, k: number): number[] {
    const slots = [...set.slots()];
    const rank = (slot: number) => (preferred?.has(slot) ? -1e9 : 0) + scores[slot]!;
    const compare = (a: number, b: number) => rank(a) - rank(b) || this.facets.newer(a, b);
    if (slots.length <= k * 4) return slots.sort(compare).slice(0, k);
    // Keep only the best k while scanning: far cheaper than sorting tens of thousands of matches.
    const best: number[] = [];
    for (const slot of slots) {
      if (best.length === k && compare(slot, best[k - 1]!) >= 0) continue;
      let lo = 0;
      let hi = best.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (compare(best[mid]!, slot) <= 0) lo = mid + 1;
        else hi = mid;
      }
      best.splice(lo, 0, slot);
      if (best.length > k) best.pop();
    }
    return best;
  }

  private match(expression: string): { set: Bitset; scores: Float64Array } {
    const set = new Bitset(this.facets.alive.capacity);
    const scores = new Float64Array(set.capacity);
    for (const [id, score] of this.matchStatement.iterate(expression)) {
      const slot = this.facets.slotOf(id);
      if (slot === undefined) continue;
      set.set(slot);
      scores[slot] = score;
    }
    return { set, scores };
  }

  /** Adds typo corrections to every word no practice contains. */
  private withCorrections(plan: QueryPlan): QueryPlan {
    return {
      groups: plan.groups.map((group) => {
        if (group.quoted || group.words.length !== 1) return group;
        const known = group.alternatives.some((alt) => alt.stems.length > 1 || this.dictionary.has(alt.stems[0]!, alt.prefix));
        if (known) return group;
        const stem = group.alternatives[0]!.stems[0]!;
        const fixes = this.dictionary.corrections(stem, group.words[0]!);
        return { ...group, alternatives: [...group.alternatives, ...fixes.map((f) => ({ stems: [f], prefix: false }))] };
      }),
    };
  }

  /** Another process (an import, a reindex) changed the database: reload what is kept in memory. */
  private followOtherWriters(): void {
    const version = this.sqlite.pragma('data_version', { simple: true }) as number;
    if (version !== this.dataVersion) this.reload();
  }

  private reload(): void {
    this.facets.clear();
    for (const row of this.sqlite.prepare(FACETS_SELECT).iterate() as Iterable<FacetsRow>) this.facets.upsert(toFacetRow(row));
    this.dictionary.markStale();
    this.dataVersion = this.sqlite.pragma('data_version', { simple: true }) as number;
  }
}
