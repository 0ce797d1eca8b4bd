import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { SourceError } from '../../src/errors.js';
import { geodesicDistanceM } from '../../src/geo/distance.js';
import { distanceToShoreM } from '../../src/geo/land.js';
import {
  circleRing,
  combineZones,
  DEFAULT_ZONES_FILE,
  defaultZones,
  isInZone,
  parseZones,
  readZonesFile,
  TERRITORIAL_SEA_12NM,
  WEST_KOREA_BAY,
  zonesAt,
} from '../../src/geo/zones.js';
import { WorldGeo } from '../../src/geo/context.js';

const square = (name: string, w: number, s: number, e: number, n: number, extra: Record<string, unknown> = {}) => ({
  type: 'Feature',
  properties: { name, ...extra },
  geometry: { type: 'Polygon', coordinates: [[[w, s], [e, s], [e, n], [w, n], [w, s]]] },
});

describe('zones', () => {
  it('bundled defaults: Nampo port and West Sea Barrage, each with a cited source (the anchorage is learned, not guessed)', () => {
    const set = defaultZones();
    expect(set.zones.map((z) => z.name)).toEqual(['Nampo port', 'West Sea Barrage']);
    for (const z of set.zones) {
      expect(typeof z.properties.source).toBe('string');
      expect((z.properties.source as string).length).toBeGreaterThan(40);
      expect(z.properties.radius_m).toBeGreaterThan(0);
    }
    // the WPI point of Nampo is in the port zone; the open Yellow Sea is in none
    expect(zonesAt(set, 38.716667, 125.4).map((z) => z.name)).toEqual(['Nampo port']);
    expect(zonesAt(set, 37, 124)).toEqual([]);
    expect(zonesAt(set, 38 + 41 / 60, 125 + 10 / 60).map((z) => z.name)).toContain('West Sea Barrage');
    // the old guessed anchorage circle, 10 km west of the barrage, is no zone any more
    expect(zonesAt(set, 38.683277, 125.051739)).toEqual([]);
  });

  it('bundled polygons are the stated geodesic circles around the cited points', () => {
    const json = JSON.parse(readFileSync(fileURLToPath(DEFAULT_ZONES_FILE), 'utf8')) as {
      features: { properties: Record<string, number>; geometry: { coordinates: number[][][] } }[];
    };
    for (const f of json.features) {
      const { center_lat: lat, center_lon: lon, radius_m: r } = f.properties;
      expect(f.geometry.coordinates[0]).toEqual(circleRing(lat!, lon!, r!));
      for (const [x, y] of f.geometry.coordinates[0]!) expect(geodesicDistanceM(lat!, lon!, y!, x!)).toBeCloseTo(r!, -1);
    }
  });

  it('point-in-zone agrees with distance to the centre for circles (property)', () => {
    const set = parseZones({
      type: 'FeatureCollection',
      features: [{ type: 'Feature', properties: { name: 'c' }, geometry: { type: 'Polygon', coordinates: [circleRing(38.7, 125.2, 5000, 360)] } }],
    });
    fc.assert(
      fc.property(fc.double({ min: 38.6, max: 38.8, noNaN: true }), fc.double({ min: 125.08, max: 125.32, noNaN: true }), (lat, lon) => {
        const d = geodesicDistanceM(38.7, 125.2, lat, lon);
        if (Math.abs(d - 5000) < 10) return true; // polygon edge vs true circle
        return (zonesAt(set, lat, lon).length === 1) === d < 5000;
      }),
      { numRuns: 2000 },
    );
  });

  it('holes, multipolygons, overlaps and the antimeridian', () => {
    const set = parseZones({
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          properties: { name: 'ring with hole' },
          geometry: {
            type: 'Polygon',
            coordinates: [
              [[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]],
              [[4, 4], [6, 4], [6, 6], [4, 6], [4, 4]],
            ],
          },
        },
        {
          type: 'Feature',
          properties: { name: 'two parts' },
          geometry: { type: 'MultiPolygon', coordinates: [[[[20, 0], [21, 0], [21, 1], [20, 1], [20, 0]]], [[[30, 0], [31, 0], [31, 1], [30, 1], [30, 0]]]] },
        },
        square('overlap', 9, 9, 12, 12),
        square('dateline', 179, -17, -179, -15),
      ],
    });
    expect(zonesAt(set, 2, 2).map((z) => z.name)).toEqual(['ring with hole']);
    expect(zonesAt(set, 5, 5)).toEqual([]);
    expect(zonesAt(set, 9.5, 9.5).map((z) => z.name)).toEqual(['ring with hole', 'overlap']);
    expect(zonesAt(set, 0.5, 30.5).map((z) => z.name)).toEqual(['two parts']);
    expect(zonesAt(set, 0.5, 25)).toEqual([]);
    expect(zonesAt(set, -16, 179.5).map((z) => z.name)).toEqual(['dateline']);
    expect(zonesAt(set, -16, -179.5).map((z) => z.name)).toEqual(['dateline']);
    expect(zonesAt(set, -16, 180).map((z) => z.name)).toEqual(['dateline']);
    expect(zonesAt(set, -16, 178.5)).toEqual([]);
    expect(isInZone(set.zones[3]!, -16, -179.5)).toBe(true);
    expect(zonesAt(set, Number.NaN, 0)).toEqual([]);
  });

  it('many zones: lookup matches a scan of every zone', () => {
    const features = [];
    for (let i = 0; i < 500; i++) features.push(square(`z${i}`, (i % 50) * 3 - 75, Math.floor(i / 50) * 3 - 15, (i % 50) * 3 - 72.5, Math.floor(i / 50) * 3 - 12.5));
    const set = parseZones({ type: 'FeatureCollection', features });
    fc.assert(
      fc.property(fc.double({ min: -80, max: 80, noNaN: true }), fc.double({ min: -20, max: 20, noNaN: true }), (lon, lat) => {
        const fast = zonesAt(set, lat, lon).map((z) => z.name);
        const slow = set.zones.filter((z) => isInZone(z, lat, lon)).map((z) => z.name);
        expect(fast).toEqual(slow);
        return true;
      }),
      { numRuns: 1000 },
    );
  });

  it('rejects bad zone files with a SourceError that names the feature', () => {
    const cases: [unknown, RegExp][] = [
      [{ type: 'Topology' }, /FeatureCollection/],
      [{ type: 'FeatureCollection', features: [square('', 0, 0, 1, 1)] }, /feature 0.*name/],
      [{ type: 'FeatureCollection', features: [square('a', 0, 0, 1, 1), square('a', 2, 2, 3, 3)] }, /feature 1.*duplicate/],
      [{ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { name: 'p' }, geometry: { type: 'Point', coordinates: [0, 0] } }] }, /Polygon or MultiPolygon/],
      [{ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { name: 'r' }, geometry: { type: 'Polygon', coordinates: [[[0, 0], [1, 1], [0, 0]]] } }] }, /at least 4/],
      [{ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { name: 'q' }, geometry: { type: 'Polygon', coordinates: [[[0, 0], [1, 95], [1, 1], [0, 0]]] } }] }, /out of range/],
    ];
    for (const [json, msg] of cases) {
      let err: unknown;
      try {
        parseZones(json, 'test.geojson');
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(SourceError);
      expect((err as SourceError).code).toBe('bad_zones');
      expect((err as Error).message).toMatch(msg);
    }
    expect(() => readZonesFile('/nonexistent/zones.geojson')).toThrow(SourceError);
  });

  it('combines user zones with the defaults; names stay unique', () => {
    const user = parseZones({ type: 'FeatureCollection', features: [square('Haeju approaches', 125.5, 37.8, 125.8, 38.0)] });
    const all = combineZones(defaultZones(), user);
    expect(all.zones).toHaveLength(3);
    expect(zonesAt(all, 37.9, 125.6).map((z) => z.name)).toEqual(['Haeju approaches']);
    expect(() => combineZones(defaultZones(), defaultZones())).toThrow(/duplicate/);
  });

  it('the 12 nm territorial sea is a default zone of the real map, in West Korea Bay only', () => {
    const geo = new WorldGeo();
    expect(TERRITORIAL_SEA_12NM).toMatchObject({ name: 'territorial_sea_12nm', maxShoreDistM: 22_224 });
    expect(geo.zonesAt(38.716667, 125.4)).toEqual(['Nampo port', 'territorial_sea_12nm']);
    expect(geo.zonesAt(38.6, 124.5)).toEqual([]); // open bay, beyond 12 nm
    expect(geo.zonesAt(38.9, 121.7)).toEqual([]); // off Dalian: within 12 nm of a coast, outside the area
    expect(geo.zonesAt(Number.NaN, 125)).toEqual([]);
    // inside the box, membership is exactly distanceToShoreM <= 22 224 m
    const [w, s, e, n] = WEST_KOREA_BAY;
    let inside = 0;
    for (let lat = s + 0.01; lat < n; lat += 0.1) {
      for (let lon = w + 0.01; lon < e; lon += 0.1) {
        const want = distanceToShoreM(lat, lon, 200_000) <= 22_224;
        expect(geo.zonesAt(lat, lon).includes('territorial_sea_12nm'), `${lat},${lon}`).toBe(want);
        if (want) inside++;
      }
    }
    expect(inside).toBeGreaterThan(50);
    // a user's zones replace every bundled zone, the 12 nm line included
    const user = parseZones({ type: 'FeatureCollection', features: [square('box', 125.3, 38.6, 125.5, 38.8)] });
    expect(new WorldGeo({ zones: user }).zonesAt(38.716667, 125.4)).toEqual(['box']);
    expect(new WorldGeo({ zones: user, shoreZones: [TERRITORIAL_SEA_12NM] }).zonesAt(38.716667, 125.4)).toEqual(['box', 'territorial_sea_12nm']);
  });
});
