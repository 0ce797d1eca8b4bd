/**
 * The track shape of one segment, which `circle` and `hairpin` read: a ring of at most RING
 * samples in one typed array (t, lat, lon, turn per sample), so thousands of moving vessels
 * cost no garbage-collected objects. A sample is taken while moving faster than
 * `shapeMinSpeedKn`, at most every MIN_SAMPLE_MS and SAMPLE_M apart; the turn between
 * successive legs is summed over `shapeWindowH`. Shapes are followed per segment, so two
 * transmitters sharing an MMSI do not draw zig-zags together.
 */
import type { Position } from '../../records.js';
import { HOUR_MS, type DetectContext } from '../context.js';
import { D2R, M_PER_DEG_LAT, angleDiff } from '../../geo/distance.js';

export interface Shape {
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
  /** times of recent course reversals (hairpin) */
  revTimes: number[];
}

/** A new sample: the turn from the previous leg (degrees) and the leg's length (metres). */
export interface Sample {
  turn: number;
  legM: number;
  /** time since the previous sample, ms */
  dtMs: number;
}

const SAMPLE_M = 150;
const MIN_SAMPLE_MS = 30_000;
/** samples kept per segment (with 30 s / 150 m spacing, 2 h to 6 h of track) */
export const RING = 256;

export function newShape(): Shape {
  return { ring: null, head: 0, n: 0, lastT: Number.NaN, lastLat: 0, lastLon: 0, lastBearing: Number.NaN, turnSum: 0, checkedAt: 0, revTimes: [] };
}

/** Add fix p to the shape when it makes a sample; null when it does not. */
export function sampleShape(ctx: DetectContext, sh: Shape, p: Position): Sample | null {
  const P = ctx.params.spoofing;
  if ((p.sog ?? 0) < P.shapeMinSpeedKn) return null;
  const has = sh.n > 0;
  // at most one sample every MIN_SAMPLE_MS: dense terrestrial feeds add nothing to a shape
  if (has && p.t - sh.lastT < MIN_SAMPLE_MS) return null;
  let legM = 0;
  let turn = 0;
  const dtMs = has ? p.t - sh.lastT : 0;
  if (has) {
    // flat-earth leg: one cos and one atan2 per sample (legs are short)
    const dy = p.lat - sh.lastLat;
    const dx = (p.lon - sh.lastLon) * Math.cos(p.lat * D2R);
    legM = Math.sqrt(dx * dx + dy * dy) * M_PER_DEG_LAT;
    if (legM < SAMPLE_M) return null;
    if (p.t - sh.lastT > HOUR_MS) {
      // a long silence breaks the shape
      sh.n = 0;
      sh.turnSum = 0;
      sh.checkedAt = 0;
      sh.revTimes.length = 0;
      sh.lastBearing = Number.NaN;
    } else {
      const b = Math.atan2(dx, dy) / D2R;
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
  return { turn, legM, dtMs };
}
