/**
 * `circle`: the track turns one way through `circleTurnDeg` (two loops) within
 * `shapeWindowH` at near-constant distance from its centre (spread / mean distance at most
 * `circleMaxRadiusCv`), at least `circleMinRadiusM` from it, over at least 12 samples: the
 * perfect circles spoofing software draws.
 * - One way: at most one turn in five is a sharp one (120 deg or more) against the net turn. A
 *   circle turns sharply against itself only where a loop is sampled about twice (~150-160 deg
 *   each time, always the same way) and a report is lost: the longer leg turns the other way
 *   (seed 509: 2 of 14).
 * - Round: the samples spread about the centre as much one way as across (smaller axis of
 *   their spread >= MIN_ROUND of the larger). A trawler towing zig-zags sampled every 10 min
 *   turns +-150-180 deg, runs of them the same way by chance, and their sum wanders past two
 *   loops; but its fixes lie along its tow line (seed 306).
 * - Not small: a trawler turning at random inside its 300 m cell of a dense fleet goes round
 *   loops of ~100 m radius (seed 606 with detections: 287 false circles).
 * - Round the centre: the samples' bearings from the centre advance, in sum, through half of
 *   circleTurnDeg. A trawler's zig-zags sampled every 10 min turn +-120-180 deg between chords,
 *   their sum passed two loops and their fixes lay round (seed 2306: 19 samples, chords 745 deg),
 *   but seen from the centre they went back and forth (28, -17, 128, -108 ... deg: 24 deg in
 *   all); a circle's go one way (-900 deg over 11 steps), and position noise cancels in the sum.
 */
import type { Position } from '../../records.js';
import { HOUR_MS, type DetectContext } from '../context.js';
import { D2R, M_PER_DEG_LAT, M_PER_NM, angleDiff, flatBearingDeg, flatM } from '../../geo/distance.js';
import { sign, type Runs } from './runs.js';
import { RING, type Shape } from './shape.js';

/** samples a circle is judged on, at least */
const MIN_SAMPLES = 12;
/** a turn this sharp against the circle's way is a reversal */
const REVERSAL_DEG = 120;
/** the samples' spread about the centre: smaller axis / larger axis (variances), at least */
const MIN_ROUND = 0.5;
/** sparse test: a step around the centre this far from what the reported speed covers is no circle, degrees */
const SPARSE_TOL_DEG = 50;
/**
 * sparse test: a step expected to turn further than a loop could hide whole loops more or less
 * (a 10 % speed error is 36 deg on a loop), degrees
 */
const SPARSE_MAX_STEP_DEG = 360;

/** The newest k samples' centre, mean distance from it, its spread and their roundness. */
interface Fit {
  cx: number;
  cy: number;
  m: number;
  sd: number;
  round: number;
}

function fit(sh: Shape, k: number): Fit {
  const ring = sh.ring!;
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
  // the spread about the centre, east-west, north-south and across (metres squared)
  const kx = M_PER_DEG_LAT * Math.cos(cx * D2R);
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  for (let i = sh.n - k; i < sh.n; i++) {
    const j = ((sh.head + i) % RING) * 4;
    const d = flatM(cx, cy, ring[j + 1]!, ring[j + 2]!);
    m += d;
    m2 += d * d;
    const dy = (ring[j + 1]! - cx) * M_PER_DEG_LAT;
    const dx = (ring[j + 2]! - cy) * kx;
    sxx += dx * dx;
    syy += dy * dy;
    sxy += dx * dy;
  }
  m /= k;
  const sd = Math.sqrt(Math.max(0, m2 / k - m * m));
  // round, not long: the spread's smaller axis against the larger (eigenvalues)
  const half = (sxx + syy) / 2;
  const r = Math.sqrt(((sxx - syy) / 2) ** 2 + sxy * sxy);
  return { cx, cy, m, sd, round: half + r > 0 ? (half - r) / (half + r) : 0 };
}

const isCircle = (P: DetectContext['params']['spoofing'], f: Fit): boolean => f.m >= P.circleMinRadiusM && f.sd / f.m <= P.circleMaxRadiusCv && f.round >= MIN_ROUND;

/** How far the newest k samples' bearings from the centre advance in sum, degrees (signed). */
function aroundCentre(sh: Shape, k: number, f: Fit): number {
  const ring = sh.ring!;
  let sum = 0;
  let prev = Number.NaN;
  for (let i = sh.n - k; i < sh.n; i++) {
    const j = ((sh.head + i) % RING) * 4;
    const a = flatBearingDeg(f.cx, f.cy, ring[j + 1]!, ring[j + 2]!);
    if (!Number.isNaN(prev)) sum += angleDiff(prev, a);
    prev = a;
  }
  return sum;
}

/**
 * After a new sample. The test is O(window): it runs once per 90 deg of further net turning,
 * on the newest samples that turned through circleTurnDeg (a straight approach before the
 * circles must not spoil the centre).
 */
