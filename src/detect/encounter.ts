/**
 * Encounters (possible ship-to-ship transfers), after GFW's encounters
 * pipeline, as a streaming state machine.
 *
 * Every `tickMin` of feed time (ticks on the UTC epoch grid, so results do not
 * depend on how the input is cut) each vessel stands at its last fix. Slow
 * vessels go into a grid of cells `maxDistanceM` wide (grid.ts); each is compared only
 * with the vessels of its own and the neighbouring cells, so a tick costs
 * O(vessels), not O(vessels^2). A close pair keeps a state across ticks (and
 * across UTC midnight and input files: nothing closes by batch): it closes when
 * it has not been close for `mergeGapH` (GFW merges runs closer than 4 h), and
 * becomes an event when it lasted `minDurationH`, both vessels' median speed
 * was below `maxSpeedKn`, and its mean position is off land and `minAnchorageDistM`
 * from any anchorage.
 *
 * Dark partners: a vessel silent for more than `freshMin` (up to `maxSilentH`)
 * is paired, provisionally, with heard vessels near its last fix (allowing for
 * drifting together; a partner paired so stays one while heard and slow, however
 * far it drifts); when it reports again it is interpolated along the line
 * from its last fix to the new one and the ticks where it was within
 * maxDistanceM of its partner count. A pair where one side was silent for most
 * ticks gets the `dark_partner` flag. When the silent vessel reappears too far for a
 * straight line to have kept it alongside, a second reading is tried: it kept alongside its
 * partner (at the offset it fell silent at) while the partner stayed slow, stopped or drifting
 * (within the provisional pairing's reach of its last fix), and left late; accepted when it was
 * slow at its last fix and its next position is reachable at `darkPartnerMaxKn` after the last
 * tick alongside (evidence `darkPartner`, confidence at most 0.6). A vessel last heard closing
 * in (slow, heading for the other, short of maxDistanceM by what it covers in freshMin) is read
 * as having come alongside it (confidence at most 0.5).
 *
 * Hot path: `onPosition` runs for every position (one Map lookup, no allocation
 * for known vessels); `tick` allocates the grid once per tick.
 */
import type { Position } from '../records.js';
import { HOUR_MS, MIN_MS, isTanker, ruleOf, withdrawnNotice, type DetectContext } from './context.js';
import type { Detector, DetectorCounters } from './detector.js';
import { M_PER_DEG_LAT, M_PER_NM, angleDiff, destinationPoint, flatBearingDeg, flatM, knots } from '../geo/distance.js';
import { eventId, isoTime, positionId, type Event } from '../events.js';
import { median, round, sample } from './stats.js';
import { GRID_ROW, cellKey, lonSpan } from './grid.js';
import { DarkfleetError } from '../errors.js';
import { MmsiMap } from '../util/mmsi-map.js';

/** how far a silent partner may have drifted with the other, at most, metres */
const MAX_DRIFT_M = 2000;
/** a vessel falling silent short of its partner counts as closing in when its course is this near the partner's bearing, degrees */
const APPROACH_MAX_DEG = 30;

interface Vessel {
  mmsi: number;
  t: number;
  lat: number;
  lon: number;
  /** reported speed, or implied from the previous fix when not reported */
  sog: number;
  /** reported course over ground, or the bearing from the previous fix; NaN when neither is known */
  cog: number;
  /** the previous fix (NaN time before the second) */
  prevT: number;
  prevLat: number;
  prevLon: number;
  /** pairs holding provisional ticks while this vessel is silent */
  pending: Pair[] | null;
}

interface Provisional {
  /** last-fix time of the silent vessel when these ticks were counted */
  silentSince: number;
  lat: number;
  lon: number;
  /** the partner's fix nearest in time to silentSince (its current or previous one when paired) */
  pLat: number;
  pLon: number;
  ticks: TickSample[];
}

interface TickSample {
  t: number;
  dist: number;
  sogA: number;
  sogB: number;
  lat: number;
  lon: number;
  silentA: boolean;
  silentB: boolean;
  /** the times of the fixes of a and b that stood for them at this tick (their position ids) */
  tA: number;
  tB: number;
  /** the heard vessel's position, while the other is silent (interpolated at resolution) */
  fLat: number;
  fLon: number;
  /** the time of that fix */
  fT: number;
}

