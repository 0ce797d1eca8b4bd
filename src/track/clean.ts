/**
 * Noise filtering for positions before (and after) segmentation:
 * - `checkPosition`: fields no real fix can have (lat 91 / lon 181 "unavailable",
 *   null island, the speed values GFW found to be almost always noise).
 * - `Deduplicator`: the same fix received twice (two receivers, satellite
 *   re-downloads) and GFW's rule that a *moving* vessel cannot report exactly
 *   the same rounded position, course, speed and heading twice.
 * - `JumpFilter`: a lone fix far off a single transmitter's track (bit errors).
 *   Run it per segment, after the segmenter: per MMSI it would delete every
 *   fix of the second ship sharing the MMSI.
 * Every rejected fix gets a reason; `CleanCounts` tallies them so nothing
 * vanishes silently.
 */
import type { Position } from '../records.js';
import { VERY_SLOW_KN, haversineNm } from './discrepancy.js';

export type RejectReason =
  | 'bad_time'
  | 'no_position'
  | 'lat_out_of_range'
  | 'lon_out_of_range'
  | 'null_island'
  | 'bad_speed'
  | 'no_speed'
  | 'no_course_moving'
  | 'duplicate'
  | 'repeated_fix'
  | 'impossible_jump'
  | 'noise';

/** Counts of rejected fixes by reason. */
export class CleanCounts {
  readonly byReason: Partial<Record<RejectReason, number>> = {};
  add(reason: RejectReason): void {
    this.byReason[reason] = (this.byReason[reason] ?? 0) + 1;
  }
  get total(): number {
    let n = 0;
    for (const v of Object.values(this.byReason)) n += v ?? 0;
    return n;
  }
}

/**
 * Reported speeds that are almost always noise rather than the vessel's speed
 * (GFW gpsdio-segment: 51.2 and 102.3 kn, and 63 kn = "unavailable" in type 27).
 */
export const NOISE_SPEED_RANGES: readonly (readonly [number, number])[] = [
  [51.15, 51.25],
  [62.95, 63.05],
  [102.25, 102.35],
];

export interface CheckOptions {
  /** Reject fixes without speed over ground (GFW does: it cannot match them). Default true. */
  requireSpeed?: boolean;
  /** Reject moving fixes without course (GFW does: it dead-reckons from course). Default true. */
  requireCourse?: boolean;
}

/** The reasons checkPosition gives (its return type: a new one must be listed here), in the order verdictCode numbers them. */
const FIELD_REASONS = ['bad_time', 'no_position', 'lat_out_of_range', 'lon_out_of_range', 'null_island', 'bad_speed', 'no_speed', 'no_course_moving'] as const;
type FieldReason = (typeof FIELD_REASONS)[number];

/**
 * Why this fix cannot be used, or null when it can. Positions should already
 * carry null for AIS "unavailable" values, but raw 91/181 are caught too.
 */
export function checkPosition(p: Position, opts: CheckOptions = {}): FieldReason | null {
  if (!Number.isFinite(p.t)) return 'bad_time';
  const { lat, lon, sog, cog } = p;
  if (lat == null || lon == null || Number.isNaN(lat) || Number.isNaN(lon)) return 'no_position';
  if (lat < -90 || lat > 90) return 'lat_out_of_range';
  if (lon < -180 || lon > 180) return 'lon_out_of_range';
  if (lat === 0 && lon === 0) return 'null_island';
  if (sog == null || Number.isNaN(sog)) {
    return opts.requireSpeed === false ? null : 'no_speed';
  }
  if (sog < 0 || sog > 102.2) return 'bad_speed';
  // an indexed loop: for-of with destructuring allocated an iterator per fix (400 MB per 1M records in a worker)
  for (let i = 0; i < NOISE_SPEED_RANGES.length; i++) {
    const r = NOISE_SPEED_RANGES[i]!;
    if (sog > r[0] && sog < r[1]) return 'bad_speed';
  }
  if (opts.requireCourse === false) return null;
  if ((cog == null || Number.isNaN(cog) || cog >= 360 || cog < 0) && sog > VERY_SLOW_KN) return 'no_course_moving';
  return null;
}

// Rounded position: lat and lon to 1/60000 degree (0.001 minute, the AIS resolution).
function latInt(lat: number): number {
  return Math.round(lat * 60000);
}
function lonInt(lon: number): number {
  return Math.round(lon * 60000);
}

// Course (0.1 deg), speed (0.1 kn) and heading (deg) packed into one 31-bit integer.
function motionKey(p: Position): number {
  const c = p.cog == null || Number.isNaN(p.cog) ? 4095 : Math.round(p.cog * 10) & 4095;
  const s = Math.min(1023, Math.max(0, Math.round((p.sog ?? 0) * 10)));
  const h = p.heading == null || Number.isNaN(p.heading) ? 511 : Math.round(p.heading) & 511;
  return (c * 1024 + s) * 512 + h;
}

