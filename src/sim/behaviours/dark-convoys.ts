/**
 * Dark convoys among satellite detections (`detections: true` with `darkConvoys: true`): coal
 * barges with no AIS at all, in line astern out of the Nampo approaches toward a Chinese port,
 * seen only by the passes (detections.ts), and the groups of dark detections that are not
 * convoys. Nothing here has an AIS track: the groups are placed where no simulated vessel is
 * within 5 km around a pass's time, so no detection of theirs can be matched to AIS.
 *   - `dark_convoy`: 3-5 barges 500-1200 m apart (each a little to one side) at 5-8 kn on
 *     the course to DALIAN, DANDONG or YANTAI; the first planted is under way across two
 *     successive passes, the second in one pass only. Every barge detected in every pass it is
 *     under way in.
 *   - `scattered` (mustNotFire convoy): 4-5 dark boats spread over 3-4.5 km, seen in two
 *     passes drifting and shuffling. The positions are random, so a chance line of three is
 *     possible; the next pass shows them still there, not under way.
 *   - `line_stays` (mustNotFire convoy): 4 dark boats 600-1000 m apart in a line in one pass
 *     (lighters waiting, a gillnet fleet on its line), scattered within 6 km of the same spot
 *     in the next: in a line, not moving together.
 * Groups keep 60 km from each other at every pass, 15 km from the reference anchorages, 2 km
 * from shore. Truth: `darkGroups` of ground-truth.json, with each group's detection ids.
 */
import { bearing, destination, distanceM, KN, offset, type LatLon } from '../geodesy.js';
import type { LandMask } from '../land.js';
import { anchorageDistanceM } from '../anchorages.js';
import type { Rng } from '../prng.js';
import type { TruthDarkGroup } from '../truth-types.js';
import { CHINESE_PORTS, CONVOY_ANCHORAGE_M } from './convoys.js';
import { H, type Box } from './context.js';

/** where the dark convoys are under way: west of the Nampo approaches, toward the Chinese coast */
const CONVOY_BOX: Box = { s: 38.0, n: 39.2, w: 122.8, e: 124.7 };
/** where the look-alike groups lie */
const GROUP_BOX: Box = { s: 37.6, n: 39.3, w: 122.5, e: 124.6 };
const SEPARATION_M = 60_000;

export interface Pass {
  t: number;
  scene: string;
}

export interface GroupRow {
  t: number;
  p: LatLon;
  len: number;
  conf: number;
  scene: string;
  group: number;
}

export type PlannedGroup = Omit<TruthDarkGroup, 'detections'>;

const inBox = (q: LatLon, b: Box): boolean => q.lat >= b.s && q.lat <= b.n && q.lon >= b.w && q.lon <= b.e;

/**
 * The groups and their detections. `clear(q, t)`: no simulated vessel within 5 km of q
 * around time t (detections.ts knows the plans).
 */