/**
 * A pair's committed ticks, field by field in one Float64Array of TICK_FIELDS per tick: a pair
 * together for days (moored side by side, pair trawlers) keeps thousands of ticks, and as
 * objects they were most of a checkpoint's state and of the time to write and read it (five
 * days of a 400-vessel scenario: 48k ticks, 9.3 MB of 24 MB). Plain data, as snapshot.ts asks.
 */
interface TickLog {
  n: number;
  /** earliest tick time (the watermark's) */
  first: number;
  v: Float64Array;
}

/** t, dist, sogA, sogB, lat, lon, tA, tB, silent (1: a, 2: b) */
const TICK_FIELDS = 9;

function newTickLog(): TickLog {
  return { n: 0, first: Number.POSITIVE_INFINITY, v: new Float64Array(TICK_FIELDS * 8) };
}

function pushTick(log: TickLog, s: TickSample): void {
  if ((log.n + 1) * TICK_FIELDS > log.v.length) {
    const v = new Float64Array(log.v.length * 2);
    v.set(log.v);
    log.v = v;
  }
  const o = log.n++ * TICK_FIELDS;
  const v = log.v;
  v[o] = s.t;
  v[o + 1] = s.dist;
  v[o + 2] = s.sogA;
  v[o + 3] = s.sogB;
  v[o + 4] = s.lat;
  v[o + 5] = s.lon;
  v[o + 6] = s.tA;
  v[o + 7] = s.tB;
  v[o + 8] = (s.silentA ? 1 : 0) + (s.silentB ? 2 : 0);
  if (s.t < log.first) log.first = s.t;
}

interface Pair {
  key: string;
  a: Vessel;
  b: Vessel;
  ticks: TickLog;
  /** provisional ticks waiting for the silent side (a or b) to reappear */
  prov: Provisional | null;
  provSide: 'a' | 'b' | null;
  /** last tick (committed or provisional) at which the pair was close */
  lastActive: number;
  /** how a silent partner's stay was inferred (stayed alongside, left late), for the evidence */
  dark: Record<string, number> | null;
  /** live: the early alert posted for it (noticeAt) */
  notice?: Event;
  /** live: feed time before which noticeAt does not try this pair again, and the wait after a miss */
  noticeNext?: number;
  noticeWaitMs?: number;
}

const DAY_MS = 86_400_000;

export class EncounterDetector implements Detector {
  readonly name = 'encounter';
  readonly feed = 'every';
  private readonly vessels = new MmsiMap<Vessel>();
  private readonly pairs = new Map<string, Pair>();
  private nextTick = Number.NaN;
  private readonly tickMs: number;
  /** ticks processed and pair checks made, for stats */
  ticks = 0;
  comparisons = 0;

  constructor(private readonly ctx: DetectContext) {
    this.tickMs = ctx.params.encounter.tickMin * MIN_MS;
    if (!(this.tickMs > 0)) throw new DarkfleetError('detect_params', 'encounter.tickMin must be > 0');
  }

  /** Run every tick strictly before or at `t` (call before observing a record at t). */
  advanceTo(t: number): void {
    if (Number.isNaN(this.nextTick)) this.nextTick = Math.ceil(t / this.tickMs) * this.tickMs;
    while (this.nextTick <= t) {
      this.tick(this.nextTick);
      this.nextTick += this.tickMs;
      // a jump in feed time (files years apart): once no pair is open and every vessel is silent past maxSilentH, ticks do nothing until t's
      if (t - this.nextTick > DAY_MS && this.pairs.size === 0 && this.allSilent(this.nextTick)) this.nextTick = Math.floor(t / this.tickMs) * this.tickMs;
    }
  }

  private allSilent(T: number): boolean {
    const silentMs = this.ctx.params.encounter.maxSilentH * HOUR_MS;
    for (const v of this.vessels.values()) if (T - v.t <= silentMs) return false;
    return true;
  }

