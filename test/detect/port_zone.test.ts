import { describe, expect, it } from 'vitest';
import { SimpleGeo, createRunner } from '../../src/detect/index.js';
import { parseZones } from '../../src/geo/zones.js';
import { ANCHORAGE, H, T0, detect, merge, move, ofType, path, testGeo } from './sim.js';

const M = 412000030;
const { lat: PLAT, lon: PLON } = ANCHORAGE;

/** From 20 nm at sea into the anchorage, 3 h at anchor, out again. */
function visit(stopH = 3, start = T0 + 2 * H) {
  const [sLat, sLon] = move(PLAT, PLON, 200, 20);
  const [aLat, aLon] = [PLAT - 0.01, PLON];
  return path(M, [
    [start - 2 * H, sLat, sLon],
    [start, aLat, aLon],
    [start + stopH * H, aLat, aLon],
    [start + (stopH + 2) * H, sLat, sLon],
  ], { everyS: 60 });
}

describe('port_visit', () => {
  it('entry within 3 km, a stop, exit beyond 4 km: one visit with its anchorage', () => {
    const ev = ofType(detect(visit()), 'port_visit');
    expect(ev).toHaveLength(1);
    const e = ev[0]!;
    expect(e.mmsi).toEqual([M]);
    expect(e.evidence['anchorage']).toBe('TESTPORT');
    expect(e.evidence['iso3']).toBe('PRK');
    expect(e.evidence['stops']).toBe(1);
    expect(e.evidence['stopHours']).toBeCloseTo(3, 0);
    // entered ~3 km out at 10 kn (~10 min before arrival), left ~4 km out
    expect(Date.parse(e.start)).toBeGreaterThan(T0 + 2 * H - 20 * 60_000);
    expect(Date.parse(e.start)).toBeLessThan(T0 + 2 * H);
    expect(Date.parse(e.end)).toBeGreaterThan(T0 + 5 * H);
    expect(Date.parse(e.end)).toBeLessThan(T0 + 5 * H + 30 * 60_000);
  });

  it('entry has the exit\'s hysteresis: a vessel moored on the 3 km circle moving metres across it is no visit', () => {
    // 3005 m from the anchorage, then 2995 m, stopped, then back out: never seen beyond 4 km
    const [aLat, aLon] = move(ANCHORAGE.lat, ANCHORAGE.lon, 180, 3005 / 1852);
    const [bLat, bLon] = move(ANCHORAGE.lat, ANCHORAGE.lon, 180, 2995 / 1852);
    const recs = path(412000071, [[T0, aLat, aLon], [T0 + H, aLat, aLon], [T0 + H + 5 * 60_000, bLat, bLon], [T0 + 4 * H, bLat, bLon], [T0 + 4 * H + 5 * 60_000, aLat, aLon], [T0 + 6 * H, aLat, aLon]], { everyS: 60 });
    expect(ofType(detect(recs), 'port_visit')).toEqual([]);
  });

  it('a visit open when the whole feed falls silent for a day or more ends at its last fix, open; after it the ship is first seen inside', () => {
    const D = 24 * H;
    const [aLat, aLon] = [PLAT - 0.01, PLON];
    const [sLat, sLon] = move(PLAT, PLON, 200, 20);
    // file 1: arrives, at anchor 3 h, end of file; file 2, 300 days later: still there, then leaves
    const file1 = path(M, [[T0, sLat, sLon], [T0 + 2 * H, aLat, aLon], [T0 + 5 * H, aLat, aLon]], { everyS: 60 });
    const later = T0 + 300 * D;
    const file2 = path(M, [[later, aLat, aLon], [later + 3 * H, aLat, aLon], [later + 5 * H, sLat, sLon]], { everyS: 60 });
    const cut = ofType(detect([...file1, ...file2]), 'port_visit');
    expect(cut).toHaveLength(1);
    expect(cut[0]!.flags).toContain('open');
    expect(Date.parse(cut[0]!.end)).toBe(T0 + 5 * H);
    expect(cut[0]!.evidence['durationH']).toBeLessThan(4);
    // the same silence of this ship while another vessel reports all along elsewhere: one call across it
    const other = path(412000099, [[T0, sLat + 1, sLon], [later + 5 * H, sLat + 1, sLon]], { everyS: 1800 });
    const joined = ofType(detect(merge(file1, file2, other)), 'port_visit');
    expect(joined).toHaveLength(1);
    expect(joined[0]!.flags).not.toContain('open');
    expect(Date.parse(joined[0]!.end)).toBeGreaterThan(later + 3 * H);
    // feedOutageH 0: never cut
    expect(ofType(detect([...file1, ...file2], { params: { portVisit: { feedOutageH: 0 } } }), 'port_visit')[0]!.flags).not.toContain('open');
  });

  it('passing through without stopping is no port visit (GFW needs a stop)', () => {
    const [sLat, sLon] = move(PLAT, PLON, 270, 10);
    const [eLat, eLon] = move(PLAT, PLON, 90, 10);
    const recs = path(M, [
      [T0, sLat, sLon],
      [T0 + 2 * H, eLat, eLon],
    ]);
    expect(ofType(detect(recs), 'port_visit')).toHaveLength(0);
  });

  it('looks anchorages up only when the vessel could have crossed a threshold', () => {
    const r = createRunner({ geo: testGeo() });
    const recs = visit();
    r.push(recs);
    r.flush();
    expect(r.stats.anchorageLookups).toBeLessThan(recs.length / 2);
  });
});

