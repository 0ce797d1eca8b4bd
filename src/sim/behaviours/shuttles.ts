/**
 * Repeated voyages between two ports (`routes: true`): ships that shuttle between the Nampo
 * anchorage and a Chinese anchorage, and one that makes the round trip once. Each waits at
 * anchor 2-4 h at either end and steams 11-13 kn between them through the Nampo approach (A0).
 * Truth: `routes` of ground-truth.json, one per ship, with every voyage's departure (leaving
 * the anchorage it waited at) and arrival (anchoring at the other end); `repeated` is false for
 * the single round trip (two voyages: a call and its way home, no pattern).
 * The Chinese anchorages are points of the reference list (data/geo/anchorages.csv.gz, GFW's
 * named anchorages), tried in order until the legs lie at sea.
 */
import { distanceM, KN, offset, type LatLon } from '../geodesy.js';
import { AT_ANCHOR, PlanBuilder } from '../plan.js';
import type { TruthRoute } from '../truth-types.js';
import { A0, B1, H, merchantIdentity, round4, roundS, type Ctx } from './context.js';
import type { Slots } from './port-calls.js';
import { closestAlong, type OnLane } from './transits.js';
import { Rng } from '../prng.js';

/** Chinese anchorages a shuttle may use (the reference list's points; label as the list writes it) */
const CHINESE_ANCHORAGES: readonly { name: string; p: LatLon }[] = [
  { name: 'CHN-2018 (Donggang)', p: { lat: 39.7951, lon: 123.8171 } },
  { name: 'DALIAN', p: { lat: 38.8457, lon: 121.9842 } },
];

export type PlantedRoute = Omit<TruthRoute, 'voyages'> & { voyages: { from: string; to: string; depart: number; arrive: number }[] };

/** `n` shuttles plus one single round trip; returns what was planted (times in epoch ms). */
export function shuttles(ctx: Ctx, slots: Slots, n: number): PlantedRoute[] {
  const { rng } = ctx;
  const out: PlantedRoute[] = [];
  const far = CHINESE_ANCHORAGES.find((c) => ctx.land.legAtSea(A0, c.p, 300));
  if (!far) return out;
  const placed: OnLane[] = [];
  // another speed, when one is needed, from a stream of its own
  const own = new Rng(ctx.opts.seed, 5200);
  for (let k = 0; k <= n; k++) {
    const single = k === n;
    const slot = slots.anchor.splice(rng.int(0, slots.anchor.length - 1), 1)[0];
    if (!slot) break;
    const there = offset(far.p, rng.range(-600, 600), rng.range(-600, 600));
    let kn = rng.range(11, 13);
    const id = merchantIdentity(ctx, ctx.T0, rng.chance(0.5) ? 70 : 79);
    const t0 = ctx.T0 + roundS(rng.range(0, 2) * H);
    // waits drawn once and kept, so a plan built again at another speed draws nothing more
    const waits: number[] = [];
    const wait = (i: number): number => (waits[i] ??= roundS(rng.range(2, 4) * H));
    const build = (v: number, delayMs: number): { pb: PlanBuilder; voyages: PlantedRoute['voyages']; legs: OnLane[] } => {
      const pb = new PlanBuilder(t0, slot);
      const voyages: PlantedRoute['voyages'] = [];
      const legs: OnLane[] = [];
      let here: 'Nampo' | 'far' = 'Nampo';
      pb.hold('anchor', pb.t + wait(0) + delayMs, AT_ANCHOR);
      const legH = (distanceM(slot, A0) + distanceM(A0, there)) / (v * KN) / 3600;
      // voyages while the next one (and a wait after it) still ends inside the scenario
      while (pb.t + (legH + 3) * H < ctx.T1 && voyages.length < (single ? 2 : 6)) {
        const depart = pb.t;
        // with realism the anchorage lies inside the barrage: through B1, as port calls go
        // the legs at sea speed, along the line through A0 (from B1 with realism, else from the
        // anchorage slot, a few hundred metres apart from ship to ship)
        if (here === 'Nampo') {
          if (ctx.opts.realism) pb.to(B1, 6);
          const from = ctx.opts.realism ? B1 : slot;
          const tS = pb.t;
          pb.to(A0, v);
          pb.to(there, v);
          legs.push({ lane: 'out', tS, s0: -distanceM(from, A0), kn: v, tE: pb.t });
        } else {
          const tS = pb.t;
          pb.to(A0, v);
          if (ctx.opts.realism) pb.to(B1, v);
          legs.push({ lane: 'in', tS, s0: 0, kn: v, tE: pb.t });
          pb.to(slot, ctx.opts.realism ? 6 : v);
        }
        const arrive = pb.t;
        const to = here === 'Nampo' ? far.name : 'Nampo';
        voyages.push({ from: here === 'Nampo' ? 'Nampo' : far.name, to, depart, arrive });
        here = here === 'Nampo' ? 'far' : 'Nampo';
        pb.hold('anchor', pb.t + wait(voyages.length), AT_ANCHOR);
      }
      return { pb, voyages, legs };
    };
    // shuttles that would steam one leg the same way within 3 km of each other at speeds within
    // 1.6 kn get another speed and a later first departure, as channel transits get another speed
    // (transits.ts): three that left Nampo within minutes at 12.3-12.9 kn steamed together for
    // 4 h, a convoy the truth did not know was one (seed 1502); a speed alone left no room
    // between two others
    const clash = (legs: OnLane[], v: number): boolean => legs.some((l) => placed.some((o) => o.lane === l.lane && Math.abs(o.kn - v) <= 1.6 && closestAlong(l, o) < 3000));
    let built = build(kn, 0);
    for (let tries = 0; tries < 20 && clash(built.legs, kn); tries++) {
      kn = own.range(9.5, 13.5);
      built = build(kn, roundS(own.range(0, 3) * H));
    }
    const { pb, voyages } = built;
    if (voyages.length < 2) break;
    placed.push(...built.legs);
    const plan = ctx.addPlan('shuttle', 'A', [{ ...id, destination: far.name.split(' ')[0]! }], pb.clip(ctx.T1));
    // its waits at the Chinese anchorage are port visits too (optional: the truth does not model
    // how a detector names a foreign anchorage of the reference list)
    voyages.forEach((v, i) => {
      if (v.to !== far.name) return;
      const t1 = Math.min(voyages[i + 1]?.depart ?? ctx.T1, ctx.T1);
      if (v.arrive < t1) ctx.events.push({ type: 'port_visit', mmsi: [id.mmsi], t0: v.arrive, t1, lat: round4(there.lat), lon: round4(there.lon), optional: true, note: `wait at the ${far.name} anchorage` });
    });
    // its Nampo stays are port visits of the truth (truth.ts reads them off the track)
    ctx.portCallers.add(plan.id);
    ctx.count(single ? 'single_round_trips' : 'shuttles');
    out.push({ mmsi: id.mmsi, a: 'Nampo', b: far.name, repeated: !single, voyages });
  }
  return out;
}
