import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { mToNm } from '../../src/geo/distance.js';
import { distanceToShoreM, isWithinTerritorialSea } from '../../src/geo/land.js';
import { repoRoot } from './shared-data.js';

// Points on NOAA's official U.S. 12 nm territorial-sea and 24 nm contiguous-zone limits
// (test/fixtures/geo/PROVENANCE.md). Those limits are drawn from legal baselines on large
// scale charts; ours from the 1:10m coastline, so they should agree to about a mile on open
// coasts and fail where 1:10m drops small islands (the Northwestern Hawaiian atolls).
const rows = readFileSync(path.join(repoRoot, 'test/fixtures/geo/noaa_us_ts_cz_points.csv'), 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((line) => {
    const [lat, lon, nm, region] = line.split(',');
    return { lat: Number(lat), lon: Number(lon), nm: Number(nm), region: region! };
  });

function stats(region: string, nm: number): { n: number; median: number; within15: number; farBeyond: number } {
  const d = rows
    .filter((r) => r.region === region && r.nm === nm)
    .map((r) => mToNm(distanceToShoreM(r.lat, r.lon)))
    .sort((a, b) => a - b);
  return {
    n: d.length,
    median: d[d.length >> 1]!,
    within15: d.filter((x) => Math.abs(x - nm) <= 1.5).length / d.length,
    farBeyond: d.filter((x) => x > nm + 20).length / d.length,
  };
}

describe('territorial sea against NOAA U.S. maritime limits', () => {
  it('fixture is the expected excerpt', () => {
    expect(rows).toHaveLength(1176);
  });

  for (const region of ['Atlantic Coast and Gulf of Mexico', 'Pacific Coast']) {
    it(`${region}: the official 12 and 24 nm limits lie 12 and 24 nm from the 1:10m coast (median within 0.5 nm, >= 75% within 1.5 nm)`, () => {
      for (const nm of [12, 24]) {
        const s = stats(region, nm);
        expect(s.n).toBeGreaterThan(50);
        expect(Math.abs(s.median - nm)).toBeLessThan(0.5);
        expect(s.within15).toBeGreaterThanOrEqual(0.75);
      }
    });
  }

  it('every point of the 24 nm contiguous-zone limit is outside our 12 nm territorial sea', () => {
    const cz = rows.filter((r) => r.nm === 24);
    expect(cz.length).toBeGreaterThan(300);
    for (const r of cz) expect(isWithinTerritorialSea(r.lat, r.lon), `${r.lat},${r.lon}`).toBe(false);
  });

  it('documents the small-island limit: around the Northwestern Hawaiian atolls the 1:10m coast is missing', () => {
    const s = stats('Hawaiian Islands', 12);
    expect(Math.abs(s.median - 12)).toBeLessThan(0.5); // the main islands are there
    expect(s.farBeyond).toBeGreaterThan(0.1); // but > 10% of the limit rings atolls absent at 1:10m
  });
});
