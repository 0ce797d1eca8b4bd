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
 */
import type { Position } from '../../records.js';
import type { DetectContext } from '../context.js';
import { D2R, M_PER_DEG_LAT, flatM } from '../../geo/distance.js';
import { sign, type Runs } from './runs.js';
import { RING, type Shape } from './shape.js';

/** samples a circle is judged on, at least */
const MIN_SAMPLES = 12;
/** a turn this sharp against the circle's way is a reversal */
const REVERSAL_DEG = 120;
/** the samples' spread about the centre: smaller axis / larger axis (variances), at least */
const MIN_ROUND = 0.5;

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
  if (!(Math.abs(acc) >= P.circleTurnDeg && k >= MIN_SAMPLES)) return;
  let reversals = 0;
  for (let i = sh.n - k; i < sh.n; i++) {
    const turn = ring[((sh.head + i) % RING) * 4 + 3]!;
    if (Math.abs(turn) >= REVERSAL_DEG && Math.sign(turn) !== Math.sign(acc)) reversals++;
  }
  if (reversals * 5 > k) return;
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
  // round, not long: the spread's smaller axis at least MIN_ROUND of the larger (eigenvalues)
  const half = (sxx + syy) / 2;
  const r = Math.sqrt(((sxx - syy) / 2) ** 2 + sxy * sxy);
  const round = half + r > 0 ? (half - r) / (half + r) : 0;
  if (m >= P.circleMinRadiusM && sd / m <= P.circleMaxRadiusCv && round >= MIN_ROUND) {
    const run = sign(p.mmsi, st, 'circle', p, {});
    run.extra['radiusM'] = Math.round(m);
    run.extra['turnDeg'] = Math.round(acc);
  }
}
