/**
 * `watch --publish`: the feed, in replay order (order.ts), cut into partitions (partition.ts)
 * and published to JetStream. Each partition collects its items and is published as one
 * message when it holds `maxItems` or `maxDelayMs` has passed (so a quiet feed still reaches
 * the workers within the delay). A partition's messages go out one at a time, in order, each
 * retried until the broker has it (a broker restart only delays them; the msgID makes a retry
 * that did land harmless): order within a partition is what the workers' detectors need.
 * Backpressure: push() waits while any partition has `maxQueued` messages not yet acknowledged.
 */
import { randomBytes } from 'node:crypto';
import type { NatsConnection } from '@nats-io/transport-node';
import { jetstream, type JetStreamClient } from '@nats-io/jetstream';
import { encodePayload, type Item } from './codec.js';
import type { FeedRecord } from './order.js';
import { isPosition } from './order.js';
import { Router, allPartitions, type PartitionKind, type PartitionPlan } from './partition.js';
import { subjectOf } from './nats.js';

export interface PublisherOptions {
  maxItems?: number;
  maxDelayMs?: number;
  maxQueued?: number;
  /** feed name carried in the messages (Position.source) */
  source: string;
  log?: (line: string) => void;
}

interface Lane {
  subject: string;
  items: Item[];
  arrival: number;
  n: number;
  /** the last publish of this lane, settled once the broker has it */
  tail: Promise<void>;
  queued: number;
}

export interface PublisherStats {
  messages: number;
  items: number;
  records: number;
  retries: number;
}

const MINUTE_MS = 60_000;

export class Publisher {
  private readonly js: JetStreamClient;
  private readonly router: Router;
  private readonly lanes = new Map<string, Lane>();
  private readonly runId = randomBytes(6).toString('hex');
  private readonly maxItems: number;
  private readonly maxDelayMs: number;
  private readonly maxQueued: number;
  private lastMinute = Number.NEGATIVE_INFINITY;
  private lastT = Number.NEGATIVE_INFINITY;
  private timer: NodeJS.Timeout | null = null;
  readonly stats: PublisherStats = { messages: 0, items: 0, records: 0, retries: 0 };

  constructor(
    nc: NatsConnection,
    private readonly stream: string,
    readonly plan: PartitionPlan,
    private readonly opts: PublisherOptions,
  ) {
    this.js = jetstream(nc, { timeout: 10_000 });
    this.router = new Router(plan);
    this.maxItems = opts.maxItems ?? 2000;
    this.maxDelayMs = opts.maxDelayMs ?? 20;
    this.maxQueued = opts.maxQueued ?? 8;
    for (const name of allPartitions(plan)) {
      const [kind, i] = name.split('.') as [PartitionKind, string];
      this.lanes.set(name, { subject: subjectOf(stream, kind, Number(i)), items: [], arrival: 0, n: 0, tail: Promise.resolve(), queued: 0 });
    }
  }

  /** Records in replay order, received at wall time `arrival`. */
  async push(records: readonly FeedRecord[], arrival: number): Promise<void> {
    for (const r of records) {
      const minute = Math.floor(r.t / MINUTE_MS);
      if (minute !== this.lastMinute) {
        this.lastMinute = minute;
        for (const lane of this.lanes.values()) this.add(lane, { k: 'k', t: r.t }, arrival);
      }
      this.lastT = r.t;
      const item: Item = isPosition(r) ? { k: 'p', r } : { k: 's', r };
      this.router.route(r, (kind, i) => this.add(this.lanes.get(`${kind}.${i}`)!, item, arrival));
      this.stats.records++;
    }
    if (!this.timer) this.timer = setTimeout(() => this.sendAll(), this.maxDelayMs);
    // backpressure: wait for the slowest lane to come under its bound
    for (const lane of this.lanes.values()) while (lane.queued > this.maxQueued) await lane.tail;
  }

  /** End of the feed: every partition flushes its detectors. Waits until the broker has everything. */
  async end(): Promise<void> {
    if (this.lastT > Number.NEGATIVE_INFINITY) for (const lane of this.lanes.values()) this.add(lane, { k: 'e', t: this.lastT }, Number.NaN);
    await this.drain();
  }

  /** Publishes what is collected and waits for the broker's acknowledgements. */
  async drain(): Promise<void> {
    this.sendAll();
    await Promise.all([...this.lanes.values()].map((l) => l.tail));
  }

  private add(lane: Lane, item: Item, arrival: number): void {
    // a message's arrival is its earliest record's (NaN: none, the end-of-feed mark alone)
    if (lane.items.length === 0 || Number.isNaN(lane.arrival)) lane.arrival = arrival;
    else if (arrival < lane.arrival) lane.arrival = arrival;
    lane.items.push(item);
    this.stats.items++;
    // bounded messages: well under the broker's max_payload (1 MB by default)
    if (lane.items.length >= this.maxItems) this.send(lane);
  }

  private sendAll(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    for (const lane of this.lanes.values()) if (lane.items.length) this.send(lane);
  }

  private send(lane: Lane): void {
    const n = ++lane.n;
    const data = encodePayload({ a: lane.arrival, id: this.runId, n, src: this.opts.source, items: lane.items });
    lane.items = [];
    lane.queued++;
    const msgID = `${this.runId}.${lane.subject}.${n}`;
    lane.tail = lane.tail.then(async () => {
      let wait = 100;
      for (;;) {
        try {
          await this.js.publish(lane.subject, data, { msgID, timeout: 10_000 });
          break;
        } catch (err) {
          this.stats.retries++;
          if (this.stats.retries % 20 === 1) this.opts.log?.(`darkfleet watch: publish to ${lane.subject} failed (${err instanceof Error ? err.message : String(err)}); retrying`);
          await new Promise((res) => setTimeout(res, wait));
          wait = Math.min(5000, wait * 2);
        }
      }
      lane.queued--;
      this.stats.messages++;
    });
  }
}
