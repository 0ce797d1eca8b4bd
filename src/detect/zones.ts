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
import { D2R, M_PER_DEG_LAT, flatM, knots } from '../geo/distance.js';
import { eventId, isoTime, positionId } from '../events.js';
import { round } from './stats.js';
import { MmsiMap } from '../util/mmsi-map.js';

/** a pass through a zone between two fixes: the line between them is looked at every this many metres */
const PASS_STEP_M = 250;
/** ... at most this many times (a 2 h leg at 30 kn is 111 km: 445 looks) */
const PASS_MAX_STEPS = 500;
/** both fixes of a pass report at least this speed, knots (a ship under way) */
const MOVING_KN = 1;

/** the first track counts as still heard this long after its last fix, ms */
const SECOND_HEARD_MS = HOUR_MS;

interface State {
  /** first fix of the segment (or of the one whose state it carries on) and the latest */
  firstT: number;
  lastT: number;
  /** the fix of the last look-up: where membership was last known */
  cpT: number;
  cpLat: number;
  cpLon: number;
  cpSog: number | null;
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
  readonly segments = true;
  private readonly vessels = new MmsiMap<Vessel>();
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
    v.segs.set(seg, { firstT: p.t, lastT: p.t, cpT: p.t, cpLat: p.lat, cpLon: p.lon, cpSog: p.sog, inside });
    return null;
  }

  /** `quiet`: follow the crossings (its state stays true) but emit none (a second transmitter) */
  private move(st: State, p: Position, quiet: boolean): void {
    const legM = flatM(st.cpLat, st.cpLon, p.lat, p.lon);
    if (legM < this.ctx.params.zones.checkMoveM) return;
    const now = this.zonesAt(p.lat, p.lon);
    if (legM > this.ctx.params.zones.passMinInsideM) this.passes(st, p, legM, now, quiet);
    st.cpT = p.t;
    st.cpLat = p.lat;
    st.cpLon = p.lon;
    st.cpSog = p.sog;
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

  /**
   * Zones passed through between the last look-up and this fix, outside them at both ends: on a
   * sparse feed (a satellite pass every 20-30 min, a report lost) a ship can cross the West Sea
   * Barrage's 5 km circle with no fix inside (seed 1503: 25-min reports, one lost, 6.7 kn). The
   * straight line between the two fixes is sampled every PASS_STEP_M; a zone it runs through for
   * at least passMinInsideM, its middle there at least half that from the zone's edge across the
   * line, is entered and left on it, at the times the line puts there, when the
   * fixes are at most passMaxH apart and the ship went straight (the line's speed is at least
   * passMinSpeedRatio of the lower reported speed: a ship that went round the zone covered more).
   * Flagged `interpolated`, confidence 0.7, the two fixes and the line's figures in the evidence.
   */
  private passes(st: State, p: Position, legM: number, now: string[], quiet: boolean): void {
    const P = this.ctx.params.zones;
    const dt = p.t - st.cpT;
    if (P.passMaxH <= 0 || dt <= 0 || dt > P.passMaxH * HOUR_MS || st.cpSog == null || p.sog == null) return;
    const impliedKn = knots(legM, dt);
    const reportedKn = Math.min(st.cpSog, p.sog);
    if (reportedKn < MOVING_KN || impliedKn < P.passMinSpeedRatio * reportedKn) return;
    const n = Math.min(PASS_MAX_STEPS, Math.ceil(legM / PASS_STEP_M));
    // per zone met on the line: first and last sample inside
    const met = new Map<string, { first: number; last: number }>();
    for (let i = 1; i < n; i++) {
      const f = i / n;
      for (const z of this.zonesAt(st.cpLat + (p.lat - st.cpLat) * f, st.cpLon + (p.lon - st.cpLon) * f)) {
        if (st.inside.has(z) || now.includes(z)) continue;
        const m = met.get(z);
        if (m) m.last = i;
        else met.set(z, { first: i, last: i });
      }
    }
    for (const [zone, m] of met) {
      // the samples either side of the inside ones bound the chord: half a step each way
      const insideM = ((m.last - m.first + 1) / n) * legM;
      if (insideM < P.passMinInsideM || !this.deep(zone, st, p, (m.first + m.last) / 2 / n, P.passMinInsideM / 2)) continue;
      if (quiet) {
        this.secondCrossings += 2;
        continue;
      }
      const at = (f: number): { t: number; lat: number; lon: number } => ({
        t: Math.round((st.cpT + dt * f) / 1000) * 1000,
        lat: st.cpLat + (p.lat - st.cpLat) * f,
        lon: st.cpLon + (p.lon - st.cpLon) * f,
      });
      const a = at((m.first - 0.5) / n);
      const b = at((m.last + 0.5) / n);
      const pass = { fromPositionId: positionId(p.mmsi, st.cpT), toPositionId: positionId(p.mmsi, p.t), insideM: Math.round(insideM), impliedKn: round(impliedKn, 1), reportedKn: [st.cpSog, p.sog] };
      this.passEvent('zone_entry', p.mmsi, zone, a, a.t, pass);
      this.passEvent('zone_exit', p.mmsi, zone, b, a.t, pass);
    }
  }

  /**
   * The point at fraction f of the line from the last look-up to p lies at least `m` metres
   * inside `zone` across the line, on both sides: a line that clips an edge (50 m into a 5 km
   * circle is a 1.4 km chord) is no pass through.
   */
  private deep(zone: string, st: State, p: Position, f: number, m: number): boolean {
    const lat = st.cpLat + (p.lat - st.cpLat) * f;
    const lon = st.cpLon + (p.lon - st.cpLon) * f;
    const kx = Math.cos(lat * D2R);
    // the line's direction in metres (east, north), turned a right angle and scaled to m
    const e = (p.lon - st.cpLon) * kx;
    const nn = p.lat - st.cpLat;
    const len = Math.hypot(e, nn);
    if (len === 0) return false;
    const dLat = ((e / len) * m) / M_PER_DEG_LAT;
    const dLon = ((-nn / len) * m) / (M_PER_DEG_LAT * kx);
    return this.zonesAt(lat + dLat, lon + dLon).includes(zone) && this.zonesAt(lat - dLat, lon - dLon).includes(zone);
  }

  private passEvent(type: 'zone_entry' | 'zone_exit', mmsi: number, zone: string, at: { t: number; lat: number; lon: number }, entryT: number, pass: { fromPositionId: string; toPositionId: string } & Record<string, unknown>): void {
    this.ctx.emit({
      id: eventId(type, [mmsi], at.t, zone),
      type,
      start: isoTime(type === 'zone_exit' ? entryT : at.t),
      end: isoTime(at.t),
      mmsi: [mmsi],
      lat: round(at.lat, 5),
      lon: round(at.lon, 5),
      confidence: 0.7,
      flags: ['interpolated'],
      rule: ruleOf(this.ctx, type, 'zones', ['thinning.minIntervalS']),
      evidence: {
        zone,
        durationH: type === 'zone_exit' ? round((at.t - entryT) / HOUR_MS, 2) : null,
        sogKn: null,
        positionIds: [pass.fromPositionId, pass.toPositionId],
        interpolated: pass,
      },
    });
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
