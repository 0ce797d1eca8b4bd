/**
 * Putting records in time order for the segmenter and detectors, which need
 * each vessel's records in time order.
 * - `sortByTime`: batch mode, a stable sort (ties keep input order).
 * - `ReorderBuffer`: live feeds, where receivers and satellites deliver a
 *   little out of order: holds records for `windowMs` of feed time and releases
 *   them sorted; a record older than what was already released is late, and
 *   goes to `onLate` (counted) instead of breaking the order downstream.
 */
import { DarkfleetError } from '../errors.js';

export interface Timed {
  /** epoch ms */
  t: number;
}

/** Sort in place by time, stable. Returns the same array. */
export function sortByTime<T extends Timed>(recs: T[]): T[] {
  return recs.sort((a, b) => a.t - b.t);
}

export interface ReorderOptions<T> {
  /** How long a record is held, ms of feed time. E.g. 5 * 60_000 for terrestrial feeds. */
  windowMs: number;
  /** Records in time order. */
  emit: (rec: T) => void;
  /** A record that arrived after records later than it were released. Default: counted only. */
  onLate?: (rec: T) => void;
  /** Most records held at once; beyond it the oldest is released early. Default 1 000 000. */
  maxHeld?: number;
}

/** Min-heap on (t, arrival sequence), so equal times keep arrival order. */
export class ReorderBuffer<T extends Timed> {
  private readonly heap: T[] = [];
  private readonly seq: number[] = [];
  private nextSeq = 0;
  private maxT = -Infinity;
  private releasedT = -Infinity;
  private readonly windowMs: number;
  private readonly maxHeld: number;
  private readonly emit: (rec: T) => void;
  private readonly onLate: ((rec: T) => void) | undefined;
  /** records that came too late to be put in order */
  late = 0;

  constructor(opts: ReorderOptions<T>) {
    if (!(opts.windowMs >= 0)) throw new DarkfleetError('track_params', 'ReorderBuffer windowMs must be a number >= 0');
    this.windowMs = opts.windowMs;
    this.maxHeld = opts.maxHeld ?? 1_000_000;
    this.emit = opts.emit;
    this.onLate = opts.onLate;
  }

  get held(): number {
    return this.heap.length;
  }

  push(rec: T): void {
    if (!Number.isFinite(rec.t) || rec.t < this.releasedT) {
      this.late++;
      this.onLate?.(rec);
      return;
    }
    this.insert(rec);
    if (rec.t > this.maxT) this.maxT = rec.t;
    const until = this.maxT - this.windowMs;
    while (this.heap.length > 0 && (this.heap[0]!.t <= until || this.heap.length > this.maxHeld)) this.release();
  }

  /** Release everything held (end of input). */
  flush(): void {
    while (this.heap.length > 0) this.release();
  }

  private less(i: number, j: number): boolean {
    const a = this.heap[i]!.t;
    const b = this.heap[j]!.t;
    return a < b || (a === b && this.seq[i]! < this.seq[j]!);
  }

  private swap(i: number, j: number): void {
    const h = this.heap;
    const s = this.seq;
    [h[i], h[j]] = [h[j]!, h[i]!];
    [s[i], s[j]] = [s[j]!, s[i]!];
  }

  private insert(rec: T): void {
    this.heap.push(rec);
    this.seq.push(this.nextSeq++);
    let i = this.heap.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(i, p)) break;
      this.swap(i, p);
      i = p;
    }
  }

  private release(): void {
    const top = this.heap[0]!;
    const last = this.heap.length - 1;
    this.swap(0, last);
    this.heap.pop();
    this.seq.pop();
    let i = 0;
    const n = this.heap.length;
    while (true) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < n && this.less(l, m)) m = l;
      if (r < n && this.less(r, m)) m = r;
      if (m === i) break;
      this.swap(i, m);
      i = m;
    }
    this.releasedT = top.t;
    this.emit(top);
  }
}
