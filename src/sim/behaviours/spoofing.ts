/** Spoofing: invalid MMSIs and IMO, one MMSI in two places, positions on land, a circle track. */
import { destination, distanceM, type LatLon } from '../geodesy.js';
import { FOC_MIDS } from '../identity.js';
import { PlanBuilder, planEnd, planStart, stateAt, type Identity, type VesselPlan } from '../plan.js';
import { A0, H, merchantIdentity, OPEN, OPEN_MARGIN, round4, roundS, type Ctx } from './context.js';
import { RIVER } from './river.js';
import { trawlerPlan } from './trawlers.js';

function wanderer(ctx: Ctx, id: Identity, role: string, cls: 'A' | 'B' = 'A'): VesselPlan {
  const pb = new PlanBuilder(ctx.T0, ctx.seaPoint(OPEN, 14));
  ctx.wander(pb, ctx.T1, [7, 11]);
  return ctx.addPlan(role, cls, [id], pb.clip(ctx.T1));
}

export function spoofing(ctx: Ctx): void {
  const { rng } = ctx;
  const whole = (plan: VesselPlan, kind: string, note: string): void => {
    ctx.events.push({ type: 'spoofing', mmsi: [plan.identities[0]!.mmsi], t0: planStart(plan), t1: planEnd(plan), kind, note });
    ctx.count(`spoofing_${kind}`);
  };
  // invalid MMSIs: a fishing boat with the default 123456789, a ship with a placeholder MMSI
  ctx.pool.reserve(123456789);
  ctx.pool.reserve(445000000);
  const boat = ctx.identityFor(ctx.T0, 123456789, 'cn_fishing', 30, false);
  boat.flag = null;
  whole(trawlerPlan(ctx, boat, 'B', true, 'trawler'), 'invalid_mmsi', 'MMSI 123456789: MID 123 is not allocated');
  whole(wanderer(ctx, ctx.identityFor(ctx.T0, 445000000, 'kp', 70), 'cargo'), 'invalid_mmsi', 'MMSI 445000000: placeholder, six zeros after the MID');
  // invalid IMO check digit
  const badImo = ctx.pool.imo(false);
  whole(wanderer(ctx, ctx.identity(ctx.T0, rng.pick(FOC_MIDS), 'foc', 70, badImo), 'cargo'), 'invalid_imo', `IMO ${badImo} fails the check digit`);

  const hours = ctx.opts.hours;
  // two places at once: a second transmitter sends the same MMSI and name far away
  if (hours >= 10) {
    const host = wanderer(ctx, merchantIdentity(ctx, ctx.T0, 70), 'cargo');
    const dur = roundS(rng.range(2, Math.min(5, hours - 7)) * H);
    const t1 = ctx.time(dur, 3 * H);
    for (let tries = 0; tries < 500; tries++) {
      const q = ctx.seaPoint(OPEN, 5);
      const far = [t1, t1 + dur / 2, t1 + dur].every((t) => {
        const s = stateAt(host, t);
        return !s || distanceM(s, q) > 110000;
      });
      if (!far) continue;
      const pb = new PlanBuilder(t1, q);
      ctx.wander(pb, t1 + dur, [8, 10]);
      const legs = pb.clip(t1 + dur);
      const tooClose = legs.some((l) => [l.t0, l.t1].some((t) => {
        const s = stateAt(host, t);
        return s !== null && distanceM(s, t === l.t0 ? l.a : l.b) < 90000;
      }));
      if (tooClose) continue;
      ctx.addPlan('cargo', host.cls, host.identities, legs, { clone: true });
      ctx.events.push({ type: 'spoofing', mmsi: [host.identities[0]!.mmsi], t0: t1, t1: t1 + dur, kind: 'two_places', note: 'a second transmitter with the same MMSI and name >= 90 km away' });
      ctx.count('spoofing_two_places');
      break;
    }
  }
  // positions on land: for 1.5-3 h the reported position is a fixed point inland
  if (hours >= 8) {
    const host = wanderer(ctx, merchantIdentity(ctx, ctx.T0, 70), 'cargo');
    const dur = roundS(rng.range(1.5, 3) * H);
    const t1 = ctx.time(dur, 2 * H);
    let p: LatLon | null = null;
    for (let k = 0; k < 2000 && !p; k++) {
      const q = { lat: rng.range(38.8, 39.2), lon: rng.range(125.5, 125.9) };
      if (ctx.opts.realism) {
        // well inland (> 6 km inside the mask) and well away from the river ships' track
        if (ctx.land.isLand(q.lat, q.lon) && ctx.land.distanceToCoastM(q.lat, q.lon) > 6000 && RIVER.every((r) => distanceM(r, q) > 10000)) p = q;
        continue;
      }
      const ring = [0, 90, 180, 270].map((b) => destination(q, b, 3000));
      if (ctx.land.isLand(q.lat, q.lon) && ring.every((r) => ctx.land.isLand(r.lat, r.lon))) p = q;
    }
    if (p) {
      host.fake.push({ t0: t1, t1: t1 + dur, p });
      ctx.events.push({ type: 'spoofing', mmsi: [host.identities[0]!.mmsi], t0: t1, t1: t1 + dur, kind: 'on_land', lat: round4(p.lat), lon: round4(p.lon), note: ctx.opts.realism ? `reported position fixed ${(ctx.land.distanceToCoastM(p.lat, p.lon) / 1000).toFixed(1)} km inland, reached by a jump from the open sea` : 'reported position fixed on land' });
      ctx.count('spoofing_on_land');
    }
  }
  // a circle track near the coast (where loitering rules do not apply)
  if (hours >= 10) {
    const dur = roundS(rng.range(3, Math.min(5, hours - 6)) * H);
    const tc = ctx.time(dur, 2.5 * H);
    const rM = rng.range(1200, 2000);
    for (let tries = 0; tries < 500; tries++) {
      const c = ctx.seaPoint({ s: 37.7, n: 38.6, w: 123.8, e: 124.8 }, 6, 15);
      if (distanceM(c, A0) < 25000) continue;
      const pts = Array.from({ length: 24 }, (_, k) => destination(c, k * 15, rM));
      if (!pts.every((q, k) => ctx.land.legAtSea(q, pts[(k + 1) % pts.length]!, OPEN_MARGIN))) continue;
      const phase0 = rng.range(0, 360);
      const pb = ctx.approach(destination(c, phase0, rM), tc, rng.range(9, 11));
      if (!pb) continue;
      const kn = rng.range(6, 9);
      pb.circle(c, rM, kn, tc + dur, rng.chance(0.5), phase0);
      ctx.depart(pb, rng.range(9, 11));
      const id = merchantIdentity(ctx, ctx.T0, 70);
      ctx.addPlan('cargo', 'A', [id], pb.clip(ctx.T1));
      ctx.events.push({ type: 'spoofing', mmsi: [id.mmsi], t0: tc, t1: tc + dur, kind: 'circle', lat: round4(c.lat), lon: round4(c.lon), note: `circles of ${Math.round(rM)} m radius`, loopS: (2 * Math.PI * rM) / (kn * 0.514444) });
      // a displacement-based loitering rule may see a circle as loitering: either answer is fair
      ctx.events.push({ type: 'loitering', mmsi: [id.mmsi], t0: tc, t1: tc + dur, optional: true, note: 'circle track: slow by displacement, fast by SOG' });
      ctx.count('spoofing_circle');
      break;
    }
  }
}
