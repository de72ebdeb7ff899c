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

  // The loops below read the arrays into locals: V8 then keeps them in registers instead of reloading the
  // (mutable) field on every word, which made facet counting over 100,000 slots twice as slow.

  /** this := this ∧ other */
  and(other: Bitset): this {
    const mine = this.words;
    const theirs = other.words;
    const n = Math.min(mine.length, theirs.length);
    for (let i = 0; i < n; i += 1) mine[i]! &= theirs[i]!;
    mine.fill(0, n);
    return this;
  }

  /** this := this ∨ other */
  or(other: Bitset): this {
    const mine = this.words;
    const theirs = other.words;
    const n = Math.min(mine.length, theirs.length);
    for (let i = 0; i < n; i += 1) mine[i]! |= theirs[i]!;
    return this;
  }

  count(): number {
    const words = this.words;
    let total = 0;
    for (let i = 0; i < words.length; i += 1) total += popcount(words[i]!);
    return total;
  }

  /** One past the last word holding a set bit: what loops over this set need to read. */
  end(): number {
    const words = this.words;
    let n = words.length;
    while (n > 0 && words[n - 1] === 0) n -= 1;
    return n;
  }

  /** |this ∧ other| without building it; `end` (see `end()`) spares reading the empty tail. */
  countAnd(other: Bitset, end = this.words.length): number {
    const mine = this.words;
    const theirs = other.words;
    const n = Math.min(end, mine.length, theirs.length);
    let total = 0;
    for (let i = 0; i < n; i += 1) total += popcount(mine[i]! & theirs[i]!);
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
  return Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}
