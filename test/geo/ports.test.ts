import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildAnchorages, formatAnchoragesCsv } from '../../src/geo/anchorages-build.js';
import { parseCsv } from '../../src/geo/csv.js';
import { haversineM } from '../../src/geo/distance.js';
import {
  anchoragesWithin,
  DEFAULT_ANCHORAGES_FILE,
  defaultAnchorages,
  indexAnchorages,
  nearestAnchorage,
  nearestAnchorageIn,
  parseAnchoragesCsv,
} from '../../src/geo/ports.js';
import { SourceError } from '../../src/errors.js';
import { repoRoot, sharedData } from './shared-data.js';

const fixture = (f: string): string => readFileSync(path.join(repoRoot, 'test/fixtures/geo', f), 'utf8');

describe('anchorage builder', () => {
  it('parses quoted CSV fields', () => {
    expect(parseCsv('a,"b,c","d ""e"""\r\n1,,3\n')).toEqual([
      ['a', 'b,c', 'd "e"'],
      ['1', '', '3'],
    ]);
  });

  it('builds from real excerpts: thins GFW cells per port, keeps WPI ports with learnt ISO3, counts rejects', () => {
    const res = buildAnchorages(fixture('gfw_anchorages_sample.csv'), fixture('nga_wpi_sample.csv'), fixture('gfw_wpi_sample.csv'));
    expect(res.read).toEqual({ gfw: 49, wpi: 9 });
    expect(res.rejected.gfw_bad_coordinates).toBe(1); // POINTE NOIRE with longitude 1001
    const nampo = res.rows.find((r) => r.label === 'NAMPO');
    expect(nampo).toMatchObject({ lat: 38.7167, lon: 125.4, iso3: 'PRK', kind: 'port' });
    expect(res.rows.find((r) => r.label === 'INCHON')?.iso3).toBe('KOR');
    expect(res.rows.find((r) => r.label === 'BARENTSBURG')?.iso3).toBe('SJM');
    // every source anchorage point is within 1 km of a kept point of its own label
    const gfw = parseCsv(fixture('gfw_anchorages_sample.csv')).slice(1).filter((r) => r.length === 6 && Number(r[2]) <= 180);
    for (const r of gfw) {
      const kept = res.rows.filter((k) => k.label === r[3] && k.kind === 'anchorage');
      const d = Math.min(...kept.map((k) => haversineM(Number(r[1]), Number(r[2]), k.lat, k.lon)));
      expect(d).toBeLessThan(1000 + 20); // + rounding to 4 decimals
    }
    expect(res.rows.length + res.thinned + 1).toBe(49 + 9);
    // output round-trips through the loader
    expect(parseAnchoragesCsv(formatAnchoragesCsv(res.rows))).toEqual(res.rows);
  });

  const ports = sharedData('ports/gfw_named_anchorages_overrides.csv');
  it.skipIf(!ports)('the bundled file is exactly what the builder makes from the shared sources', () => {
    const dir = path.dirname(ports!);
    const res = buildAnchorages(
      readFileSync(ports!, 'utf8'),
      readFileSync(path.join(dir, 'nga_world_port_index_UpdatedPub150.csv'), 'utf8'),
      readFileSync(path.join(dir, 'gfw_WPI_ports.csv'), 'utf8'),
    );
    const bundled = gunzipSync(readFileSync(fileURLToPath(DEFAULT_ANCHORAGES_FILE))).toString('utf8');
    expect(formatAnchoragesCsv(res.rows)).toBe(bundled);
  });
});

describe('nearest anchorage', () => {
  it('finds the port or anchorage a vessel is at', () => {
    const nampo = nearestAnchorage(38.72, 125.38)!;
    expect(nampo).toMatchObject({ label: 'NAMPO', iso3: 'PRK' });
    expect(nampo.distanceM).toBeGreaterThan(1500);
    expect(nampo.distanceM).toBeLessThan(2000);
    expect(nearestAnchorage(35.1, 129.04)).toMatchObject({ label: 'BUSAN', iso3: 'KOR' });
    // the open Yellow Sea is more than 10 km from any anchorage (an encounter rule)
    expect(nearestAnchorage(37, 124, 10_000)).toBeNull();
    expect(nearestAnchorage(37, 124)!.distanceM).toBeGreaterThan(10_000);
    expect(nearestAnchorage(Number.NaN, 0)).toBeNull();
  });

  it('agrees with a brute-force scan of every bundled point (property)', () => {
    const idx = defaultAnchorages();
    const scan = (lat: number, lon: number): number => {
      let best = Infinity;
      for (const p of idx.points) best = Math.min(best, haversineM(lat, lon, p.lat, p.lon));
      return best;
    };
    fc.assert(
      fc.property(fc.double({ min: -70, max: 75, noNaN: true }), fc.double({ min: -180, max: 180, noNaN: true, maxExcluded: true }), (lat, lon) => {
        const got = nearestAnchorageIn(idx, lat, lon)!;
        expect(got.distanceM).toBeCloseTo(scan(lat, lon), 3);
        return true;
      }),
      { numRuns: 150 },
    );
  });

  it('works across the antimeridian and lists points within a radius, nearest first', () => {
    const idx = indexAnchorages([
      { lat: -16.8, lon: 179.99, label: 'EAST', iso3: 'FJI', kind: 'port' },
      { lat: -16.8, lon: -179.99, label: 'WEST', iso3: 'FJI', kind: 'port' },
      { lat: -16.9, lon: -179.9, label: 'FAR', iso3: 'FJI', kind: 'anchorage' },
    ]);
    expect(nearestAnchorageIn(idx, -16.8, -179.995)!.label).toBe('WEST');
    expect(nearestAnchorageIn(idx, -16.8, 179.996)!.label).toBe('EAST');
    const near = anchoragesWithin(idx, -16.8, 180, 5000);
    expect(near.map((a) => a.label).sort()).toEqual(['EAST', 'WEST']);
    expect(near[0]!.distanceM).toBeLessThanOrEqual(near[1]!.distanceM);
    expect(anchoragesWithin(idx, -16.8, 180, 20_000).map((a) => a.label)).toContain('FAR');
  });

  it('rejects a malformed anchorage file with its line number', () => {
    expect(() => parseAnchoragesCsv('lat,lon,label,iso3,kind\n1,2,A,XXX,port\n1,x,B,YYY,port\n', 'f.csv')).toThrow(/line 3/);
    expect(() => parseAnchoragesCsv('a,b\n')).toThrow(SourceError);
  });
});
