/**
 * Realism: ships on the Taedong above Nampo, where Natural Earth 1:10m draws no river: one sails
 * up from the sea to Songnim and moors there, one moored at Songnim sails down and out. Every
 * position from about 125.53E on lies inside the land mask; they are real ships (a negative for
 * spoofing), reached by continuous tracks at river speeds, unlike the on_land spoof's jump.
 */
import { distanceM, KN, type LatLon } from '../geodesy.js';
import { MOORED, PlanBuilder } from '../plan.js';
import { A0, B1, B2, channelKnots, H, landSpan, merchantIdentity, type Ctx } from './context.js';

/** the channel from the barrage to Songnim's quays (approximate; above ~125.53E the mask says land) */
export const RIVER: readonly LatLon[] = [
  B1,
  B2,
  { lat: 38.716, lon: 125.45 },
  { lat: 38.716, lon: 125.52 },
  { lat: 38.732, lon: 125.575 },
  { lat: 38.745, lon: 125.61 },
  { lat: 38.752, lon: 125.635 },
];

/** river speed in knots for the leg ending at RIVER[k] */
const legKn = (k: number): number => (k >= 4 ? 5 : 7);

function riverHours(): number {
  let ms = Math.round(distanceM(A0, B1) / (9 * KN)) * 1000;
  for (let k = 1; k < RIVER.length; k++) ms += Math.round(distanceM(RIVER[k - 1]!, RIVER[k]!) / (legKn(k) * KN)) * 1000;
  return ms / H;
}

function negative(ctx: Ctx, mmsi: number, plan: Parameters<typeof landSpan>[1], note: string): void {
  const span = landSpan(ctx, plan);
  if (!span) return;
  ctx.count('river_transits');
  ctx.negatives.push({ kind: 'river_transit', mmsi: [mmsi], t0: span[0], t1: span[1], mustNotFire: ['spoofing'], note });
}

export function riverTransits(ctx: Ctx): void {
  const { rng } = ctx;
  const trip = riverHours() * H;
  if (ctx.T1 - ctx.T0 < trip + 3 * H) return;
  // upstream: from the sea to a Songnim quay, moored there to the end
  {
    const t = ctx.time(trip, 1 * H, 1 * H);
    const kn = rng.range(9, 11);
    const pb = ctx.approach(A0, t, kn, undefined, 60000)!;
    pb.to(B1, 9);
    for (let k = 1; k < RIVER.length - 2; k++) pb.to(RIVER[k]!, legKn(k));
    const reach = pb.t;
    for (let k = RIVER.length - 2; k < RIVER.length; k++) pb.to(RIVER[k]!, legKn(k));
    const moored = pb.t;
    pb.hold('moored', ctx.T1, MOORED);
    const id = { ...merchantIdentity(ctx, ctx.T0, 70), destination: 'SONGNIM' };
    const plan = ctx.addPlan('cargo', 'A', [id], pb.clip(ctx.T1));
    negative(ctx, id.mmsi, plan, 'up the Taedong above Nampo to Songnim, where Natural Earth draws land');
    // a call at Songnim (the World Port Index's Kyomip'o): from the last reach of the river to
    // the end, still moored then, so a detector may report it open or not at all
    const q = RIVER[RIVER.length - 1]!;
    if (moored < ctx.T1) ctx.events.push({ type: 'port_visit', mmsi: [id.mmsi], t0: reach, t1: ctx.T1, lat: q.lat, lon: q.lon, optional: true, note: 'Songnim quay, moored to the end' });
  }
  // downstream: moored at Songnim, then down the river and out to sea
  {
    const tD = ctx.time(trip, 1 * H, 1 * H);
    const pb = new PlanBuilder(ctx.T0, RIVER[RIVER.length - 1]!);
    pb.hold('moored', tD, MOORED);
    for (let k = RIVER.length - 2; k >= 0; k--) pb.to(RIVER[k]!, legKn(k + 1));
    pb.to(A0, channelKnots(ctx, tD).outKn);
    ctx.depart(pb, rng.range(9, 11));
    const id = merchantIdentity(ctx, ctx.T0, rng.chance(0.5) ? 70 : 80);
    const plan = ctx.addPlan(id.shipType >= 80 ? 'tanker' : 'cargo', 'A', [id], pb.clip(ctx.T1));
    negative(ctx, id.mmsi, plan, 'moored at Songnim, then down the Taedong past Nampo, where Natural Earth draws land');
  }
}
