/**
 * Spoofing and identity clashes, one MMSI at a time. Kinds (in `flags` and
 * `evidence.kind`):
 * - `two_places`: the track segmenter (GFW gpsdio-segment) keeps two open
 *   segments for the MMSI, and a fix of one lies farther from the other's
 *   latest fix (at most `clashWindowMin` older) than `maxKnots` allows (AISdb's
 *   50 kn) and at least `minClashDistanceM` away: two transmitters share it;
 * - `on_land`: fixes on land, away from any anchorage (a berth inside a coarse
 *   land mask is not spoofing);
 * - `invalid_mmsi`: a ship position report from an MMSI no ship can have
 *   (mid.ts `mmsiProblem`);
 * - `invalid_imo`: an IMO number whose check digit is wrong;
 * - `circle`: the track turns one way through `circleTurnDeg` (two loops)
 *   within `shapeWindowH` at near-constant distance from its centre: the
 *   perfect circles spoofing software draws;
 * - `hairpin`: repeated about-turns (>= 150 deg between legs of >= 300 m),
 *   `hairpinReversals` within `hairpinWindowMin`: a track jumping to and fro.
 * Signs of one kind less than `mergeGapH` apart are one event; it closes by
 * time (a later sign, the hourly expiry, or the end of input).
 * Shapes are followed per segment, so two transmitters sharing an MMSI do not
 * draw zig-zags together.
 */
import type { Position, VesselStatic } from '../records.js';
import { HOUR_MS, MIN_MS, ruleOf, type DetectContext } from './context.js';
import { M_PER_DEG_LAT, angleDiff, flatM, knots } from './distance.js';
import { mmsiProblem, validImo } from './mid.js';
import { eventId, isoTime, positionId, type EvidenceValue } from '../events.js';
import { round, sample } from './stats.js';

export type SpoofKind = 'two_places' | 'on_land' | 'invalid_mmsi' | 'invalid_imo' | 'circle' | 'hairpin';

interface Run {
  kind: SpoofKind;
  startT: number;
  lastT: number;
  signs: number;
  latSum: number;
  lonSum: number;
  ids: string[];
  maxSpeedKn: number;
  maxDistanceM: number;
  extra: Record<string, EvidenceValue>;
}

/**
 * The shape window of one segment: a ring of at most RING samples in one
 * typed array (t, lat, lon, turn per sample), so thousands of moving vessels
 * cost no garbage-collected objects.
 */
interface Shape {
  ring: Float64Array | null;
  /** index of the oldest sample and number of samples */
  head: number;
  n: number;
  lastT: number;
  lastLat: number;
  lastLon: number;
  lastBearing: number;
  turnSum: number;
  /** turnSum when the circle test last ran (it runs again after 90 deg more turning) */
  checkedAt: number;
  /** times of recent course reversals */
  revTimes: number[];
}

interface SegLast {
  t: number;
  lat: number;
  lon: number;
  shape: Shape;
}

interface State {
  segs: Map<string, SegLast>;
  runs: Partial<Record<SpoofKind, Run>>;
  nRuns: number;
  problem: string | null;
  invalidCount: number;
  invalidFirstT: number;
  invalidDone: boolean;
  /** exact shore-distance throttle: no land within cpShoreM of the checkpoint */
  cpLat: number;
  cpLon: number;
  cpShoreM: number;
  lastT: number;
  badImos: Map<number, { count: number; firstT: number; done: boolean }> | null;
}

const MIN_LEG_M = 300;
const SAMPLE_M = 150;
const MIN_SAMPLE_MS = 30_000;
/** samples kept per segment (with 30 s / 150 m spacing, 2 h to 6 h of track) */
const RING = 256;

function newShape(): Shape {
  return { ring: null, head: 0, n: 0, lastT: Number.NaN, lastLat: 0, lastLon: 0, lastBearing: Number.NaN, turnSum: 0, checkedAt: 0, revTimes: [] };
}
const DEG = Math.PI / 180;

export class SpoofingDetector {
  private readonly vessels = new Map<number, State>();
  shoreLookups = 0;

  constructor(private readonly ctx: DetectContext) {}

