/**
 * Spoofing and identity clashes, one MMSI at a time: the per-MMSI state and the order in
 * which each kind looks at a fix. Kinds (in `flags` and `evidence.kind`), one file each:
 * `two_places` (two-places.ts), `on_land` (on-land.ts), `invalid_mmsi` and `default_mmsi`
 * (invalid-mmsi.ts), `invalid_imo` (invalid-imo.ts), `circle` (circle.ts) and `hairpin`
 * (hairpin.ts) on the segment shapes of shape.ts. Signs become events through runs.ts.
 */
import type { Position, VesselStatic } from '../../records.js';
import { HOUR_MS, type DetectContext } from '../context.js';
import type { Detector, DetectorCounters, Fix } from '../detector.js';
import { classifyMmsi } from '../../ref/mmsi.js';
import { checkCircle } from './circle.js';
import { checkHairpin } from './hairpin.js';
import { checkImo, type BadImos } from './invalid-imo.js';
import { countMmsi, mmsiVerdict, type MmsiCount } from './invalid-mmsi.js';
import { checkOnLand, newLandState, type LandState } from './on-land.js';
import { closeAll, closeStale, type Runs } from './runs.js';
import { newShape, sampleShape, type Shape } from './shape.js';
import { checkTwoPlaces, type SegLast } from './two-places.js';
import { MmsiMap } from '../../util/mmsi-map.js';

interface Segment extends SegLast {
  shape: Shape;
}

interface State extends Runs {
  land: LandState;
  segs: Map<string, Segment>;
  mmsi: MmsiCount;
  lastT: number;
  badImos: BadImos | null;
}

/** open segments remembered per MMSI (the stalest is forgotten beyond this) */
const MAX_SEGMENTS = 16;

export class SpoofingDetector implements Detector {
  readonly name = 'spoofing';
  readonly feed = 'thinned';
  readonly segments = true;
  private readonly vessels = new MmsiMap<State>();
  shoreLookups = 0;

  constructor(private readonly ctx: DetectContext) {}

  counters(): Partial<DetectorCounters> {
    return { shoreLookups: this.shoreLookups };
  }

  private state(mmsi: number, t: number): State {
    let st = this.vessels.get(mmsi);
    if (!st) {
      st = {
        segs: new Map(),
        runs: {},
        nRuns: 0,
        mmsi: { verdict: mmsiVerdict(mmsi), count: 0, firstT: t, done: false },
        land: newLandState(classifyMmsi(mmsi).pattern === 'ship'),
        lastT: t,
        badImos: null,
      };
      this.vessels.set(mmsi, st);
    }
    return st;
  }

  /** A position and the segment the segmenter put it in. */
  onPosition(p: Position, fix: Fix): void {
    const st = this.state(p.mmsi, p.t);
    st.lastT = p.t;
    closeStale(this.ctx, p.mmsi, st, p.t);
    countMmsi(this.ctx, st, st.mmsi, p);
    let me = st.segs.get(fix.segment);
    checkTwoPlaces(this.ctx, st, st.segs, p, fix.segment, me !== undefined);
    if (!me) {
      me = { t: p.t, lat: p.lat, lon: p.lon, n: 0, shape: newShape() };
      st.segs.set(fix.segment, me);
      if (st.segs.size > MAX_SEGMENTS) {
        let oldest: string | null = null;
        let ot = Number.POSITIVE_INFINITY;
        for (const [id, o] of st.segs) if (o.t < ot) [oldest, ot] = [id, o.t];
        if (oldest) st.segs.delete(oldest);
      }
    }
    const sample = sampleShape(this.ctx, me.shape, p);
    if (sample) {
      checkCircle(this.ctx, st, me.shape, p);
      checkHairpin(this.ctx, st, me.shape, p, sample);
    }
    if (p.t !== me.t || p.lat !== me.lat || p.lon !== me.lon || me.n === 0) me.n++;
    me.t = p.t;
    me.lat = p.lat;
    me.lon = p.lon;
    if (checkOnLand(this.ctx, st, st.land, p)) this.shoreLookups++;
  }

  /** Static reports: invalid IMO check digits. */
  onStatic(rec: VesselStatic): void {
    if (rec.imo == null || rec.imo === 0) return;
    const verdict = this.vessels.get(rec.mmsi)?.mmsi.verdict ?? mmsiVerdict(rec.mmsi);
    checkImo(
      this.ctx,
      rec,
      () => {
        const st = this.state(rec.mmsi, rec.t);
        return (st.badImos ??= new Map());
      },
      verdict ? verdict.kind : null,
    );
  }

  /** The segmenter closed a segment: it can clash with nothing any more. */
  onSegmentClosed(mmsi: number, segId: string): void {
    this.vessels.get(mmsi)?.segs.delete(segId);
  }

  /** Close runs idle for mergeGapH before feed time t; forget vessels silent for a day. */
  expire(t: number): void {
    for (const [mmsi, st] of this.vessels) {
      closeStale(this.ctx, mmsi, st, t);
      if (t - st.lastT > 24 * HOUR_MS && st.nRuns === 0 && !st.mmsi.verdict && !st.badImos) this.vessels.delete(mmsi);
    }
  }

  flush(): void {
    for (const [mmsi, st] of this.vessels) closeAll(this.ctx, mmsi, st);
  }
}
