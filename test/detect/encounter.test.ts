import { describe, expect, it } from 'vitest';
import { H, MIN, OFFSHORE, T0, ANCHORAGE, detect, meeting, merge, move, ofType, path, staticRec } from './sim.js';
import type { Position } from '../../src/records.js';

const [LAT, LON] = OFFSHORE;
const A = 412000001;
const B = 445000002;

/** One report of B: where, at what speed and course (the sparse-feed cases list B's fixes one by one). */
function fix(t: number, at: [number, number], sog: number, cog: number): Position {
  return { mmsi: B, t, lat: at[0], lon: at[1], sog, cog, heading: null, navStatus: 0, source: 'test' };
}

describe('encounter', () => {
  it('finds a 3 h meeting offshore at night, with its pair, times, place and flags', () => {
    const meet = T0 + 14 * H; // 22:20 local solar time at 124.5 E
    const ev = ofType(detect(meeting(meet, 3)), 'encounter');
    expect(ev).toHaveLength(1);
    const e = ev[0]!;
    expect(e.mmsi).toEqual([A, B]);
    expect(Math.abs(Date.parse(e.start) - meet)).toBeLessThanOrEqual(20 * MIN);
    expect(Math.abs(Date.parse(e.end) - (meet + 3 * H))).toBeLessThanOrEqual(20 * MIN);
    expect(e.lat).toBeCloseTo(LAT, 2);
    expect(e.lon).toBeCloseTo(LON, 2);
    expect(e.flags).toEqual(expect.arrayContaining(['night', 'outside_territorial_sea', 'tanker_pair']));
    expect(e.flags).not.toContain('dark_partner');
    expect(e.id).toBe(`encounter:${A}-${B}:${e.start}`);
    expect(e.rule).toMatchObject({ name: 'encounter', profile: 'gfw', params: { maxDistanceM: 500, maxSpeedKn: 2, minDurationH: 2 } });
    expect(e.evidence['medianDistanceM']).toBeGreaterThan(50);
    expect(e.evidence['medianDistanceM']).toBeLessThan(150);
    expect((e.evidence['positionIds'] as string[]).length).toBeGreaterThan(10);
  });

  it('is not night at local noon', () => {
    const meet = T0 + 2 * H; // ~10:20 local
    const e = ofType(detect(meeting(meet, 3)), 'encounter');
    expect(e).toHaveLength(1);
    expect(e[0]!.flags).not.toContain('night');
  });

  it('a 1.5 h meeting is too short under gfw, long enough under skylight (250 m, 30 min)', () => {
    const meet = T0 + 14 * H;
    expect(ofType(detect(meeting(meet, 1.5)), 'encounter')).toHaveLength(0);
    const sky = ofType(detect(meeting(meet, 1.5), { profile: 'skylight' }), 'encounter');
    expect(sky).toHaveLength(1);
    expect(sky[0]!.rule.profile).toBe('skylight');
  });

  it('one event across UTC midnight, however the input is cut', () => {
    const meet = T0 + 22.5 * H;
    const recs = meeting(meet, 3);
    const whole = ofType(detect(recs), 'encounter');
    expect(whole).toHaveLength(1);
    expect(whole[0]!.start < '2024-03-02T00:00:00Z' && whole[0]!.end > '2024-03-02T00:00:00Z').toBe(true);
    const midnight = recs.findIndex((r) => r.t >= T0 + 24 * H);
    const split = ofType(detect(recs, { cuts: [midnight] }), 'encounter');
    expect(split).toEqual(whole);
  });

  it('flags a partner silent for most of the meeting as dark_partner', () => {
    const meet = T0 + 14 * H;
    const recs = meeting(meet, 3, { silentB: [[meet + 15 * MIN, meet + 2.75 * H]] });
    const e = ofType(detect(recs), 'encounter');
    expect(e).toHaveLength(1);
    expect(e[0]!.flags).toContain('dark_partner');
    expect(e[0]!.evidence['silentFractionB']).toBeGreaterThan(0.5);
    expect(e[0]!.evidence['silentFractionA']).toBe(0);
  });

  it('finds a dark partner when both drift together at 0.6 kn (interpolated, as GFW does)', () => {
    const meet = T0 + 14 * H;
    const [dLat, dLon] = move(LAT, LON, 45, 0.6 * 3); // 3 h of drift
    const a = path(A, [
      [meet - H, LAT, LON],
      [meet + 3 * H, dLat, dLon],
      [meet + 4 * H, dLat, dLon],
    ], { everyS: 60 });
    const b = path(B, [
      [meet - H, LAT, LON + 0.002],
      [meet + 3 * H, dLat, dLon + 0.002],
      [meet + 4 * H, dLat, dLon + 0.002],
    ], { everyS: 60, silent: [[meet - 0.5 * H, meet + 3.5 * H]] });
    const e = ofType(detect(merge(a, b)), 'encounter');
    expect(e).toHaveLength(1);
    expect(e[0]!.flags).toContain('dark_partner');
    expect(e[0]!.evidence['durationH']).toBeGreaterThan(4);
    expect(e[0]!.evidence['medianDistanceM']).toBeLessThan(250);
  });

  it('does not count a silent partner that turns up somewhere else', () => {
    const meet = T0 + 14 * H;
    const [farLat, farLon] = move(LAT, LON, 180, 30);
    const a = path(A, [
      [meet - H, LAT, LON],
      [meet + 4 * H, LAT, LON],
    ]);
    const b = [
      ...path(B, [
        [meet - H, LAT, LON + 0.001],
        [meet, LAT, LON + 0.001],
      ]),
      ...path(B, [
        [meet + 3 * H, farLat, farLon],
        [meet + 4 * H, farLat, farLon],
      ]),
    ];
    const e = ofType(detect(merge(a, b)), 'encounter');
    // only the hour both were heard together remains: too short
    expect(e).toHaveLength(0);
  });

  it('a dark partner: alongside for 20 min, silent for the rest of a 4.5 h rendezvous, back 70 min after it ends 24 km away', () => {
    const meet = T0 + 14 * H;
    const end = meet + 4.5 * H;
    const [dLat, dLon] = move(LAT, LON, 0, 13); // ~24 km north
    const a = path(A, [
      [meet - H, LAT, LON],
      [end + 20 * MIN, LAT, LON],
      [end + 2 * H, ...move(LAT, LON, 270, 17)],
    ]);
    const [bLat, bLon] = [LAT, LON + 0.0004]; // ~35 m east
    const b = [
      ...path(B, [
        [meet - H, ...move(bLat, bLon, 90, 9)],
        [meet - 10 * MIN, bLat, bLon],
        [meet + 20 * MIN, bLat, bLon],
      ]),
      ...path(B, [
        [end + 70 * MIN, dLat, dLon],
        [end + 2 * H, ...move(dLat, dLon, 0, 8)],
      ]),
    ];
    const e = ofType(detect(merge(a, b, [staticRec(A, meet - H, { shipType: 80 }), staticRec(B, meet - H, { shipType: 70 })])), 'encounter');
    expect(e).toHaveLength(1);
    expect(e[0]!.mmsi).toEqual([A, B]);
    expect(e[0]!.flags).toContain('dark_partner');
    expect(Date.parse(e[0]!.end) - Date.parse(e[0]!.start)).toBeGreaterThan(4 * H);
    expect(e[0]!.confidence).toBeLessThan(0.7);
    const dark = e[0]!.evidence['darkPartner'] as Record<string, unknown>;
    expect(dark['reappearedKm']).toBeGreaterThan(20);
    expect(dark['neededKnAfterLeaving']).toBeLessThanOrEqual(25);
    expect(dark['averageKnOverSilence']).toBeLessThan(5);
    expect(String(dark['reasoning'])).toMatch(/left after/);
  });

  it('a dark partner counts as having left no later than the stopped ship was last heard there, not at the ticks its fix still stood for', () => {
    // seed 1006: the stopped ship's last fix there came 18 min before the last tick it stood for
    // (its next report was lost); from that tick the partner's reappearance needed 30 kn
    const meet = T0 + 14 * H;
    const end = meet + 4.5 * H;
    const a = path(
      A,
      [
        [meet - H, LAT, LON],
        [end, LAT, LON],
        [end + 2 * H, ...move(LAT, LON, 270, 17)],
      ],
      { everyS: 600, silent: [[end + MIN, end + 25 * MIN]] },
    );
    const [bLat, bLon] = [LAT, LON + 0.0004];
    const [dLat, dLon] = move(LAT, LON, 0, 12); // 22 km north: 45 min after A's last fix there (16 kn), 25 after the last tick (28.5 kn)
    const b = [
      ...path(B, [
        [meet - H, ...move(bLat, bLon, 90, 9)],
        [meet - 10 * MIN, bLat, bLon],
        [meet + 20 * MIN, bLat, bLon],
      ], { everyS: 600 }),
      ...path(B, [
        [end + 45 * MIN, dLat, dLon],
        [end + 2 * H, ...move(dLat, dLon, 0, 10)],
      ], { everyS: 600 }),
    ];
    const e = ofType(detect(merge(a, b)), 'encounter');
    expect(e).toHaveLength(1);
    expect(e[0]!.flags).toContain('dark_partner');
    const dark = e[0]!.evidence['darkPartner'] as Record<string, unknown>;
    expect(dark['latestAlongside']).toBe(new Date(end).toISOString().replace('.000', ''));
    expect(dark['neededKnAfterLeaving']).toBeLessThan(20);
  });

  it('a dark partner drifting with the other: silent alongside while both drift 1.8 km at ~0.3 kn, back a few minutes after they part', () => {
    // seed 1306: 20-min reports; the heard ship drifted north then east, the silent one with it,
    // and reappeared under way 1 km from where the heard one was last alongside
    const meet = T0 + 14 * H;
    const end = meet + 4 * H;
    const [m2Lat, m2Lon] = move(LAT, LON, 20, 1.0); // 1.8 km north-north-east after 4 h (~0.25 kn)
    const a = path(A, [
      [meet - H, ...move(LAT, LON, 180, 9)],
      [meet, LAT, LON],
      [end, m2Lat, m2Lon],
      [end + 2 * H, ...move(m2Lat, m2Lon, 0, 20)],
    ], { everyS: 1200 });
    const off = (lat: number, lon: number): [number, number] => [lat, lon + 0.0015]; // ~130 m east
    const b = [
      ...path(B, [
        [meet - H, ...move(...off(LAT, LON), 180, 9)],
        [meet, ...off(LAT, LON)],
        [meet + 25 * MIN, ...off(...move(LAT, LON, 20, 0.1))],
      ], { everyS: 1200 }),
      ...path(B, [
        [end + 10 * MIN, ...move(...off(m2Lat, m2Lon), 60, 0.8)],
        [end + 2 * H, ...move(...off(m2Lat, m2Lon), 60, 20)],
      ], { everyS: 1200 }),
    ];
    const e = ofType(detect(merge(a, b)), 'encounter');
    expect(e).toHaveLength(1);
    expect(e[0]!.flags).toContain('dark_partner');
    expect(Date.parse(e[0]!.end) - Date.parse(e[0]!.start)).toBeGreaterThan(3 * H);
    const dark = e[0]!.evidence['darkPartner'] as Record<string, unknown>;
    expect(dark['partnerDriftedM']).toBeGreaterThan(1000);
    expect(dark['neededKnAfterLeaving']).toBeLessThanOrEqual(25);
    expect(String(dark['reasoning'])).toMatch(/drifting/);
  });

  it('a dark partner drifting 6 km with the other over 6 h (seed 1811) stays paired with it however far they drift', () => {
    // 30-min reports: B heard alongside at the start, then silent; both drift at 0.7 kn (beyond
    // the 2 km a silent vessel's last fix is searched round), B back under way 15 min after the end
    const meet = T0 + 14 * H;
    const end = meet + 6 * H;
    const drift = (t: number): [number, number] => move(LAT, LON, 200, (0.7 * (t - meet)) / H);
    const a = path(A, [
      [meet - H, ...move(LAT, LON, 0, 10)],
      [meet, LAT, LON],
      [end, ...drift(end)],
      [end + 2 * H, ...move(...drift(end), 90, 18)],
    ], { everyS: 1800 });
    const beside = (t: number): [number, number] => move(...drift(t), 90, 120 / 1852);
    const b = [
      ...[-60, -30].map((m) => fix(meet + m * MIN, move(...beside(meet), 180, (-m / 60) * 10), 10, 0)),
      ...[5, 25].map((m) => fix(meet + m * MIN, beside(meet + m * MIN), 0.7, 200)),
      ...[15, 45, 75].map((m) => fix(end + m * MIN, move(...drift(end), 270, ((m - 3) / 60) * 10), 10, 270)),
    ];
    const e = ofType(detect(merge(a, b)), 'encounter');
    expect(e).toHaveLength(1);
    expect(e[0]!.flags).toContain('dark_partner');
    expect(Date.parse(e[0]!.end) - Date.parse(e[0]!.start)).toBeGreaterThan(4 * H);
    expect((e[0]!.evidence['darkPartner'] as Record<string, unknown>)['partnerDriftedM']).toBeGreaterThan(4000);
  });

  it('a dark partner is placed by where the drifting other\'s course and speed put it back when it fell silent (seed 1821: 40-min reports, the other\'s fixes 35 min before at speed and 85 min after)', () => {
    const meet = T0 + 14 * H;
    const end = meet + 5 * H;
    const drift = (t: number): [number, number] => move(LAT, LON, 170, (0.7 * (t - meet)) / H);
    const a = path(A, [
      [meet - 2 * H + 10 * MIN, ...move(LAT, LON, 320, 17)],
      [meet, LAT, LON],
      [end, ...drift(end)],
      [end + 2 * H, ...move(...drift(end), 240, 18)],
    ], { everyS: 2400, silent: [[meet - 25 * MIN, meet + 85 * MIN]] });
    const beside = (t: number): [number, number] => move(...drift(t), 90, 100 / 1852);
    const b = [
      ...[-85, -45].map((m) => fix(meet + m * MIN, move(...beside(meet), 0, (-m / 60) * 11), 11, 180)),
      fix(meet + 5 * MIN, beside(meet + 5 * MIN), 0.8, 170),
      ...[10, 50, 90].map((m) => fix(end + m * MIN, move(...drift(end), 40, ((m - 3) / 60) * 11), 11, 40)),
    ];
    const e = ofType(detect(merge(a, b)), 'encounter');
    expect(e).toHaveLength(1);
    expect(e[0]!.flags).toContain('dark_partner');
    expect(Date.parse(e[0]!.end) - Date.parse(e[0]!.start)).toBeGreaterThan(3 * H);
  });

  it('a dark partner is placed by where the other was when it fell silent, though the other\'s next report was lost and it had drifted 900 m by then', () => {
    // seed 1401: 20-min reports, 20 % loss; both drifting at 0.3 kn, the other unheard for 100 min
    const meet = T0 + 14 * H;
    const end = meet + 4 * H;
    const drift = (t: number): [number, number] => move(LAT, LON, 0, (0.3 * (t - meet)) / H);
    const a = path(A, [
      [meet - H, ...move(LAT, LON, 180, 10)],
      [meet, LAT, LON],
      [end, ...drift(end)],
      [end + 2 * H, ...move(...drift(end), 90, 18)],
    ], { everyS: 1200, silent: [[meet + 10 * MIN, meet + 90 * MIN]] });
    const b = [
      ...path(B, [
        [meet - H, ...move(LAT, LON + 0.002, 200, 10)],
        [meet, LAT, LON + 0.002],
        [meet + 5 * MIN, ...drift(meet + 5 * MIN).map((x, i) => (i ? x + 0.002 : x)) as [number, number]],
      ], { everyS: 300 }),
      ...path(B, [
        [end + 45 * MIN, ...move(...drift(end), 45, 8)],
        [end + 2 * H, ...move(...drift(end), 45, 20)],
      ], { everyS: 1200 }),
    ];
    const e = ofType(detect(merge(a, b)), 'encounter');
    expect(e).toHaveLength(1);
    expect(e[0]!.flags).toContain('dark_partner');
    const dark = e[0]!.evidence['darkPartner'] as Record<string, unknown>;
    expect(dark['closingFromM']).toBeUndefined();
    expect(dark['partnerDriftedM']).toBeGreaterThan(1500);
  });

  it('a dark partner is placed by where the other was when it fell silent, on the line between the other\'s fixes either side (seed 1802: both drifting, the nearer fix 500 m off by the drift)', () => {
    // 20-min reports at 30 % loss: B falls silent 25 min into a 4 h drift at 0.5 kn, 150 m ahead
    // of A, whose fixes either side are 25 and 35 min away: the nearer one 540 m off by the
    // drift, the line 150 m; B is back under way 15 min after the end, 2 km off
    const meet = T0 + 14 * H;
    const end = meet + 4 * H;
    const drift = (t: number): [number, number] => move(LAT, LON, 300, (0.5 * (t - meet)) / H);
    const a = path(A, [
      [meet - H, ...move(LAT, LON, 180, 10)],
      [meet, LAT, LON],
      [end, ...drift(end)],
      [end + 2 * H, ...move(...drift(end), 0, 18)],
    ], { everyS: 1200, silent: [[meet + 15 * MIN, meet + 45 * MIN]] });
    const ahead = (t: number): [number, number] => move(...drift(t), 300, 150 / 1852);
    const b = [
      ...[-60, -40, -20].map((m) => fix(meet + m * MIN, move(...ahead(meet), 180, (-m / 60) * 10), 10, 0)),
      ...[0, 10, 25].map((m) => fix(meet + m * MIN, ahead(meet + m * MIN), 0.5, 300)),
      ...[15, 35, 55, 75].map((m) => fix(end + m * MIN, move(...drift(end), 0, ((m - 3) / 60) * 10), 10, 0)),
    ];
    const e = ofType(detect(merge(a, b)), 'encounter');
    expect(e).toHaveLength(1);
    expect(e[0]!.flags).toContain('dark_partner');
    expect(Date.parse(e[0]!.end) - Date.parse(e[0]!.start)).toBeGreaterThanOrEqual(2 * H);
    expect((e[0]!.evidence['darkPartner'] as Record<string, unknown>)['closingFromM']).toBeUndefined();
  });

  /**
   * Satellite-rate reports (every 15 min) of a partner that comes alongside a stopped ship: its
   * fixes alongside are lost, the last one heard is 650 m short, slow and heading for it (seed
   * 701: heard 29 min alongside by the truth, never by the feed). It is silent for the rest of a
   * 5 h rendezvous and back 70 min after it ends, 24 km away. `lastLeg` is its last heard leg.
   */
  function closingPartner(lastLegFrom: [number, number]) {
    const meet = T0 + 14 * H;
    const end = meet + 5 * H;
    const a = path(A, [
      [meet - H, LAT, LON],
      [end + 20 * MIN, LAT, LON],
      [end + 2 * H, ...move(LAT, LON, 270, 17)],
    ]);
    const [cLat, cLon] = move(LAT, LON, 90, 0.351); // 650 m east of A
    const [dLat, dLon] = move(LAT, LON, 0, 13); // ~24 km north
    const b = [
      ...path(
        B,
        [
          [meet - 2 * H, ...move(LAT, LON, 90, 10.8)],
          [meet - 20 * MIN, ...lastLegFrom],
          [meet, cLat, cLon],
        ],
        { everyS: 900 },
      ),
      ...path(B, [
        [end + 70 * MIN, dLat, dLon],
        [end + 3 * H, ...move(dLat, dLon, 0, 20)],
      ], { everyS: 900 }),
    ];
    return { meet, end, recs: merge(a, b, [staticRec(A, meet - H, { shipType: 80 }), staticRec(B, meet - 2 * H, { shipType: 70 })]) };
  }

  it('a dark partner last heard closing in (slow, heading for the stopped ship, 650 m short) and silent for the rest of a 5 h rendezvous', () => {
    const { meet, end, recs } = closingPartner(move(LAT, LON, 90, 0.702)); // 1.3 km east: its last leg heads west, for A
    const e = ofType(detect(recs), 'encounter');
    expect(e).toHaveLength(1);
    expect(e[0]!.mmsi).toEqual([A, B]);
    expect(e[0]!.flags).toContain('dark_partner');
    expect(Date.parse(e[0]!.start) - meet).toBeLessThanOrEqual(40 * MIN);
    expect(Math.abs(Date.parse(e[0]!.end) - end)).toBeLessThanOrEqual(30 * MIN);
    expect(e[0]!.confidence).toBeLessThanOrEqual(0.5);
    const dark = e[0]!.evidence['darkPartner'] as Record<string, unknown>;
    expect(dark['closingFromM']).toBeGreaterThan(600);
    expect(dark['closingFromM']).toBeLessThan(700);
    expect(dark['closingCourseOffDeg']).toBeLessThan(5);
    expect(dark['neededKnAfterLeaving']).toBeLessThanOrEqual(25);
    expect(String(dark['reasoning'])).toMatch(/closing in/);
  });

  it('a slow ship last heard 650 m off a stopped one but heading past it, then silent, is no encounter', () => {
    // the same ship, its last leg heading north along A's beam: not closing in
    const { recs } = closingPartner(move(...move(LAT, LON, 90, 0.351), 180, 0.35));
    expect(ofType(detect(recs), 'encounter')).toHaveLength(0);
  });

  it('pair trawlers 300 m apart at 3 kn are not an encounter', () => {
    const start = T0 + 6 * H;
    const [endLat, endLon] = move(LAT, LON, 45, 18); // 6 h at 3 kn
    const [pLat, pLon] = move(LAT, LON, 135, 0.162); // 300 m abeam
    const [pLat2, pLon2] = move(endLat, endLon, 135, 0.162);
    const recs = merge(
      path(A, [
        [start, LAT, LON],
        [start + 6 * H, endLat, endLon],
      ]),
      path(B, [
        [start, pLat, pLon],
        [start + 6 * H, pLat2, pLon2],
      ]),
    );
    expect(ofType(detect(recs), 'encounter')).toHaveLength(0);
  });

  it('ships passing within 400 m at 12 kn are not an encounter', () => {
    const t = T0 + 6 * H;
    const [n1, n2] = [move(LAT, LON, 0, 12), move(LAT, LON, 180, 12)];
    const [e1, e2] = [move(LAT, LON + 0.004, 0, 12), move(LAT, LON + 0.004, 180, 12)];
    const recs = merge(
      path(A, [
        [t, n2[0], n2[1]],
        [t + 2 * H, n1[0], n1[1]],
      ], { everyS: 10 }),
      path(B, [
        [t, e1[0], e1[1]],
        [t + 2 * H, e2[0], e2[1]],
      ], { everyS: 10 }),
    );
    expect(ofType(detect(recs), 'encounter')).toHaveLength(0);
  });

  it('two ships anchored side by side inside an anchorage are not an encounter', () => {
    const t = T0;
    const lat = ANCHORAGE.lat - 0.01;
    const recs = merge(
      path(A, [
        [t, lat, ANCHORAGE.lon],
        [t + 10 * H, lat, ANCHORAGE.lon],
      ], { everyS: 180, jitterM: 5 }),
      path(B, [
        [t, lat, ANCHORAGE.lon + 0.002],
        [t + 10 * H, lat, ANCHORAGE.lon + 0.002],
      ], { everyS: 180, jitterM: 5 }),
    );
    expect(ofType(detect(recs), 'encounter')).toHaveLength(0);
  });

  it('does not compare every pair: a grid keeps comparisons near-linear', async () => {
    const { createRunner } = await import('../../src/detect/index.js');
    const { testGeo } = await import('./sim.js');
    // 400 slow vessels spread over 2 x 2 degrees for 2 h
    const recs = [];
    for (let i = 0; i < 400; i++) {
      const lat = LAT - 1 + ((i * 37) % 200) / 100;
      const lon = LON - 1 + ((i * 91) % 200) / 100;
      recs.push(...path(300000000 + i, [[T0, lat, lon], [T0 + 2 * H, lat, lon]], { everyS: 300 }));
    }
    const r = createRunner({ geo: testGeo() });
    r.push(merge(recs));
    r.flush();
    const st = r.stats;
    expect(st.encounterTicks).toBeGreaterThan(10);
    // all-pairs would be 400*399/2 = 79 800 per tick
    expect(st.encounterComparisons / st.encounterTicks).toBeLessThan(2000);
  });
});
