/**
 * Port visits (GFW anchorages pipeline): a visit starts when a vessel comes
 * within `entryM` of an anchorage and ends when it is beyond `exitM` again
 * (hysteresis, so a vessel on the boundary does not flicker). Inside, a stop
 * starts below `stopStartKn` and ends above `stopEndKn`; with `requireStop`
 * only visits with a stop (or a silence of an hour or more without moving, GFW's
 * "gap in port") are events, as GFW's port visits. A vessel first seen inside a port
 * has no observed entry and makes no event; an entry needs the vessel seen
 * beyond `exitM` before it (hysteresis both ways: a vessel moored on the
 * entryM circle that moves a few metres across it is not entering), and the fix before the entry
 * reachable at `maxEntryKn` and in the same track segment (a jump into port from a stale row or
 * a second transmitter on the MMSI is no observed arrival). Visits still open at the end of
 * input are reported with the `open` flag, and so are visits open when the whole feed fell
 * silent for `feedOutageH` (no position from any vessel): they end at their last fix, since
 * the data cannot say where the vessel was meanwhile (two files a year apart in one store
 * joined a New Orleans call into 8,951 h), and the vessel is first seen inside after it.
 *
 * Anchorage look-ups are throttled exactly: the nearest anchorage was d metres
 * away at a checkpoint, so after moving m metres every anchorage is at least
 * d - m and the nearest at most d + m away; the look-up is repeated only when
 * that could cross the threshold that matters.
 */
import type { Position } from '../records.js';
import { HOUR_MS, ruleOf, type DetectContext } from './context.js';
import type { Detector, DetectorCounters, Fix } from './detector.js';
import { flatM, knots } from '../geo/distance.js';
import { eventId, isoTime, positionId } from '../events.js';
import { round } from './stats.js';
import { MmsiMap } from '../util/mmsi-map.js';

interface Visit {
  label: string;
  iso3: string;
  entryT: number;
  lastT: number;
  stopped: boolean;
  stopStart: number;
  stops: number;
  stopMs: number;
  gapInPort: boolean;
  lastLat: number;
  lastLon: number;
  /** reported speed of the last fix in port, null when it gave none */
  lastSog: number | null;
  positions: number;
  latSum: number;
  lonSum: number;
  minDistM: number;
  entryId: string;
}

interface Closed {
  visit: Visit;
  endT: number;
  exitId: string | null;
  open: boolean;
}

interface State {
  /** the last visit, held for `mergeGapH` in case the ship comes back to the same port */
  closed: Closed | null;
  cpLat: number;
  cpLon: number;
  cpDist: number;
  /**
   * seen beyond exitM of every anchorage since the last visit (an entry can be observed): entry
   * has the exit's hysteresis, so a vessel moving metres across the entryM circle is no visit
   */
  outside: boolean;
  lastT: number;
  lastLat: number;
  lastLon: number;
  /** the segment of the last fix: an arrival is observed only within one transmitter's track */
  lastSeg: string;
  visit: Visit | null;
}

/** feed silences kept (one per file boundary of a store; a visit open across an older one is cut already at its vessel's next fix) */
const MAX_OUTAGES = 64;

export class PortVisitDetector implements Detector {
  readonly name = 'port_visit';
  readonly feed = 'thinned';
  readonly segments = true;
  private readonly vessels = new MmsiMap<State>();
  /**
   * the feed's last UTC hour with data, and its silences of feedOutageH whole hours or more:
   * [last hour with data before, first time after]. From the runner's hour turns (expire), which
   * every partition of a feed gets at the same times, so a replay on threads cuts where one does.
   */
  private feedH = Number.NEGATIVE_INFINITY;
  private readonly outages: [number, number][] = [];
  lookups = 0;

  constructor(private readonly ctx: DetectContext) {}

  counters(): Partial<DetectorCounters> {
    return { anchorageLookups: this.lookups };
  }

