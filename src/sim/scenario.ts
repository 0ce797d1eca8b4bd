/**
 * The West Korea Bay scenario: who sails where, and what is planted. Builds vessel plans
 * (./plan.ts) and the planted part of the ground truth; the rest of the truth (zone entries,
 * port visits, loitering) is read off the plans by ./truth.ts.
 *
 * Every leg is checked against Natural Earth 1:10m land (./land.ts) so tracks stay at sea:
 * open-sea legs keep 1 km from the coast, the Taedong estuary legs to Nampo 60 m.
 */
import { Rng } from './prng.js';
import { destination, distanceM, KN, NM, offset, type LatLon } from './geodesy.js';
import type { LandMask } from './land.js';
import { IdentityPool, CN_MIDS, FOC_MIDS, flagOf } from './identity.js';
import { AT_ANCHOR, FISHING, MOORED, PlanBuilder, UNDER_WAY, planEnd, planStart, stateAt, type Identity, type VesselPlan } from './plan.js';
import { NAMPO_ANCHORAGE, NAMPO_PORT, type Zone } from './zones.js';
import { isNight, sunAltitudeDeg } from './sun.js';
import { DarkfleetError } from '../errors.js';

const H = 3600000;
const MIN = 60000;

export interface ScenarioOptions {
  seed: number;
  /** scenario start, epoch ms */
  start: number;
  hours: number;
  /** hulls to simulate (planted ones included) */
  vessels: number;
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
}

export interface PlantedNegative {
  kind: string;
  mmsi: number[];
  t0: number;
  t1: number;
  mustNotFire: string[];
  note?: string;
}

export interface Scenario {
  opts: ScenarioOptions;
  t0: number;
  t1: number;
  plans: VesselPlan[];
  events: PlantedEvent[];
  negatives: PlantedNegative[];
  /** plan ids that call at Nampo (port visits are derived from their tracks) */
  portCallers: Set<number>;
  /** what was planted, for the README */
  counts: Record<string, number>;
}

interface Box {
  s: number;
  n: number;
  w: number;
  e: number;
}

/** open water of the bay where the planted behaviours happen */
const OPEN: Box = { s: 37.6, n: 39.2, w: 122.6, e: 124.6 };
/** Chinese trawl grounds: the western bay */
const FISH: Box = { s: 37.7, n: 39.2, w: 122.4, e: 124.3 };
/** > 50 nm from any coast (Natural Earth 1:10m) */
const DEEP: Box = { s: 37.95, n: 38.25, w: 123.2, e: 123.7 };
/** vessels appear and leave within this box */
const BAY: Box = { s: 37.25, n: 39.7, w: 121.6, e: 125.0 };
/** Nampo approach, west of the estuary mouth */
const A0: LatLon = { lat: 38.69, lon: 124.8 };
/** estuary channel, both ends, on the West Sea Barrage line of 38.700N */
const B1: LatLon = { lat: 38.7, lon: 125.15 };
const B2: LatLon = { lat: 38.7, lon: 125.36 };

/** through traffic lanes (waypoints), checked against the land mask in tests */
export const LANES: readonly LatLon[][] = [
  [{ lat: 37.25, lon: 124.1 }, { lat: 39.7, lon: 124.1 }],
  [{ lat: 37.25, lon: 122.8 }, { lat: 39.5, lon: 123.9 }],
  [{ lat: 38.25, lon: 121.6 }, { lat: 37.25, lon: 124.7 }],
  [{ lat: 38.65, lon: 121.9 }, { lat: 38.3, lon: 123.5 }, { lat: 37.25, lon: 124.4 }],
];

const OPEN_MARGIN = 1000;

class Ctx {
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

