/**
 * Presence and effort over an area and a period (`darkfleet presence`, and the figures of
 * `darkfleet report`): vessel-days and distinct vessels by flag (the MMSI's MID, src/ref/mmsi.ts)
 * and ship type (the latest static report, src/ref/shiptype.ts); fishing effort of fishing
 * vessels on the traffic layer's grid (src/geo/traffic-grid.ts); port calls by flag and
 * previous port; counts of vessels with identity changes, likely-disabling gaps, night
 * encounters beyond 12 nm, and convoys when the store holds them.
 *
 * One pass over the positions (Store.positionBatches, vessel order, with the area's box and the
 * period): a vessel-day is a UTC day with at least one position of the vessel inside the area.
 * Events count when they overlap the period and their place lies in the area.
 */
import type { Event } from '../events.js';
import { TrafficGrid } from '../geo/traffic-grid.js';
import { lookupMid } from '../ref/mid.js';
import { flagOfMmsi } from '../ref/mmsi.js';
import { shipCategory, type ShipCategory } from '../ref/shiptype.js';
import type { Position } from '../records.js';
import type { Store } from '../store/types.js';
import type { Area } from './area.js';
import { repeatedRoutes, ROUTE_DEFAULTS, type RepeatedRoute } from './routes.js';

/**
 * Fishing speeds: a speed rule, not a fishing classifier. Trawlers tow at about 2-5 kn, gear is
 * set and hauled at 0.5-3 kn; transits run faster, a boat stopped or at anchor slower. GFW's
 * effort uses a neural classifier per position; this is the plain heuristic it was trained to
 * beat, good enough to say where fishing boats work, not how much they catch.
 */
export const FISHING_EFFORT = {
  minKn: 0.5,
  maxKn: 5,
  /** a step longer than this counts only this long (a silence is not effort) */
  maxStepH: 1,
  /** cell size of the effort grid, metres (src/geo/traffic-grid.ts) */
  cellM: 5000,
} as const;

export interface PresenceOptions {
  area: Area;
  /** epoch ms, inclusive; default the store's data */
  from?: number;
  to?: number;
  /** voyages between one pair of places for a repeated route (routes.ts; default 3) */
  minVoyages?: number;
  /** sees every position read, in vessel order, and whether it lies in the area (the report draws its tracks from this one pass) */
  visit?: (p: Position, inside: boolean) => void;
}

export interface FlagRow {
  flag: string;
  country: string;
  vessels: number;
  vesselDays: number;
}

export interface TypeRow {
  category: ShipCategory;
  vessels: number;
  vesselDays: number;
}

export interface EffortCell {
  cell: number;
  /** centre */
  lat: number;
  lon: number;
  /** [lon, lat] ring */
  polygon: [number, number][];
  hours: number;
  vessels: number;
}

export interface VesselPresence {
  mmsi: number;
  flag: string;
  shipType: number | null;
  category: ShipCategory;
  name: string | null;
  days: string[];
  positions: number;
}

export interface Presence {
  area: { name: string; kind: Area['kind']; bbox: readonly number[] | null };
  /** ISO; null ends when the store is empty */
  period: { from: string | null; to: string | null };
  positions: number;
  vessels: number;
  vesselDays: number;
  byFlag: FlagRow[];
  byShipType: TypeRow[];
  /** distinct vessels present per UTC day and flag */
  byDay: { day: string; vessels: number; byFlag: Record<string, number> }[];
  fishing: { vessels: number; hours: number; params: typeof FISHING_EFFORT; cells: EffortCell[] };
  portCalls: { total: number; byFlag: { flag: string; calls: number }[]; byPreviousPort: { port: string; calls: number }[] };
  counts: {
    /** vessels with at least one identity_change event */
    identityChangeVessels: number;
    likelyDisablingGaps: number;
    likelyDisablingGapVessels: number;
    nightEncountersBeyond12nm: number;
    /** events of type `convoy` (written by the convoy detector when present) */
    convoys: number;
  };
  /**
   * vessels present that travelled repeatedly between the same two ports or zones in the
   * period (routes.ts: their port visits and zone stays anywhere, not only in the area)
   */
  routes: { minVoyages: number; list: RepeatedRoute[] };
  /** events in the area and period by type */
  eventsByType: Record<string, number>;
  /** per vessel, by MMSI */
  vesselList: VesselPresence[];
}

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const dayOf = (t: number): string => new Date(Math.floor(t / DAY_MS) * DAY_MS).toISOString().slice(0, 10);
const flagOf = (mmsi: number): string => flagOfMmsi(mmsi) ?? '??';
const round = (x: number, d: number): number => Math.round(x * 10 ** d) / 10 ** d;

/** Country name of an ISO alpha-2 flag as the MID table writes it (first MID of that flag). */
export function countryOf(flag: string): string {
  if (flag === '??') return 'unknown (no MID)';
  for (let mid = 201; mid <= 775; mid++) {
    const e = lookupMid(mid);
    if (e?.iso2 === flag) return e.country;
  }
  return flag;
}

function sortedCounts(m: Map<string, number>, key: string, val: string): Record<string, string | number>[] {
  return [...m].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([k, v]) => ({ [key]: k, [val]: v }));
}

