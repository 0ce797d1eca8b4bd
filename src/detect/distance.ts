/**
 * Distance math for the detectors. Haversine (spherical, 0.5% at worst) is
 * plenty for thresholds of hundreds of metres to tens of km; the hot paths
 * (encounter grid, throttled geo look-ups) use the equirectangular
 * approximation, exact to < 0.1% at these ranges away from the poles.
 */
const R = 6_371_008.8; // mean Earth radius, m
const DEG = Math.PI / 180;
export const M_PER_NM = 1852;
export const M_PER_DEG_LAT = R * DEG;

export { haversineM } from '../geo/distance.js';

/** Equirectangular distance, metres: fast, for short ranges. */
export function flatM(lat1: number, lon1: number, lat2: number, lon2: number): number {
  let dLon = lon2 - lon1;
  if (dLon > 180) dLon -= 360;
  else if (dLon < -180) dLon += 360;
  const x = dLon * Math.cos(((lat1 + lat2) / 2) * DEG);
  const y = lat2 - lat1;
  return Math.sqrt(x * x + y * y) * M_PER_DEG_LAT;
}

/** Initial bearing from point 1 to point 2, degrees [0, 360). */
export function bearingDeg(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const p1 = lat1 * DEG;
  const p2 = lat2 * DEG;
  const dl = (lon2 - lon1) * DEG;
  const y = Math.sin(dl) * Math.cos(p2);
  const x = Math.cos(p1) * Math.sin(p2) - Math.sin(p1) * Math.cos(p2) * Math.cos(dl);
  return (Math.atan2(y, x) / DEG + 360) % 360;
}

/** Smallest signed difference b - a of two directions, degrees in (-180, 180]. */
export function angleDiff(a: number, b: number): number {
  let d = (b - a) % 360;
  if (d > 180) d -= 360;
  else if (d <= -180) d += 360;
  return d;
}

/** Knots from metres and milliseconds. */
export function knots(m: number, ms: number): number {
  return ms > 0 ? m / M_PER_NM / (ms / 3_600_000) : Number.POSITIVE_INFINITY;
}
