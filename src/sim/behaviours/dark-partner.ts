/**
 * Realism: a dark rendezvous. A carrier or tanker stops beyond 12 nm; the partner comes alongside
 * slowly (25-40 m off), is heard there for 15-30 min, then is silent for the rest of the 4-5 h
 * rendezvous and reappears about an hour after it ends, an hour's steaming away (its last fix says
 * alongside, its next says it left late). Planted as an encounter flagged dark_partner.
 */
import { bearing, destination, KN, NM, offset } from '../geodesy.js';
import { FOC_MIDS } from '../identity.js';
import { UNDER_WAY, stateAt } from '../plan.js';
import { isNight } from '../sun.js';
import { asc, ENCOUNTER_ANCHORAGE_M, H, MIN, OPEN, round4, roundS, type Ctx } from './context.js';

export function darkPartners(ctx: Ctx, n: number): void {
  const { rng } = ctx;
  for (let k = 0; k < n; k++) {
    const dur = roundS(rng.range(4, 5) * H);
    if (ctx.T1 - ctx.T0 < dur + 6 * H) return;
    const p = ctx.seaPoint(OPEN, 14, Infinity, 25000, ENCOUNTER_ANCHORAGE_M);
    ctx.spots.push(p);
    const ts = ctx.time(dur, 2.5 * H, 3 * H);
    const te = ts + dur;
    const carrierMid = rng.chance(0.5) ? rng.pick(FOC_MIDS) : 445;
    const carrier = ctx.identity(ctx.T0, carrierMid, carrierMid === 445 ? 'kp' : 'foc', rng.chance(0.5) ? 80 : 70);
    const partner = ctx.identity(ctx.T0, rng.chance(0.6) ? 445 : rng.pick(FOC_MIDS), 'kp', rng.chance(0.5) ? 80 : 70);
    // the carrier is stopped from half an hour before to 20 min after the rendezvous
    const a = ctx.approach(p, ts - 30 * MIN, rng.range(9, 12))!;
    a.hold('stop', te + 20 * MIN, UNDER_WAY);
    ctx.depart(a, rng.range(9, 12));
    const carrierPlan = ctx.addPlan(carrier.shipType >= 80 ? 'tanker' : 'cargo', 'A', [carrier], a.clip(ctx.T1));
    // the partner: in at speed, the last 800 m slowly, alongside, then off at 11-13 kn
    const sep = rng.range(25, 40);
    const ang = rng.range(0, 2 * Math.PI);
    const along = offset(p, sep * Math.sin(ang), sep * Math.cos(ang));
    const from = rng.range(0, 360);
    const b = ctx.approach(destination(along, from, 800), ts - 15 * MIN, rng.range(9, 12), from, 80000) ?? ctx.approach(destination(along, from, 800), ts - 15 * MIN, rng.range(9, 12))!;
    b.toBy(along, ts);
    b.hold('stop', te, UNDER_WAY);
    const kn = rng.range(11, 13);
    ctx.depart(b, kn);
    // a way out that ends early (the bay's edge close by) must not end the track before the
    // partner is heard again: it goes on away from the rendezvous, or at least at sea (seed 304:
    // its way out ended while it was silent, so it was never heard after its 27 min alongside,
    // and the truth said it reappeared)
    for (let k = 0; k < 12 && b.t < te + 105 * MIN; k++) ctx.depart(b, kn, (bearing(p, b.pos) + rng.range(-60, 60) + 360) % 360);
    if (b.t < te + 105 * MIN) ctx.wander(b, Math.min(ctx.T1, te + 3 * H), [kn, kn]);
    const heard = roundS(rng.range(15, 30) * MIN);
    const back = roundS(rng.range(60, 75) * MIN);
    const partnerPlan = ctx.addPlan(partner.shipType >= 80 ? 'tanker' : 'cargo', 'A', [partner], b.clip(ctx.T1));
    partnerPlan.off.push([ts + heard, Math.min(ctx.T1, te + back)]);
    const mid = stateAt(carrierPlan, ts + dur / 2)!;
    const flags: string[] = [];
    if (isNight(ts + dur / 2, mid.lat, mid.lon)) flags.push('night');
    if (ctx.land.distanceToShoreM(mid.lat, mid.lon) > 12 * NM) flags.push('outside_territorial_sea');
    if (carrier.shipType >= 80 && partner.shipType >= 80) flags.push('tanker_pair');
    flags.push('dark_partner');
    ctx.count('dark_rendezvous');
    ctx.events.push({
      type: 'encounter',
      mmsi: [carrier.mmsi, partner.mmsi].sort(asc),
      t0: ts,
      t1: te,
      lat: round4(mid.lat),
      lon: round4(mid.lon),
      flags,
      kind: 'dark_rendezvous',
      // from the slow last 800 m in to falling silent
      alongside: { mmsi: partner.mmsi, t0: ts - 15 * MIN, t1: ts + heard },
      note: `${partner.mmsi} alongside ${Math.round(sep)} m, heard ${Math.round(heard / MIN)} min, then silent until ${Math.round(back / MIN)} min after the end, ${Math.round((kn * KN * (back / 1000)) / 1000)} km away`,
    });
  }
}
