/**
 * What the parallel replay (parallel.ts) and its threads (replay-worker.ts) say to each other.
 * A batch of positions travels as one Float64Array (ten numbers a fix: copied by the structured
 * clone far faster than as many objects), static reports as objects (few), and the order of
 * positions, statics and the feed's hour turns as one byte each.
 */
import { newPosition, type Position, type VesselStatic } from '../records.js';
import type { PartitionPlan } from '../live/partition.js';
import type { TrafficRows } from '../geo/traffic.js';
import { DarkfleetError } from '../errors.js';
import type { DuplicateCheck } from '../track/clean.js';

/**
 * numbers per position: mmsi, t, lat, lon, sog, cog, heading, navStatus, msgType, source index
 * (NaN: null), and the field check and de-duplication verdicts (verdictCode, src/track/clean.ts)
 */
const W = 11;
const POS = 0;
const STATIC = 1;
const CLOCK = 2;

export interface PackedBatch {
  /** the feed time the detectors' map logs questions at (LoggingGeo.now) */
  now: number;
  fixes: Float64Array;
  sources: string[];
  statics: VesselStatic[];
  clocks: number[];
  order: Uint8Array;
}

/** What a per-vessel thread starts from: its MMSI share of the plan, and how to make its map. */
export interface ShareInit {
  share: 'mmsi';
  index: number;
  plan: PartitionPlan;
  profile: string;
  zonesFile?: string;
  twilight?: string;
  traffic: TrafficRows | null;
}

export type ToShare =
  | { k: 'batch'; seq: number; batch: PackedBatch }
  | { k: 'restore'; seq: number; runner: Uint8Array; geo: unknown }
  | { k: 'save'; seq: number; at?: number }
  | { k: 'flush'; seq: number };

const num = (x: number | null | undefined): number => (x == null ? Number.NaN : x);
const orNull = (x: number): number | null => (x === x ? x : null);

/** Builds one share's next batch. */
export class BatchBuilder {
  private fixes = new Float64Array(W * 1024);
  private n = 0;
  private order = new Uint8Array(1024);
  private o = 0;
  private sources: string[] = [];
  private sourceIndex = new Map<string, number>();
  private statics: VesselStatic[] = [];
  private clocks: number[] = [];

  get empty(): boolean {
    return this.o === 0;
  }

  private mark(kind: number): void {
    if (this.o === this.order.length) {
      const g = new Uint8Array(this.order.length * 2);
      g.set(this.order);
      this.order = g;
    }
    this.order[this.o++] = kind;
  }

  position(p: Position, verdict: number): void {
    if ((this.n + 1) * W > this.fixes.length) {
      const g = new Float64Array(this.fixes.length * 2);
      g.set(this.fixes);
      this.fixes = g;
    }
    let s = this.sourceIndex.get(p.source);
    if (s === undefined) {
      s = this.sources.length;
      this.sources.push(p.source);
      this.sourceIndex.set(p.source, s);
    }
    const f = this.fixes;
    const k = this.n * W;
    f[k] = p.mmsi;
    f[k + 1] = p.t;
    f[k + 2] = p.lat;
    f[k + 3] = p.lon;
    f[k + 4] = num(p.sog);
    f[k + 5] = num(p.cog);
    f[k + 6] = num(p.heading);
    f[k + 7] = num(p.navStatus);
    f[k + 8] = num(p.msgType);
    f[k + 9] = s;
    f[k + 10] = verdict;
    this.n++;
    this.mark(POS);
  }

  static(s: VesselStatic): void {
    this.statics.push(s);
    this.mark(STATIC);
  }

  /** the feed turned a UTC hour at t (a runner fed everything would run its hourly housekeeping there) */
  clock(t: number): void {
    this.clocks.push(t);
    this.mark(CLOCK);
  }

  take(now: number): PackedBatch {
    const b: PackedBatch = { now, fixes: this.fixes.slice(0, this.n * W), sources: this.sources, statics: this.statics, clocks: this.clocks, order: this.order.slice(0, this.o) };
    this.n = 0;
    this.o = 0;
    this.sources = [];
    this.sourceIndex.clear();
    this.statics = [];
    this.clocks = [];
    return b;
  }
}

/**
 * The field check and de-duplication verdicts of a batch's fixes (verdictCode), handed to the
 * segmenter as it asks (DuplicateCheck.given, in the order of the fixes).
 */
export class GivenVerdicts implements DuplicateCheck {
  private fixes: Position[] = [];
  private verdicts: number[] = [];
  private i = 0;

  add(p: Position, verdict: number): void {
    this.fixes.push(p);
    this.verdicts.push(verdict);
  }

  given(p: Position): number {
    while (this.i < this.fixes.length && this.fixes[this.i] !== p) this.i++;
    const v = this.verdicts[this.i++];
    if (v === undefined || v !== v) throw new DarkfleetError('replay_thread', 'a fix was screened that the reader gave no verdict on');
    return v;
  }

