/**
 * One pass over the store's positions in time order (the replay of src/pipeline/replay.ts)
 * that puts every vessel's track at each detection's time and keeps what the ranking of dark
 * detections needs afterwards:
 *   - offers: for each detection, the vessels whose track is within the radius at its time,
 *     interpolated between the two fixes around it when the interval is one the track supports
 *     (src/track/interpolate.ts), else dead reckoned from a fix within the time tolerance;
 *   - gaps: each vessel's silences longer than the interpolation limit (off and on fixes);
 *   - haunts: hours each vessel was heard per 0.1 degree cell;
 *   - AIS lengths from the static reports.
 * Detections wait in a spatial grid while tracks can still reach their time, so the cost is
 * one grid look-up per position, whatever the number of detections.
 */
import { flatM, M_PER_DEG_LAT } from '../geo/distance.js';
import { deadReckon, interpolateAt, supportsInterpolation, type TrackFix } from '../track/interpolate.js';
import { replay } from '../pipeline/replay.js';
import type { Store } from '../store/types.js';
import type { Position } from '../records.js';
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
export const HAUNT_DEG = 0.1;

export function hauntCell(lat: number, lon: number): number {
  return (Math.floor(lat / HAUNT_DEG) + 1000) * 10000 + (Math.floor(lon / HAUNT_DEG) + 2000);
}

const gridKey = (ilat: number, ilon: number): number => (ilat + 2000) * 10000 + (ilon + 4000);

interface VState {
  last: TrackFix;
  first: TrackFix;
  gaps: Gap[];
  hauntKey: number;
}

