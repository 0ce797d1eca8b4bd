/** Two ships passing on reciprocal courses 150-350 m apart (a negative for encounter). */
import { destination } from '../geodesy.js';
import { asc, merchantIdentity, MIN, OPEN, H, type Ctx } from './context.js';

export function passing(ctx: Ctx, n: number): void {
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
