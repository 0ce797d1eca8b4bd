/**
 * The analyze step (store → detectors → events → store), run after the ingest step: replay
 * everything the store holds in time order (replay.ts) through the detector runner, and store
 * the events. Replaying from the store (not from each file as it is read) is what keeps events
 * whole across file boundaries and UTC midnight, and makes a re-run idempotent: event ids are
 * deterministic and the store upserts them.
 *
 * The map the detectors see (WorldGeo) includes the traffic layer learned from the whole store
 * (src/geo/traffic.ts): water evidence, coverage, and anchorages learned near known ports. The
 * store keeps it and brings it up to date in SQL only when positions were added since
 * (refreshTraffic: merging just the added positions when nothing else changed), so a re-run
 * pays nothing for it and a day added pays for about a day.
 */
import type { Store, PositionQuery, TrafficRefresh } from '../store/types.js';
import { detectorParams } from '../detect/profiles.js';
import { trafficParams } from '../store/traffic-build.js';
import { createRunner } from '../detect/index.js';
import type { Event } from '../events.js';
import { WorldGeo } from '../geo/context.js';
import { readZonesFile } from '../geo/zones.js';
import type { Twilight } from '../geo/sun.js';
import { TrafficLayer, type TrafficRows } from '../geo/traffic.js';
import { replay } from './replay.js';
import type { Position, VesselStatic } from '../records.js';
import { isoTime } from '../events.js';
import type { Runner, RunnerState } from '../detect/runner.js';
import { availableParallelism } from 'node:os';
import { ParallelReplay, StartedShares, type ParallelOptions, type ParallelState } from './parallel.js';
import {
  CHECKPOINT_FORMAT,
  DAY_MS,
  HOUR_MS,
  KEEP_DAYS,
  LoggingGeo,
  analysisKey,
  anchorageShapes,
  decodeCheckpoint,
  decodeSaved,
  encodeCheckpoint,
  encodeSaved,
  firstChangedHour,
  geographyChangedAt,
  readHead,
  type Checkpoint,
} from './checkpoint.js';

export interface AnalyzeOptions {
  profile?: string;
  /** GeoJSON zones file replacing the bundled Nampo zones */
  zonesFile?: string;
  twilight?: Twilight;
  /** only positions in this window (epoch ms): a one-off look, no checkpoints */
  from?: number;
  to?: number;
  /** ignore the checkpoints: replay everything (the events are the same as an incremental run's) */
  full?: boolean;
  /**
   * threads running detectors (default: DARKFLEET_THREADS, else the cores, at most
   * DEFAULT_THREADS): 1 runs every detector on this thread; N > 1 runs the per-vessel detectors
   * on N - 1 threads by MMSI and the pairwise ones here, beside the reading. Used on a store of
   * at least `parallelMin` positions (default 1M: below, starting threads costs more than they
   * save). The events are the same either way; each per-vessel thread holds its own map (~250 MB).
   */
  threads?: number;
  parallelMin?: number;
}

/** Threads by default: the cores up to this (each beyond the first holds a map of its own) */
const DEFAULT_THREADS = 4;

/**
 * Per-vessel threads of a parallel replay, or 0 for one runner on this thread; `chosen` when the
 * number was asked for (--threads, DARKFLEET_THREADS) rather than taken from the machine.
 */
function sharesFor(opts: AnalyzeOptions, storePositions: number, excludeEncounters: boolean): { shares: number; chosen: boolean } {
  const env = Number(process.env['DARKFLEET_THREADS']);
  const cores = availableParallelism();
  const asked = opts.threads ?? (Number.isInteger(env) && env > 0 ? env : undefined);
  const threads = Math.min(cores * 2, asked ?? Math.min(cores, DEFAULT_THREADS));
  // the loitering/encounter exclusion needs every encounter beside each vessel's loitering: one runner
  if (threads < 2 || excludeEncounters || storePositions < (opts.parallelMin ?? 1_000_000)) return { shares: 0, chosen: asked !== undefined };
  return { shares: threads - 1, chosen: asked !== undefined };
}

