/**
 * The real map behind the detectors (their GeoContext, src/detect/geo-context.ts): Natural
 * Earth land, GFW/WPI anchorages, the sun, and the zones in force: polygon zones (the bundled
 * Nampo port, Nampo anchorage and West Sea Barrage, or the user's file) and zones drawn by the
 * distance to the coast (by default the 12 nm territorial sea in West Korea Bay). Searches are bounded to
 * what detector rules ask (the largest shore threshold is 50 nm; anchorage rules work within
 * tens of km), so far-offshore queries stay cheap.
 */
import { distanceToShoreM, isNearShore, isOnLand } from './land.js';
import { nearestAnchorage } from './ports.js';
import { isNight, type Twilight } from './sun.js';
import { TERRITORIAL_SEA_12NM, defaultZones, isInShoreZone, isInZone, zonesAt, type ShoreZone, type Zone, type ZoneSet } from './zones.js';
import { flatM, haversineM } from './distance.js';
import type { LearnedAnchorage, LearnedAnchorageOptions, TrafficLayer } from './traffic.js';
import type { GeoCoverage } from '../detect/geo-context.js';

/** Shore distances are searched up to this far; beyond, this value stands for "at least". */
export const SHORE_SEARCH_M = 200_000;
/** Anchorages are looked for within this distance. */
export const ANCHORAGE_SEARCH_M = 50_000;

export interface GeoContextOptions {
  /** polygon zones for zone_entry/zone_exit; default the bundled Nampo zones */
  zones?: ZoneSet;
  /**
   * zones by distance to the coast. Default: the 12 nm territorial sea in West Korea Bay
   * (TERRITORIAL_SEA_12NM) with the bundled zones, none when `zones` is given (a user's zones
   * replace every bundled zone, as `darkfleet analyze --zones` says)
   */
  shoreZones?: readonly ShoreZone[];
  /** what counts as night for the `night` flag */
  twilight?: Twilight;
  /**
   * the traffic layer learned from the store: water evidence, coverage, and its learned
   * anchorages (stop clusters near a known port, within 12 nm of the coast), which become
   * anchorages of that port for nearestAnchorage; none: no such evidence
   */
  traffic?: TrafficLayer;
  /** options of anchorage learning (traffic-anchorages.ts); the known ports are the bundled points and the harbour zones in force */
  anchorages?: Omit<LearnedAnchorageOptions, 'geo'>;
}

/** Beyond this, a learned anchorage's distance is its lower bound (centroid distance less its radius): no rule asks farther. */
const LEARNED_EXACT_M = 15_000;

/** A learned anchorage as nearestAnchorage searches it: its cells' centres, and a box and radius to skip it cheaply. */
interface LearnedIndex {
  a: LearnedAnchorage;
  /** cell centres, [lat0, lon0, lat1, lon1, ...] */
  cells: Float64Array;
  /** half a cell: a position in a cell is this close to its centre, about */
  halfCellM: number;
  /** farthest cell centre from the centroid, plus half a cell */
  radiusM: number;
  /** [south, west, north, east] of the cells, widened by ANCHORAGE_SEARCH_M */
  box: [number, number, number, number];
}

/** A zone that is a port or anchorage area: `kind` says so, or else its name does. */
function isHarbourZone(z: Zone): boolean {
  const kind = z.properties.kind;
  if (typeof kind === 'string') return /^(port|anchorage|harbou?r|berth|terminal)$/i.test(kind);
  return /\b(port|anchorage|harbou?r|berths?|terminal)\b/i.test(z.name);
}

/**
 * The port a harbour zone belongs to: its `port` property, else its name without the kind
 * word ("Nampo anchorage" and "Nampo port" are both "Nampo"), so a call that moves from the
 * outer anchorage to a berth stays one port visit.
 */
function portLabel(z: Zone): string {
  const port = z.properties.port;
  if (typeof port === 'string' && port.trim()) return port.trim();
  return z.name.replace(/\s+(port|anchorage|harbou?r|berths?|terminal)$/i, '').trim() || z.name;
}

export class WorldGeo {
  private readonly zones: ZoneSet;
  private readonly shoreZones: readonly ShoreZone[];
  private readonly twilight: Twilight;
  private readonly traffic: TrafficLayer | undefined;
  /** port/anchorage zones as circles (centre, radius) where the zone says so, for distances */
  private readonly harbours: { zone: Zone; lat: number; lon: number; radiusM: number }[];
  /** zones on a port's approaches (a `port` property but no harbour kind: the West Sea Barrage's locks), which may name learned anchorages */
  private readonly approaches: { zone: Zone; lat: number; lon: number; radiusM: number }[];
  private readonly learned: LearnedIndex[] = [];
  /** anchorages learned from the traffic layer, named after their port (empty without one) */
  readonly learnedAnchorages: readonly LearnedAnchorage[];