export function checkCircle(ctx: DetectContext, st: Runs, sh: Shape, p: Position): void {
  const P = ctx.params.spoofing;
  if (Math.abs(sh.turnSum - sh.checkedAt) < 90) return;
  const ring = sh.ring!;
  sh.checkedAt = sh.turnSum;
  // the newest samples that turned through circleTurnDeg, and at least MIN_SAMPLES of them: a
  // sparse feed (satellite, a report every 10 min) samples a loop of a few km only 3-4 times,
  // so two loops are too few points for a centre; it takes more loops instead
  let acc = 0;
  let k = 0;
  while (k < sh.n && (Math.abs(acc) < P.circleTurnDeg || k < MIN_SAMPLES)) {
    acc += ring[((sh.head + sh.n - 1 - k) % RING) * 4 + 3]!;
    k++;
  }
  let reversals = 0;
  for (let i = sh.n - k; i < sh.n; i++) {
    const turn = ring[((sh.head + i) % RING) * 4 + 3]!;
    if (Math.abs(turn) >= REVERSAL_DEG && Math.sign(turn) !== Math.sign(acc)) reversals++;
  }
  const turned = Math.abs(acc) >= P.circleTurnDeg && k >= MIN_SAMPLES && reversals * 5 <= k;
  const f = turned ? fit(sh, k) : null;
  if (f && isCircle(P, f) && Math.abs(aroundCentre(sh, k, f)) >= P.circleTurnDeg / 2) return mark(st, p, f.m, acc);
  const sparse = sparseCircle(P, sh, p.sog ?? Number.NaN);
  if (sparse) mark(st, p, sparse.m, sparse.turn);
}

function mark(st: Runs, p: Position, radiusM: number, turnDeg: number): void {
  const run = sign(p.mmsi, st, 'circle', p, {});
  run.extra['radiusM'] = Math.round(radiusM);
  run.extra['turnDeg'] = Math.round(turnDeg);
}

/**
 * A loop sampled fewer than four times, with reports lost: the turn between chords aliases
 * (a 15-min report on a 42-min loop turns 128 deg, across a lost one 257 deg, which reads as
 * -103, and the chords around it turn sharply back: seed 701, a 1.6 km circle at ~2.8 samples
 * a loop, 20 % loss). Around the centre of the newest samples each step should advance by the
 * arc its reported speed covers in its time (sog x dt / radius); each observed step is taken
 * with the whole turns that bring it nearest that, one way round. A circle: every step within
 * SPARSE_TOL_DEG of it, both ways tried, at least circleTurnDeg in all, no step longer than a
 * loop (beyond, whole loops could hide in it), and round, as above. Each step lands at the
 * phase constant speed puts it, to within 50 of 360 deg: by chance, 12 samples would all do so
 * once in a million.
 */
function sparseCircle(P: DetectContext['params']['spoofing'], sh: Shape, sog: number): { m: number; turn: number } | null {
  if (!(sog > 0) || sh.n < MIN_SAMPLES) return null;
  const ring = sh.ring!;
  // sparse at all: the newest step covers a quarter loop of the smallest circle (dense feeds
  // never pay for the fits below)
  const last = ((sh.head + sh.n - 1) % RING) * 4;
  const prev = ((sh.head + sh.n - 2) % RING) * 4;
  const mPerMs = (sog * M_PER_NM) / HOUR_MS;
  if ((ring[last]! - ring[prev]!) * mPerMs < (Math.PI / 2) * P.circleMinRadiusM) return null;
  for (let k = MIN_SAMPLES; k <= sh.n; k += 4) {
    const f = fit(sh, k);
    if (!isCircle(P, f)) continue;
    // each step: the turn seen round the centre (-180, 180] and the turn its speed makes, one way
    const seen: number[] = [];
    const made: number[] = [];
    let prevA = Number.NaN;
    let prevT = 0;
    for (let i = sh.n - k; i < sh.n; i++) {
      const j = ((sh.head + i) % RING) * 4;
      const a = flatBearingDeg(f.cx, f.cy, ring[j + 1]!, ring[j + 2]!);
      if (!Number.isNaN(prevA)) {
        seen.push(angleDiff(prevA, a));
        made.push(((ring[j]! - prevT) * mPerMs) / f.m / D2R);
      }
      prevA = a;
      prevT = ring[j]!;
    }
    if (made.some((x) => x > SPARSE_MAX_STEP_DEG) || !made.some((x) => x > 90)) continue;
    for (const way of [1, -1]) {
      let turn = 0;
      let ok = true;
      for (let i = 0; i < seen.length && ok; i++) {
        const expect = made[i]! * way;
        const off = angleDiff(expect, seen[i]!);
        if (Math.abs(off) > SPARSE_TOL_DEG) ok = false;
        turn += expect + off;
      }
      // dense sampling (no step of more than 90 deg, above) is the chord test's: this one is for what it cannot read
      if (ok && Math.abs(turn) >= P.circleTurnDeg) return { m: f.m, turn };
    }
  }
  return null;
}
