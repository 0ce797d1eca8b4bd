/**
 * Positions as columns of numbers, so a batch crosses to the detector worker by transfer (no
 * copy, no structured clone of 250k objects). Nulls travel as NaN.
 */
import type { Position } from '../records.js';

export interface PositionColumns {
  n: number;
  mmsi: Float64Array;
  t: Float64Array;
  lat: Float64Array;
  lon: Float64Array;
  sog: Float64Array;
  cog: Float64Array;
  heading: Float64Array;
  navStatus: Float64Array;
  msgType: Float64Array;
  /** one source name for the batch (the input) */
  source: string;
}

const n2 = (v: number | null | undefined): number => (v === null || v === undefined ? Number.NaN : v);
const back = (v: number): number | null => (Number.isNaN(v) ? null : v);

export function toColumns(ps: readonly Position[], source: string): PositionColumns {
  const n = ps.length;
  const c: PositionColumns = {
    n,
    mmsi: new Float64Array(n),
    t: new Float64Array(n),
    lat: new Float64Array(n),
    lon: new Float64Array(n),
    sog: new Float64Array(n),
    cog: new Float64Array(n),
    heading: new Float64Array(n),
    navStatus: new Float64Array(n),
    msgType: new Float64Array(n),
    source,
  };
  for (let i = 0; i < n; i++) {
    const p = ps[i]!;
    c.mmsi[i] = p.mmsi;
    c.t[i] = p.t;
    c.lat[i] = p.lat;
    c.lon[i] = p.lon;
    c.sog[i] = n2(p.sog);
    c.cog[i] = n2(p.cog);
    c.heading[i] = n2(p.heading);
    c.navStatus[i] = n2(p.navStatus);
    c.msgType[i] = n2(p.msgType);
  }
  return c;
}

export function transferList(c: PositionColumns): ArrayBuffer[] {
  return [c.mmsi, c.t, c.lat, c.lon, c.sog, c.cog, c.heading, c.navStatus, c.msgType].map((a) => a.buffer as ArrayBuffer);
}

export function fromColumns(c: PositionColumns): Position[] {
  const out: Position[] = new Array(c.n);
  for (let i = 0; i < c.n; i++) {
    const mt = back(c.msgType[i]!);
    const p: Position = { mmsi: c.mmsi[i]!, t: c.t[i]!, lat: c.lat[i]!, lon: c.lon[i]!, sog: back(c.sog[i]!), cog: back(c.cog[i]!), heading: back(c.heading[i]!), navStatus: back(c.navStatus[i]!), source: c.source };
    if (mt !== null) p.msgType = mt;
    out[i] = p;
  }
  return out;
}
