/**
 * Realism: a coverage hole, as satellite AIS has between passes or where a receiver fails. For
 * 7-11 h every vessel inside one ~50 x 45 km box of the western bay is silent (the feed hears
 * nobody there); each silenced vessel is a negative for gap, kind no_coverage. The hole keeps
 * clear of every planted event and negative while it lasts, so their truth stays what the data shows.
 */
import { identityAt, planEnd, planStart, stateAt, type VesselPlan } from '../plan.js';
import { H, MIN, roundS, type Box, type Ctx } from './context.js';

/** silences shorter than this inside the hole are not worth a negative */
const MIN_SILENCE = 30 * MIN;

function inBox(ctx: Ctx, plan: VesselPlan, box: Box, t0: number, t1: number, step: number): boolean {
  const a = Math.max(t0, planStart(plan));
  const b = Math.min(t1, planEnd(plan));
  for (let t = a; t <= b; t += step) {
    const s = stateAt(plan, t);
    if (s && ctx.inBox(s, box)) return true;
  }
  return false;
}

export function coverageHole(ctx: Ctx): void {
  const { rng } = ctx;
  const dur = roundS(Math.min(rng.range(7, 11), ctx.opts.hours - 4) * H);
  if (dur < 6 * H) return;
  // planted windows a silence would change (an MMSI or IMO that is invalid stays invalid when silent)
  const windows = [...ctx.events.filter((e) => e.kind !== 'invalid_mmsi' && e.kind !== 'invalid_imo'), ...ctx.negatives.filter((n) => n.kind !== 'pair_trawl')].map((x) => ({
    plans: ctx.plans.filter((p) => p.identities.some((id) => x.mmsi.includes(id.mmsi))),
    t0: x.t0 - H,
    t1: x.t1 + H,
  }));
  for (let tries = 0; tries < 300; tries++) {
    const s = rng.range(37.7, 38.8);
    const w = rng.range(122.4, 123.6);
    const box: Box = { s, n: s + 0.4, w, e: w + 0.6 };
    const t0 = ctx.time(dur, 2 * H);
    const t1 = t0 + dur;
    if (windows.some((w) => w.t1 > t0 && w.t0 < t1 && w.plans.some((p) => inBox(ctx, p, box, Math.max(t0, w.t0), Math.min(t1, w.t1), 5 * MIN)))) continue;
    // who is inside, and when (a box 200 m larger and a minute either side, for noise and sampling)
    const wide: Box = { s: box.s - 0.002, n: box.n + 0.002, w: box.w - 0.0025, e: box.e + 0.0025 };
    const silences: { plan: VesselPlan; spans: [number, number][] }[] = [];
    for (const plan of ctx.plans) {
      const spans: [number, number][] = [];
      let open = -1;
      for (let t = t0; t <= t1; t += MIN) {
        const st = stateAt(plan, t);
        const inside = st !== null && ctx.inBox(st, wide);
        if (inside && open < 0) open = Math.max(t0, t - MIN);
        if (!inside && open >= 0) {
          spans.push([open, t]);
          open = -1;
        }
      }
      if (open >= 0) spans.push([open, t1]);
      if (spans.length) silences.push({ plan, spans });
    }
    const long = silences.filter((x) => x.spans.some(([a, b]) => b - a >= MIN_SILENCE));
    if (long.length < 6) continue;
    for (const { plan, spans } of silences) {
      plan.off.push(...spans);
      for (const [a, b] of spans) {
        if (b - a < MIN_SILENCE) continue;
        ctx.negatives.push({
          kind: 'no_coverage',
          mmsi: [identityAt(plan, a).mmsi],
          t0: a,
          t1: b,
          mustNotFire: ['gap'],
          note: `coverage hole ${box.s.toFixed(2)}-${box.n.toFixed(2)}N ${box.w.toFixed(2)}-${box.e.toFixed(2)}E: nobody heard there for ${((t1 - t0) / H).toFixed(1)} h`,
        });
      }
    }
    ctx.count('coverage_holes');
    ctx.counts.no_coverage_vessels = long.length;
    ctx.holes.push({ box, t0, t1 });
    return;
  }
}
