/**
 * Feeds every detector from one time-ordered stream of records, the way batch
 * (a replay of files) and live (a feed) both run: `push` any number of times
 * with the next records, `flush` once at the end of input. All state lives
 * across pushes and events close by feed time, so cutting the input into
 * different pushes, files or days gives the same events.
 *
 * The chain: records -> the track segmenter (GFW gpsdio-segment; only its verdict
 * on each fix, src/track/filter.ts, when no detector run reads segments) -> the list
 * of detectors, each a `Detector` (detector.ts) called in list order: every
 * accepted fix to the `every` detectors (encounter, gap, drift), at most one fix
 * per vessel per `thinning.minIntervalS` to the `thinned` ones (loitering, port
 * visit, zones, spoofing, convoy); static reports to identity, spoofing and
 * destination; the
 * segmenter's closed segments to spoofing. Detectors never call each other:
 * their events go through the stages of stages.ts (loitering that overlaps an
 * encounter), then out.
 *
 * Out-of-order input throws DarkfleetError `detect_unsorted` (sort it, or
 * create the runner with `reorderWindowMs` to let a ReorderBuffer put a
 * slightly shuffled feed in order; records later than the window are counted
 * as `late` and dropped).
 */
import { DarkfleetError } from '../errors.js';
import type { Position, VesselStatic } from '../records.js';
import { ReorderBuffer } from '../track/order.js';
import { imoQuality } from '../ref/imo.js';
import { Segmenter, type SegmenterOptions } from '../track/segmenter.js';
import { FixFilter } from '../track/filter.js';
import type { SegmenterProfile } from '../track/params.js';
import { HOUR_MS, MIN_MS, type DetectContext, type VesselInfo } from './context.js';
import type { Detector, DetectorCounters, Fix } from './detector.js';
import { ConvoyDetector } from './convoy.js';
import { DestinationDetector } from './destination.js';
import { DriftDetector } from './drift.js';
import { EncounterDetector } from './encounter.js';
import { GapDetector } from './gap.js';
import type { GeoContext } from './geo-context.js';
import { IdentityDetector } from './identity.js';
import { LoiteringDetector } from './loitering.js';
import { PortVisitDetector } from './port_visit.js';
import { detectorParams, type DetectorParams, type ParamOverrides } from './profiles.js';
import { SpoofingDetector } from './spoofing/index.js';
import { restoreInto, stateOf } from './snapshot.js';
import { EncounterExclusion, type EventStage } from './stages.js';
import { ZoneDetector } from './zones.js';
import type { Event, EventType } from '../events.js';
import { MmsiMap } from '../util/mmsi-map.js';

export type DetectRecord = Position | VesselStatic;

export interface RunnerOptions {
  /** parameter profile: gfw (default), skylight, strict */
  profile?: string;
  /** parameter overrides on top of the profile */
  params?: ParamOverrides;
  /** the map: land, anchorages, the sun, and the zones of zone_entry / zone_exit */
  geo: GeoContext;
  /** > 0: hold records this many ms of feed time to put a shuffled feed in order */
  reorderWindowMs?: number;
  /** segmenter overrides (profile defaults to the detector profile's match) */
  segmenter?: Omit<SegmenterOptions, 'onClose' | 'onDiscard' | 'onIdentity'>;
  /**
   * Run only these detectors (their `name`s; default every one). A partition of a scale-out
   * feed (src/live/partition.ts) emits only some event types: the others' work would be thrown
   * away. The detectors left out must not be ones the kept ones read (none reads another's state;
   * the loitering exclusion stage reads encounters, so keep `encounter` where it is on).
   */
  detectors?: DetectorChoice;
  /**
   * Records need be in time order per MMSI only, not across MMSIs: the caller hands over each
   * span of feed time within one UTC hour grouped by vessel, and marks each hour's turn first
   * with `advance(t)` at the time of the span's earliest record (a replay's per-vessel thread:
   * src/pipeline/replay-worker.ts). A vessel's state is then read many fixes in a row instead of once
   * per fix between all the others' (on a busy store, each detector's read of a vessel's state
   * was a cache miss). Only for detectors that read no other vessel's state at each fix: those
   * that advance with feed time (encounters, convoys) are refused.
   */
  vesselOrder?: boolean;
  /**
   * Early alerts (live): once a feed minute the detectors post events still open that already
   * meet their rule (Detector.noticeAt), taken with `notices()`; never stored, never part of what
   * `push` and `flush` return, so the events are those of a runner without them.
   */
  notices?: boolean;
}