  private state(mmsi: number, t: number): State {
    let st = this.vessels.get(mmsi);
    if (!st) {
      st = {
        segs: new Map(),
        runs: {},
        nRuns: 0,
        problem: mmsiProblem(mmsi),
        invalidCount: 0,
        invalidFirstT: t,
        invalidDone: false,
        cpLat: Number.NaN,
        cpLon: Number.NaN,
        cpShoreM: 0,
        lastT: t,
        badImos: null,
      };
      this.vessels.set(mmsi, st);
    }
    return st;
  }

  /** A position and the segment the segmenter put it in. */
  observe(p: Position, segId: string): void {
    const P = this.ctx.params.spoofing;
    const st = this.state(p.mmsi, p.t);
    st.lastT = p.t;
    this.closeStale(p.mmsi, st, p.t);

    if (st.problem && !st.invalidDone) {
      st.invalidCount++;
      if (st.invalidCount >= P.minInvalidPositions) {
        st.invalidDone = true;
        this.sign(p.mmsi, st, 'invalid_mmsi', p, { problem: st.problem });
        st.runs.invalid_mmsi!.startT = st.invalidFirstT;
      }
    }

    // two places: another open segment of this MMSI, recently heard, unreachable from here
    let me = st.segs.get(segId);
    if (st.segs.size > (me ? 1 : 0)) for (const [id, o] of st.segs) {
      if (id === segId || p.t - o.t > P.clashWindowMin * MIN_MS) continue;
      const d = flatM(o.lat, o.lon, p.lat, p.lon);
      if (d < P.minClashDistanceM) continue;
      const kn = knots(d, Math.max(1000, p.t - o.t));
      if (kn <= P.maxKnots) continue;
      const run = this.sign(p.mmsi, st, 'two_places', p, {});
      if (kn > run.maxSpeedKn) run.maxSpeedKn = kn;
      if (d > run.maxDistanceM) run.maxDistanceM = d;
      run.ids.push(positionId(p.mmsi, o.t));
      break;
    }
    if (!me) {
      me = { t: p.t, lat: p.lat, lon: p.lon, shape: newShape() };
      st.segs.set(segId, me);
      if (st.segs.size > 16) {
        // bounded: forget the stalest segment
        let oldest: string | null = null;
        let ot = Number.POSITIVE_INFINITY;
        for (const [id, o] of st.segs) if (o.t < ot) [oldest, ot] = [id, o.t];
        if (oldest) st.segs.delete(oldest);
      }
    }
    this.shape(p, st, me);
    me.t = p.t;
    me.lat = p.lat;
    me.lon = p.lon;

    // on land: throttled exactly by the distance to shore at the last look-up
    const moved = Number.isNaN(st.cpLat) ? Number.POSITIVE_INFINITY : flatM(st.cpLat, st.cpLon, p.lat, p.lon);
    if (moved >= st.cpShoreM) {
      this.shoreLookups++;
      const shore = this.ctx.geo.distanceToShoreM(p.lat, p.lon);
      st.cpLat = p.lat;
      st.cpLon = p.lon;
      st.cpShoreM = shore;
      if (shore <= 0 && this.ctx.geo.isOnLand(p.lat, p.lon)) {
        const a = this.ctx.geo.nearestAnchorage(p.lat, p.lon);
        if (!a || a.distanceM > P.portExclusionM) this.sign(p.mmsi, st, 'on_land', p, {});
      }
    }
  }

  /** Static reports: invalid IMO check digits. */
  observeStatic(rec: VesselStatic): void {
    if (rec.imo == null || rec.imo === 0 || validImo(rec.imo)) return;
    const st = this.state(rec.mmsi, rec.t);
    st.badImos ??= new Map();
    let b = st.badImos.get(rec.imo);
    if (!b) st.badImos.set(rec.imo, (b = { count: 0, firstT: rec.t, done: false }));
    b.count++;
    if (b.done || b.count < this.ctx.params.spoofing.minInvalidPositions) return;
    b.done = true;
    const where = this.ctx.lastPosition(rec.mmsi);
    const run: Run = {
      kind: 'invalid_imo',
      startT: b.firstT,
      lastT: rec.t,
      signs: b.count,
      latSum: where ? where.lat : Number.NaN,
      lonSum: where ? where.lon : Number.NaN,
      ids: [`${rec.mmsi}:${b.firstT}`, `${rec.mmsi}:${rec.t}`],
      maxSpeedKn: 0,
      maxDistanceM: 0,
      extra: { imo: rec.imo, name: rec.name },
    };
    this.emit(rec.mmsi, run, `invalid_imo-${rec.imo}`);
  }

