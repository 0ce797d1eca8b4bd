/**
 * The real map behind the detectors (their GeoContext, src/detect/geo-context.ts): Natural
 * Earth land, GFW/WPI anchorages, the sun, and the zones in force. Searches are bounded to
 * what detector rules ask (the largest shore threshold is 50 nm; anchorage rules work within
 * tens of km), so far-offshore queries stay cheap.
 */
import { distanceToShoreM, isOnLand } from './land.js';
import { nearestAnchorage } from './ports.js';
import { isNight, type Twilight } from './sun.js';
import { defaultZones, zonesAt, type ZoneSet } from './zones.js';

/** Shore distances are searched up to this far; beyond, this value stands for "at least". */
export const SHORE_SEARCH_M = 200_000;
/** Anchorages are looked for within this distance. */
export const ANCHORAGE_SEARCH_M = 50_000;

export interface GeoContextOptions {
  /** zones for zone_entry/zone_exit; default the bundled Nampo zones */
  zones?: ZoneSet;
  /** what counts as night for the `night` flag */
  twilight?: Twilight;
}

export class WorldGeo {
  private readonly zones: ZoneSet;
  private readonly twilight: Twilight;

  constructor(opts: GeoContextOptions = {}) {
    this.zones = opts.zones ?? defaultZones();
    this.twilight = opts.twilight ?? 'none';
  }

  distanceToShoreM(lat: number, lon: number): number {
    const d = distanceToShoreM(lat, lon, SHORE_SEARCH_M);
    return Number.isFinite(d) ? d : SHORE_SEARCH_M;
  }

  isOnLand(lat: number, lon: number): boolean {
    return isOnLand(lat, lon);
  }

  isNight(t: number, lat: number, lon: number): boolean {
    return isNight(t, lat, lon, { twilight: this.twilight });
  }

  nearestAnchorage(lat: number, lon: number): { label: string; iso3: string; distanceM: number } | null {
    const a = nearestAnchorage(lat, lon, ANCHORAGE_SEARCH_M);
    return a ? { label: a.label, iso3: a.iso3, distanceM: a.distanceM } : null;
  }

  zonesAt(lat: number, lon: number): string[] {
    return zonesAt(this.zones, lat, lon).map((z) => z.name);
  }
}