  onPosition(p: Position, fix: Fix): void {
    const P = this.ctx.params.portVisit;
    let st = this.vessels.get(p.mmsi);
    if (!st) {
      st = { closed: null, cpLat: p.lat, cpLon: p.lon, cpDist: Number.NaN, outside: false, lastT: p.t, lastLat: p.lat, lastLon: p.lon, lastSeg: fix.segment, visit: null };
      this.vessels.set(p.mmsi, st);
    }
    if (st.closed && this.outageSince(st.closed.endT)) {
      // no port call is joined across a silence of the feed
      this.emitVisit(p.mmsi, st.closed);
      st.closed = null;
    }
    if (st.visit && this.outageSince(st.visit.lastT)) {
      this.emitVisit(p.mmsi, { visit: st.visit, endT: st.visit.lastT, exitId: null, open: true });
      st.visit = null;
      st.outside = false;
    }
    if (st.closed && p.t - st.closed.endT > P.mergeGapH * HOUR_MS) {
      this.emitVisit(p.mmsi, st.closed);
      st.closed = null;
    }
    const v = st.visit;
    let dist = Number.NaN;
    let label = '';
    let iso3 = '';
    const moved = Number.isNaN(st.cpDist) ? Number.POSITIVE_INFINITY : flatM(st.cpLat, st.cpLon, p.lat, p.lon);
    const threshold = v ? P.exitM : P.entryM;
    const mustLook = !Number.isFinite(moved) || (v ? st.cpDist + moved > threshold : st.cpDist - moved <= threshold);
    if (mustLook) {
      this.lookups++;
      const a = this.ctx.geo.nearestAnchorage(p.lat, p.lon);
      dist = a ? a.distanceM : Number.POSITIVE_INFINITY;
      label = a ? a.label : '';
      iso3 = a ? a.iso3 : '';
      st.cpLat = p.lat;
      st.cpLon = p.lon;
      st.cpDist = dist;
    }
    if (!v) {
      // a jump into port that no ship could make: the fix before was another transmitter or a stale row
      if (fix.segment !== st.lastSeg) st.outside = false;
      if (mustLook && dist <= P.entryM && st.outside && knots(flatM(st.lastLat, st.lastLon, p.lat, p.lon), Math.max(1000, p.t - st.lastT)) > P.maxEntryKn) st.outside = false;
      if (mustLook && dist <= P.entryM) {
        const back = st.closed;
        if (st.outside && back && back.visit.label.toUpperCase() === label.toUpperCase()) {
          // back at the same port within mergeGapH: the same port call goes on
          st.visit = back.visit;
          st.closed = null;
          if (dist < st.visit.minDistM) st.visit.minDistM = dist;
          this.inPort(st.visit, p);
        } else if (st.outside) {
          st.visit = {
            label,
            iso3,
            entryT: p.t,
            lastT: p.t,
            stopped: false,
            stopStart: 0,
            stops: 0,
            stopMs: 0,
            gapInPort: false,
            lastLat: p.lat,
            lastLon: p.lon,
            lastSog: p.sog,
            positions: 0,
            latSum: 0,
            lonSum: 0,
            minDistM: dist,
            entryId: positionId(p.mmsi, p.t),
          };
          this.inPort(st.visit, p);
        }
      } else if ((mustLook ? dist : st.cpDist - moved) > P.exitM) st.outside = true;
    } else if (mustLook && dist > P.exitM) {
      if (st.closed) this.emitVisit(p.mmsi, st.closed);
      st.closed = { visit: v, endT: p.t, exitId: positionId(p.mmsi, p.t), open: false };
      if (P.mergeGapH <= 0) {
        this.emitVisit(p.mmsi, st.closed);
        st.closed = null;
      }
      st.visit = null;
      st.outside = true;
    } else {
      if (mustLook && dist < v.minDistM) v.minDistM = dist;
      this.inPort(v, p);
    }
    st.lastT = p.t;
    st.lastLat = p.lat;
    st.lastLon = p.lon;
    st.lastSeg = fix.segment;
  }