export interface AnalyzeSummary {
  positions: number;
  statics: number;
  /** positions run through the detectors this time (all of them, or those after the checkpoint resumed from) */
  replayed: number;
  /** the checkpoint resumed from (ISO time), null for a run from the start */
  resumedFrom: string | null;
  /**
   * why it ran as it did: new_data (after the last run's data), late_data (earlier), learned_geography (the
   * traffic layer now answers a question the detectors asked differently), unchanged, no_checkpoint, full, window
   */
  reason: string;
  /** events emitted this run, by type */
  events: Record<string, number>;
  /** positions the detectors set aside, by reason (invalid fields, duplicates, noise) */
  notUsed: Record<string, number>;
  seconds: number;
  /** the traffic layer: refreshed this run or reused (incremental: only the positions added were merged in), its build time, learned anchorages */
  traffic: { refreshed: boolean; incremental: boolean; seconds: number; anchorages: number };
  /**
   * where the seconds went: `map` (traffic layer refreshed and loaded, data counts, the detectors'
   * map built; the heads read meanwhile), `resume` (the checkpoint decoded and restored, threads started), `replay` (the
   * detectors over the store), `checkpoints` (detector state saved: day checkpoints and the head),
   * `finish` (open events closed, events stored)
   */
  phases: Record<'map' | 'resume' | 'replay' | 'checkpoints' | 'finish', number>;
}

/** Seconds per phase of a run: `lap` charges the time since the last lap to a phase. */
function phaseClock(t0: bigint): { lap: (phase: keyof AnalyzeSummary['phases']) => void; phases: AnalyzeSummary['phases'] } {
  const phases = { map: 0, resume: 0, replay: 0, checkpoints: 0, finish: 0 };
  let last = t0;
  return {
    phases,
    lap: (phase) => {
      const now = process.hrtime.bigint();
      phases[phase] += Number(now - last) / 1e9;
      last = now;
    },
  };
}

const roundPhases = (p: AnalyzeSummary['phases']): AnalyzeSummary['phases'] =>
  Object.fromEntries(Object.entries(p).map(([k, v]) => [k, Number(v.toFixed(3))])) as AnalyzeSummary['phases'];

/**
 * The store's traffic layer, rebuilt first when positions were added since it was built; null
 * for an empty store. Moving-vessel sketches as counts (TrafficReadOptions): what detection and
 * export ask of them.
 */
export async function storedTraffic(
  store: Store,
  refreshed?: TrafficRefresh,
  onRows?: (rows: TrafficRows | null) => void,
): Promise<{ layer: TrafficLayer | null; rows: TrafficRows | null; refreshed: boolean; incremental: boolean; seconds: number }> {
  const r = refreshed ?? (await store.refreshTraffic());
  const rows = await store.traffic({ movingMembers: false });
  const used = rows && rows.hours.length > 0 ? rows : null;
  // before the layer is built from them here (analyze starts its threads on them meanwhile)
  onRows?.(used);
  return { layer: used ? TrafficLayer.fromRows(used) : null, rows: used, refreshed: r.refreshed, incremental: r.incremental, seconds: r.seconds };
}

