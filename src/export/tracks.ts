/**
 * Vessel tracks out of the store for the exports: positions streamed in (mmsi, t) order, cut
 * into lines where the vessel was silent longer than the break time (src/track/breaks.ts, the
 * API map's rule), each line with the vessel's identity at the time it was sailed (name, call
 * sign, IMO, flag, ship type from its static reports). Only one line's fixes are held at a time,
 * so a store of 10M positions exports in bounded memory.
 */
import type { BBox, IdentityPeriod, Store } from '../store/types.js';
import { identityPeriods } from '../store/identity.js';
import { breaksAt, TRACK_BREAK_MS } from '../track/breaks.js';
import { shipTypeName } from '../ref/shiptype.js';
import type { VesselStatic } from '../records.js';
import { isoTime } from '../events.js';

export interface TrackQuery {
  mmsi?: readonly number[];
  /** epoch ms, inclusive */
  from?: number;
  to?: number;
  bbox?: BBox;
  /** a silence longer than this starts a new line (ms); default TRACK_BREAK_MS */
  breakMs?: number;
}

/** What a track line says of its vessel: the identity period it was sailed under. */
export interface VesselIdentityAt {
  name: string | null;
  callsign: string | null;
  imo: number | null;
  flag: string | null;
  shipType: number | null;
  /** other names of this MMSI in the store, oldest first */
  otherNames: string[];
}

/** One line of a vessel's track: parallel arrays in time order. */
export interface TrackSegment {
  mmsi: number;
  /** 0 for the vessel's first line in the export, then 1, 2, ... */
  index: number;
  t: number[];
  lat: number[];
  lon: number[];
  sog: (number | null)[];
  cog: (number | null)[];
  identity: VesselIdentityAt;
}

/** Identity periods of every MMSI (or of those listed), grouped by MMSI; read in one pass over the static reports. */
export async function identitiesByVessel(store: Store, mmsi?: readonly number[]): Promise<Map<number, IdentityPeriod[]>> {
  const out = new Map<number, IdentityPeriod[]>();
  let group: VesselStatic[] = [];
  const close = (): void => {
    if (group.length) out.set(group[0]!.mmsi, identityPeriods(group));
    group = [];
  };
  for await (const s of store.statics(mmsi ? { mmsi } : {})) {
    if (group.length && group[0]!.mmsi !== s.mmsi) close();
    group.push(s);
  }
  close();
  return out;
}

const UNKNOWN: VesselIdentityAt = { name: null, callsign: null, imo: null, flag: null, shipType: null, otherNames: [] };

/** The identity a vessel reported last at or before `t` (its first one when `t` is earlier). */
export function identityAt(periods: readonly IdentityPeriod[] | undefined, t: number): VesselIdentityAt {
  if (!periods || periods.length === 0) return UNKNOWN;
  let p = periods[0]!;
  for (const q of periods) if (q.from <= t) p = q;
  const otherNames: string[] = [];
  for (const q of periods) if (q.name && q.name !== p.name && !otherNames.includes(q.name)) otherNames.push(q.name);
  return { name: p.name, callsign: p.callsign, imo: p.imo, flag: p.flag, shipType: p.shipType, otherNames };
}

/**
 * The track lines matching `q`, vessel by vessel (ascending MMSI), each vessel's in time order.
 * With a box, only the positions inside it count (a vessel that leaves the box for longer than
 * the break time gets a new line when it comes back).
 */
export async function* trackSegments(store: Store, q: TrackQuery = {}): AsyncGenerator<TrackSegment> {
  const breakMs = q.breakMs ?? TRACK_BREAK_MS;
  const identities = await identitiesByVessel(store, q.mmsi);
  let cur: TrackSegment | null = null;
  let index = 0;
  for await (const batch of store.positionBatches({ mmsi: q.mmsi, from: q.from, to: q.to, bbox: q.bbox, order: 'vessel' })) {
    for (const p of batch) {
      if (cur && (cur.mmsi !== p.mmsi || breaksAt(cur.t[cur.t.length - 1]!, p.t, breakMs))) {
        index = cur.mmsi === p.mmsi ? index + 1 : 0;
        yield finish(cur, identities);
        cur = null;
      }
      if (!cur) cur = { mmsi: p.mmsi, index, t: [], lat: [], lon: [], sog: [], cog: [], identity: UNKNOWN };
      cur.t.push(p.t);
      cur.lat.push(p.lat);
      cur.lon.push(p.lon);
      cur.sog.push(p.sog);
      cur.cog.push(p.cog);
    }
  }
  if (cur) yield finish(cur, identities);
}

function finish(s: TrackSegment, identities: Map<number, IdentityPeriod[]>): TrackSegment {
  // the identity in force at the line's end: a rename during the line shows the new name
  s.identity = identityAt(identities.get(s.mmsi), s.t[s.t.length - 1]!);
  return s;
}

/** The flat properties of a line, as every track format writes them. */
export function segmentProperties(s: TrackSegment): Record<string, string | number | null> {
  const id = s.identity;
  return {
    mmsi: s.mmsi,
    segment: s.index,
    name: id.name,
    callsign: id.callsign,
    imo: id.imo,
    flag: id.flag,
    shipType: id.shipType,
    shipTypeName: id.shipType === null ? null : shipTypeName(id.shipType),
    otherNames: id.otherNames.length ? id.otherNames.join('; ') : null,
    start: isoTime(s.t[0]!),
    end: isoTime(s.t[s.t.length - 1]!),
    points: s.t.length,
  };
}
