/**
 * Convoys: at least `minMembers` vessels moving together (under way, at similar course and
 * speed, each within `maxSpacingM` of another) for at least `minDurationH` (issue H: 3
 * vessels, 1 h; the tolerances are ours, there is no published definition to cite).
 *
 * Every `tickMin` of feed time (ticks on the UTC epoch grid, as the encounter detector's, so
 * results do not depend on how the input is cut) each vessel heard in the last `freshMin` (or,
 * on a sparse feed, 2.2 of its usual gaps between fixes, or the feed's until it has its own, up
 * to an hour: a report lost) and
 * under way is dead-reckoned from its last fix to the tick, put in a neighbour grid
 * (grid.ts) and compared with the vessels of the cells around it only: two vessels within
 * maxSpacingM whose courses and speeds agree are linked, and the linked groups of the tick
 * (a line of ships links through its neighbours) are matched to the open convoys by their
 * members. A convoy is active at a tick when its group has >= minMembers; members may join
 * and leave (a convoy of 3 that becomes 4 is one event); it closes after `mergeGapMin`
 * without an active tick, and is an event when it was active for minDurationH. A vessel is
 * a member when it was with the group for `memberMinMin` in all, so a ship overtaking on the
 * same course is not one. Only the profile's vessel `classes` count (merchant hulls, tugs,
 * unknown types: not fishing fleets, ferries, warships), only under way at >= minSpeedKn
 * (trawling is 2-4 kn), only `minPortDistM` from any port or anchorage and not on a port's
 * approach (`approachOf`: the port on the course line within `approachKm` ahead or astern):
 * ships in line through a harbour channel or out of a lock are traffic. Arriving, that is known
 * only at the end: its ticks on the approach count if it breaks up at sea short of the port, its
 * members off on courses that lead to no port.
 * A convoy that has been one for minDurationH at sea stays one on its approach, up to the port's
 * minPortDistM.
 *
 * `headingFor` projects the mean course of the last hour ahead from the convoy's last place
 * and names the first port or anchorage of the map (GeoContext.nearestAnchorage: the bundled
 * GFW/WPI points, the harbour zones and the learned anchorages) that comes within
 * `headingPortKm` of the line and nearer than it was at the start, or, at landfall, the
 * country of the nearest port there ("toward CHN waters").
 */
import type { Position } from '../records.js';
import { HOUR_MS, MIN_MS, ruleOf, type DetectContext } from './context.js';
import type { Detector } from './detector.js';
import { NeighbourGrid } from './grid.js';
import { angleDiff, bearingDeg, destinationPoint, flatM, knots, M_PER_DEG_LAT, M_PER_NM } from '../geo/distance.js';
import { eventId, isoTime, positionId, type Event, type EvidenceValue } from '../events.js';
import { median, round, sample } from './stats.js';
import { DarkfleetError } from '../errors.js';
import type { ConvoyParams } from './profiles.js';
import type { GeoContext } from './geo-context.js';
import { shipCategory } from '../ref/shiptype.js';
import { MmsiMap } from '../util/mmsi-map.js';

/** a vessel silent this long is forgotten */
const FORGET_MS = 6 * HOUR_MS;
/** gaps longer than this are silences, not the feed's rate, ms */
const EVERY_MAX_MS = HOUR_MS;
/** a vessel is also fresh for this many of its usual gaps (one lost report and some), up to FRESH_MAX_MS */
const FRESH_EVERY = 2.2;
const FRESH_MAX_MS = HOUR_MS;
/** anchorages farther than this from a landfall do not name its country, metres */
const LANDFALL_PORT_M = 50_000;
const D2R = Math.PI / 180;

interface Vessel {
  mmsi: number;
  t: number;
  lat: number;
  lon: number;
  sog: number;
  /** reported course, else the course made good from the previous fix; NaN when unknown */
  cog: number;
  /** its usual time between fixes (moving average of the gaps up to EVERY_MAX_MS), ms; NaN before two */
  every: number;
}