  constructor(opts: GeoContextOptions = {}) {
    this.zones = opts.zones ?? defaultZones();
    this.shoreZones = opts.shoreZones ?? (opts.zones ? [] : [TERRITORIAL_SEA_12NM]);
    this.twilight = opts.twilight ?? 'none';
    this.traffic = opts.traffic;
    const circle = (zone: Zone): { zone: Zone; lat: number; lon: number; radiusM: number } => {
      const p = zone.properties;
      const [w, s, e, n] = zone.bbox;
      const lat = typeof p.center_lat === 'number' ? p.center_lat : (s + n) / 2;
      const lon = typeof p.center_lon === 'number' ? p.center_lon : (w + e) / 2;
      const radiusM = typeof p.radius_m === 'number' ? p.radius_m : haversineM(lat, lon, n, e);
      return { zone, lat, lon, radiusM };
    };
    this.harbours = this.zones.zones.filter(isHarbourZone).map(circle);
    this.approaches = this.zones.zones.filter((z) => !isHarbourZone(z) && typeof z.properties.port === 'string' && z.properties.port.trim() !== '').map(circle);
    const traffic = opts.traffic;
    this.learnedAnchorages = traffic
      ? traffic.learnedAnchorages({
          ...opts.anchorages,
          geo: { distanceToShoreM: (lat, lon, maxM) => distanceToShoreM(lat, lon, maxM), nearestAnchorage: (lat, lon) => this.knownAnchorage(lat, lon, true) },
        })
      : [];
    if (traffic) {
      const grid = traffic.grid;
      const dLat = ANCHORAGE_SEARCH_M / 111_000;
      for (const a of this.learnedAnchorages) {
        const cells = new Float64Array(a.cells.length * 2);
        let radiusM = 0, s = 90, w = 180, n = -90, e = -180;
        a.cells.forEach((c, i) => {
          const [lat, lon] = grid.center(c);
          cells[2 * i] = lat;
          cells[2 * i + 1] = lon;
          radiusM = Math.max(radiusM, haversineM(a.lat, a.lon, lat, lon));
          s = Math.min(s, lat);
          n = Math.max(n, lat);
          w = Math.min(w, lon);
          e = Math.max(e, lon);
        });
        const dLon = dLat / Math.max(0.05, Math.cos((Math.max(Math.abs(s), Math.abs(n)) * Math.PI) / 180));
        this.learned.push({ a, cells, halfCellM: grid.cellM / 2, radiusM: radiusM + grid.cellM / 2, box: [s - dLat, w - dLon, n + dLat, e + dLon] });
      }
    }
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

  /**
   * The nearest anchorage point (GFW / WPI), or a port/anchorage zone in force when nearer:
   * 0 inside it, else the distance to its circle. Ports absent from the point lists (the
   * GFW list has no North Korean anchorages) still count through their zones. With none
   * within the search radius the answer is that radius with an empty label ("at least this
   * far"), so detectors that skip look-ups while a ship is far away resume them in time.
   * Learned anchorages (traffic layer) count as well, named after their port: 0 in one of
   * their cells (within half a cell of its centre), else the distance to the nearest cell;
   * farther than 15 km, a lower bound (no rule asks about anchorages farther than ~10 km).
   */
  nearestAnchorage(lat: number, lon: number): { label: string; iso3: string; distanceM: number } | null {
    const best = this.knownAnchorage(lat, lon);
    for (const l of this.learned) {
      const [s, w, n, e] = l.box;
      if (!(lat >= s && lat <= n && lon >= w && lon <= e)) continue;
      let d = Math.max(0, haversineM(lat, lon, l.a.lat, l.a.lon) - l.radiusM);
      if (d >= best.distanceM) continue;
      if (d < LEARNED_EXACT_M) {
        let min = Infinity;
        const c = l.cells;
        for (let i = 0; i < c.length; i += 2) {
          const x = flatM(lat, lon, c[i]!, c[i + 1]!);
          if (x < min) min = x;
        }
        d = Math.max(0, min - l.halfCellM);
      }
      if (d < best.distanceM) {
        best.label = l.a.label;
        best.iso3 = l.a.iso3;
        best.distanceM = d;
      }
    }
    return best;
  }

  /**
   * The nearest bundled anchorage point or harbour zone in force (see nearestAnchorage),
   * without the learned anchorages; with `approaches`, also the zones on a port's approaches
   * (a `port` property: the West Sea Barrage's locks, where ships bound for Nampo wait): the
   * known ports that name learned anchorages.
   */
  private knownAnchorage(lat: number, lon: number, approaches = false): { label: string; iso3: string; distanceM: number } {
    const a = nearestAnchorage(lat, lon, ANCHORAGE_SEARCH_M);
    let best = a ? { label: a.label, iso3: a.iso3, distanceM: a.distanceM } : null;
    for (const h of approaches ? [...this.harbours, ...this.approaches] : this.harbours) {
      const d = isInZone(h.zone, lat, lon) ? 0 : Math.max(0, haversineM(lat, lon, h.lat, h.lon) - h.radiusM);
      if (d <= ANCHORAGE_SEARCH_M && (!best || d < best.distanceM)) {
        const iso3 = typeof h.zone.properties.iso3 === 'string' ? h.zone.properties.iso3 : '';
        best = { label: portLabel(h.zone), iso3, distanceM: d };
      }
    }
    return best ?? { label: '', iso3: '', distanceM: ANCHORAGE_SEARCH_M };
  }

  /** Names of the polygon zones holding the point, in file order, then of the shore zones. */
  zonesAt(lat: number, lon: number): string[] {
    const names = zonesAt(this.zones, lat, lon).map((z) => z.name);
    // the threshold form: usually answered from the land model's per-cell distance bounds,
    // where the distance itself is a coast search at every fix (a tenth of a replay thread's CPU)
    for (const z of this.shoreZones) if (isInShoreZone(z, lat, lon, isNearShore)) names.push(z.name);
    return names;
  }

  isWater(lat: number, lon: number): boolean {
    return this.traffic ? this.traffic.isWater(lat, lon) : false;
  }

  coverage(lat: number, lon: number, fromMs: number, toMs: number, excludeMmsi?: number): GeoCoverage | null {
    if (!this.traffic) return null;
    const c = this.traffic.coverage(lat, lon, fromMs, toMs, excludeMmsi === undefined ? {} : { excludeMmsi });
    return { hours: c.hours, hoursWithData: c.hoursWithData, hoursHeard: c.hoursHeard };
  }
}