  check(): never {
    throw new DarkfleetError('replay_verdicts', 'the verdicts were given with the fixes: ask given()');
  }

  /** after the batch: nothing kept (the state saved between batches is empty) */
  clear(): void {
    this.fixes = [];
    this.verdicts = [];
    this.i = 0;
  }
}

function positionAt(b: PackedBatch, n: number): Position {
  const f = b.fixes;
  const k = W * n;
  const mt = f[k + 8]!;
  return newPosition(f[k]!, f[k + 1]!, f[k + 2]!, f[k + 3]!, orNull(f[k + 4]!), orNull(f[k + 5]!), orNull(f[k + 6]!), orNull(f[k + 7]!), b.sources[f[k + 9]!]!, mt === mt ? mt : undefined);
}

/**
 * Walks a batch vessel by vessel within each span between hour turns: `vessel` gets one vessel's
 * records of the span in their order, with their verdicts (verdictCode; NaN for a static
 * report), each hour turn goes to `clock` in its place; vessels
 * in the order of their first record in the span. The records are made only as each vessel's
 * turn comes: a whole batch of objects alive at once would be copied by every young-generation
 * collection meanwhile, and kept. `g` keeps a dense number per MMSI across batches, so grouping
 * is a counting sort over typed arrays (a Map of arrays per span cost a tenth of the thread).
 */
export function unpackByVessel(b: PackedBatch, g: VesselGrouper, vessel: (recs: (Position | VesselStatic)[], verdicts: number[]) => void, clock: (t: number) => void): void {
  const f = b.fixes;
  const size = b.order.length;
  g.reserve(size);
  // each record as a code (n >= 0 the n-th fix, ~s the s-th static report) and its vessel's number
  const codes = g.codes;
  const vessels = g.vessels;
  let n = 0;
  let s = 0;
  let c = 0;
  let start = 0;
  let e = 0;
  for (const kind of b.order) {
    if (kind === CLOCK) {
      g.feed(start, e, b, vessel);
      start = e;
      clock(b.clocks[c++]!);
      continue;
    }
    if (kind === POS) {
      codes[e] = n;
      vessels[e] = g.numberOf(f[W * n]!);
      n++;
    } else {
      codes[e] = ~s;
      vessels[e] = g.numberOf(b.statics[s]!.mmsi);
      s++;
    }
    e++;
  }
  g.feed(start, e, b, vessel);
}

/** The per-vessel thread's grouping state: a dense number per MMSI and scratch arrays, reused. */
export class VesselGrouper {
  private readonly numbers = new Map<number, number>();
  private count = new Int32Array(1024);
  private at = new Int32Array(1024);
  codes = new Int32Array(0);
  vessels = new Int32Array(0);
  private sorted = new Int32Array(0);
  private readonly touched: number[] = [];

  numberOf(mmsi: number): number {
    let k = this.numbers.get(mmsi);
    if (k === undefined) {
      k = this.numbers.size;
      this.numbers.set(mmsi, k);
      if (k >= this.count.length) {
        const grow = (a: Int32Array): Int32Array<ArrayBuffer> => {
          const x = new Int32Array(a.length * 2);
          x.set(a);
          return x;
        };
        this.count = grow(this.count);
        this.at = grow(this.at);
      }
    }
    return k;
  }

  reserve(size: number): void {
    if (this.codes.length >= size) return;
    this.codes = new Int32Array(size);
    this.vessels = new Int32Array(size);
    this.sorted = new Int32Array(size);
  }

  /** Records [from, to) of the batch, vessel by vessel. */
  feed(from: number, to: number, b: PackedBatch, vessel: (recs: (Position | VesselStatic)[], verdicts: number[]) => void): void {
    if (from === to) return;
    const { count, at, codes, vessels, sorted, touched } = this;
    for (let e = from; e < to; e++) {
      const v = vessels[e]!;
      if (count[v] === 0) touched.push(v);
      count[v]!++;
    }
    let o = 0;
    for (const v of touched) {
      at[v] = o;
      o += count[v]!;
    }
    for (let e = from; e < to; e++) sorted[at[vessels[e]!]!++] = codes[e]!;
    const f = b.fixes;
    let k = 0;
    for (const v of touched) {
      const m = count[v]!;
      count[v] = 0;
      const recs: (Position | VesselStatic)[] = new Array(m);
      const verdicts: number[] = new Array(m);
      for (let i = 0; i < m; i++) {
        const code = sorted[k++]!;
        if (code >= 0) {
          recs[i] = positionAt(b, code);
          verdicts[i] = f[W * code + 10]!;
        } else {
          recs[i] = b.statics[~code]!;
          verdicts[i] = Number.NaN;
        }
      }
      vessel(recs, verdicts);
    }
    touched.length = 0;
  }
}
