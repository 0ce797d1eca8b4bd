/**
 * Distinct counts for the traffic layer (traffic.ts): exact for small counts, approximate for
 * large ones, mergeable, and idempotent (adding a member twice changes nothing), so a layer
 * can be built from positions in any order, fed the same data twice, and merged.
 *
 * A sketch keeps its members exactly up to EXACT_MAX (32) distinct integers, then turns into
 * a HyperLogLog of 2^8 one-byte registers (standard error 1.04/sqrt(256) = 6.5%). Every
 * decision the layer takes on a count (3 vessels for water, 3-20 for an anchorage) lies under
 * 32, so decisions are exact; only large counts (a busy lane's 500 vessels) are estimates.
 * Members are non-negative integers below 2^53 (an MMSI, or MMSI * 2^23 + hour for a
 * vessel-hour).
 */
import { SourceError } from '../errors.js';

/** Members kept exactly before switching to HyperLogLog. */
export const EXACT_MAX = 32;
const P = 8;
const M = 1 << P;
const ALPHA = 0.7213 / (1 + 1.079 / M);
const TWO32 = 2 ** 32;

/** murmur3 fmix32 over both halves of a 53-bit integer: a well-mixed 32-bit hash. */
function hash53(x: number): number {
  const lo = x >>> 0;
  const hi = Math.floor(x / TWO32) >>> 0;
  let h = Math.imul(lo ^ 0x9e3779b9, 0x85ebca6b) ^ hi;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  h = Math.imul(h ^ Math.imul(hi, 0x27d4eb2f), 0x165667b1);
  h ^= h >>> 15;
  return h >>> 0;
}

function hllAdd(regs: Uint8Array, x: number): void {
  const h = hash53(x);
  const idx = h >>> (32 - P);
  const rest = (h << P) | (1 << (P - 1)); // sentinel bit bounds the rank at 32 - P + 1
  const rank = Math.clz32(rest) + 1;
  if (rank > regs[idx]!) regs[idx] = rank;
}

function hllEstimate(regs: Uint8Array): number {
  let sum = 0;
  let zeros = 0;
  for (let i = 0; i < M; i++) {
    const r = regs[i]!;
    sum += 2 ** -r;
    if (r === 0) zeros++;
  }
  const e = (ALPHA * M * M) / sum;
  // small-range correction (Flajolet et al. 2007): linear counting while registers are empty
  if (e <= 2.5 * M && zeros > 0) return Math.round(M * Math.log(M / zeros));
  return Math.round(e);
}

/** A distinct-count sketch: exact member list, or HyperLogLog registers once past EXACT_MAX. */
export class Distinct {
  /** exact members while small; null once the sketch became a HyperLogLog */
  ids: number[] | null = [];
  regs: Uint8Array | null = null;
  /**
   * The exact number of members of a HyperLogLog made from a known member list (decode of an
   * `e:` list longer than EXACT_MAX, as a database's count(DISTINCT) writes it): count() gives
   * it instead of the estimate until an add or a merge changes the sketch.
   */
  private exactN: number | null = null;
  /** made from an `n:` count: no members, no registers (regs null), only exactN; a union counts it as empty */
  private countOnly = false;

  add(x: number): void {
    const ids = this.ids;
    this.exactN = null;
    this.countOnly = false;
    if (ids !== null) {
      for (let i = 0; i < ids.length; i++) if (ids[i] === x) return;
      if (ids.length < EXACT_MAX) {
        ids.push(x);
        return;
      }
      this.toHll();
    }
    hllAdd((this.regs ??= new Uint8Array(M)), x);
  }

  private toHll(): void {
    const regs = new Uint8Array(M);
    for (const x of this.ids ?? []) hllAdd(regs, x);
    this.regs = regs;
    this.ids = null;
  }

  /** Exact while at most EXACT_MAX members were added, else a HyperLogLog estimate. */
  count(): number {
    return this.ids !== null ? this.ids.length : (this.exactN ?? hllEstimate(this.regs ?? new Uint8Array(M)));
  }

  get exact(): boolean {
    return this.ids !== null;
  }

  has(x: number): boolean | undefined {
    return this.ids !== null ? this.ids.includes(x) : undefined;
  }

  /** Adds every member of `other` (union). */
  merge(other: Distinct): void {
    if (this.ids !== null && this.ids.length === 0) {
      // into an empty sketch: a copy, which keeps an exact count
      this.ids = other.ids === null ? null : other.ids.slice();
      this.regs = other.regs === null ? null : other.regs.slice();
      this.exactN = other.exactN;
      this.countOnly = other.countOnly;
      return;
    }
    this.exactN = null;
    this.countOnly = false;
    if (other.ids !== null) {
      for (const x of other.ids) this.add(x);
      return;
    }
    if (this.ids !== null) this.toHll();
    const a = (this.regs ??= new Uint8Array(M)), b = other.regs;
    if (b !== null) for (let i = 0; i < M; i++) if (b[i]! > a[i]!) a[i] = b[i]!;
  }

  clone(): Distinct {
    const d = new Distinct();
    d.ids = this.ids === null ? null : this.ids.slice();
    d.regs = this.regs === null ? null : this.regs.slice();
    d.exactN = this.exactN;
    d.countOnly = this.countOnly;
    return d;
  }

  /** `e:1,2,3` (exact members, sorted), `h:<base64 registers>`, or `n:<count>` (a count only, as decoded): one text column in a store. */
  encode(): string {
    if (this.countOnly && this.exactN !== null) return `n:${this.exactN}`;
    if (this.ids !== null) return 'e:' + this.ids.slice().sort((a, b) => a - b).join(',');
    return 'h:' + Buffer.from(this.regs ?? new Uint8Array(M)).toString('base64');
  }

  static decode(s: string, where = 'sketch'): Distinct {
    const d = new Distinct();
    if (s.startsWith('e:')) {
      if (s.length === 2) return d;
      const parts = s.slice(2).split(',');
      let prev = -1;
      let ascending = true;
      for (const part of parts) {
        const x = Number(part);
        if (!Number.isSafeInteger(x) || x < 0) throw new SourceError('bad_traffic_rows', `${where}: bad member "${part}"`);
        if (x <= prev) ascending = false;
        prev = x;
        d.add(x);
      }
      // a strictly ascending list is a set: its length is the exact count, HyperLogLog or not
      if (ascending && d.ids === null) d.exactN = parts.length;
      return d;
    }
    if (s.startsWith('n:')) {
      // a count without members (a store keeps some counts only: src/store/duckdb/traffic.ts)
      const n = Number(s.slice(2));
      if (!Number.isSafeInteger(n) || n < 0) throw new SourceError('bad_traffic_rows', `${where}: bad count "${s.slice(0, 20)}"`);
      if (n === 0) return d;
      d.ids = null;
      d.exactN = n;
      d.countOnly = true;
      return d;
    }
    if (s.startsWith('h:')) {
      const regs = Buffer.from(s.slice(2), 'base64');
      if (regs.length !== M) throw new SourceError('bad_traffic_rows', `${where}: HyperLogLog needs ${M} registers, got ${regs.length}`);
      d.ids = null;
      d.regs = new Uint8Array(regs);
      return d;
    }
    throw new SourceError('bad_traffic_rows', `${where}: sketch must start with e: or h:, got "${s.slice(0, 20)}"`);
  }
}

/** Union of several sketches without modifying them. */
export function unionCount(sketches: readonly Distinct[]): number {
  if (sketches.length === 1) return sketches[0]!.count();
  const u = new Distinct();
  for (const s of sketches) u.merge(s);
  return u.count();
}
