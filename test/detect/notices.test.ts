/**
 * Early alerts (Runner `notices`, Detector.noticeAt): an encounter posted when it reaches its
 * minimum duration and a silence when it reaches the gap threshold, under the ids their final
 * events get; the events themselves unchanged.
 */
import { describe, expect, it } from 'vitest';
import { ANCHORAGE, H, MIN, OFFSHORE, T0, detect, meeting, merge, move, ofType, path, testGeo } from './sim.js';
import { createRunner } from '../../src/detect/index.js';
import type { DetectRecord } from '../../src/detect/runner.js';
import type { Event } from '../../src/events.js';

const [LAT, LON] = OFFSHORE;
const A = 412000001;
const B = 445000002;

/** Feeds records one push at a time; each notice with the feed time of the record that brought it. */
function live(records: readonly DetectRecord[]): { notices: { e: Event; at: number }[]; events: Event[] } {
  const r = createRunner({ geo: testGeo(), notices: true });
  const notices: { e: Event; at: number }[] = [];
  const events: Event[] = [];
  for (const rec of records) {
    events.push(...r.push([rec]));
    for (const e of r.notices()) notices.push({ e, at: rec.t });
  }
  events.push(...r.flush());
  for (const e of r.notices()) notices.push({ e, at: Number.NaN });
  return { notices, events };
}

