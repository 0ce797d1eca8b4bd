/**
 * Declared-destination changes (Windward's DESTINATION_CHANGE), `movement` scenarios only:
 * two merchant ships that re-declare their destination mid-voyage (truth
 * `destination_change`, from the change to an hour after it: the detector confirms a new
 * destination on its second static report), and two that only seem to: one whose field
 * goes blank for two hours and comes back, one that rewrites the same port with its country
 * code, then with a full stop (negatives, `mustNotFire: ['destination_change']`).
 */
import { PlanBuilder, type Identity } from '../plan.js';
import { H, merchantIdentity, OPEN, roundS, type Ctx } from './context.js';

const PORTS = ['DALIAN', 'DANDONG', 'LONGKOU', 'YANTAI', 'NAMPO', 'TIANJIN', 'QINGDAO'];

function voyage(ctx: Ctx, ids: Identity[]): void {
  const pb = new PlanBuilder(ctx.T0, ctx.seaPoint(OPEN, 10));
  ctx.wander(pb, ctx.T1, [7, 10]);
  ctx.addPlan('cargo', 'A', ids, pb.clip(ctx.T1));
}

export function destinationChanges(ctx: Ctx): void {
  const { rng } = ctx;
  for (let k = 0; k < 2; k++) {
    const first = merchantIdentity(ctx, ctx.T0, 70);
    const tc = ctx.time(0, 4 * H);
    const to = rng.pick(PORTS.filter((p) => p !== first.destination));
    voyage(ctx, [first, { ...first, from: tc, destination: to }]);
    ctx.count('destination_changes');
    ctx.events.push({ type: 'destination_change', mmsi: [first.mmsi], t0: tc, t1: tc + H, note: `${first.destination} -> ${to}` });
  }
  // a blank hour: the field cleared and typed again
  const blank = merchantIdentity(ctx, ctx.T0, 80);
  const tb = ctx.time(2 * H, 4 * H);
  voyage(ctx, [blank, { ...blank, from: tb, destination: '' }, { ...blank, from: tb + 2 * H }]);
  ctx.negatives.push({ kind: 'destination_blank', mmsi: [blank.mmsi], t0: ctx.T0, t1: ctx.T1, mustNotFire: ['destination_change'], note: `${blank.destination}, blank for 2 h, ${blank.destination} again` });
  // one port written two ways
  const same = merchantIdentity(ctx, ctx.T0, 70);
  const tv = roundS(ctx.time(2 * H, 4 * H));
  const variants = [`${same.destination}, CN`, `${same.destination}.`];
  voyage(ctx, [same, { ...same, from: tv, destination: variants[0]! }, { ...same, from: tv + 2 * H, destination: variants[1]! }]);
  ctx.negatives.push({ kind: 'destination_variant', mmsi: [same.mmsi], t0: ctx.T0, t1: ctx.T1, mustNotFire: ['destination_change'], note: `${same.destination} rewritten as "${variants.join('" and "')}"` });
}