/** a vessel at a tick, dead-reckoned to it */
interface Point {
  v: Vessel;
  lat: number;
  lon: number;
  /** index in the tick's list, for the union-find */
  i: number;
}

interface Member {
  first: number;
  last: number;
  ticks: number;
}

interface TickStat {
  t: number;
  n: number;
  lat: number;
  lon: number;
  course: number;
  speed: number;
  medianSpacingM: number;
  maxSpacingM: number;
  /** on a port's approach, arriving: counts only if the convoy never arrives (toEvent) */
  approach: boolean;
  /** the group's members and their fixes at this tick */
  mmsi: number[];
  ids: string[];
}

interface Convoy {
  active: TickStat[];
  /** last tick at which the group had >= minMembers */
  lastActive: number;
  /** first active tick not on an approach (NaN: none yet) */
  firstAtSea: number;
  /** the group came within minPortDistM of a port or anchorage while the convoy was open */
  arrived: boolean;
  /** it ended with two or more of its last members still heard under way, apart, none making for a port ahead: it broke up at sea */
  dispersed: boolean;
}

export interface HeadingFor {
  port: string | null;
  iso3: string | null;
  /** along the projected course, km; null when nothing lies within headingMaxKm */
  distanceKm: number | null;
  /** the projected line reached land first */
  landfall: boolean;
  text: string;
}

/**
 * Heard recently enough to count at a tick `age` ms after its last fix (see the class comment);
 * `feedEvery`, the feed's usual gap, stands in for a vessel's own until it has one.
 */
function fresh(v: Vessel, age: number, freshMs: number, feedEvery: number): boolean {
  const every = Number.isNaN(v.every) ? feedEvery : v.every;
  return age <= freshMs || (age <= FRESH_EVERY * every && age <= FRESH_MAX_MS);
}

/** Circular mean of directions, degrees in [0, 360). */
export function meanCourse(xs: readonly number[]): number {
  let s = 0;
  let c = 0;
  for (const x of xs) {
    s += Math.sin(x * D2R);
    c += Math.cos(x * D2R);
  }
  const d = Math.atan2(s, c) / D2R;
  return d < 0 ? d + 360 : d;
}

export class ConvoyDetector implements Detector {
  readonly name = 'convoy';
  readonly feed = 'thinned';
  private readonly vessels = new MmsiMap<Vessel>();
  private readonly convoys = new Set<Convoy>();
  /** the open convoy each vessel was last grouped with */
  private readonly memberOf = new Map<number, Convoy>();
  private nextTick = Number.NaN;
  private readonly tickMs: number;
  private readonly on: boolean;
  /**
   * the feed's usual gap between a vessel's fixes (moving average over every vessel's gaps up to
   * EVERY_MAX_MS), ms; NaN before the first: a vessel's own stands in only once it has had one
   * (seed 1811: 30-min reports at 30 % loss; a barge whose first gaps were lost reports counted
   * only 20 min after each fix, and a convoy of five had three fresh members for 30 min)
   */
  private feedEvery = Number.NaN;

  constructor(private readonly ctx: DetectContext) {
    const P = ctx.params.convoy;
    this.on = P.enabled > 0;
    this.tickMs = P.tickMin * MIN_MS;
    if (this.on && !(this.tickMs > 0)) throw new DarkfleetError('detect_params', 'convoy.tickMin must be > 0');
    if (this.on && P.minMembers < 2) throw new DarkfleetError('detect_params', 'convoy.minMembers must be >= 2 (two vessels are an encounter or a pair)');
  }

  advanceTo(t: number): void {
    if (!this.on) return;
    if (Number.isNaN(this.nextTick)) this.nextTick = Math.ceil(t / this.tickMs) * this.tickMs;
    while (this.nextTick <= t) {
      this.tick(this.nextTick);
      this.nextTick += this.tickMs;
      // a jump in feed time (files years apart): with nothing open and everyone forgotten, skip to t
      if (t - this.nextTick > FORGET_MS && this.convoys.size === 0 && this.vessels.size === 0) this.nextTick = Math.floor(t / this.tickMs) * this.tickMs;
    }
  }

