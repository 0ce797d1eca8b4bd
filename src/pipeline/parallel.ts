/**
 * The replay's detectors on several threads (analyze.ts on a large store): K threads each run
 * the per-vessel detectors over the vessels hashed to them (MMSI partitions, as scale-out
 * workers cut a feed: src/live/partition.ts); this thread reads the store, deals the records
 * out and runs the pairwise detectors (encounters, convoys, one hull under two MMSIs) over
 * everything itself, on its own map (a thread of their own cost a map's memory, ~250 MB, and
 * copying every record to it). The events are those of one runner fed everything (each is owned
 * by one share; the per-vessel shares get the feed's hour turns, so they close what they hold
 * at the same feed times). Batches are pipelined (a few in flight per thread, never more:
 * memory stays flat); `save` and `flush` wait for every thread.
 */
import { Worker } from 'node:worker_threads';
import type { Event } from '../events.js';
import { mmsiPartition, ownsEvent, type PartitionPlan } from '../live/partition.js';
import type { Position, VesselStatic } from '../records.js';
import type { TrafficRows } from '../geo/traffic.js';
import { DarkfleetError } from '../errors.js';
import { BatchBuilder, GivenVerdicts, type ShareInit, type ToShare } from './parallel-protocol.js';
import { Deduplicator, fixChecks, verdictCode, type CheckOptions } from '../track/clean.js';
import { segmenterParams } from '../track/params.js';
import { segmenterOptionsFor, type Runner, type RunnerState } from '../detect/runner.js';
import { createRunner } from '../detect/index.js';
import { decodeState, encodeState, restoreInto, stateOf } from '../detect/snapshot.js';
import type { GeoLogState, LoggingGeo } from './checkpoint.js';
import { HOUR_MS } from './checkpoint.js';

/** batches in flight before `push` waits for the oldest */
const IN_FLIGHT = 4;
/**
 * records dealt before a batch goes out: an MMSI share groups each batch's hours by vessel, so a
 * batch must hold many fixes of each (32k: ~16 a vessel on a 2,000-vessel feed); fewer, larger
 * messages cost the threads less too
 */
const BATCH_RECORDS = 32_768;

export interface ParallelOptions {
  /** per-vessel threads */
  shares: number;
  profile: string;
  zonesFile?: string;
  twilight?: string;
  traffic: TrafficRows | null;
  /** this thread's map, for the pairwise detectors (its log of questions is merged with the threads') */
  geo: LoggingGeo;
}

/** What a parallel replay saves in a checkpoint in place of one runner's state. */
export interface ParallelState {
  /** each per-vessel thread's runner, then the pairwise runner's */
  parts: Uint8Array[];
  /** the reader's de-duplication table */
  dedup: Record<string, unknown>;
}

interface Reply {
  k: string;
  seq: number;
  events?: Event[];
  runner?: Uint8Array;
  geo?: GeoLogState;
  rejected?: Record<string, number>;
}

/** One thread and the replies it owes, in the order asked. */
class Share {
  private readonly waiting: { resolve: (r: Reply) => void; reject: (e: Error) => void }[] = [];
  private failed: Error | null = null;
  readonly ready: Promise<void>;

  constructor(readonly worker: Worker) {
    this.ready = new Promise((resolve, reject) => {
      const onFirst = (m: Reply): void => {
        if (m.k === 'ready') {
          worker.off('message', onFirst);
          worker.on('message', (r: Reply) => this.waiting.shift()?.resolve(r));
          resolve();
        }
      };
      worker.on('message', onFirst);
      worker.once('error', reject);
    });
    worker.on('error', (err: Error) => this.fail(err));
    worker.on('exit', (code) => {
      if (code !== 0) this.fail(new DarkfleetError('replay_thread', `a replay thread exited with code ${code}`));
    });
  }

  private fail(err: Error): void {
    this.failed ??= err;
    for (const w of this.waiting.splice(0)) w.reject(err);
  }

  ask(m: ToShare, transfer: ArrayBuffer[] = []): Promise<Reply> {
    if (this.failed) return Promise.reject(this.failed);
    return new Promise((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      this.worker.postMessage(m, transfer);
    });
  }
}

/** The thread's code: the built module, or from the sources (tests, tsx) the TypeScript loaded through tsx's hooks. */
function startWorker(workerData: ShareInit): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./replay-worker.js', import.meta.url), { workerData });
  const url = new URL('./replay-worker.ts', import.meta.url).href;
  return new Worker(`import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(url)}); });`, { eval: true, workerData });
}

/** The thread-by-MMSI plan of a replay on `shares` per-vessel threads. */
function planFor(shares: number): PartitionPlan {
  return { mmsi: shares, cells: 1, cellDeg: 1, marginDeg: 0, groups: 1 };
}

