/**
 * `darkfleet watch`: live inputs (inputs.ts) merged into one bounded queue, put in replay order
 * (order.ts), then either run through the detectors here (the same Runner as `analyze`, fed
 * incrementally) with positions stored in batches and alerts sent as events close, or, with
 * `publish`, handed to JetStream for workers (publish.ts, worker.ts).
 *
 * Bounded everywhere: each input waits while the queue holds `queueBatches` batches (a socket is
 * then not read, so TCP pushes back on the sender); the order buffer holds one window of feed
 * time; one store write is in flight while the next batch collects; the publisher waits on the
 * broker's acknowledgements.
 */
import { DarkfleetError } from '../errors.js';
import type { Store } from '../store/types.js';
import type { GeoContext } from '../detect/geo-context.js';
import { createRunner } from '../detect/index.js';
import type { Event } from '../events.js';
import type { Position, VesselStatic } from '../records.js';
import type { AlertSink } from './alerts.js';
import { openFeed, type FeedBatch, type FeedOptions } from './inputs.js';
import { FeedOrder, isPosition } from './order.js';
import { Publisher } from './publish.js';
import { connectNats, ensureStream, jetstreamManager } from './nats.js';
import type { PartitionPlan } from './partition.js';

export interface WatchOptions extends FeedOptions {
  inputs: string[];
  /** store for positions and events (local mode) */
  store?: Store;
  /** the map the detectors query (local mode) */
  geo?: GeoContext;
  profile?: string;
  alert?: AlertSink;
  /** alert encounters and gaps also as they start (Runner `notices`; default true with `alert`) */
  early?: boolean;
  /** feed time records are held to be put in order, ms */
  reorderMs?: number;
  /** nats://: publish instead of detecting here */
  publish?: { url: string; stream: string; plan: PartitionPlan; maxDelayMs?: number };
  queueBatches?: number;
  /** rows per store write */
  batchRows?: number;
  log?: (line: string) => void;
}

export interface WatchSummary {
  read: number;
  rejected: Record<string, number>;
  late: number;
  repeats: number;
  positions: number;
  statics: number;
  events: Record<string, number>;
  /** early alerts sent (encounters at their minimum duration, silences at the gap threshold), by type */
  notices: Record<string, number>;
  published?: { messages: number; retries: number };
  seconds: number;
}

/** Late records that say the input is out of order (not a receiver's stragglers): this many, and this share of those read. */
const LATE_WARN_MIN = 1000;
const LATE_WARN_SHARE = 0.05;

/** A bounded queue: put waits while full, take waits while empty; ends when every producer ended. */
class BoundedQueue<T> {
  private items: T[] = [];
  private waitingPut: (() => void)[] = [];
  private waitingTake: (() => void)[] = [];
  constructor(
    private readonly cap: number,
    private producers: number,
  ) {}
  async put(x: T): Promise<void> {
    while (this.items.length >= this.cap) await new Promise<void>((res) => this.waitingPut.push(res));
    this.items.push(x);
    this.waitingTake.shift()?.();
  }
  end(): void {
    this.producers--;
    for (const w of this.waitingTake.splice(0)) w();
  }
  async take(): Promise<T | undefined> {
    for (;;) {
      const x = this.items.shift();
      if (x !== undefined) {
        this.waitingPut.shift()?.();
        return x;
      }
      if (this.producers <= 0) return undefined;
      await new Promise<void>((res) => this.waitingTake.push(res));
    }
  }
}

export async function watch(opts: WatchOptions): Promise<WatchSummary> {
  const t0 = Date.now();
  const queue = new BoundedQueue<FeedBatch>(opts.queueBatches ?? 8, opts.inputs.length);
  for (const input of opts.inputs) {
    void (async () => {
      try {
        for await (const b of openFeed(input, opts)) await queue.put(b);
      } catch (err) {
        opts.log?.(`darkfleet watch: ${input}: ${err instanceof Error ? err.message : String(err)}`);
      } finally {
        queue.end();
      }
    })();
  }
  const order = new FeedOrder({ windowMs: opts.reorderMs ?? 10_000 });
  let warnedLate = false;
  const summary: WatchSummary = { read: 0, rejected: {}, late: 0, repeats: 0, positions: 0, statics: 0, events: {}, notices: {}, seconds: 0 };
  const sink = opts.publish ? await publishSink(opts, summary) : localSink(opts, summary);
  for (;;) {
    const b = await queue.take();
    if (!b) break;
    summary.read += b.records.length;
    for (const [k, v] of Object.entries(b.rejects)) summary.rejected[k] = (summary.rejected[k] ?? 0) + v;
    const ready = order.push(b.records, b.arrival);
    await sink.push(ready, order.releasedArrival);
    if (!warnedLate && order.stats.late >= LATE_WARN_MIN && order.stats.late >= summary.read * LATE_WARN_SHARE) {
      warnedLate = true;
      opts.log?.(
        `darkfleet watch: ${order.stats.late} of ${summary.read} records so far came more than --reorder-s (${(opts.reorderMs ?? 10_000) / 1000} s of feed time) behind the newest and were dropped (counted as late): ` +
          'the input is not in time order (a MarineCadastre export is sorted by vessel). `darkfleet analyze` reads such a file whole; for a live feed, raise --reorder-s',
      );
    }
  }
  // what the end of the input closes has no message that completed it: no latency (NaN)
  const rest = order.flush();
  await sink.push(rest, order.releasedArrival);
  await sink.end();
  summary.late = order.stats.late;
  summary.repeats = order.stats.repeats;
  for (const [k, v] of Object.entries(order.stats.rejected)) summary.rejected[k] = (summary.rejected[k] ?? 0) + v;
  summary.seconds = (Date.now() - t0) / 1000;
  return summary;
}

