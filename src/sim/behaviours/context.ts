/**
 * What every planted behaviour shares: the scenario's options and planted records, the areas
 * of the bay, and `Ctx` (random streams, identity pool, land mask, the plans and truth made
 * so far, and the moves most behaviours are built from: approach, depart, wander).
 */
import { Rng } from '../prng.js';
import { destination, distanceM, KN, lerp, NM, type LatLon } from '../geodesy.js';
import type { LandMask } from '../land.js';
import { anchorageDistanceM } from '../anchorages.js';
import { IdentityPool, CN_MIDS, FOC_MIDS, flagOf } from '../identity.js';
import { PlanBuilder, UNDER_WAY, planEnd, planStart, stateAt, type Identity, type VesselPlan } from '../plan.js';
import { NAMPO_ANCHORAGE, type Zone } from '../zones.js';
import { DarkfleetError } from '../../errors.js';

export const H = 3600000;
export const MIN = 60000;

export interface ScenarioOptions {
  seed: number;
  /** scenario start, epoch ms */
  start: number;
  hours: number;
  /** hulls to simulate (planted ones included) */
  vessels: number;
  /** the hard cases of real data (src/sim/README.md "Realism"); off by default */
  realism?: boolean;
  /** a dense trawler fleet and satellite detections with truth (src/sim/behaviours/detections.ts); off by default */
  detections?: boolean;
  /** movement patterns: convoys, their look-alikes, destination changes (src/sim/README.md "Movement"); off by default */
  movement?: boolean;
  /** ships shuttling between Nampo and a Chinese anchorage, and a single round trip (behaviours/shuttles.ts); off by default */
  routes?: boolean;
}

/** planted truth in epoch ms, turned into ISO strings by the writer */
export interface PlantedEvent {
  type: string;
  mmsi: number[];
  t0: number;
  t1: number;
  lat?: number;
  lon?: number;
  flags?: string[];
  kind?: string;
  imo?: number;
  optional?: boolean;
  note?: string;
  /** zone events: the zone's name */
  zone?: string;
  /** an event of a default zone, reported only when `analyze` runs without a zones file */
  withoutZonesFile?: boolean;
  /** an event of a zone only zones.geojson defines, reported only when `analyze` has that file */
  zonesFileOnly?: boolean;
  /** circle spoofing: seconds a loop takes (index.ts makes a circle reported too sparsely optional) */
  loopS?: number;
  /**
   * encounters with a dark side: its MMSI and the window in which a report of it says it was
   * coming in slowly or alongside before it fell silent (index.ts makes an encounter none of
   * whose reports there was received optional)
   */
  alongside?: { mmsi: number; t0: number; t1: number };
  /** zone exits: when the ship crossed out (index.ts widens t1 to the first report received after it) */
  crossT?: number;
  /**
   * zone entries and exits: the spans (outside before and inside, or inside and outside after)
   * that must each hold a received report for the crossing to show in the data (index.ts makes
   * it optional otherwise: hourly reports miss a 26-min passage through the 12 nm belt)
   */
  mustHear?: readonly (readonly [number, number])[];
}

export interface PlantedNegative {
  kind: string;
  mmsi: number[];
  t0: number;
  t1: number;
  mustNotFire: string[];
  note?: string;
}

export interface Box {
  s: number;
  n: number;
  w: number;
  e: number;
}

/** open water of the bay where the planted behaviours happen */
export const OPEN: Box = { s: 37.6, n: 39.2, w: 122.6, e: 124.6 };
/** planted rendezvous keep this far from the reference anchorages: GFW's 10 km, plus room for the pair's drift */
export const ENCOUNTER_ANCHORAGE_M = 13_000;
/** Chinese trawl grounds: the western bay */
export const FISH: Box = { s: 37.7, n: 39.2, w: 122.4, e: 124.3 };
/** > 50 nm from any coast (Natural Earth 1:10m) */
export const DEEP: Box = { s: 37.95, n: 38.25, w: 123.2, e: 123.7 };
/** vessels appear and leave within this box */
export const BAY: Box = { s: 37.25, n: 39.7, w: 121.6, e: 125.0 };
/** Nampo approach, west of the estuary mouth */
export const A0: LatLon = { lat: 38.69, lon: 124.8 };
/** estuary channel, both ends, on the West Sea Barrage line of 38.700N */
export const B1: LatLon = { lat: 38.7, lon: 125.15 };
export const B2: LatLon = { lat: 38.7, lon: 125.36 };
/** estuary channel, both ends, on the West Sea Barrage line of 38.700N */

export const OPEN_MARGIN = 1000;

export class Ctx {
  rng: Rng;
  readonly pool: IdentityPool;
  readonly plans: VesselPlan[] = [];
  readonly events: PlantedEvent[] = [];
  readonly negatives: PlantedNegative[] = [];
  readonly portCallers = new Set<number>();
  readonly spots: LatLon[] = [];
  readonly counts: Record<string, number> = {};
  readonly T0: number;
  readonly T1: number;
  /** where this scenario's ships anchor off Nampo (moved per seed with `realism`) */
  anchorage: Zone = NAMPO_ANCHORAGE;
  /** realism: areas and times where the feed hears nobody */
  readonly holes: { box: Box; t0: number; t1: number }[] = [];