/** What the de-duplication says of a fix: a Deduplicator, or verdicts reached elsewhere (src/pipeline/parallel.ts). */
export interface DuplicateCheck {
  check(p: Position): 'duplicate' | 'repeated_fix' | null;
  /** Drops what no fix at or after `t` can match (a state about to be saved: smaller, same verdicts). */
  forget?(t: number): void;
  /**
   * Both verdicts on a fix reached elsewhere, as a verdictCode (the field checks too: they
   * need not be run again), or undefined where this check has none for it.
   */
  given?(p: Position): number | undefined;
}

/** The de-duplication's verdicts, in the order verdictCode numbers them. */
const DEDUP_VERDICTS = [null, 'duplicate', 'repeated_fix'] as const;

/**
 * A fix's field check and de-duplication verdicts as one number, to send with it (a parallel
 * replay's reader decides them once for every thread): -1 - i for FIELD_REASONS[i] (the fix
 * never reached the de-duplication), else the index of the de-duplication's verdict.
 */
export function verdictCode(p: Position, checks: CheckOptions, dedup: DuplicateCheck): number {
  const bad = checkPosition(p, checks);
  return bad ? -1 - FIELD_REASONS.indexOf(bad) : DEDUP_VERDICTS.indexOf(dedup.check(p));
}

/**
 * Why a track drops this fix (the Segmenter and FixFilter alike), or null to use it: its fields
 * (checkPosition), then the de-duplication, whose verdicts count only for a moving vessel: GFW
 * keeps a still vessel's repeated report (only the very same message twice is dropped, by
 * message id, which positions do not carry): it joins its segment at zero distance and harms
 * nothing. Verdicts given with the fix (DuplicateCheck.given) are taken as they are.
 */
export function screenFix(p: Position, checks: CheckOptions, dedup: DuplicateCheck | null): RejectReason | null {
  const code = dedup?.given?.(p);
  let dup: 'duplicate' | 'repeated_fix' | null;
  if (code !== undefined) {
    if (code < 0) return FIELD_REASONS[-1 - code]!;
    dup = DEDUP_VERDICTS[code]!;
  } else {
    const bad = checkPosition(p, checks);
    if (bad) return bad;
    dup = dedup ? dedup.check(p) : null;
  }
  return dup && Math.round((p.sog ?? 0) * 10) > 0 ? dup : null;
}

/**
 * The field checks a track's fixes pass before the de-duplication sees them (Segmenter and
 * FixFilter alike): speed required only where course is used.
 */
export function fixChecks(useCourse: boolean, requireSpeed: boolean): CheckOptions {
  return { requireSpeed: requireSpeed && useCourse, requireCourse: useCourse };
}

export interface DedupOptions {
  /** Hours a fix is remembered. Default 24 (GFW runs a day at a time). */
  windowHours?: number;
  /** log2 of the table size; 2^19 slots take 8 MB. Default 19. */
  tableBits?: number;
}

/**
 * Duplicate detection for any number of MMSIs in fixed memory: a table of recent fixes, each
 * slot holding a 52-bit fingerprint of (MMSI, rounded position, course, speed, heading) and the
 * fix's time. The MMSI picks a region of REGION slots, written in turn (first in, first out):
 * a vessel (with the few that share its region) remembers its last REGION distinct fixes,
 * within the window. That is what a repeat needs: a duplicate (same time) sorts next to its
 * original, and a moving vessel's repeated fix comes from a transmitter repeating itself; on
 * the real files (DMA, NOAA, AMSA) 99.7% of moving repeats match one of the vessel's last 8
 * distinct fixes, all but 2 of 671 one of the last 16. A false alarm needs two different fixes
 * of a region to agree on 52 hash bits (about one in 10^14 lookups). Why regions: a slot
 * anywhere in the 8 MB table missed the caches on every fix (~300 ns a fix, the largest cost of
 * the replay's reading thread on a 10M-position store); a region is four cache lines, and
 * those of the vessels a feed is hearing stay cached. Why a table and not a Map per vessel:
 * typed-array reads and writes, no garbage, bounded memory. Feed each MMSI in time order.
 */
const REGION_BITS = 4;
const REGION = 1 << REGION_BITS;

export class Deduplicator implements DuplicateCheck {
  /** region count - 1 */
  private readonly regions: number;
  /** slots of 2 doubles: fingerprint, t; REGION slots a region */
  private readonly table: Float64Array;
  /** per region, the slot written next */
  private readonly next: Uint8Array;
  private readonly windowMs: number;

  constructor(opts: DedupOptions = {}) {
    const bits = Math.min(26, Math.max(REGION_BITS, opts.tableBits ?? 19));
    const size = 1 << bits;
    this.regions = (size >> REGION_BITS) - 1;
    this.table = new Float64Array(size * 2).fill(-1);
    this.next = new Uint8Array(size >> REGION_BITS);
    this.windowMs = (opts.windowHours ?? 24) * 3_600_000;
  }

