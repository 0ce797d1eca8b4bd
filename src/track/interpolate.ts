/**
 * A vessel's position between or beside its fixes: linear interpolation across a gap the
 * track supports (short enough, at a speed a ship makes), and dead reckoning from one fix
 * along its reported course and speed for a few minutes. Used to put AIS tracks at the time
 * of a satellite detection (src/detections/).
 */
import { knots, flatM, M_PER_DEG_LAT } from '../geo/distance.js';

/** The parts of a fix these functions read. */
export interface TrackFix {
  t: number;
  lat: number;
  lon: number;
  sog: number | null;
  cog: number | null;
}

export interface GapSupport {
  /** longest interval between two fixes that is interpolated, ms */
  maxGapMs: number;
  /** fastest implied speed between them that is believed, knots (GFW segmenter: 25) */
  maxKnots: number;
}

/** True when the interval between fixes a and b (a.t <= b.t) may be interpolated. */
export function supportsInterpolation(a: TrackFix, b: TrackFix, s: GapSupport): boolean {
  const dt = b.t - a.t;
  if (dt < 0 || dt > s.maxGapMs) return false;
  if (dt === 0) return flatM(a.lat, a.lon, b.lat, b.lon) < 100;
  return knots(flatM(a.lat, a.lon, b.lat, b.lon), dt) <= s.maxKnots;
}

/** Position at t (a.t <= t <= b.t) on the straight line from a to b; longitudes take the short way round. */
export function interpolateAt(a: TrackFix, b: TrackFix, t: number): { lat: number; lon: number } {
  const dt = b.t - a.t;
  const f = dt > 0 ? (t - a.t) / dt : 0;
  let dLon = b.lon - a.lon;
  if (dLon > 180) dLon -= 360;
  else if (dLon < -180) dLon += 360;
  let lon = a.lon + dLon * f;
  if (lon >= 180) lon -= 360;
  else if (lon < -180) lon += 360;
  return { lat: a.lat + (b.lat - a.lat) * f, lon };
}

const D2R = Math.PI / 180;

/** Position at t from fix a along its reported course and speed (the fix itself without them). */
export function deadReckon(a: TrackFix, t: number): { lat: number; lon: number } {
  if (a.sog === null || a.cog === null || a.sog <= 0) return { lat: a.lat, lon: a.lon };
  const m = (a.sog * 1852 * (t - a.t)) / 3_600_000;
  const north = m * Math.cos(a.cog * D2R);
  const east = m * Math.sin(a.cog * D2R);
  const lat = a.lat + north / M_PER_DEG_LAT;
  const lon = a.lon + east / (M_PER_DEG_LAT * Math.max(0.01, Math.cos(((a.lat + lat) / 2) * D2R)));
  return { lat, lon };
}
