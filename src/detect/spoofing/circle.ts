/**
 * `circle`: the track turns one way through `circleTurnDeg` (two loops) within
 * `shapeWindowH` at near-constant distance from its centre (spread / mean distance at most
 * `circleMaxRadiusCv`), over at least 12 samples: the perfect circles spoofing software draws.
 */
import type { Position } from '../../records.js';
import type { DetectContext } from '../context.js';
import { flatM } from '../../geo/distance.js';
import { sign, type Runs } from './runs.js';
import { RING, type Shape } from './shape.js';

/** samples a circle is judged on, at least */
const MIN_SAMPLES = 12;

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
    const run = sign(p.mmsi, st, 'circle', p, {});
    run.extra['radiusM'] = Math.round(m);
    run.extra['turnDeg'] = Math.round(acc);
  }
}