  onPosition(p: Position): void {
    let v = this.vessels.get(p.mmsi);
    if (!v) {
      v = { mmsi: p.mmsi, t: p.t, lat: p.lat, lon: p.lon, sog: p.sog ?? 0, cog: p.cog ?? Number.NaN, prevT: Number.NaN, prevLat: 0, prevLon: 0, pending: null };
      this.vessels.set(p.mmsi, v);
      return;
    }
    const sog = p.sog ?? (p.t > v.t ? knots(flatM(v.lat, v.lon, p.lat, p.lon), p.t - v.t) : v.sog);
    const cog = p.cog ?? flatBearingDeg(v.lat, v.lon, p.lat, p.lon);
    if (v.pending) this.resolve(v, p);
    v.prevT = v.t;
    v.prevLat = v.lat;
    v.prevLon = v.lon;
    v.t = p.t;
    v.lat = p.lat;
    v.lon = p.lon;
    v.sog = sog;
    v.cog = cog;
  }

  /**
   * Every encounter still to come starts at or after the first close tick of a pair still
   * open (committed or provisional), and no earlier than the next tick.
   */
  watermark(): number {
    let w = Number.isNaN(this.nextTick) ? Number.NEGATIVE_INFINITY : this.nextTick;
    for (const pair of this.pairs.values()) {
      if (pair.ticks.first < w) w = pair.ticks.first;
      const prov = pair.prov?.ticks[0];
      if (prov && prov.t < w) w = prov.t;
    }
    return w;
  }

  counters(): Partial<DetectorCounters> {
    return { encounterTicks: this.ticks, encounterComparisons: this.comparisons };
  }

  /**
   * Live: a pair whose committed ticks already make an encounter (toEvent: minDurationH, the
   * speeds, shore and anchorage tests) is posted as ongoing, once, under the id its final event
   * will have (its first tick; a silent partner's earlier ticks, resolved later, can move it).
   * A pair that does not qualify yet is tried again after a wait doubling from one tick to 2 h:
   * vessels moored together in port stay pairs for days, and each try reads all their ticks.
   */
  noticeAt(t: number): void {
    const minMs = this.ctx.params.encounter.minDurationH * HOUR_MS;
    for (const pair of this.pairs.values()) {
      if (pair.notice || pair.ticks.n < 2 || pair.lastActive - pair.ticks.first < minMs || t < (pair.noticeNext ?? 0)) continue;
      const e = this.toEvent(pair);
      if (!e) {
        pair.noticeWaitMs = Math.min(2 * HOUR_MS, (pair.noticeWaitMs ?? this.tickMs / 2) * 2);
        pair.noticeNext = t + pair.noticeWaitMs;
        continue;
      }
      pair.notice = { ...e, flags: ['ongoing', ...e.flags] };
      this.ctx.notice!(pair.notice);
    }
  }

  /** End of input: close every pair. */
  flush(): void {
    for (const pair of [...this.pairs.values()]) this.close(pair);
  }

