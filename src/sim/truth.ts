/**
 * Ground truth read off the plans: zone entries and exits, Nampo port visits and loitering
 * are whatever the simulated tracks actually do, so the truth cannot drift from the data.
 * Planted events (encounters, gaps, identity changes, spoofing) come from ./behaviours/.
 */
import { NM, distanceM } from './geodesy.js';
import { PROFILES } from '../detect/profiles.js';
import type { LandMask } from './land.js';
import { identityAt, planEnd, planStart, silentAt, stateAt, type VesselPlan } from './plan.js';
import type { PlantedEvent } from './behaviours/context.js';
import type { Scenario } from './scenario.js';
import { inZone, TERRITORIAL_SEA, type ShoreZone, type Zone } from './zones.js';
import { defaultZones } from '../geo/zones.js';

const MIN = 60000;
const H = 3600000;

/**
 * Zone event ranges are widened by this much on the side a detector might place them: 15 min,
 * or three report intervals where reports are sparser (the first fix across comes up to an
 * interval late, more with reports lost: 15-min reports at 20 % loss put exits 20 min after the
 * crossing, seed 701).
 */
export function zonePadMs(intervalS: number): number {
  return Math.max(15 * MIN, 3 * intervalS * 1000);
}

export interface LoiterRule {
  maxSpeedKn: number;
  minHours: number;
  minShoreNm: number;
}
/** GFW's loitering definition (DESIGN.md "Detector defaults") */
export const LOITER_RULE: LoiterRule = { maxSpeedKn: 2, minHours: 2, minShoreNm: 20 };

export interface Interval {
  zone: string;
  t0: number;
  t1: number;
}

function zoneIntervals(plan: VesselPlan, zones: readonly Zone[], stepMs: number): Interval[] {
  const out: Interval[] = [];
  const open = new Map<string, number>();
  const t0 = planStart(plan);
  const t1 = planEnd(plan);
  for (let t = t0; ; t = Math.min(t + stepMs, t1)) {
    const s = stateAt(plan, t);
    for (const z of zones) {
      const inside = s !== null && inZone(z, s);
      const since = open.get(z.name);
      if (inside && since === undefined) open.set(z.name, t);
      if (!inside && since !== undefined) {
        out.push({ zone: z.name, t0: since, t1: t });
        open.delete(z.name);
      }
    }
    if (t >= t1) break;
  }
  for (const [zone, since] of open) out.push({ zone, t0: since, t1 });
  return out.sort((a, b) => a.t0 - b.t0);
}

/** the plan reaches the Nampo estuary at all (zones all lie east of 124.95E) */
function nearNampo(plan: VesselPlan): boolean {
  return plan.legs.some((l) => l.a.lon > 124.95 || l.b.lon > 124.95);
}

export function deriveTruth(sc: Scenario, land: LandMask, padMs: number): PlantedEvent[] {
  const out: PlantedEvent[] = [];
  for (const plan of sc.plans) {
    if (plan.clone) continue;
    if (nearNampo(plan)) out.push(...zoneEvents(sc, plan, padMs));
    out.push(...shoreZoneEvents(sc, plan, land, TERRITORIAL_SEA, padMs));
    out.push(...loitering(sc, plan, land));
  }
  return out;
}

let bundled: Set<string> | null = null;
/** the names of the zones `analyze` applies without a zones file */
function bundledZoneNames(): Set<string> {
  bundled ??= new Set(defaultZones().zones.map((z) => z.name));
  return bundled;
}

/**
 * What the data must hold for the k-th stay inside a zone to show as an entry (a report outside
 * since the last stay, and one inside) and as an exit (one inside, and one outside before the next).
 */
function crossingSpans(iv: readonly { t0: number; t1: number }[], k: number): { entry: [number, number][]; exit: [number, number][] } {
  const z = iv[k]!;
  const inside: [number, number] = [z.t0, z.t1];
  const before: [number, number] = [k > 0 ? iv[k - 1]!.t1 : Number.NEGATIVE_INFINITY, z.t0];
  const after: [number, number] = [z.t1, k + 1 < iv.length ? iv[k + 1]!.t0 : Number.POSITIVE_INFINITY];
  return { entry: [before, inside], exit: [inside, after] };
}

/**
 * Stays in one zone joined across a dip outside in which the ship never got `checkMoveM` from
 * where it left: a ship at anchor on the zone's edge swings across it, and the detector looks a
 * zone up again only after the vessel moved that far (seed 2704: anchored 5 h on the barrage
 * circle's edge, out for 46 min within ~30 m, then in again). The joined stay's exit window
 * spans it all, so the exit seen at the first swing out still counts.
 */
function joinSwings(plan: VesselPlan, iv: Interval[], stepMs: number): Interval[] {
  const reach = PROFILES.gfw.zones.checkMoveM;
  const out: Interval[] = [];
  const last = new Map<string, Interval>();
  for (const z of iv) {
    const prev = last.get(z.zone);
    if (prev && swung(plan, prev.t1, z.t0, reach, stepMs)) {
      prev.t1 = Math.max(prev.t1, z.t1);
      continue;
    }
    const copy = { ...z };
    out.push(copy);
    last.set(z.zone, copy);
  }
  return out;
}

