/**
 * The embedded engine's in-memory columns: facet values as bit sets, publication dates, views and adoptions per slot.
 * Text matching stays in FTS5; filtering, facet counting and sorting happen here, in a few milliseconds even
 * at 100,000 practices.
 */
import type { FacetCounts, FacetFields, Filters, OrderSort, SearchDocument } from '../port.js';
import { Bitset } from './bitset.js';

/** A tier holding fewer than 1/SPARSE_TIER of the slots is sorted by itself rather than found in the whole order. */
const SPARSE_TIER = 16;

export type FacetRow = Pick<SearchDocument, 'id' | 'facets' | 'publishedAt' | 'views' | 'adoptions'>;

export class FacetIndex {
  /** The declared facet names, in order. */
  private readonly names: string[];
  private capacity = 1024;
  /** Practice ids are dense integers: an array indexed by id, -1 where none, is far faster than a Map. */
  private slotById = new Int32Array(1024).fill(-1);
  private count = 0;
  private ids = new Int32Array(this.capacity);
  private publishedAt = new Float64Array(this.capacity);
  private views = new Float64Array(this.capacity);
  private adoptions = new Float64Array(this.capacity);
  private readonly valuesBySlot: (string[][] | undefined)[] = [];
  private readonly free: number[] = [];
  private next = 0;
  readonly alive = new Bitset(this.capacity);
  private readonly bitsets: Map<string, Map<string, Bitset>>;
  private orders = new Map<OrderSort, Int32Array>();
  /** Each slot's place in the order of the same name (kept and dropped with it). */
  private positions = new Map<OrderSort, Int32Array>();

  constructor(fields: FacetFields) {
    this.names = fields.map((f) => f.name);
    this.bitsets = new Map(this.names.map((f) => [f, new Map()]));
  }

  get size(): number {
    return this.count;
  }

  slotOf(id: number): number | undefined {
    const slot = id < this.slotById.length ? this.slotById[id]! : -1;
    return slot < 0 ? undefined : slot;
  }

  idAt(slot: number): number {
    return this.ids[slot]!;
  }

  publishedAtOf(slot: number): number {
    return this.publishedAt[slot]!;
  }

  upsert(doc: FacetRow): void {
    this.remove(doc.id);
    const slot = this.free.pop() ?? this.next++;
    if (slot >= this.capacity) this.growTo(this.capacity * 2);
    if (doc.id >= this.slotById.length) {
      const grown = new Int32Array(Math.max(doc.id + 1, this.slotById.length * 2)).fill(-1);
      grown.set(this.slotById);
      this.slotById = grown;
    }
    this.slotById[doc.id] = slot;
    this.count += 1;
    this.ids[slot] = doc.id;
    this.publishedAt[slot] = doc.publishedAt;
    this.views[slot] = doc.views;
    this.adoptions[slot] = doc.adoptions;
    this.alive.set(slot);
    const values = this.names.map((facet) => doc.facets[facet] ?? []);
    this.valuesBySlot[slot] = values;
    this.names.forEach((facet, i) => {
      const byValue = this.bitsets.get(facet)!;
      for (const value of values[i]!) {
        let set = byValue.get(value);
        if (!set) byValue.set(value, (set = new Bitset(this.capacity)));
        set.grow(this.capacity);
        set.set(slot);
      }
    });
    this.orders.clear();
    this.positions.clear();
  }

  remove(id: number): void {
    const slot = this.slotOf(id);
    if (slot === undefined) return;
    this.slotById[id] = -1;
    this.count -= 1;
    this.alive.clear(slot);
    this.valuesBySlot[slot]?.forEach((values, i) => {
      const byValue = this.bitsets.get(this.names[i]!)!;
      for (const value of values) byValue.get(value)?.clear(slot);
    });
    this.valuesBySlot[slot] = undefined;
    this.free.push(slot);
    this.orders.clear();
    this.positions.clear();
  }

  setViews(id: number, views: number): void {
    const slot = this.slotOf(id);
    if (slot === undefined) return;
    this.views[slot] = views;
    this.orders.delete('views');
    this.positions.delete('views');
  }

