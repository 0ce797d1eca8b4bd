/**
 * `darkfleet worker`: consumes partitions of the stream `watch --publish` fills, runs the
 * detectors, writes positions, static reports and events to the store and acknowledges each
 * message only after its writes committed.
 *
 * Assignment: every partition (`m.<i>`, `c.<j>`) is one durable consumer. A worker takes a
 * partition by creating its lease key in a KV bucket (create fails when another holds it) and
 * keeps it by renewing it every third of the lease TTL; a killed worker stops renewing and its
 * leases expire, so the others take its partitions. Workers also register themselves in the
 * bucket and take at most their fair share (partitions / live workers, rounded up): a worker
 * that sees a newcomer hands partitions over.
 *
 * Taking a partition: the detectors' state is in memory, so a new owner rebuilds it by reading
 * the partition from the start of the stream (retention: `ensureStream`'s max age). Messages up
 * to the old consumer's ack floor were stored already: they only feed the detectors (their
 * events are stored too: an event closed by them was written before its message was acked);
 * after the floor, positions and events are written, idempotently (deterministic event ids,
 * the store's position keys), then acknowledged. A message seen twice (a publish retried across
 * a broker restart) is skipped by its (run, number).
 */
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { NatsConnection } from '@nats-io/transport-node';
import { jetstream, type ConsumerMessages, type JetStreamClient, type JetStreamManager, type JsMsg } from '@nats-io/jetstream';
import { Kvm, type KV } from '@nats-io/kv';
import { createRunner, detectorParams, type Runner } from '../detect/index.js';
import type { Event } from '../events.js';
import type { GeoContext } from '../detect/geo-context.js';
import type { Position, VesselStatic } from '../records.js';
import type { Store } from '../store/types.js';
import { DarkfleetError, SourceError } from '../errors.js';
import { decodePayload } from './codec.js';
import { ownsEvent, allPartitions, detectorsOf, type PartitionKind, type PartitionPlan } from './partition.js';
import { ackFloor, connectNats, jetstreamManager, partitionConsumer, streamPlan, subjectOf } from './nats.js';
import type { AlertSink } from './alerts.js';

export interface WorkerOptions {
  nats: string;
  store: Store;
  geo: GeoContext;
  stream: string;
  profile?: string;
  /** only these partitions (`m.0,c.1`); default: any, by lease */
  partitions?: string[];
  /** exit after this many seconds with nothing to do */
  idleExitS?: number;
  alert?: AlertSink;
  /** alert encounters and gaps also as they start (Runner `notices`; default true with `alert`) */
  early?: boolean;
  leaseTtlMs?: number;
  /** rows (positions + statics) per store write at most */
  batchRows?: number;
  log?: (line: string) => void;
  signal?: AbortSignal;
}

export interface WorkerSummary {
  worker: string;
  partitionsTaken: number;
  messages: number;
  records: number;
  positionsWritten: number;
  events: number;
  /** early alerts sent (Runner `notices`) */
  notices: number;
  replayedMessages: number;
  seconds: number;
}

const sleep = (ms: number): Promise<void> => new Promise((res) => setTimeout(res, ms));

/** A partition's share of the work: the group partition reads every record, an MMSI or cell partition about a part. */
function partitionWeight(name: string): number {
  return name[0] === 'g' ? 2 : 1;
}

/** The partitions' work between two polls of the event loop, ms (Worker.turnSpent). */
const TURN_MS = 10;

/** Waits for `p` at most `ms`; false when time ran out first (p goes on). */
async function within(p: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((res) => (timer = setTimeout(() => res(false), ms)));
  try {
    return await Promise.race([p.then(() => true), late]);
  } finally {
    clearTimeout(timer);
  }
}