interface Sink {
  push(records: (Position | VesselStatic)[], arrival: number): Promise<void>;
  end(): Promise<void>;
}

/** Detect here: the runner, batched store writes, alerts as events close. */
function localSink(opts: WatchOptions, summary: WatchSummary): Sink {
  if (!opts.geo) throw new DarkfleetError('live_no_geo', 'watch: a GeoContext is needed to detect locally');
  const runner = createRunner({ profile: opts.profile ?? 'gfw', geo: opts.geo, notices: opts.alert !== undefined && opts.early !== false });
  const store = opts.store;
  const sourceKey = `live:${opts.inputs.join(' ')}`;
  let begun: Promise<unknown> | null = null;
  let positions: Position[] = [];
  let statics: VesselStatic[] = [];
  let writing: Promise<void> = Promise.resolve();
  let lastWrite = Date.now();
  const batchRows = opts.batchRows ?? 20_000;
  const write = async (): Promise<void> => {
    if (!store || (positions.length === 0 && statics.length === 0)) return;
    const p = positions;
    const s = statics;
    positions = [];
    statics = [];
    lastWrite = Date.now();
    await writing; // one write in flight: the next batch collects meanwhile
    begun ??= store.beginSource(sourceKey, { path: opts.inputs.join(' '), format: 'live' });
    await begun;
    writing = store.writeBatch({ sourceKey, positions: p, statics: s, progress: { recordIndex: summary.positions + summary.statics } }).then(() => undefined);
  };
  const emit = async (events: Event[], arrival: number): Promise<void> => {
    // early alerts first: they were posted before anything the same records closed
    for (const n of runner.notices()) {
      summary.notices[n.type] = (summary.notices[n.type] ?? 0) + 1;
      opts.alert?.send(n, arrival);
    }
    if (events.length === 0) return;
    if (store) await store.putEvents(events);
    for (const e of events) {
      summary.events[e.type] = (summary.events[e.type] ?? 0) + 1;
      opts.alert?.send(e, arrival);
    }
  };
  return {
    async push(records, arrival) {
      for (const r of records) {
        if (isPosition(r)) {
          summary.positions++;
          positions.push(r);
        } else {
          summary.statics++;
          statics.push(r);
        }
      }
      await emit(runner.push(records), arrival);
      if (positions.length + statics.length >= batchRows || Date.now() - lastWrite > 1000) await write();
    },
    async end() {
      await emit(runner.flush(), Number.NaN);
      await write();
      await writing;
      if (store && begun) await store.endSource(sourceKey);
    },
  };
}

/** Publish to JetStream: workers detect. */
async function publishSink(opts: WatchOptions, summary: WatchSummary): Promise<Sink> {
  const pub = opts.publish!;
  const nc = await connectNats(pub.url, 'darkfleet-watch');
  const jsm = await jetstreamManager(nc);
  const plan = await ensureStream(jsm, pub.stream, pub.plan);
  const publisher = new Publisher(nc, pub.stream, plan, { source: opts.inputs.join(' '), ...(opts.log ? { log: opts.log } : {}), ...(pub.maxDelayMs !== undefined ? { maxDelayMs: pub.maxDelayMs } : {}) });
  return {
    async push(records, arrival) {
      for (const r of records) {
        if (isPosition(r)) summary.positions++;
        else summary.statics++;
      }
      await publisher.push(records, arrival);
    },
    async end() {
      await publisher.end();
      summary.published = { messages: publisher.stats.messages, retries: publisher.stats.retries };
      await nc.drain();
    },
  };
}
