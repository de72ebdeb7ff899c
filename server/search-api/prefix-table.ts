/**
 * A sorted index of folded names for prefix lookups: what suggestions as you type read. Two sorted arrays and a
 * binary search each, no map of every prefix nor a string per word of every name:
 * - the names themselves in sorted order (as indices), for names starting with what was typed;
 * - every distinct inner word once, sorted, each with the list of names holding it, for names with a word that
 *   does («работа с родителями» is found by «род» and «родителями»).
 * A lookup costs a logarithm and the few entries it reads, whatever the size of the bank; at 100,000 titles the
 * index is the titles' folded text, ~10,000 distinct words and one 32-bit integer per word of a title.
 */
import { normalize, words } from '../../search/analysis/normalize.js';

/** Text as suggestions compare it: folded like search (case, ё/е, Latin look-alikes), punctuation and «№» dropped. */
export function suggestKey(text: string): string {
  return words(normalize(text)).join(' ');
}

/** Words of one letter start nothing a person types: they are not looked up as inner words. */
const MIN_WORD = 2;
/**
 * Names a phrase's lookup checks at most: its first word may be in most titles («как средство …»); checking
 * 10,000 names for the rest of the phrase costs well under a millisecond.
 */
const PHRASE_READS = 10_000;

/** First index in `[0, length)` whose item is not below `prefix` (items sorted by code unit). */
function lowerBound(length: number, at: (i: number) => string, prefix: string): number {
  let low = 0;
  let high = length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (at(mid) < prefix) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** Folded names, each belonging to an entry of the caller's list (`refs[i]` is the entry of `names[i]`). */
export class PrefixIndex {
  /** Indices of `names` sorted by name. */
  private readonly sorted: Int32Array;
  /** Distinct inner words (every word but a name's first), sorted. */
  private readonly words: string[];
  /** Where each word's list of names begins in `holders`; one more item marks the end of the last. */
  private readonly starts: Int32Array;
  /** Indices of names, word after word, each list in the names' order. */
  private readonly holders: Int32Array;

  constructor(
    private readonly names: readonly string[],
    private readonly refs: Int32Array,
  ) {
    const byName = (a: number, b: number) => {
      const x = names[a]!;
      const y = names[b]!;
      return x < y ? -1 : x > y ? 1 : a - b;
    };
    this.sorted = Int32Array.from(names.keys()).sort(byName);
    // Inner words: counted first, so the lists fill one typed array instead of a JS array per word.
    const counts = new Map<string, number>();
    const innerWords = names.map((name) => {
      const list = [...new Set(name.split(' ').slice(1))].filter((w) => w.length >= MIN_WORD);
      for (const word of list) counts.set(word, (counts.get(word) ?? 0) + 1);
      return list;
    });
    this.words = [...counts.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const slot = new Map<string, number>();
    this.starts = new Int32Array(this.words.length + 1);
    this.words.forEach((word, w) => {
      slot.set(word, w);
      this.starts[w + 1] = this.starts[w]! + counts.get(word)!;
    });
    const fill = this.starts.slice(0, this.words.length);
    this.holders = new Int32Array(this.starts[this.words.length]!);
    innerWords.forEach((list, name) => {
      for (const word of list) this.holders[fill[slot.get(word)!]!++] = name;
    });
  }

  /** How many names the index holds. */
  get size(): number {
    return this.names.length;
  }

  /** Entries (refs) whose name starts with `prefix`, in name order, reading at most `limit` names. */
  starting(prefix: string, limit: number): number[] {
    const found: number[] = [];
    const from = lowerBound(this.sorted.length, (i) => this.names[this.sorted[i]!]!, prefix);
    for (let i = from, end = Math.min(this.sorted.length, from + limit); i < end; i += 1) {
      const name = this.sorted[i]!;
      if (!this.names[name]!.startsWith(prefix)) break;
      found.push(this.refs[name]!);
    }
    return found;
  }

  /**
   * Entries (refs) with an inner word starting with `prefix` — or, for a prefix of several words, with its first
   * word whole and the rest following it: at most `limit`, reading at most `PHRASE_READS` names for a phrase.
   */
  containing(prefix: string, limit: number): number[] {
    const space = prefix.indexOf(' ');
    const first = space === -1 ? prefix : prefix.slice(0, space);
    if (first.length < MIN_WORD) return [];
    const found: number[] = [];
    let read = 0;
    for (let w = lowerBound(this.words.length, (i) => this.words[i]!, first); w < this.words.length; w += 1) {
      const word = this.words[w]!;
      if (space === -1 ? !word.startsWith(first) : word !== first) break;
      for (let h = this.starts[w]!, end = this.starts[w + 1]!; h < end; h += 1) {
        if (found.length === limit || read === PHRASE_READS) return found;
        read += 1;
        const name = this.holders[h]!;
        if (space === -1 || this.names[name]!.includes(` ${prefix}`)) found.push(this.refs[name]!);
      }
    }
    return found;
  }
}
