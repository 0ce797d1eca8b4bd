/** Simulated tracks with known ground truth for the detector tests. */
import type { Position, VesselStatic } from '../../src/records.js';
import { SimpleGeo, type GeoContext } from '../../src/detect/geo-context.js';
import { createRunner, type ParamOverrides } from '../../src/detect/index.js';
import type { Event } from '../../src/events.js';
import type { DetectRecord } from '../../src/detect/runner.js';

const DEG = Math.PI / 180;
export const H = 3_600_000;
export const MIN = 60_000;
/** 2024-03-01T00:00Z */
export const T0 = Date.UTC(2024, 2, 1);

/**
 * The test world: land north of 39.5 N (a straight coast) plus an island box;
 * one anchorage ("TESTPORT", PRK) on the coast; zones around it.
 */
export const COAST_LAT = 39.5;
export const ANCHORAGE = { label: 'TESTPORT', iso3: 'PRK', lat: 39.48, lon: 125.2 };
export function testGeo(): SimpleGeo {
  return new SimpleGeo({
    land: [
      [120, COAST_LAT, 130, 45],
      [123.0, 38.0, 123.2, 38.1],
    ],
    anchorages: [ANCHORAGE],
    zones: [
      {
        name: 'TESTPORT anchorage',
        ring: [
          [125.15, 39.44],
          [125.25, 39.44],
          [125.25, 39.5],
          [125.15, 39.5],
          [125.15, 39.44],
        ],
      },
    ],
  });
}

/** Destination point from (lat, lon) going `nm` nautical miles on `bearing`. */
export function move(lat: number, lon: number, bearing: number, nm: number): [number, number] {
  const dLat = (Math.cos(bearing * DEG) * nm) / 60;
  const dLon = (Math.sin(bearing * DEG) * nm) / 60 / Math.cos(lat * DEG);
  return [lat + dLat, lon + dLon];
}

export type Waypoint = readonly [t: number, lat: number, lon: number];

export interface PathOptions {
  everyS?: number;
  msgType?: number;
  /** [from, to) epoch ms windows with no reports */
  silent?: readonly (readonly [number, number])[];
  /** deterministic position noise, metres */
  jitterM?: number;
  seed?: number;
  /** reported speed when the leg is stationary */
  stillSog?: number;
}

/** Linear legs between waypoints, one report every `everyS`; sog/cog from each leg. */
export function path(mmsi: number, wps: readonly Waypoint[], o: PathOptions = {}): Position[] {
  const every = (o.everyS ?? 60) * 1000;
  const out: Position[] = [];
  let seed = o.seed ?? mmsi;
  const rnd = (): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648 - 0.5;
  };
  const tEnd = wps[wps.length - 1]![0];
  let i = 0;
  for (let t = wps[0]![0]; t <= tEnd; t += every) {
    while (i + 2 < wps.length && t > wps[i + 1]![0]) i++;
    if (o.silent?.some(([a, b]) => t >= a && t < b)) continue;
    const [t1, la1, lo1] = wps[i]!;
    const [t2, la2, lo2] = wps[i + 1]!;
    const dy = (la2 - la1) * 60;
    const dx = (lo2 - lo1) * 60 * Math.cos(((la1 + la2) / 2) * DEG);
    const nm = Math.sqrt(dx * dx + dy * dy);
    const sog = t2 > t1 ? nm / ((t2 - t1) / H) : 0;
    const cog = (Math.atan2(dx, dy) / DEG + 360) % 360;
    const f = t2 > t1 ? (t - t1) / (t2 - t1) : 0;
    const j = ((o.jitterM ?? 0) / 111_000) * 2;
    const still = sog < 0.05;
    out.push({
      mmsi,
      t,
      lat: la1 + (la2 - la1) * f + rnd() * j,
      lon: lo1 + (lo2 - lo1) * f + rnd() * j,
      sog: still ? (o.stillSog ?? 0) : Math.round(sog * 10) / 10,
      cog: still ? null : Math.round(cog * 10) / 10,
      heading: still ? null : Math.round(cog),
      navStatus: still ? 1 : 0,
      source: 'sim',
      msgType: o.msgType ?? 1,
    });
  }
  return out;
}

export function staticRec(mmsi: number, t: number, over: Partial<VesselStatic> = {}): VesselStatic {
  return {
    mmsi,
    t,
    imo: null,
    name: null,
    callsign: null,
    shipType: null,
    length: null,
    width: null,
    draught: null,
    destination: null,
    flag: null,
    source: 'sim',
    ...over,
  };
}

/** Merge record lists into one stream in time order (stable). */
export function merge(...lists: readonly DetectRecord[][]): DetectRecord[] {
  return lists
    .flat()
    .map((r, i) => ({ r, i }))
    .sort((a, b) => a.r.t - b.r.t || a.i - b.i)
    .map((x) => x.r);
}

/** Run the detectors over a record stream cut into pushes at `cuts` (indices); returns every event. */
export function detect(records: readonly DetectRecord[], opts: { profile?: string; params?: ParamOverrides; cuts?: number[]; geo?: GeoContext } = {}): Event[] {
  const r = createRunner({ profile: opts.profile, params: opts.params, geo: opts.geo ?? testGeo() });
  const events: Event[] = [];
  const cuts = [...(opts.cuts ?? []), records.length].sort((a, b) => a - b);
  let from = 0;
  for (const c of cuts) {
    events.push(...r.push(records.slice(from, c)));
    from = c;
  }
  events.push(...r.flush());
  return events;
}

export function ofType(events: readonly Event[], type: Event['type']): Event[] {
  return events.filter((e) => e.type === type);
}

/** A point at sea far from shore (> 20 nm, > 12 nm, > 10 km from the anchorage). */
export const OFFSHORE: readonly [number, number] = [38.6, 124.5];

/**
 * Two ships (412000001 ALPHA, a tanker, and 445000002 BRAVO) come from 20 nm apart, meet at `at`
 * (default OFFSHORE) ~90 m apart from `meet` for `hours`, then leave; BRAVO silent over `silentB`.
 */
export function meeting(meet: number, hours: number, opts: { silentB?: [number, number][]; at?: readonly [number, number] } = {}): DetectRecord[] {
  const [la, lo] = opts.at ?? OFFSHORE;
  const [aLat, aLon] = move(la, lo, 270, 20);
  const [bLat, bLon] = move(la, lo, 90, 20);
  const [b2Lat, b2Lon] = move(la, lo, 90, 0.05);
  const end = meet + hours * H;
  const a: Waypoint[] = [
    [meet - 2 * H, aLat, aLon],
    [meet, la, lo],
    [end, la, lo],
    [end + 2 * H, aLat, aLon],
  ];
  const b: Waypoint[] = [
    [meet - 2 * H, bLat, bLon],
    [meet, b2Lat, b2Lon],
    [end, b2Lat, b2Lon],
    [end + 2 * H, bLat, bLon],
  ];
  return merge(path(412000001, a, { everyS: 30, jitterM: 10 }), path(445000002, b, { everyS: 60, jitterM: 10, ...(opts.silentB ? { silent: opts.silentB } : {}) }), [
    staticRec(412000001, meet - 2 * H, { shipType: 80, name: 'ALPHA' }),
    staticRec(445000002, meet - 2 * H, { shipType: 84, name: 'BRAVO' }),
  ]);
}