/** A ship's stays in zones, sampled every 20 s, joined across swings at anchor (joinSwings). */
export function zoneStays(plan: VesselPlan, zones: readonly Zone[]): Interval[] {
  return joinSwings(plan, zoneIntervals(plan, zones, 20000), 20000);
}

/** The ship stayed within `reachM` of where it was at t0 until t1. */
function swung(plan: VesselPlan, t0: number, t1: number, reachM: number, stepMs: number): boolean {
  const from = stateAt(plan, t0);
  if (!from) return false;
  for (let t = t0 + stepMs; t < t1 + stepMs; t += stepMs) {
    const s = stateAt(plan, Math.min(t, t1));
    if (!s || distanceM(from, s) >= reachM) return false;
  }
  return true;
}

function zoneEvents(sc: Scenario, plan: VesselPlan, padMs: number): PlantedEvent[] {
  const out: PlantedEvent[] = [];
  const iv = zoneStays(plan, sc.zones);
  for (const z of iv) {
    const mmsi = [identityAt(plan, z.t0).mmsi];
    const same = iv.filter((y) => y.zone === z.zone);
    const hear = crossingSpans(same, same.indexOf(z));
    // inside from the scenario's or the ship's first instant, or still inside at either's end, is
    // not a clean crossing (seed 1811: a ship whose track begins at anchor inside the barrage circle)
    const edge = z.t0 <= Math.max(sc.t0, planStart(plan)) || z.t1 >= Math.min(sc.t1, planEnd(plan));
    // a zone only zones.geojson has (not one `analyze` bundles) is seen only with that file
    const only = bundledZoneNames().has(z.zone) ? {} : { zonesFileOnly: true };
    out.push({ type: 'zone_entry', mmsi, t0: z.t0 - padMs, t1: z.t1, zone: z.zone, mustHear: hear.entry, ...only, ...(edge ? { optional: true } : {}) });
    out.push({ type: 'zone_exit', mmsi, t0: z.t0, t1: z.t1 + padMs, zone: z.zone, crossT: z.t1, mustHear: hear.exit, ...only, ...(edge ? { optional: true } : {}) });
  }
  const visits = sc.portCallers.has(plan.id) ? (sc.visitZones === sc.zones ? iv : zoneIntervals(plan, sc.visitZones, 20000)) : [];
  if (visits.length) {
    const t0 = visits[0]!.t0;
    const t1 = Math.max(...visits.map((z) => z.t1));
    out.push({
      type: 'port_visit',
      mmsi: [identityAt(plan, t0).mmsi],
      t0,
      t1,
      note: 'Nampo: from entering the anchorage to leaving the last Nampo zone',
      ...(t1 >= sc.t1 ? { optional: true } : {}),
    });
  }
  return out;
}

/** no ship of the scenario is faster than this (m/s, 30 kn): bounds how far one moves between looks */
const MAX_SPEED_MS = 30 * 0.514444;
/** crossings are found to within this */
const CROSS_RES_MS = 10_000;
/** an inside stretch or a dip outside shorter than this may fall between two reports */
const SHORT_MS = 15 * MIN;

/**
 * Entries and exits of a shore zone, read off the plan. The distance to the coast changes no
 * faster than the ship moves, so after a look that found it d metres from the zone's edge the
 * next look can wait until it could have sailed d: few land look-ups for a long track.
 */
function shoreIntervals(plan: VesselPlan, land: LandMask, z: ShoreZone): { t0: number; t1: number }[] {
  const [w, s, e, n] = z.box;
  const look = (t: number): { inside: boolean; marginM: number } => {
    const p = stateAt(plan, t);
    if (!p) return { inside: false, marginM: 0 };
    const kx = 111_320 * Math.cos((p.lat * Math.PI) / 180);
    const boxM = Math.min((p.lat - s) * 110_574, (n - p.lat) * 110_574, (p.lon - w) * kx, (e - p.lon) * kx);
    if (boxM < 0) return { inside: false, marginM: -boxM };
    const d = land.distanceToShoreM(p.lat, p.lon);
    return { inside: d <= z.maxShoreM, marginM: Math.min(boxM, Math.abs(d - z.maxShoreM)) };
  };
  const t0 = planStart(plan);
  const t1 = planEnd(plan);
  const out: { t0: number; t1: number }[] = [];
  let prev = look(t0);
  let since = prev.inside ? t0 : -1;
  let t = t0;
  while (t < t1) {
    const next = Math.min(t1, t + Math.max(CROSS_RES_MS, (prev.marginM / MAX_SPEED_MS) * 1000));
    const cur = look(next);
    if (cur.inside !== prev.inside) {
      // bisect to the crossing (one crossing per step: the step is shorter than the margin allows a second)
      let a = t;
      let b = next;
      while (b - a > CROSS_RES_MS) {
        const m = Math.round((a + b) / 2);
        if (look(m).inside === prev.inside) a = m;
        else b = m;
      }
      if (cur.inside) since = b;
      else {
        out.push({ t0: since, t1: b });
        since = -1;
      }
    }
    prev = cur;
    t = next;
  }
  if (since >= 0) out.push({ t0: since, t1 });
  return out;
}

