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
  for (let k = 0; k <= n; k++) {
    const single = k === n;
    const slot = slots.anchor.splice(rng.int(0, slots.anchor.length - 1), 1)[0];
    if (!slot) break;
    const there = offset(far.p, rng.range(-600, 600), rng.range(-600, 600));
    const kn = rng.range(11, 13);
    const id = merchantIdentity(ctx, ctx.T0, rng.chance(0.5) ? 70 : 79);
    const pb = new PlanBuilder(ctx.T0 + roundS(rng.range(0, 2) * H), slot);
    const voyages: PlantedRoute['voyages'] = [];
    let here: 'Nampo' | 'far' = 'Nampo';
    pb.hold('anchor', pb.t + roundS(rng.range(2, 4) * H), AT_ANCHOR);
    const legH = (distanceM(slot, A0) + distanceM(A0, there)) / (kn * KN) / 3600;
    // voyages while the next one (and a wait after it) still ends inside the scenario
    while (pb.t + (legH + 3) * H < ctx.T1 && voyages.length < (single ? 2 : 6)) {
      const depart = pb.t;
      // with realism the anchorage lies inside the barrage: through B1, as port calls go
      if (here === 'Nampo') {
        if (ctx.opts.realism) pb.to(B1, 6);
        pb.to(A0, kn);
        pb.to(there, kn);
      } else {
        pb.to(A0, kn);
        if (ctx.opts.realism) pb.to(B1, kn);
        pb.to(slot, ctx.opts.realism ? 6 : kn);
      }
      const arrive = pb.t;
      const to = here === 'Nampo' ? far.name : 'Nampo';
      voyages.push({ from: here === 'Nampo' ? 'Nampo' : far.name, to, depart, arrive });
      here = here === 'Nampo' ? 'far' : 'Nampo';
      pb.hold('anchor', pb.t + roundS(rng.range(2, 4) * H), AT_ANCHOR);
    }
    if (voyages.length < 2) break;
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
