/**
 * Where alerts go: one JSON line per event on stdout, or a POST of the event's JSON to a
 * webhook. An alert is sent when the detector emits its event, which is when the event is
 * final (each detector closes by feed time, never the wall clock; README "Live monitoring"
 * says when for each type). The webhook is retried with exponential backoff (0.25 s doubling
 * to 30 s, `maxAttempts` tries) from a bounded queue: when the receiver is down longer than
 * the queue lasts, the oldest alerts are dropped and counted, the pipeline never waits on it.
 * Every alert also carries its latency from the feed message that completed it.
 */
import type { Event } from '../events.js';

export interface AlertStats {
  sent: number;
  failed: number;
  dropped: number;
  retries: number;
}

export interface AlertSink {
  /** `arrival`: wall ms the feed delivered the input that completed the event */
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
    if (this.latencies.length < MAX_SAMPLES) this.latencies.push(Date.now() - arrival);
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
        if (this.latencies.length < MAX_SAMPLES) this.latencies.push(Date.now() - head.arrival);
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
