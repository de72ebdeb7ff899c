/**
 * A sorted table of keys for prefix lookups: what suggestions as you type read. A binary search finds where the
 * keys starting with a prefix begin, and they follow one another from there, so a lookup costs a logarithm and the
 * few entries it reads, whatever the size of the bank.
 */
import { normalize, words } from '../../search/analysis/normalize.js';

/** Text as suggestions compare it: folded like search (case, ё/е, Latin look-alikes), punctuation and «№» dropped. */
export function suggestKey(text: string): string {
  return words(normalize(text)).join(' ');
}

/**
 * The keys under which a text is found: the text from each of its words on («работа с родителями» is found by
 * «раб», «род» and «с род»), first the whole text. Words of one letter start nothing a person types.
 */
export function keysOf(key: string): string[] {
  const keys = [key];
  for (let at = key.indexOf(' '); at !== -1; at = key.indexOf(' ', at + 1))
    if (key.length - at > 2 && key[at + 2] !== ' ') keys.push(key.slice(at + 1));
  return keys;
}

/** Keys sorted by code unit, each pointing at an item of the caller's list. */
export class PrefixTable {
  private readonly keys: string[];
  private readonly refs: Int32Array;

  /** Builds the table from unsorted `(key, ref)` pairs. */
  constructor(entries: { key: string; ref: number }[]) {
    entries.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.ref - b.ref));
    this.keys = entries.map((e) => e.key);
    this.refs = Int32Array.from(entries, (e) => e.ref);
  }

  get size(): number {
    return this.keys.length;
  }

  /** The refs of keys starting with `prefix`, in key order, reading at most `limit` keys. */
  *starting(prefix: string, limit: number): Generator<number> {
    let low = 0;
    let high = this.keys.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.keys[mid]! < prefix) low = mid + 1;
      else high = mid;
    }
    for (let i = low, end = Math.min(this.keys.length, low + limit); i < end; i += 1) {
      if (!this.keys[i]!.startsWith(prefix)) return;
      yield this.refs[i]!;
    }
  }
}
