/**
 * FTS5's bm25, computed here for a few candidates instead of by FTS5. Before scoring anything, FTS5's bm25 reads
 * the whole posting list of every phrase of the query to count the practices holding it (its idf): an everyday
 * question's common words («дет», «умеют», «знают») cost 5–20 ms of CPU a search at 100,000 practices, whatever the
 * number of matches. Here document counts come from the kept posting lists, and each informative phrase's weighted
 * frequencies per practice are read from the index once (fts5vocab's instance table) and kept with them, so a search
 * scores its candidates with arithmetic alone. The formula, its constants and the column weights are FTS5's own
 * (fts5_aux.c, the rank of migration 0019), so the order is the one `ORDER BY rank, rowid` gives.
 */
import type Database from 'better-sqlite3';
import type { Alternative } from '../analysis/query.js';

/** FTS5's bm25 constants. */
const K1 = 1.2;
const B = 0.75;
/** The search_fts columns' weights in their order: `bm25(10.0, 5.0, 3.0, 2.0, 1.0)`, migration 0019_search_names. */
const COLUMN_WEIGHTS: Record<string, number> = { title: 10, terms: 5, summary: 3, names: 2, body: 1 };
/** FTS5 never lets an idf fall to zero or below: a phrase more than half the practices hold weighs a millionth. */
const MIN_IDF = 1e-6;

/** bm25's inverse document frequency of a phrase `holding` of `rows` rows hold, as FTS5 computes it. */
export function bm25Idf(rows: number, holding: number): number {
  const idf = Math.log((rows - holding + 0.5) / (holding + 0.5));
  return idf > 0 ? idf : MIN_IDF;
}

/** One phrase's weighted frequency in each practice holding it: slots ascending, and the matching weights. */
export interface Frequencies {
  slots: Int32Array;
  weights: Uint16Array;
  /** How many rows of the index hold the phrase: its document frequency. */
  rows: number;
}

/** Whether the frequencies of an alternative can be read here: a term or phrase, its last word exact or a prefix. */
export const scorable = (alt: Alternative) => !alt.near;

interface Instances {
  docs: Int32Array;
  weights: Int32Array;
  offsets: Int32Array;
}

/** Instances ordered by practice id (then as they came): several terms' lists, one after another, merged. */
function byDoc(list: Instances): Instances {
  const order = [...list.docs.keys()].sort((a, b) => list.docs[a]! - list.docs[b]! || a - b);
  return {
    docs: Int32Array.from(order, (i) => list.docs[i]!),
    weights: Int32Array.from(order, (i) => list.weights[i]!),
    offsets: Int32Array.from(order, (i) => list.offsets[i]!),
  };
}

/** A SQLite varint (big-endian, 7 bits a byte, the ninth byte whole), as FTS5 writes its records. */
function readVarints(blob: Uint8Array): number[] {
  const values: number[] = [];
  let at = 0;
  while (at < blob.length) {
    let value = 0;
    for (let i = 0; at < blob.length; i += 1) {
      const byte = blob[at++]!;
      if (i === 8) {
        value = value * 256 + byte;
        break;
      }
      value = value * 128 + (byte & 0x7f);
      if ((byte & 0x80) === 0) break;
    }
    values.push(value);
  }
  return values;
}

export class Bm25 {
  private readonly instances: Database.Statement<[string, string], string | null>;
  private readonly docSize: Database.Statement<[number], Buffer | undefined>;
  private readonly averages: Database.Statement<[], Buffer | undefined>;
  /** Each practice's length in tokens (all columns), by id; 0 while not read. */
  private lengths = new Uint32Array(1024);

  constructor(sqlite: Database.Database) {
    // A temporary table: it lives with this connection, needs no migration, and reads the bank's own index.
    sqlite.exec(
      "CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_instances USING fts5vocab(main, 'search_fts', 'instance')",
    );
    const weight = `CASE col ${Object.entries(COLUMN_WEIGHTS)
      .map(([column, w]) => `WHEN '${column}' THEN ${w}`)
      .join(' ')} ELSE 1 END`;
    // One string for the whole list (SQLite steps through it in C, JS parses one value), as Postings reads rowids.
    this.instances = sqlite
      .prepare(
        `SELECT group_concat(doc || ' ' || ${weight} || ' ' || "offset", ' ') FROM temp.search_instances WHERE term >= ? AND term <= ?`,
      )
      .pluck() as never;
    this.docSize = sqlite.prepare('SELECT sz FROM search_fts_docsize WHERE id = ?').pluck() as never;
    this.averages = sqlite.prepare('SELECT block FROM search_fts_data WHERE id = 1').pluck() as never;
  }

  /** Forgets the length of practice `id`: it was indexed again or removed. */
  forget(id: number): void {
    if (id < this.lengths.length) this.lengths[id] = 0;
  }

  /** Forgets every length: the index was rebuilt or changed behind this connection. */
  clear(): void {
    this.lengths.fill(0);
  }

