/** The in-memory lookups suggestions read: terms and organisations as entries, titles as columns. */
import { PrefixIndex, suggestKey } from './prefix-table.js';
import type { Suggestion } from './suggestions.js';

/** Names read per index and prefix: bounds a lookup's cost for a prefix that starts thousands of titles. */
const SCAN = 300;

/** A suggestion with what finds it and orders it. */
export interface Entry extends Suggestion {
  /** The practice's id (0 for terms and organisations). */
  id: number;
  /** The folded label: equal titles of different practices are suggested once. */
  key: string;
  /** Every folded text the entry is found by (a term's synonyms, an organisation's short name). */
  names: string[];
  /** For titles: the newer a practice, the sooner it is suggested among equals. */
  publishedAt: string;
}

/** A title as read from the bank. */
export interface TitleRow {
  id: number;
  title: string;
  registryNumber: string;
  publishedAt: string;
}

/** The suggestion of a published practice. */
export function practiceEntry({ id, title, registryNumber, publishedAt }: TitleRow, key = suggestKey(title)): Entry {
  const path = `/practices/${registryNumber}`;
  return { kind: 'practice', id, label: title, hint: 'Практика', path, key, names: [key], publishedAt };
}

/** Entries found by the start of any of their names (heads) before those found by an inner word. */
export interface Lookup {
  find(prefix: string): { heads: Entry[]; inner: Entry[] };
}

/** Terms and organisations: a few thousand entries, kept as they are. */
export function namedLookup(entries: Entry[]): Lookup {
  const names: string[] = [];
  const refs: number[] = [];
  entries.forEach((entry, ref) => {
    for (const name of entry.names) {
      names.push(name);
      refs.push(ref);
    }
  });
  const index = new PrefixIndex(names, Int32Array.from(refs));
  const read = (list: number[]) => list.map((ref) => entries[ref]!);
  return {
    find: (prefix) => ({ heads: read(index.starting(prefix, SCAN)), inner: read(index.containing(prefix, SCAN)) }),
  };
}

/** Titles: kept as columns, not an object each; the entries a lookup finds are made for it. */
export function titleLookup(rows: TitleRow[], keys: string[]): Lookup {
  const index = new PrefixIndex(keys, Int32Array.from(keys.keys()));
  const read = (list: number[]) => list.map((ref) => practiceEntry(rows[ref]!, keys[ref]));
  return {
    find: (prefix) => ({ heads: read(index.starting(prefix, SCAN)), inner: read(index.containing(prefix, SCAN)) }),
  };
}

/** Whether one of `entry`'s names starts with `prefix` (0), has a word that does (1), or neither (undefined). */
export function matchOf(entry: Entry, prefix: string): 0 | 1 | undefined {
  if (entry.names.some((name) => name.startsWith(prefix))) return 0;
  return entry.names.some((name) => name.includes(` ${prefix}`)) ? 1 : undefined;
}