  /** The segmenter closed a segment: it can clash with nothing any more. */
  segmentClosed(mmsi: number, segId: string): void {
    this.vessels.get(mmsi)?.segs.delete(segId);
  }

  /** Close runs idle for mergeGapH before feed time t; forget vessels silent for a day. */
  expire(t: number): void {
    for (const [mmsi, st] of this.vessels) {
      this.closeStale(mmsi, st, t);
      if (t - st.lastT > 24 * HOUR_MS && st.nRuns === 0 && !st.problem && !st.badImos) this.vessels.delete(mmsi);
    }
  }

  flush(): void {
    for (const [mmsi, st] of this.vessels) {
      for (const run of Object.values(st.runs)) this.finish(mmsi, run);
      st.runs = {};
      st.nRuns = 0;
    }
  }

  private closeStale(mmsi: number, st: State, t: number): void {
    if (st.nRuns === 0) return;
    const gap = this.ctx.params.spoofing.mergeGapH * HOUR_MS;
    for (const k of Object.keys(st.runs) as SpoofKind[]) {
      const run = st.runs[k]!;
      if (t - run.lastT > gap) {
        delete st.runs[k];
        st.nRuns--;
        this.finish(mmsi, run);
      }
    }
  }

  private sign(mmsi: number, st: State, kind: SpoofKind, p: Position, extra: Record<string, EvidenceValue>): Run {
    let run = st.runs[kind];
    if (!run) {
      run = { kind, startT: p.t, lastT: p.t, signs: 0, latSum: 0, lonSum: 0, ids: [], maxSpeedKn: 0, maxDistanceM: 0, extra };
      st.runs[kind] = run;
      st.nRuns++;
    }
    run.lastT = p.t;
    run.signs++;
    run.latSum += p.lat;
    run.lonSum += p.lon;
    if (run.ids.length < 200) run.ids.push(positionId(mmsi, p.t));
    return run;
  }

  private finish(mmsi: number, run: Run): void {
    const P = this.ctx.params.spoofing;
    const need = run.kind === 'two_places' ? P.minClashes : run.kind === 'on_land' ? P.minOnLand : 1;
    if (run.signs < need) return;
    this.emit(mmsi, run, run.kind);
  }

  private emit(mmsi: number, run: Run, qualifier: string): void {
    const n = run.kind === 'invalid_imo' ? 1 : run.signs;
    const evidence: Record<string, EvidenceValue> = { kind: run.kind, signs: run.signs, ...run.extra };
    if (run.kind === 'two_places') {
      evidence['maxImpliedSpeedKn'] = round(run.maxSpeedKn, 1);
      evidence['maxDistanceKm'] = round(run.maxDistanceM / 1000, 2);
    }
    evidence['positionIds'] = sample([...new Set(run.ids)], 40);
    const lat = run.latSum / n;
    const lon = run.lonSum / n;
    this.ctx.emit({
      id: eventId('spoofing', [mmsi], run.startT, qualifier),
      type: 'spoofing',
      start: isoTime(run.startT),
      end: isoTime(run.lastT),
      mmsi: [mmsi],
      lat: Number.isNaN(lat) ? lat : round(lat, 5),
      lon: Number.isNaN(lon) ? lon : round(lon, 5),
      confidence: run.kind === 'invalid_mmsi' || run.kind === 'invalid_imo' ? 1 : round(Math.min(1, 0.5 + 0.05 * run.signs), 2),
      flags: [run.kind],
      rule: ruleOf(this.ctx, `spoofing.${run.kind}`, 'spoofing'),
      evidence,
    });
  }

