/**
 * One pass over the store's positions in time order (the replay of src/pipeline/replay.ts)
 * that puts every vessel's track at each detection's time and keeps what the ranking of dark
 * detections needs afterwards:
 *   - offers: for each detection, the vessels whose track is within the radius at its time,
 *     interpolated between the two fixes around it when the interval is one the track supports
 *     (src/track/interpolate.ts), else dead reckoned from a fix within the time tolerance: back
 *     from the first fix after a silence, forward from the last fix before one (found when the
 *     detection leaves the grid, through a grid of vessels by their last fix);
 *   - gaps: each vessel's silences longer than the interpolation limit (off and on fixes);
 *   - haunts: hours each vessel was heard per 0.1 degree cell;
 *   - AIS lengths from the static reports.
 * Detections wait in a grid of 0.05 degree cells and 10 minute buckets while tracks can still
 * reach their time, so the cost is a few grid look-ups per position, whatever the number of
 * detections.
 */
import { flatM, M_PER_DEG_LAT } from '../geo/distance.js';
import { deadReckon, interpolateAt, supportsInterpolation, type TrackFix } from '../track/interpolate.js';
import { replayColumns } from '../pipeline/replay.js';
import type { Store } from '../store/types.js';
import type { Detection } from './layout.js';
import type { DetectionParams } from './params.js';

/** A vessel's track near a detection. */
export interface Offer {
  mmsi: number;
  distanceM: number;
  /** signed seconds from the detection to the nearest fix used (negative: the fix is earlier) */
  timeOffsetS: number;
  /** interpolated between two fixes, or dead reckoned from one */
  how: 'interpolated' | 'dead_reckoned';
  /** the fixes used, as `${mmsi}:${t}` */
  fixes: string[];
}

export interface Gap {
  mmsi: number;
  off: TrackFix;
  on: TrackFix;
}

export interface VesselSummary {
  first: TrackFix;
  last: TrackFix;
  gaps: Gap[];
}

export interface SweepResult {
  /** per detection index: vessel -> its offer */
  offers: (Map<number, Offer> | undefined)[];
  vessels: Map<number, VesselSummary>;
  /** cell -> mmsi -> hours heard (cell of HAUNT_DEG) */
  haunts: Map<number, Map<number, number>>;
  /** latest AIS length per MMSI, metres */
  lengths: Map<number, number>;
  positions: number;
}

const GRID_DEG = 0.05;
/**
 * detections are filed by cell and by 2 minute bucket of their time: a fix's segment (10 s to a
 * few minutes) then looks at one to three short lists
 */
const BUCKET_MS = 2 * 60_000;
const BUCKETS = 32;
export const HAUNT_DEG = 0.1;

export function hauntCell(lat: number, lon: number): number {
  return (Math.floor(lat / HAUNT_DEG) + 1000) * 10000 + (Math.floor(lon / HAUNT_DEG) + 2000);
}

/** cells of the whole globe, row-major: under 26M, so a grid key (x 32) stays a small integer */
const cellKey = (ilat: number, ilon: number): number => (ilat + 1801) * 7203 + (ilon + 3601);
/**
 * Small-integer keys (Map look-ups on doubles are several times slower, and V8's small integers
 * end at 2^30): 32 buckets wrap after 64 min, so a list may hold detections of an earlier lap;
 * the time test filters them, and as detections enter the grid in time order and leave it by
 * splicing, every list stays sorted by time, which lets a scan stop at the first later one.
 */
const gridKey = (cell: number, bucket: number): number => cell * BUCKETS + (bucket & (BUCKETS - 1));
const cellOf = (lat: number, lon: number): number => cellKey(Math.floor(lat / GRID_DEG), Math.floor(lon / GRID_DEG));

interface VState {
  last: TrackFix;
  first: TrackFix;
  gaps: Gap[];
  hauntKey: number;
  /** cell of the last fix, in the grid of vessels by last fix */
  cell: number;
}