  /** The feed's first record of a UTC hour is at t: a silence of feedOutageH whole hours before it is an outage. */
  expire(t: number): void {
    const h = Math.floor(t / HOUR_MS);
    const P = this.ctx.params.portVisit;
    if (P.feedOutageH > 0 && Number.isFinite(this.feedH) && h - this.feedH - 1 >= P.feedOutageH) {
      this.outages.push([this.feedH, t]);
      // the few a run sees (one per file boundary): a visit open across an older one was cut at its vessel's next fix
      if (this.outages.length > MAX_OUTAGES) this.outages.shift();
    }
    this.feedH = h;
  }

  /** Whether the feed fell silent for feedOutageH hours after time t (a vessel's last fix): it did if an outage began in t's hour or later. */
  private outageSince(t: number): boolean {
    const o = this.outages;
    return o.length > 0 && o[o.length - 1]![0] >= Math.floor(t / HOUR_MS);
  }

  flush(): void {
    for (const [mmsi, st] of this.vessels) {
      if (st.closed) this.emitVisit(mmsi, st.closed);
      st.closed = null;
      if (st.visit) this.emitVisit(mmsi, { visit: st.visit, endT: st.visit.lastT, exitId: null, open: true });
      st.visit = null;
    }
  }

  private inPort(v: Visit, p: Position): void {
    const P = this.ctx.params.portVisit;
    // a silence of an hour or more counts as GFW's "gap in port" only when the ship stayed put
    // across it (implied speed under the stop's end speed) and was stopped on both sides of it
    // by its own reported speed where it gives one: a trawler towing past an anchorage point at
    // 3 kn can come back near where it fell silent, and that is not a port call
    const dt = p.t - v.lastT;
    const still = (sog: number | null): boolean => sog === null || sog < P.stopEndKn;
    if (dt >= HOUR_MS && still(v.lastSog) && still(p.sog) && (flatM(v.lastLat, v.lastLon, p.lat, p.lon) / 1852) / (dt / HOUR_MS) < P.stopEndKn) v.gapInPort = true;
    v.lastT = p.t;
    v.lastLat = p.lat;
    v.lastLon = p.lon;
    v.lastSog = p.sog;
    v.positions++;
    v.latSum += p.lat;
    v.lonSum += p.lon;
    const sog = p.sog;
    if (sog == null) return;
    if (!v.stopped && sog < P.stopStartKn) {
      v.stopped = true;
      v.stopStart = p.t;
    } else if (v.stopped && sog > P.stopEndKn) {
      v.stopped = false;
      v.stops++;
      v.stopMs += p.t - v.stopStart;
    }
  }

  private emitVisit(mmsi: number, c: Closed): void {
    const { visit: v, endT, exitId, open } = c;
    const P = this.ctx.params.portVisit;
    if (v.stopped) {
      v.stops++;
      v.stopMs += v.lastT - v.stopStart;
      v.stopped = false;
    }
    if (P.requireStop && v.stops === 0 && !v.gapInPort) return;
    const flags: string[] = [];
    if (open) flags.push('open');
    if (v.gapInPort) flags.push('gap_in_port');
    const n = Math.max(1, v.positions);
    this.ctx.emit({
      id: eventId('port_visit', [mmsi], v.entryT),
      type: 'port_visit',
      start: isoTime(v.entryT),
      end: isoTime(endT),
      mmsi: [mmsi],
      lat: round(v.latSum / n, 5),
      lon: round(v.lonSum / n, 5),
      confidence: v.stops > 0 ? 0.9 : 0.6,
      flags,
      rule: ruleOf(this.ctx, 'port_visit', 'portVisit', ['thinning.minIntervalS']),
      evidence: {
        anchorage: v.label,
        iso3: v.iso3,
        durationH: round((endT - v.entryT) / HOUR_MS, 2),
        stops: v.stops,
        stopHours: round(v.stopMs / HOUR_MS, 2),
        minAnchorageDistanceM: Math.round(v.minDistM),
        positions: v.positions,
        positionIds: exitId ? [v.entryId, exitId] : [v.entryId],
      },
    });
  }
}
