/**
 * One pass: `analyze` feeds the detectors while it ingests, instead of reading everything back
 * from the store afterwards, when that gives exactly what the replay would give:
 *  - the store held nothing before (so the replay would see only this run's records), and
 *  - the records come in time order (checked on every record; the first one out of order
 *    ends the one pass, and `analyze` replays the store as usual).
 * To be the replay's equal, records go to the detectors as the store keeps and returns them:
 * what the store refuses is left out, duplicates (the store's key: MMSI, time, position to
 * 1e-6 degree; statics: every field) are dropped, values are normalised as stored, and records
 * of the same millisecond are ordered as the replay's ORDER BY orders them (statics first).
 * Saves reading the whole store back, about a third of `analyze`'s time on big inputs.
 */
import type { Position, VesselStatic } from '../records.js';
import type { Runner, DetectRecord } from '../detect/runner.js';
import type { Event } from '../detect/index.js';

const MAX_MMSI = 999_999_999;

/** A position as the store keeps it, or null when the store refuses it. */
export function asStoredPosition(p: Position): Position | null {
  const mmsi = p.mmsi;
  if (!Number.isInteger(mmsi) || mmsi < 0 || mmsi > MAX_MMSI) return null;
  const us = Math.round(p.t * 1000);
  if (!Number.isFinite(us) || Math.abs(us) > Number.MAX_SAFE_INTEGER) return null;
  const lat = p.lat;
  const lon = p.lon;
  if (!(lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180)) return null;
  const q: Position = {
    mmsi,
    t: us / 1000,
    lat,
    lon,
    sog: finite(p.sog),
    cog: finite(p.cog),
    heading: finite(p.heading),
    navStatus: byte(p.navStatus),
    source: p.source,
  };
  const mt = byte(p.msgType);
  if (mt !== null) q.msgType = mt;
  return q;
}

/** A static report as the store keeps it, or null when the store refuses it. */
export function asStoredStatic(s: VesselStatic): VesselStatic | null {
  if (!Number.isInteger(s.mmsi) || s.mmsi < 0 || s.mmsi > MAX_MMSI) return null;
  if (!Number.isFinite(s.t) || Math.abs(s.t) > 8.64e15) return null;
  return {
    mmsi: s.mmsi,
    t: Math.round(s.t),
    imo: int(s.imo, 0, 2_147_483_647),
    name: s.name ?? null,
    callsign: s.callsign ?? null,
    shipType: int(s.shipType, -32768, 32767),
    length: finite(s.length),
    width: finite(s.width),
    draught: finite(s.draught),
    destination: s.destination ?? null,
    flag: s.flag ?? null,
    source: s.source,
  };
}

function finite(v: number | null | undefined): number | null {
  return v === null || v === undefined || !Number.isFinite(v) ? null : v;
}
function byte(v: number | null | undefined): number | null {
  return v !== null && v !== undefined && Number.isInteger(v) && v >= 0 && v <= 255 ? v : null;
}
function int(v: number | null | undefined, min: number, max: number): number | null {
  return v === null || v === undefined || !Number.isInteger(v) || v < min || v > max ? null : v;
}

/** SQL's ascending order with NULLs last (DuckDB's default). */
function cmp(a: number | string | null, b: number | string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : 1;
}

const isPosition = (r: DetectRecord): r is Position => (r as Position).lat !== undefined;

/**
 * The replay's order: time; at one time statics first (by the statics query's order: mmsi,
 * imo, name, callsign, ship_type, flag, destination), then positions by mmsi, lat, lon.
 */
function replayOrder(a: DetectRecord, b: DetectRecord): number {
  if (a.t !== b.t) return a.t - b.t;
  const pa = isPosition(a);
  const pb = isPosition(b);
  if (pa !== pb) return pa ? 1 : -1;
  if (pa && pb) return a.mmsi - b.mmsi || a.lat - b.lat || a.lon - b.lon;
  const sa = a as VesselStatic;
  const sb = b as VesselStatic;
  return (
    sa.mmsi - sb.mmsi ||
    cmp(sa.imo, sb.imo) ||
    cmp(sa.name, sb.name) ||
    cmp(sa.callsign, sb.callsign) ||
    cmp(sa.shipType, sb.shipType) ||
    cmp(sa.flag, sb.flag) ||
    cmp(sa.destination, sb.destination)
  );
}

