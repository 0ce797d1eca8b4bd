/**
 * Feeds every detector from one time-ordered stream of records, the way batch
 * (a replay of files) and live (a feed) both run: `push` any number of times
 * with the next records, `flush` once at the end of input. All state lives
 * across pushes and events close by feed time, so cutting the input into
 * different pushes, files or days gives the same events.
 *
 * Per position: the track segmenter (GFW gpsdio-segment) first, then the
 * per-MMSI detectors (gap and drift on every fix; loitering, port visit,
 * zones and spoofing on at most one fix per `thinning.minIntervalS`) and the
 * pairwise encounter detector, which compares vessels through a spatial grid
 * every tick of feed time. Static reports feed identity changes, invalid
 * IMOs and the vessel facts events use (tanker pairs).
 *
 * Out-of-order input throws DarkfleetError `detect_unsorted` (sort it, or
 * create the runner with `reorderWindowMs` to let a ReorderBuffer put a
 * slightly shuffled feed in order; records later than the window are counted
 * as `late` and dropped).
 */
import type { FeatureCollection } from 'geojson';
import { DarkfleetError } from '../errors.js';
import type { Position, VesselStatic } from '../records.js';
import { ReorderBuffer } from '../track/order.js';
import { Segmenter, type SegmenterOptions } from '../track/segmenter.js';
import type { SegmenterProfile } from '../track/params.js';
import { HOUR_MS, type DetectContext, type VesselInfo } from './context.js';
import { DriftDetector } from './drift.js';
import { EncounterDetector } from './encounter.js';
import { GapDetector } from './gap.js';
import type { GeoContext } from './geo-context.js';
import { IdentityDetector } from './identity.js';
import { LoiteringDetector } from './loitering.js';
import { PortVisitDetector } from './port_visit.js';
import { detectorParams, type DetectorParams, type ParamOverrides } from './profiles.js';
import { SpoofingDetector } from './spoofing.js';
import type { Event, EventType } from '../events.js';
import { ZoneDetector, zonesFromGeoJson, type UserZone } from './zones.js';

export type DetectRecord = Position | VesselStatic;

export interface RunnerOptions {
  /** parameter profile: gfw (default), skylight, strict */
  profile?: string;
  /** parameter overrides on top of the profile */
  params?: ParamOverrides;
  geo: GeoContext;
  /** user zones (GeoJSON polygons), on top of the GeoContext's own */
  zones?: readonly UserZone[] | FeatureCollection;
  /** > 0: hold records this many ms of feed time to put a shuffled feed in order */
  reorderWindowMs?: number;
  /** segmenter overrides (profile defaults to the detector profile's match) */
  segmenter?: Omit<SegmenterOptions, 'onClose' | 'onDiscard' | 'onIdentity'>;
}

export interface RunnerStats {
  records: number;
  positions: number;
  statics: number;
  /** positions not used, by reason (invalid fields, duplicates, noise, bad time) */
  rejected: Record<string, number>;
  /** records that came later than the reorder window allowed */
  late: number;
  events: Partial<Record<EventType, number>>;
  segmentsOpened: number;
  encounterTicks: number;
  encounterComparisons: number;
  anchorageLookups: number;
  zoneLookups: number;
  shoreLookups: number;
}

const SEGMENTER_PROFILE: Record<string, SegmenterProfile> = { gfw: 'gfw', skylight: 'gfw', strict: 'strict' };

function isPosition(r: DetectRecord): r is Position {
  return (r as Position).lat !== undefined && (r as Position).lon !== undefined;
}

export class Runner {
  readonly profile: string;
  readonly params: DetectorParams;
  private readonly ctx: DetectContext;
  private readonly seg: Segmenter;
  private readonly encounter: EncounterDetector;
  private readonly loitering: LoiteringDetector;
  private readonly gap: GapDetector;
  private readonly port: PortVisitDetector;
  private readonly zones: ZoneDetector;
  private readonly spoofing: SpoofingDetector;
  private readonly identity: IdentityDetector;
  private readonly drift: DriftDetector | null;
  private readonly info = new Map<number, VesselInfo>();
  /** per MMSI: last accepted fix, and the time of the last fix the thinned detectors saw */
  private readonly last = new Map<number, { p: Position; fullT: number }>();
  private readonly thinMs: number;
  private readonly reorder: ReorderBuffer<DetectRecord> | null;
  private out: Event[] = [];
  private lastT = Number.NEGATIVE_INFINITY;
  private lastHour = Number.NEGATIVE_INFINITY;
  private readonly counts = { records: 0, positions: 0, statics: 0, late: 0, badTime: 0 };
  private readonly eventCounts: Partial<Record<EventType, number>> = {};
  private flushed = false;