  constructor(
    readonly opts: ScenarioOptions,
    readonly land: LandMask,
  ) {
    this.rng = new Rng(opts.seed, 0);
    this.pool = new IdentityPool(this.rng.fork(1));
    this.T0 = opts.start;
    this.T1 = opts.start + opts.hours * H;
  }

  count(k: string): void {
    this.counts[k] = (this.counts[k] ?? 0) + 1;
  }

  /**
   * a random sea point in `box`, between minNm and maxNm from the coast, away from other planted
   * spots by sepM and from the reference anchorages by anchorageM
   */
  seaPoint(box: Box, minNm: number, maxNm = Infinity, sepM = 0, anchorageM = 0): LatLon {
    // a long scenario's spots may fill the box at sepM apart (96 h: no room left 30 km from every
    // spot for the trawl fleet): then closer, down to a quarter of sepM. Scenarios that found room
    // draw exactly as before
    for (let sep = sepM; ; sep *= 0.75) {
      for (let k = 0; k < 5000; k++) {
        const p = { lat: this.rng.range(box.s, box.n), lon: this.rng.range(box.w, box.e) };
        const d = this.land.distanceToShoreM(p.lat, p.lon) / NM;
        if (d < minNm || d > maxNm) continue;
        if (sep > 0 && this.spots.some((q) => distanceM(p, q) < sep)) continue;
        if (anchorageM > 0 && anchorageDistanceM(p) < anchorageM) continue;
        return p;
      }
      if (!(sep > sepM / 4)) break;
    }
    throw new DarkfleetError('sim_internal', `no sea point in ${JSON.stringify(box)} at ${minNm}-${maxNm} nm from shore`);
  }

  /** a time t such that [t, t + dur] lies inside the scenario with `pad` to spare on both sides */
  time(dur: number, padBefore: number, padAfter = padBefore): number {
    const lo = this.T0 + padBefore;
    const hi = this.T1 - padAfter - dur;
    if (hi < lo) throw new DarkfleetError('sim_params', 'scenario too short');
    return roundS(this.rng.range(lo, hi));
  }

  identity(from: number, mid: number, style: 'cn_fishing' | 'cn_merchant' | 'kp' | 'foc', shipType: number, imo: boolean | number = true): Identity {
    const mmsi = this.pool.mmsi(mid);
    return this.identityFor(from, mmsi, style, shipType, imo);
  }

  identityFor(from: number, mmsi: number, style: 'cn_fishing' | 'cn_merchant' | 'kp' | 'foc', shipType: number, imo: boolean | number = true): Identity {
    const rng = this.rng;
    const fishing = shipType === 30;
    const len = fishing ? rng.int(28, 60) : shipType >= 80 ? rng.int(95, 230) : rng.int(80, 190);
    const width = Math.max(6, Math.round(len * rng.range(0.14, 0.18)));
    const toBow = Math.round(len * rng.range(0.75, 0.9));
    const toPort = Math.floor(width / 2);
    const mid = Math.floor(mmsi / 1e6);
    return {
      from,
      mmsi,
      imo: typeof imo === 'number' ? imo : imo && !fishing ? this.pool.imo(true) : null,
      name: this.pool.name(style),
      callsign: this.pool.callsign(mid),
      shipType,
      flag: flagOf(mmsi),
      toBow,
      toStern: len - toBow,
      toPort,
      toStarboard: width - toPort,
      draught: fishing ? rng.range(2.5, 4.5) : rng.range(4.5, 11.5),
      destination: fishing ? '' : rng.pick(['DANDONG', 'DALIAN', 'LONGKOU', 'YANTAI', 'NAMPO', 'TIANJIN', 'QINGDAO']),
    };
  }

  addPlan(role: string, cls: 'A' | 'B', ids: Identity[], legs: VesselPlan['legs'], extra: Partial<VesselPlan> = {}): VesselPlan {
    if (legs.length === 0) throw new DarkfleetError('sim_internal', `plan for ${role} has no legs`);
    const plan: VesselPlan = { id: this.plans.length, role, cls, identities: ids, legs, off: [], fake: [], clone: false, ...extra };
    this.plans.push(plan);
    return plan;
  }

  inBox(p: LatLon, b: Box): boolean {
    return p.lat >= b.s && p.lat <= b.n && p.lon >= b.w && p.lon <= b.e;
  }

  /**
   * A builder that steams from somewhere out in the bay to arrive at `p` exactly at `t`
   * (from bearing `brg` when given). Starts at most `maxM` away, never before T0.
   */
  approach(p: LatLon, t: number, kn: number, brg?: number, maxM = 80000, margin = OPEN_MARGIN): PlanBuilder | null {
    const full = Math.min(maxM, (kn * KN * (t - this.T0)) / 1000);
    for (let k = 0; k < (brg === undefined ? 80 : 1); k++) {
      const b = brg ?? this.rng.range(0, 360);
      for (let dist = full; dist >= 2000; dist *= 0.6) {
        const q = destination(p, b, dist);
        if (!this.inBox(q, BAY) || !this.land.legAtSea(q, p, margin)) continue;
        const tS = t - Math.round(dist / (kn * KN)) * 1000;
        const pb = new PlanBuilder(Math.max(this.T0, tS), q);
        pb.toBy(p, t);
        return pb;
      }
    }
    if (brg !== undefined) return null;
    // nowhere to come from: start on the spot
    const pb = new PlanBuilder(Math.max(this.T0, t - 10 * MIN), p);
    pb.hold('stop', t, UNDER_WAY);
    return pb;
  }

