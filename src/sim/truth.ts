/**
 * Ground truth read off the plans: zone entries and exits, Nampo port visits and loitering
 * are whatever the simulated tracks actually do, so the truth cannot drift from the data.
 * Planted events (encounters, gaps, identity changes, spoofing) come from ./behaviours/.
 */
import { NM } from './geodesy.js';
import type { LandMask } from './land.js';
import { identityAt, planEnd, planStart, silentAt, stateAt, type VesselPlan } from './plan.js';
import type { PlantedEvent } from './behaviours/context.js';
import type { Scenario } from './scenario.js';
import { inZone, type Zone } from './zones.js';

const MIN = 60000;
const H = 3600000;

/** zone event ranges are widened by this much on the side a detector might place them */
export const ZONE_PAD_MS = 15 * MIN;

export interface LoiterRule {
  maxSpeedKn: number;
  minHours: number;
  minShoreNm: number;
}
/** GFW's loitering definition (DESIGN.md "Detector defaults") */
export const LOITER_RULE: LoiterRule = { maxSpeedKn: 2, minHours: 2, minShoreNm: 20 };

interface Interval {
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

export function deriveTruth(sc: Scenario, land: LandMask): PlantedEvent[] {
  const out: PlantedEvent[] = [];
  for (const plan of sc.plans) {
    if (plan.clone) continue;
    if (nearNampo(plan)) out.push(...zoneEvents(sc, plan));
    out.push(...loitering(sc, plan, land));
  }
  return out;
}

function zoneEvents(sc: Scenario, plan: VesselPlan): PlantedEvent[] {
  const out: PlantedEvent[] = [];
  const iv = zoneIntervals(plan, sc.zones, 20000);
  for (const z of iv) {
    const mmsi = [identityAt(plan, z.t0).mmsi];
    // entering at the scenario's first instant or still inside at its end is not a clean crossing
    const edge = z.t0 <= sc.t0 || z.t1 >= sc.t1;
    out.push({ type: 'zone_entry', mmsi, t0: z.t0 - ZONE_PAD_MS, t1: z.t1, zone: z.zone, ...(edge ? { optional: true } : {}) } as PlantedEvent);
    out.push({ type: 'zone_exit', mmsi, t0: z.t0, t1: z.t1 + ZONE_PAD_MS, zone: z.zone, ...(edge ? { optional: true } : {}) } as PlantedEvent);
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
