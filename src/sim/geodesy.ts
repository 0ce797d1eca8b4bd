/**
 * Independent oracle: the simulator's own spherical geodesy, sharing no code with src/geo's exact geodesics.
 * Tracks need only metre-level consistency over a bay; a geodesy bug shared with the detectors would score itself perfect.
 */
export interface LatLon {
  lat: number;
  lon: number;
}

const EARTH_R = 6371008.8;
export const KN = 1852 / 3600; // metres per second in one knot
export const NM = 1852;
const RAD = Math.PI / 180;

export function distanceM(a: LatLon, b: LatLon): number {
  const dLat = (b.lat - a.lat) * RAD;
  const dLon = (b.lon - a.lon) * RAD;
  const s = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * RAD) * Math.cos(b.lat * RAD) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_R * Math.asin(Math.min(1, Math.sqrt(s)));
}

/** initial bearing a -> b, degrees [0, 360) */
export function bearing(a: LatLon, b: LatLon): number {
  const y = Math.sin((b.lon - a.lon) * RAD) * Math.cos(b.lat * RAD);
  const x = Math.cos(a.lat * RAD) * Math.sin(b.lat * RAD) - Math.sin(a.lat * RAD) * Math.cos(b.lat * RAD) * Math.cos((b.lon - a.lon) * RAD);
  return (Math.atan2(y, x) / RAD + 360) % 360;
}

/** point at `distM` along `brg` degrees from `p` */
export function destination(p: LatLon, brg: number, distM: number): LatLon {
  const d = distM / EARTH_R;
  const t = brg * RAD;
  const lat1 = p.lat * RAD;
  const lat2 = Math.asin(Math.sin(lat1) * Math.cos(d) + Math.cos(lat1) * Math.sin(d) * Math.cos(t));
  const lon2 = p.lon * RAD + Math.atan2(Math.sin(t) * Math.sin(d) * Math.cos(lat1), Math.cos(d) - Math.sin(lat1) * Math.sin(lat2));
  return { lat: lat2 / RAD, lon: lon2 / RAD };
}

/** shifts a point by metres east and north */
export function offset(p: LatLon, eastM: number, northM: number): LatLon {
  return { lat: p.lat + northM / (EARTH_R * RAD), lon: p.lon + eastM / (EARTH_R * RAD * Math.cos(p.lat * RAD)) };
}

export function lerp(a: LatLon, b: LatLon, f: number): LatLon {
  return { lat: a.lat + (b.lat - a.lat) * f, lon: a.lon + (b.lon - a.lon) * f };
}