  onPosition(p: Position): void {
    if (!this.on) return;
    const v = this.vessels.get(p.mmsi);
    // 360 is AIS "not available"; without it, the course made good since the last fix
    let cog = p.cog != null && p.cog >= 0 && p.cog < 360 ? p.cog : Number.NaN;
    if (Number.isNaN(cog) && v && p.t > v.t && flatM(v.lat, v.lon, p.lat, p.lon) > 50) cog = bearingDeg(v.lat, v.lon, p.lat, p.lon);
    const sog = p.sog != null && p.sog < 102.2 ? p.sog : v && p.t > v.t ? knots(flatM(v.lat, v.lon, p.lat, p.lon), p.t - v.t) : Number.NaN;
    if (!v) {
      this.vessels.set(p.mmsi, { mmsi: p.mmsi, t: p.t, lat: p.lat, lon: p.lon, sog, cog, every: Number.NaN });
      return;
    }
    const gap = p.t - v.t;
    if (gap > 0 && gap <= EVERY_MAX_MS) {
      v.every = Number.isNaN(v.every) ? gap : v.every + 0.25 * (gap - v.every);
      this.feedEvery = Number.isNaN(this.feedEvery) ? gap : this.feedEvery + 0.01 * (gap - this.feedEvery);
    }
    v.t = p.t;
    v.lat = p.lat;
    v.lon = p.lon;
    v.sog = sog;
    v.cog = cog;
  }

  /** No convoy still to come starts before the first active tick of an open one, or the next tick. */
  watermark(): number {
    let w = Number.isNaN(this.nextTick) ? Number.NEGATIVE_INFINITY : this.nextTick;
    for (const c of this.convoys) {
      const first = c.active[0];
      if (first && first.t < w) w = first.t;
    }
    return w;
  }

  flush(): void {
    for (const c of [...this.convoys]) this.close(c);
  }

