/** The convoy detector on constructed tracks (test world of ./sim.ts: coast at 39.5 N, TESTPORT on it). */
import { describe, expect, it } from 'vitest';
import { H, MIN, T0, detect, merge, move, ofType, path, type Waypoint } from './sim.js';
import type { Position } from '../../src/records.js';

const LAT = 38.6;
const LON = 125.2;
const ships = [412000001, 412000002, 412000003, 412000004];

/** A ship steaming from `from` for `hours` on `course` at `kn`, starting `backNm` astern of (LAT, LON) and `eastNm` abeam. */
function steam(mmsi: number, from: number, hours: number, course: number, kn: number, backNm = 0, eastNm = 0, everyS = 60): Position[] {
  let [lat, lon] = move(LAT, LON, course + 180, backNm);
  [lat, lon] = move(lat, lon, course + 90, eastNm);
  const [lat2, lon2] = move(lat, lon, course, kn * hours);
  const wps: Waypoint[] = [
    [from, lat, lon],
    [from + hours * H, lat2, lon2],
  ];
  return path(mmsi, wps, { everyS, jitterM: 15 });
}

describe('convoy', () => {
  it('three ships in line astern for 3 h: one convoy, its members, spacing, course, speed and the port it makes for', () => {
    const start = T0 + H;
    const recs = merge(...ships.slice(0, 3).map((m, k) => steam(m, start, 3, 0, 8, k * 0.6, 0, 60 + 10 * k)));
    const ev = ofType(detect(recs), 'convoy');
    expect(ev).toHaveLength(1);
    const e = ev[0]!;
    expect(e.mmsi).toEqual(ships.slice(0, 3));
    expect(Math.abs(Date.parse(e.start) - start)).toBeLessThanOrEqual(20 * MIN);
    expect(Math.abs(Date.parse(e.end) - (start + 3 * H))).toBeLessThanOrEqual(20 * MIN);
    expect(e.id).toBe(`convoy:${ships.slice(0, 3).join('-')}:${e.start}`);
    expect(e.rule).toMatchObject({ name: 'convoy', profile: 'gfw', params: { minMembers: 3, minDurationH: 1 } });
    const ev0 = e.evidence;
    expect(ev0['medianSpacingM']).toBeGreaterThan(900);
    expect(ev0['medianSpacingM']).toBeLessThan(1400);
    expect(Math.min(ev0['courseDeg'] as number, 360 - (ev0['courseDeg'] as number))).toBeLessThanOrEqual(2);
    expect(ev0['speedKn']).toBeCloseTo(8, 0);
    expect((ev0['positionIds'] as string[]).length).toBeGreaterThan(20);
    expect((ev0['positionIds'] as string[]).every((id) => ships.slice(0, 3).some((m) => id.startsWith(`${m}:`)))).toBe(true);
    // due north from 38.6 N + 24 nm: TESTPORT (PRK) on the coast at 39.48 N, 125.2 E lies on the line
    expect(ev0['headingFor']).toMatchObject({ port: 'TESTPORT', iso3: 'PRK', landfall: false });
    expect((ev0['headingFor'] as { distanceKm: number }).distanceKm).toBeGreaterThan(30);
    expect((ev0['headingFor'] as { distanceKm: number }).distanceKm).toBeLessThan(55);
  });

  it('three barges reported every 20 min, each losing reports, are still a convoy (seed 1306)', () => {
    // 5.3 kn, 0.45 nm apart, 2.5 h; each barge loses two reports (a 40-min gap) at different times,
    // so at most ticks one of the three was last heard more than 20 min before
    const start = T0 + H;
    const lost = [[2, 6], [3, 5], [1, 4]];
    const recs = merge(
      ...ships.slice(0, 3).map((m, k) => steam(m, start + k * 7 * MIN, 2.5, 20, 5.3, k * 0.45, 0, 1200).filter((_, i) => !lost[k]!.includes(i))),
    );
    const ev = ofType(detect(recs), 'convoy');
    expect(ev).toHaveLength(1);
    expect(ev[0]!.mmsi).toEqual(ships.slice(0, 3));
    expect(Date.parse(ev[0]!.end) - Date.parse(ev[0]!.start)).toBeGreaterThan(1.5 * H);
  });

  it('barges heard every 70 min on a feed that reports every 30 min are fresh for the feed\'s gaps, not 20 min (seed 1811)', () => {
    // 30-min reports at 30 % loss: a barge may lose every other report for hours and never have a
    // gap of its own under an hour; other ships on the feed show its rate
    const start = T0 + H;
    // in line 0.5 nm apart, each reported every 70 min, 17 min after the one ahead
    const barges = ships.map((m, k) => steam(m, start - k * 17 * MIN, 4 + (k * 17) / 60, 20, 6, k * 0.5 + ((k * 17) / 60) * 6, 0, 4200));
    const others = [412000011, 412000012, 412000013].map((m, k) => steam(m, start, 5, 200, 11, -60, 10 + 10 * k, 1800));
    const ev = ofType(detect(merge(...barges, ...others)), 'convoy');
    expect(ev).toHaveLength(1);
    expect(ev[0]!.mmsi.length).toBeGreaterThanOrEqual(3);
    // alone on the feed, nothing tells their rate: no convoy
    expect(ofType(detect(merge(...barges)), 'convoy')).toEqual([]);
  });

  it('a fourth ship that joins an hour in makes one event of four, with its join time', () => {
    const start = T0 + H;
    const three = ships.slice(0, 3).map((m, k) => steam(m, start, 3, 0, 8, k * 0.6));
    // the joiner starts an hour later, 8 nm further north, abeam the leader then
    const late = steam(ships[3]!, start + H, 2, 0, 8, -8, 0.5);
    const ev = ofType(detect(merge(...three, late)), 'convoy');
    expect(ev).toHaveLength(1);
    expect(ev[0]!.mmsi).toEqual(ships);
    const joiner = (ev[0]!.evidence['members'] as { mmsi: number; joined: string }[]).find((m) => m.mmsi === ships[3])!;
    expect(Math.abs(Date.parse(joiner.joined) - (start + H))).toBeLessThanOrEqual(20 * MIN);
    expect(ev[0]!.evidence['maxMembersTogether']).toBe(4);
  });

  it('a column on a port approach is traffic: steaming in to TESTPORT or out of it within approachKm is no convoy; the same column farther out is one', () => {
    // ships pass a lock or a channel in batches. TESTPORT is at 39.48 N, due north: a port within
    // 5 km of the course line at most 40 km ahead (arriving) or astern (just left) is its approach
    const column = (course: number, h: number, backNm: number) => merge(...ships.slice(0, 3).map((m, k) => steam(m, T0 + H, h, course, 8, backNm + k * 0.5)));
    // in from 39.15 N to 39.35 N (37 -> 14 km from the port): all of it on the approach
    expect(ofType(detect(column(0, 1.5, -33)), 'convoy')).toEqual([]);
    // out from 39.35 N to 39.15 N, the port astern
    expect(ofType(detect(column(180, 1.5, 45)), 'convoy')).toEqual([]);
    // 2 h from 38.4 N to 38.67 N, 90 km and more out: a convoy
    expect(ofType(detect(column(0, 2, 12)), 'convoy')).toHaveLength(1);
    // approachKm 0 (off): the arriving column is one
    expect(ofType(detect(column(0, 1.5, -33), { params: { convoy: { approachKm: 0 } } }), 'convoy')).toHaveLength(1);
  });

  it('a column on a port approach that breaks up at sea short of the port, its ships off on courses of their own, was a convoy (seed 1704); one that arrives or draws apart on its way in was traffic', () => {
    // in from 37 to 14 km off TESTPORT in 1.5 h, then each ship off on a course of its own for an
    // hour, 14 km short of the port: the group steamed together at sea and went nowhere near it
    const start = T0 + H;
    const inbound = ships.slice(0, 3).map((m, k) => steam(m, start, 1.5, 0, 8, -33 + k * 0.5));
    const away = ships.slice(0, 3).map((m, k) => {
      const last = inbound[k]![inbound[k]!.length - 1]!;
      const [lat2, lon2] = move(last.lat, last.lon, [270, 135, 90][k]!, 9);
      return path(m, [[last.t + MIN, last.lat, last.lon], [last.t + MIN + H, lat2, lon2]], { everyS: 60, jitterM: 15 });
    });
    const ev = ofType(detect(merge(...inbound, ...away)), 'convoy');
    expect(ev).toHaveLength(1);
    expect(ev[0]!.mmsi).toEqual(ships.slice(0, 3));
    expect(Math.abs(Date.parse(ev[0]!.start) - start)).toBeLessThanOrEqual(20 * MIN);
    expect(ev[0]!.evidence['headingFor']).toMatchObject({ port: 'TESTPORT' });
    // the same column going on in to the port (within its 10 km) is traffic
    const arriving = ships.slice(0, 3).map((m, k) => steam(m, start, 2.3, 0, 8, -33 + k * 0.5));
    expect(ofType(detect(merge(...arriving)), 'convoy')).toEqual([]);
    // and so is one that draws apart on its way in, each at its own speed on the same course (seed 1805)
    const apart = ships.slice(0, 3).map((m, k) => {
      const last = inbound[k]![inbound[k]!.length - 1]!;
      const [lat2, lon2] = move(last.lat, last.lon, 0, [5, 8, 11][k]! * 0.75);
      return path(m, [[last.t + MIN, last.lat, last.lon], [last.t + MIN + 0.75 * H, lat2, lon2]], { everyS: 60, jitterM: 15 });
    });
    expect(ofType(detect(merge(...inbound, ...apart)), 'convoy')).toEqual([]);
  });

  it('a convoy formed at sea goes on along its approach: its end is where it stops being one, not where the port came within approachKm', () => {
    // 5.5 h at 8 kn from 38.55 N to 39.28 N (22 km short of TESTPORT): TESTPORT comes within
    // 40 km on the course line after ~4.3 h; the convoy was one for hours by then
    const start = T0 + H;
    const recs = merge(...ships.slice(0, 3).map((m, k) => steam(m, start, 5.5, 0, 8, 3 + k * 0.5)));
    const ev = ofType(detect(recs), 'convoy');
    expect(ev).toHaveLength(1);
    expect(Math.abs(Date.parse(ev[0]!.end) - (start + 5.5 * H))).toBeLessThanOrEqual(20 * MIN);
    expect(ev[0]!.evidence['headingFor']).toMatchObject({ port: 'TESTPORT' });
  });

  it('ships sharing a lane two hours apart are no convoy', () => {
    const recs = merge(...ships.slice(0, 3).map((m, k) => steam(m, T0 + H + k * 2 * H, 3, 0, 8)));
    expect(ofType(detect(recs), 'convoy')).toEqual([]);
  });

  it('ships at one speed on different courses passing each other are no convoy', () => {
    // three courses 60 degrees apart through one point at one time
    const recs = merge(...[0, 60, 120].map((c, k) => steam(ships[k]!, T0 + H, 3, c, 8, 12)));
    expect(ofType(detect(recs), 'convoy')).toEqual([]);
  });

  it('a pair moving together is no convoy (two is an encounter or a tow, not a convoy)', () => {
    const recs = merge(...ships.slice(0, 2).map((m, k) => steam(m, T0 + H, 3, 0, 8, k * 0.5)));
    expect(ofType(detect(recs), 'convoy')).toEqual([]);
  });

  it('three together for 40 min are no convoy; a slower ship in the same line is not a member', () => {
    const short = merge(...ships.slice(0, 3).map((m, k) => steam(m, T0 + H, 0.67, 0, 8, k * 0.5)));
    expect(ofType(detect(short), 'convoy')).toEqual([]);
    // three at 8 kn and one at 11 kn overtaking through the line
    const recs = merge(...ships.slice(0, 3).map((m, k) => steam(m, T0 + H, 3, 0, 8, k * 0.5)), steam(ships[3]!, T0 + H, 3, 0, 11, 6));
    const ev = ofType(detect(recs), 'convoy');
    expect(ev).toHaveLength(1);
    expect(ev[0]!.mmsi).toEqual(ships.slice(0, 3));
  });

  it('ships anchored together are not under way: no convoy', () => {
    const recs = merge(...ships.slice(0, 3).map((m, k) => path(m, [[T0, LAT + k * 0.005, LON], [T0 + 4 * H, LAT + k * 0.005, LON]], { everyS: 60 })));
    expect(ofType(detect(recs), 'convoy')).toEqual([]);
  });

  it('gives the same events however the input is cut', () => {
    const start = T0 + H;
    const recs = merge(...ships.slice(0, 3).map((m, k) => steam(m, start, 3, 45, 9, k * 0.6, 0, 30)));
    const whole = ofType(detect(recs), 'convoy');
    expect(whole).toHaveLength(1);
    const cut = ofType(detect(recs, { cuts: [17, 400, 401, 1200] }), 'convoy');
    expect(cut).toEqual(whole);
  });

  it('can be switched off', () => {
    const recs = merge(...ships.slice(0, 3).map((m, k) => steam(m, T0 + H, 3, 0, 8, k * 0.6)));
    expect(ofType(detect(recs, { params: { convoy: { enabled: 0 } } }), 'convoy')).toEqual([]);
  });
});
