import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  bearingDeg,
  destinationPoint,
  geodesicDistanceM,
  geodesicInverse,
  haversineM,
  kmToM,
  mToKm,
  mToNm,
  nmToM,
  normalizeLon,
} from '../../src/geo/distance.js';

describe('distance', () => {
  it('unit helpers use the international nautical mile', () => {
    expect(nmToM(12)).toBe(22_224);
    expect(mToNm(1852)).toBe(1);
    expect(kmToM(10)).toBe(10_000);
    expect(mToKm(500)).toBe(0.5);
  });

  it('geodesic distance matches published WGS84 values', () => {
    // GeographicLib's documented example (JFK 40.6N 73.8W to LHR 51.6N 0.5W): 5551759.400 m,
    // azimuths 51.198883 and 107.821777; one degree of latitude at the equator = 110574.389 m
    expect(geodesicDistanceM(40.6, -73.8, 51.6, -0.5)).toBeCloseTo(5_551_759.4, 2);
    const jl = geodesicInverse(40.6, -73.8, 51.6, -0.5);
    expect(jl.initialBearingDeg).toBeCloseTo(51.198883, 5);
    expect(jl.finalBearingDeg).toBeCloseTo(107.821777, 5);
    expect(geodesicDistanceM(0, 0, 1, 0)).toBeCloseTo(110_574.389, 2);
    // one minute of arc of latitude at 45 degrees is almost exactly a nautical mile (1852.2 m)
    expect(geodesicDistanceM(45, 0, 45 + 1 / 60, 0)).toBeGreaterThan(1851);
    expect(geodesicDistanceM(45, 0, 45 + 1 / 60, 0)).toBeLessThan(1853);
  });

  it('haversine is within 0.6% of the geodesic (prefilter only)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -80, max: 80, noNaN: true }),
        fc.double({ min: -180, max: 180, noNaN: true }),
        fc.double({ min: -80, max: 80, noNaN: true }),
        fc.double({ min: -180, max: 180, noNaN: true }),
        (la1, lo1, la2, lo2) => {
          const g = geodesicDistanceM(la1, lo1, la2, lo2);
          const h = haversineM(la1, lo1, la2, lo2);
          return Math.abs(h - g) <= 0.006 * g + 1e-6;
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('bearings: due north, due east on the equator, and the final bearing', () => {
    expect(bearingDeg(38, 125, 39, 125)).toBeCloseTo(0, 9);
    expect(bearingDeg(0, 10, 0, 11)).toBeCloseTo(90, 9);
    expect(bearingDeg(10, 11, 10, 10)).toBeGreaterThan(269);
    const inv = geodesicInverse(40.64, -73.78, 1.36, 103.99);
    expect(inv.initialBearingDeg).toBeGreaterThanOrEqual(0);
    expect(inv.initialBearingDeg).toBeLessThan(360);
    expect(inv.finalBearingDeg).toBeGreaterThanOrEqual(0);
  });

  it('destination point inverts the inverse problem, across the antimeridian too', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -85, max: 85, noNaN: true }),
        fc.double({ min: -180, max: 179.999, noNaN: true }),
        fc.double({ min: 0, max: 359.999, noNaN: true }),
        fc.double({ min: 1, max: 2_000_000, noNaN: true }),
        (lat, lon, brg, dist) => {
          const p = destinationPoint(lat, lon, brg, dist);
          expect(p.lon).toBeGreaterThanOrEqual(-180);
          expect(p.lon).toBeLessThan(180);
          const back = geodesicInverse(lat, lon, p.lat, p.lon);
          expect(back.distanceM).toBeCloseTo(dist, 3);
          return true;
        },
      ),
      { numRuns: 500 },
    );
    const e = destinationPoint(0, 179.5, 90, 111_319.49);
    expect(e.lat).toBeCloseTo(0, 9);
    expect(e.lon).toBeCloseTo(-179.5, 3);
  });

  it('normalizeLon wraps into [-180, 180)', () => {
    expect(normalizeLon(180)).toBe(-180);
    expect(normalizeLon(-180)).toBe(-180);
    expect(normalizeLon(190)).toBe(-170);
    expect(normalizeLon(-190)).toBe(170);
    expect(normalizeLon(725)).toBe(5);
  });
});