  /**
   * 'duplicate': the same fix at the same time again (two receivers, a
   * re-download); 'repeated_fix': the same rounded fix at a later time, which
   * a moving vessel cannot report (GFW drops those; callers decide for still
   * vessels, see Segmenter); null otherwise.
   */
  check(p: Position): 'duplicate' | 'repeated_fix' | null {
    const la = latInt(p.lat);
    const lo = lonInt(p.lon);
    const mo = motionKey(p);
    const id = p.mmsi;
    // the region: a hash of the MMSI alone; the fingerprint: two independent 32-bit hashes of the fix
    let r = Math.imul(id ^ 0x9e3779b9, 0x85ebca6b);
    r ^= r >>> 15;
    r = Math.imul(r, 0x2c1b3c6d);
    r ^= r >>> 13;
    let h = Math.imul(r ^ la, 0xc2b2ae35);
    h = Math.imul(h ^ lo ^ (h >>> 16), 0x27d4eb2f);
    h = Math.imul(h ^ mo ^ (h >>> 15), 0x165667b1);
    h ^= h >>> 16;
    let g = Math.imul(id ^ 0x7f4a7c15, 0x2c1b3c6d);
    g = Math.imul(g ^ lo ^ (g >>> 15), 0x297a2d39);
    g = Math.imul(g ^ mo ^ (g >>> 13), 0x9e3779b1);
    g = Math.imul(g ^ la ^ (g >>> 16), 0x85ebca77);
    g ^= g >>> 15;
    const fp = (g >>> 0) * 1048576 + (h & 0xfffff);
    const tb = this.table;
    const region = r & this.regions;
    const base = region << (REGION_BITS + 1);
    for (let i = base; i < base + 2 * REGION; i += 2) {
      if (tb[i] !== fp) continue;
      const prevT = tb[i + 1]!;
      if (p.t === prevT) return 'duplicate';
      if (p.t - prevT <= this.windowMs && p.t > prevT) return 'repeated_fix';
      // out of the window: as if forgotten (forget() empties such slots, and the ring must turn
      // the same either way), the fix goes in anew
      tb[i] = -1;
      tb[i + 1] = -1;
      break;
    }
    const k = this.next[region]!;
    this.next[region] = (k + 1) & (REGION - 1);
    tb[base + 2 * k] = fp;
    tb[base + 2 * k + 1] = p.t;
    return null;
  }

  /**
   * Empties the slots of fixes older than the window before `t`: a fix at or after `t` finds
   * neither its time nor a time within the window in them, so every later verdict is the same.
   * Called before the table is saved in a checkpoint: the stale slots (half of a table that has
   * seen a few days, random fingerprints that do not compress) were most of the saved state.
   */
  forget(t: number): void {
    const tb = this.table;
    const before = t - this.windowMs;
    for (let i = 0; i < tb.length; i += 2) {
      if (tb[i + 1]! < before && tb[i + 1] !== -1) {
        tb[i] = -1;
        tb[i + 1] = -1;
      }
    }
  }
}

export interface JumpOptions {
  /** Implied speed above which a leg is impossible, knots. Default 50 (AISdb, DESIGN.md spoofing). */
  maxKnots?: number;
  /** Legs shorter than this never count as jumps (position jitter), nautical miles. Default 1. */
  minJumpNm?: number;
}

/**
 * One-fix-delay spike filter for ONE transmitter's fixes (key them by segment
 * id): fix B between A and C is an impossible jump when A->B and B->C both
 * imply more than `maxKnots` while A->C does not. Every fix comes back through
 * `emit`, with null or 'impossible_jump', one fix late; `flush` releases the
 * held fixes.
 */
export class JumpFilter<K = string> {
  private readonly held = new Map<K, { a: Position | null; b: Position }>();
  private readonly maxKnots: number;
  private readonly minJumpNm: number;

  constructor(
    private readonly emit: (p: Position, verdict: 'impossible_jump' | null) => void,
    opts: JumpOptions = {},
  ) {
    this.maxKnots = opts.maxKnots ?? 50;
    this.minJumpNm = opts.minJumpNm ?? 1;
  }

  private tooFast(p: Position, q: Position): boolean {
    const nm = haversineNm(p.lat, p.lon, q.lat, q.lon);
    if (nm < this.minJumpNm) return false;
    const h = Math.abs(q.t - p.t) / 3_600_000;
    return h === 0 || nm / h > this.maxKnots;
  }

  push(key: K, c: Position): void {
    const h = this.held.get(key);
    if (!h) {
      this.held.set(key, { a: null, b: c });
      return;
    }
    const { a, b } = h;
    let verdict: 'impossible_jump' | null = null;
    if (a && this.tooFast(a, b) && this.tooFast(b, c) && !this.tooFast(a, c)) verdict = 'impossible_jump';
    this.emit(b, verdict);
    // a spike must not become the reference for the next decision
    h.a = verdict ? a : b;
    h.b = c;
  }

  /** Release the last held fix of `key` (or of every key). */
  flush(key?: K): void {
    const keys = key === undefined ? [...this.held.keys()] : [key];
    for (const k of keys) {
      const h = this.held.get(k);
      if (!h) continue;
      this.emit(h.b, null);
      this.held.delete(k);
    }
  }
}
