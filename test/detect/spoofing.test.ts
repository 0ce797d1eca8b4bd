import { describe, expect, it } from 'vitest';
import { H, MIN, OFFSHORE, T0, detect, merge, move, ofType, path, staticRec } from './sim.js';
import type { Position } from '../../src/records.js';

const [LAT, LON] = OFFSHORE;

function kinds(evs: ReturnType<typeof detect>) {
  return ofType(evs, 'spoofing').map((e) => `${e.mmsi[0]}:${e.evidence['kind']}`);
}

describe('spoofing', () => {
  it('one MMSI in two places 100 km apart is two_places', () => {
    const M = 412345678;
    const [fLat, fLon] = move(LAT, LON, 180, 54);
    const [a2, b2] = move(LAT, LON, 90, 20);
    const [c2, d2] = move(fLat, fLon, 270, 20);
    const recs = merge(
      path(M, [[T0, LAT, LON], [T0 + 2 * H, a2, b2]], { everyS: 60 }),
      path(M, [[T0 + 30_000, fLat, fLon], [T0 + 2 * H + 30_000, c2, d2]], { everyS: 60 }),
    );
    const ev = ofType(detect(recs), 'spoofing');
    expect(ev.map((e) => e.evidence['kind'])).toEqual(['two_places']);
    const e = ev[0]!;
    expect(e.flags).toEqual(['two_places']);
    expect(e.evidence['maxDistanceKm']).toBeGreaterThan(90);
    expect(e.evidence['maxImpliedSpeedKn']).toBeGreaterThan(50);
    expect(e.evidence['signs']).toBeGreaterThan(50);
    expect(Date.parse(e.end) - Date.parse(e.start)).toBeGreaterThan(1.5 * H);
  });

  it('a normal track is not spoofing', () => {
    const [a2, b2] = move(LAT, LON, 45, 24);
    expect(kinds(detect(path(412345679, [[T0, LAT, LON], [T0 + 2 * H, a2, b2]], { everyS: 10 })))).toEqual([]);
  });

  it('positions inland are on_land; a berth next to an anchorage is not', () => {
    const inland = path(412345680, [[T0, 41, 126], [T0 + H, 41.05, 126]], { everyS: 60 });
    expect(kinds(detect(inland))).toEqual(['412345680:on_land']);
    const berth = path(412345681, [[T0, 39.505, 125.2], [T0 + H, 39.505, 125.2]], { everyS: 60 });
    expect(kinds(detect(berth))).toEqual([]);
  });

  it('invalid MMSIs, default-pattern MMSIs and IMO check digits (the rule of src/ref)', () => {
    const recs = merge(
      path(123456789, [[T0, LAT, LON], [T0 + H, LAT, LON]], { everyS: 600 }),
      path(412000000, [[T0, LAT, LON + 0.1], [T0 + H, LAT, LON + 0.1]], { everyS: 600 }),
      [staticRec(445000001, T0, { imo: 1234568 }), staticRec(445000001, T0 + 6 * MIN, { imo: 1234568 })],
      [staticRec(445000002, T0, { imo: 9074729 }), staticRec(445000002, T0 + 6 * MIN, { imo: 9074729 })],
    );
    const ev = ofType(detect(recs), 'spoofing');
    expect(kinds(ev).sort()).toEqual(['123456789:invalid_mmsi', '412000000:default_mmsi', '445000001:invalid_imo']);
    const placeholder = ev.find((e) => e.mmsi[0] === 123456789)!;
    expect(placeholder.evidence['problem']).toBe('repeated_digits');
    expect(placeholder.confidence).toBe(1);
    // a valid Chinese ship MMSI by the format, but the MID alone: a default many hulls share
    const midOnly = ev.find((e) => e.mmsi[0] === 412000000)!;
    expect(midOnly.evidence['pattern']).toBe('mid_only');
    expect(midOnly.confidence).toBe(0.5);
    expect(midOnly.rule.name).toBe('spoofing.default_mmsi');
    expect(midOnly.rule.params['thinning.minIntervalS']).toBe(20);
  });

  it('a track drawing perfect circles is circle spoofing', () => {
    const M = 412345682;
    const r = 1.0; // nm
    const recs: Position[] = [];
    // 8 kn on a 1 nm circle: one loop per ~47 min; 3 h
    for (let t = 0; t <= 3 * H; t += 20_000) {
      const ang = ((t / H) * 8) / (2 * Math.PI * r) * 360;
      const [lat, lon] = move(LAT, LON, ang, r);
      recs.push({ mmsi: M, t: T0 + t, lat, lon, sog: 8, cog: (ang + 90) % 360, heading: Math.round((ang + 90) % 360), navStatus: 0, source: 'sim', msgType: 1 });
    }
    const ev = ofType(detect(recs), 'spoofing');
    expect(ev.map((e) => e.evidence['kind'])).toEqual(['circle']);
    expect(ev[0]!.evidence['radiusM']).toBeGreaterThan(1700);
    expect(ev[0]!.evidence['radiusM']).toBeLessThan(2000);
  });

  it('a track jumping to and fro every minute is hairpin; a patrol turning every 2 h is not', () => {
    const M = 412345683;
    const [bLat, bLon] = move(LAT, LON, 90, 0.22); // ~400 m east
    const recs: Position[] = [];
    for (let i = 0; i < 60; i++) {
      const east = i % 2 === 1;
      const k = i * 1e-5; // no exact repeats (the segmenter drops repeated moving fixes)
      recs.push({ mmsi: M, t: T0 + i * 60_000, lat: (east ? bLat : LAT) + k, lon: east ? bLon : LON, sog: 13, cog: east ? 90 : 270, heading: null, navStatus: 0, source: 'sim', msgType: 1 });
    }
    expect(kinds(detect(recs))).toEqual([`${M}:hairpin`]);
    const [eLat, eLon] = move(LAT, LON, 90, 20);
    const wps: [number, number, number][] = [];
    for (let h = 0; h <= 12; h += 2) wps.push(h % 4 === 0 ? [T0 + h * H, LAT, LON] : [T0 + h * H, eLat, eLon]);
    expect(kinds(detect(path(M, wps, { everyS: 30, jitterM: 20 })))).toEqual([]);
  });
});