/** One partition owned by this worker: its consumer, runner and write queue. */
class PartitionTask {
  private runner: Runner;
  private positions: Position[] = [];
  private statics: VesselStatic[] = [];
  private events: Event[] = [];
  /** per pending event: the wall ms its completing message arrived (NaN: closed by the end of the feed), null when replayed (stored before, not alerted again) */
  private arrivals: (number | null)[] = [];
  /** early alerts of the partition's own events to send with the next flush, and their arrivals */
  private notices: Event[] = [];
  private noticeArrivals: number[] = [];
  private msgs: JsMsg[] = [];
  private chain: Promise<void> = Promise.resolve();
  /** the batches handed to the chain and not written yet, oldest first (each settles when written) */
  private readonly writing: Promise<void>[] = [];
  /** a timer's flush put off until the writes in flight are done (the source key to flush) */
  private flushAfterWrites: string | null = null;
  private timer: NodeJS.Timeout | null = null;
  private iter: ConsumerMessages | null = null;
  private stopped = false;
  /** the first store write that failed: later batches are not written, and the task ends */
  private failure: DarkfleetError | null = null;
  private floor = 0;
  private readonly seen = new Map<string, number>();
  private lastT = Number.NEGATIVE_INFINITY;
  /** when it last handled a message (0: not yet). Taking a partition is not activity: a worker that
   * took over the finished partitions of one that left started its idle wait again (two workers
   * of a batch ended 3 s after the last message instead of at once) */
  lastActivity = 0;
  /** run() has ended (its writes done) */
  finished = false;
  readonly durable: string;
  /** rows collected for the next flush */
  private unflushedRows = 0;
  /** rows handed to the write chain and not written yet */
  private queuedRows = 0;
  readonly done: Promise<void>;

  constructor(
    private readonly w: Worker,
    readonly name: string,
  ) {
    this.runner = this.newRunner();
    this.durable = `p-${name.replace('.', '-')}`;
    // any failure (a broker gone past the consumer's patience, a store error) ends the task and
    // frees its lease: it is taken again, and rebuilt from the stream, at the next lease round
    this.done = this.run()
      .catch((err: unknown) => this.w.log(`partition ${name}: ${err instanceof Error ? err.message : String(err)}; restarting it`))
      .finally(() => {
        this.finished = true;
        if (!this.stopped) void this.w.ended(this);
      });
  }

  private get kind(): PartitionKind {
    return this.name[0] as PartitionKind;
  }

  private get index(): number {
    return Number(this.name.slice(2));
  }

  private newRunner(): Runner {
    const profile = this.w.opts.profile ?? 'gfw';
    const excludeEncounters = detectorParams(profile).loitering.excludeEncounters > 0;
    const notices = this.w.opts.alert !== undefined && this.w.opts.early !== false;
    return createRunner({ profile, geo: this.w.opts.geo, detectors: detectorsOf(this.kind, this.w.plan, excludeEncounters), notices });
  }

  /** rows received and not yet written (the worker is not idle while any are) */
  get pendingRows(): number {
    return this.unflushedRows + this.queuedRows;
  }

  stop(): void {
    this.stopped = true;
    void this.iter?.close();
  }

