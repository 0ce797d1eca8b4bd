/**
 * Named GeoJSON zones (Polygon / MultiPolygon features with a `name`) and point-in-zone
 * lookup for zone_entry / zone_exit. Zone boxes go into a flatbush index, so a lookup
 * costs one index probe plus an even-odd test against the few zones whose box holds the
 * point (holes work). A zone may cross the antimeridian: its rings are unwrapped in
 * longitude and the zone is indexed on both sides of ±180.
 *
 * The bundled defaults (data/geo/zones-nampo.geojson) are Nampo port, the Nampo
 * anchorage and the West Sea Barrage; each feature cites its source and radius. The 12 nm
 * territorial sea, also a default zone (DESIGN.md), has no polygon: it is a `ShoreZone`
 * (`TERRITORIAL_SEA_12NM`), inside when within 22 224 m of the coast, in West Korea Bay only;
 * WorldGeo (context.ts) answers both kinds.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Flatbush from 'flatbush';
import { SourceError } from '../errors.js';
import { destinationPoint, nmToM, normalizeLon } from './distance.js';

export interface Zone {
  name: string;
  /** the feature's properties as given (name, source, ...) */
  properties: Record<string, unknown>;
  /** rings as flat [lon0, lat0, lon1, lat1, ...], longitudes unwrapped (may pass ±180) */
  rings: Float64Array[];
  /** [minLon, minLat, maxLon, maxLat] of the unwrapped rings */
  bbox: [number, number, number, number];
}

export interface ZoneSet {
  zones: Zone[];
  /** one entry per indexed box: zone number and the longitude shift applied to it */
  entries: { zone: number; shift: number }[];
  index: Flatbush;
}

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function bad(source: string, where: string, why: string): SourceError {
  return new SourceError('bad_zones', `${source}: ${where}: ${why}`);
}

/**
 * Reads zones from a GeoJSON FeatureCollection (or a single Feature). Every feature must
 * be a Polygon or MultiPolygon with a non-empty, unique string `name` property; anything
 * else is rejected with a SourceError naming the feature, since a zone silently dropped
 * would hide every event in it.
 */
export function parseZones(geojson: unknown, source = 'zones'): ZoneSet {
  let features: unknown[];
  if (isObj(geojson) && geojson.type === 'FeatureCollection' && Array.isArray(geojson.features)) features = geojson.features;
  else if (isObj(geojson) && geojson.type === 'Feature') features = [geojson];
  else throw bad(source, 'top level', 'expected a GeoJSON FeatureCollection or Feature');
  const zones: Zone[] = [];
  const names = new Set<string>();
  features.forEach((f, i) => {
    const where = `feature ${i}`;
    if (!isObj(f) || f.type !== 'Feature') throw bad(source, where, 'not a GeoJSON Feature');
    const props = isObj(f.properties) ? f.properties : {};
    const name = props.name;
    if (typeof name !== 'string' || name.trim() === '') throw bad(source, where, 'needs a non-empty string property "name"');
    if (names.has(name)) throw bad(source, where, `duplicate zone name "${name}"`);
    names.add(name);
    const g = f.geometry;
    if (!isObj(g)) throw bad(source, `${where} (${name})`, 'has no geometry');
    let polys: unknown[];
    if (g.type === 'Polygon') polys = [g.coordinates];
    else if (g.type === 'MultiPolygon' && Array.isArray(g.coordinates)) polys = g.coordinates;
    else throw bad(source, `${where} (${name})`, `geometry must be Polygon or MultiPolygon, got ${String(g.type)}`);
    const rings: Float64Array[] = [];
    for (const p of polys) {
      if (!Array.isArray(p) || p.length === 0) throw bad(source, `${where} (${name})`, 'empty polygon');
      for (const r of p) rings.push(readRing(r, source, `${where} (${name})`));
    }
    zones.push({ name, properties: { ...props }, rings, bbox: ringsBbox(rings) });
  });
  return indexZones(zones);
}

