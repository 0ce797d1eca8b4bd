/**
 * Sun altitude (degrees above the horizon) from NOAA's solar position
 * equations (Meeus, "Astronomical Algorithms"; NOAA ESRL solar calculator),
 * accurate to a few hundredths of a degree: plenty to tell night from day.
 * src/geo will carry the project's copy; this one lets the detectors test
 * `night` without it.
 */
const DEG = Math.PI / 180;

export function sunAltitudeDeg(t: number, lat: number, lon: number): number {
  const jd = t / 86_400_000 + 2_440_587.5;
  const jc = (jd - 2_451_545) / 36_525;
  const l0 = (280.46646 + jc * (36000.76983 + jc * 0.0003032)) % 360;
  const m = 357.52911 + jc * (35999.05029 - 0.0001537 * jc);
  const e = 0.016708634 - jc * (0.000042037 + 0.0000001267 * jc);
  const c =
    Math.sin(m * DEG) * (1.914602 - jc * (0.004817 + 0.000014 * jc)) +
    Math.sin(2 * m * DEG) * (0.019993 - 0.000101 * jc) +
    Math.sin(3 * m * DEG) * 0.000289;
  const trueLong = l0 + c;
  const omega = 125.04 - 1934.136 * jc;
  const lambda = trueLong - 0.00569 - 0.00478 * Math.sin(omega * DEG);
  const eps0 = 23 + (26 + (21.448 - jc * (46.815 + jc * (0.00059 - jc * 0.001813))) / 60) / 60;
  const eps = eps0 + 0.00256 * Math.cos(omega * DEG);
  const decl = Math.asin(Math.sin(eps * DEG) * Math.sin(lambda * DEG));
  const y = Math.tan((eps / 2) * DEG) ** 2;
  const eqTime =
    4 /
    DEG *
    (y * Math.sin(2 * l0 * DEG) -
      2 * e * Math.sin(m * DEG) +
      4 * e * y * Math.sin(m * DEG) * Math.cos(2 * l0 * DEG) -
      0.5 * y * y * Math.sin(4 * l0 * DEG) -
      1.25 * e * e * Math.sin(2 * m * DEG));
  const minutes = ((t % 86_400_000) + 86_400_000) % 86_400_000 / 60_000;
  const trueSolar = (((minutes + eqTime + 4 * lon) % 1440) + 1440) % 1440;
  let hourAngle = trueSolar / 4 - 180;
  if (hourAngle < -180) hourAngle += 360;
  const cosZen =
    Math.sin(lat * DEG) * Math.sin(decl) + Math.cos(lat * DEG) * Math.cos(decl) * Math.cos(hourAngle * DEG);
  return 90 - Math.acos(Math.max(-1, Math.min(1, cosZen))) / DEG;
}

/** Sun altitude below which it is night: the geometric horizon, or the end of civil/nautical/astronomical twilight. */
export const TWILIGHT_DEG = { none: -0.833, civil: -6, nautical: -12, astronomical: -18 } as const;
export type Twilight = keyof typeof TWILIGHT_DEG;
