/**
 * Satellite vessel detections with ground truth (`detections: true`), read off the plans like
 * the AIS: passes every 6 hours over the bay, each detecting
 *   - broadcasting vessels (half of those at sea and heard within the hour either side), at
 *     their true position with 15 m of noise and their length within ~10%;
 *   - vessels silent at the time (planted gaps, short gaps, dark partners), at least 1 h inside
 *     their silence; every broadcasting vessel within 3 km of one is detected too, so a match
 *     can only be wrong by the matcher's choice, not by a missing detection;
 *   - sea clutter: small, low-confidence returns at sea more than 5 km from any vessel;
 * and one pass over the dense trawler fleet (dense-fleet.ts), every trawler detected.
 * Written as the generic detections CSV (`time,lat,lon,length_m,confidence,source,scene_id,detect_id`).
 */
import { distanceM, offset, type LatLon } from '../geodesy.js';
import { identityAt, planEnd, planStart, silentAt, stateAt, type VesselPlan } from '../plan.js';
import type { Rng } from '../prng.js';
import type { TruthDarkGroup, TruthDetection } from '../truth-types.js';
import { darkGroups, type Pass } from './dark-convoys.js';
import type { LandMask } from '../land.js';
import { BAY, H, MIN, type Box, type PlantedEvent } from './context.js';

export const DETECTIONS_HEADER = 'time,lat,lon,length_m,confidence,source,scene_id,detect_id';
const PASS_EVERY = 6 * H;
const NOISE_M = 15;
const CLUTTER_PER_PASS = 8;

interface Row {
  t: number;
  p: LatLon;
  len: number;
  conf: number;
  scene: string;
  truth: Omit<TruthDetection, 'id' | 'time' | 'lat' | 'lon'>;
}

const lengthOf = (plan: VesselPlan, t: number): number => {
  const id = identityAt(plan, t);
  return id.toBow + id.toStern;
};

function heardAround(plan: VesselPlan, t: number): boolean {
  for (let x = t - H; x <= t + H; x += 10 * MIN) if (silentAt(plan, x)) return false;
  return true;
}

function fakeAround(plan: VesselPlan, t: number): boolean {
  return plan.fake.some((f) => f.t0 <= t + H && f.t1 >= t - H);
}

export interface DetectionScenario {
  plans: VesselPlan[];
  events: PlantedEvent[];
  t0: number;
  t1: number;
  land: LandMask;
  dense: { centre: LatLon; mmsi: number[] } | null;
  /** plant dark convoys and their look-alikes (dark-convoys.ts) with this random stream */
  darkConvoys?: Rng;
}

