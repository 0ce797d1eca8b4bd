/**
 * Loitering (GFW): one vessel whose hourly implied speed stays below
 * `maxSpeedKn` for at least `minDurationH`, on average at least
 * `minShoreDistNm` from shore. Per MMSI: a sample every `sampleMin` of the
 * vessel's own fixes; the implied speed between consecutive samples extends
 * or closes the current run, which ends at its last fix still slow from the
 * last sample. A silence longer than gap.minGapH closes it (a
 * gap is not loitering evidence). Runs close by time, never by batch. Only
 * the vessel `classes` loitering is meant for are judged (carriers, tankers,
 * cargo, unknown type); a vessel of unknown type whose mean reported SOG is
 * `workingSogKn` or more while its implied speed is low is working gear
 * (fishing-like: zig-zag tows), not loitering.
 * `excludeEncounters` is not applied here: loitering that overlaps an
 * encounter is set aside by a stage after both detectors (stages.ts).
 */
import type { Position } from '../records.js';
import { HOUR_MS, MIN_MS, ruleOf, type DetectContext, type ParamRef } from './context.js';
import type { Detector } from './detector.js';
import { M_PER_NM, flatM, knots } from '../geo/distance.js';
import { eventId, isoTime, positionId } from '../events.js';
import { round, sample } from './stats.js';
import { shipCategory } from '../ref/shiptype.js';
import { MmsiMap } from '../util/mmsi-map.js';

interface Run {
  startT: number;
  lastT: number;
  samples: number;
  positions: number;
  shoreSum: number;
  latSum: number;
  lonSum: number;
  distM: number;
  sogSum: number;
  sogN: number;
  /** sums as of the run's last sample (fixes after it may belong to the departure) */
  sogSumAt: number;
  sogNAt: number;
  positionsAt: number;
  ids: string[];
  /**
   * the run as it was before its last sample, kept while that sample reported a speed of
   * maxMeanSogKn or more: if the run closes there, that sample was the departure (a sparse
   * feed's next fix after a stop, an hour on at 12 kn only 2 nm away, is slow by implied speed)
   */
  before: Before | null;
}

type Before = Pick<Run, 'lastT' | 'samples' | 'shoreSum' | 'latSum' | 'lonSum' | 'distM' | 'sogSumAt' | 'sogNAt' | 'positionsAt'> & Tail & { idsLength: number };

/** the latest slow fix after a sample, and that sample's place */
interface Tail {
  tailT: number;
  tailLat: number;
  tailLon: number;
  sLat: number;
  sLon: number;
}

interface State {
  sT: number;
  sLat: number;
  sLon: number;
  sShoreM: number;
  run: Run | null;
  /** the latest fix since the last sample still slow from it (NaN time when none): where a run ends when the next sample leaves */
  tailT: number;
  tailLat: number;
  tailLon: number;
}

/** Parameters of other groups that shape a loitering event (the encounter ones when encounters exclude it). */
function uses(ctx: DetectContext): ParamRef[] {
  const refs: ParamRef[] = ['gap.minGapH', 'thinning.minIntervalS'];
  if (ctx.params.loitering.excludeEncounters) refs.push('encounter');
  return refs;
}

export class LoiteringDetector implements Detector {
  readonly name = 'loitering';
  readonly feed = 'thinned';
  private readonly vessels = new MmsiMap<State>();

  constructor(private readonly ctx: DetectContext) {}

  /** A run still to close starts at its first sample; a new one at a vessel's latest sample. */
  watermark(): number {
    let w = Number.POSITIVE_INFINITY;
    for (const st of this.vessels.values()) {
      const t = st.run ? st.run.startT : st.sT;
      if (t < w) w = t;
    }
    return w;
  }