  /**
   * The silent vessel reported again: put it, at each provisional tick, on the
   * straight line from where it fell silent to where it is now (as GFW
   * interpolates tracks), and keep the ticks where its partner was within
   * maxDistanceM of that point. A vessel that moved too fast to be a slow
   * partner in between keeps nothing.
   */
  private resolve(v: Vessel, p: Position): void {
    const P = this.ctx.params.encounter;
    for (const pair of v.pending!) {
      const prov = pair.prov;
      if (!prov || (pair.provSide === 'a' ? pair.a : pair.b) !== v) continue;
      const span = p.t - prov.silentSince;
      const moved = flatM(prov.lat, prov.lon, p.lat, p.lon);
      const kn = span > 0 ? knots(moved, span) : 0;
      // hypothesis 1: it drifted along the straight line from where it fell silent to where it is
      const drifted: TickSample[] = [];
      if (kn <= P.candidateMaxSpeedKn) {
        for (const s of prov.ticks) {
          const f = span > 0 ? (s.t - prov.silentSince) / span : 0;
          const lat = prov.lat + (p.lat - prov.lat) * f;
          const lon = prov.lon + (p.lon - prov.lon) * f;
          const d = flatM(lat, lon, s.fLat, s.fLon);
          if (d > P.maxDistanceM) continue;
          s.dist = d;
          s.lat = (lat + s.fLat) / 2;
          s.lon = (lon + s.fLon) / 2;
          if (pair.provSide === 'a') s.sogA = kn;
          else s.sogB = kn;
          drifted.push(s);
        }
      }
      // hypothesis 2 (dark partner): it stayed alongside while the other stayed there, and left
      // late; its next position must be reachable from its last one after the last such tick
      const stayed = this.stayedThenLeft(pair, prov, p);
      if (stayed && stayed.ticks.length > drifted.length) {
        for (const s of stayed.ticks) pushTick(pair.ticks, s);
        pair.dark = stayed.reasoning;
      } else for (const s of drifted) pushTick(pair.ticks, s);
      pair.prov = null;
      pair.provSide = null;
    }
    v.pending = null;
  }

  /**
   * The ticks at which a silent vessel may have kept alongside its heard partner: in time order,
   * while the partner was slow, the silent one at the same offset from it as when it fell silent
   * (stopped or drifting together, as a transfer does; seed 1306: both drifted 1.8 km at
   * 0.2-0.8 kn). When it fell silent still closing in (slow, heading for the partner within
   * `APPROACH_MAX_DEG`, near enough to come alongside within freshMin at its own speed: 15-min
   * reports with losses may never hear it alongside) it is put at the partner's position, its
   * distance taken as maxDistanceM. Accepted only when the vessel was slow at its last fix and
   * its next position is reachable at `darkPartnerMaxKn` from where the last such tick put it,
   * after the partner's last fix then (it left late); the reasoning goes into the evidence.
   */
  private stayedThenLeft(pair: Pair, prov: Provisional, p: Position): { ticks: TickSample[]; reasoning: Record<string, number> } | null {
    const P = this.ctx.params.encounter;
    const silent = pair.provSide === 'a' ? pair.a : pair.b;
    if (!(silent.sog < P.maxSpeedKn) || prov.ticks.length === 0) return null;
    const lastFixM = flatM(prov.lat, prov.lon, prov.pLat, prov.pLon);
    // the silent vessel's offset from its partner, kept while they are together
    let offLat = prov.lat - prov.pLat;
    let offLon = prov.lon - prov.pLon;
    let dist = lastFixM;
    // closing in: how far its course was off the partner's bearing (NaN when it was alongside)
    let courseOffDeg = Number.NaN;
    if (lastFixM > P.maxDistanceM) {
      courseOffDeg = Math.abs(angleDiff(silent.cog, flatBearingDeg(prov.lat, prov.lon, prov.pLat, prov.pLon)));
      const reachM = P.maxDistanceM + silent.sog * M_PER_NM * (P.freshMin / 60);
      if (!(courseOffDeg <= APPROACH_MAX_DEG && lastFixM <= reachM)) return null;
      offLat = 0;
      offLon = 0;
      dist = P.maxDistanceM;
    }
    const kept: TickSample[] = [];
    for (const s of prov.ticks) {
      const otherSog = pair.provSide === 'a' ? s.sogB : s.sogA;
      if (!(otherSog < P.maxSpeedKn)) break;
      kept.push(s);
    }
    if (kept.length === 0) return null;
    // the partner was last known there at its fix, not at the tick its (fresh) fix stood for: it
    // may have left in between, and the silent one with it (seed 1006: 18 min, 30 kn needed)
    const lastKept = kept[kept.length - 1]!;
    const leaveT = Math.min(lastKept.t, lastKept.fT);
    const afterMs = p.t - leaveT;
    if (afterMs <= 0) return null;
    const moved = flatM(lastKept.fLat + offLat, lastKept.fLon + offLon, p.lat, p.lon);
    const needKn = knots(moved, afterMs);
    if (needKn > P.darkPartnerMaxKn) return null;
    // copies: the straight-line reading holds the same samples
    const ticks = kept.map((s) => ({
      ...s,
      dist,
      lat: s.fLat + offLat / 2,
      lon: s.fLon + offLon / 2,
      sogA: pair.provSide === 'a' ? 0 : s.sogA,
      sogB: pair.provSide === 'b' ? 0 : s.sogB,
    }));
    return {
      ticks,
      reasoning: {
        silentFrom: prov.silentSince,
        latestAlongside: leaveT,
        reappeared: p.t,
        reappearedKm: round(moved / 1000, 2),
        // a straight line over the whole silence would have left the partner within reach for minutes only
        averageKnOverSilence: round(knots(flatM(prov.lat, prov.lon, p.lat, p.lon), p.t - prov.silentSince), 2),
        neededKnAfterLeaving: round(needKn, 2),
        partnerDriftedM: Math.round(flatM(prov.pLat, prov.pLon, lastKept.fLat, lastKept.fLon)),
        ...(Number.isNaN(courseOffDeg) ? {} : { closingFromM: Math.round(lastFixM), closingKn: round(silent.sog, 2), closingCourseOffDeg: round(courseOffDeg, 1) }),
      },
    };
  }

