/**
 * The area a presence count or a report covers: a bundled zone (src/geo/zones.ts: Nampo port,
 * the West Sea Barrage, the 12 nm line `territorial_sea_12nm`), the zones of a GeoJSON file
 * (all of them, or the one `--zone` names), a bbox, or the whole store. One shape for both
 * commands: a name, a box the store can filter on, and a point test.
 */
import { UsageError } from '../errors.js';
import { TERRITORIAL_SEA_12NM, defaultZones, isInZone, readZonesFile, type Zone, type ZoneSet } from '../geo/zones.js';
import { isNearShore } from '../geo/land.js';
import type { BBox } from '../store/types.js';

export interface Area {
  /** what the report calls it: a zone name, `bbox W,S,E,N`, or `all data` */
  name: string;
  kind: 'zone' | 'shore_zone' | 'bbox' | 'all';
  /** the box the store is asked for (null: everything) */
  bbox: BBox | null;
  /** polygons to draw (zones), [lon, lat] rings */
  rings: [number, number][][];
  contains(lat: number, lon: number): boolean;
}

export interface AreaOptions {
  zone?: string;
  zones?: string;
  bbox?: BBox;
}

const inBox = (b: BBox, lat: number, lon: number): boolean => lat >= b[1] && lat <= b[3] && (b[0] <= b[2] ? lon >= b[0] && lon <= b[2] : lon >= b[0] || lon <= b[2]);

function ringsOf(z: Zone): [number, number][][] {
  return z.rings.map((r) => {
    const out: [number, number][] = [];
    for (let i = 0; i + 1 < r.length; i += 2) out.push([r[i]!, r[i + 1]!]);
    return out;
  });
}

function zonesArea(name: string, zones: Zone[]): Area {
  const box: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const z of zones) {
    box[0] = Math.min(box[0], z.bbox[0]);
    box[1] = Math.min(box[1], z.bbox[1]);
    box[2] = Math.max(box[2], z.bbox[2]);
    box[3] = Math.max(box[3], z.bbox[3]);
  }
  // a zone unwrapped past 180 asks the store for the whole longitude band
  const bbox: BBox = box[0] < -180 || box[2] > 180 ? [-180, box[1], 180, box[3]] : box;
  return { name, kind: 'zone', bbox, rings: zones.flatMap(ringsOf), contains: (lat, lon) => zones.some((z) => isInZone(z, lat, lon)) };
}

/** The zone names `--zone` takes without `--zones`. */
export function bundledZoneNames(): string[] {
  return [...defaultZones().zones.map((z) => z.name), TERRITORIAL_SEA_12NM.name];
}

/** The area of the command-line options; a name or file that does not resolve is a UsageError. */
export function resolveArea(o: AreaOptions): Area {
  const given = [o.zone !== undefined || o.zones !== undefined, o.bbox !== undefined].filter(Boolean).length;
  if (given > 1) throw new UsageError('give a zone (--zone/--zones) or --bbox, not both');
  if (o.bbox) {
    const b = o.bbox;
    return { name: `bbox ${b.join(',')}`, kind: 'bbox', bbox: b, rings: [[[b[0], b[1]], [b[2], b[1]], [b[2], b[3]], [b[0], b[3]], [b[0], b[1]]]], contains: (lat, lon) => inBox(b, lat, lon) };
  }
  if (o.zones !== undefined) {
    const set: ZoneSet = readZonesFile(o.zones);
    if (o.zone === undefined) return zonesArea(set.zones.map((z) => z.name).join(' + '), set.zones);
    const z = set.zones.find((x) => x.name === o.zone);
    if (!z) throw new UsageError(`--zone: "${o.zone}" is not in ${o.zones} (zones: ${set.zones.map((x) => x.name).join(', ')})`);
    return zonesArea(z.name, [z]);
  }
  if (o.zone !== undefined) {
    if (o.zone === TERRITORIAL_SEA_12NM.name) {
      const t = TERRITORIAL_SEA_12NM;
      // isNearShore is the fast form of distanceToShoreM <= limit (the zone's own rule, zones.ts)
      return { name: t.name, kind: 'shore_zone', bbox: t.bbox, rings: [], contains: (lat, lon) => inBox(t.bbox, lat, lon) && isNearShore(lat, lon, t.maxShoreDistM) };
    }
    const z = defaultZones().zones.find((x) => x.name === o.zone);
    if (!z) throw new UsageError(`--zone: "${o.zone}" is not a bundled zone (${bundledZoneNames().join(', ')}); give --zones FILE for your own`);
    return zonesArea(z.name, [z]);
  }
  return { name: 'all data', kind: 'all', bbox: null, rings: [], contains: () => true };
}
