/**
 * Incremental track segmentation per MMSI, after GFW's gpsdio-segment
 * (GlobalFishingWatch/gpsdio-segment, develop: matcher.py, segmenter.py,
 * msg_processor.py; Apache-2.0), rewritten for a streaming TypeScript pipeline.
 *
 * Why: one MMSI is often used by several transmitters at once (copied or
 * default MMSIs, spoofers). Each MMSI keeps a few *open segments*; a new fix
 * joins the segment whose recent fixes predict it best (dead reckoning from
 * reported course and speed, `discrepancyNm`), or starts a new segment when
 * none can reach it at <= maxKnots, or when two segments fit about equally
 * well (ambiguity: both close, so a wrong join cannot spread). A segment with
 * no fix for maxHours closes. A fix that fits an older fix of a segment much
 * better than the newest ones drops those newer fixes as noise (lookback).
 *
 * Streaming: `push` answers at once with the segment id; fixes dropped later by
 * lookback are reported through `onDiscard`, closed segments through `onClose`.
 * Memory per MMSI is bounded: at most maxOpenSegments segments, each keeping
 * its last few fixes, plus the duplicate detector's bounded window.
 *
 * Hot path (every position of a feed): plain loops, no per-fix allocation
 * beyond the small fix record kept for lookback.
 *
 * Deviations from GFW, on purpose:
 * - a fix with unknown message type matches every transponder class (GFW:
 *   none), since many sources (CSV, JSON feeds) carry no message type;
 * - repeated moving fixes are remembered for `duplicateWindowHours`, not for
 *   the whole run, to bound memory;
 * - segment ids carry no "-1" suffix: `${mmsi}-${first fix ISO time, microseconds}Z`,
 *   bumped by 1 ms when two segments of one MMSI would start at the same time
 *   (GFW's older scheme), so ids are deterministic for a given input;
 * - GFW's short-segment weighting pairs the k-th matching segment's score with
 *   the k-th open segment's fix count (whether or not that one matched). Its
 *   regression files depend on it, so the `gfw` profile keeps it
 *   (gfwCountPairing = 1); the other profiles pair each score with its own
 *   segment's count.
 */
import type { Position, VesselStatic } from '../records.js';
import { DarkfleetError } from '../errors.js';
import { CleanCounts, Deduplicator, fixChecks, screenFix, type CheckOptions, type DuplicateCheck, type RejectReason } from './clean.js';
import { discrepancyNm, flatDistanceNm, penalizedHours, setTrig, type Fix } from './discrepancy.js';
import { segmenterParams, type SegmenterParams, type SegmenterProfile } from './params.js';
import { MmsiMap } from '../util/mmsi-map.js';

/** Transponder classes as bits, so "any in common" is one AND. */
export const CLASS_A = 1;
export const CLASS_B = 2;
const CLASS_ANY = 7;

/** Transponder class(es) a position message type stands for. Unknown type: any. */
export function transponderClass(msgType: number | undefined | null): number {
  switch (msgType) {
    case 1:
    case 2:
    case 3:
    case 5:
      return CLASS_A;
    case 18:
    case 19:
    case 24:
      return CLASS_B;
    case 27:
      return CLASS_A | CLASS_B;
    default:
      return CLASS_ANY;
  }
}

interface SegFix extends Fix {
  cls: number;
  /** score the fix joined with (0 for a segment's first fix); guards lookback */
  metric: number;
  pos: Position;
}

/**
 * A segment's recent fixes live in one Float64Array, STRIDE numbers per fix (the fields
 * below), with the Position objects alongside: a fix costs no object of its own, which on
 * 10M positions saved a gigabyte of short-lived garbage and keeps the lookback in one place.
 */
const STRIDE = 10;
const F_T = 0;
const F_LAT = 1;
const F_LON = 2;
const F_SOG = 3;
const F_COG = 4;
const F_COS = 5;
const F_UX = 6;
const F_UY = 7;
const F_CLS = 8;
const F_METRIC = 9;

interface Tally {
  value: string;
  count: number;
}