  /** a random sea point in `box`, between minNm and maxNm from the coast, away from other planted spots */
  seaPoint(box: Box, minNm: number, maxNm = Infinity, sepM = 0): LatLon {
    for (let k = 0; k < 5000; k++) {
      const p = { lat: this.rng.range(box.s, box.n), lon: this.rng.range(box.w, box.e) };
      const d = this.land.distanceToShoreM(p.lat, p.lon) / NM;
      if (d < minNm || d > maxNm) continue;
      if (sepM > 0 && this.spots.some((q) => distanceM(p, q) < sepM)) continue;
      return p;
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

function roundS(t: number): number {
  return Math.round(t / 1000) * 1000;
}

const asc = (a: number, b: number): number => a - b;

// ---------------------------------------------------------------- background traffic

function trawlers(ctx: Ctx, n: number): void {
  const { rng } = ctx;
  let made = 0;
  while (made < n) {
    const pair = n - made >= 2 && rng.chance(0.35);
    const cls = rng.chance(0.5) ? 'B' : 'A';
    const mid = rng.pick(CN_MIDS);
    const lead = ctx.identity(ctx.T0, mid, 'cn_fishing', 30, false);
    const plan = trawlerPlan(ctx, lead, cls, !pair, pair ? 'pair_trawler' : 'trawler');
    made++;
    if (!pair) continue;
    const m = /^(.*) (\d+)$/.exec(lead.name);
    const mate = ctx.identity(ctx.T0, mid, 'cn_fishing', 30, false);
    if (m) mate.name = `${m[1]} ${Number(m[2]) + 1}`;
    const dist = rng.range(220, 480);
    const ang = rng.range(0, 2 * Math.PI);
    const start = stateAt(plan, ctx.T0)!;
    const pb = new PlanBuilder(ctx.T0, offset(start, dist * Math.sin(ang), dist * Math.cos(ang)));
    pb.follow(plan, planEnd(plan), dist * Math.sin(ang), dist * Math.cos(ang), FISHING);
    const mate_ = ctx.addPlan('pair_trawler', cls, [mate], pb.legs);
    made++;
    ctx.count('pair_trawls');
    ctx.negatives.push({
      kind: 'pair_trawl',
      mmsi: [lead.mmsi, mate.mmsi].sort(asc),
      t0: ctx.T0,
      t1: Math.min(planEnd(plan), planEnd(mate_)),
      mustNotFire: ['encounter', 'loitering'],
      note: `pair trawlers ${Math.round(dist)} m apart at 2.7-3.8 kn`,
    });
  }
}

/** trawling legs of 3-8 h at 2.7-3.8 kn with gentle turns; singles sometimes shift ground at 8-10 kn */
function trawlerPlan(ctx: Ctx, id: Identity, cls: 'A' | 'B', mayRelocate: boolean, role: string): VesselPlan {
  const { rng } = ctx;
  const pb = new PlanBuilder(ctx.T0, ctx.seaPoint(FISH, 8));
  let hdg = rng.range(0, 360);
  const centre = { lat: (FISH.s + FISH.n) / 2, lon: (FISH.w + FISH.e) / 2 };
  while (pb.t < ctx.T1) {
    const relocate = mayRelocate && rng.chance(0.12);
    const kn = relocate ? rng.range(8, 10) : rng.range(2.7, 3.8);
    const dur = relocate ? rng.range(1, 2) * H : rng.range(3, 8) * H;
    let done = false;
    for (let k = 0; k < 40 && !done; k++) {
      const h = k < 20 ? hdg + rng.range(-60, 60) : bearingTo(pb.pos, centre) + rng.range(-40, 40);
      const q = destination(pb.pos, h, (kn * KN * dur) / 1000);
      if (!ctx.inBox(q, FISH) || !ctx.land.legAtSea(pb.pos, q, OPEN_MARGIN)) continue;
      pb.to(q, kn, relocate ? UNDER_WAY : FISHING);
      hdg = h;
      done = true;
    }
    if (!done) {
      // boxed in by the coast: turn back the way we came
      hdg = (hdg + 180) % 360;
      const q = destination(pb.pos, hdg, (kn * KN * H) / 1000);
      if (ctx.land.legAtSea(pb.pos, q, OPEN_MARGIN)) pb.to(q, kn, relocate ? UNDER_WAY : FISHING);
      else pb.hold('stop', pb.t + 10 * MIN, FISHING);
    }
  }
  return ctx.addPlan(role, cls, [id], pb.clip(ctx.T1));
}

function bearingTo(a: LatLon, b: LatLon): number {
  const y = Math.sin(((b.lon - a.lon) * Math.PI) / 180) * Math.cos((b.lat * Math.PI) / 180);
  const x =
    Math.cos((a.lat * Math.PI) / 180) * Math.sin((b.lat * Math.PI) / 180) -
    Math.sin((a.lat * Math.PI) / 180) * Math.cos((b.lat * Math.PI) / 180) * Math.cos(((b.lon - a.lon) * Math.PI) / 180);
  return ((Math.atan2(y, x) * 180) / Math.PI + 360) % 360;
}

function lanePoint(lane: readonly LatLon[], f: number): { p: LatLon; next: number } {
  const lens = lane.slice(1).map((q, k) => distanceM(lane[k]!, q));
  let d = f * lens.reduce((a, b) => a + b, 0);
  for (let k = 0; k < lens.length; k++) {
    if (d <= lens[k]!) {
      const a = lane[k]!;
      const b = lane[k + 1]!;
      const g = d / lens[k]!;
      return { p: { lat: a.lat + (b.lat - a.lat) * g, lon: a.lon + (b.lon - a.lon) * g }, next: k + 1 };
    }
    d -= lens[k]!;
  }
  return { p: lane[lane.length - 1]!, next: lane.length };
}

function transits(ctx: Ctx, n: number): void {
  const { rng } = ctx;
  for (let k = 0; k < n; k++) {
    const base = rng.pick(LANES);
    const lane = rng.chance(0.5) ? [...base].reverse() : [...base];
    const kn = rng.range(9, 13.5);
    const id = merchantIdentity(ctx, ctx.T0, rng.chance(0.5) ? 80 : 70);
    const enRoute = rng.chance(0.5);
    const { p, next } = enRoute ? lanePoint(lane, rng.range(0, 0.8)) : { p: lane[0]!, next: 1 };
    const pb = new PlanBuilder(enRoute ? ctx.T0 : ctx.time(0, 0, Math.min(3 * H, (ctx.T1 - ctx.T0) / 2)), p);
    for (let j = next; j < lane.length; j++) pb.to(lane[j]!, kn);
    ctx.addPlan(id.shipType >= 80 ? 'tanker' : 'cargo', 'A', [id], pb.clip(ctx.T1));
  }
}

/** a merchant identity: Chinese, North Korean or a flag of convenience */
function merchantIdentity(ctx: Ctx, from: number, shipType: number, imo: boolean | number = true): Identity {
  const r = ctx.rng.next();
  if (r < 0.35) return ctx.identity(from, ctx.rng.pick(CN_MIDS), 'cn_merchant', shipType, imo);
  if (r < 0.7) return ctx.identity(from, 445, 'kp', shipType, imo);
  return ctx.identity(from, ctx.rng.pick(FOC_MIDS), 'foc', shipType, imo);
}

// ---------------------------------------------------------------- Nampo port calls

interface Slots {
  anchor: LatLon[];
  berth: LatLon[];
}

function nampoSlots(ctx: Ctx): Slots {
  const grid = (z: Zone, withinM: number, stepM: number, ok: (p: LatLon) => boolean): LatLon[] => {
    const out: LatLon[] = [];
    const n = Math.ceil(withinM / stepM);
    for (let i = -n; i <= n; i++) {
      for (let j = -n; j <= n; j++) {
        const p = offset(z.centre, i * stepM, j * stepM);
        if (distanceM(p, z.centre) <= withinM && ok(p)) out.push(p);
      }
    }
    return out;
  };
  // anchor berths 700 m apart, clear of the anchorage edge and of the shore
  const anchor = grid(NAMPO_ANCHORAGE, NAMPO_ANCHORAGE.radiusM - 900, 700, (p) => ctx.land.distanceToShoreM(p.lat, p.lon) > 400);
  const berth = grid(NAMPO_PORT, NAMPO_PORT.radiusM - 600, 550, (p) => ctx.land.distanceToShoreM(p.lat, p.lon) > 120 && ctx.land.legAtSea(B2, p, 60, 50));
  return { anchor, berth };
}

interface PortCall {
  tAnchor: number;
  wait: number;
  moor: number;
}

/** anchorage wait, berth, departure; returns the plan or null when the slots ran out */
function portCall(ctx: Ctx, slots: Slots, call: PortCall, id: Identity, slot?: LatLon): VesselPlan | null {
  const { rng } = ctx;
  const anchorAt = slot ?? slots.anchor.splice(rng.int(0, slots.anchor.length - 1), 1)[0];
  const berth = slots.berth.length ? slots.berth.splice(rng.int(0, slots.berth.length - 1), 1)[0] : undefined;
  if (!anchorAt || !berth) return null;
  const tA0 = call.tAnchor - Math.round(distanceM(A0, anchorAt) / (8 * KN)) * 1000;
  const pb = ctx.approach(A0, tA0, rng.range(9, 12.5), undefined, 90000);
  if (!pb) return null;
  pb.to(anchorAt, 8);
  pb.hold('anchor', call.tAnchor + call.wait, AT_ANCHOR);
  pb.to(B1, 6);
  pb.to(B2, 6);
  pb.to(berth, 5);
  pb.hold('moored', pb.t + call.moor, MOORED);
  pb.to(B2, 5);
  pb.to(B1, 6);
  pb.to(A0, 9);
  ctx.depart(pb, rng.range(9, 12.5), undefined, 60000);
  const plan = ctx.addPlan(id.shipType >= 80 ? 'tanker' : 'cargo', 'A', [{ ...id, destination: 'NAMPO' }], pb.clip(ctx.T1));
  ctx.portCallers.add(plan.id);
  ctx.count('port_calls');
  return plan;
}

/** hours a port call spends between anchoring and clearing the anchorage again, beyond wait + moor */
const PORT_OVERHEAD = 8 * H;

function portCalls(ctx: Ctx, slots: Slots, n: number, anchoredPair: boolean): void {
  const { rng } = ctx;
  const avail = ctx.T1 - ctx.T0 - 3 * H - PORT_OVERHEAD;
  if (avail < 4 * H) return;
  const span = (lo: number, hi: number): number => roundS(Math.min(rng.range(lo, hi) * H, avail / 2));
  if (anchoredPair) {
    const wait1 = span(5, 8);
    const delta = roundS(rng.range(0.3, 1) * H);
    const wait2 = Math.max(wait1 - delta + roundS(rng.range(0, 1) * H), 3.5 * H);
    const moor = span(3, 8);
    const total = Math.max(wait1, delta + wait2) + moor;
    if (total <= avail) {
      const tA1 = ctx.time(total + PORT_OVERHEAD, 2 * H, 1 * H);
      const slot = slots.anchor.splice(rng.int(0, slots.anchor.length - 1), 1)[0];
      if (slot) {
        const slot2 = offset(slot, rng.range(110, 170), rng.range(-30, 30));
        const a = portCall(ctx, slots, { tAnchor: tA1, wait: wait1, moor }, merchantIdentity(ctx, ctx.T0, 70), slot);
        const b = portCall(ctx, slots, { tAnchor: tA1 + delta, wait: wait2, moor }, merchantIdentity(ctx, ctx.T0, 80), slot2);
        if (a && b) {
          ctx.count('anchored_pairs');
          ctx.negatives.push({
            kind: 'anchored_pair',
            mmsi: [a.identities[0]!.mmsi, b.identities[0]!.mmsi].sort(asc),
            t0: tA1 + delta,
            t1: Math.min(tA1 + wait1, tA1 + delta + wait2),
            mustNotFire: ['encounter'],
            note: 'two ships anchored side by side inside the Nampo anchorage, ~150 m apart',
          });
        }
      }
    }
  }
  for (let k = 0; k < n; k++) {
    const wait = span(2, 9);
    const moor = span(3, 10);
    const tA = ctx.time(wait + moor + PORT_OVERHEAD, 2 * H, 1 * H);
    portCall(ctx, slots, { tAnchor: tA, wait, moor }, merchantIdentity(ctx, ctx.T0, rng.chance(0.4) ? 80 : 70));
  }
}

// ---------------------------------------------------------------- planted behaviours

function encounters(ctx: Ctx, n: number): void {
  const { rng } = ctx;
  for (let k = 0; k < n; k++) {
    const dur = roundS(Math.min(rng.range(3, 8), ctx.opts.hours - 8) * H);
    if (dur < 3 * H) return;
    const p = ctx.seaPoint(OPEN, 14, Infinity, 25000);
    ctx.spots.push(p);
    const wantNight = rng.chance(0.75);
    let ts = ctx.time(dur, 3 * H);
    for (let tries = 0; tries < 200; tries++) {
      const alt = sunAltitudeDeg(ts + dur / 2, p.lat, p.lon);
      if (wantNight ? alt < -6 : alt > 6) break;
      ts = ctx.time(dur, 3 * H);
    }
    const te = ts + dur;
    const tankerPair = rng.chance(0.4);
    const giverMid = rng.chance(0.5) ? rng.pick(FOC_MIDS) : 445;
    const giver = ctx.identity(ctx.T0, giverMid, giverMid === 445 ? 'kp' : 'foc', 80);
    const taker = ctx.identity(ctx.T0, rng.chance(0.7) ? 445 : rng.pick(FOC_MIDS), 'kp', tankerPair ? 80 : 70);
    // the giver drifts slowly; the taker lies alongside 60-150 m off
    const a = ctx.approach(p, ts, rng.range(9, 12))!;
    let q = p;
    const legs = rng.int(1, 3);
    for (let j = 1; j <= legs; j++) {
      const tj = j === legs ? te : roundS(ts + (dur * j) / legs);
      const kn = rng.range(0.2, 0.8);
      const next = destination(q, rng.range(0, 360), (kn * KN * (tj - (ts + (dur * (j - 1)) / legs))) / 1000);
      a.toBy(next, tj);
      q = next;
    }
    ctx.depart(a, rng.range(9, 12));
    const giverPlan = ctx.addPlan(giver.shipType >= 80 ? 'tanker' : 'cargo', 'A', [giver], a.clip(ctx.T1));
    const sep = rng.range(60, 150);
    const ang = rng.range(0, 2 * Math.PI);
    const east = sep * Math.sin(ang);
    const north = sep * Math.cos(ang);
    const b = ctx.approach(offset(p, east, north), ts, rng.range(9, 12))!;
    b.follow(giverPlan, te, east, north, UNDER_WAY);
    ctx.depart(b, rng.range(9, 12));
    const takerPlan = ctx.addPlan(taker.shipType >= 80 ? 'tanker' : 'cargo', 'A', [taker], b.clip(ctx.T1));
    const dark = n === 1 ? false : k % 2 === 1;
    if (dark) takerPlan.off.push([ts + 30 * MIN, te - 30 * MIN]);
    const mid = stateAt(giverPlan, ts + dur / 2)!;
    const flags: string[] = [];
    if (isNight(ts + dur / 2, mid.lat, mid.lon)) flags.push('night');
    if (ctx.land.distanceToShoreM(mid.lat, mid.lon) > 12 * NM) flags.push('outside_territorial_sea');
    if (giver.shipType >= 80 && taker.shipType >= 80) flags.push('tanker_pair');
    if (dark) flags.push('dark_partner');
    ctx.count('encounters');
    ctx.events.push({
      type: 'encounter',
      mmsi: [giver.mmsi, taker.mmsi].sort(asc),
      t0: ts,
      t1: te,
      lat: round4(mid.lat),
      lon: round4(mid.lon),
      flags,
      note: dark ? `${taker.mmsi} silent from 30 min after the start to 30 min before the end` : `alongside ${Math.round(sep)} m`,
    });
  }
}

function loiterers(ctx: Ctx, n: number): void {
  const { rng } = ctx;
  for (let k = 0; k < n; k++) {
    const dur = roundS(Math.min(rng.range(4, 10), ctx.opts.hours - 6) * H);
    if (dur < 4 * H) return;
    const p = ctx.seaPoint(OPEN, 24, Infinity, 25000);
    ctx.spots.push(p);
    const ts = ctx.time(dur, 2.5 * H);
    const id = merchantIdentity(ctx, ctx.T0, rng.chance(0.6) ? 80 : 70);
    const pb = ctx.approach(p, ts, rng.range(9, 12))!;
    const legs = rng.int(2, 3);
    for (let j = 1; j <= legs; j++) {
      const tj = j === legs ? ts + dur : roundS(ts + (dur * j) / legs);
      const kn = rng.range(0.3, 1.2);
      pb.toBy(destination(pb.pos, rng.range(0, 360), (kn * KN * (tj - pb.t)) / 1000), tj);
    }
    ctx.depart(pb, rng.range(9, 12));
    ctx.addPlan(id.shipType >= 80 ? 'tanker' : 'cargo', 'A', [id], pb.clip(ctx.T1));
    ctx.count('loiterers');
  }
}

function gaps(ctx: Ctx, n: number): void {
  const { rng } = ctx;
  for (let k = 0; k < n; k++) {
    const maxGap = Math.min(40, ctx.opts.hours - 6);
    if (maxGap < 12) return;
    const gap = roundS(rng.range(12, maxGap) * H);
    const deep = k % 2 === 0;
    const g = deep ? ctx.seaPoint(DEEP, 50.5) : ctx.seaPoint(FISH, 14);
    const tg = ctx.time(gap, 2.5 * H);
    const id = merchantIdentity(ctx, ctx.T0, rng.chance(0.6) ? 80 : 70);
    const pb = ctx.approach(g, tg, rng.range(8, 11))!;
    ctx.wander(pb, tg + gap, [5, 8]);
    ctx.depart(pb, rng.range(8, 11));
    const plan = ctx.addPlan(id.shipType >= 80 ? 'tanker' : 'cargo', 'A', [id], pb.clip(ctx.T1));
    plan.off.push([tg, tg + gap]);
    const flags = ctx.land.distanceToShoreM(g.lat, g.lon) > 50 * NM ? ['likely_disabling'] : [];
    ctx.count('gaps');
    ctx.events.push({ type: 'gap', mmsi: [id.mmsi], t0: tg, t1: tg + gap, lat: round4(g.lat), lon: round4(g.lon), flags });
  }
}

function shortGaps(ctx: Ctx, n: number, pool: VesselPlan[]): void {
  const { rng } = ctx;
  for (let k = 0; k < n && pool.length; k++) {
    const plan = pool.splice(rng.int(0, pool.length - 1), 1)[0]!;
    const gap = roundS(rng.range(3, 8) * H);
    if (ctx.opts.hours * H < gap + 4 * H) return;
    const t = ctx.time(gap, 2 * H);
    plan.off.push([t, t + gap]);
    ctx.count('short_gaps');
    ctx.negatives.push({ kind: 'short_gap', mmsi: [plan.identities[0]!.mmsi], t0: t, t1: t + gap, mustNotFire: ['gap'], note: `AIS off ${(gap / H).toFixed(1)} h` });
  }
}

function identityHull(ctx: Ctx): void {
  const { rng } = ctx;
  const changes = ctx.opts.hours >= 24 ? 3 : 2;
  const imo = ctx.pool.imo(true);
  const mids = [445, ...pickDistinct(rng, FOC_MIDS, changes)];
  const pb = new PlanBuilder(ctx.T0, ctx.seaPoint(OPEN, 14));
  ctx.wander(pb, ctx.T1, [6, 9]);
  const ids: Identity[] = [];
  const off: [number, number][] = [];
  let from = ctx.T0;
  const first = ctx.identity(from, mids[0]!, 'kp', 80, imo);
  ids.push(first);
  for (let k = 1; k <= changes; k++) {
    const centre = ctx.T0 + ((ctx.T1 - ctx.T0) * k) / (changes + 1);
    const ts = roundS(centre + rng.range(-0.1, 0.1) * ((ctx.T1 - ctx.T0) / (changes + 1)));
    const silence = roundS(rng.range(1, 2.5) * H);
    from = ts + silence;
    const next = { ...ctx.identity(from, mids[k]!, 'foc', 80, imo), toBow: first.toBow, toStern: first.toStern, toPort: first.toPort, toStarboard: first.toStarboard };
    off.push([ts, from]);
    ctx.events.push({
      type: 'identity_change',
      mmsi: [ids[ids.length - 1]!.mmsi, next.mmsi].sort(asc),
      t0: ts,
      t1: from,
      imo,
      flags: k >= 2 ? ['flag_hopping'] : [],
      note: `${ids[ids.length - 1]!.name} (${ids[ids.length - 1]!.flag}) -> ${next.name} (${next.flag}) after ${(silence / H).toFixed(1)} h silent`,
    });
    ids.push(next);
  }
  const plan = ctx.addPlan('tanker', 'A', ids, pb.clip(ctx.T1));
  plan.off.push(...off);
  ctx.count('identity_changes');
}

function pickDistinct<T>(rng: Rng, items: readonly T[], n: number): T[] {
  const rest = [...items];
  const out: T[] = [];
  while (out.length < n && rest.length) out.push(rest.splice(rng.int(0, rest.length - 1), 1)[0]!);
  return out;
}

function wanderer(ctx: Ctx, id: Identity, role: string, cls: 'A' | 'B' = 'A'): VesselPlan {
  const pb = new PlanBuilder(ctx.T0, ctx.seaPoint(OPEN, 14));
  ctx.wander(pb, ctx.T1, [7, 11]);
  return ctx.addPlan(role, cls, [id], pb.clip(ctx.T1));
}

function spoofing(ctx: Ctx): void {
  const { rng } = ctx;
  const whole = (plan: VesselPlan, kind: string, note: string): void => {
    ctx.events.push({ type: 'spoofing', mmsi: [plan.identities[0]!.mmsi], t0: planStart(plan), t1: planEnd(plan), kind, note });
    ctx.count(`spoofing_${kind}`);
  };
  // invalid MMSIs: a fishing boat with the default 123456789, a ship with a placeholder MMSI
  ctx.pool.reserve(123456789);
  ctx.pool.reserve(445000000);
  const boat = ctx.identityFor(ctx.T0, 123456789, 'cn_fishing', 30, false);
  boat.flag = null;
  whole(trawlerPlan(ctx, boat, 'B', true, 'trawler'), 'invalid_mmsi', 'MMSI 123456789: MID 123 is not allocated');
  whole(wanderer(ctx, ctx.identityFor(ctx.T0, 445000000, 'kp', 70), 'cargo'), 'invalid_mmsi', 'MMSI 445000000: placeholder, six zeros after the MID');
  // invalid IMO check digit
  const badImo = ctx.pool.imo(false);
  whole(wanderer(ctx, ctx.identity(ctx.T0, rng.pick(FOC_MIDS), 'foc', 70, badImo), 'cargo'), 'invalid_imo', `IMO ${badImo} fails the check digit`);

  const hours = ctx.opts.hours;
  // two places at once: a second transmitter sends the same MMSI and name far away
  if (hours >= 10) {
    const host = wanderer(ctx, merchantIdentity(ctx, ctx.T0, 70), 'cargo');
    const dur = roundS(rng.range(2, Math.min(5, hours - 7)) * H);
    const t1 = ctx.time(dur, 3 * H);
    for (let tries = 0; tries < 500; tries++) {
      const q = ctx.seaPoint(OPEN, 5);
      const far = [t1, t1 + dur / 2, t1 + dur].every((t) => {
        const s = stateAt(host, t);
        return !s || distanceM(s, q) > 110000;
      });
      if (!far) continue;
      const pb = new PlanBuilder(t1, q);
      ctx.wander(pb, t1 + dur, [8, 10]);
      const legs = pb.clip(t1 + dur);
      const tooClose = legs.some((l) => [l.t0, l.t1].some((t) => {
        const s = stateAt(host, t);
        return s !== null && distanceM(s, t === l.t0 ? l.a : l.b) < 90000;
      }));
      if (tooClose) continue;
      ctx.addPlan('cargo', host.cls, host.identities, legs, { clone: true });
      ctx.events.push({ type: 'spoofing', mmsi: [host.identities[0]!.mmsi], t0: t1, t1: t1 + dur, kind: 'two_places', note: 'a second transmitter with the same MMSI and name >= 90 km away' });
      ctx.count('spoofing_two_places');
      break;
    }
  }
  // positions on land: for 1.5-3 h the reported position is a fixed point inland
  if (hours >= 8) {
    const host = wanderer(ctx, merchantIdentity(ctx, ctx.T0, 70), 'cargo');
    const dur = roundS(rng.range(1.5, 3) * H);
    const t1 = ctx.time(dur, 2 * H);
    let p: LatLon | null = null;
    for (let k = 0; k < 2000 && !p; k++) {
      const q = { lat: rng.range(38.8, 39.2), lon: rng.range(125.5, 125.9) };
      const ring = [0, 90, 180, 270].map((b) => destination(q, b, 3000));
      if (ctx.land.isLand(q.lat, q.lon) && ring.every((r) => ctx.land.isLand(r.lat, r.lon))) p = q;
    }
    if (p) {
      host.fake.push({ t0: t1, t1: t1 + dur, p });
      ctx.events.push({ type: 'spoofing', mmsi: [host.identities[0]!.mmsi], t0: t1, t1: t1 + dur, kind: 'on_land', lat: round4(p.lat), lon: round4(p.lon), note: 'reported position fixed on land' });
      ctx.count('spoofing_on_land');
    }
  }
  // a circle track near the coast (where loitering rules do not apply)
  if (hours >= 10) {
    const dur = roundS(rng.range(3, Math.min(5, hours - 6)) * H);
    const tc = ctx.time(dur, 2.5 * H);
    const rM = rng.range(1200, 2000);
    for (let tries = 0; tries < 500; tries++) {
      const c = ctx.seaPoint({ s: 37.7, n: 38.6, w: 123.8, e: 124.8 }, 6, 15);
      if (distanceM(c, A0) < 25000) continue;
      const pts = Array.from({ length: 24 }, (_, k) => destination(c, k * 15, rM));
      if (!pts.every((q, k) => ctx.land.legAtSea(q, pts[(k + 1) % pts.length]!, OPEN_MARGIN))) continue;
      const phase0 = rng.range(0, 360);
      const pb = ctx.approach(destination(c, phase0, rM), tc, rng.range(9, 11));
      if (!pb) continue;
      pb.circle(c, rM, rng.range(6, 9), tc + dur, rng.chance(0.5), phase0);
      ctx.depart(pb, rng.range(9, 11));
      const id = merchantIdentity(ctx, ctx.T0, 70);
      ctx.addPlan('cargo', 'A', [id], pb.clip(ctx.T1));
      ctx.events.push({ type: 'spoofing', mmsi: [id.mmsi], t0: tc, t1: tc + dur, kind: 'circle', lat: round4(c.lat), lon: round4(c.lon), note: `circles of ${Math.round(rM)} m radius` });
      // a displacement-based loitering rule may see a circle as loitering: either answer is fair
      ctx.events.push({ type: 'loitering', mmsi: [id.mmsi], t0: tc, t1: tc + dur, optional: true, note: 'circle track: slow by displacement, fast by SOG' });
      ctx.count('spoofing_circle');
      break;
    }
  }
}

function passing(ctx: Ctx, n: number): void {
  const { rng } = ctx;
  for (let k = 0; k < n; k++) {
    for (let tries = 0; tries < 200; tries++) {
      const x = ctx.seaPoint(OPEN, 15, Infinity, 15000);
      const t = ctx.time(0, 3 * H);
      const th = rng.range(0, 360);
      const sep = rng.range(150, 350);
      const x2 = destination(x, th + 90, sep);
      const kA = rng.range(10, 14);
      const kB = rng.range(10, 14);
      const a = ctx.approach(x, t, kA, (th + 180) % 360, 40000);
      const b = ctx.approach(x2, t, kB, th, 40000);
      if (!a || !b) continue;
      if (!ctx.depart(a, kA, th, 40000) || !ctx.depart(b, kB, (th + 180) % 360, 40000)) continue;
      const idA = merchantIdentity(ctx, ctx.T0, 70);
      const idB = merchantIdentity(ctx, ctx.T0, 80);
      ctx.addPlan('cargo', 'A', [idA], a.clip(ctx.T1));
      ctx.addPlan('tanker', 'A', [idB], b.clip(ctx.T1));
      ctx.spots.push(x);
      ctx.count('passing');
      ctx.negatives.push({ kind: 'passing', mmsi: [idA.mmsi, idB.mmsi].sort(asc), t0: t - 30 * MIN, t1: t + 30 * MIN, mustNotFire: ['encounter'], note: `reciprocal courses at ${kA.toFixed(1)} and ${kB.toFixed(1)} kn, ${Math.round(sep)} m apart at closest` });
      break;
    }
  }
}

function shortStops(ctx: Ctx, n: number): void {
  const { rng } = ctx;
  for (let k = 0; k < n; k++) {
    const x = ctx.seaPoint(OPEN, 22, Infinity, 15000);
    const t = ctx.time(1 * H, 3 * H);
    const kn = rng.range(9, 12);
    const pb = ctx.approach(x, t, kn)!;
    pb.hold('stop', t + 1 * H, UNDER_WAY);
    ctx.depart(pb, kn);
    const id = merchantIdentity(ctx, ctx.T0, 70);
    ctx.addPlan('cargo', 'A', [id], pb.clip(ctx.T1));
    ctx.count('short_stops');
    ctx.negatives.push({ kind: 'short_stop', mmsi: [id.mmsi], t0: t, t1: t + 1 * H, mustNotFire: ['loitering', 'encounter', 'port_visit'], note: 'stopped 1 h far offshore' });
  }
}

function round4(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}

const clamp = (x: number, lo: number, hi: number): number => Math.max(lo, Math.min(hi, x));

/** Builds the whole scenario for a seed. */
export function buildScenario(opts: ScenarioOptions, land: LandMask): Scenario {
  if (!(opts.hours > 0)) throw new DarkfleetError('sim_params', 'hours must be > 0');
  const ctx = new Ctx(opts, land);
  const h = opts.hours;
  const sub = (k: number): Ctx => {
    // each family of vessels draws from its own stream so one change does not reshuffle all
    ctx.rng = new Rng(opts.seed, k);
    return ctx;
  };
  encounters(sub(10), h >= 11 ? clamp(Math.round(h / 8), 2, 12) : 0);
  loiterers(sub(11), h >= 10 ? clamp(Math.round(h / 12), 1, 6) : 0);
  gaps(sub(12), h >= 18 ? clamp(Math.round(h / 16), 1, 5) : 0);
  if (h >= 8) identityHull(sub(13));
  spoofing(sub(14));
  passing(sub(15), h >= 6 ? clamp(Math.round(h / 12), 2, 6) : 0);
  shortStops(sub(16), h >= 8 ? clamp(Math.round(h / 24), 1, 4) : 0);
  const slots = nampoSlots(sub(17));
  portCalls(ctx, slots, clamp(Math.round(h / 6), 2, 10), true);
  // background: the Chinese trawler fleet, lane traffic and more port calls
  const left = Math.max(0, opts.vessels - ctx.plans.filter((p) => !p.clone).length);
  const nTrawl = Math.round(left * 0.72);
  const nPort = Math.min(Math.round(left * 0.04), slots.berth.length, slots.anchor.length);
  sub(18);
  trawlers(ctx, nTrawl);
  const singles = ctx.plans.filter((p) => p.role === 'trawler' && p.identities[0]!.mmsi !== 123456789);
  shortGaps(sub(19), h >= 8 ? clamp(Math.round(h / 12), 2, 6) : 0, singles);
  portCalls(sub(20), slots, nPort, false);
  transits(sub(21), Math.max(0, opts.vessels - ctx.plans.filter((p) => !p.clone).length));
  return {
    opts,
    t0: ctx.T0,
    t1: ctx.T1,
    plans: ctx.plans,
    events: ctx.events,
    negatives: ctx.negatives,
    portCallers: ctx.portCallers,
    counts: ctx.counts,
  };
}
