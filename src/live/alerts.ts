/**
 * Where alerts go: one JSON line per event on stdout, a POST of the event's JSON to a
 * webhook, or the subscribers of an AlertHub (the API's `/api/alerts` server-sent events). An alert is sent when the detector emits its event, which is when the event is
 * final (each detector closes by feed time, never the wall clock; README "Live monitoring"
 * says when for each type), and, for encounters and gaps, also early, as the runner's notices
 * post them (flag `ongoing`, the final event's id). The webhook is retried with exponential backoff (0.25 s doubling
 * to 30 s, `maxAttempts` tries) from a bounded queue: when the receiver is down longer than
 * the queue lasts, the oldest alerts are dropped and counted, the pipeline never waits on it.
 * Every alert also carries its latency from the feed message that completed it.
 */
import type { Event, EventType } from '../events.js';

export interface AlertStats {
  sent: number;
  failed: number;
  dropped: number;
  retries: number;
}

export interface AlertSink {
  /** `arrival`: wall ms the feed delivered the input that completed the event (NaN: closed by the end of the input, no latency) */
  send(e: Event, arrival: number): void;
  /** waits for queued alerts (bounded by `ms`) */
  close(ms?: number): Promise<void>;
  readonly stats: AlertStats;
  /** alert latencies, ms (wall clock from arrival to hand-over) */
  readonly latencies: number[];
}

/** Bounded memory for latency samples: a reservoir would do, the runs here fit. */
const MAX_SAMPLES = 1_000_000;

/** JSON lines on a writer (stdout). */
export class LineSink implements AlertSink {
  readonly stats: AlertStats = { sent: 0, failed: 0, dropped: 0, retries: 0 };
  readonly latencies: number[] = [];
  /** `out` writes at once (an alert waits in no buffer) */
  constructor(private readonly out: (line: string) => void) {}
  send(e: Event, arrival: number): void {
    this.out(`${JSON.stringify(e)}\n`);
    this.stats.sent++;
    if (Number.isFinite(arrival) && this.latencies.length < MAX_SAMPLES) this.latencies.push(Date.now() - arrival);
  }
  async close(): Promise<void> {}
}

export interface WebhookOptions {
  /** queued alerts at most (default 10 000); beyond, the oldest is dropped */
  maxQueue?: number;
  /** tries per alert (default 8) */
  maxAttempts?: number;
  backoffMs?: { min: number; max: number };
  /** request timeout, ms (default 10 000) */
  timeoutMs?: number;
}

/** POSTs each event as JSON, one at a time in order, retrying with backoff. */
export class WebhookSink implements AlertSink {
  readonly stats: AlertStats = { sent: 0, failed: 0, dropped: 0, retries: 0 };
  readonly latencies: number[] = [];
  private readonly queue: { e: Event; arrival: number }[] = [];
  private running: Promise<void> | null = null;
  private readonly maxQueue: number;
  private readonly maxAttempts: number;
  private readonly backoff: { min: number; max: number };
  private readonly timeoutMs: number;

  constructor(
    private readonly url: string,
    opts: WebhookOptions = {},
  ) {
    this.maxQueue = opts.maxQueue ?? 10_000;
    this.maxAttempts = opts.maxAttempts ?? 8;
    this.backoff = opts.backoffMs ?? { min: 250, max: 30_000 };
    this.timeoutMs = opts.timeoutMs ?? 10_000;
  }

  send(e: Event, arrival: number): void {
    if (this.queue.length >= this.maxQueue) {
      // the oldest waiting one (the head may be on the wire)
      this.queue.splice(this.running && this.queue.length > 1 ? 1 : 0, 1);
      this.stats.dropped++;
    }
    this.queue.push({ e, arrival });
    this.running ??= this.drain().finally(() => (this.running = null));
  }

  async close(ms = 10_000): Promise<void> {
    if (!this.running) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.running, new Promise<void>((res) => (timer = setTimeout(res, ms)))]);
    clearTimeout(timer);
    // what is still queued when time is up is lost: say how much
    this.stats.dropped += this.queue.length;
    this.queue.length = 0;
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const head = this.queue[0]!;
      let wait = this.backoff.min;
      let ok = false;
      for (let attempt = 1; attempt <= this.maxAttempts; attempt++) {
        const r = await this.post(head.e);
        if (r === 'ok') {
          ok = true;
          break;
        }
        if (r === 'refused' || attempt === this.maxAttempts) break;
        this.stats.retries++;
        await new Promise<void>((res) => setTimeout(res, wait));
        wait = Math.min(this.backoff.max, wait * 2);
      }
      // the head may have been dropped for room while we waited
      if (this.queue[0] === head) this.queue.shift();
      if (ok) {
        this.stats.sent++;
        if (Number.isFinite(head.arrival) && this.latencies.length < MAX_SAMPLES) this.latencies.push(Date.now() - head.arrival);
      } else this.stats.failed++;
    }
  }

  private async post(e: Event): Promise<'ok' | 'retry' | 'refused'> {
    try {
      const res = await fetch(this.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(e),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      await res.arrayBuffer().catch(() => undefined);
      if (res.ok) return 'ok';
      // 4xx other than 408/429 will not get better by retrying
      return res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429 ? 'refused' : 'retry';
    } catch {
      return 'retry';
    }
  }
}

