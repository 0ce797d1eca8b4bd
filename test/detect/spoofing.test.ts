import { describe, expect, it } from 'vitest';
import { H, MIN, OFFSHORE, T0, detect, merge, move, ofType, path, staticRec } from './sim.js';
import { SimpleGeo } from '../../src/detect/geo-context.js';
import type { Position } from '../../src/records.js';

const [LAT, LON] = OFFSHORE;

function kinds(evs: ReturnType<typeof detect>) {
  return ofType(evs, 'spoofing').map((e) => `${e.mmsi[0]}:${e.evidence['kind']}`);
}

/** A vessel steaming at 8 kn round a circle of `rNm` about (LAT, LON) for `ms`, a fix every `everyMs`. */
function circling(mmsi: number, rNm: number, ms: number, everyMs: number): Position[] {
  const recs: Position[] = [];
  for (let t = 0; t <= ms; t += everyMs) {
    const ang = ((t / H) * 8) / (2 * Math.PI * rNm) * 360;
    const [lat, lon] = move(LAT, LON, ang, rNm);
    recs.push({ mmsi, t: T0 + t, lat, lon, sog: 8, cog: (ang + 90) % 360, heading: Math.round((ang + 90) % 360), navStatus: 0, source: 'sim', msgType: 1 });
  }
  return recs;
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

  describe('on_land only where it is evidence', () => {
    // the test world: land north of 39.5 N; 41 N is 170 km inland
    const sea = (m: number) => path(m, [[T0 - H, 39.2, 126], [T0 - 5 * MIN, 39.25, 126]], { everyS: 60 });
    const inland = (m: number, from = T0 + H) => path(m, [[from, 41, 126], [from + H, 41, 126]], { everyS: 60 });

    it('a fixed point inland reached by an impossible jump from the sea: on_land, flag jump, confidence 0.9', () => {
      const ev = ofType(detect(merge(sea(412345680), inland(412345680))), 'spoofing');
      expect(ev.map((e) => `${e.evidence['kind']}:${e.flags.join('+')}:${e.confidence}`)).toEqual(['on_land:on_land+jump:0.9']);
      expect(ev[0]!.evidence['evidence']).toBe('jump');
      expect(ev[0]!.evidence['jumpKn']).toBeGreaterThan(25);
      expect(ev[0]!.rule.params['onLandJumpKn']).toBe(25);
    });

    it('a ship spoofed inland for an hour that resumes its real track at sea is on_land alone, not two_places: the two never transmitted at once (seed 1802)', () => {
      // 20-min reports: at sea, then 170 km inland for an hour, then at sea again 18 min after
      const m = 412345690;
      const before = path(m, [[T0 - 2 * H, 39.2, 126], [T0 - 40 * MIN, 39.25, 126.1]], { everyS: 1200 });
      const land = path(m, [[T0, 41, 126], [T0 + H, 41, 126]], { everyS: 1200 });
      const after = path(m, [[T0 + H + 18 * MIN, 39.26, 126.2], [T0 + 3 * H, 39.3, 126.5]], { everyS: 1200 });
      expect(kinds(detect(merge(before, land, after)))).toEqual([`${m}:on_land`]);
      // the same places alternating (two transmitters at once) are two_places as well
      const alt = merge(path(m, [[T0 - 2 * H, 39.2, 126], [T0 + 3 * H, 39.3, 126.5]], { everyS: 1200 }), path(m, [[T0 - 2 * H + 600_000, 41, 126], [T0 + 3 * H + 600_000, 41, 126]], { everyS: 1200 }));
      expect(kinds(detect(alt))).toContain(`${m}:two_places`);
    });

    it('a vessel moving steadily across the mask (a river, a canal) is navigating, not spoofing', () => {
      const river = path(412345681, [[T0, 39.3, 126], [T0 + 3 * H, 39.6, 126], [T0 + 4 * H, 39.6, 126]], { everyS: 60 });
      expect(kinds(detect(river))).toEqual([]);
      expect(kinds(detect(river, { profile: 'strict' }))).toEqual([]);
      // first seen inland, moving at 3 kn: the same
      expect(kinds(detect(path(412345682, [[T0, 41, 126], [T0 + H, 41.05, 126]], { everyS: 60 })))).toEqual([]);
    });

    it('stationary inland from the first fix, no jump: nothing under gfw; under strict a data_quality finding at 0.3, dropped when it sails away', () => {
      const ashore = path(412345683, [[T0, 41, 126], [T0 + 2 * H, 41, 126]], { everyS: 60 });
      expect(kinds(detect(ashore))).toEqual([]);
      const ev = ofType(detect(ashore, { profile: 'strict' }), 'spoofing');
      expect(ev.map((e) => `${e.flags.join('+')}:${e.confidence}`)).toEqual(['on_land+data_quality:0.3']);
      // moored up a river, then leaving along it at 5 kn: it was a ship there
      const moored = path(412345684, [[T0, 41, 126], [T0 + 2 * H, 41, 126], [T0 + 4 * H, 40.83, 126]], { everyS: 60 });
      expect(kinds(detect(moored, { profile: 'strict' }))).toEqual([]);
    });

    it('learned water, the coast tolerance, an anchorage and non-ship stations explain a fix on the mask', () => {
      const recs = merge(sea(412345685), inland(412345685));
      const water = new SimpleGeo({ land: [[120, 39.5, 130, 45]], water: [[125.9, 40.9, 126.1, 41.1]] });
      expect(kinds(detect(recs, { geo: water }))).toEqual([]);
      // 1 km inside the coast: within onLandCoastToleranceM (2 km), stationary from the start
      const berth = path(412345686, [[T0, 39.509, 126], [T0 + 2 * H, 39.509, 126]], { everyS: 60 });
      expect(kinds(detect(berth, { profile: 'strict' }))).toEqual([]);
      // beyond a tolerance of 500 m it is not
      expect(kinds(detect(berth, { profile: 'strict', params: { spoofing: { onLandCoastToleranceM: 500 } } }))).toEqual(['412345686:on_land']);
      const port = path(412345687, [[T0, 39.505, 125.2], [T0 + H, 39.505, 125.2]], { everyS: 60 });
      expect(kinds(detect(port, { profile: 'strict' }))).toEqual([]);
      // a coast station (00 + MID) and an AtoN (99 + MID) stand on land by design, even after a jump
      const coast = merge(sea(4450001), inland(4450001));
      const aton = merge(sea(994451234), inland(994451234));
      expect(kinds(detect(merge(coast, aton), { profile: 'strict' }))).toEqual([]);
    });

    it('one GPS glitch onto land and back is not enough signs', () => {
      const glitch = merge(path(412345688, [[T0, 39.2, 126], [T0 + 2 * H, 39.3, 126]], { everyS: 60 }).map((p, i) => (i === 30 ? { ...p, lat: 41 } : p)));
      expect(kinds(detect(glitch))).toEqual([]);
      // nor are two glitches a minute apart
      const twice = merge(path(412345689, [[T0, 39.2, 126], [T0 + 2 * H, 39.3, 126]], { everyS: 60 }).map((p, i) => (i === 30 || i === 31 ? { ...p, lat: 41 } : p)));
      expect(kinds(detect(twice))).toEqual([]);
    });

    it('a sparse feed (every 45 min) hears a two-hour spoof inland twice: two fixes 45 min apart reached by a jump are on_land (seed 2601)', () => {
      const m = 412345690;
      const every = 45 * MIN;
      const at = (k: number, lat: number, lon: number): Position => ({ mmsi: m, t: T0 + k * every, lat, lon, sog: lat > 40 ? 0 : 10, cog: lat > 40 ? 0 : 90, heading: null, navStatus: 0, source: 's', msgType: 1 });
      const recs = [at(0, 39.2, 125.6), at(1, 39.2, 125.9), at(2, 41, 126), at(3, 41, 126), at(4, 39.2, 126.6), at(5, 39.2, 126.9)];
      const ev = ofType(detect(recs), 'spoofing');
      expect(ev.map((e) => `${e.evidence['kind']}:${e.flags.join('+')}:${e.evidence['signs']}`)).toEqual(['on_land:on_land+jump:2']);
      expect(ev[0]!.rule.params['onLandSpanMin']).toBe(30);
      // the same two fixes 20 min apart are not enough
      const close = recs.map((p, i) => (i === 3 ? { ...p, t: recs[2]!.t + 20 * MIN } : p));
      expect(ofType(detect(close), 'spoofing')).toEqual([]);
    });
  });

  it('invalid MMSIs, default-pattern MMSIs and IMO check digits (the rule of src/ref)', () => {
    const recs = merge(
      path(123456789, [[T0, LAT, LON], [T0 + H, LAT, LON]], { everyS: 600 }),
      path(412000000, [[T0, LAT, LON + 0.1], [T0 + H, LAT, LON + 0.1]], { everyS: 600 }),
      [staticRec(445000001, T0, { imo: 1234568, shipType: 70, length: 120 }), staticRec(445000001, T0 + 6 * MIN, { imo: 1234568, shipType: 70, length: 120 })],
      [staticRec(445000002, T0, { imo: 9074729 }), staticRec(445000002, T0 + 6 * MIN, { imo: 9074729 })],
    );
    const ev = ofType(detect(recs), 'spoofing');
    expect(ev.find((e) => e.mmsi[0] === 445000001)!.evidence['why']).toBe('must_carry_imo');
    expect(kinds(ev).sort()).toEqual(['123456789:invalid_mmsi', '412000000:default_mmsi', '445000001:invalid_imo']);
    const placeholder = ev.find((e) => e.mmsi[0] === 123456789)!;
    expect(placeholder.evidence['problem']).toBe('repeated_digits');
    expect(placeholder.confidence).toBe(0.5);
    expect(placeholder.flags).toContain('data_quality');
    // a valid Chinese ship MMSI by the format, but the MID alone: a default many hulls share
    const midOnly = ev.find((e) => e.mmsi[0] === 412000000)!;
    expect(midOnly.evidence['pattern']).toBe('mid_only');
    expect(midOnly.confidence).toBe(0.5);
    expect(midOnly.rule.name).toBe('spoofing.default_mmsi');
    expect(midOnly.rule.params['thinning.minIntervalS']).toBe(20);
  });

  describe('identity quality apart from spoofing (README, "Identity quality")', () => {
    const twice = (mmsi: number, over: Parameters<typeof staticRec>[2]) => [staticRec(mmsi, T0, over), staticRec(mmsi, T0 + 6 * MIN, over)];
    const imoKinds = (recs: ReturnType<typeof twice>[], profile?: string) =>
      ofType(detect(merge(...recs), { profile }), 'spoofing')
        .filter((e) => e.evidence['kind'] === 'invalid_imo')
        .map((e) => `${e.mmsi[0]}:${String(e.evidence['why'])}`)
        .sort();

    it('a wrong check digit is a spoofing event only on a vessel that must carry an IMO number, or with another sign', () => {
      const recs = [
        twice(445000101, { imo: 1234568, shipType: 70, length: 171 }), // cargo 171 m: must carry
        twice(445000102, { imo: 1234568, shipType: 65, length: 45 }), // passenger 45 m: below 50 m
        twice(445000103, { imo: 1234568, shipType: 30, length: 58 }), // fishing
        twice(445000104, { imo: 1234568, shipType: 37, length: 44 }), // pleasure craft
        twice(445000105, { imo: 1234568, shipType: 84, length: null }), // tanker, length unknown, class not known B
        twice(412000000, { imo: 5201314, shipType: 30, length: 20 }), // fishing, but on a default MMSI
      ];
      expect(imoKinds(recs)).toEqual(['412000000:default_mmsi', '445000101:must_carry_imo', '445000105:must_carry_imo']);
      // off: every wrong IMO is reported
      expect(imoKinds(recs.map((r) => r.map((s) => ({ ...s }))), undefined).length).toBe(3);
    });

    it('"IMO not available" (2^30-1) and 0 are no IMO; a valid IMO keyed x100 is junk, never invalid', () => {
      const recs = [twice(445000111, { imo: 1073741823, shipType: 70, length: 200 }), twice(445000112, { imo: 812064800, shipType: 71, length: 114 })];
      expect(imoKinds(recs)).toEqual([]);
    });

    it('an invalid MMSI (unassigned MID, out of range, placeholder digits) is a data_quality finding at lower confidence, not certain spoofing', () => {
      const found = [704643072, 912190065, 123456789].map((m) => ofType(detect(path(m, [[T0, LAT, LON], [T0 + H, LAT, LON]], { everyS: 600 })), 'spoofing'));
      expect(found.flat().map((e) => `${e.evidence['problem']}:${e.flags.join('+')}:${e.confidence}`)).toEqual([
        'unassigned_mid:invalid_mmsi+data_quality:0.5',
        'out_of_range:invalid_mmsi+data_quality:0.5',
        'repeated_digits:invalid_mmsi+data_quality:0.5',
      ]);
    });
  });

  it('circles reported every 10 minutes (a sparse satellite feed, 3 fixes a loop) are circle spoofing once 12 fixes turned through two loops', () => {
    // 0.7 nm: a loop of 4.4 nm, ~33 min at 8 kn
    const recs = circling(412345683, 0.7, 5 * H, 600_000);
    const ev = ofType(detect(recs), 'spoofing');
    expect(ev.map((e) => e.evidence['kind'])).toEqual(['circle']);
    expect(ev[0]!.evidence['radiusM']).toBeGreaterThan(1150);
    expect(ev[0]!.evidence['radiusM']).toBeLessThan(1350);
    // the same fixes for only 1.5 h (10 of them, three loops): too few to judge a centre
    expect(ofType(detect(recs.filter((p) => p.t <= T0 + 1.5 * H)), 'spoofing')).toEqual([]);
    // every 15 min: 2.3 fixes a loop, each turn ~160 deg, always the same way, spread round the
    // centre (sampled so, each turn is also an about-turn: hairpin may fire beside it)
    const sparse = ofType(detect(circling(412345684, 0.7, 6 * H, 900_000)), 'spoofing');
    expect(sparse.map((e) => e.evidence['kind'])).toContain('circle');
    // 1.5 km radius (2.5 fixes a loop) and a report lost: the long leg turns the other way (seed
    // 509), still a circle
    const lost = ofType(detect(circling(412345685, 0.81, 5 * H, 900_000).filter((_, i) => i !== 9)), 'spoofing');
    expect(lost.map((e) => e.evidence['kind'])).toContain('circle');
  });

  it('a 1.6 km circle reported every 15 min with reports lost (2.8 fixes a loop) is a circle: each step lands where its speed puts it', () => {
    // seed 701: 8 kn on a 1644 m circle is a 42-min loop; a step of 15 min turns 128 deg, across
    // a lost report 257 deg, which the chords read as -103 deg, and the turns around it as sharp
    // reversals, so the turn sum never passed two loops
    const rNm = 1644 / 1852;
    const recs = circling(412345686, rNm, 4 * H, 900_000).filter((_, i) => i !== 4 && i !== 9);
    const ev = ofType(detect(recs), 'spoofing');
    expect(ev.map((e) => e.evidence['kind'])).toContain('circle');
    const c = ev.find((e) => e.evidence['kind'] === 'circle')!;
    expect(c.evidence['radiusM']).toBeGreaterThan(1550);
    expect(c.evidence['radiusM']).toBeLessThan(1750);
    // the same ring at the same times and speed, each fix at an angle of chance: round and at a
    // constant distance, but its steps are not where 8 kn puts them
    let seed = 7;
    const rnd = (): number => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const chance = recs.map((p) => {
      const [lat, lon] = move(LAT, LON, rnd() * 360, rNm);
      return { ...p, mmsi: 412345687, lat, lon };
    });
    expect(ofType(detect(chance), 'spoofing').filter((e) => e.evidence['kind'] === 'circle')).toEqual([]);
  });

  it('a trawler towing zig-zags reported every 10 minutes is no circle: its turns are reversals, not one way round', () => {
    // a simulated Chinese trawler (scenario seed 306): tows reversing every 20-30 min at 2-4 kn,
    // sampled every ~10 min; its leg bearings turn +-150-180 deg and their sum wandered past
    // two loops (-880 deg) within a 500 m radius: reported as a circle before
    const fixes: [number, number, number, number, number][] = [
      [0, 0.02938, 0.00293, 3.6, 266.0], [590, 0.02997, 0.00030, 3.7, 78.2], [1178, 0.03184, 0.01165, 3.6, 253.9], [1768, 0.02940, -0.00035, 3.5, 253.5], [2367, 0.02977, 0.00637, 2.9, 82.2],
      [2910, 0.02982, 0.00612, 3.6, 262.7], [3446, 0.02901, -0.00325, 3.4, 82.9], [4122, 0.03042, 0.01013, 3.4, 81.3], [4669, 0.02953, 0.00793, 2.4, 252.1], [5280, 0.03092, 0.00803, 2.9, 51.7],
      [5907, 0.03265, 0.01002, 3.5, 237.9], [6458, 0.02808, 0.00083, 3.4, 236.6], [7136, 0.02915, 0.00939, 2.7, 269.4], [7770, 0.02891, -0.00071, 2.7, 267.6], [8369, 0.03001, 0.00601, 3.2, 80.8],
      [8975, 0.02919, 0.00563, 3.3, 250.7], [9549, 0.02633, -0.00475, 3.5, 81.2], [10179, 0.02791, 0.00769, 3.4, 82.2], [10740, 0.02855, 0.00431, 2.7, 275.0], [11362, 0.02985, 0.00457, 3.8, 77.9],
      [12002, 0.03229, 0.01854, 3.7, 77.9], [12548, 0.03023, 0.01989, 2.7, 223.9], [13174, 0.02569, 0.01394, 2.7, 33.4], [13723, 0.03141, 0.01886, 2.7, 34.3], [14403, 0.02848, 0.01419, 2.7, 227.3],
      [15057, 0.02404, 0.00831, 2.3, 65.6], [15712, 0.02686, 0.01625, 2.3, 65.2], [16283, 0.02458, 0.00865, 2.8, 247.1], [16800, 0.02372, 0.00630, 2.3, 72.4], [17412, 0.02574, 0.01416, 2.3, 70.9],
      [17969, 0.02651, 0.01407, 2.3, 266.5], [18496, 0.02611, 0.00685, 2.4, 267.1], [19043, 0.02733, 0.00608, 2.7, 61.0], [19688, 0.03114, 0.01494, 2.3, 259.0], [20352, 0.03005, 0.00652, 2.6, 49.4],
      [20936, 0.03455, 0.01302, 2.5, 49.1], [21527, 0.03280, 0.00989, 3.1, 232.3], [22205, 0.02675, 0.00027, 3.1, 231.9], [22871, 0.02735, 0.00860, 2.9, 78.9],
    ];
    const recs: Position[] = fixes.map(([s, dLat, dLon, sog, cog]) => ({ mmsi: 412550963, t: T0 + s * 1000, lat: LAT + dLat, lon: LON + dLon, sog, cog, heading: Math.round(cog), navStatus: 7, source: 'sim', msgType: 1 }));
    expect(ofType(detect(recs), 'spoofing')).toEqual([]);
  });

  it('a trawler towing zig-zags whose fixes lie round is no circle: seen from their centre they go back and forth', () => {
    // scenario seed 2306 (a fleet trawler towing at 2.2-3.8 kn, a fix every ~10 min): 19 of these
    // turned 745 deg one way between chords with 3 reversals, their spread was round enough
    // (0.56) and 540 m from its centre: reported as a circle (confidence 0.55). Their bearings
    // from the centre advanced 28, -17, 128, -108 ... deg, 24 deg in all.
    const fixes: [number, number, number, number, number][] = [
      [0, 0.0, 0.0, 3.5, 59.3], [522, -0.00124, -0.002, 2.3, 235.2], [1205, -0.00205, -0.00034, 2.5, 75.4], [1845, -0.00033, 0.00822, 2.9, 269.4], [2525, -0.00037, -0.00172, 3.7, 82.2],
      [3059, 0.00087, 0.00958, 3.7, 81.2], [3747, 0.00189, 0.01258, 2.2, 274.7], [4272, 0.00109, 0.0109, 3.2, 122.7], [4918, -0.00397, 0.02135, 3.3, 121], [5588, -0.00121, 0.01353, 3.1, 151.1],
      [6121, -0.00799, 0.01834, 3.1, 150.1], [6720, -0.00655, 0.01246, 3.1, 303], [7256, -0.00473, 0.00948, 2.3, 115.9], [7813, -0.00716, 0.01621, 2.4, 114.5], [8493, -0.0045, 0.00889, 3.7, 294],
      [9005, -0.00646, 0.01161, 3, 122.4], [9630, -0.00815, 0.01345, 2.7, 299.2], [10292, -0.00559, 0.00822, 3.2, 108.8], [10828, -0.00799, 0.01767, 3.2, 108.2], [11492, -0.00539, 0.01984, 3.8, 324.7],
      [12015, 0.0021, 0.01316, 3.8, 324], [12629, 0.00212, 0.01633, 3.3, 122.7], [13211, -0.00059, 0.02043, 2.5, 295.1], [13873, 0.00263, 0.01155, 2.5, 295.2],
    ];
    const recs: Position[] = fixes.map(([s, dLat, dLon, sog, cog]) => ({ mmsi: 413991891, t: T0 + s * 1000, lat: LAT + dLat, lon: LON + dLon, sog, cog, heading: Math.round(cog), navStatus: 7, source: 'sim', msgType: 1 }));
    expect(ofType(detect(recs), 'spoofing')).toEqual([]);
  });

  it('a trawler turning at random inside its 300 m cell of a dense fleet is no circle: its loops are ~100 m across', () => {
    // a simulated trawler of the dense fleet (detections scenario, seed 606), a fix a minute: it
    // went round two loops of ~106 m radius within its cell, and was reported as a circle
    const fixes: [number, number, number, number, number][] = [
      [0, 0.00639, 0.00314, 2.9, 341.1], [53, 0.00724, 0.00289, 2.9, 343.3], [119, 0.00770, 0.00254, 2.8, 100.0], [172, 0.00767, 0.00348, 2.7, 100.3], [235, 0.00764, 0.00450, 2.6, 98.3], [300, 0.00720, 0.00461, 2.7, 222.5],
      [355, 0.00676, 0.00397, 2.8, 223.8], [422, 0.00679, 0.00519, 3.4, 80.9], [490, 0.00739, 0.00475, 3.2, 316.4], [549, 0.00786, 0.00392, 3.1, 317.7], [601, 0.00833, 0.00390, 2.6, 94.1], [658, 0.00807, 0.00473, 3.4, 160.2],
      [719, 0.00704, 0.00509, 3.3, 160.1], [775, 0.00672, 0.00502, 2.9, 272.1], [838, 0.00666, 0.00382, 2.9, 275.1], [896, 0.00672, 0.00271, 2.9, 274.5], [952, 0.00721, 0.00262, 3.4, 9.9], [1008, 0.00817, 0.00284, 3.3, 9.7],
      [1064, 0.00833, 0.00375, 2.9, 94.0], [1128, 0.00815, 0.00472, 2.9, 95.2], [1194, 0.00756, 0.00477, 3.4, 197.6], [1249, 0.00666, 0.00425, 3.5, 197.4], [1315, 0.00619, 0.00384, 2.8, 256.6], [1382, 0.00580, 0.00309, 3.0, 53.6],
      [1433, 0.00634, 0.00357, 3.1, 51.6], [1492, 0.00696, 0.00326, 2.9, 337.2], [1548, 0.00771, 0.00283, 3.0, 333.8], [1606, 0.00818, 0.00325, 3.3, 76.0], [1663, 0.00825, 0.00448, 2.9, 172.0], [1715, 0.00748, 0.00461, 3.3, 183.1],
      [1778, 0.00648, 0.00433, 3.4, 182.6], [1840, 0.00668, 0.00381, 3.4, 326.2], [1903, 0.00768, 0.00309, 3.4, 327.5], [1965, 0.00821, 0.00243, 2.8, 158.9], [2025, 0.00754, 0.00283, 2.9, 161.1], [2085, 0.00680, 0.00317, 2.8, 160.7],
      [2139, 0.00608, 0.00363, 3.0, 161.1], [2205, 0.00645, 0.00371, 3.1, 267.5], [2267, 0.00633, 0.00268, 3.0, 265.7], [2325, 0.00689, 0.00304, 3.3, 48.6], [2380, 0.00738, 0.00377, 3.4, 49.8], [2440, 0.00796, 0.00486, 3.4, 49.8],
      [2500, 0.00792, 0.00445, 2.9, 262.7], [2564, 0.00792, 0.00329, 3.2, 133.0], [2616, 0.00734, 0.00379, 2.4, 209.9],
    ];
    const recs: Position[] = fixes.map(([s, dLat, dLon, sog, cog]) => ({ mmsi: 414333067, t: T0 + s * 1000, lat: LAT + dLat, lon: LON + dLon, sog, cog, heading: Math.round(cog), navStatus: 7, source: 'sim', msgType: 1 }));
    expect(ofType(detect(recs), 'spoofing')).toEqual([]);
    // the same loops with the radius floor off (circleMinRadiusM 0): a circle of ~106 m
    const off = ofType(detect(recs, { params: { spoofing: { circleMinRadiusM: 0 } } }), 'spoofing');
    expect(off.map((e) => [e.evidence['kind'], Math.round((e.evidence['radiusM'] as number) / 10)])).toEqual([['circle', 11]]);
  });

  it('a track drawing perfect circles is circle spoofing', () => {
    // 8 kn on a 1 nm circle: one loop per ~47 min; 3 h
    const ev = ofType(detect(circling(412345682, 1.0, 3 * H, 20_000)), 'spoofing');
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
