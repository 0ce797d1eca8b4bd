import { describe, expect, it } from 'vitest';
import { PlanBuilder, stateAt, type VesselPlan } from '../../src/sim/plan.js';
import { zoneStays } from '../../src/sim/truth.js';
import { WEST_SEA_BARRAGE, inZone } from '../../src/sim/zones.js';
import { destination } from '../../src/sim/geodesy.js';

const T0 = Date.parse('2026-03-01T00:00:00Z');
const H = 3_600_000;
const ANCHORED = 1;

/** Steams from the barrage circle's centre to `anchorM` east of it, anchors 12 h, then steams `awayM` east of the centre (and back in, when `back`). */
function plan(anchorM: number, awayM: number, back: boolean): VesselPlan {
  const c = WEST_SEA_BARRAGE.centre;
  const b = new PlanBuilder(T0, c);
  const spot = destination(c, 90, anchorM);
  b.to(spot, 6);
  b.hold('anchor', b.t + 12 * H, ANCHORED);
  b.to(destination(c, 90, awayM), 6);
  if (back) {
    b.to(spot, 6);
    b.hold('anchor', b.t + 2 * H, ANCHORED);
  }
  return { id: 1, role: 'test', cls: 'A', identities: [], legs: b.legs, off: [], fake: [], clone: false };
}

/** in/out changes of the true track, sampled every 20 s */
function crossings(p: VesselPlan): number {
  let n = 0;
  let prev: boolean | null = null;
  for (let t = p.legs[0]!.t0; t <= p.legs[p.legs.length - 1]!.t1; t += 20_000) {
    const s = stateAt(p, t);
    const inside = s !== null && inZone(WEST_SEA_BARRAGE, s);
    if (prev !== null && inside !== prev) n++;
    prev = inside;
  }
  return n;
}

describe('zone truth', () => {
  it('a ship at anchor on a zone edge, swinging across it, stays once: the detector looks again only after 200 m', () => {
    // anchored on the edge (its 30 m swing crosses the circle's ring) from inside, then away east
    const p = plan(WEST_SEA_BARRAGE.radiusM - 8, 9000, false);
    expect(crossings(p)).toBeGreaterThanOrEqual(3);
    const stays = zoneStays(p, [WEST_SEA_BARRAGE]);
    expect(stays).toHaveLength(1);
    // from the start to the departure, 12 h later and more
    expect(stays[0]!.t0).toBe(T0);
    expect(stays[0]!.t1 - stays[0]!.t0).toBeGreaterThan(12 * H);
  });

  it('a ship that went 4 km out and came back stays twice', () => {
    const p = plan(WEST_SEA_BARRAGE.radiusM - 8, 9000, true);
    expect(zoneStays(p, [WEST_SEA_BARRAGE]).length).toBeGreaterThanOrEqual(2);
    const q = plan(WEST_SEA_BARRAGE.radiusM - 1000, 9000, true);
    expect(zoneStays(q, [WEST_SEA_BARRAGE])).toHaveLength(2);
  });
});
