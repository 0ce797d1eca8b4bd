/**
 * `hairpin`: repeated about-turns (>= 150 deg between legs of >= 300 m),
 * `hairpinReversals` within `hairpinWindowMin`: a track jumping to and fro (a ferry or
 * patrol turning around now and then is not one). Legs faster than `maxKnots` are timing
 * artefacts (receive-time stamps of satellite feeds delivered out of order), not reversals.
 */
import type { Position } from '../../records.js';
import { MIN_MS, type DetectContext } from '../context.js';
import { knots } from '../../geo/distance.js';
import { sign, type Runs } from './runs.js';
import type { Sample, Shape } from './shape.js';

const MIN_LEG_M = 300;

/** After a new sample: count it when it is a reversal, and sign when enough are recent. */
export function checkHairpin(ctx: DetectContext, st: Runs, sh: Shape, p: Position, s: Sample): void {
  const P = ctx.params.spoofing;
  if (!(Math.abs(s.turn) >= 150 && s.legM >= MIN_LEG_M) || (p.sog ?? 0) < P.hairpinMinSpeedKn) return;
  // a leg faster than maxKnots is not a course: satellite reports stamped with their downlink
  // time arrive out of order, so a steady ship seems to jump back (AMSA/exactEarth, issue R)
  if (knots(s.legM, Math.max(1000, s.dtMs)) > P.maxKnots) return;
  const rt = sh.revTimes;
  rt.push(p.t);
  while (rt.length > 0 && p.t - rt[0]! > P.hairpinWindowMin * MIN_MS) rt.shift();
  if (rt.length >= P.hairpinReversals) {
    const run = sign(p.mmsi, st, 'hairpin', p, {});
    run.extra['reversals'] = rt.length;
  }
}
