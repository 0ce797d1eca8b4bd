/**
 * A dense trawler fleet for the satellite-detection scenario (`detections: true`): 121 Chinese
 * trawlers on an 11 x 11 grid of 450 m cells (a 5 km square beyond 25 nm), each towing back
 * and forth inside its own cell at 2.5-3.5 kn for the whole scenario, so any two stay at least
 * 150 m apart while dozens are within 1.5 km of each other: the case where matching detections
 * to AIS must be an assignment, not nearest-first.
 */
import { offset, type LatLon } from '../geodesy.js';
import { CN_MIDS } from '../identity.js';
import { FISHING, PlanBuilder } from '../plan.js';
import { FISH, type Ctx } from './context.js';

export const DENSE_SIDE = 11;
export const DENSE_CELL_M = 450;
const MARGIN_M = 75;

export function denseFleet(ctx: Ctx): { centre: LatLon; mmsi: number[] } {
  const { rng } = ctx;
  const centre = ctx.seaPoint(FISH, 25, Infinity, 20000);
  ctx.spots.push(centre);
  const half = (DENSE_SIDE * DENSE_CELL_M) / 2;
  const mmsi: number[] = [];
  for (let r = 0; r < DENSE_SIDE; r++) {
    for (let c = 0; c < DENSE_SIDE; c++) {
      const x0 = -half + c * DENSE_CELL_M + MARGIN_M;
      const y0 = -half + r * DENSE_CELL_M + MARGIN_M;
      const span = DENSE_CELL_M - 2 * MARGIN_M;
      const pick = (): LatLon => offset(centre, x0 + rng.range(0, span), y0 + rng.range(0, span));
      const id = ctx.identity(ctx.T0, rng.pick(CN_MIDS), 'cn_fishing', 30, false);
      const pb = new PlanBuilder(ctx.T0, pick());
      let guard = 0;
      while (pb.t < ctx.T1 && guard++ < 10000) pb.to(pick(), rng.range(2.5, 3.5), FISHING);
      ctx.addPlan('dense_trawler', 'A', [id], pb.clip(ctx.T1));
      mmsi.push(id.mmsi);
    }
  }
  ctx.count('dense_fleet');
  return { centre, mmsi };
}