function readRing(r: unknown, source: string, where: string): Float64Array {
  if (!Array.isArray(r) || r.length < 4) throw bad(source, where, 'a ring needs at least 4 positions');
  const out = new Float64Array(r.length * 2);
  let prevLon = 0;
  r.forEach((pos, i) => {
    if (!Array.isArray(pos) || typeof pos[0] !== 'number' || typeof pos[1] !== 'number') {
      throw bad(source, where, `position ${i} is not [lon, lat]`);
    }
    const [lon, lat] = pos as [number, number];
    if (!Number.isFinite(lon) || !Number.isFinite(lat) || lat < -90 || lat > 90 || lon < -540 || lon > 540) {
      throw bad(source, where, `position ${i} out of range: [${lon}, ${lat}]`);
    }
    // unwrap: each step takes the short way round, so a ring may cross ±180
    let x = lon;
    if (i > 0) {
      let d = lon - prevLon;
      d -= 360 * Math.round(d / 360);
      x = out[2 * (i - 1)]! + d;
    }
    prevLon = lon;
    out[2 * i] = x;
    out[2 * i + 1] = lat;
  });
  return out;
}

function ringsBbox(rings: Float64Array[]): [number, number, number, number] {
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (const r of rings) {
    for (let i = 0; i < r.length; i += 2) {
      if (r[i]! < minX) minX = r[i]!;
      if (r[i]! > maxX) maxX = r[i]!;
      if (r[i + 1]! < minY) minY = r[i + 1]!;
      if (r[i + 1]! > maxY) maxY = r[i + 1]!;
    }
  }
  return [minX, minY, maxX, maxY];
}

/** Builds the lookup index over zones (also used to combine sets). */
export function indexZones(zones: Zone[]): ZoneSet {
  const entries: { zone: number; shift: number }[] = [];
  zones.forEach((z, i) => {
    for (const shift of [-360, 0, 360]) {
      if (z.bbox[2] + shift < -180 || z.bbox[0] + shift > 180) continue;
      entries.push({ zone: i, shift });
    }
  });
  const index = new Flatbush(Math.max(1, entries.length));
  for (const { zone, shift } of entries) {
    const b = zones[zone]!.bbox;
    index.add(b[0] + shift, b[1], b[2] + shift, b[3]);
  }
  if (entries.length === 0) index.add(1000, 1000, 1000, 1000); // nothing can match
  index.finish();
  return { zones, entries, index };
}

/** One set holding the zones of several (names must stay unique). */
export function combineZones(...sets: ZoneSet[]): ZoneSet {
  const zones = sets.flatMap((s) => s.zones);
  const seen = new Set<string>();
  for (const z of zones) {
    if (seen.has(z.name)) throw new SourceError('bad_zones', `duplicate zone name "${z.name}" across zone sets`);
    seen.add(z.name);
  }
  return indexZones(zones);
}

/** Even-odd test of (lat, lon) against a zone's rings, lon already shifted to the ring's frame. */
function inRings(rings: Float64Array[], lat: number, x: number): boolean {
  let inside = false;
  for (const r of rings) {
    const n = r.length;
    for (let i = 0, j = n - 2; i < n; j = i, i += 2) {
      const yi = r[i + 1]!, yj = r[j + 1]!;
      if (yi > lat !== yj > lat) {
        const xi = r[i]!, xj = r[j]!;
        if (x < xi + ((lat - yi) * (xj - xi)) / (yj - yi)) inside = !inside;
      }
    }
  }
  return inside;
}

/** The zones that contain (lat, lon), in file order. */
export function zonesAt(set: ZoneSet, lat: number, lon: number): Zone[] {
  if (!Number.isFinite(lat) || !Number.isFinite(lon)) return [];
  const x = normalizeLon(lon);
  const hits = set.index.search(x, lat, x, lat);
  if (hits.length === 0) return [];
  const found = new Set<number>();
  for (const h of hits) {
    const e = set.entries[h];
    if (!e || found.has(e.zone)) continue;
    if (inRings(set.zones[e.zone]!.rings, lat, x - e.shift)) found.add(e.zone);
  }
  return [...found].sort((a, b) => a - b).map((i) => set.zones[i]!);
}

/** True when the zone contains (lat, lon). */
export function isInZone(zone: Zone, lat: number, lon: number): boolean {
  if (!Number.isFinite(lat) || !Number.isFinite(lon)) return false;
  const x = normalizeLon(lon);
  for (const shift of [0, -360, 360]) {
    if (inRings(zone.rings, lat, x - shift)) return true;
  }
  return false;
}