  private tick(T: number): void {
    const P = this.ctx.params.encounter;
    this.ticks++;
    const freshMs = P.freshMin * MIN_MS;
    const silentMs = P.maxSilentH * HOUR_MS;
    const cellDeg = P.maxDistanceM / M_PER_DEG_LAT;
    const grid = new Map<number, Vessel[]>();
    const cands: Vessel[] = [];
    const silent: Vessel[] = [];
    for (const v of this.vessels.values()) {
      const age = T - v.t;
      if (age > silentMs) {
        if (!v.pending) this.vessels.delete(v.mmsi);
        continue;
      }
      if (v.sog > P.candidateMaxSpeedKn) continue;
      if (age > freshMs) {
        silent.push(v);
        continue;
      }
      const key = cellKey(v.lat, v.lon, cellDeg);
      const cell = grid.get(key);
      if (cell) cell.push(v);
      else grid.set(key, [v]);
      cands.push(v);
    }
    // both heard recently: compare with the 3 x (2kx+1) neighbouring cells
    for (const v of cands) {
      const row = Math.floor(v.lat / cellDeg);
      const col = Math.floor(v.lon / cellDeg);
      // a cell is cellDeg of longitude, narrower than maxDistanceM away from the equator
      const kx = lonSpan(v.lat);
      for (let dr = -1; dr <= 1; dr++) {
        for (let dc = -kx; dc <= kx; dc++) {
          const cell = grid.get((row + dr) * GRID_ROW + col + dc);
          if (!cell) continue;
          for (const u of cell) {
            if (u.mmsi <= v.mmsi) continue;
            this.comparisons++;
            const d = flatM(v.lat, v.lon, u.lat, u.lon);
            if (d <= P.maxDistanceM) this.closePair(T, v, u, d, null);
          }
        }
      }
    }
    if (silent.length > 0) this.silentPass(T, silent, cands);
    // close pairs that have been apart long enough (and have nothing provisional)
    const mergeMs = P.mergeGapH * HOUR_MS;
    for (const pair of this.pairs.values()) {
      if (T - pair.lastActive <= mergeMs) continue;
      if (pair.prov) {
        // a partner silent too long can no longer confirm anything
        const silent = pair.provSide === 'a' ? pair.a : pair.b;
        if (T - silent.t <= silentMs + mergeMs) continue;
        pair.prov = null;
        pair.provSide = null;
      }
      this.close(pair);
    }
  }

