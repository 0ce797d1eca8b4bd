/** One hull (one IMO) that changes name, MMSI, flag and callsign 2-3 times after short silences. */
import type { Rng } from '../prng.js';
import { FOC_MIDS } from '../identity.js';
import { PlanBuilder, type Identity } from '../plan.js';
import { asc, H, OPEN, roundS, type Ctx } from './context.js';

export function identityHull(ctx: Ctx): void {
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