/** Replays the store's data through the detectors; returns the events emitted this run (also stored). */
export async function analyze(store: Store, opts: AnalyzeOptions = {}): Promise<{ events: Event[]; summary: AnalyzeSummary }> {
  const t0 = process.hrtime.bigint();
  const clock = phaseClock(t0);
  const profile = opts.profile ?? 'gfw';
  // a window of the data (from/to) is a one-off look: no checkpoints read or written
  const windowed = opts.from !== undefined || opts.to !== undefined;
  const refresh = await store.refreshTraffic();
  const counts = windowed ? [] : await store.dataCounts(HOUR_MS);
  const params = detectorParams(profile);
  const want = windowed ? { shares: 0, chosen: false } : sharesFor(opts, counts.reduce((n, c) => n + c.positions, 0), params.loitering.excludeEncounters > 0);
  const keyOf = (n: number, trafficKey: unknown, p: unknown = params): string =>
    analysisKey({ profile, params: p, ...(opts.zonesFile ? { zonesFile: opts.zonesFile } : {}), ...(opts.twilight ? { twilight: opts.twilight } : {}), traffic: trafficKey, shares: n });
  // a store analysed so far on one thread (or on threads) goes on as it was (below): the other key it may have
  const other = want.shares ? 0 : sharesFor({ ...opts, parallelMin: 0 }, 0, params.loitering.excludeEncounters > 0).shares;
  // The heads of the keys this run most likely has (the layer built with the default options
  // refreshTraffic just used) are read and inflated off this thread while the map is built on
  // it (reading and inflating a 5-day head, ~0.4 s, waited for the map before). Taken only for
  // a key that turns out the same.
  const early = new Map<string, ReturnType<typeof readHead>>();
  if (!windowed && !opts.full) {
    for (const n of new Set([want.shares, ...(want.chosen ? [] : [other])])) {
      const k = keyOf(n, trafficParams());
      const read = readHead(store, k);
      read.catch(() => undefined);
      early.set(k, read);
    }
  }
  const headOf = (k: string): ReturnType<typeof readHead> => early.get(k) ?? readHead(store, k);
  // Per-vessel threads, started as soon as the traffic rows are read, build their maps while
  // this thread builds its own (after it, they cost ~2 s of a 10M-position run). Not where the
  // store has checkpoints of the other thread count, which it may go on with (below).
  const altKnown = want.shares > 0 && !want.chosen && !opts.full && other !== want.shares && (await store.checkpoints(keyOf(other, trafficParams()))).length > 0;
  let started: StartedShares | null = null;
  const startEarly = (rows: TrafficRows | null): void => {
    if (want.shares > 0 && !altKnown) started = new StartedShares({ shares: want.shares, profile, traffic: rows, ...(opts.zonesFile ? { zonesFile: opts.zonesFile } : {}), ...(opts.twilight ? { twilight: opts.twilight } : {}) });
  };
  let par: ParallelReplay | null = null;
  let taken = false;
  let from = Number.NEGATIVE_INFINITY;
  let resumed: Checkpoint | null = null;
  let reason: string;
  let head: Checkpoint | null = null;
  let headSaved: ReturnType<typeof decodeSaved> | null;
  let key = '';
  let shares = 0;
  let traffic: Awaited<ReturnType<typeof storedTraffic>>;
  let world: WorldGeo;
  let geo: LoggingGeo;
  let runner: Runner;
  let anchorages: ReturnType<typeof anchorageShapes>;
  const events: Event[] = [];
  const emitted = new Map<string, number>();
  try {
    traffic = await storedTraffic(store, refresh, startEarly);
    world = new WorldGeo({
      ...(opts.zonesFile ? { zones: readZonesFile(opts.zonesFile) } : {}),
      ...(opts.twilight ? { twilight: opts.twilight } : {}),
      ...(traffic.layer ? { traffic: traffic.layer } : {}),
    });
    anchorages = anchorageShapes(world.learnedAnchorages);
    geo = new LoggingGeo(world, traffic.layer);
    runner = createRunner({ profile, geo });
    clock.lap('map');
    // the thread count is part of the key: a checkpoint holds one state per thread
    shares = want.shares;
    const layerParams = traffic.layer?.params ?? null;
    const runnerParams = runner.params;
    const keyFor = (n: number): string => keyOf(n, layerParams, runnerParams);
    key = keyFor(shares);

    // where to resume (see checkpoint.ts): the latest committed checkpoint before anything changed
    ({ head } = windowed ? { head: null } : await headOf(key));
    if (!head && !windowed && !opts.full && !want.chosen) {
      // Threads by default go on past parallelMin positions, but a store analysed so far on one
      // thread (or on threads) goes on as it was: a day added to a store that grew past the mark
      // replays that day from its checkpoint, not everything. --full, or --threads, chooses afresh.
      const alt = other !== shares ? await headOf(keyFor(other)) : { head: null };
      if (alt.head) {
        shares = other;
        key = keyFor(other);
        head = alt.head;
      }
    }
    headSaved = head && !opts.full ? decodeSaved(head) : null;
    reason = windowed ? 'window' : opts.full ? 'full' : head ? '' : 'no_checkpoint';
    if (head && !opts.full) {
      const dataAt = firstChangedHour(head.head!.counts, counts);
      const geoAt = geographyChangedAt({ geo: headSaved!.geo, anchorages: head.anchorages }, world, traffic.layer, anchorages);
      const limit = Math.min(dataAt, geoAt);
      if (limit === Number.POSITIVE_INFINITY) return unchanged(t0, traffic, world, runner, clock);
      const usable = [...head.head!.valid, head.t].filter((t) => t <= limit).sort((a, b) => a - b);
      for (let i = usable.length - 1; i >= 0 && !resumed; i--) {
        const t = usable[i]!;
        const bytes = t === head.t ? null : await store.checkpoint(key, t);
        const c = t === head.t ? head : bytes ? decodeCheckpoint(bytes, key) : null;
        if (c) resumed = c;
      }
      reason = geoAt < dataAt ? 'learned_geography' : resumed === head ? 'new_data' : 'late_data';
    }
    const po: ParallelOptions = { shares, profile, geo, traffic: traffic.rows, ...(opts.zonesFile ? { zonesFile: opts.zonesFile } : {}), ...(opts.twilight ? { twilight: opts.twilight } : {}) };
    const ahead = started as StartedShares | null;
    taken = ahead !== null && shares > 0 && ahead.fits(po);
    par = shares
      ? await ParallelReplay.start(po, (es, at) => {
          for (const e of es) {
            events.push(e);
            emitted.set(e.id, at);
          }
        }, taken ? ahead! : undefined)
      : null;
  } finally {
    // threads started ahead and not taken (nothing to replay, another thread count, an error)
    const s = started as StartedShares | null;
    if (s && !taken) await s.close();
  }
  // the threads have built their maps from the rows: tens of MB of objects this thread needs no more
  traffic.rows = null;
  try {
    if (resumed) {
      from = resumed.t;
      const saved = resumed === head ? headSaved! : decodeSaved(resumed);
      if (par) await par.restore(saved.runner as ParallelState, saved.geo);
      else {
        runner.restore(saved.runner as RunnerState);
        geo.log = saved.geo;
      }
    }
    // events emitted at or after the resume time go: the re-run emits again those that still hold
    if (head && !windowed) {
      const stale: string[] = [];
      for (const [id, t] of head.head!.emitted) {
        if (t >= from) stale.push(id);
        else emitted.set(id, t);
      }
      await store.deleteEvents(stale);
    }
    const valid = head && resumed ? head.head!.valid.filter((t) => t < from) : [];

    let positions = 0;
    let statics = 0;
    let lastT = Number.NEGATIVE_INFINITY;
    const push = async (recs: readonly (Position | VesselStatic)[]): Promise<void> => {
      if (recs.length === 0) return;
      const at = recs[recs.length - 1]!.t;
      lastT = at;
      if (par) return par.push(recs, recs[0]!.t);
      geo.now = recs[0]!.t;
      for (const e of runner.push(recs)) {
        events.push(e);
        emitted.set(e.id, at);
      }
    };
    const state = async (at: number): Promise<Uint8Array> => encodeSaved(par ? await par.save(at) : { runner: runner.save(at), geo: geo.log });
    const save = async (t: number, headInfo: Checkpoint['head']): Promise<void> => {
      clock.lap('replay');
      const c: Checkpoint = { format: CHECKPOINT_FORMAT, key, t, state: await state(t), anchorages, head: headInfo };
      await store.putCheckpoint(key, t, encodeCheckpoint(c));
      clock.lap('checkpoints');
    };
    const q: PositionQuery = {};
    if (opts.from !== undefined) q.from = opts.from;
    if (opts.to !== undefined) q.to = opts.to;
    if (resumed) q.from = from;
    // day checkpoints: the state before the first record of each new UTC day
    let nextDay = Number.isFinite(from) ? Math.floor(from / DAY_MS) * DAY_MS + DAY_MS : Number.NEGATIVE_INFINITY;
    clock.lap('resume');
    for await (const recs of replay(store, q)) {
      for (const r of recs) if ('lat' in r) positions++;
      statics += recs.length;
      if (windowed) {
        await push(recs);
        continue;
      }
      let i = 0;
      while (i < recs.length) {
        const t = recs[i]!.t;
        if (t >= nextDay) {
          const day = Math.floor(t / DAY_MS) * DAY_MS;
          if (lastT === Number.NEGATIVE_INFINITY && resumed === head && head) {
            // resumed from the last head and no record lies between it and this day: the head, already
            // stored, is this day's checkpoint (the state after every record before it); kept, not saved again
            valid.push(head.t);
          } else if (lastT > Number.NEGATIVE_INFINITY || resumed) {
            // not before the first record of a run from the start: that state is the empty one
            await save(day, null);
            valid.push(day);
          }
          nextDay = day + DAY_MS;
        }
        let j = i;
        while (j < recs.length && recs[j]!.t < nextDay) j++;
        await push(recs.slice(i, j));
        i = j;
      }
    }
    statics -= positions;
    // the head: the state after the last record, before the flush closes what is still open
    const headT = Math.max(from, lastT + 1);
    clock.lap('replay');
    const headState = windowed || !Number.isFinite(headT) ? null : await state(headT);
    clock.lap('checkpoints');
    if (par) await par.flush();
    else {
      for (const e of runner.flush()) {
        events.push(e);
        emitted.set(e.id, Number.POSITIVE_INFINITY);
      }
    }
    // threads deliver a batch's events share by share: one order whatever their number
    if (par) events.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    if (events.length) await store.putEvents(events);
    if (headState) {
      // keep the last KEEP_DAYS day checkpoints; everything else of this key goes (older heads, a killed run's)
      const keep = valid.filter((t) => t < headT).slice(-KEEP_DAYS);
      const head: Checkpoint = { format: CHECKPOINT_FORMAT, key, t: headT, state: headState, anchorages, head: { counts: counts.map((c) => [c.start, c.positions, c.statics]), emitted, valid: keep } };
      clock.lap('finish');
      await store.putCheckpoint(key, headT, encodeCheckpoint(head));
      const all = await store.checkpoints(key);
      await store.deleteCheckpoints(key, all.filter((t) => t !== headT && !keep.includes(t)));
      clock.lap('checkpoints');
    }
    clock.lap('finish');
    const counts2: Record<string, number> = {};
    for (const e of events) counts2[e.type] = (counts2[e.type] ?? 0) + 1;
    return {
      events,
      summary: {
        positions,
        statics,
        replayed: positions,
        resumedFrom: resumed ? isoTime(from) : null,
        reason,
        events: counts2, notUsed: { ...(par ? par.rejected : runner.stats.rejected) },
        seconds: Number(process.hrtime.bigint() - t0) / 1e9,
        traffic: { refreshed: traffic.refreshed, incremental: traffic.incremental, seconds: Number(traffic.seconds.toFixed(3)), anchorages: world.learnedAnchorages.length },
        phases: roundPhases(clock.phases),
      },
    };
  } finally {
    await par?.close();
  }
}

/** Nothing was added since the last run (and the learned geography answers the same): nothing to replay. */
function unchanged(t0: bigint, traffic: Awaited<ReturnType<typeof storedTraffic>>, world: WorldGeo, runner: Runner, clock: ReturnType<typeof phaseClock>): { events: Event[]; summary: AnalyzeSummary } {
  clock.lap('resume');
  return {
    events: [],
    summary: {
      positions: 0,
      statics: 0,
      replayed: 0,
      resumedFrom: null,
      reason: 'unchanged',
      events: {},
      notUsed: { ...runner.stats.rejected },
      seconds: Number(process.hrtime.bigint() - t0) / 1e9,
      traffic: { refreshed: traffic.refreshed, incremental: traffic.incremental, seconds: Number(traffic.seconds.toFixed(3)), anchorages: world.learnedAnchorages.length },
      phases: roundPhases(clock.phases),
    },
  };
}
