/** AIS gaps of 12-40 h in open sea (likely_disabling beyond 50 nm), and 3-8 h short gaps (a negative). */
import { NM } from '../geodesy.js';
import type { VesselPlan } from '../plan.js';
import { DEEP, FISH, H, merchantIdentity, round4, roundS, type Ctx } from './context.js';

export function gaps(ctx: Ctx, n: number): void {
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

export function shortGaps(ctx: Ctx, n: number, pool: VesselPlan[]): void {
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
