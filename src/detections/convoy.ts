/**
 * Convoys among dark detections (issue H): vessels no AIS explains, seen by a satellite pass
 * in a line, like the coal barges leaving Nampo in line astern with their transponders off.
 * The AIS convoy detector (src/detect/convoy.ts) follows tracks for an hour; a pass is an
 * instant, so here a convoy is a shape in one pass and, where later passes exist, a
 * displacement between them. No published definition: the tolerances are ours.
 *
 * 1. Per pass (scene), the unmatched detections (dark_detection events; those flagged
 *    `likely_clutter` or `non_vessel` left out: clutter draws no lines) are linked within
 *    `maxSpacingM`; in each linked group a line is searched: every pair of detections proposes
 *    an axis, the detections within `maxOffsetM` of it are sorted along it and cut where two
 *    neighbours are closer than `minSpacingM` (two returns of one hull) or farther than
 *    `maxSpacingM`; a run of >= `minMembers` whose gaps differ by at most `maxSpacingRatio`
 *    (ships keeping station) is a line, refitted through its points (principal axis). The
 *    longest line is taken first, its detections removed, and the search repeats. A line
 *    within `minPortDistM` of a port or anchorage is a queue or a berth, not a convoy (the AIS
 *    rule's exclusion). A linked group of more than `maxGroup` is a crowd (a fishing ground):
 *    not searched, counted as `crowded`.
 * 2. A line is dropped when another pass within `maxPassGapH` shows >= minMembers dark
 *    detections still around it (within its half length + `maxSpacingM` + half of
 *    `minSpeedKn` times the time between): a group that stayed put is anchored, fishing or
 *    drifting, not making way together (and must not lend its line to a convoy's chain).
 * 3. Lines of successive passes (at most `maxPassGapH` apart) are one convoy when the second
 *    is where the first could have sailed: centroid displacement at `minSpeedKn`-`maxSpeedKn`,
 *    along both lines' axes (line astern: course within `maxCourseAxisDeg` of the axis), the
 *    axes within `maxAxisDiffDeg` of each other, and member counts within one (a hull missed
 *    by a pass). Linked greedily, best agreement first, each line at most once each way. A
 *    line linked to none is a convoy seen in one pass (flag `single_pass`, lower confidence).
 *
 * Each convoy is a `convoy` event like the AIS one, with `mmsi: []` (as dark_detection) and
 * the dark_detection event ids as its detections; flag `dark`, confidence 0.3-0.6 (AIS
 * convoys start at 0.5): one pass cannot tell which way the line moves, two can.
 */
import { eventId, isoTime, type Event, type EvidenceValue } from '../events.js';
import { angleDiff, bearingDeg, flatM, knots, M_PER_DEG_LAT } from '../geo/distance.js';
import { headingFor, type HeadingFor, type HeadingParams } from '../detect/convoy.js';
import type { GeoContext } from '../detect/geo-context.js';
import { median, round } from '../detect/stats.js';
import { UsageError } from '../errors.js';
import type { Store } from '../store/types.js';

export interface DarkConvoyParams extends HeadingParams {
  /** fewest detections in a line. Issue H: 3 */
  minMembers: number;
  /** neighbours in a line at least this far apart, metres (closer: two returns of one hull, or a raft) */
  minSpacingM: number;
  /** and at most this, metres (issue H: 0.3-5 km) */
  maxSpacingM: number;
  /** every detection within this of the line's axis, metres (line astern with some yaw and position error) */
  maxOffsetM: number;
  /** largest gap at most this many times the smallest (station keeping) */
  maxSpacingRatio: number;
  /** lines of two passes: the convoy made at least this, knots (slower: it stayed put) */
  minSpeedKn: number;
  /** and at most this, knots (coal barges and their tugs make 5-10) */
  maxSpeedKn: number;
  /** passes farther apart than this are not linked, hours */
  maxPassGapH: number;
  /** the two lines' axes within this, degrees */
  maxAxisDiffDeg: number;
  /** the displacement between passes along the axis within this, degrees */
  maxCourseAxisDeg: number;
  /** a line this close to a port or anchorage is a queue or berth, metres (the AIS convoy's minPortDistM) */
  minPortDistM: number;
  /**
   * a linked group of more dark detections than this is a crowd (a fishing ground, a fleet at
   * anchor, clutter): no line is searched in it (the search costs the cube of its size)
   */
  maxGroup: number;
}

