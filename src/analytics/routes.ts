/**
 * Repeated routes (issue H): the vessels that travel again and again between the same two
 * ports or zones (Nampo and a Chinese port, a shuttle between two terminals), from the stored
 * `port_visit` events and the stays in polygon zones (`zone_exit` with its entry; `zone_entry`
 * without an exit yet is a stay to the data's end).
 *
 * Per vessel, its calls in time order; a call that overlaps the previous one in time or lies
 * within `mergeKm` of it is the same stay (the anchorage, the barrage and the berth of one port
 * are one call; the port visit's anchorage name wins over a zone's name). A voyage is two
 * successive calls at different places; a route is an unordered pair of places, and it is
 * repeated when the vessel made at least `minVoyages` voyages between them, either way (the
 * default 3: out, home and out again; one round trip is a call, not a pattern). Zones drawn
 * by distance to the coast (the 12 nm line) are no place one calls at and are left out.
 */
import type { Event } from '../events.js';
import { flatM } from '../geo/distance.js';
import { TERRITORIAL_SEA_12NM } from '../geo/zones.js';
import { flagOfMmsi } from '../ref/mmsi.js';

export interface RouteOptions {
  /** voyages between one pair for a route to count as repeated (default 3) */
  minVoyages?: number;
  /** calls closer than this are one stay, km (default 20) */
  mergeKm?: number;
  /** zone names that are not places of call (default: the 12 nm line) */
  skipZones?: readonly string[];
}

export const ROUTE_DEFAULTS = { minVoyages: 3, mergeKm: 20 } as const;

interface Call {
  place: string;
  iso3: string | null;
  /** a port visit names the place; a zone stay only when no port visit does */
  fromPortVisit: boolean;
  start: number;
  end: number;
  lat: number;
  lon: number;
}

export interface Voyage {
  from: string;
  to: string;
  /** ISO: the end of the call it left, the start of the call it reached */
  depart: string;
  arrive: string;
}

export interface RepeatedRoute {
  mmsi: number;
  flag: string;
  /** the pair, in alphabetical order */
  a: string;
  b: string;
  aIso3: string | null;
  bIso3: string | null;
  voyages: number;
  aToB: number;
  bToA: number;
  first: string;
  last: string;
  legs: Voyage[];
}

const iso = (t: number): string => new Date(t).toISOString().replace('.000Z', 'Z');

function callOf(e: Event, skip: ReadonlySet<string>): Call | null {
  if (e.lat === null || e.lon === null) return null;
  const start = Date.parse(e.start);
  const end = Date.parse(e.end);
  if (e.type === 'port_visit') {
    const a = e.evidence.anchorage;
    const place = typeof a === 'string' && a ? a : `${e.lat.toFixed(2)}, ${e.lon.toFixed(2)}`;
    const iso3 = typeof e.evidence.iso3 === 'string' && e.evidence.iso3 ? e.evidence.iso3 : null;
    return { place, iso3, fromPortVisit: true, start, end, lat: e.lat, lon: e.lon };
  }
  if (e.type === 'zone_exit' || e.type === 'zone_entry') {
    const zone = e.evidence.zone;
    if (typeof zone !== 'string' || skip.has(zone)) return null;
    // an exit carries its entry's time as start (the exit alone when the entry was not seen)
    return { place: zone, iso3: null, fromPortVisit: false, start, end, lat: e.lat, lon: e.lon };
  }
  return null;
}

/**
 * One vessel's calls, merged into stays (see the header). A zone merged with a port visit is
 * recorded in `alias` (zone name -> the port's name), so a stay in that zone alone (the first
 * call of a vessel already there when the data starts) is named as the port too.
 */