/** Detectors by `name`: only these, or every one but these. */
export interface DetectorChoice {
  only?: readonly string[];
  except?: readonly string[];
}

export interface RunnerStats extends DetectorCounters {
  records: number;
  positions: number;
  statics: number;
  /** positions not used, by reason (invalid fields, duplicates, noise, bad time) */
  rejected: Record<string, number>;
  /** records that came later than the reorder window allowed */
  late: number;
  events: Partial<Record<EventType, number>>;
  segmentsOpened: number;
}

/** What `Runner.save` returns: plain data (Maps, arrays, typed arrays), for snapshot.ts's encodeState. */
export interface RunnerState {
  profile: string;
  runner: Record<string, unknown>;
  segmenter: Record<string, unknown>;
  reorder: Record<string, unknown> | null;
  detectors: { name: string; state: Record<string, unknown> }[];
  stages: Record<string, unknown>[];
}

const SEGMENTER_PROFILE: Record<string, SegmenterProfile> = { gfw: 'gfw', skylight: 'gfw', strict: 'strict' };

/** The options a runner of this profile gives its segmenter (or fix filter). */
export function segmenterOptionsFor(profile: string, over?: RunnerOptions['segmenter']): SegmenterOptions & { profile: SegmenterProfile; requireSpeed: boolean } {
  return { profile: SEGMENTER_PROFILE[profile] ?? 'gfw', requireSpeed: false, ...over };
}

function isPosition(r: DetectRecord): r is Position {
  return (r as Position).lat !== undefined && (r as Position).lon !== undefined;
}

export class Runner {
  readonly profile: string;
  readonly params: DetectorParams;
  private readonly ctx: DetectContext;
  /** the track segmenter, or only its verdict on each fix when no detector here reads segments */
  private readonly seg: Segmenter | FixFilter;
  /** every detector, in the order each is called at every step */
  private readonly detectors: readonly Detector[];
  /** the detectors that take each step (the list filtered once, so the hot path calls only those) */
  private readonly everyFix: readonly Detector[];
  private readonly thinnedFix: readonly Detector[];
  private readonly advancing: readonly Detector[];
  private readonly expiring: readonly Detector[];
  private readonly repeats: readonly Detector[];
  private readonly statics: readonly Detector[];
  private readonly noticing: readonly Detector[];
  /** early alerts posted and not yet taken (`notices()`) */
  private notes: Event[] = [];
  /** feed time of the next notice round (once a feed minute) */
  private nextNotice = Number.NEGATIVE_INFINITY;
  /** the segment of the fix being fed (one object, rewritten per fix: detectors read it, never keep it) */
  private readonly fix: Fix = { segment: '' };
  /** the steps after the detectors, in order */
  private readonly stages: readonly EventStage[];
  private info = new Map<number, VesselInfo>();
  /** per MMSI: last accepted fix, and the time of the last fix the thinned detectors saw */
  private last = new MmsiMap<{ p: Position; fullT: number }>();
  private readonly thinMs: number;
  private readonly reorder: ReorderBuffer<DetectRecord> | null;
  private out: Event[] = [];
  private lastT = Number.NEGATIVE_INFINITY;
  private lastHour = Number.NEGATIVE_INFINITY;
  private readonly counts = { records: 0, positions: 0, statics: 0, late: 0, badTime: 0 };
  private readonly eventCounts: Partial<Record<EventType, number>> = {};
  private flushed = false;
  private readonly vesselOrder: boolean;