  /**
   * Silent vessels: their last fix stands in for them, and the pair may have
   * drifted together since, so a fresh vessel within maxDistanceM plus what
   * drifting at maxSpeedKn could add (at most maxDriftM) is a provisional
   * partner; the ticks are judged when the silent one reports again.
   */
  private silentPass(T: number, silent: Vessel[], fresh: Vessel[]): void {
    const P = this.ctx.params.encounter;
    const coarseM = P.maxDistanceM + MAX_DRIFT_M;
    const cDeg = coarseM / M_PER_DEG_LAT;
    const coarse = new Map<number, Vessel[]>();
    for (const v of fresh) {
      const key = cellKey(v.lat, v.lon, cDeg);
      const cell = coarse.get(key);
      if (cell) cell.push(v);
      else coarse.set(key, [v]);
    }
    for (const s of silent) {
      const ageH = (T - s.t) / HOUR_MS;
      const r = P.maxDistanceM + Math.min(MAX_DRIFT_M, ageH * P.maxSpeedKn * M_PER_NM);
      const row = Math.floor(s.lat / cDeg);
      const col = Math.floor(s.lon / cDeg);
      const kx = lonSpan(s.lat);
      for (let dr = -1; dr <= 1; dr++) {
        for (let dc = -kx; dc <= kx; dc++) {
          const cell = coarse.get((row + dr) * GRID_ROW + col + dc);
          if (!cell) continue;
          for (const f of cell) {
            this.comparisons++;
            const d = flatM(s.lat, s.lon, f.lat, f.lon);
            if (d <= r) this.closePair(T, f, s, d, s);
          }
        }
      }
      // a partner it was paired with when it fell silent stays one, however far it has drifted
      // since, while it is heard and slow (seed 1811: both drifted 6 km in 6 h at 0.5-0.8 kn; the
      // pairing ended at MAX_DRIFT_M, 1.7 h in). Whether the silent one kept alongside is judged
      // when it reports again (resolve)
      for (const pair of s.pending ?? []) {
        const prov = pair.prov;
        if (!prov || prov.silentSince !== s.t || (pair.provSide === 'a' ? pair.a : pair.b) !== s) continue;
        if (prov.ticks[prov.ticks.length - 1]?.t === T) continue;
        const f = pair.provSide === 'a' ? pair.b : pair.a;
        if (T - f.t > P.freshMin * MIN_MS || f.sog > P.candidateMaxSpeedKn) continue;
        this.closePair(T, f, s, flatM(s.lat, s.lon, f.lat, f.lon), s);
      }
    }
  }

