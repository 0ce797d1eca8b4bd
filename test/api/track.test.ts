import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_TRACK_POINTS, importance, trackFeature, type Fix } from '../../src/api/track.js';
import { TRACK_BREAK_MS, splitAtBreaks } from '../../src/track/breaks.js';

/** Douglas-Peucker as textbooks write it (recursive), for comparison. */
function classicDp(xs: number[], ys: number[], tol: number): number[] {
  const keep = new Set([0, xs.length - 1]);
  const rec = (a: number, b: number): void => {
    if (b - a < 2) return;
    const dx = xs[b]! - xs[a]!, dy = ys[b]! - ys[a]!, len2 = dx * dx + dy * dy;
    let best = -1, bestD = -1;
    for (let i = a + 1; i < b; i++) {
      const px = xs[i]! - xs[a]!, py = ys[i]! - ys[a]!;
      const u = len2 === 0 ? 0 : Math.max(0, Math.min(1, (px * dx + py * dy) / len2));
      const d2 = (px - u * dx) ** 2 + (py - u * dy) ** 2;
      if (d2 > bestD) { bestD = d2; best = i; }
    }
    if (Math.sqrt(bestD) > tol) { keep.add(best); rec(a, best); rec(best, b); }
  };
  rec(0, xs.length - 1);
  return [...keep].sort((a, b) => a - b);
}

const fix = (t: number, lat: number, lon: number): Fix => ({ t, lat, lon });

describe('track simplification', () => {
  it('keeping points of importance above a tolerance is Douglas-Peucker at that tolerance (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 0, max: 1000 })), { minLength: 2, maxLength: 60 }), fc.integer({ min: 0, max: 300 }), (pts, tol) => {
        const xs = pts.map((p) => p[0]), ys = pts.map((p) => p[1]);
        const imp = importance(Float64Array.from(xs), Float64Array.from(ys));
        const kept = [...imp.keys()].filter((i) => imp[i]! > tol);
        expect(kept).toEqual(classicDp(xs, ys, tol));
      }),
      { numRuns: 300 },
    );
  });

  it('breaks the line at silences, lists lone fixes apart, and keeps times parallel', () => {
    const h = TRACK_BREAK_MS;
    const fixes = [fix(0, 38, 124), fix(60_000, 38.01, 124.01), fix(120_000, 38.02, 124.02), fix(120_000 + 2 * h, 38.5, 124.5), fix(120_000 + 5 * h, 38.6, 124.6), fix(120_000 + 5 * h + 60_000, 38.61, 124.61)];
    expect(splitAtBreaks(fixes).map((p) => p.length)).toEqual([3, 1, 2]);
    const f = trackFeature(412000001, 0, 6 * h, fixes);
    expect(f.geometry).toEqual({ type: 'MultiLineString', coordinates: [[[124, 38], [124.01, 38.01], [124.02, 38.02]], [[124.6, 38.6], [124.61, 38.61]]] });
    expect(f.properties.times).toEqual([[0, 60_000, 120_000], [120_000 + 5 * h, 120_000 + 5 * h + 60_000]]);
    expect(f.properties.lone).toEqual([[124.5, 38.5, 120_000 + 2 * h]]);
    expect(f.properties).toMatchObject({ positions: 6, points: 5, tolerancePx: 0, zoom: null });
    expect(trackFeature(1, 0, 1, []).geometry).toBeNull();
    expect(trackFeature(1, 0, 1, [fix(0, 1, 1), fix(1, 1, 2)]).geometry?.type).toBe('LineString');
  });

  it('caps a large track at the most important points, ends always kept', () => {
    const fixes = Array.from({ length: 40_000 }, (_, i) => fix(i * 10_000, 38 + Math.sin(i / 500) * 0.2, 124 + i * 0.00005));
    const f = trackFeature(412000001, 0, 1, fixes);
    expect(f.properties.points).toBeLessThanOrEqual(MAX_TRACK_POINTS);
    expect(f.properties.points).toBeGreaterThan(MAX_TRACK_POINTS / 2);
    expect(f.properties.tolerancePx).toBeGreaterThan(0);
    const line = f.geometry!.type === 'LineString' ? f.geometry!.coordinates : [];
    expect(line[0]).toEqual([124, 38]);
    expect(line[line.length - 1]).toEqual([fixes[fixes.length - 1]!.lon, fixes[fixes.length - 1]!.lat]);
    // a zoomed-out view draws fewer points than a zoomed-in one
    const z4 = trackFeature(412000001, 0, 1, fixes, 4).properties.points;
    const z12 = trackFeature(412000001, 0, 1, fixes, 12).properties.points;
    expect(z4).toBeLessThan(z12);
  });
});