  constructor(opts: RunnerOptions) {
    this.profile = opts.profile ?? 'gfw';
    this.params = detectorParams(this.profile, opts.params);
    this.ctx = {
      profile: this.profile,
      params: this.params,
      geo: opts.geo,
      emit: (e) => {
        this.out.push(e);
        this.eventCounts[e.type] = (this.eventCounts[e.type] ?? 0) + 1;
      },
      vessel: (m) => this.info.get(m),
      lastPosition: (m) => this.last.get(m)?.p,
    };
    this.seg = new Segmenter({
      profile: SEGMENTER_PROFILE[this.profile] ?? 'gfw',
      requireSpeed: false,
      ...opts.segmenter,
      onClose: (s) => this.spoofing.segmentClosed(s.mmsi, s.id),
    });
    this.thinMs = this.params.thinning.minIntervalS * 1000;
    this.encounter = new EncounterDetector(this.ctx);
    this.loitering = new LoiteringDetector(this.ctx, (m, a, b) => this.encounter.inEncounter(m, a, b));
    this.gap = new GapDetector(this.ctx);
    this.port = new PortVisitDetector(this.ctx);
    const userZones = opts.zones ? (Array.isArray(opts.zones) ? (opts.zones as UserZone[]) : zonesFromGeoJson(opts.zones as FeatureCollection)) : [];
    this.zones = new ZoneDetector(this.ctx, userZones);
    this.spoofing = new SpoofingDetector(this.ctx);
    this.identity = new IdentityDetector(this.ctx);
    this.drift = this.params.drift.enabled || this.params.speedChange.enabled ? new DriftDetector(this.ctx) : null;
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

  /** End of input: close everything still open; returns the events that closed. */
  flush(): Event[] {
    if (this.flushed) return [];
    this.reorder?.flush();
    this.flushed = true;
    this.encounter.flush();
    this.loitering.flush();
    this.gap.flush();
    this.port.flush();
    this.spoofing.flush();
    this.drift?.flush();
    this.seg.flush();
    return this.take();
  }

  get stats(): RunnerStats {
    const rejected: Record<string, number> = {};
    for (const [k, v] of Object.entries(this.seg.stats.rejected.byReason)) if (v) rejected[k] = v;
    if (this.counts.badTime) rejected['bad_time'] = (rejected['bad_time'] ?? 0) + this.counts.badTime;
    return {
      records: this.counts.records,
      positions: this.counts.positions,
      statics: this.counts.statics,
      rejected,
      late: this.counts.late,
      events: { ...this.eventCounts },
      segmentsOpened: this.seg.stats.segmentsOpened,
      encounterTicks: this.encounter.ticks,
      encounterComparisons: this.encounter.comparisons,
      anchorageLookups: this.port.lookups,
      zoneLookups: this.zones.lookups,
      shoreLookups: this.spoofing.shoreLookups,
    };
  }

  private take(): Event[] {
    const e = this.out;
    this.out = [];
    return e;
  }

  private one(r: DetectRecord): void {
    this.counts.records++;
    const t = r.t;
    if (!Number.isFinite(t)) {
      this.counts.badTime++;
      return;
    }
    if (t < this.lastT) {
      throw new DarkfleetError(
        'detect_unsorted',
        `record of MMSI ${r.mmsi} at ${new Date(t).toISOString()} came after ${new Date(this.lastT).toISOString()}: ` +
          'the detectors need records in time order; sort the input (sortByTime in src/track/order.ts) ' +
          'or create the runner with reorderWindowMs for a slightly shuffled feed',
      );
    }
    this.lastT = t;
    const hour = Math.floor(t / HOUR_MS);
    if (hour !== this.lastHour) {
      this.lastHour = hour;
      this.loitering.expire(t);
      this.spoofing.expire(t);
      this.seg.expire(t);
    }
    this.encounter.advanceTo(t);
    if (isPosition(r)) this.position(r);
    else this.static(r);
  }

  private position(p: Position): void {
    this.counts.positions++;
    const segId = this.seg.push(p);
    if (segId == null) {
      // a repeated reception is still a time the vessel was heard at that speed (AisAbnormal counts it)
      const why = this.seg.lastReason;
      if (this.drift && (why === 'duplicate' || why === 'repeated_fix')) this.drift.observe(p);
      return;
    }
    this.encounter.observe(p);
    this.gap.observe(p);
    this.drift?.observe(p);
    let slot = this.last.get(p.mmsi);
    if (!slot) this.last.set(p.mmsi, (slot = { p, fullT: Number.NEGATIVE_INFINITY }));
    slot.p = p;
    if (p.t - slot.fullT < this.thinMs) return;
    slot.fullT = p.t;
    this.loitering.observe(p);
    this.port.observe(p);
    this.zones.observe(p);
    this.spoofing.observe(p, segId);
  }

  private static(s: VesselStatic): void {
    this.counts.statics++;
    let info = this.info.get(s.mmsi);
    if (!info) {
      info = { name: null, imo: null, callsign: null, shipType: null, flag: null };
      this.info.set(s.mmsi, info);
    }
    if (s.name) info.name = s.name;
    if (s.imo != null) info.imo = s.imo;
    if (s.callsign) info.callsign = s.callsign;
    if (s.shipType != null) info.shipType = s.shipType;
    if (s.flag) info.flag = s.flag;
    this.identity.observe(s);
    this.spoofing.observeStatic(s);
  }
}
