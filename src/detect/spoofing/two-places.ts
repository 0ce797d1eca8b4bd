/**
 * `two_places`: the track segmenter (GFW gpsdio-segment) keeps two open segments for the
 * MMSI, and a fix of one lies farther from the other's latest fix (at most `clashWindowMin`
 * older) than `maxKnots` allows (AISdb's 50 kn) and at least `minClashDistanceM` away: two
 * transmitters share it. Each side needs `minFixesPerSide` distinct fixes: one corrupt fix (a
 * latitude off by 40 degrees once) or one late satellite report stamped with its downlink time
 * is not a second transmitter. The run is an event only when the two alternated both ways
 * (A, B, A and B, A, B): a track that went somewhere else and came back (seed 1802: a ship's
 * positions spoofed 30 km inland for 1.5 h, the real track resuming 18 min after the last inland
 * fix) is one transmitter, reported by what it did there (on_land), not two at once.
 */
import type { Position } from '../../records.js';
import { MIN_MS, type DetectContext } from '../context.js';
import { flatM, knots } from '../../geo/distance.js';
import { positionId } from '../../events.js';
import { sign, type Runs } from './runs.js';

/** The latest fix of one open segment. */
export interface SegLast {
  t: number;
  lat: number;
  lon: number;
  /** distinct fixes the segment has had */
  n: number;
}

/** Fix p of segment `segId` against the other open segments of its MMSI: at most one clash sign. */
export function checkTwoPlaces(ctx: DetectContext, st: Runs, segs: ReadonlyMap<string, SegLast>, p: Position, segId: string, known: boolean): void {
  const P = ctx.params.spoofing;
  if (segs.size <= (known ? 1 : 0)) return;
  // this fix's side: the fixes its segment had before it, and this one
  const me = segs.get(segId);
  const mine = (me?.n ?? 0) + 1;
  if (mine < P.minFixesPerSide) return;
  for (const [id, o] of segs) {
    if (id === segId || o.n < P.minFixesPerSide || p.t - o.t > P.clashWindowMin * MIN_MS) continue;
    const d = flatM(o.lat, o.lon, p.lat, p.lon);
    if (d < P.minClashDistanceM) continue;
    const kn = knots(d, Math.max(1000, p.t - o.t));
    if (kn <= P.maxKnots) continue;
    const run = sign(p.mmsi, st, 'two_places', p, {});
    if (kn > run.maxSpeedKn) run.maxSpeedKn = kn;
    if (d > run.maxDistanceM) run.maxDistanceM = d;
    run.ids.push(positionId(p.mmsi, o.t));
    // the other was heard between this segment's last two fixes: this one is the outer of an
    // alternation (this, other, this)
    if (me && me.t < o.t && !run.outer.includes(segId) && run.outer.length < 2) run.outer.push(segId);
    break;
  }
}
