/** Ship-to-ship encounters beyond 12 nm, mostly at night, every other one with a dark partner. */
import { destination, KN, NM, offset } from '../geodesy.js';
import { FOC_MIDS } from '../identity.js';
import { UNDER_WAY, stateAt } from '../plan.js';
import { isNight, sunAltitudeDeg } from '../sun.js';
import { asc, ENCOUNTER_ANCHORAGE_M, H, MIN, OPEN, round4, roundS, type Ctx } from './context.js';

export function encounters(ctx: Ctx, n: number): void {
  const { rng } = ctx;
  for (let k = 0; k < n; k++) {
    const dur = roundS(Math.min(rng.range(3, 8), ctx.opts.hours - 8) * H);
    if (dur < 3 * H) return;
    const p = ctx.seaPoint(OPEN, 14, Infinity, 25000, ENCOUNTER_ANCHORAGE_M);
    ctx.spots.push(p);
    const wantNight = rng.chance(0.75);
    let ts = ctx.time(dur, 3 * H);
    for (let tries = 0; tries < 200; tries++) {
      const alt = sunAltitudeDeg(ts + dur / 2, p.lat, p.lon);
      if (wantNight ? alt < -6 : alt > 6) break;
      ts = ctx.time(dur, 3 * H);
    }
    const te = ts + dur;
    const tankerPair = rng.chance(0.4);
    const giverMid = rng.chance(0.5) ? rng.pick(FOC_MIDS) : 445;
    const giver = ctx.identity(ctx.T0, giverMid, giverMid === 445 ? 'kp' : 'foc', 80);
    const taker = ctx.identity(ctx.T0, rng.chance(0.7) ? 445 : rng.pick(FOC_MIDS), 'kp', tankerPair ? 80 : 70);
    // the giver drifts slowly; the taker lies alongside 60-150 m off
    const a = ctx.approach(p, ts, rng.range(9, 12))!;
    let q = p;
    const legs = rng.int(1, 3);
    for (let j = 1; j <= legs; j++) {
      const tj = j === legs ? te : roundS(ts + (dur * j) / legs);
      const kn = rng.range(0.2, 0.8);
      const next = destination(q, rng.range(0, 360), (kn * KN * (tj - (ts + (dur * (j - 1)) / legs))) / 1000);
      a.toBy(next, tj);
      q = next;
    }
    ctx.depart(a, rng.range(9, 12));
    const giverPlan = ctx.addPlan(giver.shipType >= 80 ? 'tanker' : 'cargo', 'A', [giver], a.clip(ctx.T1));
    const sep = rng.range(60, 150);
    const ang = rng.range(0, 2 * Math.PI);
    const east = sep * Math.sin(ang);
    const north = sep * Math.cos(ang);
    const b = ctx.approach(offset(p, east, north), ts, rng.range(9, 12))!;
    b.follow(giverPlan, te, east, north, UNDER_WAY);
    ctx.depart(b, rng.range(9, 12));
    const takerPlan = ctx.addPlan(taker.shipType >= 80 ? 'tanker' : 'cargo', 'A', [taker], b.clip(ctx.T1));
    const dark = n === 1 ? false : k % 2 === 1;
    if (dark) takerPlan.off.push([ts + 30 * MIN, te - 30 * MIN]);
    const mid = stateAt(giverPlan, ts + dur / 2)!;
    const flags: string[] = [];
    if (isNight(ts + dur / 2, mid.lat, mid.lon)) flags.push('night');
    if (ctx.land.distanceToShoreM(mid.lat, mid.lon) > 12 * NM) flags.push('outside_territorial_sea');
    if (giver.shipType >= 80 && taker.shipType >= 80) flags.push('tanker_pair');
    if (dark) flags.push('dark_partner');
    ctx.count('encounters');
    ctx.events.push({
      type: 'encounter',
      mmsi: [giver.mmsi, taker.mmsi].sort(asc),
      t0: ts,
      t1: te,
      lat: round4(mid.lat),
      lon: round4(mid.lon),
      flags,
      note: dark ? `${taker.mmsi} silent from 30 min after the start to 30 min before the end` : `alongside ${Math.round(sep)} m`,
      // heard alongside in its first 30 min: without a report received then, the data show it
      // alongside only at the end, and how long it had been there is unknowable
      ...(dark ? { alongside: { mmsi: taker.mmsi, t0: ts, t1: ts + 30 * MIN } } : {}),
    });
  }
}
