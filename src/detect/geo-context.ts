/**
 * What the detectors need to know about the map, injected so they run without
 * src/geo (the lead plugs the real one in) and so tests can use a synthetic
 * world whose answers are known.
 */
import { M_PER_DEG_LAT, flatM } from './distance.js';
import { TWILIGHT_DEG, sunAltitudeDeg, type Twilight } from './sun.js';

export interface GeoContext {
  /** metres to the nearest coastline; 0 on land */
  distanceToShoreM(lat: number, lon: number): number;
  isOnLand(lat: number, lon: number): boolean;
  /** sun below the horizon (or below the configured twilight) at epoch ms t */
  isNight(t: number, lat: number, lon: number): boolean;
  nearestAnchorage(lat: number, lon: number): { label: string; iso3: string; distanceM: number } | null;
  /** names of the zones containing the point */
  zonesAt(lat: number, lon: number): string[];
}

/** A box of land, degrees: [west, south, east, north]. */
export type LandBox = readonly [number, number, number, number];

export interface Anchorage {
  label: string;
  iso3: string;
  lat: number;
  lon: number;
}

export interface SimpleZone {
  name: string;
  /** closed ring of [lon, lat] (GeoJSON order); first and last may repeat */
  ring: readonly (readonly [number, number])[];
}

export interface SimpleGeoOptions {
  land?: readonly LandBox[];
  anchorages?: readonly Anchorage[];
  zones?: readonly SimpleZone[];
  twilight?: Twilight;
}

/** Ray casting: is [lon, lat] inside the ring? */
export function inRing(lon: number, lat: number, ring: readonly (readonly [number, number])[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]!;
    const [xj, yj] = ring[j]!;
    if (yi > lat !== yj > lat && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/**
 * A synthetic world for tests and benchmarks: land is a set of lon/lat boxes,
 * anchorages are points, zones are rings; the sun is real. Distances are
 * equirectangular, exact enough at the scales tests use.
 */
export class SimpleGeo implements GeoContext {
  private readonly land: readonly LandBox[];
  private readonly anchorages: readonly Anchorage[];
  private readonly zones: readonly SimpleZone[];
  private readonly nightBelow: number;

  constructor(opts: SimpleGeoOptions = {}) {
    this.land = opts.land ?? [];
    this.anchorages = opts.anchorages ?? [];
    this.zones = opts.zones ?? [];
    this.nightBelow = TWILIGHT_DEG[opts.twilight ?? 'none'];
  }

  isOnLand(lat: number, lon: number): boolean {
    for (const [w, s, e, n] of this.land) if (lon >= w && lon <= e && lat >= s && lat <= n) return true;
    return false;
  }

  distanceToShoreM(lat: number, lon: number): number {
    let best = Number.POSITIVE_INFINITY;
    const kx = Math.cos((lat * Math.PI) / 180);
    for (const [w, s, e, n] of this.land) {
      const dx = lon < w ? w - lon : lon > e ? lon - e : 0;
      const dy = lat < s ? s - lat : lat > n ? lat - n : 0;
      if (dx === 0 && dy === 0) return 0;
      const d = Math.sqrt((dx * kx) ** 2 + dy ** 2) * M_PER_DEG_LAT;
      if (d < best) best = d;
    }
    return best;
  }

  isNight(t: number, lat: number, lon: number): boolean {
    return sunAltitudeDeg(t, lat, lon) < this.nightBelow;
  }

  nearestAnchorage(lat: number, lon: number): { label: string; iso3: string; distanceM: number } | null {
    let best: { label: string; iso3: string; distanceM: number } | null = null;
    for (const a of this.anchorages) {
      const d = flatM(lat, lon, a.lat, a.lon);
      if (!best || d < best.distanceM) best = { label: a.label, iso3: a.iso3, distanceM: d };
    }
    return best;
  }

  zonesAt(lat: number, lon: number): string[] {
    const out: string[] = [];
    for (const z of this.zones) if (inRing(lon, lat, z.ring)) out.push(z.name);
    return out;
  }
}