interface OpenSegment {
  id: string;
  mmsi: number;
  firstT: number;
  lastT: number;
  /** fixes added, including ones dropped later (GFW's msg_count) */
  count: number;
  discarded: number;
  cls: number;
  /** last fixes still in the segment, oldest first (lookback window): `n` of them in `buf` */
  buf: Float64Array;
  /** only when someone listens for dropped fixes (onDiscard): otherwise every fix in a window stayed alive, and the GC copied it */
  refs: (Position | undefined)[] | null;
  n: number;
  names: Tally[];
  callsigns: Tally[];
  imos: Tally[];
  // scratch of the fix being matched
  matched: boolean;
  ambiguous: boolean;
  mMetric: number;
  mHours: number;
  mDrop: number;
  w: number;
}

/** What `onClose` reports about a finished segment. */
export interface SegmentSummary {
  id: string;
  mmsi: number;
  /** epoch ms of first and last fix */
  firstT: number;
  lastT: number;
  /** fixes kept in the segment */
  positions: number;
  /** fixes dropped from it by lookback */
  discarded: number;
  /** most reported identity attached to the segment (null when none) */
  name: string | null;
  callsign: string | null;
  imo: number | null;
  /** every distinct value attached, with counts (at most 8 each) */
  identities: { names: Tally[]; callsigns: Tally[]; imos: Tally[] };
  /** why it closed */
  reason: 'max_hours' | 'ambiguous' | 'too_many_open' | 'flush';
}

interface PendingStatic {
  rec: VesselStatic;
  cls: number;
}

interface MmsiState {
  lastT: number;
  /** time encoded in the last segment id issued, for unique ids */
  lastIdT: number;
  open: OpenSegment[];
  pending: PendingStatic[];
}

export interface SegmenterOptions extends Partial<SegmenterParams> {
  /** Parameter set the overrides apply to. Default 'gfw'. */
  profile?: SegmenterProfile;
  /** verdicts on duplicates from elsewhere in place of this segmenter's own table (a parallel replay's reader keeps the one table) */
  dedup?: DuplicateCheck;
  /** Drop duplicate and repeated moving fixes (GFW does). Default true. */
  dedupe?: boolean;
  /** Reject fixes without speed (GFW does; its matcher needs speed). Default true. */
  requireSpeed?: boolean;
  /** A segment closed; it will get no more fixes. */
  onClose?: (seg: SegmentSummary) => void;
  /** A fix earlier assigned to `segmentId` was dropped from it as noise by lookback. */
  onDiscard?: (pos: Position, segmentId: string) => void;
  /** An identity report was attached to a segment (at once, or when a later fix arrived). */
  onIdentity?: (rec: VesselStatic, segmentId: string) => void;
}

export interface SegmenterStats {
  positions: number;
  assigned: number;
  rejected: CleanCounts;
  segmentsOpened: number;
  segmentsClosed: number;
  ambiguous: number;
  discarded: number;
  identityAttached: number;
  identityUnattached: number;
}

