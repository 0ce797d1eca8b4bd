import { describe, expect, it } from 'vitest';
import { H, OFFSHORE, T0, detect, merge, move, ofType, path } from './sim.js';

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

  it('without anyone heard nearby during it, the gap is not likely disabling', () => {
    const from = T0 + 6 * H;
    const e = ofType(detect(silentVessel(from, from + 14 * H)), 'gap');
    expect(e).toHaveLength(1);
    expect(e[0]!.flags).not.toContain('likely_disabling');
    expect(e[0]!.evidence['receptionHours']).toBe(0);
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
