/**
 * Zone entries and exits of the GeoContext's zones, the only place zones come
 * from: with WorldGeo (src/geo/context.ts) the bundled Nampo port, Nampo
 * anchorage, West Sea Barrage and the 12 nm territorial sea of West Korea Bay,
 * or the user's GeoJSON file instead (read by src/geo/zones.ts). An
 * entry is the first fix inside after a fix outside; an exit the first fix
 * outside after one inside (its event spans the stay). A vessel first seen
 * inside a zone has no observed entry and makes no entry event. Zones are
 * looked up again only after the vessel moved `checkMoveM` from the last
 * look-up, so anchored vessels cost nothing.
 */
import type { Position } from '../records.js';
import { HOUR_MS, ruleOf, type DetectContext } from './context.js';
import type { Detector, DetectorCounters } from './detector.js';
import { flatM } from '../geo/distance.js';
import { eventId, isoTime, positionId } from '../events.js';
import { round } from './stats.js';

interface State {
  cpLat: number;
  cpLon: number;
  /** zone name -> entry time (NaN when the vessel was first seen inside) and entry position id */
  inside: Map<string, { t: number; id: string }>;
}

export class ZoneDetector implements Detector {
  readonly name = 'zones';
  readonly feed = 'thinned';
  private readonly vessels = new Map<number, State>();
  lookups = 0;

  constructor(private readonly ctx: DetectContext) {}

  counters(): Partial<DetectorCounters> {
    return { zoneLookups: this.lookups };
  }

  /** Nothing is emitted at the end: a vessel still inside has entered and not exited. */
  flush(): void {
    return;
  }

  private zonesAt(lat: number, lon: number): string[] {
    this.lookups++;
    return this.ctx.geo.zonesAt(lat, lon);
  }

  onPosition(p: Position): void {
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
      rule: ruleOf(this.ctx, type, 'zones', ['thinning.minIntervalS']),
      evidence: {
        zone,
        durationH: type === 'zone_exit' && known ? round((p.t - entry.t) / HOUR_MS, 2) : null,
        sogKn: p.sog,
        positionIds: ids,
      },
    });
  }
}
