/**
 * The land model kept on disk between runs (src/geo/land-cache.ts): read back, it answers every
 * query as the model just built does; a damaged or stale file is rebuilt, never trusted; `off`
 * keeps nothing.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cachedLandModel } from '../../src/geo/land-cache.js';
import { buildLandModel, distanceToCoastIn, isOnLandIn, landFeatures, type LandModel } from '../../src/geo/land.js';
import { rng } from '../../src/util/prng.js';
import type { MultiPolygon, Polygon, Position as GeoPos } from 'geojson';

let dir: string;
const saved = process.env['DARKFLEET_CACHE_DIR'];

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'df-cache-'));
  process.env['DARKFLEET_CACHE_DIR'] = dir;
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
  if (saved === undefined) delete process.env['DARKFLEET_CACHE_DIR'];
  else process.env['DARKFLEET_CACHE_DIR'] = saved;
});

/** Two islands, one with a lake: a model that builds in milliseconds. */
function small(): LandModel {
  const square = (x: number, y: number, s: number): GeoPos[] => [[x, y], [x + s, y], [x + s, y + s], [x, y + s], [x, y]];
  return buildLandModel([[square(124, 38, 1), square(124.4, 38.4, 0.2)], [square(-10, 50, 2)]], { cellSize: 0.25 });
}

function sameAnswers(a: LandModel, b: LandModel, box: [number, number, number, number], n = 3000): void {
  const r = rng(5);
  for (let i = 0; i < n; i++) {
    const lat = box[1] + r() * (box[3] - box[1]);
    const lon = box[0] + r() * (box[2] - box[0]);
    expect(isOnLandIn(b, lat, lon)).toBe(isOnLandIn(a, lat, lon));
    expect(distanceToCoastIn(b, lat, lon, 500_000)).toBe(distanceToCoastIn(a, lat, lon, 500_000));
  }
}

describe('land model cache', () => {
  it('builds once, then reads back a model that answers as the built one', () => {
    const src = path.join(dir, 'src.json');
    writeFileSync(src, '{}');
    let builds = 0;
    const built = cachedLandModel([src], 0.25, () => (builds++, small()));
    expect(readdirSync(dir).filter((f) => f.endsWith('.bin'))).toHaveLength(1);
    const read = cachedLandModel([src], 0.25, () => (builds++, small()));
    expect(builds).toBe(1);
    expect(read).not.toBe(built);
    expect(read.edges).toEqual(built.edges);
    expect(read.cellStart).toEqual(built.cellStart);
    sameAnswers(built, read, [-15, 35, 130, 55]);
  });

  it('rebuilds where the file is damaged, cut short, or of another source or builder, and keeps nothing when off', () => {
    const src = path.join(dir, 'src.json');
    writeFileSync(src, '{}');
    let builds = 0;
    const make = (): LandModel => (builds++, small());
    cachedLandModel([src], 0.25, make);
    const file = path.join(dir, readdirSync(dir).find((f) => f.endsWith('.bin'))!);
    const good = readFileSync(file);
    const flipped = Buffer.from(good);
    flipped[flipped.length - 100]! ^= 0xff;
    writeFileSync(file, flipped);
    sameAnswers(small(), cachedLandModel([src], 0.25, make), [-15, 35, 130, 55], 500);
    expect(builds).toBe(2);
    writeFileSync(file, good.subarray(0, good.length - 9));
    cachedLandModel([src], 0.25, make);
    expect(builds).toBe(3);
    // the rebuild wrote a good copy again
    cachedLandModel([src], 0.25, make);
    expect(builds).toBe(3);
    // the source changed: another name, built again
    writeFileSync(src, '{ }');
    cachedLandModel([src], 0.25, make);
    expect(builds).toBe(4);
    // so does the code that builds it
    const code = path.join(dir, 'land.js');
    writeFileSync(code, '// v1');
    cachedLandModel([src, code], 0.25, make);
    cachedLandModel([src, code], 0.25, make);
    expect(builds).toBe(5);
    writeFileSync(code, '// v2, longer');
    cachedLandModel([src, code], 0.25, make);
    expect(builds).toBe(6);
    // four copies were written: the three newest are kept
    expect(readdirSync(dir).filter((f) => f.endsWith('.bin'))).toHaveLength(3);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    process.env['DARKFLEET_CACHE_DIR'] = 'off';
    rmSync(dir, { recursive: true, force: true });
    cachedLandModel([src], 0.25, make);
    cachedLandModel([src], 0.25, make);
    expect(builds).toBe(8);
  });

  it('keeps the Natural Earth 1:10m model: the copy read back answers as the built one around the world', () => {
    const polys: GeoPos[][][] = [];
    for (const f of landFeatures().features) {
      const g = f.geometry as Polygon | MultiPolygon;
      if (g.type === 'Polygon') polys.push(g.coordinates);
      else polys.push(...g.coordinates);
    }
    const file = createRequire(import.meta.url).resolve('world-atlas/land-10m.json');
    const built = cachedLandModel([file], 0.25, () => buildLandModel(polys, { cellSize: 0.25 }));
    const read = cachedLandModel([file], 0.25, () => {
      throw new Error('built again');
    });
    expect(read.coast).toEqual(built.coast);
    sameAnswers(built, read, [-180, -80, 180, 80], 2000);
    // Nampo's approaches, where the detectors ask most
    sameAnswers(built, read, [124, 37, 126, 39.5], 2000);
  }, 60_000);
});