  private tick(T: number): void {
    const P = this.ctx.params.convoy;
    const freshMs = P.freshMin * MIN_MS;
    const grid = new NeighbourGrid<Point>(P.maxSpacingM);
    const pts: Point[] = [];
    for (const v of this.vessels.values()) {
      const age = T - v.t;
      // a sparse feed's vessel stays fresh for a report lost (seed 1306: 20-min reports at 15 %
      // loss left a barge convoy under three at most ticks)
      if (!fresh(v, age, freshMs, this.feedEvery)) {
        if (age > FORGET_MS) this.vessels.delete(v.mmsi);
        continue;
      }
      if (!(v.sog >= P.minSpeedKn && v.sog <= P.maxSpeedKn) || Number.isNaN(v.cog)) continue;
      if (!P.classes.includes(shipCategory(this.ctx.vessel(v.mmsi)?.shipType))) continue;
      // dead-reckon to the tick: fixes of a group are minutes apart, and at 10 kn a minute is 300 m
      const d = ((v.sog * M_PER_NM) / 3600) * (age / 1000);
      const lat = v.lat + (d * Math.cos(v.cog * D2R)) / M_PER_DEG_LAT;
      const lon = v.lon + (d * Math.sin(v.cog * D2R)) / (M_PER_DEG_LAT * Math.max(0.02, Math.cos(v.lat * D2R)));
      const p: Point = { v, lat, lon, i: pts.length };
      pts.push(p);
      grid.add(p);
    }
    // link vessels moving together; a union-find gives the groups
    const parent = pts.map((_, i) => i);
    const find = (i: number): number => {
      while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!;
      return i;
    };
    /** each vessel's nearest linked neighbour, metres: the group's spacing */
    const nearest = new Float64Array(pts.length).fill(Number.POSITIVE_INFINITY);
    for (const p of pts) {
      grid.forNear(p.lat, p.lon, (u) => {
        if (u.v.mmsi <= p.v.mmsi) return;
        if (Math.abs(p.v.sog - u.v.sog) > P.maxSpeedDiffKn) return;
        if (Math.abs(angleDiff(p.v.cog, u.v.cog)) > P.maxCourseDiffDeg) return;
        const d = flatM(p.lat, p.lon, u.lat, u.lon);
        if (d > P.maxSpacingM) return;
        if (d < nearest[p.i]!) nearest[p.i] = d;
        if (d < nearest[u.i]!) nearest[u.i] = d;
        const a = find(p.i);
        const b = find(u.i);
        if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
      });
    }
    const groups = new Map<number, Point[]>();
    for (const p of pts) {
      if (nearest[p.i] === Number.POSITIVE_INFINITY) continue;
      const r = find(p.i);
      const g = groups.get(r);
      if (g) g.push(p);
      else groups.set(r, [p]);
    }
    // larger groups claim their convoy first (a convoy that splits goes on with its larger part)
    const claimed = new Set<Convoy>();
    for (const g of [...groups.values()].sort((a, b) => b.length - a.length || a[0]!.v.mmsi - b[0]!.v.mmsi)) {
      let lat = 0;
      let lon = 0;
      for (const p of g) {
        lat += p.lat;
        lon += p.lon;
      }
      lat /= g.length;
      lon /= g.length;
      const course = meanCourse(g.map((p) => p.v.cog));
      const votes = new Map<Convoy, number>();
      for (const p of g) {
        const c = this.memberOf.get(p.v.mmsi);
        if (c && !claimed.has(c)) votes.set(c, (votes.get(c) ?? 0) + 1);
      }
      let convoy: Convoy | null = null;
      let best = 0;
      for (const [c, n] of votes) {
        if (n > best || (n === best && convoy && (c.active[0]?.t ?? T) < (convoy.active[0]?.t ?? T))) {
          convoy = c;
          best = n;
        }
      }
      const port = g.length >= P.minMembers || convoy ? this.ctx.geo.nearestAnchorage(lat, lon) : null;
      const atPort = port !== null && port.distanceM < P.minPortDistM;
      if (convoy && atPort) convoy.arrived = true;
      const enough = g.length >= P.minMembers && !atPort;
      // A group on a port's approach is traffic (ships in line through a harbour channel or out of
      // a lock). Astern (just left a port) it starts no convoy, nor keeps one active that has not
      // been a convoy for minDurationH at sea yet. Ahead (arriving) its ticks are provisional: they
      // count only if it never arrives, dispersing short of the port at sea (seed 1704: four barges
      // steamed 2 h in line toward an anchorage and broke up 12 km off it). One that has been a
      // convoy for minDurationH at sea goes on up to the port's minPortDistM: where it went is the
      // point (seed 410: a coal convoy bound for Dandong was cut off 50 km out and lost the barge
      // that joined it an hour in).
      const established = convoy !== null && !Number.isNaN(convoy.firstAtSea) && T - convoy.firstAtSea >= P.minDurationH * HOUR_MS;
      const approach = enough && !established ? approachOf(this.ctx.geo, P, lat, lon, course) : null;
      const active = enough && approach !== 'astern';
      if (!convoy) {
        if (!active) continue;
        convoy = { active: [], lastActive: T, firstAtSea: Number.NaN, arrived: false, dispersed: false };
        this.convoys.add(convoy);
      }
      claimed.add(convoy);
      // the group's vessels stay tied to the convoy, so it is found again at the next tick; time
      // as a member counts only while it is a convoy (two that go on together after it broke
      // up, or a ship that joins those two, are not its members)
      for (const p of g) this.memberOf.set(p.v.mmsi, convoy);
      if (!active) continue;
      convoy.lastActive = T;
      if (approach === null && Number.isNaN(convoy.firstAtSea)) convoy.firstAtSea = T;
      const spacing = g.map((p) => nearest[p.i]!);
      convoy.active.push({
        t: T,
        n: g.length,
        lat,
        lon,
        course,
        speed: median(g.map((p) => p.v.sog)),
        medianSpacingM: median(spacing),
        maxSpacingM: Math.max(...spacing),
        approach: approach === 'ahead',
        mmsi: g.map((p) => p.v.mmsi),
        ids: g.map((p) => positionId(p.v.mmsi, p.v.t)),
      });
    }
    const gapMs = P.mergeGapMin * MIN_MS;
    for (const c of [...this.convoys]) {
      if (T - c.lastActive <= gapMs) continue;
      // broke up at sea: two or more of its last members still heard, under way and no longer
      // making for a port ahead (seed 1805: three transits bunched on the way in to Nampo, then
      // drew apart on the same course: traffic)
      let away = 0;
      for (const m of c.active[c.active.length - 1]!.mmsi) {
        const v = this.vessels.get(m);
        if (v && fresh(v, T - v.t, freshMs, this.feedEvery) && v.sog >= P.minSpeedKn && approachOf(this.ctx.geo, P, v.lat, v.lon, v.cog) !== 'ahead') away++;
      }
      c.dispersed = away >= 2;
      this.close(c);
    }
  }

