/**
 * How far a fix is from where the previous fix of the same transmitter says it
 * should be, in nautical miles: the "discrepancy" of GFW's gpsdio-segment
 * (GlobalFishingWatch/gpsdio-segment, gpsdio_segment/discrepancy.py, Apache-2.0),
 * re-derived here in TypeScript.
 *
 * Hot path (called for every position against every open segment), so it works
 * on plain numbers, does no allocation and uses a flat-earth approximation that
 * is accurate enough over the few hundred nautical miles a 24 h match spans.
 */

import { haversineM, mToNm } from '../geo/distance.js';

const DEG = Math.PI / 180;
const NM_PER_DEG_LAT = 60;

/**
 * Below this speed (knots) a missing course is normal (GPS cannot tell the
 * heading of a still vessel), so the fix is treated as stationary. Faster
 * fixes without a course are unusable. GFW: `very_slow = 0.35`.
 */
export const VERY_SLOW_KN = 0.35;

/** A fix as the matcher sees it; `cog` is NaN when unknown. */
export interface Fix {
  /** epoch ms */
  t: number;
  lat: number;
  lon: number;
  /** knots */
  sog: number;
  /** degrees true, NaN when unknown */
  cog: number;
  /**
   * Per-fix trigonometry (see `setTrig`), so a fix compared with many others pays for its
   * sines and cosines once: cos(lat), and the course's unit vector (east, north) with a
   * missing course taken as north (the off-track test's convention).
   */
  cosLat?: number;
  ux?: number;
  uy?: number;
}

/** Sets a fix's trigonometry from its lat and cog (a reused fix: call after changing them). */
export function setTrig(f: Fix): void {
  const rad = (90 - (f.cog === f.cog ? f.cog : 0)) * DEG;
  f.cosLat = Math.cos(f.lat * DEG);
  f.ux = Math.cos(rad);
  f.uy = Math.sin(rad);
}

/** Fills in a fix's trigonometry when it has none yet. */
function fixTrig(f: Fix): void {
  if (f.ux === undefined) setTrig(f);
}

/** Wrap a longitude difference into [-180, 180). */
export function wrapLon(dx: number): number {
  if (dx >= -180 && dx < 180) return dx;
  const m = (dx + 180) % 360;
  return (m < 0 ? m + 360 : m) - 180;
}

/**
 * Shorten long intervals: over hours a vessel rarely keeps a straight line at
 * full speed, so the dead-reckoned distance is scaled down. GFW's
 * `compute_penalized_hours`: h / (1 + (h / penaltyHours) ^ (1 - hoursExp)).
 */
export function penalizedHours(hours: number, penaltyHours: number, hoursExp: number): number {
  const x = Math.max(hours, 0) / penaltyHours;
  // GFW's default exponent 0.5 is a square root; Math.pow is several times slower
  return hours / (1 + (hoursExp === 0.5 ? Math.sqrt(x) : Math.pow(x, 1 - hoursExp)));
}

/** sqrt(x^2 + y^2); V8's Math.hypot is much slower and overflow cannot happen here. */
function hyp(x: number, y: number): number {
  return Math.sqrt(x * x + y * y);
}

/**
 * The smallest of three disagreement measures between fix `a` and the later fix
 * `b`, `hours` (already penalised) apart, in nautical miles:
 * 1. mean distance between each fix and the other dead-reckoned to its time;
 * 2. straight distance times `shapeFactor` (the vessel may have stopped);
 * 3. mean perpendicular distance of each fix from the other's course line,
 *    times `shapeFactor`, when it lies ahead within reach.
 */
export function discrepancyNm(a: Fix, b: Fix, hours: number, shapeFactor: number): number {
  fixTrig(a);
  fixTrig(b);
  const ymid = 0.5 * (a.lat + b.lat);
  const nmPerDegLon = NM_PER_DEG_LAT * Math.cos(ymid * DEG);
  const dyNm = NM_PER_DEG_LAT * (b.lat - a.lat);
  const dxNm = nmPerDegLon * wrapLon(b.lon - a.lon);
  const dist = hyp(dyNm, dxNm);

  // 1: dead reckoning forward from a and backward from b. A missing course
  // means "stationary" (VERY_SLOW_KN), so that side predicts no movement.
  const aMoves = a.cog === a.cog; // not NaN
  const bMoves = b.cog === b.cog;
  const aDist = aMoves ? a.sog * hours : 0;
  const bDist = bMoves ? -b.sog * hours : 0;
  // predicted b from a (degrees), as GFW does: lon step uses a's own latitude
  const bxp = a.lon + (a.ux! * aDist) / NM_PER_DEG_LAT / (a.cosLat! + 1e-3);
  const byp = a.lat + (a.uy! * aDist) / NM_PER_DEG_LAT;
  const axp = b.lon + (b.ux! * bDist) / NM_PER_DEG_LAT / (b.cosLat! + 1e-3);
  const ayp = b.lat + (b.uy! * bDist) / NM_PER_DEG_LAT;
  const d1 =
    0.5 *
    (hyp(nmPerDegLon * wrapLon(axp - a.lon), NM_PER_DEG_LAT * (ayp - a.lat)) +
      hyp(nmPerDegLon * wrapLon(bxp - b.lon), NM_PER_DEG_LAT * (byp - b.lat)));

  // 2: the vessel stayed put
  const d2 = dist * shapeFactor;
  const best = Math.min(d1, d2);
  if (best === 0) return 0;

  // 3: off-track distance, only when the other fix is ahead and within reach. With u the
  // course's unit vector and (dx, dy) the leg: along-track = u.(dx, dy), off-track =
  // |u x (dx, dy)| (GFW writes them with atan2, cos and sin of the angle between).
  const tanA = a.ux! * dxNm + a.uy! * dyNm;
  const normA = tanA > 0 && tanA <= a.sog * hours ? Math.abs(a.uy! * dxNm - a.ux! * dyNm) : Infinity;
  const tanB = b.ux! * dxNm + b.uy! * dyNm;
  const normB = tanB > 0 && tanB <= b.sog * hours ? Math.abs(b.uy! * dxNm - b.ux! * dyNm) : Infinity;
  const d3 = 0.5 * (normA + normB) * shapeFactor;
  return d3 < best ? d3 : best;
}

/** Equirectangular distance in nautical miles (what the discrepancy uses for "stayed put"). */
export function flatDistanceNm(a: Fix, b: Fix): number {
  return flatNm(a.lat, a.lon, b.lat, b.lon);
}

/** flatDistanceNm of two plain points (no Fix objects on a hot path). */
export function flatNm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const nmPerDegLon = NM_PER_DEG_LAT * Math.cos(0.5 * (lat1 + lat2) * DEG);
  return hyp(NM_PER_DEG_LAT * (lat2 - lat1), nmPerDegLon * wrapLon(lon2 - lon1));
}

/** Great-circle (haversine, src/geo) distance in nautical miles; for implied speeds. */
export function haversineNm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  return mToNm(haversineM(lat1, lon1, lat2, lon2));
}