  /**
   * The weighted frequencies of one scorable alternative, read from the index: every instance of the term (or of
   * every term it begins) with its column's weight; for a phrase, the instances of its first word followed by the
   * others in the same column. `slotOf` maps a practice id to its slot.
   */
  read(alt: Alternative, slotOf: (id: number) => number | undefined): Frequencies {
    const last = alt.stems.length - 1;
    const lists = alt.stems.map((term, i) => this.instancesOf(term, alt.prefix && i === last ? `${term}\uffff` : term));
    // Every term's instances come by practice id; a prefix's terms come one after another.
    if (alt.prefix) lists[last] = byDoc(lists[last]!);
    const [first, ...rest] = lists;
    const { docs, weights, offsets } = first!;
    const at = new Int32Array(rest.length);
    const found: number[] = [];
    const frequency: number[] = [];
    for (let i = 0; i < docs.length; i += 1) {
      const doc = docs[i]!;
      // A phrase's word n stands at the first word's offset + n in the same column (weights tell columns apart).
      let follows = true;
      for (let n = 0; n < rest.length && follows; n += 1) {
        const list = rest[n]!;
        while (at[n]! < list.docs.length && list.docs[at[n]!]! < doc) at[n]! += 1;
        follows = false;
        for (let j = at[n]!; j < list.docs.length && list.docs[j] === doc && !follows; j += 1)
          follows = list.weights[j] === weights[i] && list.offsets[j] === offsets[i]! + n + 1;
      }
      if (!follows) continue;
      if (found[found.length - 1] === doc) frequency[frequency.length - 1]! += weights[i]!;
      else {
        found.push(doc);
        frequency.push(weights[i]!);
      }
    }
    // Sorted by slot in one numeric sort: slot and frequency packed into one number.
    const packed = new Float64Array(found.length);
    let n = 0;
    for (let i = 0; i < found.length; i += 1) {
      const slot = slotOf(found[i]!);
      if (slot !== undefined) packed[n++] = slot * 0x10000 + Math.min(0xffff, frequency[i]!);
    }
    const sorted = packed.subarray(0, n).sort();
    const slots = new Int32Array(n);
    const held = new Uint16Array(n);
    for (let i = 0; i < n; i += 1) {
      slots[i] = Math.floor(sorted[i]! / 0x10000);
      held[i] = sorted[i]! % 0x10000;
    }
    return { slots, weights: held, rows: found.length };
  }

  /** Every instance of the terms from `from` to `to`: practice id, its column's weight, offset in the column. */
  private instancesOf(from: string, to: string): Instances {
    const list = this.instances.get(from, to) ?? '';
    let values = 0;
    for (let i = 0; i < list.length; i += 1) if (list.charCodeAt(i) === 32) values += 1;
    const size = list.length === 0 ? 0 : (values + 1) / 3;
    const found: Instances = {
      docs: new Int32Array(size),
      weights: new Int32Array(size),
      offsets: new Int32Array(size),
    };
    let field = 0;
    let index = 0;
    let value = 0;
    for (let i = 0; i <= list.length && size > 0; i += 1) {
      const c = i < list.length ? list.charCodeAt(i) : 32;
      if (c !== 32) {
        value = value * 10 + (c - 48);
        continue;
      }
      if (field === 0) found.docs[index] = value;
      else if (field === 1) found.weights[index] = value;
      else found.offsets[index++] = value;
      field = field === 2 ? 0 : field + 1;
      value = 0;
    }
    return found;
  }

  /** The index's row count and average row length in tokens, as bm25 takes them (FTS5's "averages" record). */
  corpus(): { rows: number; averageLength: number } {
    const blob = this.averages.get();
    const [rows = 0, ...columns] = blob ? readVarints(blob) : [];
    const tokens = columns.reduce((sum, n) => sum + n, 0);
    const n = Math.max(rows, 1);
    return { rows: n, averageLength: tokens / n };
  }

  /** Practice `id`'s length in tokens over every column. */
  lengthOf(id: number): number {
    if (id >= this.lengths.length) {
      const grown = new Uint32Array(Math.max(id + 1, this.lengths.length * 2));
      grown.set(this.lengths);
      this.lengths = grown;
    }
    let length = this.lengths[id]!;
    if (length === 0) {
      const blob = this.docSize.get(id);
      length = blob ? readVarints(blob).reduce((sum, n) => sum + n, 0) : 0;
      this.lengths[id] = length;
    }
    return length;
  }

  /**
   * bm25 of each candidate (`slots` ascending, `ids` their practice ids) for phrases with document counts
   * `holding` and frequencies `frequencies` (undefined for a phrase whose idf is the floor: more than half the
   * practices hold it, and it adds at most a few millionths, so its list is not read).
   */
  score(
    slots: Int32Array,
    ids: Int32Array,
    phrases: readonly { holding: number; frequencies: Frequencies | undefined }[],
  ): Float64Array {
    const { rows, averageLength } = this.corpus();
    const scores = new Float64Array(slots.length);
    const norms = new Float64Array(slots.length);
    for (let i = 0; i < slots.length; i += 1) norms[i] = K1 * (1 - B + (B * this.lengthOf(ids[i]!)) / averageLength);
    for (const { holding, frequencies } of phrases) {
      const idf = bm25Idf(rows, holding);
      if (!frequencies) continue;
      // Both lists ascend by slot: one merge finds every candidate's frequency.
      const { slots: held, weights } = frequencies;
      let j = 0;
      for (let i = 0; i < slots.length; i += 1) {
        const slot = slots[i]!;
        while (j < held.length && held[j]! < slot) j += 1;
        if (j === held.length) break;
        if (held[j] !== slot) continue;
        const f = weights[j]!;
        scores[i]! += idf * ((f * (K1 + 1)) / (f + norms[i]!));
      }
    }
    return scores;
  }
}