  private close(c: Convoy): void {
    this.convoys.delete(c);
    for (const [m, conv] of this.memberOf) if (conv === c) this.memberOf.delete(m);
    const ev = this.toEvent(c);
    if (ev) this.ctx.emit(ev);
  }

  /**
   * The ticks that count: all of them for a convoy that broke up at sea short of the port it was
   * approaching; otherwise (it arrived, or went silent, stopped, or the input ended on its
   * approach) those on its approach only once it had been a convoy at sea for minDurationH
   * (before, it was traffic in line into port).
   */
  private counted(c: Convoy): TickStat[] {
    if (c.dispersed && !c.arrived) return c.active;
    const minMs = this.ctx.params.convoy.minDurationH * HOUR_MS;
    const out: TickStat[] = [];
    for (const s of c.active) if (!s.approach || (out.length > 0 && s.t - out[0]!.t >= minMs)) out.push(s);
    return out;
  }

  private toEvent(c: Convoy): Event | null {
    const P = this.ctx.params.convoy;
    const ticks = this.counted(c);
    if (ticks.length < 2) return null;
    const start = ticks[0]!.t;
    const end = ticks[ticks.length - 1]!.t;
    const durH = (end - start) / HOUR_MS;
    if (durH < P.minDurationH) return null;
    const tickMs = P.tickMin * MIN_MS;
    const all = new Map<number, Member>();
    const ids = new Set<string>();
    for (const s of ticks) {
      for (const m of s.mmsi) {
        const x = all.get(m);
        if (x) {
          x.last = s.t;
          x.ticks++;
        } else all.set(m, { first: s.t, last: s.t, ticks: 1 });
      }
      for (const id of s.ids) ids.add(id);
    }
    const members = [...all.entries()]
      .filter(([, m]) => m.ticks * tickMs >= P.memberMinMin * MIN_MS)
      .sort((a, b) => a[0] - b[0]);
    if (members.length < P.minMembers) return null;
    const mmsi = members.map(([m]) => m);
    let lat = 0;
    let lon = 0;
    for (const s of ticks) {
      lat += s.lat;
      lon += s.lon;
    }
    lat /= ticks.length;
    lon /= ticks.length;
    const course = meanCourse(ticks.map((s) => s.course));
    const last = ticks[ticks.length - 1]!;
    const recent = ticks.filter((s) => s.t >= end - HOUR_MS);
    const heading = headingFor(this.ctx.geo, P, last.lat, last.lon, meanCourse(recent.map((s) => s.course)));
    const maxN = Math.max(...ticks.map((s) => s.n));
    // longer and larger convoys are surer
    const confidence = Math.min(1, 0.5 + 0.25 * Math.min(1, (durH - P.minDurationH) / Math.max(P.minDurationH, 0.5)) + 0.25 * Math.min(1, (maxN - P.minMembers + 1) / 3));
    const evidence: Record<string, EvidenceValue> = {
      durationH: round(durH, 2),
      members: members.map(([m, x]) => ({ mmsi: m, joined: isoTime(x.first), left: isoTime(x.last) })),
      maxMembersTogether: maxN,
      medianSpacingM: Math.round(median(ticks.map((s) => s.medianSpacingM))),
      maxSpacingM: Math.round(Math.max(...ticks.map((s) => s.maxSpacingM))),
      courseDeg: Math.round(course),
      speedKn: round(median(ticks.map((s) => s.speed)), 1),
      startLat: round(ticks[0]!.lat, 5),
      startLon: round(ticks[0]!.lon, 5),
      endLat: round(last.lat, 5),
      endLon: round(last.lon, 5),
      headingFor: { ...heading },
      ticks: ticks.length,
      positions: ids.size,
      positionIds: sample([...ids], 60),
    };
    return {
      id: eventId('convoy', mmsi, start),
      type: 'convoy',
      start: isoTime(start),
      end: isoTime(end),
      mmsi,
      lat: round(lat, 5),
      lon: round(lon, 5),
      confidence: round(confidence, 2),
      flags: [],
      rule: ruleOf(this.ctx, 'convoy', 'convoy'),
      evidence,
    };
  }
}

