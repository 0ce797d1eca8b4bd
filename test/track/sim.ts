export { rng } from '../../src/util/prng.js';
/** Simulated vessel tracks with known ground truth, for the track tests. */
import type { Position } from '../../src/records.js';

const DEG = Math.PI / 180;

export interface ShipSpec {
  mmsi: number;
  lat: number;
  lon: number;
  /** knots */
  sog: number;
  /** degrees true */
  cog: number;
  /** first report, epoch ms */
  t0: number;
  /** report interval, seconds */
  everyS: number;
  count: number;
  msgType?: number;
  /** label carried in `source`, the ground truth */
  label: string;
}

/** A ship sailing a straight line at constant speed, reporting regularly. */
export function straightTrack(s: ShipSpec): Position[] {
  const out: Position[] = [];
  for (let i = 0; i < s.count; i++) {
    const hours = (i * s.everyS) / 3600;
    const nm = s.sog * hours;
    const lat = s.lat + (Math.cos(s.cog * DEG) * nm) / 60;
    const lon = s.lon + (Math.sin(s.cog * DEG) * nm) / 60 / Math.cos(lat * DEG);
    out.push({
      mmsi: s.mmsi,
      t: s.t0 + i * s.everyS * 1000,
      lat,
      lon,
      sog: s.sog,
      cog: s.cog,
      heading: Math.round(s.cog),
      navStatus: 0,
      source: s.label,
      msgType: s.msgType ?? 1,
    });
  }
  return out;
}

/** Merge tracks into one time-ordered stream (stable on ties). */
export function interleave(...tracks: Position[][]): Position[] {
  return tracks.flat().map((p, i) => ({ p, i })).sort((a, b) => a.p.t - b.p.t || a.i - b.i).map((x) => x.p);
}