function stays(calls: Call[], mergeM: number, alias: Map<string, string>): Call[] {
  calls.sort((a, b) => a.start - b.start || a.end - b.end);
  const out: Call[] = [];
  for (const c of calls) {
    const prev = out[out.length - 1];
    if (prev && (c.start <= prev.end || prev.place === c.place || flatM(prev.lat, prev.lon, c.lat, c.lon) <= mergeM)) {
      if (prev.fromPortVisit !== c.fromPortVisit) alias.set(prev.fromPortVisit ? c.place : prev.place, prev.fromPortVisit ? prev.place : c.place);
      if (!prev.fromPortVisit && c.fromPortVisit) {
        prev.place = c.place;
        prev.iso3 = c.iso3;
        prev.fromPortVisit = true;
        prev.lat = c.lat;
        prev.lon = c.lon;
      }
      prev.end = Math.max(prev.end, c.end);
      continue;
    }
    out.push({ ...c });
  }
  return out;
}

/**
 * The repeated routes among the events (port_visit, zone_entry and zone_exit are read; others
 * ignored), most voyages first.
 */
export function repeatedRoutes(events: readonly Event[], o: RouteOptions = {}): RepeatedRoute[] {
  const minVoyages = o.minVoyages ?? ROUTE_DEFAULTS.minVoyages;
  const mergeM = (o.mergeKm ?? ROUTE_DEFAULTS.mergeKm) * 1000;
  const skip = new Set(o.skipZones ?? [TERRITORIAL_SEA_12NM.name]);
  // a zone stay is its exit (with the entry's time); a zone entry only when no exit follows it
  const exits = new Set(events.filter((e) => e.type === 'zone_exit' && !e.flags.includes('entry_unseen')).map((e) => `${e.mmsi[0]}|${String(e.evidence.zone)}|${e.start}`));
  const byVessel = new Map<number, Call[]>();
  for (const e of events) {
    if (e.mmsi.length !== 1) continue;
    if (e.type === 'zone_entry' && exits.has(`${e.mmsi[0]}|${String(e.evidence.zone)}|${e.start}`)) continue;
    const c = callOf(e, skip);
    if (!c) continue;
    const l = byVessel.get(e.mmsi[0]!);
    if (l) l.push(c);
    else byVessel.set(e.mmsi[0]!, [c]);
  }
  const alias = new Map<string, string>();
  const merged = [...byVessel].map(([mmsi, calls]) => [mmsi, stays(calls, mergeM, alias)] as const);
  const out: RepeatedRoute[] = [];
  for (const [mmsi, first] of merged) {
    // zone-only stays named as the port they belong to, then merged again
    const s = stays(
      first.map((c) => (!c.fromPortVisit && alias.has(c.place) ? { ...c, place: alias.get(c.place)! } : c)),
      mergeM,
      new Map(),
    );
    const pairs = new Map<string, { a: Call; b: Call; legs: Voyage[]; aToB: number }>();
    for (let i = 1; i < s.length; i++) {
      const x = s[i - 1]!;
      const y = s[i]!;
      if (x.place === y.place) continue;
      const [a, b] = x.place < y.place ? [x, y] : [y, x];
      const key = `${a.place}\u0000${b.place}`;
      let p = pairs.get(key);
      if (!p) pairs.set(key, (p = { a, b, legs: [], aToB: 0 }));
      p.legs.push({ from: x.place, to: y.place, depart: iso(x.end), arrive: iso(y.start) });
      if (x.place === a.place) p.aToB++;
    }
    for (const p of pairs.values()) {
      if (p.legs.length < minVoyages) continue;
      out.push({
        mmsi,
        flag: flagOfMmsi(mmsi) ?? '??',
        a: p.a.place,
        b: p.b.place,
        aIso3: p.a.iso3,
        bIso3: p.b.iso3,
        voyages: p.legs.length,
        aToB: p.aToB,
        bToA: p.legs.length - p.aToB,
        first: p.legs[0]!.depart,
        last: p.legs[p.legs.length - 1]!.arrive,
        legs: p.legs,
      });
    }
  }
  return out.sort((x, y) => y.voyages - x.voyages || x.mmsi - y.mmsi || (x.a < y.a ? -1 : 1));
}