  clear(): void {
    for (const slot of [...this.alive.slots()]) this.remove(this.ids[slot]!);
    this.free.length = 0;
    this.next = 0;
  }

  /** Slots matching every facet's filter (any of its values), within `base`. */
  filter(base: Bitset, filters: Filters, except?: string): Bitset {
    const result = base.clone();
    for (const facet of this.names) {
      const values = filters[facet];
      if (!values || values.length === 0 || facet === except) continue;
      const union = new Bitset(this.capacity);
      for (const value of values) {
        const set = this.bitsets.get(facet)!.get(value);
        if (set) union.or(set);
      }
      result.and(union);
    }
    return result;
  }

  /** Facet counts; each facet ignores its own filter. `base` is the text match (or every document). */
  facetCounts(base: Bitset, filters: Filters, filtered: Bitset): FacetCounts {
    const counts: FacetCounts = {};
    for (const facet of this.names) {
      const own = filters[facet];
      const scope = own && own.length > 0 ? this.filter(base, filters, facet) : filtered;
      const end = scope.end();
      const byValue: Record<string, number> = {};
      for (const [value, set] of this.bitsets.get(facet)!) {
        const n = scope.countAnd(set, end);
        if (n > 0) byValue[value] = n;
      }
      counts[facet] = byValue;
    }
    return counts;
  }

  /** Slots of `set` in the order of `sort`, from `offset`, at most `limit`. */
  page(set: Bitset, sort: OrderSort, offset: number, limit: number): number[] {
    return this.pageOfTiers([set], sort, offset, limit);
  }

  /** Like `page`, over tiers: all of the first tier (in `sort` order), then the rest of the next, and so on. */
  pageOfTiers(tiers: Bitset[], sort: OrderSort, offset: number, limit: number): number[] {
    const order = this.order(sort);
    const result: number[] = [];
    const taken = new Set<number>();
    let skipped = 0;
    for (const tier of tiers) {
      // A small tier (the titles holding a question's words) is sorted by itself: walking the whole order to find
      // its few slots read 100,000 entries per tier.
      const candidates = tier.count() * SPARSE_TIER < order.length ? this.sorted(tier, sort) : order;
      for (const slot of candidates) {
        if (!tier.has(slot) || taken.has(slot)) continue;
        taken.add(slot);
        if (skipped < offset) {
          skipped += 1;
          continue;
        }
        result.push(slot);
        if (result.length >= limit) return result;
      }
    }
    return result;
  }

  /** The slots of `set` in the order of `sort`. */
  private sorted(set: Bitset, sort: OrderSort): Int32Array {
    this.order(sort);
    const position = this.positions.get(sort)!;
    return Int32Array.from(set.slots()).sort((a, b) => position[a]! - position[b]!);
  }

  /** Compares two slots for "newest first", the tie-breaker of every sort. */
  newer = (a: number, b: number): number => this.publishedAt[b]! - this.publishedAt[a]! || this.ids[b]! - this.ids[a]!;

  private order(sort: OrderSort): Int32Array {
    let order = this.orders.get(sort);
    if (!order) {
      order = Int32Array.from(this.alive.slots());
      const by = sort === 'views' ? this.views : sort === 'adoptions' ? this.adoptions : undefined;
      order.sort(by ? (a, b) => by[b]! - by[a]! || this.newer(a, b) : this.newer);
      this.orders.set(sort, order);
      const position = new Int32Array(this.capacity);
      order.forEach((slot, i) => (position[slot] = i));
      this.positions.set(sort, position);
    }
    return order;
  }

  private growTo(capacity: number): void {
    const grow = <T extends Int32Array | Float64Array>(old: T, make: (n: number) => T): T => {
      const copy = make(capacity);
      copy.set(old);
      return copy;
    };
    this.ids = grow(this.ids, (n) => new Int32Array(n));
    this.publishedAt = grow(this.publishedAt, (n) => new Float64Array(n));
    this.views = grow(this.views, (n) => new Float64Array(n));
    this.adoptions = grow(this.adoptions, (n) => new Float64Array(n));
    this.alive.grow(capacity);
    for (const byValue of this.bitsets.values()) for (const set of byValue.values()) set.grow(capacity);
    this.capacity = capacity;
  }
}