export const DARK_CONVOY_DEFAULTS: Readonly<DarkConvoyParams> = {
  minMembers: 3,
  minSpacingM: 300,
  maxSpacingM: 5000,
  maxOffsetM: 350,
  maxSpacingRatio: 4,
  minSpeedKn: 2,
  maxSpeedKn: 15,
  maxPassGapH: 12,
  maxAxisDiffDeg: 20,
  maxCourseAxisDeg: 30,
  minPortDistM: 10_000,
  maxGroup: 150,
  // the AIS convoy's (src/detect/profiles.ts)
  headingMaxKm: 400,
  headingStepKm: 5,
  headingPortKm: 15,
};

export function darkConvoyParams(over: Partial<DarkConvoyParams> = {}): DarkConvoyParams {
  const p = { ...DARK_CONVOY_DEFAULTS, ...over };
  for (const [k, v] of Object.entries(p)) {
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new UsageError(`dark convoy parameter ${k} must be a finite number >= 0, got ${String(v)}`);
  }
  if (p.minMembers < 3) throw new UsageError('dark convoy minMembers must be >= 3');
  if (p.minSpacingM >= p.maxSpacingM) throw new UsageError('dark convoy minSpacingM must be below maxSpacingM');
  return p;
}

/** One dark detection as the convoy search sees it. */
interface Sighting {
  id: string;
  t: number;
  lat: number;
  lon: number;
  scene: string;
}

/** A line of one pass. */
export interface DarkLine {
  scene: string;
  /** along the axis */
  members: Sighting[];
  t0: number;
  t1: number;
  lat: number;
  lon: number;
  /** bearing of the axis, [0, 180) */
  axisDeg: number;
  lengthM: number;
  gapsM: number[];
  maxOffsetM: number;
}

const D2R = Math.PI / 180;
const axisGap = (a: number, b: number): number => {
  const d = Math.abs(angleDiff(a, b)) % 180;
  return Math.min(d, 180 - d);
};

/** The dark detections a convoy may be made of: unmatched, not flagged clutter or non-vessel. */
function sightings(events: readonly Event[]): Sighting[] {
  const out: Sighting[] = [];
  for (const e of events) {
    if (e.type !== 'dark_detection' || e.lat === null || e.lon === null) continue;
    if (e.flags.includes('likely_clutter') || e.flags.includes('non_vessel')) continue;
    const scene = typeof e.evidence.scene === 'string' ? e.evidence.scene : '';
    out.push({ id: e.id, t: Date.parse(e.start), lat: e.lat, lon: e.lon, scene });
  }
  return out;
}

interface XY {
  s: Sighting;
  x: number;
  y: number;
}

/** Principal axis of points: unit direction (dx east, dy north). */
function principalAxis(ps: readonly XY[]): { cx: number; cy: number; dx: number; dy: number } {
  let cx = 0;
  let cy = 0;
  for (const p of ps) {
    cx += p.x;
    cy += p.y;
  }
  cx /= ps.length;
  cy /= ps.length;
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  for (const p of ps) {
    sxx += (p.x - cx) ** 2;
    syy += (p.y - cy) ** 2;
    sxy += (p.x - cx) * (p.y - cy);
  }
  const th = 0.5 * Math.atan2(2 * sxy, sxx - syy);
  return { cx, cy, dx: Math.cos(th), dy: Math.sin(th) };
}

/** The runs of points along an axis that are spaced like a convoy. */
function runsAlong(ps: readonly XY[], ox: number, oy: number, dx: number, dy: number, P: DarkConvoyParams): XY[][] {
  const near = ps
    .map((p) => ({ p, along: (p.x - ox) * dx + (p.y - oy) * dy, off: Math.abs(-(p.x - ox) * dy + (p.y - oy) * dx) }))
    .filter((q) => q.off <= P.maxOffsetM)
    .sort((a, b) => a.along - b.along);
  const runs: XY[][] = [];
  let run: typeof near = [];
  const flush = (): void => {
    if (run.length >= P.minMembers) runs.push(run.map((q) => q.p));
    run = [];
  };
  for (const q of near) {
    const prev = run[run.length - 1];
    if (prev) {
      const gap = q.along - prev.along;
      if (gap < P.minSpacingM || gap > P.maxSpacingM) flush();
    }
    run.push(q);
  }
  flush();
  return runs;
}

