/**
 * Realism: a Chinese trawler fleet far offshore (beyond 20 nm), each boat towing on zig-zags at
 * 2.2-3.8 kn over its own ground so that its hourly implied speed stays under 2 kn (a
 * displacement rule sees loitering, SOG says fishing: a negative for loitering); two pairs
 * trawling side by side (a negative for encounter); one boat silent 12-16 h while the fleet
 * around it stays heard (a genuine gap).
 */
import { bearing, destination, distanceM, KN, NM, offset, type LatLon } from '../geodesy.js';
import { CN_MIDS } from '../identity.js';
import { FISHING, PlanBuilder, stateAt, type Identity, type VesselPlan } from '../plan.js';
import { asc, H, MIN, OPEN, round4, roundS, type Ctx } from './context.js';

/** shore distance every fleet position keeps (GFW loitering applies from 20 nm) */
const FLEET_SHORE_NM = 21;
/** the most a fleet boat moves in any hour (implied speed under 2 kn with room for noise) */
const MAX_HOURLY_M = 1.75 * NM;
/** a boat keeps within this of its own ground */
const GROUND_M = 1500;

function tmpPlan(pb: PlanBuilder): VesselPlan {
  return { id: -1, role: '', cls: 'A', identities: [], legs: pb.legs, off: [], fake: [], clone: false };
}

/** the largest displacement over one hour ending anywhere on a candidate leg pb.pos -> q */
function worstHourly(ctx: Ctx, pb: PlanBuilder, q: LatLon, durMs: number): number {
  const plan = tmpPlan(pb);
  let worst = 0;
  for (let dt = 5 * MIN; dt <= durMs; dt += 5 * MIN) {
    const t = pb.t + dt;
    if (t - H < ctx.T0) continue;
    const p = { lat: pb.pos.lat + ((q.lat - pb.pos.lat) * dt) / durMs, lon: pb.pos.lon + ((q.lon - pb.pos.lon) * dt) / durMs };
    const back = t - H >= pb.t ? { lat: pb.pos.lat + ((q.lat - pb.pos.lat) * (dt - H)) / durMs, lon: pb.pos.lon + ((q.lon - pb.pos.lon) * (dt - H)) / durMs } : stateAt(plan, t - H);
    if (back) worst = Math.max(worst, distanceM(p, back));
  }
  return worst;
}

/** zig-zag tows over `ground` from T0 to T1 */
function towLegs(ctx: Ctx, ground: LatLon, start: LatLon): VesselPlan['legs'] {
  const { rng } = ctx;
  const pb = new PlanBuilder(ctx.T0, start);
  let side = rng.chance(0.5) ? 1 : -1;
  let target = destination(ground, rng.range(0, 360), rng.range(0, GROUND_M));
  while (pb.t < ctx.T1) {
    if (distanceM(pb.pos, target) < 300) target = destination(ground, rng.range(0, 360), rng.range(0, GROUND_M));
    const base = bearing(pb.pos, target);
    let best: { q: LatLon; kn: number; worst: number } | null = null;
    for (let k = 0; k < 30; k++) {
      const kn = rng.range(2.2, 3.8);
      const dur = roundS(rng.range(10, 20) * MIN);
      const q = destination(pb.pos, base + side * rng.range(55, 80), (kn * KN * dur) / 1000);
      if (ctx.land.distanceToShoreM(q.lat, q.lon) < FLEET_SHORE_NM * NM) continue;
      const worst = worstHourly(ctx, pb, q, Math.round(distanceM(pb.pos, q) / (kn * KN)) * 1000);
      if (!best || worst < best.worst) best = { q, kn, worst };
      if (worst < MAX_HOURLY_M) break;
    }
    // nothing stays offshore: tow straight back towards the ground
    if (!best) best = { q: destination(pb.pos, bearing(pb.pos, ground), 2.5 * KN * 600), kn: 2.5, worst: 0 };
    pb.to(best.q, best.kn, FISHING);
    side = -side;
  }
  return pb.clip(ctx.T1);
}

