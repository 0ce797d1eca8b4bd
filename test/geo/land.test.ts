import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Position as GeoPos } from 'geojson';
import {
  buildLandModel,
  distanceToCoastIn,
  distanceToCoastM,
  distanceToShoreM,
  isNearShore,
  isOnLand,
  isOnLandIn,
  isWithinTerritorialSea,
  landModel,
  type LandModel,
} from '../../src/geo/land.js';
import { geodesicDistanceM, nmToM, normalizeLon } from '../../src/geo/distance.js';
import { sharedData } from './shared-data.js';

/** Even-odd ray cast over every planar edge of the model: the slow, obvious answer. */
function bruteOnLand(model: LandModel, lat: number, lon: number): boolean {
  const e = model.edges;
  let inside = false;
  for (let k = 0; k < e.length; k += 4) {
    const x1 = e[k]!, y1 = e[k + 1]!, x2 = e[k + 2]!, y2 = e[k + 3]!;
    if (y1 > lat !== y2 > lat) {
      const xi = x1 + ((lat - y1) * (x2 - x1)) / (y2 - y1);
      if (xi > lon) inside = !inside;
    }
  }
  return inside;
}

const D2R = Math.PI / 180;
function unit(lat: number, lon: number): [number, number, number] {
  const c = Math.cos(lat * D2R);
  return [c * Math.cos(lon * D2R), c * Math.sin(lon * D2R), Math.sin(lat * D2R)];
}
/** Exact point-to-great-circle-arc angle on the unit sphere (3-D vectors): independent of the module's method. */
function pointArcAngle(p: number[], a: number[], b: number[]): number {
  const ang = (u: number[], v: number[]): number => {
    const cx = u[1]! * v[2]! - u[2]! * v[1]!, cy = u[2]! * v[0]! - u[0]! * v[2]!, cz = u[0]! * v[1]! - u[1]! * v[0]!;
    return Math.atan2(Math.hypot(cx, cy, cz), u[0]! * v[0]! + u[1]! * v[1]! + u[2]! * v[2]!);
  };
  const n = [a[1]! * b[2]! - a[2]! * b[1]!, a[2]! * b[0]! - a[0]! * b[2]!, a[0]! * b[1]! - a[1]! * b[0]!];
  const nl = Math.hypot(n[0]!, n[1]!, n[2]!);
  if (nl > 1e-15) {
    const nn = n.map((v) => v / nl);
    const d = p[0]! * nn[0]! + p[1]! * nn[1]! + p[2]! * nn[2]!;
    const proj = [p[0]! - d * nn[0]!, p[1]! - d * nn[1]!, p[2]! - d * nn[2]!];
    // the foot of the perpendicular is on the arc when it lies between a and b
    const ab = ang(a, b);
    if (Math.abs(ang(a, proj) + ang(proj, b) - ab) < 1e-12) return Math.asin(Math.min(1, Math.abs(d)));
  }
  return Math.min(ang(p, a), ang(p, b));
}
function bruteCoastM(model: LandModel, lat: number, lon: number): number {
  const p = unit(lat, lon);
  const c = model.coast;
  let best = Infinity;
  for (let k = 0; k < c.length; k += 4) {
    const a = unit(c[k + 1]!, c[k]!), b = unit(c[k + 3]!, c[k + 2]!);
    const t = pointArcAngle(p, a, b);
    if (t < best) best = t;
  }
  return best * 6_371_008.8;
}

function loadGeoJsonModel(file: string): LandModel {
  const fcoll = JSON.parse(readFileSync(file, 'utf8')) as { features: { geometry: { type: string; coordinates: unknown } }[] };
  const polys: GeoPos[][][] = [];
  for (const f of fcoll.features) {
    if (f.geometry.type === 'Polygon') polys.push(f.geometry.coordinates as GeoPos[][]);
    else if (f.geometry.type === 'MultiPolygon') polys.push(...(f.geometry.coordinates as GeoPos[][][]));
  }
  return buildLandModel(polys);
}

// Well-known points. Coordinates: city centres from common gazetteers; sea points in the
// middle of named waters, far (> 20 km) from any coast at 1:10m.
const LAND: [string, number, number][] = [
  ['Pyongyang', 39.0194, 125.7381],
  ['Seoul', 37.5665, 126.978],
  ['Madrid', 40.4168, -3.7038],
  ['Chukotka west of 180', 67, 178],
  ['Chukotka east of 180', 66, -175],
  ['Antarctica (interior)', -80, 0],
  ['South Pole', -89.99, 45],
  ['Madagascar (interior)', -19, 46.7],
  ['Vanua Levu, Fiji (east of 180)', -16.5, 179.5],
];
const SEA: [string, number, number][] = [
  ['open Yellow Sea', 37, 124],
  ['West Korea Bay', 39.2, 124.6],
  ['West Korea Bay, off Cholsan', 39.5, 123.8],
  ['West Korea Bay, south', 38.9, 124.9],
  ['Bohai Sea', 38.5, 120],
  ['North Atlantic', 30, -40],
  ['Ionian Sea', 35, 18],
  ['Arctic Ocean near the pole', 89.9, 0],
  ['central Pacific on the antimeridian', 0, 180],
  ['Caspian Sea (a hole in the land)', 42, 50.5],
];