  /**
   * Circle / hairpin signs along one segment: samples every SAMPLE_M metres
   * and MIN_SAMPLE_MS
   * while moving; turning between successive legs is summed over the window.
   */
  private shape(p: Position, st: State, seg: SegLast): void {
    const P = this.ctx.params.spoofing;
    const sh = seg.shape;
    if ((p.sog ?? 0) < P.shapeMinSpeedKn) return;
    const has = sh.n > 0;
    // at most one sample every MIN_SAMPLE_MS: dense terrestrial feeds add nothing to a shape
    if (has && p.t - sh.lastT < MIN_SAMPLE_MS) return;
    let legM = 0;
    let turn = 0;
    if (has) {
      // flat-earth leg: one cos and one atan2 per sample (legs are short)
      const dy = p.lat - sh.lastLat;
      const dx = (p.lon - sh.lastLon) * Math.cos(p.lat * DEG);
      legM = Math.sqrt(dx * dx + dy * dy) * M_PER_DEG_LAT;
      if (legM < SAMPLE_M) return;
      if (p.t - sh.lastT > HOUR_MS) {
        // a long silence breaks the shape
        sh.n = 0;
        sh.turnSum = 0;
        sh.checkedAt = 0;
        sh.revTimes.length = 0;
        sh.lastBearing = Number.NaN;
      } else {
        const b = Math.atan2(dx, dy) / DEG;
        if (!Number.isNaN(sh.lastBearing)) turn = angleDiff(sh.lastBearing, b);
        sh.lastBearing = b;
      }
    }
    const ring = (sh.ring ??= new Float64Array(RING * 4));
    // drop samples older than the window, or the oldest when the ring is full
    const windowMs = P.shapeWindowH * HOUR_MS;
    while (sh.n > 0 && (sh.n === RING || p.t - ring[sh.head * 4]! > windowMs)) {
      sh.turnSum -= ring[sh.head * 4 + 3]!;
      sh.head = (sh.head + 1) % RING;
      sh.n--;
    }
    const k = ((sh.head + sh.n) % RING) * 4;
    ring[k] = p.t;
    ring[k + 1] = p.lat;
    ring[k + 2] = p.lon;
    ring[k + 3] = turn;
    sh.n++;
    sh.turnSum += turn;
    sh.lastT = p.t;
    sh.lastLat = p.lat;
    sh.lastLon = p.lon;
    const isRev = Math.abs(turn) >= 150 && legM >= MIN_LEG_M;
    if (isRev) {
      const rt = sh.revTimes;
      rt.push(p.t);
      while (rt.length > 0 && p.t - rt[0]! > P.hairpinWindowMin * MIN_MS) rt.shift();
    }
    // the shape test is O(window): run it once per 90 deg of further net turning, on the
    // newest samples that turned through circleTurnDeg (a straight approach before the
    // circles must not spoil the centre)
    if (Math.abs(sh.turnSum - sh.checkedAt) >= 90) {
      sh.checkedAt = sh.turnSum;
      let acc = 0;
      let k = 0;
      while (k < sh.n && Math.abs(acc) < P.circleTurnDeg) {
        acc += ring[((sh.head + sh.n - 1 - k) % RING) * 4 + 3]!;
        k++;
      }
      if (Math.abs(acc) >= P.circleTurnDeg && k >= 12) {
        let cx = 0;
        let cy = 0;
        for (let i = sh.n - k; i < sh.n; i++) {
          const j = ((sh.head + i) % RING) * 4;
          cx += ring[j + 1]!;
          cy += ring[j + 2]!;
        }
        cx /= k;
        cy /= k;
        let m = 0;
        let m2 = 0;
        for (let i = sh.n - k; i < sh.n; i++) {
          const j = ((sh.head + i) % RING) * 4;
          const d = flatM(cx, cy, ring[j + 1]!, ring[j + 2]!);
          m += d;
          m2 += d * d;
        }
        m /= k;
        const sd = Math.sqrt(Math.max(0, m2 / k - m * m));
        if (m > 0 && sd / m <= P.circleMaxRadiusCv) {
          const run = this.sign(p.mmsi, st, 'circle', p, {});
          run.extra['radiusM'] = Math.round(m);
          run.extra['turnDeg'] = Math.round(acc);
        }
      }
    }
    if (isRev && sh.revTimes.length >= P.hairpinReversals) {
      const run = this.sign(p.mmsi, st, 'hairpin', p, {});
      run.extra['reversals'] = sh.revTimes.length;
    }
  }
}