  private async run(): Promise<void> {
    const { jsm, opts } = this.w;
    const durable = this.durable;
    const batchRows = opts.batchRows ?? 20_000;
    this.floor = await ackFloor(jsm, opts.stream, durable);
    // A partition whose every message is stored already (its last owner ended with the end of a
    // batch: --idle-exit) has no state to rebuild yet: the replay waits for a message past the
    // floor. Rebuilding at once re-ran a whole finished partition, alone, after the fast workers
    // of a batch had left (two workers were slower than one).
    if (this.floor > 0) await this.untilWork();
    // a task stopped while it set up (its lease lost meanwhile) must not touch the consumer: the
    // partition's next owner may have recreated it already
    if (this.stopped) return;
    await partitionConsumer(jsm, opts.stream, durable, subjectOf(opts.stream, this.kind, this.index), 1);
    const sourceKey = `nats:${opts.stream}:${this.name}`;
    if (this.kind === 'm') await opts.store.beginSource(sourceKey, { path: `${opts.nats}/${opts.stream}/${this.name}`, format: 'nats' });
    const consumer = await this.w.js.consumers.get(opts.stream, durable);
    if (this.stopped) return;
    this.w.log(`partition ${this.name}: taken (stored up to stream seq ${this.floor}; rebuilding state from the start)`);
    // Few messages in flight per partition (each holds up to 2000 records, ~100 KB): 512 of
    // them let every partition pull tens of MB at once on the one connection, the broker's API
    // answers (a partition's consumer being set up) waited behind them past their timeout, and
    // the flood stalled the consumers for a minute and more (1M records: 7.5k/s, mostly idle).
    this.iter = await consumer.consume({ max_messages: 16 });
    if (this.stopped) await this.iter.close();
    for await (const m of this.iter) {
      // buffered messages are handed over without a return to the event loop: without turns a
      // rebuild would starve the lease timer for seconds, and the store's round trips wait
      if (this.w.turnSpent()) await this.w.nextTurn();
      if (this.stopped || this.failure) break;
      this.lastActivity = Date.now();
      this.handle(m);
      if (this.unflushedRows >= batchRows) void this.flush(sourceKey);
      else this.timer ??= setTimeout(() => this.flushWhenIdle(sourceKey), 5);
      // bounded: past 4 batches queued, wait for the oldest ones until 2 are left. Waiting for
      // the whole chain emptied it each time: the store then idled while this partition read
      // and ran the next batches, and this partition idled while the store wrote (one worker
      // spent half its time waiting)
      if (this.queuedRows > 4 * batchRows) while (this.queuedRows > 2 * batchRows && this.writing.length > 0) await this.writing[0];
    }
    await this.flush(sourceKey);
    if (this.failure) throw this.failure;
  }

  /** Returns once the partition's consumer has messages to deliver or unacknowledged (or the task stops). */
  private async untilWork(): Promise<void> {
    const { jsm, opts } = this.w;
    let logged = false;
    while (!this.stopped) {
      const info = await jsm.consumers.info(opts.stream, this.durable);
      if (info.num_pending > 0 || info.num_ack_pending > 0) return;
      if (!logged) this.w.log(`partition ${this.name}: taken, stored up to stream seq ${this.floor} with nothing after it; its state is rebuilt when a message comes`);
      logged = true;
      await sleep(500);
    }
  }

  private handle(m: JsMsg): void {
    const p = decodePayload(m.data);
    const replay = m.seq <= this.floor;
    if (!replay) this.w.summary.messages++;
    else this.w.summary.replayedMessages++;
    const last = this.seen.get(p.id) ?? 0;
    if (p.n <= last) {
      this.msgs.push(m);
      return;
    }
    this.seen.set(p.id, p.n);
    // JSON has no NaN: a message with no record's arrival carries null
    const arrival = typeof p.a === 'number' ? p.a : Number.NaN;
    const own = (es: Event[], at = arrival): void => {
      // early alerts first (posted before what the same records closed); a rebuild's are not sent again
      for (const n of this.runner.notices()) {
        if (replay || !ownsEvent(this.kind, this.index, n, this.w.plan)) continue;
        this.notices.push(n);
        this.noticeArrivals.push(at);
      }
      for (const e of es) {
        if (!ownsEvent(this.kind, this.index, e, this.w.plan)) continue;
        this.events.push(e);
        this.arrivals.push(replay ? null : at);
      }
    };
    let run: (Position | VesselStatic)[] = [];
    for (const it of p.items) {
      if (it.k === 'p' || it.k === 's') {
        if (it.r.t < this.lastT) continue;
        this.lastT = it.r.t;
        run.push(it.r);
        if (!replay) {
          this.w.summary.records++;
          if (this.kind === 'm') {
            if (it.k === 'p') this.positions.push(it.r);
            else this.statics.push(it.r);
            this.unflushedRows++;
          }
        }
        continue;
      }
      if (run.length) own(this.runner.push(run));
      run = [];
      if (it.t < this.lastT) continue;
      this.lastT = it.t;
      if (it.k === 'k') own(this.runner.advance(it.t));
      else {
        own(this.runner.flush(), Number.NaN);
        this.runner = this.newRunner();
        this.lastT = Number.NEGATIVE_INFINITY;
      }
    }
    if (run.length) own(this.runner.push(run));
    this.msgs.push(m);
  }

