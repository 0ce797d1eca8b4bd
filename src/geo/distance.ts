/**
 * Distances, bearings and destination points on the Earth.
 *
 * `haversineM` is a spherical approximation (error up to ~0.5%): use it only to prefilter
 * candidates. Exact answers use Karney's geodesic algorithms on the WGS84 ellipsoid
 * (geographiclib-geodesic), accurate to nanometres.
 */
import geographiclib from 'geographiclib-geodesic';

const WGS84 = geographiclib.Geodesic.WGS84;
const DIST_AZI = geographiclib.Geodesic.DISTANCE | geographiclib.Geodesic.AZIMUTH;
const DIST_ONLY = geographiclib.Geodesic.DISTANCE;

/** IUGG mean Earth radius (R1), metres: the sphere used by the haversine prefilter. */
export const EARTH_RADIUS_M = 6_371_008.8;
/** One international nautical mile, metres (exact by definition). */
export const M_PER_NM = 1852;

export const D2R = Math.PI / 180;

export const nmToM = (nm: number): number => nm * M_PER_NM;
export const mToNm = (m: number): number => m / M_PER_NM;
export const kmToM = (km: number): number => km * 1000;
export const mToKm = (m: number): number => m / 1000;

/** Metres per degree of latitude on the mean-radius sphere (and per degree of longitude at the equator). */
export const M_PER_DEG_LAT = EARTH_RADIUS_M * D2R;

/** Great-circle distance on the mean-radius sphere, metres. Fast prefilter only. */
export function haversineM(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const dLat = (lat2 - lat1) * D2R;
  const dLon = (lon2 - lon1) * D2R;
  const s1 = Math.sin(dLat / 2);
  const s2 = Math.sin(dLon / 2);
  const h = s1 * s1 + Math.cos(lat1 * D2R) * Math.cos(lat2 * D2R) * s2 * s2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Geodesic (WGS84 ellipsoid) distance in metres. */
export function geodesicDistanceM(lat1: number, lon1: number, lat2: number, lon2: number): number {
  return WGS84.Inverse(lat1, lon1, lat2, lon2, DIST_ONLY).s12 ?? NaN;
}

export interface GeodesicInverse {
  /** distance along the ellipsoid, metres */
  distanceM: number;
  /** initial bearing at point 1, degrees clockwise from true north, [0, 360) */
  initialBearingDeg: number;
  /** final bearing at point 2, degrees [0, 360) */
  finalBearingDeg: number;
}

/** Exact distance and bearings between two points (WGS84). */
export function geodesicInverse(lat1: number, lon1: number, lat2: number, lon2: number): GeodesicInverse {
  const r = WGS84.Inverse(lat1, lon1, lat2, lon2, DIST_AZI);
  return {
    distanceM: r.s12 ?? NaN,
    initialBearingDeg: normalizeBearing(r.azi1 ?? NaN),
    finalBearingDeg: normalizeBearing(r.azi2 ?? NaN),
  };
}

/** Initial geodesic bearing from point 1 to point 2, degrees [0, 360). */
export function bearingDeg(lat1: number, lon1: number, lat2: number, lon2: number): number {
  return geodesicInverse(lat1, lon1, lat2, lon2).initialBearingDeg;
}

/** The point reached from (lat, lon) after `distanceM` along the geodesic with initial bearing `bearingDeg`. */
export function destinationPoint(
  lat: number,
  lon: number,
  bearingDeg: number,
  distanceM: number,
): { lat: number; lon: number } {
  const r = WGS84.Direct(lat, lon, bearingDeg, distanceM);
  return { lat: r.lat2 ?? NaN, lon: normalizeLon(r.lon2 ?? NaN) };
}

/** Longitude wrapped into [-180, 180). */
export function normalizeLon(lon: number): number {
  if (lon >= -180 && lon < 180) return lon;
  const x = (((lon + 180) % 360) + 360) % 360;
  return x - 180;
}

function normalizeBearing(deg: number): number {
  const x = ((deg % 360) + 360) % 360;
  return x === 360 ? 0 : x;
}

/**
 * Equirectangular distance, metres: the detectors' hot paths (encounter grid, throttled
 * look-ups, legs between fixes) over hundreds of metres to tens of km, where it is within
 * 0.1% of the geodesic away from the poles. Longitude differences take the short way round.
 */
export function flatM(lat1: number, lon1: number, lat2: number, lon2: number): number {
  let dLon = lon2 - lon1;
  if (dLon > 180) dLon -= 360;
  else if (dLon < -180) dLon += 360;
  const x = dLon * Math.cos(((lat1 + lat2) / 2) * D2R);
  const y = lat2 - lat1;
  return Math.sqrt(x * x + y * y) * M_PER_DEG_LAT;
}

/** Equirectangular initial bearing from point 1 to point 2, degrees [0, 360): flatM's companion (NaN for one point). */
export function flatBearingDeg(lat1: number, lon1: number, lat2: number, lon2: number): number {
  let dLon = lon2 - lon1;
  if (dLon > 180) dLon -= 360;
  else if (dLon < -180) dLon += 360;
  const x = dLon * Math.cos(((lat1 + lat2) / 2) * D2R);
  const y = lat2 - lat1;
  if (x === 0 && y === 0) return Number.NaN;
  return (Math.atan2(x, y) / D2R + 360) % 360;
}

/** Smallest signed difference b - a of two directions, degrees in (-180, 180]. */
export function angleDiff(a: number, b: number): number {
  let d = (b - a) % 360;
  if (d > 180) d -= 360;
  else if (d <= -180) d += 360;
  return d;
}

/** Speed in knots from metres covered in milliseconds (Infinity for no time). */
export function knots(m: number, ms: number): number {
  return ms > 0 ? m / M_PER_NM / (ms / 3_600_000) : Number.POSITIVE_INFINITY;
}
