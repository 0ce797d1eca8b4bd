/**
 * Calls at Nampo: a wait in the anchorage, through the West Sea Barrage to a berth, and out
 * again (port visits are read off these tracks by ../truth.ts); one pair anchored side by
 * side (a negative for encounter). With `realism` the anchorage is the per-seed one inside the
 * barrage (./nampo-anchorage.ts) and the berths are quays Natural Earth calls land (a negative
 * for spoofing).
 */
import { distanceM, KN, offset, type LatLon } from '../geodesy.js';
import { AT_ANCHOR, MOORED, type Identity, type VesselPlan } from '../plan.js';
import { NAMPO_PORT, type Zone } from '../zones.js';
import { A0, asc, B1, B2, H, channelKnots, landSpan, merchantIdentity, onTheWay, roundS, type Ctx } from './context.js';
import { anchorSlots } from './nampo-anchorage.js';

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
  if (ctx.opts.realism) return { anchor: anchorSlots(ctx, ctx.anchorage), berth: landBerths(ctx, grid) };
  // anchor berths 700 m apart, clear of the anchorage edge and of the shore
  const anchor = grid(ctx.anchorage, ctx.anchorage.radiusM - 900, 700, (p) => ctx.land.distanceToShoreM(p.lat, p.lon) > 400);
  const berth = grid(NAMPO_PORT, NAMPO_PORT.radiusM - 600, 550, (p) => ctx.land.distanceToShoreM(p.lat, p.lon) > 120 && ctx.land.legAtSea(B2, p, 60, 50));
  return { anchor, berth };
}

/**
 * Quays as Natural Earth 1:10m draws them: inside the land mask, 40-300 m from its coastline,
 * 150 m apart, reached from the channel (B2) over water until the last 450 m.
 */
function landBerths(ctx: Ctx, grid: (z: Zone, withinM: number, stepM: number, ok: (p: LatLon) => boolean) => LatLon[]): LatLon[] {
  return grid(NAMPO_PORT, NAMPO_PORT.radiusM - 300, 150, (p) => {
    if (!ctx.land.isLand(p.lat, p.lon)) return false;
    const inside = ctx.land.distanceToCoastM(p.lat, p.lon);
    if (inside < 40 || inside > 300) return false;
    const n = Math.ceil(distanceM(B2, p) / 50);
    for (let k = 0; k <= n; k++) {
      const q = { lat: B2.lat + ((p.lat - B2.lat) * k) / n, lon: B2.lon + ((p.lon - B2.lon) * k) / n };
      if (distanceM(q, p) > 450 && ctx.land.isLand(q.lat, q.lon)) return false;
    }
    return true;
  });
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
  const realism = ctx.opts.realism === true;
  const { inKn, outKn } = channelKnots(ctx, call.tAnchor);
  // with realism the anchorage lies inside the barrage: in through B1, anchor, on up to the berth
  const tA0 = realism
    ? call.tAnchor - (Math.round(distanceM(A0, B1) / (inKn * KN)) + Math.round(distanceM(B1, anchorAt) / (6 * KN))) * 1000
    : call.tAnchor - Math.round(distanceM(A0, anchorAt) / (inKn * KN)) * 1000;
  const inbound: [LatLon, number][] = realism ? [[B1, inKn], [anchorAt, 6]] : [[anchorAt, inKn]];
  let pb = ctx.approach(A0, tA0, rng.range(9, 12.5), undefined, 90000);
  if (!pb) return null;
  if (tA0 < ctx.T0) pb = onTheWay(ctx.T0, tA0, A0, inbound);
  else for (const [p, kn] of inbound) pb.to(p, kn);
  pb.hold('anchor', call.tAnchor + call.wait, AT_ANCHOR);
  if (!realism) pb.to(B1, 6);
  pb.to(B2, 6);
  pb.to(berth, realism ? 3 : 5);
  pb.hold('moored', pb.t + call.moor, MOORED);
  pb.to(B2, realism ? 3 : 5);
  pb.to(B1, 6);
  pb.to(A0, outKn);
  ctx.depart(pb, rng.range(9, 12.5), undefined, 60000);
  const plan = ctx.addPlan(id.shipType >= 80 ? 'tanker' : 'cargo', 'A', [{ ...id, destination: 'NAMPO' }], pb.clip(ctx.T1));
  ctx.portCallers.add(plan.id);
  ctx.count('port_calls');
  if (realism) {
    const span = landSpan(ctx, plan);
    if (span) {
      ctx.count('berths_on_land');
      ctx.negatives.push({
        kind: 'berth',
        mmsi: [id.mmsi],
        t0: span[0],
        t1: span[1],
        mustNotFire: ['spoofing'],
        note: `moored at a Nampo quay ${Math.round(ctx.land.distanceToCoastM(berth.lat, berth.lon))} m inside Natural Earth's coastline`,
      });
    }
  }
  return plan;
}

/** hours a port call spends between anchoring and clearing the anchorage again, beyond wait + moor */
const PORT_OVERHEAD = 8 * H;

export function portCalls(ctx: Ctx, slots: Slots, n: number, anchoredPair: boolean): void {
  const { rng } = ctx;
  const avail = ctx.T1 - ctx.T0 - 3 * H - PORT_OVERHEAD;
  if (avail < 4 * H) return;
  // a short scenario scales the spans down (capping them gave many calls the same length, so
  // the same departure time: a column of ships leaving together)
  const span = (lo: number, hi: number): number => roundS(rng.range(lo, hi) * H * Math.min(1, avail / 2 / (hi * H)));
  if (anchoredPair) {
    const wait1 = span(5, 8);
    const delta = roundS(rng.range(0.3, 1) * H);
    const wait2 = Math.max(wait1 - delta + roundS(rng.range(0, 1) * H), 3.5 * H);
    const moor = span(3, 8);
    const total = Math.max(wait1, delta + wait2) + moor;
    if (total <= avail) {
      const tA1 = ctx.time(total + PORT_OVERHEAD, 2 * H, 1 * H);
      const slot = slots.anchor.splice(rng.int(0, slots.anchor.length - 1), 1)[0];
      const slot2 = slot && offset(slot, rng.range(110, 170), rng.range(-30, 30));
      if (slot && slot2 && (!ctx.opts.realism || ctx.land.distanceToShoreM(slot2.lat, slot2.lon) > 100)) {
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
    // at least 8 h to choose the anchoring time from (calls may then run past the end): in a
    // short scenario a window of an hour or two gave every call the same departure, and the
    // ships steamed out in a column the truth did not know was one
    const tA = ctx.time(Math.min(wait + moor + PORT_OVERHEAD, Math.max(0, ctx.T1 - ctx.T0 - 11 * H)), 2 * H, 1 * H);
    portCall(ctx, slots, { tAnchor: tA, wait, moor }, merchantIdentity(ctx, ctx.T0, rng.chance(0.4) ? 80 : 70));
  }
}
