/**
 * The scenario's own placement of Nampo port, its anchorage and the West Sea Barrage (where its ships anchor,
 * berth and cross), not src/geo's defaults: the ground truth must not lean on the geography the detectors are scored with.
 *
 * Written beside the data as `zones.geojson`, so `darkfleet analyze --zones DIR/zones.geojson`
 * sees exactly the zones the ground truth was computed with. 64-gon circles from public positions:
 * - Nampo port: NGA World Port Index NAMPO (WPI 60280), 38.716667N 125.4E, 3 km;
 * - Nampo anchorage: the outer Taedong estuary 10 km west of the barrage locks, 38.683277N
 *   125.051739E, 5 km (a placement: no public anchorage point exists);
 * - West Sea Barrage: the locks at 38 41'N 125 10'E (Wikipedia "Nampo Dam"), 5 km.
 */
import type { FeatureCollection, Polygon } from 'geojson';
import { destination, NM, type LatLon } from './geodesy.js';

export interface Zone {
  name: string;
  centre: LatLon;
  radiusM: number;
  /** closed ring of [lon, lat] */
  ring: [number, number][];
}

/** a named circle drawn as a 64-gon */
export function circle(name: string, lat: number, lon: number, radiusM: number): Zone {
  const ring: [number, number][] = [];
  for (let k = 0; k <= 64; k++) {
    const p = destination({ lat, lon }, ((k % 64) * 360) / 64, radiusM);
    ring.push([Math.round(p.lon * 1e6) / 1e6, Math.round(p.lat * 1e6) / 1e6]);
  }
  return { name, centre: { lat, lon }, radiusM, ring };
}

export const NAMPO_PORT = circle('Nampo port', 38.716667, 125.4, 3000);
export const NAMPO_ANCHORAGE = circle('Nampo anchorage', 38.683277, 125.051739, 5000);
export const WEST_SEA_BARRAGE = circle('West Sea Barrage', 38.683333, 125.166667, 5000);
export const SCENARIO_ZONES: readonly Zone[] = [NAMPO_PORT, NAMPO_ANCHORAGE, WEST_SEA_BARRAGE];

export function inZone(z: Zone, p: LatLon): boolean {
  let inside = false;
  const r = z.ring;
  for (let i = 0, j = r.length - 1; i < r.length; j = i++) {
    const [xi, yi] = r[i]!;
    const [xj, yj] = r[j]!;
    if (yi > p.lat !== yj > p.lat && p.lon < ((xj - xi) * (p.lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

export function zonesGeoJson(zones: readonly Zone[] = SCENARIO_ZONES): FeatureCollection<Polygon> {
  return {
    type: 'FeatureCollection',
    features: zones.map((z) => ({ type: 'Feature', properties: { name: z.name, center_lat: z.centre.lat, center_lon: z.centre.lon, radius_m: z.radiusM }, geometry: { type: 'Polygon', coordinates: [z.ring] } })),
  };
}

/**
 * The 12 nm line as `analyze` applies it when no zones file is given (docs/architecture.md,
 * "zones"): inside when on land or within 12 nm of the Natural Earth coast, and only in West
 * Korea Bay (124-125.8E, 38-39.9N, the Nampo area of interest). The scenario's reading of that
 * documented rule, measured with its own land mask; not written to zones.geojson (a zones file
 * replaces the default zones, this one included).
 */
export interface ShoreZone {
  name: string;
  maxShoreM: number;
  /** [west, south, east, north] */
  box: readonly [number, number, number, number];
}
export const TERRITORIAL_SEA: ShoreZone = { name: 'territorial_sea_12nm', maxShoreM: 12 * NM, box: [124.0, 38.0, 125.8, 39.9] };