  onPosition(p: Position): void {
    const P = this.ctx.params.loitering;
    const st = this.vessels.get(p.mmsi);
    if (!st) {
      this.vessels.set(p.mmsi, { sT: p.t, sLat: p.lat, sLon: p.lon, sShoreM: Number.NaN, run: null, tailT: Number.NaN, tailLat: 0, tailLon: 0 });
      return;
    }
    if (st.run) {
      st.run.positions++;
      if (p.sog != null) {
        st.run.sogSum += p.sog;
        st.run.sogN++;
      }
    }
    const dt = p.t - st.sT;
    if (dt < P.sampleMin * MIN_MS) {
      // slow by its reported speed too: minutes after a sample, a ship just under way has not gone far
      if (st.run && (p.sog == null || p.sog < P.maxSpeedKn) && knots(flatM(st.sLat, st.sLon, p.lat, p.lon), dt) < P.maxSpeedKn) {
        st.tailT = p.t;
        st.tailLat = p.lat;
        st.tailLon = p.lon;
      }
      return;
    }
    const run = st.run;
    if (dt > this.ctx.params.gap.minGapH * HOUR_MS) {
      if (run) this.close(p.mmsi, st);
    } else {
      const d = flatM(st.sLat, st.sLon, p.lat, p.lon);
      if (knots(d, dt) < P.maxSpeedKn) {
        const shore = this.ctx.geo.distanceToShoreM(p.lat, p.lon);
        if (!run) {
          if (Number.isNaN(st.sShoreM)) st.sShoreM = this.ctx.geo.distanceToShoreM(st.sLat, st.sLon);
          st.run = {
            startT: st.sT,
            lastT: p.t,
            samples: 2,
            positions: 1,
            shoreSum: st.sShoreM + shore,
            latSum: st.sLat + p.lat,
            lonSum: st.sLon + p.lon,
            distM: d,
            sogSum: p.sog ?? 0,
            sogN: p.sog == null ? 0 : 1,
            sogSumAt: p.sog ?? 0,
            sogNAt: p.sog == null ? 0 : 1,
            positionsAt: 1,
            ids: [positionId(p.mmsi, st.sT), positionId(p.mmsi, p.t)],
            before: null,
          };
        } else {
          run.before =
            P.maxMeanSogKn > 0 && p.sog != null && p.sog >= P.maxMeanSogKn
              ? {
                  lastT: run.lastT,
                  samples: run.samples,
                  shoreSum: run.shoreSum,
                  latSum: run.latSum,
                  lonSum: run.lonSum,
                  distM: run.distM,
                  sogSumAt: run.sogSumAt,
                  sogNAt: run.sogNAt,
                  positionsAt: run.positionsAt,
                  idsLength: run.ids.length,
                  tailT: st.tailT,
                  tailLat: st.tailLat,
                  tailLon: st.tailLon,
                  sLat: st.sLat,
                  sLon: st.sLon,
                }
              : null;
          run.lastT = p.t;
          run.samples++;
          run.shoreSum += shore;
          run.latSum += p.lat;
          run.lonSum += p.lon;
          run.distM += d;
          run.ids.push(positionId(p.mmsi, p.t));
          run.sogSumAt = run.sogSum;
          run.sogNAt = run.sogN;
          run.positionsAt = run.positions;
        }
        st.sShoreM = shore;
      } else {
        if (run) this.close(p.mmsi, st);
        st.sShoreM = Number.NaN;
      }
    }
    st.sT = p.t;
    st.sLat = p.lat;
    st.sLon = p.lon;
    st.tailT = Number.NaN;
  }

  /** Close runs of vessels silent for longer than a gap before `t` (feed time). */
  expire(t: number): void {
    const limit = this.ctx.params.gap.minGapH * HOUR_MS;
    for (const [mmsi, st] of this.vessels) {
      if (t - st.sT <= limit) continue;
      if (st.run) this.close(mmsi, st);
      this.vessels.delete(mmsi);
    }
  }

  flush(): void {
    for (const [mmsi, st] of this.vessels) if (st.run) this.close(mmsi, st);
  }

  private close(mmsi: number, st: State): void {
    const run = st.run!;
    st.run = null;
    // the last sample was the departure: the run ends where it stood before it
    const b = run.before;
    if (b) {
      Object.assign(run, { lastT: b.lastT, samples: b.samples, shoreSum: b.shoreSum, latSum: b.latSum, lonSum: b.lonSum, distM: b.distM, sogSumAt: b.sogSumAt, sogNAt: b.sogNAt, positionsAt: b.positionsAt });
      run.ids.length = b.idsLength;
    }
    const tail: Tail = b ?? st;
    // a run ends at its last slow fix, not its last sample: reports 20 min apart with some lost
    // put the last sample 1 h before the departure (seed 1401: 2.6 h slow read as 1.65 h)
    if (tail.tailT > run.lastT) {
      run.distM += flatM(tail.sLat, tail.sLon, tail.tailLat, tail.tailLon);
      run.lastT = tail.tailT;
      run.ids.push(positionId(mmsi, tail.tailT));
    }
    st.tailT = Number.NaN;
    const P = this.ctx.params.loitering;
    const durH = (run.lastT - run.startT) / HOUR_MS;
    if (durH < P.minDurationH) return;
    const shoreNm = run.shoreSum / run.samples / M_PER_NM;
    if (shoreNm < P.minShoreDistNm) return;
    const meanSog = run.sogNAt > 0 ? run.sogSumAt / run.sogNAt : 0;
    if (P.maxMeanSogKn > 0 && meanSog >= P.maxMeanSogKn) return;
    // the vessels loitering is meant for; of unknown type, not one working at fishing speeds
    const category = shipCategory(this.ctx.vessel(mmsi)?.shipType);
    if (!P.classes.includes(category)) return;
    if (category === 'unknown' && P.workingSogKn > 0 && meanSog >= P.workingSogKn) return;
    const meanKn = knots(run.distM, run.lastT - run.startT);
    this.ctx.emit({
      id: eventId('loitering', [mmsi], run.startT),
      type: 'loitering',
      start: isoTime(run.startT),
      end: isoTime(run.lastT),
      mmsi: [mmsi],
      lat: round(run.latSum / run.samples, 5),
      lon: round(run.lonSum / run.samples, 5),
      confidence: round(Math.min(1, 0.6 + 0.2 * Math.min(1, durH / (2 * P.minDurationH)) + 0.2 * (1 - meanKn / P.maxSpeedKn)), 2),
      flags: [],
      rule: ruleOf(this.ctx, 'loitering', 'loitering', uses(this.ctx)),
      evidence: {
        durationH: round(durH, 2),
        meanImpliedSpeedKn: round(meanKn, 2),
        meanReportedSpeedKn: round(meanSog, 2),
        averageShoreDistanceNm: round(shoreNm, 1),
        vesselClass: category,
        samples: run.samples,
        positions: run.positionsAt,
        positionIds: sample(run.ids, 40),
      },
    });
  }
}