/** A run refitted through its points; null when it is no longer a line spaced like a convoy. */
function fitLine(run: readonly XY[], lat0: number, lon0: number, kx: number, P: DarkConvoyParams): DarkLine | null {
  const ax = principalAxis(run);
  const sorted = run
    .map((p) => ({ p, along: (p.x - ax.cx) * ax.dx + (p.y - ax.cy) * ax.dy, off: Math.abs(-(p.x - ax.cx) * ax.dy + (p.y - ax.cy) * ax.dx) }))
    .sort((a, b) => a.along - b.along);
  const gaps: number[] = [];
  for (let i = 1; i < sorted.length; i++) gaps.push(flatM(sorted[i - 1]!.p.s.lat, sorted[i - 1]!.p.s.lon, sorted[i]!.p.s.lat, sorted[i]!.p.s.lon));
  const maxOff = Math.max(...sorted.map((q) => q.off));
  if (maxOff > P.maxOffsetM) return null;
  if (gaps.some((g) => g < P.minSpacingM || g > P.maxSpacingM)) return null;
  if (Math.max(...gaps) > P.maxSpacingRatio * Math.min(...gaps)) return null;
  // the axis as a bearing: dx east, dy north
  const brg = (((90 - Math.atan2(ax.dy, ax.dx) / D2R) % 180) + 180) % 180;
  const members = sorted.map((q) => q.p.s);
  return {
    scene: members[0]!.scene,
    members,
    t0: Math.min(...members.map((m) => m.t)),
    t1: Math.max(...members.map((m) => m.t)),
    lat: lat0 + ax.cy / M_PER_DEG_LAT,
    lon: lon0 + ax.cx / kx,
    axisDeg: brg,
    lengthM: sorted[sorted.length - 1]!.along - sorted[0]!.along,
    gapsM: gaps,
    maxOffsetM: maxOff,
  };
}

/** The lines of one pass (see the header, step 1). */
export function linesOfPass(pass: readonly Sighting[], P: DarkConvoyParams, crowd: { groups: number } = { groups: 0 }): DarkLine[] {
  if (pass.length < P.minMembers) return [];
  // linked groups within maxSpacingM (a union-find over the pairs; passes hold few dark detections)
  const parent = pass.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!;
    return i;
  };
  for (let i = 0; i < pass.length; i++) {
    for (let j = i + 1; j < pass.length; j++) {
      const a = pass[i]!;
      const b = pass[j]!;
      if (Math.abs(a.lat - b.lat) * M_PER_DEG_LAT > P.maxSpacingM) continue;
      if (flatM(a.lat, a.lon, b.lat, b.lon) <= P.maxSpacingM) parent[Math.max(find(i), find(j))] = Math.min(find(i), find(j));
    }
  }
  const groups = new Map<number, Sighting[]>();
  pass.forEach((s, i) => {
    const r = find(i);
    const g = groups.get(r);
    if (g) g.push(s);
    else groups.set(r, [s]);
  });
  const lines: DarkLine[] = [];
  for (const g of groups.values()) {
    if (g.length < P.minMembers) continue;
    if (g.length > P.maxGroup) {
      crowd.groups++;
      continue;
    }
    const lat0 = g.reduce((s, x) => s + x.lat, 0) / g.length;
    const lon0 = g.reduce((s, x) => s + x.lon, 0) / g.length;
    const kx = M_PER_DEG_LAT * Math.cos(lat0 * D2R);
    let left: XY[] = g.map((s) => ({ s, x: (s.lon - lon0) * kx, y: (s.lat - lat0) * M_PER_DEG_LAT }));
    for (;;) {
      let best: DarkLine | null = null;
      for (let i = 0; i < left.length; i++) {
        for (let j = i + 1; j < left.length; j++) {
          const a = left[i]!;
          const b = left[j]!;
          const len = Math.hypot(b.x - a.x, b.y - a.y);
          if (len === 0) continue;
          for (const run of runsAlong(left, a.x, a.y, (b.x - a.x) / len, (b.y - a.y) / len, P)) {
            const line = fitLine(run, lat0, lon0, kx, P);
            if (line && (!best || line.members.length > best.members.length || (line.members.length === best.members.length && line.maxOffsetM < best.maxOffsetM))) best = line;
          }
        }
      }
      if (!best) break;
      lines.push(best);
      const taken = new Set(best.members.map((m) => m.id));
      left = left.filter((p) => !taken.has(p.s.id));
      if (left.length < P.minMembers) break;
    }
  }
  return lines;
}

