/**
 * `on_land`: fixes on land, away from any anchorage (a berth inside a coarse land mask is
 * not spoofing). The shore look-up is throttled exactly: no land lies within the distance to
 * shore found at the last look-up, so none is asked until the vessel moved that far.
 */
import type { Position } from '../../records.js';
import type { DetectContext } from '../context.js';
import { flatM } from '../../geo/distance.js';
import { sign, type Runs } from './runs.js';

export interface ShoreCheckpoint {
  cpLat: number;
  cpLon: number;
  cpShoreM: number;
}

/** Returns true when it asked the map for the distance to shore. */
export function checkOnLand(ctx: DetectContext, st: Runs, cp: ShoreCheckpoint, p: Position): boolean {
  const moved = Number.isNaN(cp.cpLat) ? Number.POSITIVE_INFINITY : flatM(cp.cpLat, cp.cpLon, p.lat, p.lon);
  if (moved < cp.cpShoreM) return false;
  const shore = ctx.geo.distanceToShoreM(p.lat, p.lon);
  cp.cpLat = p.lat;
  cp.cpLon = p.lon;
  cp.cpShoreM = shore;
  if (shore <= 0 && ctx.geo.isOnLand(p.lat, p.lon)) {
    const a = ctx.geo.nearestAnchorage(p.lat, p.lon);
    if (!a || a.distanceM > ctx.params.spoofing.portExclusionM) sign(p.mmsi, st, 'on_land', p, {});
  }
  return true;
}