export function satelliteDetections(sc: DetectionScenario, rng: Rng): { csv: string; truth: TruthDetection[]; groups?: TruthDarkGroup[] } {
  const rows: Row[] = [];
  const passes: Pass[] = [];
  const plans = sc.plans.filter((p) => !p.clone);
  const denseSet = new Set(sc.dense?.mmsi ?? []);
  const inBay = (q: LatLon, b: Box = BAY): boolean => q.lat >= b.s && q.lat <= b.n && q.lon >= b.w && q.lon <= b.e;
  const noisy = (q: LatLon): LatLon => offset(q, rng.normal() * NOISE_M, rng.normal() * NOISE_M);
  const det = (plan: VesselPlan, t: number, scene: string, truth: Row['truth']): void => {
    const s = stateAt(plan, t)!;
    rows.push({ t, p: noisy(s), len: Math.max(5, Math.round(lengthOf(plan, t) * (1 + rng.normal() * 0.08))), conf: rng.range(0.75, 0.99), scene, truth });
  };
  let k = 0;
  for (let t = sc.t0 + 3 * H; t <= sc.t1 - 3 * H; t += PASS_EVERY, k++) {
    const scene = `SIMSAR_${k}`;
    passes.push({ t, scene });
    const at = (plan: VesselPlan): LatLon | null => {
      if (t < planStart(plan) || t > planEnd(plan)) return null;
      const s = stateAt(plan, t);
      return s && inBay(s) && !sc.land.isLand(s.lat, s.lon) ? s : null;
    };
    const where = new Map<VesselPlan, LatLon>();
    for (const plan of plans) {
      const q = at(plan);
      if (q) where.set(plan, q);
    }
    const detected = new Set<VesselPlan>();
    // silent vessels first: they decide which neighbours must be detected
    for (const [plan, q] of where) {
      if (denseSet.has(identityAt(plan, t).mmsi) || fakeAround(plan, t)) continue;
      const off = plan.off.find(([a, b]) => t >= a + H && t <= b - H);
      if (!off) continue;
      const mmsi = identityAt(plan, t).mmsi;
      const enc = sc.events.find((e) => e.type === 'encounter' && e.mmsi.includes(mmsi) && e.t0 <= t && e.t1 >= t);
      const partner = enc?.mmsi.find((m) => m !== mmsi);
      det(plan, t, scene, { kind: 'dark', mmsi, ...(partner !== undefined ? { partner } : {}) });
      detected.add(plan);
      for (const [other, r] of where) {
        if (other === plan || detected.has(other) || silentAt(other, t) || distanceM(q, r) > 3000) continue;
        det(other, t, scene, { kind: 'broadcasting', mmsi: identityAt(other, t).mmsi });
        detected.add(other);
      }
    }
    for (const [plan, q] of where) {
      if (detected.has(plan) || !heardAround(plan, t) || fakeAround(plan, t) || !q) continue;
      if (denseSet.has(identityAt(plan, t).mmsi) || !rng.chance(0.5)) continue;
      det(plan, t, scene, { kind: 'broadcasting', mmsi: identityAt(plan, t).mmsi });
      detected.add(plan);
    }
    for (let c = 0, tries = 0; c < CLUTTER_PER_PASS && tries < 2000; tries++) {
      const q = { lat: rng.range(BAY.s, BAY.n), lon: rng.range(BAY.w, BAY.e) };
      if (sc.land.distanceToShoreM(q.lat, q.lon) < 2000) continue;
      let clear = true;
      for (const plan of plans) {
        for (const x of [t - H, t, t + H]) {
          const s = x >= planStart(plan) && x <= planEnd(plan) ? stateAt(plan, x) : null;
          if (s && distanceM(s, q) < 5000) clear = false;
        }
        if (!clear) break;
      }
      if (!clear) continue;
      rows.push({ t, p: q, len: rng.int(3, 12), conf: rng.range(0.2, 0.5), scene, truth: { kind: 'clutter', mmsi: null } });
      c++;
    }
  }
  let planted: ReturnType<typeof darkGroups> | null = null;
  if (sc.darkConvoys) {
    const clear = (q: LatLon, t: number): boolean => {
      for (const plan of plans) {
        for (const x of [t - H, t, t + H]) {
          const s = x >= planStart(plan) && x <= planEnd(plan) ? stateAt(plan, x) : null;
          if (s && distanceM(s, q) < 5000) return false;
        }
      }
      return true;
    };
    planted = darkGroups(passes, sc.land, clear, sc.darkConvoys);
    for (const r of planted.rows) rows.push({ t: r.t, p: noisy(r.p), len: r.len, conf: r.conf, scene: r.scene, truth: { kind: 'dark_group', mmsi: null, group: r.group } });
  }
  if (sc.dense) {
    const t = sc.t0 + Math.round((sc.t1 - sc.t0) / 2 / 60000) * 60000 + 17 * MIN;
    for (const plan of plans) {
      const mmsi = identityAt(plan, t).mmsi;
      if (denseSet.has(mmsi) && stateAt(plan, t)) det(plan, t, 'SIMSAR_DENSE', { kind: 'dense', mmsi });
    }
  }
  rows.sort((a, b) => a.t - b.t || a.p.lat - b.p.lat);
  const truth: TruthDetection[] = [];
  const lines = [DETECTIONS_HEADER];
  rows.forEach((r, i) => {
    const id = `simdet-${i}`;
    const time = new Date(r.t).toISOString().replace('.000Z', 'Z');
    const lat = Math.round(r.p.lat * 1e6) / 1e6;
    const lon = Math.round(r.p.lon * 1e6) / 1e6;
    lines.push(`${time},${lat},${lon},${r.len},${r.conf.toFixed(3)},sar,${r.scene},${id}`);
    truth.push({ id, time, lat, lon, ...r.truth });
  });
  if (!planted) return { csv: `${lines.join('\n')}\n`, truth };
  const groups: TruthDarkGroup[] = planted.groups.map((g, i) => ({ ...g, detections: truth.filter((d) => d.group === i).map((d) => d.id) }));
  return { csv: `${lines.join('\n')}\n`, truth, groups };
}
