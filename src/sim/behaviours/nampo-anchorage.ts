/**
 * Realism: Nampo's anchorage placed per seed within 20 km of the port (between the West Sea
 * Barrage and the port when it fits the water, anywhere at sea within reach otherwise), ships that
 * only anchor there (port visits without a berth), and two of them anchored side by side (a
 * negative for encounter and loitering). The detectors get no zones file for it: they must learn it.
 */
import { destination, distanceM, KN, offset, type LatLon } from '../geodesy.js';
import { AT_ANCHOR } from '../plan.js';
import { circle, NAMPO_PORT, WEST_SEA_BARRAGE, type Zone } from '../zones.js';
import { A0, asc, B1, B2, channelKnots, H, merchantIdentity, MIN, onTheWay, roundS, type Ctx } from './context.js';
import type { Slots } from './port-calls.js';
import { DarkfleetError } from '../../errors.js';
import { Rng } from '../prng.js';

/** the anchorage's centre lies within this of the port's */
export const ANCHORAGE_REACH_M = 20000;
const MIN_SLOTS = 10;

/** anchor berths 400 m apart inside the circle, 150 m clear of the shore, reached over water from B1 and to B2 */
export function anchorSlots(ctx: Ctx, z: Zone): LatLon[] {
  const out: LatLon[] = [];
  const within = z.radiusM - 300;
  const n = Math.ceil(within / 400);
  for (let i = -n; i <= n; i++) {
    for (let j = -n; j <= n; j++) {
      const p = offset(z.centre, i * 400, j * 400);
      if (distanceM(p, z.centre) > within || ctx.land.distanceToShoreM(p.lat, p.lon) <= 150) continue;
      if (ctx.land.legAtSea(B1, p, 60, 50) && ctx.land.legAtSea(p, B2, 60, 50)) out.push(p);
    }
  }
  return out;
}

export function placeAnchorage(ctx: Ctx): Zone {
  const { rng } = ctx;
  const port = NAMPO_PORT.centre;
  const barrage = WEST_SEA_BARRAGE.centre;
  for (let k = 0; k < 600; k++) {
    const rM = Math.round(rng.range(1200, 2000) / 10) * 10;
    // first tries: the reach of the estuary between the barrage and the port
    const c =
      k < 400
        ? { lat: rng.range(38.685, 38.73), lon: rng.range(barrage.lon, port.lon) }
        : destination(port, rng.range(0, 360), rng.range(4000, ANCHORAGE_REACH_M));
    const d = distanceM(c, port);
    if (d > ANCHORAGE_REACH_M || d < NAMPO_PORT.radiusM + rM + 500 || ctx.land.isLand(c.lat, c.lon)) continue;
    const z = circle('Nampo anchorage', Math.round(c.lat * 1e6) / 1e6, Math.round(c.lon * 1e6) / 1e6, rM);
    if (anchorSlots(ctx, z).length >= MIN_SLOTS) return z;
  }
  throw new DarkfleetError('sim_internal', 'no water for a Nampo anchorage within 20 km of the port');
}

/** in through the barrage, anchored `wait`, and out again; returns the MMSI or null */
function anchorVisit(ctx: Ctx, slot: LatLon, tAnchor: number, wait: number, shipType: number): number | null {
  const { rng } = ctx;
  const kn = rng.range(9, 12);
  const { inKn, outKn } = channelKnots(ctx, tAnchor);
  const tA0 = tAnchor - Math.round(distanceM(A0, B1) / (inKn * KN)) * 1000 - Math.round(distanceM(B1, slot) / (6 * KN)) * 1000;
  const inbound: [LatLon, number][] = [[B1, inKn], [slot, 6]];
  let pb = ctx.approach(A0, tA0, kn, undefined, 90000);
  if (!pb) return null;
  if (tA0 < ctx.T0) pb = onTheWay(ctx.T0, tA0, A0, inbound);
  else for (const [p, k] of inbound) pb.to(p, k);
  pb.hold('anchor', tAnchor + wait, AT_ANCHOR);
  pb.to(B1, 6);
  pb.to(A0, outKn);
  ctx.depart(pb, kn, undefined, 60000);
  const id = merchantIdentity(ctx, ctx.T0, shipType);
  const plan = ctx.addPlan(shipType >= 80 ? 'tanker' : 'cargo', 'A', [{ ...id, destination: 'NAMPO' }], pb.clip(ctx.T1));
  ctx.portCallers.add(plan.id);
  ctx.count('anchor_only_visits');
  return id.mmsi;
}

/** `n` anchor-only visits, then a pair anchored side by side */
export function anchorVisits(ctx: Ctx, slots: Slots, n: number): void {
  const { rng } = ctx;
  const avail = ctx.T1 - ctx.T0 - 8 * H;
  if (avail < 3 * H) return;
  for (let k = 0; k < n && slots.anchor.length; k++) {
    const wait = roundS(Math.min(rng.range(3, 12) * H, avail));
    const t = ctx.time(wait, 3.5 * H, 2.5 * H);
    const slot = slots.anchor.splice(rng.int(0, slots.anchor.length - 1), 1)[0]!;
    anchorVisit(ctx, slot, t, wait, rng.chance(0.4) ? 80 : 70);
  }
  for (let tries = 0; tries < 20 && slots.anchor.length; tries++) {
    const slot = slots.anchor.splice(rng.int(0, slots.anchor.length - 1), 1)[0]!;
    const slot2 = destination(slot, rng.range(0, 360), rng.range(90, 140));
    if (ctx.land.distanceToShoreM(slot2.lat, slot2.lon) <= 100) continue;
    const wait = roundS(Math.min(rng.range(5, 10) * H, avail));
    const delta = roundS(rng.range(0.3, 1) * H);
    if (wait - delta < 3 * H) return;
    const t = ctx.time(wait, 3.5 * H, 2.5 * H);
    // the second weighs anchor 25-70 min after the first (leaving at the same second, the two
    // steamed the channel out side by side); drawn from a stream of its own, so the rest stays
    const stagger = roundS(new Rng(ctx.opts.seed, 6000).range(25, 70) * MIN);
    const a = anchorVisit(ctx, slot, t, wait, 70);
    const b = anchorVisit(ctx, slot2, t + delta, wait - delta + stagger, 80);
    if (a === null || b === null) return;
    ctx.count('anchored_pairs');
    const note = `anchored side by side ${Math.round(distanceM(slot, slot2))} m apart in the Nampo anchorage`;
    const t0 = t + delta + 10 * MIN;
    const t1 = t + wait;
    ctx.negatives.push({ kind: 'anchored_pair', mmsi: [a, b].sort(asc), t0, t1, mustNotFire: ['encounter', 'loitering'], note });
    // loitering is one vessel's event: the score matches a negative by its MMSI set, so one each as well
    for (const m of [a, b]) ctx.negatives.push({ kind: 'anchored_pair', mmsi: [m], t0, t1, mustNotFire: ['loitering'], note });
    return;
  }
}
