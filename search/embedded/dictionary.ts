/**
 * The indexed terms and how many practices hold each: where typo corrections come from. Read from FTS5's
 * vocabulary table, kept in memory, and reloaded lazily after the index changes.
 */
import type Database from 'better-sqlite3';
import { allowedTypos, boundedDistance } from '../analysis/fuzzy.js';

const RELOAD_AFTER_MS = 5_000;
const MAX_CORRECTIONS = 3;
const KNOWN_MAX = 50_000;

export class TermDictionary {
  private byFirstLetter = new Map<string, { term: string; docs: number }[]>();
  private loadedAt = 0;
  private stale = true;
  private readonly exact: Database.Statement<[string], { doc: number }>;
  private readonly prefix: Database.Statement<[string, string], { doc: number }>;

  constructor(private readonly sqlite: Database.Database) {
    this.exact = sqlite.prepare('SELECT doc FROM search_vocab WHERE term = ?');
    this.prefix = sqlite.prepare('SELECT doc FROM search_vocab WHERE term >= ? AND term < ? LIMIT 1');
  }

  markStale(): void {
    this.stale = true;
    this.known.clear();
  }

  /**
   * Answers of `has` and `docs` since the index last changed. FTS5's vocabulary table counts a term's documents by
   * reading its whole posting list: «дет» cost ~1 ms at 100,000 practices, and a question asks for several terms.
   */
  private readonly known = new Map<string, number>();

  private remember(key: string, ask: () => number): number {
    let value = this.known.get(key);
    if (value === undefined) {
      // Bounded like the posting lists: the terms people type are a few thousand, a flood of junk is not kept.
      if (this.known.size >= KNOWN_MAX) this.known.clear();
      this.known.set(key, (value = ask()));
    }
    return value;
  }

  /** Whether any practice holds the term (or, for a prefix, a term starting with it). */
  has(term: string, asPrefix: boolean): boolean {
    if (!asPrefix) return this.docs(term) > 0;
    return this.remember(`${term}*`, () => (this.prefix.get(term, `${term}\uffff`) === undefined ? 0 : 1)) > 0;
  }

  /** How many practices hold exactly this term. */
  docs(term: string): number {
    return this.remember(term, () => this.exact.get(term)?.doc ?? 0);
  }

  /** Indexed terms within the typos `word` allows of `stem`, closest and commonest first. */
  corrections(stem: string, word: string): string[] {
    const max = allowedTypos(word);
    if (max === 0) return [];
    this.reloadIfStale();
    const candidates = this.byFirstLetter.get(stem[0] ?? '') ?? [];
    return candidates
      .map((c) => ({ ...c, distance: boundedDistance(stem, c.term, max) }))
      .filter((c) => c.distance <= max && c.distance > 0)
      .sort((a, b) => a.distance - b.distance || b.docs - a.docs)
      .slice(0, MAX_CORRECTIONS)
      .map((c) => c.term);
  }

  private reloadIfStale(): void {
    // Reloading reads every term: after a change, at most once per RELOAD_AFTER_MS. A correction that is a few
    // seconds late costs little; a reload per keystroke while a moderator publishes would cost every search.
    if (!this.stale || (this.loadedAt > 0 && Date.now() - this.loadedAt < RELOAD_AFTER_MS)) return;
    const byFirstLetter = new Map<string, { term: string; docs: number }[]>();
    for (const row of this.sqlite.prepare('SELECT term, doc FROM search_vocab').iterate() as Iterable<{
      term: string;
      doc: number;
    }>) {
      const first = row.term[0] ?? '';
      let list = byFirstLetter.get(first);
      if (!list) byFirstLetter.set(first, (list = []));
      list.push({ term: row.term, docs: row.doc });
    }
    this.byFirstLetter = byFirstLetter;
    this.loadedAt = Date.now();
    this.stale = false;
  }
}