/** Events overlapping [from, to] whose place lies in the area (placeless ones only for `all data`). */
export async function eventsInArea(store: Store, o: PresenceOptions): Promise<Event[]> {
  const filter: Parameters<Store['events']>[0] = {};
  if (o.from !== undefined) filter.from = o.from;
  if (o.to !== undefined) filter.to = o.to;
  if (o.area.bbox) filter.bbox = o.area.bbox;
  const events = await store.events(filter);
  if (o.area.kind === 'all') return events;
  return events.filter((e) => e.lat !== null && e.lon !== null && o.area.contains(e.lat, e.lon));
}

/** Presence and effort over the area and period (see the file header). */
export async function presence(store: Store, o: PresenceOptions): Promise<Presence> {
  const grid = TrafficGrid.of(FISHING_EFFORT.cellM);
  const query: Parameters<Store['positionBatches']>[0] = { order: 'vessel' };
  if (o.from !== undefined) query.from = o.from;
  if (o.to !== undefined) query.to = o.to;
  if (o.area.bbox) query.bbox = o.area.bbox;

  const days = new Map<number, Set<string>>();
  const counts = new Map<number, number>();
  // effort of every vessel, kept until the static reports say which are fishing boats
  const effort = new Map<number, Map<number, number>>();
  let positions = 0;
  let tMin = Infinity;
  let tMax = -Infinity;
  let prev: Position | null = null;
  let prevIn = false;
  for await (const batch of store.positionBatches(query)) {
    for (const p of batch) {
      const inside = o.area.contains(p.lat, p.lon);
      o.visit?.(p, inside);
      if (prev && prev.mmsi === p.mmsi && prevIn && inside && prev.sog !== null && prev.sog >= FISHING_EFFORT.minKn && prev.sog <= FISHING_EFFORT.maxKn) {
        const h = Math.min((p.t - prev.t) / HOUR_MS, FISHING_EFFORT.maxStepH);
        if (h > 0) {
          let cells = effort.get(p.mmsi);
          if (!cells) effort.set(p.mmsi, (cells = new Map()));
          const c = grid.cellOf(prev.lat, prev.lon);
          cells.set(c, (cells.get(c) ?? 0) + h);
        }
      }
      prev = p;
      prevIn = inside;
      if (!inside) continue;
      positions++;
      if (p.t < tMin) tMin = p.t;
      if (p.t > tMax) tMax = p.t;
      let d = days.get(p.mmsi);
      if (!d) days.set(p.mmsi, (d = new Set()));
      d.add(dayOf(p.t));
      counts.set(p.mmsi, (counts.get(p.mmsi) ?? 0) + 1);
    }
  }

  // the latest identity reported up to the period's end: ship type and name
  const mmsis = [...days.keys()].sort((a, b) => a - b);
  const idOf = new Map<number, { shipType: number | null; name: string | null }>();
  if (mmsis.length) {
    const sq: Parameters<Store['statics']>[0] = { mmsi: mmsis };
    if (o.to !== undefined) sq.to = o.to;
    for await (const s of store.statics(sq)) {
      const cur = idOf.get(s.mmsi) ?? { shipType: null, name: null };
      idOf.set(s.mmsi, { shipType: s.shipType ?? cur.shipType, name: s.name ?? cur.name });
    }
  }

  const vesselList: VesselPresence[] = mmsis.map((mmsi) => {
    const id = idOf.get(mmsi);
    const shipType = id?.shipType ?? null;
    return { mmsi, flag: flagOf(mmsi), shipType, category: shipCategory(shipType), name: id?.name ?? null, days: [...days.get(mmsi)!].sort(), positions: counts.get(mmsi) ?? 0 };
  });

  const flagV = new Map<string, number>();
  const flagD = new Map<string, number>();
  const typeV = new Map<ShipCategory, number>();
  const typeD = new Map<ShipCategory, number>();
  const perDay = new Map<string, Map<string, number>>();
  let vesselDays = 0;
  for (const v of vesselList) {
    const n = v.days.length;
    vesselDays += n;
    flagV.set(v.flag, (flagV.get(v.flag) ?? 0) + 1);
    flagD.set(v.flag, (flagD.get(v.flag) ?? 0) + n);
    typeV.set(v.category, (typeV.get(v.category) ?? 0) + 1);
    typeD.set(v.category, (typeD.get(v.category) ?? 0) + n);
    for (const day of v.days) {
      let m = perDay.get(day);
      if (!m) perDay.set(day, (m = new Map()));
      m.set(v.flag, (m.get(v.flag) ?? 0) + 1);
    }
  }
  const byFlag = [...flagV.keys()]
    .map((flag) => ({ flag, country: countryOf(flag), vessels: flagV.get(flag)!, vesselDays: flagD.get(flag)! }))
    .sort((a, b) => b.vesselDays - a.vesselDays || b.vessels - a.vessels || (a.flag < b.flag ? -1 : 1));
  const byShipType = [...typeV.keys()]
    .map((category) => ({ category, vessels: typeV.get(category)!, vesselDays: typeD.get(category)! }))
    .sort((a, b) => b.vesselDays - a.vesselDays || (a.category < b.category ? -1 : 1));
  const byDay = [...perDay.keys()].sort().map((day) => {
    const m = perDay.get(day)!;
    let vessels = 0;
    for (const n of m.values()) vessels += n;
    return { day, vessels, byFlag: Object.fromEntries([...m].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))) };
  });

  // fishing effort: fishing boats only
  const cellHours = new Map<number, number>();
  const cellVessels = new Map<number, number>();
  let fishingVessels = 0;
  let fishingHours = 0;
  for (const v of vesselList) {
    const cells = effort.get(v.mmsi);
    if (v.category !== 'fishing' || !cells) continue;
    fishingVessels++;
    for (const [c, h] of cells) {
      cellHours.set(c, (cellHours.get(c) ?? 0) + h);
      cellVessels.set(c, (cellVessels.get(c) ?? 0) + 1);
      fishingHours += h;
    }
  }
  const cells: EffortCell[] = [...cellHours]
    .sort((a, b) => b[1] - a[1] || a[0] - b[0])
    .map(([cell, hours]) => {
      const [lat, lon] = grid.center(cell);
      return { cell, lat: round(lat, 5), lon: round(lon, 5), polygon: grid.polygon(cell), hours: round(hours, 2), vessels: cellVessels.get(cell)! };
    });

  const events = await eventsInArea(store, o);
  const eventsByType: Record<string, number> = {};
  for (const e of events) eventsByType[e.type] = (eventsByType[e.type] ?? 0) + 1;
  const typeIs = (e: Event, t: string): boolean => (e.type as string) === t;

  // port calls, with the port each vessel called at before (any time, any place in the store)
  const calls = events.filter((e) => typeIs(e, 'port_visit'));
  const history = new Map<number, Event[]>();
  if (calls.length) {
    for (const e of await store.events({ type: 'port_visit' })) {
      const m = e.mmsi[0]!;
      const l = history.get(m) ?? [];
      l.push(e);
      history.set(m, l);
    }
  }
  const portName = (e: Event): string => (typeof e.evidence['anchorage'] === 'string' && e.evidence['anchorage'] ? e.evidence['anchorage'] : `${e.lat}, ${e.lon}`);
  const callFlag = new Map<string, number>();
  const callPrev = new Map<string, number>();
  for (const c of calls) {
    const m = c.mmsi[0]!;
    callFlag.set(flagOf(m), (callFlag.get(flagOf(m)) ?? 0) + 1);
    const before = (history.get(m) ?? []).filter((e) => e.end < c.start).sort((a, b) => (a.end < b.end ? 1 : -1))[0];
    const prevPort = before ? portName(before) : 'none in the data';
    callPrev.set(prevPort, (callPrev.get(prevPort) ?? 0) + 1);
  }

  const idVessels = new Set(events.filter((e) => typeIs(e, 'identity_change')).flatMap((e) => e.mmsi));
  const gaps = events.filter((e) => typeIs(e, 'gap') && e.flags.includes('likely_disabling'));
  const night = events.filter((e) => typeIs(e, 'encounter') && e.flags.includes('night') && e.flags.includes('outside_territorial_sea'));

  const callQuery: Parameters<Store['events']>[0] = { type: ['port_visit', 'zone_entry', 'zone_exit'] };
  if (o.from !== undefined) callQuery.from = o.from;
  if (o.to !== undefined) callQuery.to = o.to;
  const minVoyages = o.minVoyages ?? ROUTE_DEFAULTS.minVoyages;
  const present = new Set(mmsis);
  const routes = repeatedRoutes(await store.events(callQuery), { minVoyages }).filter((r) => present.has(r.mmsi));

  const from = o.from ?? (Number.isFinite(tMin) ? tMin : null);
  const to = o.to ?? (Number.isFinite(tMax) ? tMax : null);
  return {
    area: { name: o.area.name, kind: o.area.kind, bbox: o.area.bbox ? [...o.area.bbox] : null },
    period: { from: from === null ? null : new Date(from).toISOString(), to: to === null ? null : new Date(to).toISOString() },
    positions,
    vessels: vesselList.length,
    vesselDays,
    byFlag,
    byShipType,
    byDay,
    fishing: { vessels: fishingVessels, hours: round(fishingHours, 2), params: FISHING_EFFORT, cells },
    portCalls: {
      total: calls.length,
      byFlag: sortedCounts(callFlag, 'flag', 'calls') as { flag: string; calls: number }[],
      byPreviousPort: sortedCounts(callPrev, 'port', 'calls') as { port: string; calls: number }[],
    },
    counts: {
      identityChangeVessels: idVessels.size,
      likelyDisablingGaps: gaps.length,
      likelyDisablingGapVessels: new Set(gaps.flatMap((e) => e.mmsi)).size,
      nightEncountersBeyond12nm: night.length,
      convoys: events.filter((e) => typeIs(e, 'convoy')).length,
    },
    routes: { minVoyages, list: routes },
    eventsByType: Object.fromEntries(Object.entries(eventsByType).sort()),
    vesselList,
  };
}