/**
 * Per-vessel threads started ahead of the replay that takes them (ParallelReplay.start): each
 * boots and builds its map from the traffic rows while this thread builds its own, instead of
 * after it (~2 s on a 10M-position store, where the two builds now overlap).
 */
export class StartedShares {
  readonly shares: Share[];
  constructor(readonly opts: Omit<ParallelOptions, 'geo'>) {
    const plan = planFor(opts.shares);
    const base = { plan, profile: opts.profile, traffic: opts.traffic, ...(opts.zonesFile ? { zonesFile: opts.zonesFile } : {}), ...(opts.twilight ? { twilight: opts.twilight } : {}) };
    this.shares = Array.from({ length: opts.shares }, (_, i) => new Share(startWorker({ ...base, share: 'mmsi' as const, index: i })));
  }

  /** Were these threads started for a replay with these options? */
  fits(o: ParallelOptions): boolean {
    const a = this.opts;
    return a.shares === o.shares && a.profile === o.profile && a.zonesFile === o.zonesFile && a.twilight === o.twilight && a.traffic === o.traffic;
  }

  async close(): Promise<void> {
    await Promise.all(this.shares.map((s) => s.worker.terminate()));
  }
}

export class ParallelReplay {
  readonly plan: PartitionPlan;
  private readonly shares: Share[];
  private readonly builders: BatchBuilder[];
  /** the pairwise detectors, here, fed every record in time order */
  private readonly pair: Runner;
  private readonly pairVerdicts = new GivenVerdicts();
  private readonly geo: LoggingGeo;
  private seq = 0;
  private lastHour = Number.NEGATIVE_INFINITY;
  /** records dealt since the last batch went out; the map's clock for the batch (the first push's) and its last record's time */
  private dealt = 0;
  private dealtNow = 0;
  private dealtAt = 0;
  /** batches sent and not yet answered by every thread, oldest first */
  private readonly pending: { at: number; replies: Promise<Reply[]> }[] = [];
  private rejectedCounts: Record<string, number> = {};
  /**
   * The one de-duplication table, here: it is direct-mapped (a repeat is forgotten once other
   * fixes took its slot), so a table per thread, each seeing a share of the fixes, would
   * remember more than one runner's and drop other fixes. Each fix's verdict travels with it.
   */
  private readonly dedup: Deduplicator;
  private readonly checks: CheckOptions;

  private constructor(
    opts: ParallelOptions,
    private readonly onEvents: (events: Event[], at: number) => void,
    started: StartedShares | undefined,
  ) {
    this.plan = planFor(opts.shares);
    const so = segmenterOptionsFor(opts.profile);
    const sp = segmenterParams(so.profile, {});
    this.dedup = new Deduplicator({ windowHours: sp.duplicateWindowHours });
    this.checks = fixChecks(sp.useCourse !== 0, so.requireSpeed);
    this.geo = opts.geo;
    this.pair = createRunner({ profile: opts.profile, geo: opts.geo, segmenter: { dedup: this.pairVerdicts }, detectors: { only: ['encounter', 'identity', 'convoy'] } });
    this.shares = (started ?? new StartedShares(opts)).shares;
    this.builders = this.shares.map(() => new BatchBuilder());
  }

  /**
   * Starts the threads (each loads the map), or takes those started ahead for these options;
   * `onEvents` gets the events as they close, each with the time of the last record of the
   * batch that closed it.
   */
  static async start(opts: ParallelOptions, onEvents: (events: Event[], at: number) => void, started?: StartedShares): Promise<ParallelReplay> {
    if (started && !started.fits(opts)) throw new DarkfleetError('replay_thread', 'threads started for another replay');
    const r = new ParallelReplay(opts, onEvents, started);
    try {
      await Promise.all(r.shares.map((s) => s.ready));
    } catch (err) {
      await r.close();
      throw err;
    }
    return r;
  }

  private ownPairwise(events: readonly Event[]): Event[] {
    return events.filter((e) => ownsEvent('c', 0, e, this.plan) || ownsEvent('g', 0, e, this.plan));
  }

