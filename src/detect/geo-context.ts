/**
 * What the detectors need to know about the map, injected so tests can use a
 * synthetic world whose answers are known. The real map is src/geo/context.ts
 * (WorldGeo); the detectors see zones, land, anchorages and the sun only
 * through this interface.
 */
import { M_PER_DEG_LAT, flatM } from '../geo/distance.js';
import { isNight, type Twilight } from '../geo/sun.js';
import { indexZones, parseZones, zonesAt, type ZoneSet } from '../geo/zones.js';

export interface GeoContext {
  /** metres to the nearest coastline; 0 on land */
  distanceToShoreM(lat: number, lon: number): number;
  isOnLand(lat: number, lon: number): boolean;
  /** sun below the horizon (or below the configured twilight) at epoch ms t */
  isNight(t: number, lat: number, lon: number): boolean;
  nearestAnchorage(lat: number, lon: number): { label: string; iso3: string; distanceM: number } | null;
  /** names of the zones containing the point (zone_entry / zone_exit) */
  zonesAt(lat: number, lon: number): string[];
  /**
   * Navigable water by evidence learned from the data (src/geo/traffic.ts: several distinct
   * vessels crossed this cell at plausible speeds), whatever the land mask says: rivers, canals,
   * harbour basins, berths. False where there is no such evidence, or no traffic layer.
   */
  isWater(lat: number, lon: number): boolean;
  /**
   * How well the data could have heard a vessel around (lat, lon) over [fromMs, toMs]: the
   * interval's UTC hours, how many of them hold any data at all (anywhere), and how many had
   * some other vessel heard nearby. Null when unknown (no traffic layer): callers then keep
   * their own judgement.
   */
  coverage(lat: number, lon: number, fromMs: number, toMs: number, excludeMmsi?: number): GeoCoverage | null;
}

/** What GeoContext.coverage answers (a subset of the traffic layer's Coverage). */
export interface GeoCoverage {
  hours: number;
  hoursWithData: number;
  hoursHeard: number;
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
  /** rings, or zones read by src/geo/zones.ts (e.g. `parseZones(geojson)`) */
  zones?: readonly SimpleZone[] | ZoneSet;
  twilight?: Twilight;
  /** boxes of learned water (traffic evidence) */
  water?: readonly LandBox[];
  /** the coverage answer, when a test wants one (default: unknown) */
  coverage?: (lat: number, lon: number, fromMs: number, toMs: number, excludeMmsi?: number) => GeoCoverage | null;
}

/** Rings as a ZoneSet of src/geo/zones.ts, so the test world tests membership as the real one does. */
function ringZones(zones: readonly SimpleZone[]): ZoneSet {
  if (zones.length === 0) return indexZones([]);
  return parseZones(
    {
      type: 'FeatureCollection',
      features: zones.map((z) => ({ type: 'Feature', properties: { name: z.name }, geometry: { type: 'Polygon', coordinates: [z.ring] } })),
    },
    'SimpleGeo zones',
  );
}

/**
 * A synthetic world for tests and benchmarks: land is a set of lon/lat boxes,
 * anchorages are points, zones are rings (or a geo ZoneSet); the sun is real.
 * Distances are src/geo's equirectangular ones, exact enough at the scales
 * tests use.
 */
export class SimpleGeo implements GeoContext {
  private readonly land: readonly LandBox[];
  private readonly anchorages: readonly Anchorage[];
  private readonly zones: ZoneSet;
  private readonly twilight: Twilight;
  private readonly water: readonly LandBox[];
  private readonly coverageFn: SimpleGeoOptions['coverage'];

  constructor(opts: SimpleGeoOptions = {}) {
    this.land = opts.land ?? [];
    this.water = opts.water ?? [];
    this.coverageFn = opts.coverage;
    this.anchorages = opts.anchorages ?? [];
    const zones = opts.zones ?? [];
    this.zones = 'index' in zones ? zones : ringZones(zones);
    this.twilight = opts.twilight ?? 'none';
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
    return isNight(t, lat, lon, { twilight: this.twilight });
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
    return zonesAt(this.zones, lat, lon).map((z) => z.name);
  }

  isWater(lat: number, lon: number): boolean {
    for (const [w, s, e, n] of this.water) if (lon >= w && lon <= e && lat >= s && lat <= n) return true;
    return false;
  }

  coverage(lat: number, lon: number, fromMs: number, toMs: number, excludeMmsi?: number): GeoCoverage | null {
    return this.coverageFn ? this.coverageFn(lat, lon, fromMs, toMs, excludeMmsi) : null;
  }
}
