/**
 * What every store driver's traffic-layer build shares (src/geo/traffic.ts, built in SQL by each
 * driver): the build options with the layer's defaults, the vessel-hour member encoding, the
 * freshness marker kept in the store's meta table, and how a read gives moving-vessel sketches.
 */
import { TrafficLayer } from '../geo/traffic.js';
import type { TrafficParams, TrafficReadOptions } from './types.js';

export const TRAFFIC_MARKER_KEY = 'traffic_marker';
export const HOUR_US = 3_600_000_000;
/** vessel-hour member = mmsi * 2^23 + epoch hour (traffic.ts) */
export const HOUR_SPAN = 2 ** 23;

/** The layer's default build options (TrafficLayer's), overridden by `params`. */
export function trafficParams(params: Partial<TrafficParams> = {}): TrafficParams {
  return { ...new TrafficLayer(params).params };
}

/** The moving-vessel sketch as a read gives it: `full` (its members, as a driver stores them), or (movingMembers false) its count (types.ts). */
export const movingSketchSql = (opts: TrafficReadOptions, full: string): string =>
  opts.movingMembers === false ? `CASE WHEN moving_vessels = 0 THEN 'e:' ELSE 'n:' || moving_vessels END` : full;