/**
 * The shore zone's entries and exits: truth only for an analysis without a zones file. A
 * crossing is optional where a detector may fairly see it or not: at the scenario's edges,
 * while the ship is silent, spoofed or in a coverage hole, or where it stays inside (or dips
 * outside) for less than the time between two reports.
 */
function shoreZoneEvents(sc: Scenario, plan: VesselPlan, land: LandMask, z: ShoreZone, padMs: number): PlantedEvent[] {
  const out: PlantedEvent[] = [];
  const iv = shoreIntervals(plan, land, z);
  const unheard = (t: number): boolean => {
    if (silentAt(plan, t) || plan.fake.some((f) => t >= f.t0 - SHORT_MS && t < f.t1 + SHORT_MS)) return true;
    const p = stateAt(plan, t);
    return p !== null && sc.holes.some((h) => t >= h.t0 - SHORT_MS && t <= h.t1 + SHORT_MS && p.lat >= h.box.s - 0.1 && p.lat <= h.box.n + 0.1 && p.lon >= h.box.w - 0.1 && p.lon <= h.box.e + 0.1);
  };
  iv.forEach((x, i) => {
    const short = x.t1 - x.t0 < SHORT_MS || (i > 0 && x.t0 - iv[i - 1]!.t1 < SHORT_MS) || (i + 1 < iv.length && iv[i + 1]!.t0 - x.t1 < SHORT_MS);
    const edge = x.t0 <= Math.max(sc.t0, planStart(plan)) || x.t1 >= Math.min(sc.t1, planEnd(plan));
    const entryOpt = edge || short || unheard(x.t0);
    const exitOpt = edge || short || unheard(x.t1);
    const common = { zone: z.name, withoutZonesFile: true };
    const hear = crossingSpans(iv, i);
    out.push({ type: 'zone_entry', mmsi: [identityAt(plan, x.t0).mmsi], t0: x.t0 - padMs, t1: x.t1, mustHear: hear.entry, ...common, ...(entryOpt ? { optional: true } : {}) });
    out.push({ type: 'zone_exit', mmsi: [identityAt(plan, x.t1).mmsi], t0: x.t0, t1: x.t1 + padMs, crossT: x.t1, mustHear: hear.exit, ...common, ...(exitOpt ? { optional: true } : {}) });
  });
  return out;
}

function loitering(sc: Scenario, plan: VesselPlan, land: LandMask): PlantedEvent[] {
  const out: PlantedEvent[] = [];
  const step = 5 * MIN;
  const t0 = planStart(plan);
  const t1 = planEnd(plan);
  let runStart = -1;
  const close = (end: number): void => {
    const s0 = runStart;
    runStart = -1;
    if (end - s0 < LOITER_RULE.minHours * H) return;
    let shore = 0;
    let n = 0;
    let heard = 0;
    let m = 0;
    for (let t = s0; t <= end; t += step) {
      m++;
      if (!silentAt(plan, t) && !plan.fake.some((f) => t >= f.t0 && t < f.t1)) heard++;
      if ((t - s0) % (30 * MIN) !== 0) continue;
      const s = stateAt(plan, t)!;
      shore += land.distanceToShoreM(s.lat, s.lon) / NM;
      n++;
    }
    const meanShore = shore / n;
    if (meanShore < LOITER_RULE.minShoreNm - 3) return;
    const optional =
      meanShore < LOITER_RULE.minShoreNm + 3 || end - s0 < LOITER_RULE.minHours * H + 30 * MIN || heard / m < 0.6 || s0 <= t0 || end >= t1;
    const mid = stateAt(plan, (s0 + end) / 2)!;
    out.push({
      type: 'loitering',
      mmsi: [identityAt(plan, s0).mmsi],
      t0: s0,
      t1: end,
      lat: Math.round(mid.lat * 1e4) / 1e4,
      lon: Math.round(mid.lon * 1e4) / 1e4,
      ...(optional ? { optional: true } : {}),
      note: `under ${LOITER_RULE.maxSpeedKn} kn for ${((end - s0) / H).toFixed(1)} h, ${meanShore.toFixed(0)} nm from shore${heard / m < 0.6 ? ', mostly silent' : ''}`,
    });
  };
  let last = t0;
  for (let t = t0; t <= t1; t += step) {
    const s = stateAt(plan, t);
    const slow = s !== null && s.sog < LOITER_RULE.maxSpeedKn;
    if (slow && runStart < 0) runStart = t;
    if (!slow && runStart >= 0) close(last);
    last = t;
  }
  if (runStart >= 0) close(last);
  void sc;
  return out;
}
