/**
 * The text index's posting lists as sets of slots, kept in memory between searches: a broad word's matches are
 * read from FTS5 once (tens of thousands of rowids, ~10 ms at 100,000 practices) and then combined as bit sets in
 * well under a millisecond. Kept per alternative of a query (a stem, a prefix, a phrase, optionally within one
 * column), each as a bit set when frequent or a sorted list of slots when rare, within a memory budget.
 */
import type Database from 'better-sqlite3';
import { Bitset } from './bitset.js';
import type { Frequencies } from './bm25.js';

/** What the kept posting lists may take together; the least recently used go first beyond it. */
const BUDGET_BYTES = 64 * 1024 * 1024;

/** A posting list: a bit set over slots, or (for a rare term, far smaller) the sorted slots themselves. */
type Posting = Bitset | Int32Array;

const bytesOf = (kept: Posting | Frequencies) =>
  kept instanceof Bitset
    ? kept.words.byteLength
    : kept instanceof Int32Array
      ? kept.byteLength
      : kept.slots.byteLength + kept.weights.byteLength;

export class Postings {
  /** Insertion order is use order: a hit is moved to the end, eviction takes from the front. */
  private readonly kept = new Map<string, Posting | Frequencies>();
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

  /**
   * Which of `slots` match `expression`: a look-up per slot in the kept list, where `addTo` would copy the whole
   * list (a bit set of 100,000 slots) to ask about a page's thirty practices.
   */
  holding(expression: string, slots: readonly number[], capacity: number): boolean[] {
    const posting = this.get(expression, capacity);
    if (posting instanceof Bitset) return slots.map((slot) => posting.has(slot));
    return slots.map((slot) => {
      let low = 0;
      let high = posting.length;
      while (low < high) {
        const middle = (low + high) >>> 1;
        if (posting[middle]! < slot) low = middle + 1;
        else high = middle;
      }
      return posting[low] === slot;
    });
  }

  /** How many slots match `expression`. */
  count(expression: string, capacity: number): number {
    const posting = this.get(expression, capacity);
    return posting instanceof Bitset ? posting.count() : posting.length;
  }

  /**
   * A phrase's weighted frequencies per slot (see bm25.ts), kept beside the posting lists within the same budget
   * and forgotten with them; `read` reads them from the index when they are not kept.
   */
  frequencies(key: string, read: () => Frequencies): Frequencies {
    const kept = this.kept.get(`tf ${key}`);
    if (kept && !(kept instanceof Bitset) && !(kept instanceof Int32Array)) {
      this.touch(`tf ${key}`, kept);
      return kept;
    }
    const frequencies = read();
    this.keep(`tf ${key}`, frequencies);
    return frequencies;
  }

  private get(expression: string, capacity: number): Posting {
    const kept = this.kept.get(expression) as Posting | undefined;
    if (kept && (!(kept instanceof Bitset) || kept.capacity >= capacity)) {
      this.touch(expression, kept);
      return kept;
    }
    const posting = this.read(expression, capacity);
    this.keep(expression, posting);
    return posting;
  }

  /** Marks a kept entry as just used: a hit is moved to the end, eviction takes from the front. */
  private touch(key: string, kept: Posting | Frequencies): void {
    this.kept.delete(key);
    this.kept.set(key, kept);
  }

  /** Keeps an entry (replacing an older one of the key), dropping the least recently used beyond the budget. */
  private keep(key: string, entry: Posting | Frequencies): void {
    const old = this.kept.get(key);
    if (old) this.bytes -= bytesOf(old);
    this.kept.delete(key);
    this.kept.set(key, entry);
    this.bytes += bytesOf(entry);
    for (const [k, oldest] of this.kept) {
      if (this.bytes <= BUDGET_BYTES || k === key) break;
      this.kept.delete(k);
      this.bytes -= bytesOf(oldest);
    }
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
