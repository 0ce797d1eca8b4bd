/**
 * Background fishing: the Chinese trawler fleet of the western bay, singles and pair trawlers
 * side by side (a negative for encounter and loitering).
 */
import { destination, bearing, KN, offset } from '../geodesy.js';
import { CN_MIDS } from '../identity.js';
import { FISHING, PlanBuilder, UNDER_WAY, planEnd, stateAt, type Identity, type VesselPlan } from '../plan.js';
import { asc, FISH, H, MIN, OPEN_MARGIN, type Ctx } from './context.js';

export function trawlers(ctx: Ctx, n: number): void {
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
export function trawlerPlan(ctx: Ctx, id: Identity, cls: 'A' | 'B', mayRelocate: boolean, role: string): VesselPlan {
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
      const h = k < 20 ? hdg + rng.range(-60, 60) : bearing(pb.pos, centre) + rng.range(-40, 40);
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
