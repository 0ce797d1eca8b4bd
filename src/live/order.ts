/**
 * A live feed put in the order the batch replay gives the detectors (src/pipeline/replay.ts):
 * by time; at one time static reports before positions, then by MMSI, latitude and longitude
 * (the store's `t, mmsi, lat, lon`). Records are held for `windowMs` of feed time, so receivers
 * a little out of step still come out in order; a record older than what was already released
 * is late, counted and dropped (the detectors would refuse it). Repeats of a record the store
 * would dedupe (same position key, same static report) are dropped too, so the detectors see
 * what a replay of the store would show them. Memory is bounded by the window and `maxHeld`.
 */
import type { Position, VesselStatic } from '../records.js';
import { positionReject, roundAway, staticReject } from '../store/keys.js';

export type FeedRecord = Position | VesselStatic;

export function isPosition(r: FeedRecord): r is Position {
  return (r as Position).lat !== undefined && (r as Position).lon !== undefined;
}

export interface FeedOrderOptions {
  /** feed time a record is held to let late receivers catch up, ms */
  windowMs: number;
  /** most records held; beyond it the oldest are released early (default 200 000) */
  maxHeld?: number;
}

export interface FeedOrderStats {
  late: number;
  repeats: number;
  /** records the store would refuse (MMSI out of range, no position), by reason */
  rejected: Record<string, number>;
}

/** Replay order: time, statics first, then MMSI, lat, lon. */
function compare(a: FeedRecord, b: FeedRecord): number {
  if (a.t !== b.t) return a.t - b.t;
  const pa = isPosition(a);
  const pb = isPosition(b);
  if (pa !== pb) return pa ? 1 : -1;
  if (a.mmsi !== b.mmsi) return a.mmsi - b.mmsi;
  if (pa && pb) return a.lat - b.lat || a.lon - b.lon;
  return 0;
}

function keyOf(r: FeedRecord): string {
  if (isPosition(r)) return `p${r.mmsi}|${Math.round(r.t * 1000)}|${roundAway(r.lat * 1e6)}|${roundAway(r.lon * 1e6)}`;
  return `s${r.mmsi}|${r.t}|${r.imo}|${r.name}|${r.callsign}|${r.shipType}|${r.length}|${r.width}|${r.draught}|${r.destination}|${r.flag}`;
}

export class FeedOrder {
  private held: FeedRecord[] = [];
  /** wall ms each held record was received (for alert latency) */
  private readonly arrivals = new WeakMap<FeedRecord, number>();
  /** the earliest receive time of the records the last push/flush released (NaN: none given) */
  releasedArrival = Number.NaN;
  private maxT = Number.NEGATIVE_INFINITY;
  private releasedT = Number.NEGATIVE_INFINITY;
  /** keys of records held or released at times >= releasedT - windowMs, for repeats */
  private keys = new Map<string, number>();
  private readonly windowMs: number;
  private readonly maxHeld: number;
  readonly stats: FeedOrderStats = { late: 0, repeats: 0, rejected: {} };

  constructor(opts: FeedOrderOptions) {
    this.windowMs = Math.max(0, opts.windowMs);
    this.maxHeld = opts.maxHeld ?? 200_000;
  }

  get heldCount(): number {
    return this.held.length;
  }

  /**
   * Adds records received at wall time `arrival`; returns those now ready, in replay order.
   * `releasedArrival` then holds the earliest receive time among them: an alert's latency is
   * counted from there, so the time a record waited here for late receivers is in it.
   */
  push(records: readonly FeedRecord[], arrival = Number.NaN): FeedRecord[] {
    for (const r of records) {
      const why = isPosition(r) ? positionReject(r) : staticReject(r);
      if (why) {
        this.stats.rejected[why] = (this.stats.rejected[why] ?? 0) + 1;
        continue;
      }
      if (r.t < this.releasedT) {
        this.stats.late++;
        continue;
      }
      const k = keyOf(r);
      if (this.keys.has(k)) {
        this.stats.repeats++;
        continue;
      }
      this.keys.set(k, r.t);
      this.held.push(r);
      this.arrivals.set(r, arrival);
      if (r.t > this.maxT) this.maxT = r.t;
    }
    return this.release(this.maxT - this.windowMs);
  }

  /** End of input: everything held, in order. */
  flush(): FeedRecord[] {
    return this.release(Number.POSITIVE_INFINITY);
  }

  private release(until: number): FeedRecord[] {
    this.releasedArrival = Number.NaN;
    if (this.held.length === 0) return [];
    this.held.sort(compare);
    let n = 0;
    while (n < this.held.length && (this.held[n]!.t <= until || this.held.length - n > this.maxHeld)) n++;
    if (n === 0) return [];
    const out = this.held.slice(0, n);
    this.held = this.held.slice(n);
    let first = Number.POSITIVE_INFINITY;
    for (const r of out) first = Math.min(first, this.arrivals.get(r) ?? Number.NaN);
    this.releasedArrival = first;
    this.releasedT = out[out.length - 1]!.t;
    // keys of records older than anything that may still come are no longer needed
    if (this.keys.size > 2 * this.held.length + 10_000) {
      for (const [k, t] of this.keys) if (t < this.releasedT) this.keys.delete(k);
    }
    return out;
  }
}
