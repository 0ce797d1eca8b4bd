/** A ship stopped for one hour far offshore (a negative for loitering, encounter and port visit). */
import { UNDER_WAY } from '../plan.js';
import { H, merchantIdentity, OPEN, type Ctx } from './context.js';

export function shortStops(ctx: Ctx, n: number): void {
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
