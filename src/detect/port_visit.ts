/**
 * Port visits (GFW anchorages pipeline): a visit starts when a vessel comes
 * within `entryM` of an anchorage and ends when it is beyond `exitM` again
 * (hysteresis, so a vessel on the boundary does not flicker). Inside, a stop
 * starts below `stopStartKn` and ends above `stopEndKn`; with `requireStop`
 * only visits with a stop (or a silence of an hour or more, GFW's "gap in
 * port") are events, as GFW's port visits. A vessel first seen inside a port
 * has no observed entry and makes no event. Visits still open at the end of
 * input are reported with the `open` flag.
 *
 * Anchorage look-ups are throttled exactly: the nearest anchorage was d metres
 * away at a checkpoint, so after moving m metres every anchorage is at least
 * d - m and the nearest at most d + m away; the look-up is repeated only when
 * that could cross the threshold that matters.
 */
import type { Position } from '../records.js';
import { HOUR_MS, ruleOf, type DetectContext } from './context.js';
import { flatM } from './distance.js';
import { eventId, isoTime, positionId, round } from './types.js';

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
  positions: number;
  latSum: number;
  lonSum: number;
  minDistM: number;
  entryId: string;
}

interface State {
  cpLat: number;
  cpLon: number;
  cpDist: number;
  /** seen outside every anchorage at least once (an entry can be observed) */
  outside: boolean;
  lastT: number;
  visit: Visit | null;
}

export class PortVisitDetector {
  private readonly vessels = new Map<number, State>();
  lookups = 0;

  constructor(private readonly ctx: DetectContext) {}

  observe(p: Position): void {
    const P = this.ctx.params.portVisit;
    let st = this.vessels.get(p.mmsi);
    if (!st) {
      st = { cpLat: p.lat, cpLon: p.lon, cpDist: Number.NaN, outside: false, lastT: p.t, visit: null };
      this.vessels.set(p.mmsi, st);
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
      if (mustLook && dist <= P.entryM) {
        if (st.outside) {
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
            positions: 0,
            latSum: 0,
            lonSum: 0,
            minDistM: dist,
            entryId: positionId(p.mmsi, p.t),
          };
          this.inPort(st.visit, p);
        }
      } else if (!mustLook || dist > P.entryM) st.outside = true;
    } else if (mustLook && dist > P.exitM) {
      this.finish(p.mmsi, v, p.t, positionId(p.mmsi, p.t), false);
      st.visit = null;
      st.outside = true;
    } else {
      if (mustLook && dist < v.minDistM) v.minDistM = dist;
      this.inPort(v, p);
    }
    st.lastT = p.t;
  }

  flush(): void {
    for (const [mmsi, st] of this.vessels) {
      if (st.visit) this.finish(mmsi, st.visit, st.visit.lastT, null, true);
      st.visit = null;
    }
  }

  private inPort(v: Visit, p: Position): void {
    const P = this.ctx.params.portVisit;
    if (p.t - v.lastT >= HOUR_MS) v.gapInPort = true;
    v.lastT = p.t;
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

  private finish(mmsi: number, v: Visit, endT: number, exitId: string | null, open: boolean): void {
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
      rule: ruleOf(this.ctx, 'port_visit', 'portVisit'),
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