  /** A (possibly) close pair at tick T; `silent` is the side heard too long ago, if any. */
  private closePair(T: number, v: Vessel, u: Vessel, d: number, silent: Vessel | null): void {
    const [a, b] = v.mmsi < u.mmsi ? [v, u] : [u, v];
    const key = `${a.mmsi}-${b.mmsi}`;
    let pair = this.pairs.get(key);
    if (!pair) {
      pair = { key, a, b, ticks: newTickLog(), prov: null, provSide: null, lastActive: T, dark: null };
      this.pairs.set(key, pair);
    }
    // vessel objects are replaced when a vessel is forgotten and seen again
    pair.a = a;
    pair.b = b;
    pair.lastActive = T;
    const s: TickSample = {
      t: T,
      dist: d,
      sogA: a.sog,
      sogB: b.sog,
      lat: (a.lat + b.lat) / 2,
      lon: (a.lon + b.lon) / 2,
      silentA: silent === a,
      silentB: silent === b,
      tA: a.t,
      tB: b.t,
      fLat: 0,
      fLon: 0,
      fT: 0,
    };
    if (!silent) {
      pushTick(pair.ticks, s);
      return;
    }
    const side: 'a' | 'b' = silent === a ? 'a' : 'b';
    const other = silent === a ? b : a;
    s.fLat = other.lat;
    s.fLon = other.lon;
    s.fT = other.t;
    if (!pair.prov || pair.provSide !== side || pair.prov.silentSince !== silent.t) {
      // a new silence (a previous one was resolved or dropped when its vessel reported)
      // where the partner was when this one fell silent. Between its fixes either side of that
      // time it was at one of them or on the line between, as the speeds it made allow: the
      // nearest of the two fixes and the point on the line at that time is taken (seed 1802: both
      // drifting at 0.6 kn, the partner's fixes 20 min either side, the nearer one 500 m off, the
      // line 110 m; seed 1811: the partner came in at 11 kn and had stopped alongside before the
      // other fell silent: its next fix 340 m off), and, when slow at the later fix, where its
      // course and speed there put it back then. Otherwise its fix nearest that time (seed
      // 1401: its next report was lost, and by the first silent tick it had drifted 1.4 km)
      let pLat = other.lat;
      let pLon = other.lon;
      if (other.prevT <= silent.t && silent.t <= other.t && other.t > other.prevT) {
        const f = (silent.t - other.prevT) / (other.t - other.prevT);
        const cands: [number, number][] = [
          [other.prevLat, other.prevLon],
          [other.prevLat + (other.lat - other.prevLat) * f, other.prevLon + (other.lon - other.prevLon) * f],
          [other.lat, other.lon],
        ];
        // slow at its later fix: drifting, so also where its course and speed there put it back
        // then (seed 1821: 40-min reports, the partner's fixes 44 min before at 9 kn and 88 min
        // after drifting at 0.7 kn; drifted back it lay 150 m off)
        if (other.sog <= this.ctx.params.encounter.maxSpeedKn && !Number.isNaN(other.cog)) {
          const back = destinationPoint(other.lat, other.lon, (other.cog + 180) % 360, (other.sog * M_PER_NM * (other.t - silent.t)) / 3_600_000);
          cands.push([back.lat, back.lon]);
        }
        let best = Number.POSITIVE_INFINITY;
        for (const [la, lo] of cands) {
          const d = flatM(silent.lat, silent.lon, la, lo);
          if (d < best) [best, pLat, pLon] = [d, la, lo];
        }
      } else if (Math.abs(other.prevT - silent.t) < Math.abs(other.t - silent.t)) {
        pLat = other.prevLat;
        pLon = other.prevLon;
      }
      pair.prov = { silentSince: silent.t, lat: silent.lat, lon: silent.lon, pLat, pLon, ticks: [] };
      pair.provSide = side;
      if (silent.pending) {
        if (!silent.pending.includes(pair)) silent.pending.push(pair);
      } else silent.pending = [pair];
    }
    pair.prov.ticks.push(s);
  }

  private close(pair: Pair): void {
    this.pairs.delete(pair.key);
    const ev = this.toEvent(pair);
    if (ev) this.ctx.emit(ev);
    // an early alert whose encounter did not come to be under its id is taken back
    if (pair.notice && this.ctx.notice && ev?.id !== pair.notice.id) {
      const why = ev
        ? `superseded by ${ev.id}: a silent partner's ticks, judged when it reported again, start the encounter earlier`
        : 'the whole stay, judged over all its ticks, no longer meets the rule (speeds, duration, shore or anchorage)';
      this.ctx.notice(withdrawnNotice(pair.notice, pair.lastActive, why));
    }
  }