describe('early alerts (notices)', () => {
  it('an encounter is posted once, as it reaches 2 h, under its final id; the events are those of a runner without notices', () => {
    const meet = T0 + 14 * H;
    const records = meeting(meet, 5);
    const { notices, events } = live(records);
    const enc = notices.filter((n) => n.e.type === 'encounter');
    expect(enc).toHaveLength(1);
    const { e, at } = enc[0]!;
    const final = ofType(events, 'encounter');
    expect(final).toHaveLength(1);
    expect(e.id).toBe(final[0]!.id);
    expect(e.flags[0]).toBe('ongoing');
    expect(final[0]!.flags).not.toContain('ongoing');
    // posted at the first notice round after its ticks span 2 h (10-min ticks, 1-min rounds), hours before the final
    const start = Date.parse(e.start);
    expect(Date.parse(e.end) - start).toBeGreaterThanOrEqual(2 * H);
    expect(at - (start + 2 * H)).toBeGreaterThanOrEqual(0);
    expect(at - (start + 2 * H)).toBeLessThanOrEqual(11 * MIN);
    expect(Date.parse(final[0]!.end) - at).toBeGreaterThan(2.5 * H);
    expect(e.rule).toEqual(final[0]!.rule);
    expect(events).toEqual(detect(records));
  });

  it('an encounter posted early that the whole stay does not bear out is taken back (withdrawn), under its id', () => {
    // stopped side by side 2.2 h, then on together at 3 kn for 5 h: the median speed of the
    // whole stay is 3 kn, over the rule's 2
    const meet = T0 + 14 * H;
    const [aLat, aLon] = move(LAT, LON, 270, 20);
    const [bLat, bLon] = move(LAT, LON, 90, 20);
    const [b2Lat, b2Lon] = move(LAT, LON, 90, 0.05);
    const [fLat, fLon] = move(LAT, LON, 0, 15);
    const [gLat, gLon] = move(b2Lat, b2Lon, 0, 15);
    const stop = meet + 2.2 * H;
    const on = stop + 5 * H;
    const records = merge(
      path(A, [[meet - 2 * H, aLat, aLon], [meet, LAT, LON], [stop, LAT, LON], [on, fLat, fLon], [on + 2 * H, aLat, aLon]], { everyS: 30, jitterM: 10 }),
      path(B, [[meet - 2 * H, bLat, bLon], [meet, b2Lat, b2Lon], [stop, b2Lat, b2Lon], [on, gLat, gLon], [on + 2 * H, bLat, bLon]], { everyS: 60, jitterM: 10 }),
      // another ship heard far off carries the feed's clock past the pair's merge gap (4 h)
      path(413000009, [[meet, aLat, aLon], [on + 6 * H, aLat, aLon]], { everyS: 600 }),
    );
    const { notices, events } = live(records);
    expect(ofType(events, 'encounter')).toEqual([]);
    const enc = notices.filter((n) => n.e.type === 'encounter');
    expect(enc.map((n) => n.e.flags[0])).toEqual(['ongoing', 'withdrawn']);
    expect(enc[1]!.e.id).toBe(enc[0]!.e.id);
    expect(enc[1]!.e.flags).not.toContain('ongoing');
    expect(enc[1]!.e.evidence['withdrawn']).toMatch(/no longer meets the rule/);
    // taken back when the pair closed, 4 h after they were last together
    expect(enc[1]!.at).toBeGreaterThan(on + 4 * H);
  });

  it('a pair stopped together by an anchorage is never posted (it is no encounter)', () => {
    const [la, lo] = move(ANCHORAGE.lat, ANCHORAGE.lon, 180, 1);
    const { notices, events } = live(meeting(T0 + 4 * H, 10, { at: [la, lo] }));
    expect(notices.filter((n) => n.e.type === 'encounter')).toEqual([]);
    expect(ofType(events, 'encounter')).toEqual([]);
  });

  /** A vessel drifting east from (lat, lon), silent 15 h from T0 + 6 h, and three others heard around it all along. */
  const M = 412000020;
  const from = T0 + 6 * H;
  function silence(lat: number, lon: number): DetectRecord[] {
    const [eLat, eLon] = move(lat, lon, 90, 30);
    const silent = path(M, [
      [T0, lat, lon],
      [T0 + 30 * H, eLat, eLon],
    ], { everyS: 60, silent: [[from, from + 15 * H]] });
    const others: DetectRecord[][] = [0, 1, 2].map((i) => {
      const [a, b] = move(lat, lon, 120 * i, 10);
      return path(413000100 + i, [
        [T0, a, b],
        [T0 + 30 * H, a, b],
      ], { everyS: 600 });
    });
    return merge(silent, ...others);
  }

  it('a silence more than 50 nm offshore is posted when it reaches 12 h of feed time, under the id of the gap it becomes', () => {
    const records = silence(LAT, LON);
    const { notices, events } = live(records);
    const gaps = notices.filter((n) => n.e.type === 'gap');
    expect(gaps).toHaveLength(1);
    const { e, at } = gaps[0]!;
    const last = from - MIN;
    expect(e.id).toBe(`gap:${M}:${new Date(last).toISOString().replace('.000Z', 'Z')}`);
    expect(e.flags).toEqual(expect.arrayContaining(['ongoing', 'likely_disabling']));
    expect(e.evidence['endLat']).toBeNull();
    // the neighbours report every 10 min: the first record at or after 12 h of silence brings it
    expect(at).toBeGreaterThanOrEqual(last + 12 * H);
    expect(at).toBeLessThanOrEqual(last + 12 * H + 10 * MIN);
    const final = ofType(events, 'gap').filter((g) => g.mmsi[0] === M);
    expect(final.map((g) => g.id)).toEqual([e.id]);
    expect(final[0]!.flags).not.toContain('ongoing');
    expect(events).toEqual(detect(records));
  });

  it('a silence posted early that the whole of it does not bear out (the feed itself went quiet before it ended) is taken back', () => {
    // every record between 14 h and 17 h into the silence lost (a receiver outage): the gap's
    // hours are not all covered by data, so it is no gap when the vessel reports again
    const outage = [from + 14 * H, from + 17 * H] as const;
    const records = silence(LAT, LON).filter((r) => r.t < outage[0] || r.t >= outage[1]);
    const late = records.filter((r) => r.mmsi === M && r.t >= from);
    expect(late[0]!.t).toBe(outage[1]);
    const { notices, events } = live(records);
    expect(ofType(events, 'gap').filter((g) => g.mmsi[0] === M)).toEqual([]);
    const gaps = notices.filter((n) => n.e.type === 'gap');
    expect(gaps.map((n) => n.e.flags[0])).toEqual(['ongoing', 'withdrawn']);
    expect(gaps[1]!.e.id).toBe(gaps[0]!.e.id);
    expect(gaps[1]!.at).toBe(from + 17 * H);
    expect(gaps[1]!.e.evidence['withdrawn']).toMatch(/could not have heard it/);
  });

  it('a silence 30 nm from shore is not posted early (a ship leaving the receivers looks the same), only when it ends; strict posts it', () => {
    const records = silence(39.0, LON);
    const { notices, events } = live(records);
    expect(notices.filter((n) => n.e.type === 'gap')).toEqual([]);
    const final = ofType(events, 'gap').filter((g) => g.mmsi[0] === M);
    expect(final).toHaveLength(1);
    expect(final[0]!.flags).not.toContain('likely_disabling');
    const strict = createRunner({ geo: testGeo(), profile: 'strict', notices: true });
    strict.push(records);
    expect(strict.notices().filter((n) => n.type === 'gap').map((n) => n.id)).toEqual([final[0]!.id]);
  });

  it('a runner made without notices posts none', () => {
    const r = createRunner({ geo: testGeo() });
    r.push(meeting(T0 + 14 * H, 5));
    r.flush();
    expect(r.notices()).toEqual([]);
  });
});
