/**
 * The text index's posting lists as sets of slots, kept in memory between searches: a broad word's matches are
 * read from FTS5 once (tens of thousands of rowids, ~10 ms at 100,000 practices) and then combined as bit sets in
 * well under a millisecond. Kept per alternative of a query (a stem, a prefix, a phrase, optionally within one
 * column), each as a bit set when frequent or a sorted list of slots when rare, within a memory budget.
 */
import type Database from 'better-sqlite3';
import { Bitset } from './bitset.js';

/** What the kept posting lists may take together; the least recently used go first beyond it. */
const BUDGET_BYTES = 64 * 1024 * 1024;

/** A posting list: a bit set over slots, or (for a rare term, far smaller) the sorted slots themselves. */
type Posting = Bitset | Int32Array;

const bytesOf = (posting: Posting) => (posting instanceof Bitset ? posting.words.byteLength : posting.byteLength);

export class Postings {
  /** Insertion order is use order: a hit is moved to the end, eviction takes from the front. */
  private readonly kept = new Map<string, Posting>();
  private bytes = 0;
  private readonly matchAll: Database.Statement<[string], string | null>;

  /** `slotOf` maps a practice id to its slot (undefined for one the facet index does not hold). */
  constructor(
    sqlite: Database.Database,
    private readonly slotOf: (id: number) => number | undefined,
  ) {
    // One string of every matching rowid: SQLite steps through the matches in C, JS parses one value.
    this.matchAll = sqlite
      .prepare('SELECT group_concat(rowid) FROM search_fts WHERE search_fts MATCH ?')
      .pluck() as never;
  }

  /** Forgets every posting list: the text index or the slots changed. */
  clear(): void {
    this.kept.clear();
    this.bytes = 0;
  }

  /** ORs the slots matching one FTS5 expression (an alternative, no operators between terms) into `into`. */
  addTo(into: Bitset, expression: string): void {
    const posting = this.get(expression, into.capacity);
    if (posting instanceof Bitset) into.or(posting);
    else for (const slot of posting) into.set(slot);
  }

  /** How many slots match `expression`. */
  count(expression: string, capacity: number): number {
    const posting = this.get(expression, capacity);
    return posting instanceof Bitset ? posting.count() : posting.length;
  }

  private get(expression: string, capacity: number): Posting {
    const kept = this.kept.get(expression);
    if (kept && (!(kept instanceof Bitset) || kept.capacity >= capacity)) {
      this.kept.delete(expression);
      this.kept.set(expression, kept);
      return kept;
    }
    const posting = this.read(expression, capacity);
    if (kept) this.bytes -= bytesOf(kept);
    this.kept.set(expression, posting);
    this.bytes += bytesOf(posting);
    for (const [key, old] of this.kept) {
      if (this.bytes <= BUDGET_BYTES || key === expression) break;
      this.kept.delete(key);
      this.bytes -= bytesOf(old);
    }
    return posting;
  }

  /** Reads the posting list from FTS5: a list of slots while that is smaller than a bit set, else a bit set. */
  private read(expression: string, capacity: number): Posting {
    const ids = this.matchAll.get(expression);
    const slots: number[] = [];
    if (ids) {
      let value = 0;
      for (let i = 0; i <= ids.length; i += 1) {
        const c = i < ids.length ? ids.charCodeAt(i) : 44;
        if (c === 44) {
          const slot = this.slotOf(value);
          if (slot !== undefined) slots.push(slot);
          value = 0;
        } else value = value * 10 + (c - 48);
      }
    }
    if (slots.length * 32 < capacity) return Int32Array.from(slots).sort();
    const set = new Bitset(capacity);
    for (const slot of slots) set.set(slot);
    return set;
  }
}
