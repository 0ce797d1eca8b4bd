/**
 * A Map from a number (an MMSI) to V, for the per-fix paths of the track and detector code,
 * where each fix looks its vessel up in the state of every detector. Written by hand because it
 * is one of those paths: a JS Map's get is a builtin call (~25 ns on 2,000 vessels, several
 * times that once the replay's other state crowds the caches); this one is an open-addressing
 * table of Int32 slots over dense typed arrays (~12 ns, and fewer cache lines a lookup).
 *
 * It behaves as Map does where the code relies on it: iteration in insertion order (a key
 * deleted and set again goes last), entries deleted during an iteration are skipped and the
 * iteration goes on. Keys are compared with ===; NaN is not a key. Its fields are plain typed
 * arrays and numbers, so a detector's snapshot (src/detect/snapshot.ts) saves and restores it.
 */
import { DarkfleetError } from '../errors.js';

const EMPTY = 0;
/** Fibonacci hashing multiplier (2^32 / golden ratio): the high bits of the product spread well */
const GOLDEN = 0x9e3779b1;

export class MmsiMap<V> implements Iterable<[number, V]> {
  /** entries in insertion order; a deleted entry's key is NaN */
  private keyOf = new Float64Array(8);
  private valueOf: (V | undefined)[] = [];
  /** entries written (deleted included) */
  private used = 0;
  private live = 0;
  /** open addressing, linear probing: EMPTY, or entry index + 1 */
  private slots = new Int32Array(16);
  private shift = 28;
  /** iterations in progress: entries are not compacted under them */
  private iterating = 0;

  get size(): number {
    return this.live;
  }

  private home(k: number): number {
    return Math.imul((k | 0) ^ ((k / 4294967296) | 0), GOLDEN) >>> this.shift;
  }

  /** The slot holding k, or -1. */
  private slotOf(k: number): number {
    const slots = this.slots;
    const mask = slots.length - 1;
    for (let i = this.home(k); ; i = (i + 1) & mask) {
      const e = slots[i]!;
      if (e === EMPTY) return -1;
      if (this.keyOf[e - 1] === k) return i;
    }
  }

  /** Entry index of k, or -1. */
  private find(k: number): number {
    const i = this.slotOf(k);
    return i < 0 ? -1 : this.slots[i]! - 1;
  }

  get(k: number): V | undefined {
    const slots = this.slots;
    const mask = slots.length - 1;
    for (let i = this.home(k); ; i = (i + 1) & mask) {
      const e = slots[i]!;
      if (e === EMPTY) return undefined;
      if (this.keyOf[e - 1] === k) return this.valueOf[e - 1];
    }
  }

  has(k: number): boolean {
    return this.find(k) >= 0;
  }

  set(k: number, v: V): this {
    const e = this.find(k);
    if (e >= 0) {
      this.valueOf[e] = v;
      return this;
    }
    if (Number.isNaN(k)) throw new DarkfleetError('mmsi_map_key', 'NaN is not an MMSI');
    if (this.used === this.keyOf.length) this.makeRoom();
    const n = this.used++;
    this.keyOf[n] = k;
    this.valueOf[n] = v;
    this.live++;
    this.place(n);
    return this;
  }

  delete(k: number): boolean {
    const i = this.slotOf(k);
    if (i < 0) return false;
    const e = this.slots[i]! - 1;
    this.keyOf[e] = Number.NaN;
    this.valueOf[e] = undefined;
    this.live--;
    this.unplace(i);
    return true;
  }

  clear(): void {
    this.keyOf.fill(Number.NaN, 0, this.used);
    this.valueOf = [];
    this.slots.fill(EMPTY);
    this.live = 0;
    // entries already iterated stay skipped; a fresh table where nobody is iterating
    if (this.iterating === 0) this.used = 0;
  }

  *entries(): IterableIterator<[number, V]> {
    this.iterating++;
    try {
      for (let e = 0; e < this.used; e++) {
        const k = this.keyOf[e]!;
        if (k === k) yield [k, this.valueOf[e]!];
      }
    } finally {
      this.iterating--;
    }
  }

  *keys(): IterableIterator<number> {
    for (const [k] of this.entries()) yield k;
  }

  *values(): IterableIterator<V> {
    for (const [, v] of this.entries()) yield v;
  }

  [Symbol.iterator](): IterableIterator<[number, V]> {
    return this.entries();
  }

  forEach(fn: (v: V, k: number) => void): void {
    for (const [k, v] of this.entries()) fn(v, k);
  }

  /** The slot of entry n's key. */
  private place(n: number): void {
    const slots = this.slots;
    const mask = slots.length - 1;
    let i = this.home(this.keyOf[n]!);
    while (slots[i] !== EMPTY) i = (i + 1) & mask;
    slots[i] = n + 1;
  }

  /** Empties slot i, shifting back the probe chain after it (no tombstones in the slots). */
  private unplace(i: number): void {
    const slots = this.slots;
    const mask = slots.length - 1;
    slots[i] = EMPTY;
    for (let j = (i + 1) & mask; slots[j] !== EMPTY; j = (j + 1) & mask) {
      const h = this.home(this.keyOf[slots[j]! - 1]!);
      // the entry at j may move to the hole at i when its home is not in (i, j] (cyclically)
      const stays = i <= j ? i < h && h <= j : i < h || h <= j;
      if (!stays) {
        slots[i] = slots[j]!;
        slots[j] = EMPTY;
        i = j;
      }
    }
  }

  /** Entries full: drop the deleted ones (not under an iteration), else grow; the slots stay at most half full. */
  private makeRoom(): void {
    const compact = this.iterating === 0 && this.live <= this.used / 2;
    if (compact) {
      let n = 0;
      for (let e = 0; e < this.used; e++) {
        const k = this.keyOf[e]!;
        if (k !== k) continue;
        this.keyOf[n] = k;
        this.valueOf[n] = this.valueOf[e];
        n++;
      }
      this.valueOf.length = n;
      this.used = n;
    } else {
      const grown = new Float64Array(this.keyOf.length * 2);
      grown.set(this.keyOf);
      this.keyOf = grown;
    }
    const want = Math.max(16, this.keyOf.length * 2);
    this.slots = new Int32Array(want);
    this.shift = 32 - Math.log2(want);
    for (let e = 0; e < this.used; e++) if (this.keyOf[e] === this.keyOf[e]) this.place(e);
  }
}