  /**
   * The timer's flush: at once when no write is in flight (a live feed's alerts wait 5 ms at
   * most), else when the writes in flight are done or a batch is full. Flushing every 5 ms while
   * the store was busy cut a backlog into many small transactions, each several round trips that
   * waited for the event loop behind the other partitions' detectors (one worker: the store
   * wrote ~18k rows/s while the detectors ran, ~100k/s once they were done).
   */
  private flushWhenIdle(sourceKey: string): void {
    this.timer = null;
    if (this.writing.length === 0) void this.flush(sourceKey);
    else this.flushAfterWrites = sourceKey;
  }

  /**
   * Writes what is pending, then acknowledges its messages; writes run one at a time, in order.
   * Each batch counts its own rows: a count of everything pending taken at flush time would be
   * subtracted twice when writes lag (it includes batches still queued), go negative, then grow
   * without bound, and the backpressure wait became a loop on a settled promise that starved
   * the event loop (the worker that "never idles" after a takeover and a broker restart).
   */
  private flush(sourceKey: string): Promise<void> {
    this.flushAfterWrites = null;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.msgs.length === 0) return this.chain;
    const positions = this.positions;
    const statics = this.statics;
    const events = this.events;
    const arrivals = this.arrivals;
    const notices = this.notices;
    const noticeArrivals = this.noticeArrivals;
    const msgs = this.msgs;
    const rows = this.unflushedRows;
    this.unflushedRows = 0;
    this.queuedRows += rows;
    this.positions = [];
    this.statics = [];
    this.events = [];
    this.arrivals = [];
    this.notices = [];
    this.noticeArrivals = [];
    this.msgs = [];
    const { store, alert } = this.w.opts;
    this.chain = this.chain.then(async () => {
      try {
        // after a failed write nothing more is written or acknowledged: the next owner rebuilds
        if (this.failure) return;
        if (positions.length || statics.length) {
          await store.writeBatch({ sourceKey, positions, statics, progress: { recordIndex: msgs[msgs.length - 1]!.seq } });
          this.w.summary.positionsWritten += positions.length;
        }
        const fresh = events.filter((_, i) => arrivals[i] !== null);
        if (events.length) await store.putEvents(events);
        this.w.summary.events += fresh.length;
        this.w.summary.notices += notices.length;
        if (alert) notices.forEach((n, i) => alert.send(n, noticeArrivals[i]!));
        if (alert) events.forEach((e, i) => arrivals[i] !== null && alert.send(e, arrivals[i]!));
        for (const m of msgs) m.ack();
      } catch (err) {
        this.failure =
          err instanceof DarkfleetError ? err : new SourceError('live_write_failed', `partition ${this.name}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
        void this.iter?.close();
      } finally {
        this.queuedRows -= rows;
        this.writing.shift();
        if (this.writing.length === 0 && this.flushAfterWrites !== null) void this.flush(this.flushAfterWrites);
      }
    });
    this.writing.push(this.chain);
    return this.chain;
  }
}

class Worker {
  readonly id = `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
  /** partitions this worker holds and works */
  readonly tasks = new Map<string, PartitionTask>();
  /** handed over (beyond the fair share): still writing what they hold; their leases are renewed until they end, then released */
  private readonly releasing = new Map<string, PartitionTask>();
  /** lease lost while running: not ours to renew; the partition is not taken again here until they end */
  private readonly orphaned = new Map<string, PartitionTask>();
  readonly summary: WorkerSummary;
  plan!: PartitionPlan;
  jsm!: JetStreamManager;
  js!: JetStreamClient;
  nc!: NatsConnection;
  kv!: KV;
  private readonly revisions = new Map<string, number>();
  private taken = 0;
  /** when the current turn of the partitions' work began, and the next turn once one is asked for */
  private turnStart = 0;
  private turn: Promise<void> | null = null;

  constructor(readonly opts: WorkerOptions) {
    this.summary = { worker: this.id, partitionsTaken: 0, messages: 0, records: 0, positionsWritten: 0, events: 0, notices: 0, replayedMessages: 0, seconds: 0 };
  }

  /**
   * Turns: the partitions' loops hand buffered messages over without returning to the event loop
   * (the partitions take turns message by message, on microtasks), so together they could hold
   * it for as long as they have messages: each partition yielding after its own 20 ms let nine of
   * them hold it for 180 ms, and every round trip of a store write (six per batch then) waited
   * that long (one worker: ~18k rows/s written while the detectors ran). A turn is now TURN_MS of
   * everyone's work; then all wait for the next one, after the event loop has polled (timers,
   * the broker, the store). The partitions that did not run resume first, so no one starves.
   */
  turnSpent(): boolean {
    return performance.now() - this.turnStart > TURN_MS;
  }

  nextTurn(): Promise<void> {
    this.turn ??= new Promise<void>((res) =>
      setImmediate(() => {
        this.turn = null;
        this.turnStart = performance.now();
        res();
      }),
    );
    return this.turn;
  }

  log(line: string): void {
    this.opts.log?.(`darkfleet worker ${this.id}: ${line}`);
  }

  private allTasks(): PartitionTask[] {
    return [...this.tasks.values(), ...this.releasing.values(), ...this.orphaned.values()];
  }

  async run(): Promise<WorkerSummary> {
    const t0 = Date.now();
    this.nc = await connectNats(this.opts.nats, `darkfleet-worker-${this.id}`);
    try {
      this.jsm = await jetstreamManager(this.nc);
      this.js = jetstream(this.nc);
      this.plan = await this.waitForStream();
      const ttl = this.opts.leaseTtlMs ?? 6000;
      this.kv = await new Kvm(this.nc).create(`darkfleet-leases-${this.opts.stream}`, { ttl });
      const wanted = this.opts.partitions ?? allPartitions(this.plan);
      // workers started together (a batch) see each other before the first share is taken: one
      // that took everything would hand partitions over after working on them, and their new
      // owners would rebuild them from the start of the stream
      await this.kv.put(`w.${this.id}`, String(Date.now()));
      await sleep(Math.min(500, ttl / 3));
      let idleSince = Date.now();
      // one lease round at a time: a round that outlasts its wait (a broker away: each KV call
      // waits for its own timeout) goes on, and the next starts only after it, as two rounds
      // at once renew with the same revision and each takes the other's success for a lost lease
      let round: Promise<void> | null = null;
      let renewing = true;
      // the wait between renewals ends at once when the worker does: a batch worker waited up to
      // a lease round (2 s) for it before exiting
      let wake: () => void = () => undefined;
      const renewLoop = (async () => {
        while (renewing) {
          const t = Date.now();
          await this.renewals().catch((err: unknown) => this.log(`lease renewals: ${err instanceof Error ? err.message : String(err)}`));
          if (!renewing) break;
          await new Promise<void>((res) => {
            const timer = setTimeout(res, Math.max(0, ttl / 3 - (Date.now() - t)));
            wake = () => {
              clearTimeout(timer);
              res();
            };
          });
        }
      })();
      while (!this.opts.signal?.aborted) {
        round ??= this.leases(wanted)
          .catch((err: unknown) => this.log(`leases: ${err instanceof Error ? err.message : String(err)}`))
          .finally(() => (round = null));
        if (!(await within(round, ttl))) this.log(`leases: no answer from the broker in ${ttl} ms; still waiting`);
        const tasks = this.allTasks();
        const lastActivity = Math.max(0, ...tasks.map((t) => t.lastActivity));
        const busy = tasks.some((t) => t.pendingRows > 0) || this.releasing.size > 0 || this.orphaned.size > 0;
        if (busy || lastActivity > idleSince) idleSince = Math.max(lastActivity, busy ? Date.now() : 0);
        if (this.opts.idleExitS !== undefined && Date.now() - idleSince > this.opts.idleExitS * 1000) {
          // quiet is not done: a broker away delivers nothing either. Idle is every partition
          // held here read to the end of the stream and acknowledged, as the broker says.
          if (await this.caughtUp()) break;
          idleSince = Date.now();
        }
        // wake when the idle time is up, not at the next lease round: a worker of a batch ended up
        // to a lease round (2 s) late, and took over the partitions another one had just released
        const idleLeft = this.opts.idleExitS === undefined ? ttl / 3 : idleSince + this.opts.idleExitS * 1000 - Date.now() + 5;
        await sleep(Math.max(5, Math.min(ttl / 3, idleLeft)));
      }
      if (round) await round;
      // leases stay renewed while the tasks write what they hold, then are released
      const ending = this.allTasks();
      for (const t of ending) t.stop();
      for (const t of ending) await t.done;
      renewing = false;
      wake();
      await renewLoop;
      for (const name of [...this.tasks.keys(), ...this.releasing.keys()]) await this.kv.delete(`p.${name}`, { previousSeq: this.revisions.get(name)! }).catch(() => undefined);
      await this.kv.delete(`w.${this.id}`).catch(() => undefined);
    } finally {
      await this.nc.drain().catch(() => undefined);
    }
    this.summary.partitionsTaken = this.taken;
    this.summary.seconds = (Date.now() - t0) / 1000;
    return this.summary;
  }

  /** Every partition held here has nothing left to deliver and nothing unacknowledged (false when the broker cannot say). */
  private async caughtUp(): Promise<boolean> {
    try {
      for (const t of this.tasks.values()) {
        const info = await this.jsm.consumers.info(this.opts.stream, t.durable);
        if (info.num_pending > 0 || info.num_ack_pending > 0) return false;
      }
      return true;
    } catch {
      return false;
    }
  }

  private async waitForStream(): Promise<PartitionPlan> {
    for (;;) {
      try {
        return await streamPlan(this.jsm, this.opts.stream);
      } catch (err) {
        if (!/not found/i.test(String(err))) throw err;
        if (this.opts.signal?.aborted) throw err;
        await sleep(500);
      }
    }
  }

  /** A task that ended on its own (an error): forget it and free its lease for the next round. */
  async ended(task: PartitionTask): Promise<void> {
    if (this.tasks.get(task.name) !== task) return;
    this.tasks.delete(task.name);
    // only our own lease: if it expired and another worker took it, the revision differs
    await this.kv.delete(`p.${task.name}`, { previousSeq: this.revisions.get(task.name)! }).catch(() => undefined);
  }

  /**
   * Renew the leases of held partitions and of those being handed over (released once their
   * task ended). Runs on its own timer, apart from the lease round: a round waits for several
   * answers in turn (the worker list, creates), and on a busy machine each waits for a turn of
   * the event loop; renewals behind it would come too late and the leases expire.
   */
  private async renewals(): Promise<void> {
    for (const [name, task] of this.orphaned) if (task.finished) this.orphaned.delete(name);
    const held = [...this.tasks];
    const renewed = await Promise.allSettled(held.map(([name]) => this.renew(name)));
    held.forEach(([name, task], i) => {
      const r = renewed[i]!;
      // a wrong revision: someone else holds it now (our lease expired); a broker away: keep going
      if (r.status === 'rejected' && /wrong last sequence|revision|key exists/i.test(String(r.reason)) && this.tasks.get(name) === task) {
        this.log(`partition ${name}: lease lost`);
        task.stop();
        this.tasks.delete(name);
        this.orphaned.set(name, task);
      }
    });
    await Promise.all(
      [...this.releasing].map(async ([name, task]) => {
        if (!task.finished) return this.renew(name).catch(() => undefined);
        await this.kv.delete(`p.${name}`, { previousSeq: this.revisions.get(name)! }).catch(() => undefined);
        this.releasing.delete(name);
        this.log(`partition ${name}: handed over`);
      }),
    );
  }

  /**
   * Count live workers, hand over beyond the fair share, take free partitions up to it. Nothing
   * here waits for a task: a handed-over task writes what it holds, and its lease is released
   * by the renewals once it has ended.
   */
  private async leases(wanted: string[]): Promise<void> {
    await this.kv.put(`w.${this.id}`, String(Date.now()));
    // a set: the key listing (an ordered consumer) may deliver a key again after it resets
    const names = new Set<string>();
    for await (const k of await this.kv.keys('w.*')) if (k) names.add(k);
    const workers = names.size;
    // Shares are of work, not of partitions: the group partition gets every record (weight 2,
    // the others 1). A worker takes partitions while it holds less than its share, and hands
    // over only beyond the share plus the heaviest weight less one, so two workers never pass
    // a partition back and forth; as every worker takes up to its share, none is left over.
    const total = wanted.reduce((a, n) => a + partitionWeight(n), 0);
    const share = this.opts.partitions ? total : Math.ceil(total / Math.max(1, workers));
    const slack = Math.max(...wanted.map(partitionWeight)) - 1;
    const held = (): number => [...this.tasks.keys()].reduce((a, n) => a + partitionWeight(n), 0);
    // Each worker prefers the partitions its rank among the live workers deals it, kind by kind
    // (m.j, c.j to rank j mod workers), so MMSI partitions (which write the positions: most of
    // the work) spread over the workers instead of going to whichever asked first; the group
    // partition goes first to the last rank, whose share the MMSI and cell partitions fill less.
    const n = Math.max(1, workers);
    const rank = Math.max(0, [...names].sort().indexOf(`w.${this.id}`));
    const preferred = (name: string): boolean => (name[0] === 'g' ? n - 1 - (Number(name.slice(2)) % n) : Number(name.slice(2)) % n) === rank;
    while (held() > share + slack) {
      const all = [...this.tasks.entries()];
      const [name, task] = all.filter(([x]) => !preferred(x)).pop() ?? all.pop()!;
      this.tasks.delete(name);
      task.stop();
      this.releasing.set(name, task);
      this.log(`partition ${name}: handing over (share ${share} of ${total} with ${workers} workers)`);
    }
    const byWeight = (a: string, b: string): number => partitionWeight(b) - partitionWeight(a);
    // the leases wanted are asked for together (one after another, each create waited behind the
    // messages the partitions just taken were pulling: a worker of a batch held its share 2 s late)
    if (held() >= share) return;
    // leases others hold now are not asked for (a create refused waits its turn like one granted)
    const leased = new Set<string>();
    for await (const k of await this.kv.keys('p.*')) if (k) leased.add(k.slice(2));
    const order = [...wanted.filter(preferred).sort(byWeight), ...wanted.filter((x) => !preferred(x))]
      // a previous task of this partition here still writing: take it again once it ended
      .filter((name) => !leased.has(name) && !this.tasks.has(name) && !this.releasing.has(name) && !this.orphaned.has(name));
    let next = 0;
    while (held() < share && next < order.length) {
      const ask: string[] = [];
      for (let w = held(); next < order.length && w < share; next++) {
        ask.push(order[next]!);
        w += partitionWeight(order[next]!);
      }
      const got = await Promise.allSettled(ask.map((name) => this.kv.create(`p.${name}`, this.id)));
      ask.forEach((name, k) => {
        const r = got[k]!;
        if (r.status === 'rejected') return; // held by another worker
        this.revisions.set(name, r.value);
        this.taken++;
        this.tasks.set(name, new PartitionTask(this, name));
      });
    }
  }

  private async renew(name: string): Promise<void> {
    this.revisions.set(name, await this.kv.update(`p.${name}`, this.id, this.revisions.get(name)!));
  }
}

export async function runWorker(opts: WorkerOptions): Promise<WorkerSummary> {
  return new Worker(opts).run();
}
