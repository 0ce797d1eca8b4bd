/**
 * What looks like a convoy and is not (negatives, `mustNotFire: ['convoy']`), `movement`
 * scenarios only:
 * - `lane_sharing`: three cargo ships on one track at one speed, two to three hours apart;
 * - `crossing`: three ships at one speed on courses 60 degrees apart through one point at one time;
 * - `moving_pair`: a tug and its tow under way together for 3 h (two are no convoy; at
 *   5-7 kn no encounter either);
 * - `fishing_fleet`: four trawlers steaming to their grounds together (moving together is
 *   a fishing fleet's trade: the convoy rule leaves fishing vessels out).
 */
import { destination, KN } from '../geodesy.js';
import { PlanBuilder, UNDER_WAY } from '../plan.js';
import { CN_MIDS } from '../identity.js';
import { CONVOY_ANCHORAGE_M } from './convoys.js';
import { asc, H, MIN, merchantIdentity, OPEN, roundS, type Ctx } from './context.js';

export function convoyDecoys(ctx: Ctx): void {
  laneSharing(ctx);
  crossing(ctx);
  movingPair(ctx);
  fishingFleet(ctx);
}

function laneSharing(ctx: Ctx): void {
  const { rng } = ctx;
  for (let tries = 0; tries < 100; tries++) {
    const a = ctx.seaPoint(OPEN, 6, Infinity, 20000, CONVOY_ANCHORAGE_M);
    const brg = rng.range(0, 360);
    const kn = rng.range(8, 11);
    const dur = 3 * H;
    const b = destination(a, brg, kn * KN * (dur / 1000));
    if (!ctx.land.legAtSea(a, b, 2000)) continue;
    const gap = roundS(rng.range(2, 3) * H);
    if (ctx.T1 - ctx.T0 < 2 * gap + dur + 2 * H) return;
    const t0 = ctx.time(2 * gap + dur, H);
    const mmsi: number[] = [];
    for (let j = 0; j < 3; j++) {
      const pb = new PlanBuilder(t0 + j * gap, a);
      pb.to(b, kn);
      const id = merchantIdentity(ctx, ctx.T0, 70);
      ctx.addPlan('cargo', 'A', [id], pb.clip(ctx.T1));
      mmsi.push(id.mmsi);
    }
    ctx.spots.push(a, b);
    ctx.count('convoy_decoys');
    ctx.negatives.push({ kind: 'lane_sharing', mmsi: mmsi.sort(asc), t0, t1: t0 + 2 * gap + dur, mustNotFire: ['convoy'], note: `one track at ${kn.toFixed(1)} kn, ${(gap / H).toFixed(1)} h apart` });
    return;
  }
}

function crossing(ctx: Ctx): void {
  const { rng } = ctx;
  for (let tries = 0; tries < 100; tries++) {
    const x = ctx.seaPoint(OPEN, 10, Infinity, 20000, CONVOY_ANCHORAGE_M);
    const c = rng.range(0, 360);
    const kn = rng.range(8, 11);
    const half = kn * KN * 3600 * 1.5;
    const tc = ctx.time(0, 3 * H);
    const legs = [0, 60, 120].map((d) => {
      const brg = (c + d) % 360;
      return { from: destination(x, brg + 180, half), to: destination(x, brg, half) };
    });
    if (!legs.every((l) => ctx.land.legAtSea(l.from, l.to, 2000))) continue;
    const mmsi: number[] = [];
    for (const l of legs) {
      const pb = new PlanBuilder(tc - roundS(1.5 * H), l.from);
      pb.toBy(l.to, tc + roundS(1.5 * H), UNDER_WAY);
      const id = merchantIdentity(ctx, ctx.T0, rng.chance(0.5) ? 70 : 80);
      ctx.addPlan(id.shipType >= 80 ? 'tanker' : 'cargo', 'A', [id], pb.clip(ctx.T1));
      mmsi.push(id.mmsi);
    }
    ctx.spots.push(x);
    ctx.count('convoy_decoys');
    ctx.negatives.push({ kind: 'crossing', mmsi: mmsi.sort(asc), t0: tc - 90 * MIN, t1: tc + 90 * MIN, mustNotFire: ['convoy'], note: `one speed (${kn.toFixed(1)} kn), courses 60 degrees apart, through one point at one time` });
    return;
  }
}

function movingPair(ctx: Ctx): void {
  const { rng } = ctx;
  for (let tries = 0; tries < 100; tries++) {
    const a = ctx.seaPoint(OPEN, 6, Infinity, 20000, CONVOY_ANCHORAGE_M);
    const brg = rng.range(0, 360);
    const kn = rng.range(5, 7);
    const dur = 3 * H;
    const b = destination(a, brg, kn * KN * (dur / 1000));
    if (!ctx.land.legAtSea(a, b, 2000)) continue;
    const t0 = ctx.time(dur, H);
    const tug = new PlanBuilder(t0, a);
    tug.to(b, kn);
    const tugId = ctx.identity(ctx.T0, 445, 'kp', 52);
    const tugPlan = ctx.addPlan('tug', 'A', [tugId], tug.clip(ctx.T1));
    const along = -rng.range(200, 400);
    const east = along * Math.sin((brg * Math.PI) / 180);
    const north = along * Math.cos((brg * Math.PI) / 180);
    const tow = new PlanBuilder(t0, destination(a, brg + 180, -along));
    tow.follow(tugPlan, tugPlan.legs[tugPlan.legs.length - 1]!.t1, east, north, UNDER_WAY);
    const towId = ctx.identity(ctx.T0, 445, 'kp', 70);
    ctx.addPlan('barge', 'A', [towId], tow.clip(ctx.T1));
    ctx.spots.push(a, b);
    ctx.count('convoy_decoys');
    ctx.negatives.push({ kind: 'moving_pair', mmsi: [tugId.mmsi, towId.mmsi].sort(asc), t0, t1: t0 + dur, mustNotFire: ['convoy', 'encounter'], note: `tug and tow at ${kn.toFixed(1)} kn, ${Math.round(-along)} m apart` });
    return;
  }
}

function fishingFleet(ctx: Ctx): void {
  const { rng } = ctx;
  for (let tries = 0; tries < 100; tries++) {
    const a = ctx.seaPoint(OPEN, 6, Infinity, 20000, CONVOY_ANCHORAGE_M);
    const brg = rng.range(0, 360);
    const kn = rng.range(7, 9);
    const dur = 2 * H;
    const b = destination(a, brg, kn * KN * (dur / 1000));
    if (!ctx.land.legAtSea(a, b, 2000)) continue;
    const t0 = ctx.time(dur, H);
    const mmsi: number[] = [];
    for (let j = 0; j < 4; j++) {
      const side = (j - 1.5) * 600;
      const pa = destination(a, brg + 90, side);
      const pb = new PlanBuilder(t0, pa);
      pb.toBy(destination(b, brg + 90, side), t0 + dur, UNDER_WAY);
      const id = ctx.identity(ctx.T0, rng.pick(CN_MIDS), 'cn_fishing', 30);
      ctx.addPlan('trawler', 'A', [id], pb.clip(ctx.T1));
      mmsi.push(id.mmsi);
    }
    ctx.spots.push(a, b);
    ctx.count('convoy_decoys');
    ctx.negatives.push({ kind: 'fishing_fleet', mmsi: mmsi.sort(asc), t0, t1: t0 + dur, mustNotFire: ['convoy'], note: `four trawlers abreast at ${kn.toFixed(1)} kn to their grounds` });
    return;
  }
}