export async function sweep(store: Store, dets: readonly Detection[], p: DetectionParams): Promise<SweepResult> {
  const order = [...dets].sort((a, b) => a.t - b.t);
  const offers: (Map<number, Offer> | undefined)[] = new Array(dets.length);
  const vessels = new Map<number, VState>();
  const haunts = new Map<number, Map<number, number>>();
  const lengths = new Map<number, number>();
  if (order.length === 0) return { offers, vessels: new Map(), haunts, lengths, positions: 0 };
  const grid = new Map<number, Detection[]>();
  /** vessels by the cell of their last fix: who fell silent near a detection */
  const byCell = new Map<number, Set<number>>();
  const active: Detection[] = [];
  let nextAct = 0;
  let activeHead = 0;
  const keep = Math.max(p.maxInterpolationGapMs, p.timeToleranceMs);
  const support = { maxGapMs: p.maxInterpolationGapMs, maxKnots: p.maxKnots };
  const reckonPadM = p.radiusM + (p.maxKnots * 1852 * p.timeToleranceMs) / 3_600_000;

  const offer = (d: Detection, o: Offer): void => {
    let m = offers[d.index];
    if (!m) offers[d.index] = m = new Map();
    const prev = m.get(o.mmsi);
    if (!prev || (prev.how === 'dead_reckoned' && o.how === 'interpolated') || (prev.how === o.how && Math.abs(o.timeOffsetS) < Math.abs(prev.timeOffsetS))) m.set(o.mmsi, o);
  };

  const reckon = (d: Detection, mmsi: number, fix: TrackFix): void => {
    const at = deadReckon(fix, d.t);
    const dist = flatM(d.lat, d.lon, at.lat, at.lon);
    if (dist <= p.radiusM) offer(d, { mmsi, distanceM: dist, timeOffsetS: (fix.t - d.t) / 1000, how: 'dead_reckoned', fixes: [`${mmsi}:${fix.t}`] });
  };

  /** the active detections in [t0, t1] within padM of the box, into `found` (reused: no allocation per position) */
  const found: Detection[] = [];
  const near = (s0: number, n0: number, w0: number, e0: number, padM: number, t0: number, t1: number): number => {
    found.length = 0;
    if (grid.size === 0 || e0 - w0 > 10) return 0; // a jump across the antimeridian: nothing sits on it
    const padLat = padM / M_PER_DEG_LAT;
    const padLon = padLat / Math.max(0.05, Math.cos((((s0 + n0) / 2) * Math.PI) / 180));
    const i0 = Math.floor((s0 - padLat) / GRID_DEG);
    const i1 = Math.floor((n0 + padLat) / GRID_DEG);
    const j0 = Math.floor((w0 - padLon) / GRID_DEG);
    const j1 = Math.floor((e0 + padLon) / GRID_DEG);
    const b0 = Math.floor(t0 / BUCKET_MS);
    // past a lap, every key has been visited: a longer window would only visit them again
    const b1 = Math.min(Math.floor(t1 / BUCKET_MS), b0 + BUCKETS - 1);
    for (let b = b0; b <= b1; b++) {
      for (let i = i0; i <= i1; i++) {
        for (let j = j0; j <= j1; j++) {
          const l = grid.get(gridKey(cellKey(i, j), b));
          if (!l) continue;
          for (let k = 0; k < l.length; k++) {
            const d = l[k]!;
            if (d.t > t1) break;
            if (d.t >= t0) found.push(d);
          }
        }
      }
    }
    return found.length;
  };

  const retire = (d: Detection): void => {
    // vessels last heard shortly before the detection and silent since: dead reckoned forward
    const padLat = reckonPadM / M_PER_DEG_LAT;
    const padLon = padLat / Math.max(0.05, Math.cos((d.lat * Math.PI) / 180));
    for (let i = Math.floor((d.lat - padLat) / GRID_DEG); i <= Math.floor((d.lat + padLat) / GRID_DEG); i++) {
      for (let j = Math.floor((d.lon - padLon) / GRID_DEG); j <= Math.floor((d.lon + padLon) / GRID_DEG); j++) {
        const set = byCell.get(cellKey(i, j));
        if (!set) continue;
        for (const mmsi of set) {
          const last = vessels.get(mmsi)!.last;
          if (last.t < d.t && last.t >= d.t - p.timeToleranceMs) reckon(d, mmsi, last);
        }
      }
    }
    const k = gridKey(cellOf(d.lat, d.lon), Math.floor(d.t / BUCKET_MS));
    const l = grid.get(k)!;
    const i = l.indexOf(d);
    if (i >= 0) l.splice(i, 1);
    if (l.length === 0) grid.delete(k);
  };

  const activate = (now: number): void => {
    while (nextAct < order.length && order[nextAct]!.t <= now + p.timeToleranceMs) {
      const d = order[nextAct++]!;
      const k = gridKey(cellOf(d.lat, d.lon), Math.floor(d.t / BUCKET_MS));
      let l = grid.get(k);
      if (!l) grid.set(k, (l = []));
      l.push(d);
      active.push(d);
    }
    // detections no track can reach any more leave the grid (in time order)
    while (activeHead < active.length && active[activeHead]!.t < now - keep) retire(active[activeHead++]!);
    if (activeHead > 4096 && activeHead * 2 > active.length) {
      active.splice(0, activeHead);
      activeHead = 0;
    }
  };

  const from = order[0]!.t - p.maxCandidateGapMs;
  const to = order[order.length - 1]!.t + p.maxCandidateGapMs;
  let positions = 0;

  /** the fix being read, rewritten per row (kept nowhere: what stays is copied) */
  const cur: TrackFix = { t: 0, lat: 0, lon: 0, sog: null, cog: null };
  /** the vessel's previous fix, copied out of its last (which takes the new fix first) */
  const before: TrackFix = { t: 0, lat: 0, lon: 0, sog: null, cog: null };
  const copy = (f: TrackFix): TrackFix => ({ t: f.t, lat: f.lat, lon: f.lon, sog: f.sog, cog: f.cog });
  const assign = (to: TrackFix, f: TrackFix): void => {
    to.t = f.t;
    to.lat = f.lat;
    to.lon = f.lon;
    to.sog = f.sog;
    to.cog = f.cog;
  };

  const onFix = (mmsi: number, fix: TrackFix): void => {
    positions++;
    const cell = cellOf(fix.lat, fix.lon);
    let st = vessels.get(mmsi);
    let prev: TrackFix | null = null;
    if (!st) vessels.set(mmsi, (st = { last: copy(fix), first: copy(fix), gaps: [], hauntKey: -1, cell: -1 }));
    else {
      assign(before, st.last);
      prev = before;
    }
    if (cell !== st.cell) {
      byCell.get(st.cell)?.delete(mmsi);
      let set = byCell.get(cell);
      if (!set) byCell.set(cell, (set = new Set()));
      set.add(mmsi);
      st.cell = cell;
    }
    // haunts: one count per vessel, cell and hour
    const hc = hauntCell(fix.lat, fix.lon);
    const hk = hc * 1e6 + (Math.floor(fix.t / 3_600_000) % 1e6);
    if (hk !== st.hauntKey) {
      st.hauntKey = hk;
      let m = haunts.get(hc);
      if (!m) haunts.set(hc, (m = new Map()));
      m.set(mmsi, (m.get(mmsi) ?? 0) + 1);
    }
    const supported = prev !== null && supportsInterpolation(prev, fix, support);
    if (prev !== null && !supported && fix.t - prev.t > p.maxInterpolationGapMs) st.gaps.push({ mmsi, off: copy(prev), on: copy(fix) });
    // the vessel's last fix becomes this one before the detections that leave the grid look (its
    // own object, rewritten: no allocation per fix)
    assign(st.last, fix);
    activate(fix.t);
    if (grid.size > 0) {
      if (supported && prev) {
        // the common case: the segment from the previous fix brackets the detections of its time
        const n = near(Math.min(prev.lat, fix.lat), Math.max(prev.lat, fix.lat), Math.min(prev.lon, fix.lon), Math.max(prev.lon, fix.lon), p.radiusM, prev.t, fix.t);
        for (let k = 0; k < n; k++) {
          const d = found[k]!;
          const at = interpolateAt(prev, fix, d.t);
          const dist = flatM(d.lat, d.lon, at.lat, at.lon);
          if (dist > p.radiusM) continue;
          const nearT = d.t - prev.t <= fix.t - d.t ? prev.t : fix.t;
          offer(d, { mmsi, distanceM: dist, timeOffsetS: (nearT - d.t) / 1000, how: 'interpolated', fixes: [`${mmsi}:${prev.t}`, `${mmsi}:${fix.t}`] });
        }
      } else {
        // a track (re)starting here: dead reckoned back to detections just before this fix, and,
        // after a short unsupported interval, forward from the previous fix (a long one: retire())
        let n = near(fix.lat, fix.lat, fix.lon, fix.lon, reckonPadM, fix.t - p.timeToleranceMs, fix.t);
        for (let k = 0; k < n; k++) reckon(found[k]!, mmsi, fix);
        if (prev) {
          n = near(prev.lat, prev.lat, prev.lon, prev.lon, reckonPadM, prev.t + 1, Math.min(prev.t + p.timeToleranceMs, fix.t - 1));
          for (let k = 0; k < n; k++) reckon(found[k]!, mmsi, prev);
        }
      }
    }
  };

  // columns, not a Position per row: 10M fixes would be 10M objects for the collector
  for await (const c of replayColumns(store, { from, to })) {
    for (let j = 0; j < c.n; j++) {
      cur.t = c.t[j]!;
      cur.lat = c.lat[j]!;
      cur.lon = c.lon[j]!;
      const sog = c.sog[j]!;
      const cog = c.cog[j]!;
      cur.sog = Number.isNaN(sog) ? null : sog;
      cur.cog = Number.isNaN(cog) ? null : cog;
      onFix(c.mmsi[j]!, cur);
    }
  }
  // AIS lengths: the latest report of each vessel in the span
  for await (const r of store.statics({ from, to })) if (r.length !== null) lengths.set(r.mmsi, r.length);
  // the end of the data: every detection still waiting is retired (forward reckoning)
  activate(Infinity);
  const out = new Map<number, VesselSummary>();
  for (const [mmsi, st] of vessels) out.set(mmsi, { first: st.first, last: st.last, gaps: st.gaps });
  return { offers, vessels: out, haunts, lengths, positions };
}
