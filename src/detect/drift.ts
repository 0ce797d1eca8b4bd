/**
 * Two behaviours from the Danish Maritime Authority's AisAbnormal analyzer
 * (dma-ais/AisAbnormal, DriftAnalysis and SuddenSpeedChangeAnalysis; rules
 * re-implemented from their description, no code copied), off by default
 * (profile `strict` turns them on). DESIGN.md has no event type of their own, so:
 * - drift -> `loitering` with flag `drift` (rule `drift`): a slow vessel not
 *   going where its bow points, i.e. not under command or drifting on purpose.
 *   Every report of the last `periodMin` has SOG in [minSpeedKn, maxSpeedKn]
 *   and COG more than `minCogHdgDeg` from the heading, the vessel has been
 *   tracked for longer than `periodMin`, and the drifting run covers more than
 *   `minDistanceM`. The event starts at the report where that first holds
 *   (AisAbnormal's raise time) and ends at the run's last drifting report.
 * - sudden speed change -> `loitering` with flag `sudden_stop` (rule
 *   `speed_change`): SOG from >= highKn to <= lowKn within `withinS` seconds,
 *   staying <= lowKn for `sustainS` seconds (AisAbnormal: groundings).
 * Class B reports (types 18/19) are skipped, as AisAbnormal does; reports
 * without SOG, COG or heading are skipped.
 */
import type { Position } from '../records.js';
import { MIN_MS, ruleOf, type DetectContext } from './context.js';
import type { Detector } from './detector.js';
import { angleDiff, flatM } from '../geo/distance.js';
import { eventId, isoTime, positionId } from '../events.js';
import { round } from './stats.js';
import { MmsiMap } from '../util/mmsi-map.js';

interface Rep {
  t: number;
  lat: number;
  lon: number;
  sog: number;
  drifting: boolean;
}

interface DriftState {
  firstT: number;
  reps: Rep[];
  /** first report of the current drifting run */
  runStart: Rep | null;
  raised: { t: number; lat: number; lon: number; lastT: number; reports: number; maxDev: number } | null;
  // sudden speed change
  highT: number;
  highSog: number;
  pending: { t1: number; t2: number; sog1: number; sog2: number; lat: number; lon: number } | null;
}

export class DriftDetector implements Detector {
  readonly name = 'drift';
  readonly feed = 'every';
  private readonly vessels = new MmsiMap<DriftState>();

  constructor(private readonly ctx: DetectContext) {}

  onPosition(p: Position): void {
    this.observe(p);
  }

  /** a repeated reception is still a time the vessel was heard at that speed (AisAbnormal counts it) */
  onRepeat(p: Position): void {
    this.observe(p);
  }

  private observe(p: Position): void {
    if (p.msgType === 18 || p.msgType === 19) return;
    // AIS SOG 102.2 means "102.2 kn or more" and 102.3 "not available": a sensor glitch between
    // reports of 0 (DMA AisAbnormal 219165000 at anchor), never a real speed to stop from
    if (p.sog == null || p.sog >= 102.2) return;
    let st = this.vessels.get(p.mmsi);
    if (!st) {
      st = { firstT: p.t, reps: [], runStart: null, raised: null, highT: Number.NaN, highSog: 0, pending: null };
      this.vessels.set(p.mmsi, st);
    }
    if (this.ctx.params.drift.enabled) this.drift(p, st);
    if (this.ctx.params.speedChange.enabled) this.speed(p, st);
  }

  flush(): void {
    for (const [mmsi, st] of this.vessels) {
      if (st.raised) this.emitDrift(mmsi, st);
    }
  }

  private drift(p: Position, st: DriftState): void {
    const P = this.ctx.params.drift;
    if (p.cog == null || p.heading == null || p.cog >= 360 || p.heading >= 360) return;
    const dev = Math.abs(angleDiff(p.cog, p.heading));
    const drifting = p.sog! >= P.minSpeedKn && p.sog! <= P.maxSpeedKn && dev > P.minCogHdgDeg;
    const periodMs = P.periodMin * MIN_MS;
    const r: Rep = { t: p.t, lat: p.lat, lon: p.lon, sog: p.sog!, drifting };
    st.reps.push(r);
    while (st.reps.length > 0 && p.t - st.reps[0]!.t > periodMs) st.reps.shift();
    if (!drifting) {
      st.runStart = null;
      if (st.raised) this.emitDrift(p.mmsi, st);
      return;
    }
    st.runStart ??= r;
    if (st.raised) {
      st.raised.lastT = p.t;
      st.raised.reports++;
      if (dev > st.raised.maxDev) st.raised.maxDev = dev;
      return;
    }
    if (p.t - st.firstT <= periodMs) return;
    for (const q of st.reps) if (!q.drifting) return;
    if (flatM(st.runStart.lat, st.runStart.lon, p.lat, p.lon) <= P.minDistanceM) return;
    st.raised = { t: p.t, lat: p.lat, lon: p.lon, lastT: p.t, reports: 1, maxDev: dev };
  }

  private emitDrift(mmsi: number, st: DriftState): void {
    const d = st.raised!;
    st.raised = null;
    this.ctx.emit({
      id: eventId('loitering', [mmsi], d.t, 'drift'),
      type: 'loitering',
      start: isoTime(d.t),
      end: isoTime(d.lastT),
      mmsi: [mmsi],
      lat: round(d.lat, 5),
      lon: round(d.lon, 5),
      confidence: 0.7,
      flags: ['drift'],
      rule: ruleOf(this.ctx, 'drift', 'drift'),
      evidence: { reports: d.reports, maxCogHeadingDeg: Math.round(d.maxDev), positionIds: [positionId(mmsi, d.t)] },
    });
  }

  private speed(p: Position, st: DriftState): void {
    const P = this.ctx.params.speedChange;
    const sog = p.sog!;
    if (sog >= P.highKn) {
      st.highT = p.t;
      st.highSog = sog;
      st.pending = null;
      return;
    }
    if (sog > P.lowKn) {
      st.pending = null;
      return;
    }
    if (!st.pending) {
      if (!Number.isNaN(st.highT) && p.t - st.highT <= P.withinS * 1000) {
        st.pending = { t1: st.highT, t2: p.t, sog1: st.highSog, sog2: sog, lat: p.lat, lon: p.lon };
      }
      return;
    }
    // sustained: no report above lowKn in the last sustainS, i.e. the fast report left the window
    const e = st.pending;
    if (p.t - e.t1 <= P.sustainS * 1000) return;
    st.pending = null;
    st.highT = Number.NaN;
    this.ctx.emit({
      id: eventId('loitering', [p.mmsi], e.t1, 'sudden_stop'),
      type: 'loitering',
      start: isoTime(e.t1),
      end: isoTime(e.t2),
      mmsi: [p.mmsi],
      lat: round(e.lat, 5),
      lon: round(e.lon, 5),
      confidence: 0.7,
      flags: ['sudden_stop'],
      rule: ruleOf(this.ctx, 'speed_change', 'speedChange'),
      evidence: {
        fromKn: round(e.sog1, 1),
        toKn: round(e.sog2, 1),
        seconds: round((e.t2 - e.t1) / 1000, 1),
        positionIds: [positionId(p.mmsi, e.t1), positionId(p.mmsi, e.t2)],
      },
    });
  }
}