export async function sweep(store: Store, dets: readonly Detection[], p: DetectionParams): Promise<SweepResult> {
  const order = [...dets].sort((a, b) => a.t - b.t);
  const offers: (Map<number, Offer> | undefined)[] = new Array(dets.length);
  const vessels = new Map<number, VState>();
  const haunts = new Map<number, Map<number, number>>();
  const lengths = new Map<number, number>();
  if (order.length === 0) return { offers, vessels: new Map(), haunts, lengths, positions: 0 };
  const grid = new Map<number, Detection[]>();
  const active: Detection[] = [];
  let nextAct = 0;
  let activeHead = 0;
  const keep = Math.max(p.maxInterpolationGapMs, p.timeToleranceMs);

  const activate = (now: number): void => {
    while (nextAct < order.length && order[nextAct]!.t <= now + p.timeToleranceMs) {
      const d = order[nextAct++]!;
      const k = gridKey(Math.floor(d.lat / GRID_DEG), Math.floor(d.lon / GRID_DEG));
      let l = grid.get(k);
      if (!l) grid.set(k, (l = []));
      l.push(d);
      active.push(d);
    }
    // detections no track can reach any more leave the grid (in time order)
    while (activeHead < active.length && active[activeHead]!.t < now - keep) {
      const d = active[activeHead++]!;
      const k = gridKey(Math.floor(d.lat / GRID_DEG), Math.floor(d.lon / GRID_DEG));
      const l = grid.get(k)!;
      const i = l.indexOf(d);
      if (i >= 0) l.splice(i, 1);
      if (l.length === 0) grid.delete(k);
    }
    if (activeHead > 4096 && activeHead * 2 > active.length) {
      active.splice(0, activeHead);
      activeHead = 0;
    }
  };

  const offer = (d: Detection, o: Offer): void => {
    let m = offers[d.index];
    if (!m) offers[d.index] = m = new Map();
    const prev = m.get(o.mmsi);
    if (!prev || (prev.how === 'dead_reckoned' && o.how === 'interpolated') || (prev.how === o.how && Math.abs(o.timeOffsetS) < Math.abs(prev.timeOffsetS))) m.set(o.mmsi, o);
  };

  const support = { maxGapMs: p.maxInterpolationGapMs, maxKnots: p.maxKnots };
  const from = order[0]!.t - p.maxCandidateGapMs;
  const to = order[order.length - 1]!.t + p.maxCandidateGapMs;
  let positions = 0;

  const onFix = (q: Position): void => {
    positions++;
    const fix: TrackFix = { t: q.t, lat: q.lat, lon: q.lon, sog: q.sog, cog: q.cog };
    let st = vessels.get(q.mmsi);
    let prev: TrackFix | null = null;
    if (!st) vessels.set(q.mmsi, (st = { last: fix, first: fix, gaps: [], hauntKey: -1 }));
    else prev = st.last;
    // haunts: one count per vessel, cell and hour
    const hk = hauntCell(q.lat, q.lon) * 1e6 + Math.floor(q.t / 3_600_000) % 1e6;
    if (hk !== st.hauntKey) {
      st.hauntKey = hk;
      const cell = hauntCell(q.lat, q.lon);
      let m = haunts.get(cell);
      if (!m) haunts.set(cell, (m = new Map()));
      m.set(q.mmsi, (m.get(q.mmsi) ?? 0) + 1);
    }
    const supported = prev !== null && supportsInterpolation(prev, fix, support);
    if (prev !== null && !supported && fix.t - prev.t > p.maxInterpolationGapMs) st.gaps.push({ mmsi: q.mmsi, off: prev, on: fix });
    st.last = fix;
    activate(q.t);
    if (grid.size === 0) return;
    // the box a detection must be in to be reached by this fix or the segment ending here
    let s = fix.lat;
    let n = fix.lat;
    let w = fix.lon;
    let e = fix.lon;
    if (supported && prev) {
      s = Math.min(s, prev.lat);
      n = Math.max(n, prev.lat);
      w = Math.min(w, prev.lon);
      e = Math.max(e, prev.lon);
    }
    const reckonM = fix.sog !== null ? (Math.min(fix.sog, p.maxKnots) * 1852 * p.timeToleranceMs) / 3_600_000 : 0;
    const padLat = (p.radiusM + reckonM) / M_PER_DEG_LAT;
    const padLon = padLat / Math.max(0.05, Math.cos((fix.lat * Math.PI) / 180));
    if (e - w > 10) return; // a segment across the antimeridian or a jump: no detection sits on it
    const i0 = Math.floor((s - padLat) / GRID_DEG);
    const i1 = Math.floor((n + padLat) / GRID_DEG);
    const j0 = Math.floor((w - padLon) / GRID_DEG);
    const j1 = Math.floor((e + padLon) / GRID_DEG);
    for (let i = i0; i <= i1; i++) {
      for (let j = j0; j <= j1; j++) {
        const l = grid.get(gridKey(i, j));
        if (!l) continue;
        for (const d of l) {
          if (supported && prev && d.t >= prev.t && d.t <= fix.t) {
            const at = interpolateAt(prev, fix, d.t);
            const dist = flatM(d.lat, d.lon, at.lat, at.lon);
            if (dist <= p.radiusM) {
              const near = d.t - prev.t <= fix.t - d.t ? prev.t : fix.t;
              offer(d, { mmsi: q.mmsi, distanceM: dist, timeOffsetS: (near - d.t) / 1000, how: 'interpolated', fixes: [`${q.mmsi}:${prev.t}`, `${q.mmsi}:${fix.t}`] });
            }
          } else if (Math.abs(d.t - fix.t) <= p.timeToleranceMs) {
            const at = deadReckon(fix, d.t);
            const dist = flatM(d.lat, d.lon, at.lat, at.lon);
            if (dist <= p.radiusM) offer(d, { mmsi: q.mmsi, distanceM: dist, timeOffsetS: (fix.t - d.t) / 1000, how: 'dead_reckoned', fixes: [`${q.mmsi}:${fix.t}`] });
          }
        }
      }
    }
  };

  for await (const batch of replay(store, { from, to })) {
    for (const r of batch) {
      if ('sog' in r) onFix(r);
      else if (r.length !== null) lengths.set(r.mmsi, r.length);
    }
  }
  const out = new Map<number, VesselSummary>();
  for (const [mmsi, st] of vessels) out.set(mmsi, { first: st.first, last: st.last, gaps: st.gaps });
  return { offers, vessels: out, haunts, lengths, positions };
}
