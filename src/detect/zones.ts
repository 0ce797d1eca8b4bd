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
 *
 * Membership is kept per track segment: a fix the segmenter could not join to the vessel's
 * track (a spoofed position on land 200 km away, a second transmitter on the MMSI) starts a
 * state of its own, first seen wherever it is, so it neither enters nor leaves a zone for the
 * real ship. A new segment that the last fix could reach at `maxJumpKn` (a track resumed after
 * a long silence) takes the vessel's state over. While the first segment is still heard, a later
 * one (a second transmitter: a clone, or spoofing) follows its crossings without reporting them.
 */
import type { Position } from '../records.js';
import { HOUR_MS, ruleOf, type DetectContext } from './context.js';
import type { Detector, DetectorCounters, Fix } from './detector.js';
import { flatM, knots } from '../geo/distance.js';
import { eventId, isoTime, positionId } from '../events.js';
import { round } from './stats.js';

/** the first track counts as still heard this long after its last fix, ms */
const SECOND_HEARD_MS = HOUR_MS;

interface State {
  /** first fix of the segment (or of the one whose state it carries on) and the latest */
  firstT: number;
  lastT: number;
  cpLat: number;
  cpLon: number;
  /** zone name -> entry time (NaN when the vessel was first seen inside) and entry position id */
  inside: Map<string, { t: number; id: string }>;
}

interface Vessel {
  /** zone state per open track segment */
  segs: Map<string, State>;
  lastSeg: string;
  lastT: number;
  lastLat: number;
  lastLon: number;
}

export class ZoneDetector implements Detector {
  readonly name = 'zones';
  readonly feed = 'thinned';
  private readonly vessels = new Map<number, Vessel>();
  lookups = 0;
  /** crossings of a second transmitter on an MMSI, not reported */
  secondCrossings = 0;

  constructor(private readonly ctx: DetectContext) {}

  counters(): Partial<DetectorCounters> {
    return { zoneLookups: this.lookups, zoneSecondTransmitter: this.secondCrossings };
  }

  /** Nothing is emitted at the end: a vessel still inside has entered and not exited. */
  flush(): void {
    return;
  }

  private zonesAt(lat: number, lon: number): string[] {
    this.lookups++;
    return this.ctx.geo.zonesAt(lat, lon);
  }

  /** a closed segment's state goes, but the vessel's latest: its track may resume after the silence */
  onSegmentClosed(mmsi: number, segment: string): void {
    const v = this.vessels.get(mmsi);
    if (v && v.lastSeg !== segment) v.segs.delete(segment);
  }

  onPosition(p: Position, fix: Fix): void {
    let v = this.vessels.get(p.mmsi);
    if (!v) {
      v = { segs: new Map(), lastSeg: fix.segment, lastT: p.t, lastLat: p.lat, lastLon: p.lon };
      this.vessels.set(p.mmsi, v);
    }
    const st = this.segmentState(v, p, fix.segment);
    v.lastSeg = fix.segment;
    v.lastT = p.t;
    v.lastLat = p.lat;
    v.lastLon = p.lon;
    if (st) {
      st.lastT = p.t;
      this.move(st, p, this.secondary(v, st, p.t));
    }
  }

  /**
   * A second transmitter on the MMSI: another segment began earlier and is still heard (within
   * SECOND_HEARD_MS). Its crossings are not the ship's: the first track is (GFW's vessel track
   * is its main segments; seed 1108: a clone of the MMSI crossed the 12 nm line off Baengnyeong
   * while the ship steamed 90 km away). Its state is kept, so it carries on alone if the first
   * track ends.
   */
  private secondary(v: Vessel, st: State, t: number): boolean {
    if (v.segs.size < 2) return false;
    for (const o of v.segs.values()) if (o !== st && o.firstT < st.firstT && t - o.lastT <= SECOND_HEARD_MS) return true;
    return false;
  }

  /** the fix's segment state; null when the fix starts a fresh one (first seen: nothing to compare) */
  private segmentState(v: Vessel, p: Position, seg: string): State | null {
    const st = v.segs.get(seg);
    if (st) return st;
    const prev = v.segs.get(v.lastSeg);
    if (prev && knots(flatM(v.lastLat, v.lastLon, p.lat, p.lon), Math.max(1000, p.t - v.lastT)) <= this.ctx.params.zones.maxJumpKn) {
      // the track resumed: the new segment carries on where the old one was
      v.segs.delete(v.lastSeg);
      v.segs.set(seg, prev);
      return prev;
    }
    const inside = new Map<string, { t: number; id: string }>();
    for (const z of this.zonesAt(p.lat, p.lon)) inside.set(z, { t: Number.NaN, id: '' });
    v.segs.set(seg, { firstT: p.t, lastT: p.t, cpLat: p.lat, cpLon: p.lon, inside });
    return null;
  }

  /** `quiet`: follow the crossings (its state stays true) but emit none (a second transmitter) */
  private move(st: State, p: Position, quiet: boolean): void {
    if (flatM(st.cpLat, st.cpLon, p.lat, p.lon) < this.ctx.params.zones.checkMoveM) return;
    st.cpLat = p.lat;
    st.cpLon = p.lon;
    const now = this.zonesAt(p.lat, p.lon);
    for (const [z, entry] of st.inside) {
      if (now.includes(z)) continue;
      st.inside.delete(z);
      if (quiet) this.secondCrossings++;
      // an entry it made as the second transmitter was never reported: neither is its stay
      else this.event('zone_exit', p, z, entry.id === '' && !Number.isNaN(entry.t) ? { t: Number.NaN, id: '' } : entry);
    }
    for (const z of now) {
      if (st.inside.has(z)) continue;
      // unreported entries keep their time for the stay but no position id (the exit is then entry_unseen)
      const entry = { t: p.t, id: quiet ? '' : positionId(p.mmsi, p.t) };
      st.inside.set(z, entry);
      if (quiet) this.secondCrossings++;
      else this.event('zone_entry', p, z, null);
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