  constructor(opts: RunnerOptions) {
    this.profile = opts.profile ?? 'gfw';
    this.params = detectorParams(this.profile, opts.params);
    const emit = (e: Event): void => {
      this.out.push(e);
      this.eventCounts[e.type] = (this.eventCounts[e.type] ?? 0) + 1;
    };
    const exclusion = new EncounterExclusion(this.params.loitering.excludeEncounters > 0, emit);
    this.stages = [exclusion];
    this.ctx = {
      profile: this.profile,
      params: this.params,
      geo: opts.geo,
      emit: (e) => exclusion.push(e),
      vessel: (m) => this.info.get(m),
      lastPosition: (m) => this.last.get(m)?.p,
      ...(opts.notices ? { notice: (e: Event) => void this.notes.push(e) } : {}),
    };
    this.thinMs = this.params.thinning.minIntervalS * 1000;
    const drift = this.params.drift.enabled || this.params.speedChange.enabled;
    // the order of this list is the order of every call, so of events from one record
    const all: Detector[] = [
      new EncounterDetector(this.ctx),
      new LoiteringDetector(this.ctx),
      new GapDetector(this.ctx),
      new PortVisitDetector(this.ctx),
      new ZoneDetector(this.ctx),
      new IdentityDetector(this.ctx),
      new SpoofingDetector(this.ctx),
      ...(drift ? [new DriftDetector(this.ctx)] : []),
      new ConvoyDetector(this.ctx),
      new DestinationDetector(this.ctx),
    ];
    const { only, except } = opts.detectors ?? {};
    const unknown = [...(only ?? []), ...(except ?? [])].filter((n) => !all.some((d) => d.name === n) && n !== 'drift');
    if (unknown.length) throw new DarkfleetError('detect_options', `unknown detector ${unknown.join(', ')}; known: ${all.map((d) => d.name).join(', ')}`);
    this.detectors = all.filter((d) => (!only || only.includes(d.name)) && !except?.includes(d.name));
    this.everyFix = this.detectors.filter((d) => d.onPosition && d.feed === 'every');
    this.thinnedFix = this.detectors.filter((d) => d.onPosition && d.feed === 'thinned');
    this.advancing = this.detectors.filter((d) => d.advanceTo);
    this.expiring = this.detectors.filter((d) => d.expire);
    this.repeats = this.detectors.filter((d) => d.onRepeat);
    this.statics = this.detectors.filter((d) => d.onStatic);
    this.noticing = opts.notices ? this.detectors.filter((d) => d.noticeAt) : [];
    this.vesselOrder = opts.vesselOrder === true;
    if (this.vesselOrder && (this.advancing.length > 0 || opts.reorderWindowMs)) {
      throw new DarkfleetError('detect_options', `vessel-ordered input needs per-vessel detectors only (not ${this.advancing.map((d) => d.name).join(', ') || 'a reorder window'})`);
    }
    const segOpts = segmenterOptionsFor(this.profile, opts.segmenter);
    this.seg = this.detectors.some((d) => d.segments)
      ? new Segmenter({
          ...segOpts,
          onClose: (s) => {
            for (const d of this.detectors) d.onSegmentClosed?.(s.mmsi, s.id);
          },
        })
      : new FixFilter(segOpts);
    this.reorder =
      opts.reorderWindowMs && opts.reorderWindowMs > 0
        ? new ReorderBuffer<DetectRecord>({
            windowMs: opts.reorderWindowMs,
            emit: (r) => this.one(r),
            onLate: () => this.counts.late++,
          })
        : null;
  }

  /** Feed the next records (time order, or within the reorder window); returns the events they closed. */
  push(records: readonly DetectRecord[]): Event[] {
    if (this.flushed) throw new DarkfleetError('detect_flushed', 'this runner was flushed; create a new one for new input');
    if (this.reorder) for (const r of records) this.reorder.push(r);
    else for (const r of records) this.one(r);
    return this.take();
  }

  /**
   * Feed time reaches `t` without a record for this runner: the same hourly housekeeping and
   * time-driven work (encounter ticks) a record at `t` would trigger first. A runner fed one
   * partition of a bigger feed (src/live/) gets the feed's clock this way, so its hours turn at
   * the same times as a runner fed everything; returns the events that closed.
   */
  advance(t: number): Event[] {
    if (this.flushed) throw new DarkfleetError('detect_flushed', 'this runner was flushed; create a new one for new input');
    if (this.reorder || !Number.isFinite(t) || t < this.lastT) return this.take();
    this.lastT = t;
    this.clock(t);
    return this.take();
  }

