/**
 * Calls at Nampo: a wait in the anchorage, through the West Sea Barrage to a berth, and out
 * again (port visits are read off these tracks by ../truth.ts); one pair anchored side by
 * side (a negative for encounter).
 */
import { distanceM, KN, offset, type LatLon } from '../geodesy.js';
import { AT_ANCHOR, MOORED, type Identity, type VesselPlan } from '../plan.js';
import { NAMPO_ANCHORAGE, NAMPO_PORT, type Zone } from '../zones.js';
import { A0, asc, H, merchantIdentity, roundS, type Ctx } from './context.js';

/** estuary channel, both ends, on the West Sea Barrage line of 38.700N */
const B1: LatLon = { lat: 38.7, lon: 125.15 };
const B2: LatLon = { lat: 38.7, lon: 125.36 };

export interface Slots {
  anchor: LatLon[];
  berth: LatLon[];
}

export function nampoSlots(ctx: Ctx): Slots {
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

export function portCalls(ctx: Ctx, slots: Slots, n: number, anchoredPair: boolean): void {
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