export function darkGroups(passes: readonly Pass[], land: LandMask, clear: (q: LatLon, t: number) => boolean, rng: Rng): { rows: GroupRow[]; groups: PlannedGroup[] } {
  const rows: GroupRow[] = [];
  const groups: PlannedGroup[] = [];
  /** every planted point, for the separation between groups */
  const placed: { q: LatLon; t: number }[] = [];
  const ok = (q: LatLon, t: number, box: Box): boolean =>
    inBox(q, box) &&
    !land.isLand(q.lat, q.lon) &&
    land.distanceToShoreM(q.lat, q.lon) >= 2000 &&
    anchorageDistanceM(q) >= CONVOY_ANCHORAGE_M &&
    clear(q, t) &&
    placed.every((x) => distanceM(x.q, q) >= SEPARATION_M);
  const iso = (t: number): string => new Date(t).toISOString().replace('.000Z', 'Z');
  if (passes.length < 2) return { rows, groups };

  // two convoys: across two passes, then in one
  for (const twoPasses of [true, false]) {
    for (let tries = 0; tries < 300; tries++) {
      const k = rng.int(0, passes.length - (twoPasses ? 2 : 1));
      const seen = twoPasses ? [passes[k]!, passes[k + 1]!] : [passes[k]!];
      const port = rng.pick(CHINESE_PORTS);
      const kn = rng.range(5, 8);
      const ts = seen[0]!.t - Math.round(rng.range(0.5, 2) * H);
      const te = seen[seen.length - 1]!.t + Math.round(rng.range(0.5, 2) * H);
      // where it is at the first pass; the start and the course follow from it
      const at0 = { lat: rng.range(CONVOY_BOX.s, CONVOY_BOX.n), lon: rng.range(CONVOY_BOX.w, CONVOY_BOX.e) };
      const brg = bearing(at0, port.p);
      const start = destination(at0, brg, -kn * KN * ((seen[0]!.t - ts) / 1000));
      const end = destination(start, brg, kn * KN * ((te - ts) / 1000));
      if (distanceM(end, port.p) < 30_000 || !land.legAtSea(start, end, 2000)) continue;
      const size = rng.int(3, 5);
      const spacing = rng.range(500, 1200);
      const slots = Array.from({ length: size }, (_, j) => ({ along: -j * spacing * (j === 0 ? 1 : rng.range(0.85, 1.15)), side: j === 0 ? 0 : rng.range(-150, 150) }));
      const pts: { q: LatLon; t: number; scene: string }[] = [];
      for (const s of seen) {
        const lead = destination(start, brg, kn * KN * ((s.t - ts) / 1000));
        for (const sl of slots) pts.push({ q: destination(destination(lead, brg, sl.along), brg + 90, sl.side), t: s.t, scene: s.scene });
      }
      if (!pts.every((x) => ok(x.q, x.t, CONVOY_BOX))) continue;
      const g = groups.length;
      for (const x of pts) rows.push({ t: x.t, p: x.q, len: rng.int(55, 95), conf: rng.range(0.75, 0.95), scene: x.scene, group: g });
      placed.push(...pts.map((x) => ({ q: x.q, t: x.t })));
      groups.push({
        kind: 'dark_convoy',
        start: iso(ts),
        end: iso(te),
        passes: seen.map((s) => s.scene),
        courseDeg: Math.round(brg),
        speedKn: Math.round(kn * 10) / 10,
        toward: port.name,
        note: `${size} dark barges ${Math.round(spacing)} m apart at ${kn.toFixed(1)} kn toward ${port.name} (CHN), seen in ${seen.length} pass${seen.length > 1 ? 'es' : ''}`,
      });
      break;
    }
  }

  // the look-alikes: in two successive passes each
  for (const kind of ['scattered', 'line_stays'] as const) {
    for (let tries = 0; tries < 300; tries++) {
      const k = rng.int(0, passes.length - 2);
      const [a, b] = [passes[k]!, passes[k + 1]!];
      const centre = { lat: rng.range(GROUP_BOX.s, GROUP_BOX.n), lon: rng.range(GROUP_BOX.w, GROUP_BOX.e) };
      const pts: { q: LatLon; t: number; scene: string }[] = [];
      const cloud = (c: LatLon, n: number, radiusM: number, s: Pass): void => {
        const here: LatLon[] = [];
        for (let i = 0, guard = 0; here.length < n && guard < 500; guard++, i++) {
          const r = radiusM * Math.sqrt(rng.next());
          const th = rng.range(0, 2 * Math.PI);
          const q = offset(c, r * Math.cos(th), r * Math.sin(th));
          if (here.every((h) => distanceM(h, q) >= 400)) here.push(q);
        }
        for (const q of here) pts.push({ q, t: s.t, scene: s.scene });
      };
      let n: number;
      if (kind === 'scattered') {
        n = rng.int(4, 5);
        cloud(centre, n, rng.range(3000, 4500), a);
        cloud(offset(centre, rng.range(-1000, 1000), rng.range(-1000, 1000)), n, rng.range(3000, 4500), b);
      } else {
        n = 4;
        const brg = rng.range(0, 180);
        const spacing = rng.range(600, 1000);
        for (let j = 0; j < n; j++) pts.push({ q: destination(destination(centre, brg, (j - 1.5) * spacing), brg + 90, rng.range(-100, 100)), t: a.t, scene: a.scene });
        cloud(centre, n, 6000, b);
      }
      if (pts.length !== 2 * n || !pts.every((x) => ok(x.q, x.t, GROUP_BOX))) continue;
      const g = groups.length;
      for (const x of pts) rows.push({ t: x.t, p: x.q, len: rng.int(18, 40), conf: rng.range(0.7, 0.9), scene: x.scene, group: g });
      placed.push(...pts.map((x) => ({ q: x.q, t: x.t })));
      groups.push({
        kind,
        start: iso(a.t),
        end: iso(b.t),
        passes: [a.scene, b.scene],
        mustNotFire: ['convoy'],
        note: kind === 'scattered' ? `${n} dark boats spread over a few km, still there in the next pass` : `${n} dark boats in a line, scattered around the same spot in the next pass`,
      });
      break;
    }
  }
  return { rows, groups };
}