describe('land mask (Natural Earth 1:10m via world-atlas)', () => {
  it('classifies well-known land and sea points', () => {
    for (const [name, lat, lon] of LAND) expect(isOnLand(lat, lon), name).toBe(true);
    for (const [name, lat, lon] of SEA) expect(isOnLand(lat, lon), name).toBe(false);
  });

  it('Nampo (38.73N 125.40E) lies on the coast, within 2 km of the coastline', () => {
    const d = distanceToCoastM(38.73, 125.4);
    expect(d).toBeLessThan(2000);
    expect(isWithinTerritorialSea(38.73, 125.4)).toBe(true);
  });

  it('agrees with a brute-force even-odd point-in-polygon test on random points', () => {
    const model = landModel();
    fc.assert(
      fc.property(
        fc.double({ min: -1, max: 1, noNaN: true }),
        fc.double({ min: -180, max: 180, noNaN: true, maxExcluded: true }),
        (u, lon) => {
          const lat = (Math.asin(u) * 180) / Math.PI; // uniform on the sphere
          return isOnLandIn(model, lat, lon) === bruteOnLand(model, lat, lon);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('agrees with brute force where it is hard: random points near the Korean and Chukotka coasts', () => {
    const model = landModel();
    fc.assert(
      fc.property(
        fc.double({ min: 37.5, max: 40, noNaN: true }),
        fc.double({ min: 124, max: 126, noNaN: true }),
        (lat, lon) => isOnLandIn(model, lat, lon) === bruteOnLand(model, lat, lon),
      ),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(
        fc.double({ min: 64, max: 70, noNaN: true }),
        fc.double({ min: -1, max: 1, noNaN: true }),
        (lat, d) => {
          // normalised as the module does: 180 itself is -180
          const lon = normalizeLon(d >= 0 ? -180 + d : 180 + d);
          return isOnLandIn(model, lat, lon) === bruteOnLand(model, lat, lon);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('lon 180 and -180 are the same meridian; non-finite input is not land', () => {
    for (const lat of [-16.3, 0, 65.5, 68, -75]) expect(isOnLand(lat, 180)).toBe(isOnLand(lat, -180));
    expect(isOnLand(Number.NaN, 0)).toBe(false);
    expect(isOnLand(10, Number.POSITIVE_INFINITY)).toBe(false);
    expect(isOnLand(39.0194, 125.7381 + 360)).toBe(true);
    // AIS 'not available' latitude 91 is no position at all
    expect(isOnLand(91, 181)).toBe(false);
    expect(distanceToCoastM(91, 181)).toBeNaN();
    expect(isWithinTerritorialSea(91, 0)).toBe(false);
  });

  const ne50 = sharedData('geo/ne_50m_land.geojson');
  const ne110 = sharedData('geo/ne_110m_land.geojson');

  it.skipIf(!ne50)('cross-check: Natural Earth 1:50m agrees on the well-known points and on >= 99.5% of random points', () => {
    const m50 = loadGeoJsonModel(ne50!);
    for (const [name, lat, lon] of LAND) expect(isOnLandIn(m50, lat, lon), name).toBe(true);
    for (const [name, lat, lon] of SEA) expect(isOnLandIn(m50, lat, lon), name).toBe(false);
    const m10 = landModel();
    let agree = 0;
    const n = 20_000;
    let seed = 12345;
    const rnd = (): number => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    for (let i = 0; i < n; i++) {
      const lat = (Math.asin(2 * rnd() - 1) * 180) / Math.PI;
      const lon = rnd() * 360 - 180;
      if (isOnLandIn(m10, lat, lon) === isOnLandIn(m50, lat, lon)) agree++;
    }
    expect(agree / n).toBeGreaterThanOrEqual(0.995);
  });

  it.skipIf(!ne110)('cross-check: Natural Earth 1:110m agrees on >= 98.5% of random points', () => {
    const m110 = loadGeoJsonModel(ne110!);
    const m10 = landModel();
    let agree = 0;
    const n = 20_000;
    let seed = 777;
    const rnd = (): number => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    for (let i = 0; i < n; i++) {
      const lat = (Math.asin(2 * rnd() - 1) * 180) / Math.PI;
      const lon = rnd() * 360 - 180;
      if (isOnLandIn(m10, lat, lon) === isOnLandIn(m110, lat, lon)) agree++;
    }
    expect(agree / n).toBeGreaterThanOrEqual(0.985);
    // the open Yellow Sea and Pyongyang hold at every scale
    expect(isOnLandIn(m110, 37, 124)).toBe(false);
    expect(isOnLandIn(m110, 39.0194, 125.7381)).toBe(true);
  });
});

describe('distance to shore', () => {
  it('matches an exact brute-force search over every coastline segment to 0.2%', () => {
    const model = landModel();
    const pts: [number, number][] = [
      [37, 124],
      [39.2, 124.6],
      [38.65, 125.1],
      [35, 18],
      [0, 180],
      [67, 178],
      [-48.8767, -123.3933], // Point Nemo, the oceanic pole of inaccessibility
      [89.9, 0],
      [-60, -60],
    ];
    let seed = 99;
    const rnd = (): number => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    for (let i = 0; i < 12; i++) pts.push([(Math.asin(2 * rnd() - 1) * 180) / Math.PI, rnd() * 360 - 180]);
    for (const [lat, lon] of pts) {
      const fast = distanceToCoastIn(model, lat, lon);
      const slow = bruteCoastM(model, lat, lon);
      expect(Math.abs(fast - slow), `${lat},${lon}: ${fast} vs ${slow}`).toBeLessThanOrEqual(0.002 * slow + 5);
    }
  });

  it('Point Nemo is about 2,690 km from the nearest land (published: 2,688 km)', () => {
    const d = distanceToShoreM(-48.8767, -123.3933);
    expect(d).toBeGreaterThan(2_660_000);
    expect(d).toBeLessThan(2_720_000);
  });

  it('is within 1% of the WGS84 geodesic for points moved a known distance offshore', () => {
    // 1:10m coast at the open Yellow Sea: the spherical answer must sit within 1% of the ellipsoidal one
    const model = landModel();
    for (const [lat, lon] of [[37, 124], [36, 125.5], [39.2, 124.6]] as [number, number][]) {
      const d = distanceToCoastIn(model, lat, lon);
      // nearest coast point found by brute force, measured on the ellipsoid
      let bestD = Infinity, q: [number, number] = [0, 0];
      const c = model.coast;
      for (let k = 0; k < c.length; k += 4) {
        for (const [x, y] of [[c[k]!, c[k + 1]!], [c[k + 2]!, c[k + 3]!]] as [number, number][]) {
          if (Math.abs(y - lat) > 3 || Math.abs(x - lon) > 4) continue;
          const g = geodesicDistanceM(lat, lon, y, x);
          if (g < bestD) {
            bestD = g;
            q = [y, x];
          }
        }
      }
      expect(q[0]).not.toBe(0);
      // vertices only (upper bound of the true distance), segments are < 2 km at 1:10m
      expect(d).toBeLessThanOrEqual(bestD * 1.01);
      expect(d).toBeGreaterThanOrEqual((bestD - 2000) * 0.99);
    }
  });

  it('is 0 on land; respects maxSearchM (Infinity beyond it)', () => {
    expect(distanceToShoreM(39.0194, 125.7381)).toBe(0);
    expect(distanceToCoastM(39.0194, 125.7381)).toBeGreaterThan(10_000);
    const d = distanceToShoreM(37, 124);
    expect(d).toBeGreaterThan(nmToM(50));
    expect(distanceToShoreM(37, 124, nmToM(50))).toBe(Infinity);
    expect(distanceToShoreM(37, 124, d + 1)).toBeCloseTo(d, 6);
    expect(distanceToShoreM(Number.NaN, 0)).toBeNaN();
  });

  it('threshold tests agree with the exact distance (cached cell bounds are safe)', () => {
    let seed = 4242;
    const rnd = (): number => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    for (let i = 0; i < 3000; i++) {
      // dense near Korea, where the 12/20/50 nm rules bite, plus the whole globe
      const [lat, lon] = i % 2 ? [36 + rnd() * 5, 122 + rnd() * 5] : [(Math.asin(2 * rnd() - 1) * 180) / Math.PI, rnd() * 360 - 180];
      const exact = distanceToShoreM(lat, lon);
      for (const nm of [1, 12, 20, 50]) {
        const m = nmToM(nm);
        expect(isNearShore(lat, lon, m), `${lat},${lon} ${nm}nm exact ${exact}`).toBe(exact <= m);
      }
      expect(isWithinTerritorialSea(lat, lon)).toBe(exact <= nmToM(12));
    }
  });

  it('territorial sea: open Yellow Sea outside, approaches to Nampo inside', () => {
    expect(isWithinTerritorialSea(37, 124)).toBe(false);
    expect(isWithinTerritorialSea(38.65, 125.1)).toBe(true);
    // a 3 nm limit (some states claim less) is stricter than 12 nm
    const d = distanceToShoreM(39.2, 124.6);
    expect(isWithinTerritorialSea(39.2, 124.6, 3)).toBe(d <= nmToM(3));
  });

  it('is continuous across the antimeridian', () => {
    for (const lat of [65.5, -16.8, 0, 71.2]) {
      const a = distanceToCoastM(lat, 179.9999), b = distanceToCoastM(lat, -179.9999);
      expect(Math.abs(a - b)).toBeLessThan(50);
    }
  });
});