/** Reads a GeoJSON zones file (see `parseZones`). */
export function readZonesFile(file: string): ZoneSet {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new SourceError('unreadable', `cannot read zones file ${file}`, { cause: err });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new SourceError('bad_zones', `${file}: not valid JSON`, { cause: err });
  }
  return parseZones(json, file);
}

/** Path of the bundled default zones (same relative place from src/geo and dist/geo). */
export const DEFAULT_ZONES_FILE = new URL('../../data/geo/zones-nampo.geojson', import.meta.url);

let defaults: ZoneSet | undefined;
/** The bundled default zones: Nampo port, Nampo anchorage, West Sea Barrage. */
export function defaultZones(): ZoneSet {
  defaults ??= readZonesFile(fileURLToPath(DEFAULT_ZONES_FILE));
  return defaults;
}

/**
 * A closed polygon ring ([lon, lat] pairs) approximating the geodesic circle of `radiusM`
 * around (lat, lon) with `segments` vertices: how the bundled zones are drawn.
 */
export function circleRing(lat: number, lon: number, radiusM: number, segments = 48): [number, number][] {
  const ring: [number, number][] = [];
  for (let i = 0; i < segments; i++) {
    const p = destinationPoint(lat, lon, (360 * i) / segments, radiusM);
    ring.push([round6(p.lon), round6(p.lat)]);
  }
  ring.push([ring[0]![0], ring[0]![1]]);
  return ring;
}

const round6 = (v: number): number => Math.round(v * 1e6) / 1e6;

/**
 * A zone drawn by the distance to the coast rather than by a polygon: a position is inside
 * when it lies within `bbox` and `distanceToShoreM` (0 on land, Natural Earth 1:10m coast)
 * is at most `maxShoreDistM`. The box keeps it to an area of interest.
 */
export interface ShoreZone {
  name: string;
  /** inside at most this far from the coast (or on land), metres */
  maxShoreDistM: number;
  /** the area of interest [west, south, east, north], degrees; outside it the zone does not exist */
  bbox: readonly [number, number, number, number];
  properties: Readonly<Record<string, unknown>>;
}

/**
 * West Korea Bay, the waters of the bundled Nampo zones: from the Yalu mouth south to
 * Changsan-got and the Ongjin peninsula, west to 124 E. The area of interest of the default
 * 12 nm zone.
 */
export const WEST_KOREA_BAY: readonly [number, number, number, number] = [124.0, 38.0, 125.8, 39.9];

/**
 * The 12 nm territorial-sea line (UNCLOS art. 3) as a default zone, so `zone_entry` /
 * `zone_exit` of `territorial_sea_12nm` fire when a vessel crosses it: inside when within
 * 12 nm = 22 224 m of the Natural Earth coast (or on land). The coast stands in for the legal
 * baselines (North Korea draws straight baselines across its bays, so the legal line lies
 * farther out in places), and inside the box the test does not ask whose coast it is (the
 * Chinese shore by the Yalu, South Korean islands near 38 N). Only within WEST_KOREA_BAY:
 * applied to every coast of the world, every coastal ferry and fishing boat of a real file
 * would add an entry and an exit at each crossing.
 */
export const TERRITORIAL_SEA_12NM: ShoreZone = {
  name: 'territorial_sea_12nm',
  maxShoreDistM: nmToM(12),
  bbox: WEST_KOREA_BAY,
  properties: {
    kind: 'territorial_sea',
    source: 'UNCLOS art. 3 (12 nm), measured from the Natural Earth 1:10m coastline; West Korea Bay only',
  },
};

/**
 * True when (lat, lon) is in the shore zone; `nearShore` (on land, or the coast within that many
 * metres: land.ts isNearShore) is asked only inside its box.
 */
export function isInShoreZone(z: ShoreZone, lat: number, lon: number, nearShore: (lat: number, lon: number, withinM: number) => boolean): boolean {
  const [w, s, e, n] = z.bbox;
  if (!(lat >= s && lat <= n && lon >= w && lon <= e)) return false;
  return nearShore(lat, lon, z.maxShoreDistM);
}
