/**
 * Coal convoys toward Chinese waters (issue H, the seed's "coal convoys"): 3-6 North Korean
 * barges in line astern, 500-1200 m apart, at 5-8 kn for 2-4 h on the course to a Chinese
 * port, then each goes its own way; one member of a larger convoy may sail dark (no AIS at
 * all: not in the truth's mmsi), and the first convoy of a long enough scenario gains a fourth
 * (or further) member an hour in. Truth: `convoy`, mmsi = the members heard, kind
 * `coal_convoy`, note naming the port it makes for. `movement` scenarios only.
 */
import { bearing, destination, distanceM, KN, offset, type LatLon } from '../geodesy.js';
import { PlanBuilder, UNDER_WAY, stateAt, type VesselPlan } from '../plan.js';
import { asc, H, round4, roundS, type Box, type Ctx } from './context.js';

/** Chinese ports the convoys make for (public positions of the harbours) */
export const CHINESE_PORTS: readonly { name: string; p: LatLon }[] = [
  { name: 'DALIAN', p: { lat: 38.93, lon: 121.65 } },
  { name: 'DANDONG', p: { lat: 39.81, lon: 124.14 } },
  { name: 'YANTAI', p: { lat: 37.56, lon: 121.4 } },
];
/** where convoys form: the eastern bay, out of Nampo's approaches */
const FORM: Box = { s: 38.1, n: 39.1, w: 123.6, e: 124.6 };
/** planted convoys keep this far from the reference anchorages (the detector's 10 km, plus room) */
export const CONVOY_ANCHORAGE_M = 15_000;

export function convoys(ctx: Ctx, n: number): void {
  const { rng } = ctx;
  for (let k = 0; k < n; k++) {
    for (let tries = 0; tries < 100; tries++) {
      const port = rng.pick(CHINESE_PORTS);
      const start = ctx.seaPoint(FORM, 6, Infinity, 20000, CONVOY_ANCHORAGE_M);
      const kn = rng.range(5, 8);
      const dur = roundS(rng.range(2, 4) * H);
      const brg = bearing(start, port.p);
      const run = kn * KN * (dur / 1000);
      if (run > distanceM(start, port.p) - 30000) continue;
      const end = destination(start, brg, run);
      if (!ctx.land.legAtSea(start, end, 3000)) continue;
      const ts = ctx.time(dur, 2 * H, 2 * H);
      const te = ts + dur;
      const size = rng.int(3, 6);
      const dark = size >= 4 && rng.chance(0.5) ? 1 : 0;
      const spacing = rng.range(500, 1200);
      const plans: VesselPlan[] = [];
      const heard: number[] = [];
      // the leader, then the others astern, each a little to one side
      const lead = new PlanBuilder(ts, start);
      lead.to(end, kn);
      const leaderId = ctx.identity(ctx.T0, 445, 'kp', 70);
      leaderId.destination = port.name;
      disperse(ctx, lead, brg + 50, kn);
      const leader = ctx.addPlan('coal_barge', 'A', [leaderId], lead.clip(ctx.T1));
      plans.push(leader);
      heard.push(leaderId.mmsi);
      let along = 0;
      for (let j = 1; j < size; j++) {
        // each gap to the ship ahead is the spacing, give or take 15% (scaling the whole distance
        // astern made the gaps of the last ships up to 2.2 x the spacing)
        along -= spacing * rng.range(0.85, 1.15);
        const side = rng.range(-150, 150);
        const east = along * sin(brg) + side * cos(brg);
        const north = along * cos(brg) - side * sin(brg);
        const pb = new PlanBuilder(ts, offset(start, east, north));
        pb.follow(leader, te, east, north, UNDER_WAY);
        disperse(ctx, pb, brg + 50 + 55 * j, kn);
        const id = ctx.identity(ctx.T0, 445, 'kp', rng.chance(0.3) ? 79 : 70);
        id.destination = port.name;
        const plan = ctx.addPlan('coal_barge', 'A', [id], pb.clip(ctx.T1));
        if (j === size - 1 && dark) plan.off.push([ctx.T0, ctx.T1 + H]);
        else heard.push(id.mmsi);
        plans.push(plan);
      }
      // a late joiner: comes up from astern-abeam and takes station an hour in
      if (k === 0 && dur >= 3 * H) {
        const tj = ts + H;
        const s = stateAt(leader, tj)!;
        const side = 700;
        const east = side * cos(brg);
        const north = -side * sin(brg);
        const slot = offset(s, east, north);
        const pb = ctx.approach(slot, tj, kn + 4, (brg + 120) % 360, 20000);
        if (pb) {
          pb.follow(leader, te, east, north, UNDER_WAY);
          disperse(ctx, pb, brg - 60, kn);
          const id = ctx.identity(ctx.T0, 445, 'kp', 70);
          id.destination = port.name;
          ctx.addPlan('coal_barge', 'A', [id], pb.clip(ctx.T1));
          heard.push(id.mmsi);
        }
      }
      ctx.spots.push(start, end);
      ctx.count('convoys');
      const mid = stateAt(leader, ts + dur / 2)!;
      ctx.events.push({
        type: 'convoy',
        mmsi: heard.sort(asc),
        t0: ts,
        t1: te,
        lat: round4(mid.lat),
        lon: round4(mid.lon),
        kind: 'coal_convoy',
        note: `${size} barges (${dark} dark) at ${kn.toFixed(1)} kn, ${Math.round(spacing)} m apart, toward ${port.name} (CHN)${heard.length > size - dark ? ', one joining an hour in' : ''}`,
      });
      break;
    }
  }
}

const sin = (deg: number): number => Math.sin((deg * Math.PI) / 180);
const cos = (deg: number): number => Math.cos((deg * Math.PI) / 180);

/** after the convoy: off on its own course (or the track ends there when the sea does not allow it) */
function disperse(ctx: Ctx, pb: PlanBuilder, brg: number, kn: number): void {
  ctx.depart(pb, kn + ctx.rng.range(1, 3), ((brg % 360) + 360) % 360, 40000, 1000);
}

