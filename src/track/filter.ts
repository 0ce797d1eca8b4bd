/**
 * The segmenter's verdict on a fix (used or rejected, and why) without the segments, for a
 * runner none of whose detectors reads them (src/detect/runner.ts): a scale-out worker's cell
 * partitions (encounters) and group partition (convoys) see most records two to four times
 * over, and matching each fix against its vessel's open segments was a quarter of a worker's
 * main thread.
 *
 * Same as the Segmenter: `checkPosition` (invalid fields), the `Deduplicator` (a duplicate, or
 * a moving vessel's repeated fix), same counts by reason. One rule differs in how it is
 * decided: a type 27 fix (coarse, 1/10 minute) is noise when a better fix is near in time. The
 * Segmenter takes "near" from the segment the fix matches best. Here each MMSI keeps the last
 * used fix of each place it is heard in (up to `maxOpenSegments`: a fix out of reach of every
 * kept one, at `maxKnots` over the hours between, padded by `bufferHours` as the matcher pads,
 * is a new place, as it would open a new segment), and a type 27 fix is noise when one of them
 * is less than `minType27Hours` before it and within reach. On GFW's segment regression files
 * (real tracks, MMSIs shared across oceans; 169 type 27 fixes of 18,375) the two agree on every
 * fix; they can part where the dead-reckoned discrepancy and the straight distance disagree on
 * reach, or where two transmitters of an MMSI are within reach of each other.
 */
import type { Position } from '../records.js';
import { CleanCounts, Deduplicator, fixChecks, screenFix, type CheckOptions, type DuplicateCheck, type RejectReason } from './clean.js';
import { segmenterParams, type SegmenterParams, type SegmenterProfile } from './params.js';
import { flatNm } from './discrepancy.js';
import { MmsiMap } from '../util/mmsi-map.js';

const HOUR_MS = 3_600_000;

export interface FixFilterOptions extends Partial<SegmenterParams> {
  profile?: SegmenterProfile;
  /** verdicts on duplicates from elsewhere (as the Segmenter's) */
  dedup?: DuplicateCheck;
  /** Drop duplicate and repeated moving fixes (as the Segmenter). Default true. */
  dedupe?: boolean;
  /** Reject fixes without speed (as the Segmenter). Default true. */
  requireSpeed?: boolean;
}

export class FixFilter {
  readonly params: Readonly<SegmenterParams>;
  readonly stats = { positions: 0, assigned: 0, rejected: new CleanCounts(), segmentsOpened: 0 };
  /** Why the last `push` returned null (null after a fix was used). */
  lastReason: RejectReason | null = null;
  private readonly dedup: DuplicateCheck | null;
  private readonly checks: CheckOptions;
  /** per MMSI, the last used fix of each place: t, lat, lon per place, up to maxOpenSegments places, oldest first */
  private last = new MmsiMap<Float64Array>();
  /** places in use per MMSI */
  private places = new MmsiMap<number>();

  constructor(opts: FixFilterOptions = {}) {
    const { profile = 'gfw', dedupe = true, requireSpeed = true, dedup, ...over } = opts;
    this.params = Object.freeze(segmenterParams(profile, over));
    this.dedup = dedup ?? (dedupe ? new Deduplicator({ windowHours: this.params.duplicateWindowHours }) : null);
    this.checks = fixChecks(this.params.useCourse !== 0, requireSpeed);
  }

  /** '' when the fix is used (it belongs to no segment here), null when rejected (reason in `lastReason`). */
  push(p: Position): string | null {
    this.stats.positions++;
    const P = this.params;
    const bad = screenFix(p, this.checks, this.dedup);
    if (bad) return this.reject(bad);
    let l = this.last.get(p.mmsi);
    const n = l ? this.places.get(p.mmsi)! : 0;
    // the newest kept place within reach of this fix (-1: none)
    let at = -1;
    for (let i = n - 1; i >= 0; i--) {
      if (this.reaches(l!, i, p)) {
        at = i;
        break;
      }
    }
    if (p.msgType === 27 && at >= 0) {
      for (let i = n - 1; i >= 0; i--) if ((p.t - l![i * 3]!) / HOUR_MS < P.minType27Hours && this.reaches(l!, i, p)) return this.reject('noise');
    }
    if (at < 0) {
      // a new place: room is made as needed (most MMSIs have one), and past the limit the oldest (the first) goes
      const max = Math.max(1, P.maxOpenSegments);
      if (!l || (n === l.length / 3 && n < max)) {
        const grown = new Float64Array(3 * Math.min(max, Math.max(1, 2 * n)));
        if (l) grown.set(l);
        this.last.set(p.mmsi, (l = grown));
      }
      if (n === max) l.copyWithin(0, 3);
      else this.places.set(p.mmsi, n + 1);
      at = Math.min(n, max - 1);
    } else if (at < n - 1) {
      // the place heard last moves to the end (the order is of the last fix)
      const m = l!;
      const t = m[at * 3]!;
      const la = m[at * 3 + 1]!;
      const lo = m[at * 3 + 2]!;
      m.copyWithin(at * 3, at * 3 + 3, n * 3);
      m[(n - 1) * 3] = t;
      m[(n - 1) * 3 + 1] = la;
      m[(n - 1) * 3 + 2] = lo;
      at = n - 1;
    }
    const m = l!;
    m[at * 3] = p.t;
    m[at * 3 + 1] = p.lat;
    m[at * 3 + 2] = p.lon;
    this.stats.assigned++;
    this.lastReason = null;
    return '';
  }

  /** Place i of `l` could have reached p: within maxHours, and no farther than maxKnots over the padded hours. */
  private reaches(l: Float64Array, i: number, p: Position): boolean {
    const P = this.params;
    const hours = (p.t - l[i * 3]!) / HOUR_MS;
    if (hours > P.maxHours) return false;
    return flatNm(l[i * 3 + 1]!, l[i * 3 + 2]!, p.lat, p.lon) <= Math.sqrt(hours * hours + P.bufferHours * P.bufferHours) * P.maxKnots;
  }

  /** Forget MMSIs silent for more than maxHours before `t` (a long live run keeps no vessel forever). */
  expire(t: number): void {
    const limit = this.params.maxHours * HOUR_MS;
    for (const [mmsi, l] of this.last) {
      // the places are in the order of their last fix: the newest is the last in use
      if (t - l[(this.places.get(mmsi)! - 1) * 3]! > limit) {
        this.last.delete(mmsi);
        this.places.delete(mmsi);
      }
    }
  }

  /** End of a batch: nothing is held. */
  flush(): void {}

  /** As Segmenter.forget: before a save at feed time `t`. */
  forget(t: number): void {
    this.dedup?.forget?.(t);
  }

  private reject(reason: RejectReason): null {
    this.stats.rejected.add(reason);
    this.lastReason = reason;
    return null;
  }
}