function sameStatic(a: VesselStatic, b: VesselStatic): boolean {
  return (
    a.t === b.t &&
    a.mmsi === b.mmsi &&
    a.imo === b.imo &&
    a.name === b.name &&
    a.callsign === b.callsign &&
    a.shipType === b.shipType &&
    a.length === b.length &&
    a.width === b.width &&
    a.draught === b.draught &&
    a.destination === b.destination &&
    a.flag === b.flag
  );
}

const key6 = (x: number): number => (x < 0 ? -Math.round(-x * 1e6) : Math.round(x * 1e6));

function samePosition(a: Position, b: Position): boolean {
  return a.t === b.t && a.mmsi === b.mmsi && key6(a.lat) === key6(b.lat) && key6(a.lon) === key6(b.lon);
}

export interface OnePassOptions {
  /**
   * Records may come this much out of time order (several receivers, feeds merged per
   * minute): they are held back this long (ms of feed time) and sorted. Default 10 minutes.
   */
  holdMs?: number;
}

export class OnePass {
  /** false once a record came too far out of time order: the caller must replay the store */
  ok = true;
  /** why the one pass was given up */
  reason = '';
  positions = 0;
  statics = 0;
  readonly events: Event[] = [];
  private readonly holdMs: number;
  /** records not yet released, in arrival order then sorted at each release */
  private held: DetectRecord[] = [];
  private maxT = Number.NEGATIVE_INFINITY;
  /** everything up to this time went to the detectors */
  private releasedT = Number.NEGATIVE_INFINITY;
  private lastOut: DetectRecord | null = null;

  constructor(
    readonly runner: Runner,
    opts: OnePassOptions = {},
  ) {
    this.holdMs = opts.holdMs ?? 10 * 60_000;
  }

  /** One stored batch, in input order. */
  feed(positions: readonly Position[], statics: readonly VesselStatic[]): void {
    if (!this.ok) return;
    for (const s0 of statics) {
      const s = asStoredStatic(s0);
      if (s && !this.hold(s)) return;
    }
    for (const p0 of positions) {
      const p = asStoredPosition(p0);
      if (p && !this.hold(p)) return;
    }
    this.release(this.maxT - this.holdMs);
  }

  /** End of input: everything held, then the detectors' flush. */
  finish(): void {
    if (!this.ok) return;
    this.release(Number.POSITIVE_INFINITY);
    for (const e of this.runner.flush()) this.events.push(e);
  }

  private hold(r: DetectRecord): boolean {
    if (r.t <= this.releasedT) {
      this.ok = false;
      this.reason = `a record of ${new Date(r.t).toISOString()} came after the detectors had passed ${new Date(this.releasedT).toISOString()}`;
      this.held = [];
      this.events.length = 0;
      return false;
    }
    this.held.push(r);
    if (r.t > this.maxT) this.maxT = r.t;
    return true;
  }

  /** Sorts what is held and gives the detectors every record up to `until`, duplicates dropped. */
  private release(until: number): void {
    const held = this.held;
    if (!held.length) return;
    // mostly in order already: V8's TimSort takes the sorted runs as they come
    held.sort(replayOrder);
    const out: DetectRecord[] = [];
    let k = 0;
    for (; k < held.length && held[k]!.t <= until; k++) {
      const r = held[k]!;
      const prev = this.lastOut;
      if (isPosition(r)) {
        if (prev && isPosition(prev) && samePosition(prev, r)) continue;
        this.positions++;
      } else {
        // duplicates of a static sort next to each other unless they differ in length, width
        // or draught only: look back over this time and MMSI's statics
        let dup = false;
        for (let j = out.length - 1; j >= 0; j--) {
          const o = out[j]!;
          if (o.t !== r.t || o.mmsi !== r.mmsi || isPosition(o)) break;
          if (sameStatic(o as VesselStatic, r)) dup = true;
        }
        if (dup) continue;
        this.statics++;
      }
      out.push(r);
      this.lastOut = r;
    }
    if (k === 0) return;
    this.releasedT = held[k - 1]!.t;
    this.held = k === held.length ? [] : held.slice(k);
    for (const e of this.runner.push(out)) this.events.push(e);
  }
}