/**
 * Whether a group at (lat, lon) on `course` is on a port's approach, and which way: a port or
 * anchorage with a name (GeoContext.nearestAnchorage) within approachLineKm of its course line,
 * at most approachKm astern (just left: 'astern', looked at first) or ahead (arriving: 'ahead').
 * The line may cross the land mask: river ports lie up estuaries that Natural Earth draws as
 * land (Nampo, above the West Sea Barrage).
 */
export function approachOf(geo: GeoContext, P: Pick<ConvoyParams, 'approachKm' | 'approachLineKm' | 'headingStepKm'>, lat: number, lon: number, course: number): 'ahead' | 'astern' | null {
  if (!(P.approachKm > 0) || Number.isNaN(course)) return null;
  let ahead = false;
  for (const dir of [(course + 180) % 360, course]) {
    for (let km = P.headingStepKm; km <= P.approachKm; km += P.headingStepKm) {
      const q = destinationPoint(lat, lon, dir, km * 1000);
      const a = geo.nearestAnchorage(q.lat, q.lon);
      if (a && a.label && a.distanceM <= P.approachLineKm * 1000) {
        if (dir !== course) return 'astern';
        ahead = true;
        break;
      }
    }
  }
  return ahead ? 'ahead' : null;
}

/** The headingFor parameters (ConvoyParams; the dark convoys of src/detections/convoy.ts use them too). */
export type HeadingParams = Pick<ConvoyParams, 'headingMaxKm' | 'headingStepKm' | 'headingPortKm'>;

/** What a convoy makes for: the first port near its projected course, or the country of its landfall. */
export function headingFor(geo: GeoContext, P: HeadingParams, lat: number, lon: number, course: number): HeadingFor {
  const here = geo.nearestAnchorage(lat, lon);
  const steps = Math.floor(P.headingMaxKm / P.headingStepKm);
  for (let k = 1; k <= steps; k++) {
    const km = k * P.headingStepKm;
    const q = destinationPoint(lat, lon, course, km * 1000);
    const a = geo.nearestAnchorage(q.lat, q.lon);
    if (geo.isOnLand(q.lat, q.lon)) {
      const named = a && a.label && a.distanceM <= LANDFALL_PORT_M ? a : null;
      const iso3 = named?.iso3 || null;
      return {
        port: named ? named.label : null,
        iso3,
        distanceKm: km,
        landfall: true,
        text: named ? `toward ${iso3 ? `${iso3} waters, landfall near ${named.label}` : `landfall near ${named.label}`}` : 'toward land with no known port',
      };
    }
    // a port ahead: near the line and nearer than it was where the convoy is (not the one it left)
    if (a && a.label && a.distanceM <= P.headingPortKm * 1000 && (!here || here.label !== a.label || a.distanceM < here.distanceM)) {
      return { port: a.label, iso3: a.iso3 || null, distanceKm: km, landfall: false, text: `toward ${a.label}${a.iso3 ? ` (${a.iso3})` : ''}` };
    }
  }
  return { port: null, iso3: null, distanceKm: null, landfall: false, text: `open sea for ${P.headingMaxKm} km ahead` };
}