/** Which alerts a subscriber wants (the API's event filters that apply to one event). */
export interface AlertFilter {
  types?: readonly EventType[];
  mmsi?: number;
  /** every one of these flags */
  flags?: readonly string[];
  minConfidence?: number;
}

export function matchesAlert(e: Event, f: AlertFilter): boolean {
  if (f.types && !f.types.includes(e.type)) return false;
  if (f.mmsi !== undefined && !e.mmsi.includes(f.mmsi)) return false;
  if (f.flags && !f.flags.every((x) => e.flags.includes(x))) return false;
  return f.minConfidence === undefined || e.confidence >= f.minConfidence;
}

/** An alert as a hub numbers it: `seq` is its SSE id, for resuming after a reconnect. */
export interface NumberedAlert {
  seq: number;
  event: Event;
}

export interface HubOptions {
  /** alerts kept for subscribers that reconnect with Last-Event-ID (default 1000) */
  keep?: number;
  /** alerts waiting for one slow subscriber at most (default 1000); beyond, its oldest are dropped and counted */
  maxQueue?: number;
}

/** One subscriber's bounded queue; `wait()` settles when something arrives or it is closed. */
export class AlertSubscription {
  private queue: NumberedAlert[] = [];
  private wake: (() => void) | null = null;
  closed = false;
  /** alerts dropped because this subscriber fell behind */
  dropped = 0;

  constructor(
    readonly filter: AlertFilter,
    private readonly maxQueue: number,
    private readonly detach: (s: AlertSubscription) => void,
  ) {}

  push(a: NumberedAlert): void {
    if (this.closed || !matchesAlert(a.event, this.filter)) return;
    if (this.queue.length >= this.maxQueue) {
      this.queue.shift();
      this.dropped++;
    }
    this.queue.push(a);
    this.wake?.();
  }

  /** Everything queued, oldest first. */
  take(): NumberedAlert[] {
    const out = this.queue;
    this.queue = [];
    return out;
  }

  /** Resolves when an alert is queued, the subscription closes, or `ms` pass. */
  wait(ms: number): Promise<void> {
    if (this.queue.length || this.closed) return Promise.resolve();
    return new Promise((res) => {
      const done = (): void => {
        clearTimeout(t);
        this.wake = null;
        res();
      };
      const t = setTimeout(done, ms);
      this.wake = done;
    });
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.detach(this);
    this.wake?.();
  }
}

/**
 * Alerts fanned out in process to subscribers (`darkfleet watch --serve`: the API's
 * `/api/alerts`). Never waits on a subscriber: each has a bounded queue whose overflow drops its
 * oldest alerts, counted; the last `keep` alerts are kept so a subscriber that reconnects with
 * Last-Event-ID misses nothing that recent.
 */
export class AlertHub implements AlertSink {
  readonly stats: AlertStats = { sent: 0, failed: 0, dropped: 0, retries: 0 };
  readonly latencies: number[] = [];
  private readonly subs = new Set<AlertSubscription>();
  private readonly recent: NumberedAlert[] = [];
  private seq = 0;
  private readonly keep: number;
  private readonly maxQueue: number;

  constructor(opts: HubOptions = {}) {
    this.keep = opts.keep ?? 1000;
    this.maxQueue = opts.maxQueue ?? 1000;
  }

  get subscribers(): number {
    return this.subs.size;
  }

  send(e: Event, arrival: number): void {
    const a = { seq: ++this.seq, event: e };
    this.recent.push(a);
    if (this.recent.length > this.keep) this.recent.shift();
    for (const s of this.subs) s.push(a);
    this.stats.sent++;
    if (Number.isFinite(arrival) && this.latencies.length < MAX_SAMPLES) this.latencies.push(Date.now() - arrival);
  }

  /** A new subscriber; with `after` (a Last-Event-ID), first the kept alerts numbered after it. */
  subscribe(filter: AlertFilter, after?: number): AlertSubscription {
    const s = new AlertSubscription(filter, this.maxQueue, (x) => this.subs.delete(x));
    if (after !== undefined) for (const a of this.recent) if (a.seq > after) s.push(a);
    this.subs.add(s);
    return s;
  }

  async close(): Promise<void> {
    for (const s of [...this.subs]) s.close();
  }
}

/** Every alert to each of `sinks` (stdout and the hub). */
export class TeeSink implements AlertSink {
  constructor(private readonly sinks: readonly AlertSink[]) {}
  get stats(): AlertStats {
    return this.sinks[0]!.stats;
  }
  get latencies(): number[] {
    return this.sinks[0]!.latencies;
  }
  send(e: Event, arrival: number): void {
    for (const s of this.sinks) s.send(e, arrival);
  }
  async close(ms?: number): Promise<void> {
    await Promise.all(this.sinks.map((s) => s.close(ms)));
  }
}

/** `stdout` or an http(s) URL. */
export function alertSink(spec: string, stdout: (line: string) => void): AlertSink {
  if (spec === 'stdout') return new LineSink(stdout);
  if (/^https?:\/\//.test(spec)) return new WebhookSink(spec);
  return new LineSink(stdout);
}

/** p50 / p99 / max of latencies, ms. */
export function latencySummary(xs: readonly number[]): { n: number; p50: number; p99: number; max: number } {
  if (xs.length === 0) return { n: 0, p50: 0, p99: 0, max: 0 };
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number): number => s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
  return { n: s.length, p50: q(0.5), p99: q(0.99), max: s[s.length - 1]! };
}
