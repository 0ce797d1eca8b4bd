import { describe, expect, it } from 'vitest';
import { H, MIN, OFFSHORE, T0, detect, merge, move, ofType, path, staticRec } from './sim.js';

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

  it('a 2.4 h stop reported every 20 min with reports lost ends at its last slow fix, not its last hourly sample (seed 1401)', () => {
    // two reports lost after the first hour: the hourly samples are the arrival and 100 min
    // later, then the departure; the fixes at 120 and 140 min are slow (reported and implied)
    const start = T0 + 3 * H;
    const [iLat, iLon] = move(LAT, LON, 200, 20);
    const [oLat, oLon] = move(LAT, LON, 20, 20);
    const recs = path(M, [
      [start - 2 * H, iLat, iLon],
      [start, LAT, LON],
      [start + 145 * MIN, LAT, LON],
      [start + 145 * MIN + 2 * H, oLat, oLon],
    ], { everyS: 1200, jitterM: 20, stillSog: 0.4 })
      .filter((p) => p.t !== start + 60 * MIN && p.t !== start + 80 * MIN)
      .map((p) => (p.cog == null ? { ...p, cog: 290 } : p));
    const ev = ofType(detect(recs), 'loitering');
    expect(ev).toHaveLength(1);
    expect(ev[0]!.end).toBe(new Date(start + 140 * MIN).toISOString().replace('.000', ''));
    expect(ev[0]!.evidence['durationH']).toBeGreaterThanOrEqual(2);
  });

  it('a sparse feed whose first fix after the stop reports 12 kn only 2 nm on: that fix is the departure, not part of the run (seed 2603)', () => {
    // reports every 45 min, the one at 180 min lost: the next sample, 135 min after the last,
    // is slow by implied speed (0.9 kn) but reports 12 kn; counted in the run it lifted the mean
    // reported speed over maxMeanSogKn and the whole stop was dropped
    const start = T0 + 3 * H;
    const [iLat, iLon] = move(LAT, LON, 200, 15);
    const [oLat, oLon] = move(LAT, LON, 20, 24);
    const recs = path(M, [
      [start - 90 * MIN, iLat, iLon],
      [start, LAT, LON],
      [start + 215 * MIN, LAT, LON],
      [start + 215 * MIN + 2 * H, oLat, oLon],
    ], { everyS: 2700, jitterM: 20, stillSog: 0.4, silent: [[start + 170 * MIN, start + 190 * MIN]] }).map((p) =>
      p.cog == null ? { ...p, cog: 290 } : p,
    );
    const departure = recs.find((p) => p.t === start + 225 * MIN)!;
    expect(departure.sog).toBe(12);
    const ev = ofType(detect(recs), 'loitering');
    expect(ev).toHaveLength(1);
    expect(ev[0]!.start).toBe(new Date(start).toISOString().replace('.000', ''));
    expect(ev[0]!.end).toBe(new Date(start + 135 * MIN).toISOString().replace('.000', ''));
    expect(ev[0]!.evidence['meanReportedSpeedKn']).toBeLessThan(1);
  });

  describe('for the vessels it is meant for (loitering.classes)', () => {
    const typed = (mmsi: number, shipType: number | null, recs: ReturnType<typeof stop>) =>
      merge(
        recs.map((p) => ({ ...p, mmsi })),
        shipType == null ? [] : [staticRec(mmsi, T0, { shipType })],
      );
    /** zig-zag tows at 3 kn: 20 min legs north and south, so no hour moves more than 1 nm */
    const trawl = (mmsi: number) => {
      const wps: [number, number, number][] = [];
      for (let k = 0; k <= 15; k++) wps.push([T0 + k * 20 * MIN, LAT + (k % 2) / 60 + k * 0.001, LON]);
      return path(mmsi, wps, { everyS: 120 });
    };

    it('a tanker, a cargo ship and a vessel of unknown type stopped offshore loiter; a fishing vessel does not', () => {
      const recs = merge(typed(412000811, 84, stop(LAT, LON, 4)), typed(412000812, 70, stop(LAT, LON + 0.2, 4)), typed(412000813, null, stop(LAT, LON + 0.4, 4)), typed(412000814, 30, stop(LAT, LON + 0.6, 4)));
      const ev = ofType(detect(recs), 'loitering');
      expect(ev.map((e) => `${e.mmsi[0]}:${String(e.evidence['vesselClass'])}`).sort()).toEqual(['412000811:tanker', '412000812:cargo', '412000813:unknown']);
      expect(ev[0]!.rule.params['classes']).toEqual(['cargo', 'tanker', 'unknown']);
      // the class list is the profile's
      expect(ofType(detect(recs, { params: { loitering: { classes: ['fishing'] } } }), 'loitering').map((e) => e.mmsi[0])).toEqual([412000814]);
    });

    it('a trawler on zig-zag tows (implied speed under 2 kn, reported 3 kn) is fishing, typed or not', () => {
      expect(ofType(detect(trawl(412000821)), 'loitering')).toEqual([]);
      expect(ofType(detect(merge(trawl(412000822), [staticRec(412000822, T0, { shipType: 30 })])), 'loitering')).toEqual([]);
      // without the working-speed rule, the untyped one would be loitering
      expect(ofType(detect(trawl(412000821), { params: { loitering: { workingSogKn: 0 } } }), 'loitering')).toHaveLength(1);
    });
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
