import { describe, expect, it } from 'vitest';
import { H, OFFSHORE, T0, detect, merge, move, ofType, path } from './sim.js';
import { SimpleGeo } from '../../src/detect/geo-context.js';

const [LAT, LON] = OFFSHORE;
const M = 412000020;

/** A vessel drifting slowly east, reporting every 60 s, silent over [from, to). */
function silentVessel(from: number, to: number, end = T0 + 30 * H) {
  const [eLat, eLon] = move(LAT, LON, 90, 30);
  return path(M, [
    [T0, LAT, LON],
    [end, eLat, eLon],
  ], { everyS: 60, silent: [[from, to]] });
}

/** Other vessels heard around the same place all along (reception is good). */
function neighbours() {
  const out = [];
  for (let i = 0; i < 3; i++) {
    const [a, b] = move(LAT, LON, 120 * i, 10);
    out.push(...path(413000100 + i, [
      [T0, a, b],
      [T0 + 30 * H, a, b],
    ], { everyS: 600 }));
  }
  return out;
}

describe('gap', () => {
  it('a 14 h silence offshore with good reception is a likely-disabling gap', () => {
    const from = T0 + 6 * H;
    const to = from + 14 * H;
    const ev = ofType(detect(merge(silentVessel(from, to), neighbours())), 'gap').filter((e) => e.mmsi[0] === M);
    expect(ev).toHaveLength(1);
    const e = ev[0]!;
    expect(Date.parse(e.start)).toBe(from - 60_000);
    expect(Date.parse(e.end)).toBe(to);
    expect(e.flags).toContain('likely_disabling');
    expect(e.evidence['positionsDayBefore']).toBeGreaterThan(300);
    expect(e.evidence['receptionFraction']).toBe(1);
    expect(e.evidence['impliedSpeedKn']).toBeCloseTo(1, 0);
    expect(e.evidence['positionIds']).toEqual([`${M}:${from - 60_000}`, `${M}:${to}`]);
  });

  describe('gaps need coverage', () => {
    const from = T0 + 6 * H;
    const hoursOf = (a: number, b: number) => Math.floor(b / H) - Math.floor(a / H) + 1;
    /** a test world whose GeoContext coverage answers `heard` and `withData` as fractions of the hours */
    const world = (heard: number, withData = 1) =>
      new SimpleGeo({
        land: [[120, 39.5, 130, 45]],
        coverage: (_lat, _lon, a, b) => {
          const hours = hoursOf(a, b);
          return { hours, hoursWithData: Math.floor(hours * withData), hoursHeard: Math.floor(hours * heard) };
        },
      });

    it('a silence while the data holds nothing at all is no gap (strict-style reporting: no_coverage, low confidence)', () => {
      expect(ofType(detect(silentVessel(from, from + 14 * H)), 'gap')).toEqual([]);
      const e = ofType(detect(silentVessel(from, from + 14 * H), { params: { gap: { reportNoCoverage: 1 } } }), 'gap');
      expect(e).toHaveLength(1);
      expect(e[0]!.flags).toContain('no_coverage');
      expect(e[0]!.flags).not.toContain('likely_disabling');
      expect(e[0]!.confidence).toBe(0.2);
      expect(e[0]!.evidence['receptionHours']).toBe(0);
      expect(e[0]!.evidence['hoursWithData']).toBeLessThan(Number(e[0]!.evidence['gapHours']));
      expect(e[0]!.evidence['coverageSource']).toBe('stream');
    });

    it('data elsewhere is not coverage: nobody heard around the vessel, no gap', () => {
      const far = path(413000200, [[T0, LAT - 5, LON - 5], [T0 + 30 * H, LAT - 5, LON - 5]], { everyS: 600 });
      expect(ofType(detect(merge(silentVessel(from, from + 14 * H), far)), 'gap')).toEqual([]);
    });

    it('the GeoContext coverage (traffic layer) is used when it knows, over the stream\'s own view', () => {
      const alone = silentVessel(from, from + 14 * H);
      const e = ofType(detect(alone, { geo: world(1) }), 'gap');
      expect(e).toHaveLength(1);
      expect(e[0]!.evidence['coverageSource']).toBe('traffic_layer');
      expect(e[0]!.flags).toContain('likely_disabling');
      // others heard in the stream, but the store holds no data for some of the hours: no gap
      expect(ofType(detect(merge(alone, neighbours()), { geo: world(1, 0.8) }), 'gap')).toEqual([]);
      expect(ofType(detect(merge(alone, neighbours()), { geo: world(0.3) }), 'gap')).toEqual([]);
    });

    it('files years apart are never bridged', () => {
      const Y = 365 * 24 * H;
      const early = merge(path(M, [[T0, LAT, LON], [T0 + 2 * H, LAT, LON]], { everyS: 60 }), neighbours().filter((p) => p.t < T0 + 3 * H));
      const late = merge(path(M, [[T0 + 2 * Y, LAT, LON], [T0 + 2 * Y + 2 * H, LAT, LON]], { everyS: 60 }), neighbours().map((p) => ({ ...p, t: p.t + 2 * Y })).filter((p) => p.t < T0 + 2 * Y + 3 * H));
      expect(ofType(detect([...early, ...late]), 'gap')).toEqual([]);
    });
  });

  it('a 5 h gap is no gap; a 7 h one is no gap under gfw, a short one under strict', () => {
    const from = T0 + 6 * H;
    const five = merge(silentVessel(from, from + 5 * H), neighbours());
    expect(ofType(detect(five), 'gap')).toHaveLength(0);
    expect(ofType(detect(five, { profile: 'strict' }), 'gap')).toHaveLength(0);
    const recs = merge(silentVessel(from, from + 7 * H), neighbours());
    expect(ofType(detect(recs), 'gap')).toHaveLength(0);
    const strict = ofType(detect(recs, { profile: 'strict' }), 'gap');
    expect(strict).toHaveLength(1);
    expect(strict[0]!.flags).toContain('short');
  });

  it('a vessel silent from 12 h before the end of input is an open gap under strict (gfw: not reported)', () => {
    const recs = merge(silentVessel(T0 + 10 * H, T0 + 40 * H), neighbours());
    expect(ofType(detect(recs), 'gap').filter((x) => x.mmsi[0] === M)).toHaveLength(0);
    const e = ofType(detect(recs, { profile: 'strict' }), 'gap').filter((x) => x.mmsi[0] === M);
    expect(e).toHaveLength(1);
    expect(e[0]!.flags).toContain('open');
  });
});
