/**
 * Zone entries and exits: the GeoContext's zones (Nampo port and anchorage,
 * the West Sea Barrage, the 12 nm limit...) plus user GeoJSON polygons. An
 * entry is the first fix inside after a fix outside; an exit the first fix
 * outside after one inside (its event spans the stay). A vessel first seen
 * inside a zone has no observed entry and makes no entry event. Zones are
 * looked up again only after the vessel moved `checkMoveM` from the last
 * look-up, so anchored vessels cost nothing.
 */
import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import type { Position } from '../records.js';
import { HOUR_MS, ruleOf, type DetectContext } from './context.js';
import { flatM } from './distance.js';
import { inRing } from './geo-context.js';
import { DarkfleetError } from '../errors.js';
import { eventId, isoTime, positionId } from '../events.js';
import { round } from './stats.js';

/** A user zone: polygons as rings of [lon, lat] (outer ring first, then holes), with a bbox prefilter. */
export interface UserZone {
  name: string;
  polygons: (readonly (readonly [number, number])[])[][];
  bbox: [number, number, number, number];
}

/** Read user zones from GeoJSON (Polygon / MultiPolygon features; name from properties.name, else the index). */
export function zonesFromGeoJson(fc: FeatureCollection | Feature): UserZone[] {
  const feats = fc.type === 'FeatureCollection' ? fc.features : [fc];
  const out: UserZone[] = [];
  feats.forEach((f, i) => {
    const g = f.geometry;
    if (!g || (g.type !== 'Polygon' && g.type !== 'MultiPolygon')) {
      throw new DarkfleetError('detect_zones', `zone feature ${i} is not a Polygon or MultiPolygon`);
    }
    const rawName: unknown = f.properties?.['name'];
    const name = typeof rawName === 'string' && rawName ? rawName : `zone ${i}`;
    const polys = g.type === 'Polygon' ? [(g as Polygon).coordinates] : (g as MultiPolygon).coordinates;
    const polygons = polys.map((rings) => rings.map((r) => r.map((c) => [c[0]!, c[1]!] as const)));
    let w = 180;
    let s = 90;
    let e = -180;
    let n = -90;
    for (const rings of polygons) {
      for (const [x, y] of rings[0] ?? []) {
        w = Math.min(w, x);
        e = Math.max(e, x);
        s = Math.min(s, y);
        n = Math.max(n, y);
      }
    }
    out.push({ name, polygons, bbox: [w, s, e, n] });
  });
  return out;
}

function inZone(z: UserZone, lat: number, lon: number): boolean {
  const [w, s, e, n] = z.bbox;
  if (lon < w || lon > e || lat < s || lat > n) return false;
  for (const rings of z.polygons) {
    if (!rings[0] || !inRing(lon, lat, rings[0])) continue;
    let hole = false;
    for (let k = 1; k < rings.length; k++) if (inRing(lon, lat, rings[k]!)) hole = true;
    if (!hole) return true;
  }
  return false;
}

interface State {
  cpLat: number;
  cpLon: number;
  /** zone name -> entry time (NaN when the vessel was first seen inside) and entry position id */
  inside: Map<string, { t: number; id: string }>;
}

export class ZoneDetector {
  private readonly vessels = new Map<number, State>();
  lookups = 0;

  constructor(
    private readonly ctx: DetectContext,
    private readonly userZones: readonly UserZone[] = [],
  ) {}

  private zonesAt(lat: number, lon: number): string[] {
    this.lookups++;
    const names = this.ctx.geo.zonesAt(lat, lon);
    for (const z of this.userZones) if (inZone(z, lat, lon) && !names.includes(z.name)) names.push(z.name);
    return names;
  }

  observe(p: Position): void {
    const st = this.vessels.get(p.mmsi);
    if (!st) {
      const inside = new Map<string, { t: number; id: string }>();
      for (const z of this.zonesAt(p.lat, p.lon)) inside.set(z, { t: Number.NaN, id: '' });
      this.vessels.set(p.mmsi, { cpLat: p.lat, cpLon: p.lon, inside });
      return;
    }
    if (flatM(st.cpLat, st.cpLon, p.lat, p.lon) < this.ctx.params.zones.checkMoveM) return;
    st.cpLat = p.lat;
    st.cpLon = p.lon;
    const now = this.zonesAt(p.lat, p.lon);
    for (const [z, entry] of st.inside) {
      if (now.includes(z)) continue;
      st.inside.delete(z);
      this.event('zone_exit', p, z, entry);
    }
    for (const z of now) {
      if (st.inside.has(z)) continue;
      const entry = { t: p.t, id: positionId(p.mmsi, p.t) };
      st.inside.set(z, entry);
      this.event('zone_entry', p, z, null);
    }
  }

  private event(type: 'zone_entry' | 'zone_exit', p: Position, zone: string, entry: { t: number; id: string } | null): void {
    const known = entry != null && !Number.isNaN(entry.t);
    const start = type === 'zone_exit' && known ? entry.t : p.t;
    const ids = [positionId(p.mmsi, p.t)];
    if (type === 'zone_exit' && known) ids.unshift(entry.id);
    this.ctx.emit({
      id: eventId(type, [p.mmsi], p.t, zone),
      type,
      start: isoTime(start),
      end: isoTime(p.t),
      mmsi: [p.mmsi],
      lat: round(p.lat, 5),
      lon: round(p.lon, 5),
      confidence: 1,
      flags: type === 'zone_exit' && !known ? ['entry_unseen'] : [],
      rule: ruleOf(this.ctx, type, 'zones'),
      evidence: {
        zone,
        durationH: type === 'zone_exit' && known ? round((p.t - entry.t) / HOUR_MS, 2) : null,
        sogKn: p.sog,
        positionIds: ids,
      },
    });
  }
}