  /** Deals out the next records (time order) and runs the pairwise detectors on them; waits only when too many batches are in flight. */
  async push(recs: readonly (Position | VesselStatic)[], now: number): Promise<void> {
    if (recs.length === 0) return;
    if (this.dealt === 0) this.dealtNow = now;
    const k = this.plan.mmsi;
    for (const r of recs) {
      const hour = Math.floor(r.t / HOUR_MS);
      if (hour !== this.lastHour) {
        this.lastHour = hour;
        for (let i = 0; i < k; i++) this.builders[i]!.clock(r.t);
      }
      const own = this.builders[mmsiPartition(r.mmsi, this.plan)]!;
      if ('lat' in r) {
        const v = verdictCode(r, this.checks, this.dedup);
        own.position(r, v);
        this.pairVerdicts.add(r, v);
      } else own.static(r);
    }
    this.geo.now = now;
    const events = this.ownPairwise(this.pair.push(recs));
    this.pairVerdicts.clear();
    const at = recs[recs.length - 1]!.t;
    if (events.length) this.onEvents(events, at);
    this.dealt += recs.length;
    this.dealtAt = at;
    if (this.dealt >= BATCH_RECORDS) await this.send();
  }

  /** The records dealt so far go out as one batch a thread. */
  private async send(): Promise<void> {
    if (this.dealt === 0) return;
    this.dealt = 0;
    const seq = ++this.seq;
    const asks: Promise<Reply>[] = [];
    this.builders.forEach((b, i) => {
      if (b.empty) return;
      const batch = b.take(this.dealtNow);
      asks.push(this.shares[i]!.ask({ k: 'batch', seq, batch }, [batch.fixes.buffer as ArrayBuffer]));
    });
    this.pending.push({ at: this.dealtAt, replies: Promise.all(asks) });
    while (this.pending.length > IN_FLIGHT) await this.settleOldest();
  }

  private async settleOldest(): Promise<void> {
    const p = this.pending.shift()!;
    const replies = await p.replies;
    const events: Event[] = [];
    for (const r of replies) events.push(...r.events!);
    if (events.length) this.onEvents(events, p.at);
  }

  private async drain(): Promise<void> {
    await this.send();
    while (this.pending.length) await this.settleOldest();
  }

  /** Every runner's state after the records pushed so far, and the map questions asked (merged: the first time each was asked). */
  /** `at`: the feed time of the state (every record before it pushed, none after), as Runner.save. */
  async save(at?: number): Promise<{ runner: ParallelState; geo: GeoLogState }> {
    await this.drain();
    const seq = ++this.seq;
    const replies = await Promise.all(this.shares.map((s) => s.ask({ k: 'save', seq, ...(at === undefined ? {} : { at }) })));
    if (at !== undefined) this.dedup.forget(at);
    const geo: GeoLogState = { water: new Map(this.geo.log.water), near: new Map(this.geo.log.near) };
    for (const r of replies) {
      for (const [c, v] of r.geo!.water) {
        const had = geo.water.get(c);
        if (!had || v[3] < had[3]) geo.water.set(c, v);
      }
      for (const [c, v] of r.geo!.near) {
        const had = geo.near.get(c);
        if (!had || v[3] < had[3]) geo.near.set(c, v);
      }
    }
    return { runner: { parts: [...replies.map((r) => r.runner!), encodeState(this.pair.save(at))], dedup: stateOf(this.dedup) }, geo };
  }

  /** Takes over a state from `save` of a replay with as many threads; before the first push. */
  async restore(state: ParallelState, geo: GeoLogState): Promise<void> {
    if (!Array.isArray(state.parts)) throw new DarkfleetError('detect_state', 'saved state is of one runner, not of threads; run from the start');
    if (state.parts.length !== this.shares.length + 1) throw new DarkfleetError('detect_state', `saved state has ${state.parts.length} parts for ${this.shares.length + 1} runners; run from the start`);
    restoreInto(this.dedup, state.dedup);
    this.pair.restore(decodeState(state.parts[this.shares.length]!) as RunnerState);
    this.geo.log = geo;
    const seq = ++this.seq;
    await Promise.all(this.shares.map((s, i) => s.ask({ k: 'restore', seq, runner: state.parts[i]!, geo })));
  }

  /** End of input: everything still open closes; its events go to `onEvents` (at +Infinity). */
  async flush(): Promise<void> {
    await this.drain();
    const seq = ++this.seq;
    const replies = await Promise.all(this.shares.map((s) => s.ask({ k: 'flush', seq })));
    const events: Event[] = [];
    const rejected: Record<string, number> = {};
    for (const r of replies) {
      events.push(...r.events!);
      for (const [k, v] of Object.entries(r.rejected ?? {})) rejected[k] = (rejected[k] ?? 0) + v;
    }
    events.push(...this.ownPairwise(this.pair.flush()));
    this.rejectedCounts = rejected;
    if (events.length) this.onEvents(events, Number.POSITIVE_INFINITY);
  }

  /** positions the detectors set aside, by reason (after `flush`) */
  get rejected(): Record<string, number> {
    return this.rejectedCounts;
  }

  async close(): Promise<void> {
    await Promise.all(this.shares.map((s) => s.worker.terminate()));
  }
}