  /** The early alerts posted since the last call (a runner made with `notices`), in feed order. */
  notices(): Event[] {
    const n = this.notes;
    this.notes = [];
    return n;
  }

  /** End of input: close everything still open; returns the events that closed. */
  flush(): Event[] {
    if (this.flushed) return [];
    this.reorder?.flush();
    this.flushed = true;
    for (const d of this.detectors) d.flush();
    this.seg.flush();
    for (const s of this.stages) s.flush();
    return this.take();
  }

  /**
   * Everything the runner holds between pushes (segmenter, detectors, stages, vessel facts),
   * as plain data for snapshot.ts's encodeState: a run resumed from it with `restore` on a
   * new runner of the same profile, parameters and map gives the events an unbroken run gives.
   * Only between pushes, before `flush`. `at`, when given, is the feed time the state is taken
   * at (every record before it pushed, none after will be): what no later record can need is
   * dropped first (segmenter.forget).
   */
  save(at?: number): RunnerState {
    if (this.flushed) throw new DarkfleetError('detect_flushed', 'a flushed runner has no state to save; save before flush');
    if (this.out.length) throw new DarkfleetError('detect_state', 'save the runner between pushes, after taking their events');
    // a reorder buffer still holds records older than `at`: nothing may be forgotten
    if (at !== undefined && !this.reorder) this.seg.forget(at);
    return {
      profile: this.profile,
      runner: { info: this.info, last: stateOf(this.last), lastT: this.lastT, lastHour: this.lastHour, counts: this.counts, eventCounts: this.eventCounts },
      segmenter: stateOf(this.seg),
      reorder: this.reorder ? stateOf(this.reorder) : null,
      detectors: this.detectors.map((d) => ({ name: d.name, state: stateOf(d) })),
      stages: this.stages.map((s) => stateOf(s)),
    };
  }

  /** Takes over a state from `save` (of a runner made with the same options); before the first push. */
  restore(state: RunnerState): void {
    const names = this.detectors.map((d) => d.name).join(',');
    if (state.profile !== this.profile || state.detectors.map((d) => d.name).join(',') !== names || state.stages.length !== this.stages.length || (state.reorder === null) !== (this.reorder === null)) {
      throw new DarkfleetError('detect_state', `saved detector state is of another runner (profile ${state.profile}, detectors ${state.detectors.map((d) => d.name).join(',')}); run from the start`);
    }
    if (this.counts.records > 0 || this.flushed) throw new DarkfleetError('detect_state', 'restore a runner before its first push');
    const r = state.runner as { info: Runner['info']; last: Record<string, unknown>; lastT: number; lastHour: number; counts: Runner['counts']; eventCounts: Runner['eventCounts'] };
    this.info = r.info;
    restoreInto(this.last, r.last);
    this.lastT = r.lastT;
    this.lastHour = r.lastHour;
    Object.assign(this.counts, r.counts);
    Object.assign(this.eventCounts, r.eventCounts);
    restoreInto(this.seg, state.segmenter);
    if (this.reorder && state.reorder) restoreInto(this.reorder, state.reorder);
    this.detectors.forEach((d, i) => restoreInto(d, state.detectors[i]!.state));
    this.stages.forEach((s, i) => restoreInto(s, state.stages[i]!));
  }

  get stats(): RunnerStats {
    const rejected: Record<string, number> = {};
    for (const [k, v] of Object.entries(this.seg.stats.rejected.byReason)) if (v) rejected[k] = v;
    if (this.counts.badTime) rejected['bad_time'] = (rejected['bad_time'] ?? 0) + this.counts.badTime;
    const counters: DetectorCounters = { encounterTicks: 0, encounterComparisons: 0, anchorageLookups: 0, zoneLookups: 0, zoneSecondTransmitter: 0, shoreLookups: 0 };
    for (const d of this.detectors) Object.assign(counters, d.counters?.());
    return {
      records: this.counts.records,
      positions: this.counts.positions,
      statics: this.counts.statics,
      rejected,
      late: this.counts.late,
      events: { ...this.eventCounts },
      segmentsOpened: this.seg.stats.segmentsOpened,
      ...counters,
    };
  }