  /** steams away from the builder's position until the scenario ends (or `maxM` is run) */
  depart(pb: PlanBuilder, kn: number, brg?: number, maxM = 80000, margin = OPEN_MARGIN): boolean {
    const full = Math.max(2000, Math.min(maxM, (kn * KN * (this.T1 - pb.t)) / 1000 + 2000));
    for (let k = 0; k < (brg === undefined ? 80 : 1); k++) {
      const b = brg ?? this.rng.range(0, 360);
      for (let dist = full; dist >= 2000; dist *= 0.6) {
        const q = destination(pb.pos, b, dist);
        if (!this.inBox(q, BAY) || !this.land.legAtSea(pb.pos, q, margin)) continue;
        pb.to(q, kn);
        return true;
      }
    }
    return false;
  }

  /** wanders between open-sea waypoints until `until` */
  wander(pb: PlanBuilder, until: number, kn: [number, number], box: Box = OPEN, status = UNDER_WAY): void {
    let guard = 0;
    while (pb.t < until && guard++ < 500) {
      const d = this.rng.range(15000, 60000);
      const q = destination(pb.pos, this.rng.range(0, 360), d);
      if (!this.inBox(q, box) || !this.land.legAtSea(pb.pos, q, OPEN_MARGIN)) continue;
      pb.to(q, this.rng.range(kn[0], kn[1]), status);
    }
    if (pb.t < until) pb.hold('stop', until, UNDER_WAY);
  }
}

/**
 * A ship's own speeds in Nampo's channel (A0 - B1), in and out, from a stream of its own keyed
 * by `key` (a time of its call), so the scenario's other draws stay as they were. At one speed for
 * every ship, ships due in or out at about the same time steamed the 35 km channel in lockstep:
 * a column the truth did not know was one, which the convoy detector rightly reported.
 */
export function channelKnots(ctx: Ctx, key: number): { inKn: number; outKn: number } {
  const own = new Rng(ctx.opts.seed, 5000 + (Math.abs(Math.round(key / 1000)) % 1_000_000));
  return { inKn: own.range(7, 9.5), outKn: own.range(7.5, 11) };
}

/**
 * Where a ship that left `from` at `t`, before T0, along `legs` ([waypoint, knots]) is at T0, on
 * its way along the rest of them: ships under way since before the scenario started do not all
 * set out from one point at T0 (a column 5 m apart no real traffic makes).
 */
export function onTheWay(T0: number, t: number, from: LatLon, legs: readonly [LatLon, number][]): PlanBuilder {
  let cur = from;
  let at = t;
  for (let i = 0; i < legs.length; i++) {
    const [p, kn] = legs[i]!;
    const dt = Math.round(distanceM(cur, p) / (kn * KN)) * 1000;
    if (at + dt > T0) {
      const pb = new PlanBuilder(T0, lerp(cur, p, (T0 - at) / dt));
      for (const [q, k] of legs.slice(i)) pb.to(q, k);
      return pb;
    }
    at += dt;
    cur = p;
  }
  return new PlanBuilder(T0, cur);
}

export function roundS(t: number): number {
  return Math.round(t / 1000) * 1000;
}

export const asc = (a: number, b: number): number => a - b;

export function round4(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}

export const clamp = (x: number, lo: number, hi: number): number => Math.max(lo, Math.min(hi, x));

/** a merchant identity: Chinese, North Korean or a flag of convenience */
export function merchantIdentity(ctx: Ctx, from: number, shipType: number, imo: boolean | number = true): Identity {
  const r = ctx.rng.next();
  if (r < 0.35) return ctx.identity(from, ctx.rng.pick(CN_MIDS), 'cn_merchant', shipType, imo);
  if (r < 0.7) return ctx.identity(from, 445, 'kp', shipType, imo);
  return ctx.identity(from, ctx.rng.pick(FOC_MIDS), 'foc', shipType, imo);
}

/** first and last instant (20 s steps, widened by a minute) at which the plan's true position is on the land mask, or null */
export function landSpan(ctx: Ctx, plan: VesselPlan): [number, number] | null {
  let first = -1;
  let last = -1;
  const t1 = planEnd(plan);
  for (let t = planStart(plan); t <= t1; t += 20000) {
    const s = stateAt(plan, t)!;
    if (!ctx.land.isLand(s.lat, s.lon)) continue;
    if (first < 0) first = t;
    last = t;
  }
  // a minute either side: a noisy fix near the coastline may fall inside
  return first < 0 ? null : [Math.max(planStart(plan), first - MIN), Math.min(t1, last + MIN)];
}
