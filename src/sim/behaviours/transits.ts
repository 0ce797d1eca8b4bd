/** Through traffic: cargo ships and tankers on four lanes across the bay. */
import { distanceM, type LatLon } from '../geodesy.js';
import { PlanBuilder } from '../plan.js';
import { H, merchantIdentity, type Ctx } from './context.js';

/** through traffic lanes (waypoints), checked against the land mask in tests */
export const LANES: readonly LatLon[][] = [
  [{ lat: 37.25, lon: 124.1 }, { lat: 39.7, lon: 124.1 }],
  [{ lat: 37.25, lon: 122.8 }, { lat: 39.5, lon: 123.9 }],
  [{ lat: 38.25, lon: 121.6 }, { lat: 37.25, lon: 124.7 }],
  [{ lat: 38.65, lon: 121.9 }, { lat: 38.3, lon: 123.5 }, { lat: 37.25, lon: 124.4 }],
];

function lanePoint(lane: readonly LatLon[], f: number): { p: LatLon; next: number } {
  const lens = lane.slice(1).map((q, k) => distanceM(lane[k]!, q));
  let d = f * lens.reduce((a, b) => a + b, 0);
  for (let k = 0; k < lens.length; k++) {
    if (d <= lens[k]!) {
      const a = lane[k]!;
      const b = lane[k + 1]!;
      const g = d / lens[k]!;
      return { p: { lat: a.lat + (b.lat - a.lat) * g, lon: a.lon + (b.lon - a.lon) * g }, next: k + 1 };
    }
    d -= lens[k]!;
  }
  return { p: lane[lane.length - 1]!, next: lane.length };
}

export function transits(ctx: Ctx, n: number): void {
  const { rng } = ctx;
  for (let k = 0; k < n; k++) {
    const base = rng.pick(LANES);
    const lane = rng.chance(0.5) ? [...base].reverse() : [...base];
    const kn = rng.range(9, 13.5);
    const id = merchantIdentity(ctx, ctx.T0, rng.chance(0.5) ? 80 : 70);
    const enRoute = rng.chance(0.5);
    const { p, next } = enRoute ? lanePoint(lane, rng.range(0, 0.8)) : { p: lane[0]!, next: 1 };
    const pb = new PlanBuilder(enRoute ? ctx.T0 : ctx.time(0, 0, Math.min(3 * H, (ctx.T1 - ctx.T0) / 2)), p);
    for (let j = next; j < lane.length; j++) pb.to(lane[j]!, kn);
    ctx.addPlan(id.shipType >= 80 ? 'tanker' : 'cargo', 'A', [id], pb.clip(ctx.T1));
  }
}

