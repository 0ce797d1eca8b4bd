/**
 * The Nampo zones the simulator plans against, written beside the data as `zones.geojson`
 * (so `darkfleet analyze --zones DIR/zones.geojson` sees exactly the zones the ground truth
 * was computed with). Names match src/geo's default zones.
 *
 * Coordinates are drawn for the simulation by hand on Natural Earth 1:10m land so each zone
 * is open water in that mask: Nampo port on the Taedong estuary near 38.71N 125.41E (the
 * town itself is ~38.73N 125.40E), the West Sea Barrage (Nampo dam) across the estuary near
 * 38.70N 125.22E, and the outer anchorage in the estuary mouth west of the barrage.
 */
import type { FeatureCollection, Polygon } from 'geojson';
import type { LatLon } from './geodesy.js';

export interface Zone {
  name: string;
  /** closed ring of [lon, lat] */
  ring: [number, number][];
}

function box(name: string, w: number, s: number, e: number, n: number): Zone {
  return { name, ring: [[w, s], [e, s], [e, n], [w, n], [w, s]] };
}

export const NAMPO_PORT = box('Nampo port', 125.355, 38.695, 125.465, 38.735);
export const WEST_SEA_BARRAGE = box('West Sea Barrage', 125.205, 38.675, 125.235, 38.725);
export const NAMPO_ANCHORAGE = box('Nampo anchorage', 125.0, 38.672, 125.1, 38.712);
export const DEFAULT_ZONES: readonly Zone[] = [NAMPO_PORT, NAMPO_ANCHORAGE, WEST_SEA_BARRAGE];

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

export function zonesGeoJson(zones: readonly Zone[] = DEFAULT_ZONES): FeatureCollection<Polygon> {
  return {
    type: 'FeatureCollection',
    features: zones.map((z) => ({ type: 'Feature', properties: { name: z.name }, geometry: { type: 'Polygon', coordinates: [z.ring] } })),
  };
}
