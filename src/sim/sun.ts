/**
 * Independent oracle: another sun algorithm than src/geo/sun.ts (NOAA/Meeus), the US Naval Observatory's
 * approximate solar coordinates (about 0.1 degree), to label planted encounters `night`: sun below the horizon at the midpoint.
 */
const RAD = Math.PI / 180;

export function sunAltitudeDeg(tMs: number, lat: number, lon: number): number {
  const d = tMs / 86400000 + 2440587.5 - 2451545.0; // days since J2000
  const g = (357.529 + 0.98560028 * d) * RAD;
  const q = 280.459 + 0.98564736 * d;
  const L = (q + 1.915 * Math.sin(g) + 0.02 * Math.sin(2 * g)) * RAD;
  const e = (23.439 - 0.00000036 * d) * RAD;
  const ra = Math.atan2(Math.cos(e) * Math.sin(L), Math.cos(L));
  const dec = Math.asin(Math.sin(e) * Math.sin(L));
  const gmst = (18.697374558 + 24.06570982441908 * d) % 24;
  const ha = (gmst * 15 + lon) * RAD - ra;
  const alt = Math.asin(Math.sin(lat * RAD) * Math.sin(dec) + Math.cos(lat * RAD) * Math.cos(dec) * Math.cos(ha));
  return alt / RAD;
}

/** below the apparent horizon (refraction and the sun's radius: -0.833 degrees) */
export function isNight(tMs: number, lat: number, lon: number): boolean {
  return sunAltitudeDeg(tMs, lat, lon) < -0.833;
}