/** Six-digit-fraction ISO time, as GFW writes segment ids. */
export function segmentTime(t: number): string {
  return new Date(t).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

function tallyAdd(list: Tally[], value: string): void {
  for (const e of list) {
    if (e.value === value) {
      e.count++;
      return;
    }
  }
  if (list.length < 8) list.push({ value, count: 1 });
}

function tallyTop(list: Tally[]): string | null {
  let best: Tally | null = null;
  for (const e of list) if (!best || e.count > best.count) best = e;
  return best ? best.value : null;
}

const HOUR_MS = 3_600_000;

/**
 * Segments positions of any number of MMSIs. Feed each MMSI in time order
 * (ties allowed); different MMSIs may interleave freely.
 */
/** The scratch fix's position before the first fix is read into it. */
const NO_POSITION: Position = { mmsi: 0, t: 0, lat: 0, lon: 0, sog: null, cog: null, heading: null, navStatus: null, source: '' };

export class Segmenter {
  readonly params: Readonly<SegmenterParams>;
  readonly profile: SegmenterProfile;
  readonly stats: SegmenterStats = {
    positions: 0,
    assigned: 0,
    rejected: new CleanCounts(),
    segmentsOpened: 0,
    segmentsClosed: 0,
    ambiguous: 0,
    discarded: 0,
    identityAttached: 0,
    identityUnattached: 0,
  };
  /** Why the last `push` returned null (null after an assignment). */
  lastReason: RejectReason | null = null;

  private readonly mmsis = new MmsiMap<MmsiState>();
  private readonly dedup: DuplicateCheck | null;
  private readonly checks: CheckOptions;
  private readonly alpha0: number;
  private readonly onClose: ((seg: SegmentSummary) => void) | undefined;
  private readonly onDiscard: ((pos: Position, segmentId: string) => void) | undefined;
  private readonly onIdentity: ((rec: VesselStatic, segmentId: string) => void) | undefined;
  // the fix being assigned and a view of an older one, reused (no object per fix)
  private readonly cur: SegFix = { t: 0, lat: 0, lon: 0, sog: 0, cog: 0, cosLat: 1, ux: 0, uy: 1, cls: 0, metric: 0, pos: NO_POSITION };
  private readonly prev: Fix = { t: 0, lat: 0, lon: 0, sog: 0, cog: 0, cosLat: 1, ux: 0, uy: 1 };
  // best match of the last matchSegment call (avoids allocating a result)
  private mMetric = 0;
  private mHours = 0;
  private mDrop = 0;

  constructor(opts: SegmenterOptions = {}) {
    const { profile = 'gfw', dedupe = true, requireSpeed = true, onClose, onDiscard, onIdentity, dedup, ...over } = opts;
    this.profile = profile;
    this.params = Object.freeze(segmenterParams(profile, over));
    this.dedup = dedup ?? (dedupe ? new Deduplicator({ windowHours: this.params.duplicateWindowHours }) : null);
    this.checks = fixChecks(this.params.useCourse !== 0, requireSpeed);
    this.alpha0 = this.params.maxKnots / this.params.penaltySpeed;
    this.onClose = onClose;
    this.onDiscard = onDiscard;
    this.onIdentity = onIdentity;
  }

  /**
   * Assign one position; returns its segment id, or null when the fix is
   * rejected (reason in `lastReason` and `stats.rejected`): invalid fields,
   * duplicate, or noise (a coarse type 27 fix right after a better one).
   * Throws DarkfleetError 'track_unsorted' when the MMSI goes back in time.
   */
  push(p: Position): string | null {
    this.stats.positions++;
    const st = this.stateFor(p.mmsi, p.t);
    const bad = screenFix(p, this.checks, this.dedup);
    if (bad) return this.reject(bad);
    const P = this.params;
    const f = this.cur;
    f.t = p.t;
    f.lat = p.lat;
    f.lon = p.lon;
    f.sog = p.sog ?? 0;
    f.cog = p.cog == null || p.cog >= 360 ? NaN : p.cog;
    setTrig(f);
    f.cls = transponderClass(p.msgType);
    f.metric = 0;
    f.pos = p;

    let seg: OpenSegment | null = null;
    if (st.open.length > 0) {
      // close segments that have been silent too long: nothing can join them now
      for (let i = st.open.length - 1; i >= 0; i--) {
        const s = st.open[i]!;
        if ((p.t - s.lastT) / HOUR_MS > P.maxHours) this.close(st, i, 'max_hours');
      }
      // score every open segment; results live on the segments (no allocation)
      let nMatch = 0;
      let best: OpenSegment | null = null;
      for (const s of st.open) {
        s.matched = this.matchSegment(s, f);
        if (s.matched) {
          s.mMetric = this.mMetric;
          s.mHours = this.mHours;
          s.mDrop = this.mDrop;
          if (nMatch++ === 0) best = s;
        }
      }
      let ambiguous = false;
      let hours = best ? best.mHours : 0;
      if (nMatch > 1) {
        // short segments are less trustworthy: weight by a / sqrt(1 + a^2), a = count / threshold
        let k = 0;
        let bestW = -1;
        for (const s of st.open) {
          if (!s.matched) continue;
          // GFW pairs the k-th matching segment's score with the k-th *open*
          // segment's count (its filter keeps all segments); its regression
          // output depends on that, so the gfw profile reproduces it
          const counted = P.gfwCountPairing ? st.open[k]! : s;
          k++;
          const a = counted.count / P.shortSegThreshold;
          s.w = (s.mMetric * a) / Math.sqrt(1 + a * a);
          if (s.w > bestW) {
            bestW = s.w;
            best = s;
          }
        }
        hours = best!.mHours;
        // ambiguous when another candidate scores within ambiguityFactor of the best
        for (const s of st.open) {
          if (!s.matched || s === best) continue;
          if (s.w * P.ambiguityFactor >= bestW) {
            ambiguous = true;
            s.ambiguous = true;
            if (s.mHours < hours) hours = s.mHours;
          } else s.ambiguous = false;
        }
        best!.ambiguous = ambiguous;
      }
      if (best) {
        // type 27 fixes are coarse (1/10 minute): use them only where nothing better is near in time
        if (p.msgType === 27 && hours < P.minType27Hours) return this.reject('noise');
        if (ambiguous) {
          this.stats.ambiguous++;
          for (let i = st.open.length - 1; i >= 0; i--) {
            const s = st.open[i]!;
            if (s.matched && s.ambiguous) this.close(st, i, 'ambiguous');
          }
        } else {
          seg = best;
          f.metric = best.mMetric;
          if (best.mDrop > 0) this.dropRecent(seg, best.mDrop);
        }
      }
    }
    if (!seg) seg = this.openSegment(st, f);
    else this.append(seg, f);
    if (st.pending.length > 0) this.attachPending(st, seg, f);
    this.stats.assigned++;
    this.lastReason = null;
    return seg.id;
  }

  /**
   * Attach an identity report (type 5 / 19 / 24) to the open segment of its
   * MMSI it fits: one with a fix of the same transponder class within
   * identityWindowMinutes, preferring a segment that already carries this name
   * or callsign, then the nearest in time. Returns the segment id, or null when
   * none fits yet; it then waits (bounded) for the next fitting fix and is
   * reported through `onIdentity` if one comes.
   * `msgType` gives the class when known; otherwise a report with IMO,
   * destination or draught is class A (only type 5 carries them).
   */
  pushStatic(rec: VesselStatic, msgType?: number): string | null {
    const st = this.stateFor(rec.mmsi, rec.t);
    let cls = transponderClass(msgType);
    if (cls === CLASS_ANY && (rec.imo != null || rec.destination != null || rec.draught != null)) cls = CLASS_A;
    const windowMs = this.params.identityWindowMinutes * 60_000;
    let best: OpenSegment | null = null;
    let bestScore = Infinity;
    for (const s of st.open) {
      if ((s.cls & cls) === 0) continue;
      const dt = rec.t - s.lastT;
      if (dt > windowMs) continue;
      const sameName =
        (rec.name != null && tallyTop(s.names) === rec.name) || (rec.callsign != null && tallyTop(s.callsigns) === rec.callsign);
      const score = (sameName ? 0 : 1e15) + dt;
      if (score < bestScore) {
        bestScore = score;
        best = s;
      }
    }
    if (best) {
      this.attach(best, rec);
      return best.id;
    }
    this.prunePending(st, rec.t);
    if (st.pending.length >= 16) {
      st.pending.shift();
      this.stats.identityUnattached++;
    }
    st.pending.push({ rec, cls });
    return null;
  }

  /** Ids of the open segments of an MMSI, oldest first. */
  openSegments(mmsi: number): string[] {
    return (this.mmsis.get(mmsi)?.open ?? []).map((s) => s.id);
  }

  /**
   * Close every segment silent for more than maxHours before `t` (epoch ms, the
   * feed's current time) and forget MMSIs left with nothing open, so a long
   * live run does not keep every vessel ever seen.
   */
  expire(t: number): void {
    const limit = this.params.maxHours * HOUR_MS;
    for (const [mmsi, st] of this.mmsis) {
      for (let i = st.open.length - 1; i >= 0; i--) if (t - st.open[i]!.lastT > limit) this.close(st, i, 'max_hours');
      this.prunePending(st, t);
      if (st.open.length === 0 && st.pending.length === 0 && t - st.lastT > limit) {
        this.mmsis.delete(mmsi);
      }
    }
  }

  /** Before a save at feed time `t` (every fix before it pushed, none after): the de-duplication drops fixes no later one can repeat. */
  forget(t: number): void {
    this.dedup?.forget?.(t);
  }

  /** Close all open segments (end of a batch). The segmenter stays usable. */
  flush(): void {
    for (const st of this.mmsis.values()) {
      for (let i = st.open.length - 1; i >= 0; i--) this.close(st, i, 'flush');
      this.stats.identityUnattached += st.pending.length;
      st.pending.length = 0;
    }
  }

  private stateFor(mmsi: number, t: number): MmsiState {
    let st = this.mmsis.get(mmsi);
    if (!st) {
      st = { lastT: t, lastIdT: -Infinity, open: [], pending: [] };
      this.mmsis.set(mmsi, st);
    } else if (t < st.lastT) {
      throw new DarkfleetError(
        'track_unsorted',
        `MMSI ${mmsi}: record at ${new Date(t).toISOString()} arrived after ${new Date(st.lastT).toISOString()}; ` +
          'the segmenter needs each MMSI in time order: sort the input (sortPositions) or pass it through a ReorderBuffer',
      );
    }
    st.lastT = t;
    return st;
  }

  private reject(reason: RejectReason): null {
    this.stats.rejected.add(reason);
    this.lastReason = reason;
    return null;
  }

  /**
   * Score how well fix `f` continues segment `s` (GFW `_compute_segment_match`):
   * exp(-(alpha0 * d / dmax)^2) / padded hours, where d is the discrepancy and
   * dmax = padded hours * maxKnots; 0 beyond dmax. Comparing with the k-th
   * older fix divides the score by 2k and must beat the score the dropped fix
   * joined with. Sets mMetric/mHours/mDrop; false when nothing matches.
   */
  private matchSegment(s: OpenSegment, f: SegFix): boolean {
    const P = this.params;
    const b = s.buf;
    const n = s.n;
    const look = n < P.lookback ? n : P.lookback;
    let cls = 0;
    for (let i = 0; i < look; i++) cls |= b[(n - 1 - i) * STRIDE + F_CLS]!;
    const weight = (cls & f.cls) !== 0 ? 1 : P.transponderMismatchWeight;
    const prev = this.prev;
    let best = 0;
    let found = false;
    for (let i = 0; i < look; i++) {
      const o = (n - 1 - i) * STRIDE;
      const hours = (f.t - b[o + F_T]!) / HOUR_MS;
      if (hours > P.maxHours) break;
      const existing = i === 0 ? 0 : b[o + STRIDE + F_METRIC]!;
      const padded = Math.sqrt(hours * hours + P.bufferHours * P.bufferHours);
      const div = i * P.lookbackFactor > 1 ? i * P.lookbackFactor : 1;
      // the score can be at most weight / padded: skip the geometry when even that loses
      const upper = weight / padded / div;
      if (upper <= existing || upper <= best) continue;
      prev.t = b[o + F_T]!;
      prev.lat = b[o + F_LAT]!;
      prev.lon = b[o + F_LON]!;
      prev.sog = b[o + F_SOG]!;
      prev.cog = b[o + F_COG]!;
      prev.cosLat = b[o + F_COS]!;
      prev.ux = b[o + F_UX]!;
      prev.uy = b[o + F_UY]!;
      const disc = P.useCourse
        ? discrepancyNm(prev, f, penalizedHours(hours, P.penaltyHours, P.hoursExp), P.shapeFactor)
        : flatDistanceNm(prev, f);
      const maxAllowed = padded * P.maxKnots;
      if (disc > maxAllowed) continue;
      const alpha = (this.alpha0 * disc) / maxAllowed;
      const metric = (Math.exp(-alpha * alpha) / padded) * weight;
      if (metric <= 0) continue;
      const lb = metric / div;
      if (lb <= existing || lb <= best) continue;
      best = lb;
      found = true;
      this.mMetric = metric;
      this.mHours = hours;
      this.mDrop = i;
    }
    return found;
  }

  private dropRecent(s: OpenSegment, k: number): void {
    s.n -= k;
    s.discarded += k;
    this.stats.discarded += k;
    const refs = s.refs;
    if (!refs) return;
    for (let i = s.n; i < s.n + k; i++) {
      const pos = refs[i]!;
      refs[i] = undefined;
      this.onDiscard?.(pos, s.id);
    }
  }

  private append(s: OpenSegment, f: SegFix): void {
    this.write(s, f);
    s.count++;
    s.cls |= f.cls;
  }

  /** Adds the fix to the window (as GFW: past 2 * lookback + 8 fixes, keep the last lookback + 4). */
  private write(s: OpenSegment, f: SegFix): void {
    const o = s.n * STRIDE;
    const b = s.buf;
    b[o + F_T] = f.t;
    b[o + F_LAT] = f.lat;
    b[o + F_LON] = f.lon;
    b[o + F_SOG] = f.sog;
    b[o + F_COG] = f.cog;
    b[o + F_COS] = f.cosLat!;
    b[o + F_UX] = f.ux!;
    b[o + F_UY] = f.uy!;
    b[o + F_CLS] = f.cls;
    b[o + F_METRIC] = f.metric;
    const refs = s.refs;
    if (refs) refs[s.n] = f.pos;
    s.n++;
    s.lastT = f.t;
    const L = this.params.lookback;
    if (s.n > 2 * L + 8) {
      const keep = L + 4;
      const from = s.n - keep;
      b.copyWithin(0, from * STRIDE, s.n * STRIDE);
      if (refs) {
        for (let i = 0; i < keep; i++) refs[i] = refs[from + i];
        for (let i = keep; i < s.n; i++) refs[i] = undefined;
      }
      s.n = keep;
    }
  }

  private openSegment(st: MmsiState, f: SegFix): OpenSegment {
    while (st.open.length >= this.params.maxOpenSegments) {
      let oldest = 0;
      for (let i = 1; i < st.open.length; i++) if (st.open[i]!.lastT < st.open[oldest]!.lastT) oldest = i;
      this.close(st, oldest, 'too_many_open');
    }
    const idT = f.t > st.lastIdT ? f.t : st.lastIdT + 1;
    st.lastIdT = idT;
    // room for 2 * lookback + 9 fixes, the most `write` holds before it compacts
    const cap = 2 * this.params.lookback + 9;
    const s: OpenSegment = {
      id: `${f.pos.mmsi}-${segmentTime(idT)}`,
      mmsi: f.pos.mmsi,
      firstT: f.t,
      lastT: f.t,
      count: 1,
      discarded: 0,
      cls: f.cls,
      buf: new Float64Array(cap * STRIDE),
      refs: this.onDiscard ? new Array<Position | undefined>(cap).fill(undefined) : null,
      n: 0,
      names: [],
      callsigns: [],
      imos: [],
      matched: false,
      ambiguous: false,
      mMetric: 0,
      mHours: 0,
      mDrop: 0,
      w: 0,
    };
    this.write(s, f);
    st.open.push(s);
    this.stats.segmentsOpened++;
    return s;
  }

  private close(st: MmsiState, i: number, reason: SegmentSummary['reason']): void {
    const s = st.open[i]!;
    st.open.splice(i, 1);
    this.stats.segmentsClosed++;
    if (!this.onClose) return;
    const imo = tallyTop(s.imos);
    this.onClose({
      id: s.id,
      mmsi: s.mmsi,
      firstT: s.firstT,
      lastT: s.lastT,
      positions: s.count - s.discarded,
      discarded: s.discarded,
      name: tallyTop(s.names),
      callsign: tallyTop(s.callsigns),
      imo: imo == null ? null : Number(imo),
      identities: { names: s.names, callsigns: s.callsigns, imos: s.imos },
      reason,
    });
  }

  private attach(s: OpenSegment, rec: VesselStatic): void {
    if (rec.name) tallyAdd(s.names, rec.name);
    if (rec.callsign) tallyAdd(s.callsigns, rec.callsign);
    if (rec.imo != null) tallyAdd(s.imos, String(rec.imo));
    this.stats.identityAttached++;
    this.onIdentity?.(rec, s.id);
  }

  private prunePending(st: MmsiState, t: number): void {
    const windowMs = this.params.identityWindowMinutes * 60_000;
    while (st.pending.length > 0 && t - st.pending[0]!.rec.t > windowMs) {
      st.pending.shift();
      this.stats.identityUnattached++;
    }
  }

  private attachPending(st: MmsiState, s: OpenSegment, f: SegFix): void {
    this.prunePending(st, f.t);
    for (let i = 0; i < st.pending.length; ) {
      const pd = st.pending[i]!;
      if ((pd.cls & f.cls) !== 0) {
        st.pending.splice(i, 1);
        this.attach(s, pd.rec);
      } else i++;
    }
  }
}
