/** Fixed-size bit sets over document slots: the embedded engine's filters and facet counts are ANDs and popcounts. */
export class Bitset {
  words: Uint32Array;

  constructor(capacity: number) {
    this.words = new Uint32Array(Math.ceil(capacity / 32));
  }

  get capacity(): number {
    return this.words.length * 32;
  }

  /** Grows (never shrinks) to hold `capacity` slots. */
  grow(capacity: number): void {
    if (capacity <= this.capacity) return;
    const words = new Uint32Array(Math.ceil(capacity / 32));
    words.set(this.words);
    this.words = words;
  }

  set(slot: number): void {
    this.words[slot >>> 5]! |= 1 << (slot & 31);
  }

  clear(slot: number): void {
    this.words[slot >>> 5]! &= ~(1 << (slot & 31));
  }

  has(slot: number): boolean {
    return (this.words[slot >>> 5]! & (1 << (slot & 31))) !== 0;
  }

  clone(): Bitset {
    const copy = new Bitset(0);
    copy.words = this.words.slice();
    return copy;
  }

  /** this := this ∧ other */
  and(other: Bitset): this {
    const n = this.words.length;
    for (let i = 0; i < n; i += 1) this.words[i]! &= other.words[i] ?? 0;
    return this;
  }

  /** this := this ∨ other */
  or(other: Bitset): this {
    const n = Math.min(this.words.length, other.words.length);
    for (let i = 0; i < n; i += 1) this.words[i]! |= other.words[i]!;
    return this;
  }

  count(): number {
    let total = 0;
    for (const word of this.words) total += popcount(word);
    return total;
  }

  /** |this ∧ other| without building it. */
  countAnd(other: Bitset): number {
    let total = 0;
    const n = Math.min(this.words.length, other.words.length);
    for (let i = 0; i < n; i += 1) {
      const w = this.words[i]! & other.words[i]!;
      if (w !== 0) total += popcount(w);
    }
    return total;
  }

  *slots(): Generator<number> {
    for (let i = 0; i < this.words.length; i += 1) {
      let word = this.words[i]!;
      while (word !== 0) {
        const bit = word & -word;
        yield i * 32 + (31 - Math.clz32(bit));
        word ^= bit;
      }
    }
  }
}

function popcount(word: number): number {
  let v = word - ((word >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}