interface Link {
  a: DarkLine;
  b: DarkLine;
  score: number;
}

/** Whether line b, later, is where line a's convoy could have sailed (header, step 3). */
function linkScore(a: DarkLine, b: DarkLine, P: DarkConvoyParams): number | null {
  const dt = (b.t0 + b.t1) / 2 - (a.t0 + a.t1) / 2;
  if (!(dt > 0) || dt > P.maxPassGapH * 3_600_000 || a.scene === b.scene) return null;
  if (Math.abs(a.members.length - b.members.length) > 1) return null;
  const kn = knots(flatM(a.lat, a.lon, b.lat, b.lon), dt);
  if (kn < P.minSpeedKn || kn > P.maxSpeedKn) return null;
  const axes = axisGap(a.axisDeg, b.axisDeg);
  if (axes > P.maxAxisDiffDeg) return null;
  const course = bearingDeg(a.lat, a.lon, b.lat, b.lon);
  const along = Math.max(axisGap(course, a.axisDeg), axisGap(course, b.axisDeg));
  if (along > P.maxCourseAxisDeg) return null;
  return axes + along;
}

/** A line another pass shows still there: the group did not make way (header, step 2). */
function stayedPut(l: DarkLine, byScene: ReadonlyMap<string, Sighting[]>, P: DarkConvoyParams): string | null {
  const t = (l.t0 + l.t1) / 2;
  for (const [scene, ss] of byScene) {
    if (scene === l.scene || ss.length === 0) continue;
    const dt = Math.abs(ss[0]!.t - t);
    if (dt > P.maxPassGapH * 3_600_000) continue;
    const r = l.lengthM / 2 + P.maxSpacingM + 0.5 * P.minSpeedKn * 1852 * (dt / 3_600_000);
    const near = ss.filter((s) => flatM(l.lat, l.lon, s.lat, s.lon) <= r).length;
    if (near >= P.minMembers) return scene;
  }
  return null;
}

const passEvidence = (l: DarkLine): Record<string, unknown> => ({
  scene: l.scene,
  time: isoTime(Math.round((l.t0 + l.t1) / 2)),
  detections: l.members.map((m) => m.id),
  lat: round(l.lat, 5),
  lon: round(l.lon, 5),
  lineBearingDeg: Math.round(l.axisDeg),
  lengthM: Math.round(l.lengthM),
  spacingM: l.gapsM.map((g) => Math.round(g)),
  maxOffsetM: Math.round(l.maxOffsetM),
});

export interface DarkConvoyResult {
  events: Event[];
  /** lines another pass showed still in place */
  stayedPut: number;
  /** lines near a port or anchorage */
  nearPort: number;
  /** linked groups too large to search (maxGroup) */
  crowded: number;
}

/**
 * Dark convoys among dark_detection events (any passes; events of other types are ignored).
 * `geo` names the port a convoy makes for and drops lines in port approaches; without it, neither.
 */