describe('zone_entry / zone_exit', () => {
  it('enters and leaves the anchorage zone once each', () => {
    const ev = detect(visit());
    const entry = ofType(ev, 'zone_entry');
    const exit = ofType(ev, 'zone_exit');
    expect(entry).toHaveLength(1);
    expect(exit).toHaveLength(1);
    expect(entry[0]!.evidence['zone']).toBe('TESTPORT anchorage');
    expect(exit[0]!.start).toBe(entry[0]!.start);
    expect(Date.parse(exit[0]!.end) - Date.parse(entry[0]!.start)).toBeGreaterThan(3 * H);
    expect(entry[0]!.id).toBe(`zone_entry:${M}:${entry[0]!.start}:TESTPORT anchorage`);
  });

  it('GeoJSON zones reach the detector through the GeoContext', () => {
    const [sLat, sLon] = move(38.6, 124.5, 270, 5);
    const [eLat, eLon] = move(38.6, 124.5, 90, 5);
    const recs = path(M, [
      [T0, sLat, sLon],
      [T0 + H, eLat, eLon],
    ]);
    const zones = parseZones({
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          properties: { name: 'box' },
          geometry: { type: 'Polygon', coordinates: [[[124.49, 38.59], [124.51, 38.59], [124.51, 38.61], [124.49, 38.61], [124.49, 38.59]]] },
        },
      ],
    });
    const r = createRunner({ geo: new SimpleGeo({ zones }) });
    const ev = [...r.push(recs), ...r.flush()];
    expect(ofType(ev, 'zone_entry').map((e) => e.evidence['zone'])).toEqual(['box']);
    expect(ofType(ev, 'zone_exit').map((e) => e.evidence['zone'])).toEqual(['box']);
  });

  it('a second transmitter on the MMSI crossing a zone while the ship is heard 90 km away reports no crossing', () => {
    // seed 1108: a clone of the MMSI crossed the 12 nm line while the ship steamed far off
    const zones = parseZones({
      type: 'FeatureCollection',
      features: [{ type: 'Feature', properties: { name: 'box' }, geometry: { type: 'Polygon', coordinates: [[[124.49, 38.59], [124.51, 38.59], [124.51, 38.61], [124.49, 38.61], [124.49, 38.59]]] } }],
    });
    // its reports 30 s after the ship's (thinning keeps one fix per MMSI every 20 s)
    const clone = path(M, [
      [T0 + H + 30_000, ...move(38.6, 124.5, 270, 5)],
      [T0 + 2 * H + 30_000, ...move(38.6, 124.5, 90, 5)],
    ]);
    const ship = path(M, [
      [T0, ...move(38.6, 123.5, 0, 10)],
      [T0 + 3 * H, ...move(38.6, 123.5, 180, 10)],
    ]);
    const run = (recs: ReturnType<typeof merge>) => {
      const r = createRunner({ geo: new SimpleGeo({ zones }) });
      const ev = [...r.push(recs), ...r.flush()];
      return { ev, second: r.stats.zoneSecondTransmitter };
    };
    const both = run(merge(ship, clone));
    expect(ofType(both.ev, 'zone_entry')).toEqual([]);
    expect(ofType(both.ev, 'zone_exit')).toEqual([]);
    expect(both.second).toBe(2);
    // the same track alone is the ship's: both crossings
    const alone = run(clone);
    expect(ofType(alone.ev, 'zone_entry').map((e) => e.evidence['zone'])).toEqual(['box']);
    expect(ofType(alone.ev, 'zone_exit').map((e) => e.evidence['zone'])).toEqual(['box']);
  });

  it('a zone passed through between two sparse fixes is entered and left on the line between them (seed 1503); a detour round it, a clipped corner or a long silence is not', () => {
    // a 5 km circle, as the West Sea Barrage's; a ship at 7 kn reported every 25 min, one report
    // lost inside: its fixes either side are 3.5 km west and east of the circle
    const zones = parseZones({
      type: 'FeatureCollection',
      features: [{ type: 'Feature', properties: { name: 'lock' }, geometry: { type: 'Polygon', coordinates: [circle(38.6, 124.5, 5000)] } }],
    });
    const run = (recs: ReturnType<typeof merge>) => {
      const r = createRunner({ geo: new SimpleGeo({ zones }) });
      return [...r.push(recs), ...r.flush()];
    };
    const fix = (t: number, lat: number, lon: number, sog = 7) => ({ mmsi: M, t, lat, lon, sog, cog: 90, heading: null, navStatus: 0, source: 'test' });
    const west = move(38.6, 124.5, 270, 8.5 / 1.852);
    const east = move(38.6, 124.5, 90, 8.5 / 1.852);
    // 17 km in 78 min: 7.1 kn, as reported
    const through = [fix(T0, ...move(38.6, 124.5, 270, 15 / 1.852)), fix(T0 + 25 * 60_000, ...west), fix(T0 + 103 * 60_000, ...east), fix(T0 + 128 * 60_000, ...move(38.6, 124.5, 90, 15 / 1.852))];
    const ev = run(through);
    const entry = ofType(ev, 'zone_entry');
    const exit = ofType(ev, 'zone_exit');
    expect(entry).toHaveLength(1);
    expect(exit).toHaveLength(1);
    expect(entry[0]!.flags).toEqual(['interpolated']);
    expect(entry[0]!.confidence).toBeLessThan(1);
    // the line enters the circle 3.5 km (about 16 min) after the western fix and leaves it 10 km on
    const tIn = Date.parse(entry[0]!.start) - (T0 + 25 * 60_000);
    expect(tIn).toBeGreaterThan(12 * 60_000);
    expect(tIn).toBeLessThan(20 * 60_000);
    expect(exit[0]!.evidence['durationH']).toBeGreaterThan(0.6);
    expect(exit[0]!.evidence['durationH']).toBeLessThan(0.85);
    expect(entry[0]!.evidence['positionIds']).toEqual([`${M}:${T0 + 25 * 60_000}`, `${M}:${T0 + 103 * 60_000}`]);
    expect(entry[0]!.evidence['interpolated']).toMatchObject({ impliedKn: 7.1, reportedKn: [7, 7] });
    // the same fixes 5 h apart: the ship may have gone anywhere
    expect(ofType(run([through[0]!, through[1]!, { ...through[2]!, t: T0 + 5.4 * H }]), 'zone_entry')).toEqual([]);
    // reported at 12 kn: it covered more than the 17 km line (round the zone)
    expect(ofType(run(through.map((f) => ({ ...f, sog: 12 }))), 'zone_entry')).toEqual([]);
    // a line that clips the circle's northern edge by 200 m or so
    const north = (f: (typeof through)[number]) => ({ ...f, lat: 38.6 + 4.95 / 111.2 });
    expect(ofType(run(through.map(north)), 'zone_entry')).toEqual([]);
  });
});

/** A closed ring round (lat, lon) of radius m, 48 vertices, [lon, lat] pairs. */
function circle(lat: number, lon: number, m: number): [number, number][] {
  const ring: [number, number][] = [];
  for (let i = 0; i <= 48; i++) {
    const [a, b] = move(lat, lon, (360 * i) / 48, m / 1852);
    ring.push([b, a]);
  }
  return ring;
}