  private take(): Event[] {
    const e = this.out;
    this.out = [];
    return e;
  }

  /** A detector's watermark (no watermark: it holds nothing back). */
  private watermark = (name: string): number => {
    const d = this.detectors.find((x) => x.name === name);
    return d?.watermark ? d.watermark() : Number.POSITIVE_INFINITY;
  };

  private one(r: DetectRecord): void {
    this.counts.records++;
    const t = r.t;
    if (!Number.isFinite(t)) {
      this.counts.badTime++;
      return;
    }
    if (this.vesselOrder) {
      // per-vessel order is the segmenter's to check; the hour turns came through advance()
      if (t > this.lastT) {
        if (Math.floor(t / HOUR_MS) !== this.lastHour) this.clock(t);
        this.lastT = t;
      }
    } else if (t < this.lastT) {
      throw new DarkfleetError(
        'detect_unsorted',
        `record of MMSI ${r.mmsi} at ${new Date(t).toISOString()} came after ${new Date(this.lastT).toISOString()}: ` +
          'the detectors need records in time order; sort the input (sortByTime in src/track/order.ts) ' +
          'or create the runner with reorderWindowMs for a slightly shuffled feed',
      );
    } else {
      this.lastT = t;
      this.clock(t);
    }
    if (isPosition(r)) this.position(r);
    else this.static(r);
  }

  /** Feed time is t: hourly housekeeping at the first time of each UTC hour, then time-driven work. */
  private clock(t: number): void {
    const hour = Math.floor(t / HOUR_MS);
    if (hour !== this.lastHour) {
      this.lastHour = hour;
      for (const d of this.expiring) d.expire!(t);
      this.seg.expire(t);
      for (const s of this.stages) s.release(t, this.watermark);
    }
    for (const d of this.advancing) d.advanceTo!(t);
    if (this.noticing.length > 0 && t >= this.nextNotice) {
      // on the minute grid, as the clock marks a partition gets (src/live/codec.ts), so a
      // partition's runner posts at the same feed times as one fed everything
      this.nextNotice = (Math.floor(t / MIN_MS) + 1) * MIN_MS;
      for (const d of this.noticing) d.noticeAt!(t);
    }
  }

  private position(p: Position): void {
    this.counts.positions++;
    const segId = this.seg.push(p);
    if (segId == null) {
      const why = this.seg.lastReason;
      if (why === 'duplicate' || why === 'repeated_fix') for (const d of this.repeats) d.onRepeat!(p);
      return;
    }
    const fix = this.fix;
    fix.segment = segId;
    for (const d of this.everyFix) d.onPosition!(p, fix);
    let slot = this.last.get(p.mmsi);
    if (!slot) this.last.set(p.mmsi, (slot = { p, fullT: Number.NEGATIVE_INFINITY }));
    slot.p = p;
    if (p.t - slot.fullT < this.thinMs) return;
    slot.fullT = p.t;
    for (const d of this.thinnedFix) d.onPosition!(p, fix);
  }

  private static(s: VesselStatic): void {
    this.counts.statics++;
    let info = this.info.get(s.mmsi);
    if (!info) {
      info = { name: null, imo: null, callsign: null, shipType: null, flag: null, length: null, quality: [] };
      this.info.set(s.mmsi, info);
    }
    if (s.length != null && s.length > 0) info.length = s.length;
    const q = imoQuality(s.imo);
    if (q === 'invalid_check_digit' || q === 'misformatted') {
      const finding = `imo_${q}`;
      if (!info.quality.includes(finding)) info.quality.push(finding);
    }
    if (s.name) info.name = s.name;
    if (s.imo != null) info.imo = s.imo;
    if (s.callsign) info.callsign = s.callsign;
    if (s.shipType != null) info.shipType = s.shipType;
    if (s.flag) info.flag = s.flag;
    for (const d of this.statics) d.onStatic!(s);
  }
}