export function darkConvoys(events: readonly Event[], geo: GeoContext | null, P: DarkConvoyParams = DARK_CONVOY_DEFAULTS): DarkConvoyResult {
  const byScene = new Map<string, Sighting[]>();
  for (const s of sightings(events)) {
    const l = byScene.get(s.scene);
    if (l) l.push(s);
    else byScene.set(s.scene, [s]);
  }
  for (const l of byScene.values()) l.sort((a, b) => a.t - b.t || (a.id < b.id ? -1 : 1));
  let nearPort = 0;
  let put = 0;
  const crowd = { groups: 0 };
  const lines: DarkLine[] = [];
  for (const scene of [...byScene.keys()].sort()) {
    for (const l of linesOfPass(byScene.get(scene)!, P, crowd)) {
      const port = geo?.nearestAnchorage(l.lat, l.lon);
      if (port && port.distanceM < P.minPortDistM) nearPort++;
      else if (stayedPut(l, byScene, P)) put++;
      else lines.push(l);
    }
  }
  lines.sort((a, b) => a.t0 - b.t0 || a.lat - b.lat);

  const links: Link[] = [];
  for (const a of lines) {
    for (const b of lines) {
      const s = linkScore(a, b, P);
      if (s !== null) links.push({ a, b, score: s });
    }
  }
  links.sort((x, y) => x.score - y.score || x.a.t0 - y.a.t0);
  const next = new Map<DarkLine, DarkLine>();
  const prev = new Map<DarkLine, DarkLine>();
  for (const k of links) {
    if (next.has(k.a) || prev.has(k.b)) continue;
    next.set(k.a, k.b);
    prev.set(k.b, k.a);
  }

  const out: Event[] = [];
  const rule = { name: 'dark_convoy', params: { ...P } };
  for (const first of lines) {
    if (prev.has(first)) continue;
    const chain = [first];
    for (let l = next.get(first); l; l = next.get(l)) chain.push(l);
    const single = chain.length === 1;
    const last = chain[chain.length - 1]!;
    const start = first.t0;
    const end = Math.max(...chain.map((l) => l.t1));
    const n = Math.max(...chain.map((l) => l.members.length));
    const evidence: Record<string, EvidenceValue> = {
      dark: true,
      detections: chain.flatMap((l) => l.members.map((m) => m.id)),
      passes: chain.map(passEvidence),
      members: n,
      medianSpacingM: Math.round(median(chain.flatMap((l) => l.gapsM))),
      lineBearingDeg: Math.round(first.axisDeg),
    };
    let confidence: number;
    if (single) {
      confidence = 0.3 + 0.05 * Math.min(2, n - P.minMembers);
      evidence.courseDeg = null;
      evidence.speedKn = null;
      // one pass shows the line, not which way it moves: both ends are said
      const ends: HeadingFor[] = geo ? [headingFor(geo, P, first.lat, first.lon, first.axisDeg), headingFor(geo, P, first.lat, first.lon, (first.axisDeg + 180) % 360)] : [];
      evidence.headingFor = null;
      evidence.headingEitherWay = ends.map((h) => ({ ...h }));
    } else {
      const dt = (last.t0 + last.t1) / 2 - (first.t0 + first.t1) / 2;
      const course = bearingDeg(first.lat, first.lon, last.lat, last.lon);
      evidence.courseDeg = Math.round(course);
      evidence.speedKn = round(knots(flatM(first.lat, first.lon, last.lat, last.lon), dt), 1);
      evidence.headingFor = geo ? { ...headingFor(geo, P, last.lat, last.lon, course) } : null;
      confidence = 0.45 + 0.05 * Math.min(2, chain.length - 2) + 0.05 * Math.min(1, n - P.minMembers);
    }
    out.push({
      id: eventId('convoy', [], start, `dark:${first.lat.toFixed(5)},${first.lon.toFixed(5)}`),
      type: 'convoy',
      start: isoTime(start),
      end: isoTime(end),
      mmsi: [],
      lat: round(first.lat, 5),
      lon: round(first.lon, 5),
      confidence: round(confidence, 2),
      flags: single ? ['dark', 'single_pass'] : ['dark'],
      rule,
      evidence,
    });
  }
  return { events: out, stayedPut: put, nearPort, crowded: crowd.groups };
}

/**
 * Re-reads the store's dark detections around [t0, t1] (the span of a detections file, widened
 * by the pass gap either side, so passes of earlier files link), stores the dark convoys that
 * start there, and removes the stored ones that start there and are no longer found (a later
 * pass showed the group stayed put, or extended a convoy whose first line moved).
 */
export async function storeDarkConvoys(
  store: Pick<Store, 'events' | 'putEvents' | 'deleteEvents'>,
  geo: GeoContext | null,
  t0: number,
  t1: number,
  P: DarkConvoyParams = DARK_CONVOY_DEFAULTS,
): Promise<DarkConvoyResult & { inserted: number; replaced: number; removed: number }> {
  const gap = P.maxPassGapH * 3_600_000;
  const from = t0 - gap;
  const to = t1 + gap;
  const dark = await store.events({ type: 'dark_detection', from: from - 2 * gap, to: to + 2 * gap });
  const r = darkConvoys(dark, geo, P);
  const inWindow = (e: Event): boolean => {
    const s = Date.parse(e.start);
    return s >= from && s <= to;
  };
  const events = r.events.filter(inWindow);
  const keep = new Set(events.map((e) => e.id));
  const stale = (await store.events({ type: 'convoy', flags: ['dark'], from, to })).filter((e) => inWindow(e) && !keep.has(e.id)).map((e) => e.id);
  const put = events.length ? await store.putEvents(events) : { inserted: 0, replaced: 0 };
  const removed = stale.length ? await store.deleteEvents(stale) : 0;
  return { ...r, events, ...put, removed };
}
