/**
 * Isolines (src/geo/isoline.ts): a known field gives its known line, and the 12 nm line of West
 * Korea Bay lies where the territorial-sea test flips.
 */
import { describe, expect, it } from 'vitest';
import { isolines } from '../../src/geo/isoline.js';
import { isWithinTerritorialSea } from '../../src/geo/land.js';
import { M_PER_NM } from '../../src/geo/distance.js';
import { TERRITORIAL_SEA_12NM } from '../../src/geo/zones.js';
import { shoreZoneLine } from '../../src/query/geography.js';

describe('isolines', () => {
  it('a cone gives one closed circle at the level', () => {
    const lines = isolines({ bbox: [-2, -2, 2, 2], step: 0.05 }, (lat, lon) => Math.hypot(lat, lon), 1);
    expect(lines).toHaveLength(1);
    const ring = lines[0]!;
    expect(ring[0]).toEqual(ring[ring.length - 1]);
    expect(ring.length).toBeGreaterThan(100);
    for (const [x, y] of ring) expect(Math.abs(Math.hypot(x, y) - 1)).toBeLessThan(0.002);
  });
  it('a plane crossing the box gives one open line along the level', () => {
    const lines = isolines({ bbox: [0, 0, 1, 1], step: 0.1 }, (_lat, lon) => lon, 0.55);
    expect(lines).toHaveLength(1);
    expect(lines[0]!.every(([x]) => Math.abs(x - 0.55) < 1e-9)).toBe(true);
    expect(lines[0]!.map(([, y]) => y).sort((a, b) => a - b)).toEqual([0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1].map((v) => expect.closeTo(v, 9)));
  });
  it('nothing when the field never reaches the level', () => {
    expect(isolines({ bbox: [0, 0, 1, 1], step: 0.25 }, () => 5, 1)).toEqual([]);
  });
});

describe('the 12 nm line of West Korea Bay', () => {
  it('lies where the territorial-sea test flips: inside 1 km towards the coast, outside 1 km seawards', () => {
    const f = shoreZoneLine(TERRITORIAL_SEA_12NM, 0.02);
    expect(f.properties?.kind).toBe('shore_zone');
    expect(f.geometry.type).toBe('MultiLineString');
    const lines = f.geometry.type === 'MultiLineString' ? f.geometry.coordinates : [];
    const pts = lines.flat();
    expect(pts.length).toBeGreaterThan(150);
    // every point is 12 nm from the coast to within a grid cell (0.02 degree ~ 2 km)
    let checked = 0;
    for (const [lon, lat] of pts.filter((_, i) => i % 25 === 0)) {
      expect(isWithinTerritorialSea(lat!, lon!, 12 + 1.2)).toBe(true);
      expect(isWithinTerritorialSea(lat!, lon!, 12 - 1.2)).toBe(false);
      checked++;
    }
    expect(checked).toBeGreaterThan(5);
    expect(f.properties?.maxShoreDistM).toBe(12 * M_PER_NM);
  });
});
