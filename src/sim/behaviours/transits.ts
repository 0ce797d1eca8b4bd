/** Through traffic: cargo ships and tankers on four lanes across the bay. */
import { distanceM, KN, type LatLon } from '../geodesy.js';
import { Rng } from '../prng.js';
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

/** a transit as the lane sees it: where along it (m) it is at tS, and how fast it goes */
export interface OnLane {
  lane: string;
  tS: number;
  s0: number;
  kn: number;
  tE: number;
}

/** closest approach along the lane (m) of two transits while both are on it; Infinity when never together */
export function closestAlong(a: OnLane, b: OnLane): number {
  const t0 = Math.max(a.tS, b.tS);
  const t1 = Math.min(a.tE, b.tE);
  if (t0 > t1) return Number.POSITIVE_INFINITY;
  const gap = (t: number): number => a.s0 + (a.kn * KN * (t - a.tS)) / 1000 - (b.s0 + (b.kn * KN * (t - b.tS)) / 1000);
  const g0 = gap(t0);
  const g1 = gap(t1);
  return g0 * g1 <= 0 ? 0 : Math.min(Math.abs(g0), Math.abs(g1));
}

export function transits(ctx: Ctx, n: number): void {
  const { rng } = ctx;
  const placed: OnLane[] = [];
  // another speed, when one is needed, from a stream of its own (the scenario's other draws stay)
  const own = new Rng(ctx.opts.seed, 5100);
  for (let k = 0; k < n; k++) {
    const bi = rng.int(0, LANES.length - 1);
    const base = LANES[bi]!;
    const reversed = rng.chance(0.5);
    const lane = reversed ? [...base].reverse() : [...base];
    let kn = rng.range(9, 13.5);
    const id = merchantIdentity(ctx, ctx.T0, rng.chance(0.5) ? 80 : 70);
    const enRoute = rng.chance(0.5);
    const f = enRoute ? rng.range(0, 0.8) : 0;
    const { p, next } = enRoute ? lanePoint(lane, f) : { p: lane[0]!, next: 1 };
    const tS = enRoute ? ctx.T0 : ctx.time(0, 0, Math.min(3 * H, (ctx.T1 - ctx.T0) / 2));
    // ships on one lane one way that would steam within 3 km of each other at speeds within
    // 1.6 kn (the convoy rule's 1.5, with a margin) get another speed: drawn on one line at one
    // speed, they made columns of three for an hour, a convoy the truth did not know was one
    const total = lane.slice(1).reduce((a, q, j) => a + distanceM(lane[j]!, q), 0);
    const key = `${bi}${reversed ? 'r' : ''}`;
    const me = (v: number): OnLane => ({ lane: key, tS, s0: f * total, kn: v, tE: tS + ((total - f * total) / (v * KN)) * 1000 });
    const clash = (v: number): boolean => {
      const m = me(v);
      return placed.some((o) => o.lane === key && Math.abs(o.kn - v) <= 1.6 && closestAlong(m, o) < 3000);
    };
    for (let tries = 0; tries < 20 && clash(kn); tries++) kn = own.range(9, 13.5);
    placed.push(me(kn));
    const pb = new PlanBuilder(tS, p);
    for (let j = next; j < lane.length; j++) pb.to(lane[j]!, kn);
    ctx.addPlan(id.shipType >= 80 ? 'tanker' : 'cargo', 'A', [id], pb.clip(ctx.T1));
  }
}

