import { describe, expect, it } from 'vitest';
import { H, MIN, OFFSHORE, T0, detect, merge, move, ofType, path } from './sim.js';

const [LAT, LON] = OFFSHORE;
const M = 412000010;

/** Sail 2 h in, stop `hours` at (lat, lon), sail 2 h out. */
function stop(lat: number, lon: number, hours: number, start = T0 + 3 * H) {
  const [iLat, iLon] = move(lat, lon, 200, 20);
  const [oLat, oLon] = move(lat, lon, 20, 20);
  return path(M, [
    [start - 2 * H, iLat, iLon],
    [start, lat, lon],
    [start + hours * H, lat, lon],
    [start + (hours + 2) * H, oLat, oLon],
  ], { everyS: 120, jitterM: 20 });
}

describe('loitering', () => {
  it('a 4 h stop 54 nm offshore is loitering, with its span and speed', () => {
    const start = T0 + 3 * H;
    const ev = ofType(detect(stop(LAT, LON, 4, start)), 'loitering');
    expect(ev).toHaveLength(1);
    const e = ev[0]!;
    expect(Math.abs(Date.parse(e.start) - start)).toBeLessThanOrEqual(H);
    expect(Math.abs(Date.parse(e.end) - (start + 4 * H))).toBeLessThanOrEqual(H);
    expect(e.evidence['durationH']).toBeGreaterThanOrEqual(3);
    expect(e.evidence['meanImpliedSpeedKn']).toBeLessThan(2);
    expect(e.evidence['averageShoreDistanceNm']).toBeGreaterThan(40);
    expect(e.rule.params['minShoreDistNm']).toBe(20);
  });

  it('a 1 h stop is not loitering', () => {
    expect(ofType(detect(stop(LAT, LON, 1)), 'loitering')).toHaveLength(0);
  });

  it('a 4 h stop 12 nm from shore is not loitering (GFW: >= 20 nm)', () => {
    expect(ofType(detect(stop(39.3, LON, 4)), 'loitering')).toHaveLength(0);
  });

  it('a 3 h stop is loitering under gfw (2 h) but not strict (4 h)', () => {
    expect(ofType(detect(stop(LAT, LON, 3)), 'loitering')).toHaveLength(1);
    expect(ofType(detect(stop(LAT, LON, 3), { profile: 'strict' }), 'loitering').filter((e) => e.rule.name === 'loitering')).toHaveLength(0);
  });

  it('a vessel steaming at 10 kn never loiters', () => {
    const [eLat, eLon] = move(LAT, LON, 90, 100);
    const recs = path(M, [
      [T0, LAT, LON],
      [T0 + 10 * H, eLat, eLon],
    ]);
    expect(ofType(detect(recs), 'loitering')).toHaveLength(0);
  });

  it('a loitering run closes when the vessel falls silent (no split, no loss at the end of input)', () => {
    const recs = path(M, [
      [T0, LAT, LON],
      [T0 + 5 * H, LAT, LON],
    ], { everyS: 300 });
    const ev = ofType(detect(recs), 'loitering');
    expect(ev).toHaveLength(1);
    expect(Date.parse(ev[0]!.end)).toBeGreaterThan(T0 + 4 * H + 30 * MIN);
  });

  it('two ships stopped together offshore: an encounter and (as GFW) two loiterings; excludeEncounters leaves only the encounter', () => {
    const start = T0 + 3 * H;
    const a = stop(LAT, LON, 4, start);
    const b = stop(LAT, LON, 4, start).map((p) => ({ ...p, mmsi: 445000099, lat: p.lat + 0.001 }));
    const recs = merge(a, b);
    const ev = detect(recs);
    expect(ofType(ev, 'encounter')).toHaveLength(1);
    expect(ofType(ev, 'loitering').map((e) => e.mmsi[0]).sort()).toEqual([M, 445000099]);
    const only = detect(recs, { params: { loitering: { excludeEncounters: 1 } } });
    expect(ofType(only, 'encounter')).toHaveLength(1);
    expect(ofType(only, 'loitering')).toHaveLength(0);
  });

  it("records every parameter that shaped it: the gap that ends a run, thinning, and the encounter rule when encounters exclude it", () => {
    const recs = stop(LAT, LON, 4, T0 + 3 * H);
    const [plain] = ofType(detect(recs), 'loitering');
    expect(plain!.rule.params).toMatchObject({ maxSpeedKn: 2, minDurationH: 2, 'gap.minGapH': 12, 'thinning.minIntervalS': 20 });
    expect(Object.keys(plain!.rule.params).some((k) => k.startsWith('encounter.'))).toBe(false);
    const [excl] = ofType(detect(recs, { params: { loitering: { excludeEncounters: 1 }, encounter: { maxDistanceM: 300 } } }), 'loitering');
    expect(excl!.rule.params).toMatchObject({ excludeEncounters: 1, 'encounter.maxDistanceM': 300, 'encounter.minDurationH': 2, 'gap.minGapH': 12 });
  });
});
