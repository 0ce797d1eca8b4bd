/**
 * Solar altitude and night, after NOAA's solar calculator (Meeus, "Astronomical
 * Algorithms", as written out in NOAA GML's solar calculation details). Good to about a
 * minute of time for sunrise and sunset between 1900 and 2100; written by hand because it
 * is a few lines of arithmetic and detectors ask it per event.
 */

const D2R = Math.PI / 180;
const R2D = 180 / Math.PI;
const DAY_MS = 86_400_000;

/** Sun centre altitude below which each kind of night begins, degrees. */
export const NIGHT_THRESHOLD_DEG = {
  /** sunset: upper limb on the horizon with standard refraction (34') and semidiameter (16') */
  none: -0.833,
  civil: -6,
  nautical: -12,
  astronomical: -18,
} as const;

export type Twilight = keyof typeof NIGHT_THRESHOLD_DEG;

/** Declination and equation of time for an instant (epoch ms). */
export function solarPosition(tMs: number): { declinationDeg: number; equationOfTimeMin: number } {
  const jd = tMs / DAY_MS + 2_440_587.5;
  const T = (jd - 2_451_545) / 36_525;
  const L0 = (((280.46646 + T * (36000.76983 + T * 0.0003032)) % 360) + 360) % 360;
  const M = 357.52911 + T * (35999.05029 - 0.0001537 * T);
  const e = 0.016708634 - T * (0.000042037 + 0.0000001267 * T);
  const Mr = M * D2R;
  const C =
    Math.sin(Mr) * (1.914602 - T * (0.004817 + 0.000014 * T)) +
    Math.sin(2 * Mr) * (0.019993 - 0.000101 * T) +
    Math.sin(3 * Mr) * 0.000289;
  const trueLong = L0 + C;
  const omega = (125.04 - 1934.136 * T) * D2R;
  const lambda = (trueLong - 0.00569 - 0.00478 * Math.sin(omega)) * D2R;
  const eps0 = 23 + (26 + (21.448 - T * (46.815 + T * (0.00059 - T * 0.001813))) / 60) / 60;
  const eps = (eps0 + 0.00256 * Math.cos(omega)) * D2R;
  const decl = Math.asin(Math.sin(eps) * Math.sin(lambda));
  const y = Math.tan(eps / 2) ** 2;
  const L0r = L0 * D2R;
  const eqTime =
    4 *
    R2D *
    (y * Math.sin(2 * L0r) -
      2 * e * Math.sin(Mr) +
      4 * e * y * Math.sin(Mr) * Math.cos(2 * L0r) -
      0.5 * y * y * Math.sin(4 * L0r) -
      1.25 * e * e * Math.sin(2 * Mr));
  return { declinationDeg: decl * R2D, equationOfTimeMin: eqTime };
}

/**
 * Geometric altitude of the sun's centre above the horizon, degrees (no refraction),
 * at time `tMs` (epoch ms) seen from (lat, lon).
 */
export function solarAltitudeDeg(tMs: number, lat: number, lon: number): number {
  const { declinationDeg, equationOfTimeMin } = solarPosition(tMs);
  const minutesOfDay = ((((tMs % DAY_MS) + DAY_MS) % DAY_MS) / 60_000);
  const trueSolarMin = minutesOfDay + equationOfTimeMin + 4 * lon;
  const hourAngle = (trueSolarMin / 4 - 180) * D2R;
  const latR = lat * D2R;
  const declR = declinationDeg * D2R;
  const cosZenith = Math.sin(latR) * Math.sin(declR) + Math.cos(latR) * Math.cos(declR) * Math.cos(hourAngle);
  return 90 - Math.acos(Math.max(-1, Math.min(1, cosZenith))) * R2D;
}

export interface NightOptions {
  /** 'none' (default): night starts at sunset; 'civil' | 'nautical' | 'astronomical': at the end of that twilight */
  twilight?: Twilight;
}

/** True when the sun is below the chosen night threshold at (tMs, lat, lon). */
export function isNight(tMs: number, lat: number, lon: number, opts: NightOptions = {}): boolean {
  return solarAltitudeDeg(tMs, lat, lon) < NIGHT_THRESHOLD_DEG[opts.twilight ?? 'none'];
}

/**
 * Times (epoch ms) when the sun's centre crosses `altitudeDeg` going up (rise) and down
 * (set) within [fromMs, fromMs + 24 h); null when it does not (polar day or night).
 * Found by 10-minute steps then bisection to under a second.
 */
export function sunCrossings(
  fromMs: number,
  lat: number,
  lon: number,
  altitudeDeg: number = NIGHT_THRESHOLD_DEG.none,
): { rise: number | null; set: number | null } {
  const step = 10 * 60_000;
  let rise: number | null = null;
  let set: number | null = null;
  let t0 = fromMs;
  let a0 = solarAltitudeDeg(t0, lat, lon) - altitudeDeg;
  for (let t1 = fromMs + step; t1 <= fromMs + DAY_MS; t1 += step) {
    const a1 = solarAltitudeDeg(t1, lat, lon) - altitudeDeg;
    if ((a0 < 0) !== (a1 < 0)) {
      let lo = t0, hi = t1;
      while (hi - lo > 500) {
        const mid = (lo + hi) / 2;
        const am = solarAltitudeDeg(mid, lat, lon) - altitudeDeg;
        if ((am < 0) === (a0 < 0)) lo = mid;
        else hi = mid;
      }
      const at = Math.round((lo + hi) / 2);
      if (a0 < 0 && rise === null) rise = at;
      else if (a0 >= 0 && set === null) set = at;
    }
    t0 = t1;
    a0 = a1;
  }
  return { rise, set };
}