  private toEvent(pair: Pair): Event | null {
    const P = this.ctx.params.encounter;
    const { n, v } = pair.ticks;
    if (n < 2) return null;
    // tick offsets in time order (a resolved silence's ticks may come after later ones)
    const at = Array.from({ length: n }, (_, i) => i * TICK_FIELDS).sort((x, y) => v[x]! - v[y]!);
    const field = (f: number): number[] => at.map((o) => v[o + f]!);
    const start = v[at[0]!]!;
    const end = v[at[n - 1]!]!;
    const durH = (end - start) / HOUR_MS;
    if (durH < P.minDurationH) return null;
    const sogA = median(field(2));
    const sogB = median(field(3));
    if (!(sogA < P.maxSpeedKn && sogB < P.maxSpeedKn)) return null;
    let lat = 0;
    let lon = 0;
    let silentA = 0;
    let silentB = 0;
    let minD = Number.POSITIVE_INFINITY;
    for (const o of at) {
      lat += v[o + 4]!;
      lon += v[o + 5]!;
      if (v[o + 8]! & 1) silentA++;
      if (v[o + 8]! & 2) silentB++;
      if (v[o + 1]! < minD) minD = v[o + 1]!;
    }
    lat /= n;
    lon /= n;
    const geo = this.ctx.geo;
    const shoreM = geo.distanceToShoreM(lat, lon);
    if (!(shoreM > P.minShoreDistM)) return null;
    const anch = geo.nearestAnchorage(lat, lon);
    if (anch && anch.distanceM < P.minAnchorageDistM) return null;
    const flags: string[] = [];
    const mid = start + (end - start) / 2;
    if (geo.isNight(mid, lat, lon)) flags.push('night');
    if (shoreM > P.territorialSeaNm * M_PER_NM) flags.push('outside_territorial_sea');
    const infoA = this.ctx.vessel(pair.a.mmsi);
    const infoB = this.ctx.vessel(pair.b.mmsi);
    if (isTanker(infoA) && isTanker(infoB)) flags.push('tanker_pair');
    const fa = silentA / n;
    const fb = silentB / n;
    if (fa > P.darkPartnerFraction || fb > P.darkPartnerFraction) flags.push('dark_partner');
    const medD = median(field(1));
    const ids = new Set<string>();
    for (const o of at) {
      ids.add(positionId(pair.a.mmsi, v[o + 6]!));
      ids.add(positionId(pair.b.mmsi, v[o + 7]!));
    }
    const mmsi = [pair.a.mmsi, pair.b.mmsi];
    // longer and closer encounters are surer; a partner mostly silent is less so
    const confidence = Math.max(
      0.05,
      Math.min(
        1,
        0.5 + 0.25 * Math.min(1, (durH - P.minDurationH) / Math.max(P.minDurationH, 0.5)) + 0.25 * (1 - medD / P.maxDistanceM) - 0.2 * Math.max(fa, fb),
      ),
    );
    return {
      id: eventId('encounter', mmsi, start),
      type: 'encounter',
      start: isoTime(start),
      end: isoTime(end),
      mmsi,
      lat: round(lat, 5),
      lon: round(lon, 5),
      // a stay inferred from reachability, not heard, is surer of nothing than 0.6
      // (never heard alongside at all, only closing in: 0.5)
      confidence: round(pair.dark ? Math.min(pair.dark['closingFromM'] !== undefined ? 0.5 : 0.6, confidence) : confidence, 2),
      flags,
      rule: ruleOf(this.ctx, 'encounter', 'encounter'),
      evidence: {
        durationH: round(durH, 2),
        medianDistanceM: Math.round(medD),
        minDistanceM: Math.round(minD),
        medianSpeedKnA: round(sogA, 2),
        medianSpeedKnB: round(sogB, 2),
        ticks: n,
        silentFractionA: round(fa, 2),
        silentFractionB: round(fb, 2),
        shoreDistanceNm: round(shoreM / M_PER_NM, 1),
        nearestAnchorage: anch ? anch.label : null,
        anchorageDistanceKm: anch ? round(anch.distanceM / 1000, 1) : null,
        positions: ids.size,
        ...(pair.dark
          ? {
              darkPartner: {
                silentFrom: isoTime(pair.dark['silentFrom']!),
                latestAlongside: isoTime(pair.dark['latestAlongside']!),
                reappeared: isoTime(pair.dark['reappeared']!),
                reappearedKm: pair.dark['reappearedKm']!,
                averageKnOverSilence: pair.dark['averageKnOverSilence']!,
                neededKnAfterLeaving: pair.dark['neededKnAfterLeaving']!,
                partnerDriftedM: pair.dark['partnerDriftedM']!,
                ...(pair.dark['closingFromM'] !== undefined
                  ? {
                      closingFromM: pair.dark['closingFromM'],
                      closingKn: pair.dark['closingKn'],
                      closingCourseOffDeg: pair.dark['closingCourseOffDeg'],
                      reasoning:
                        'fell silent closing in on the slow vessel (slow, heading for it, alongside within minutes at its speed), kept alongside while the other stayed slow, then left: its next position is reachable only if it left after the last tick alongside',
                    }
                  : { reasoning: 'kept alongside while the other stayed slow (stopped or drifting), then left: its next position is reachable only if it left after the last tick alongside' }),
              },
            }
          : {}),
        positionIds: sample([...ids], 40),
      },
    };
  }
}