function fleetIdentity(ctx: Ctx, mid: number): Identity {
  return ctx.identity(ctx.T0, mid, 'cn_fishing', 30, false);
}

export function trawlFleet(ctx: Ctx): void {
  const { rng } = ctx;
  const centre = ctx.seaPoint(OPEN, FLEET_SHORE_NM + 9, Infinity, 30000);
  ctx.spots.push(centre);
  const want = rng.int(15, 22);
  const pairs = 2;
  const grounds: LatLon[] = [];
  for (let tries = 0; grounds.length < want + pairs && tries < 5000; tries++) {
    const g = destination(centre, rng.range(0, 360), rng.range(0, 22000));
    if (ctx.land.distanceToShoreM(g.lat, g.lon) < (FLEET_SHORE_NM + 1.5) * NM) continue;
    if (grounds.some((x) => distanceM(x, g) < 3.5 * GROUND_M)) continue;
    grounds.push(g);
  }
  const singles = grounds.length - pairs;
  const mid = rng.pick(CN_MIDS);
  const plans: VesselPlan[] = [];
  grounds.forEach((g, k) => {
    const id = fleetIdentity(ctx, rng.chance(0.7) ? mid : rng.pick(CN_MIDS));
    const cls = rng.chance(0.5) ? 'B' : 'A';
    const lead = ctx.addPlan(k < singles ? 'fleet_trawler' : 'pair_trawler', cls, [id], towLegs(ctx, g, destination(g, rng.range(0, 360), rng.range(0, GROUND_M))));
    plans.push(lead);
    ctx.count('fleet_trawlers');
    if (k < singles) return;
    // a mate towing the same net 150-300 m abeam
    const m = /^(.*) (\d+)$/.exec(id.name);
    const mate = fleetIdentity(ctx, Math.floor(id.mmsi / 1e6));
    if (m) mate.name = `${m[1]} ${Number(m[2]) + 1}`;
    const dist = rng.range(150, 300);
    const ang = rng.range(0, 2 * Math.PI);
    const s0 = stateAt(lead, ctx.T0)!;
    const pb = new PlanBuilder(ctx.T0, offset(s0, dist * Math.sin(ang), dist * Math.cos(ang)));
    pb.follow(lead, ctx.T1, dist * Math.sin(ang), dist * Math.cos(ang), FISHING);
    plans.push(ctx.addPlan('pair_trawler', cls, [mate], pb.legs));
    ctx.count('fleet_trawlers');
    ctx.count('fleet_pair_trawls');
    ctx.negatives.push({
      kind: 'pair_trawl',
      mmsi: [id.mmsi, mate.mmsi].sort(asc),
      t0: ctx.T0,
      t1: ctx.T1,
      mustNotFire: ['encounter', 'loitering'],
      note: `pair trawlers ${Math.round(dist)} m apart on zig-zag tows at 2.2-3.8 kn`,
    });
  });
  for (const p of plans) {
    ctx.negatives.push({
      kind: 'trawling',
      mmsi: [p.identities[0]!.mmsi],
      t0: ctx.T0,
      t1: ctx.T1,
      mustNotFire: ['loitering'],
      note: 'zig-zag tows at 2.2-3.8 kn beyond 20 nm: hourly implied speed under 2 kn',
    });
  }
  // one single goes dark among the fleet
  const maxGap = Math.min(16, ctx.opts.hours - 6);
  if (maxGap < 12) return;
  const gap = roundS(rng.range(12, maxGap) * H);
  const t = ctx.time(gap, 2.5 * H);
  const plan = plans[rng.int(0, singles - 1)]!;
  plan.off.push([t, t + gap]);
  const g = stateAt(plan, t)!;
  const flags = ctx.land.distanceToShoreM(g.lat, g.lon) > 50 * NM ? ['likely_disabling'] : [];
  ctx.count('fleet_gaps');
  ctx.events.push({ type: 'gap', mmsi: [plan.identities[0]!.mmsi], t0: t, t1: t + gap, lat: round4(g.lat), lon: round4(g.lon), flags, note: 'silent while the trawler fleet around it stays heard' });
}
