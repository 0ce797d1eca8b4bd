/** Loiterers: one ship drifting under 2 kn for 4-10 h far offshore (the truth is read off the track). */
import { destination, KN } from '../geodesy.js';
import { H, merchantIdentity, OPEN, roundS, type Ctx } from './context.js';

export function loiterers(ctx: Ctx, n: number): void {
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
