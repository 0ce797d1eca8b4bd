/**
 * The live inputs of `darkfleet watch`, each an async stream of normalised records:
 * - `tcp://host:port`: a client that reconnects with exponential backoff (0.5 s doubling to
 *   30 s, back to 0.5 s once data flows) whenever the feed drops or refuses;
 * - `udp://[host]:port`: a listener (src/sources/net.ts; datagrams beyond its bounded buffer are
 *   dropped and counted, a sender cannot be paused);
 * - `aisstream://?key=K&bbox=W,S,E,N[&url=ws://...]`: AISStream.io's websocket (`ws`), its JSON
 *   messages read by the AISStream reader; reconnects like tcp; `url` points it elsewhere (tests);
 * - a file (any format ingest reads), read as fast as it goes, or at `replaySpeed` times real
 *   time by its records' timestamps.
 * Backpressure: nothing is read ahead of the consumer. A socket is read only when the consumer
 * asks for the next batch (a Readable's async iterator pauses the socket meanwhile, so TCP's
 * window pushes back on the sender), the websocket is paused when its small queue is full.
 * Bad input is counted by reason in the batches' rejects, never fatal.
 */
import { Readable } from 'node:stream';
import WebSocket from 'ws';
import { SourceError } from '../errors.js';
import { openByteSource, byteSourceFromIterable } from '../sources/open.js';
import { readInput } from '../sources/read.js';
import type { ByteSource, SourceFormat } from '../sources/types.js';
import type { FeedRecord } from './order.js';

export interface FeedBatch {
  input: string;
  records: FeedRecord[];
  /** rejected lines by reason */
  rejects: Record<string, number>;
  /** wall time (epoch ms) the batch's first record was received (or due, when replaying) */
  arrival: number;
}

export interface FeedOptions {
  format?: SourceFormat | 'auto';
  /** files: replay at this many times real time by record time; 0 or absent: as fast as it reads */
  replaySpeed?: number;
  /** NMEA without receive times: start the clock here (live sockets default to the connect time) */
  assumeStart?: number;
  /** reconnect backoff bounds, ms (tests shorten them) */
  backoffMs?: { min: number; max: number };
  /** stops reconnecting and ends the stream */
  signal?: AbortSignal;
  /** called on each (re)connection and drop, for logs and tests */
  onConnection?: (input: string, event: 'connected' | 'dropped' | 'refused', detail?: string) => void;
}

export function isLiveInput(spec: string): boolean {
  return spec.startsWith('tcp://') || spec.startsWith('udp://') || spec.startsWith('aisstream://');
}

const sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((res) => {
    const done = (): void => {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      res();
    };
    const t = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });

/** Records of one input, batch by batch. */
export async function* openFeed(spec: string, opts: FeedOptions = {}): AsyncGenerator<FeedBatch> {
  if (spec.startsWith('tcp://') || spec.startsWith('aisstream://')) yield* reconnecting(spec, opts);
  else if (spec.startsWith('udp://')) yield* fromSource(spec, await openByteSource(spec), { ...opts, assumeStart: opts.assumeStart ?? Date.now() });
  else if (opts.replaySpeed && opts.replaySpeed > 0) yield* paced(spec, opts.replaySpeed, opts);
  else yield* fromSource(spec, await openByteSource(spec), opts);
}

async function* fromSource(spec: string, src: ByteSource, opts: FeedOptions): AsyncGenerator<FeedBatch> {
  const format = spec.startsWith('aisstream://') ? 'aisstream' : (opts.format ?? 'auto');
  try {
    // sockets hand records on chunk by chunk; a file is read in the store's large batches
    const live = isLiveInput(spec);
    for await (const b of readInput(src, { format, source: spec, live, ...(opts.assumeStart !== undefined ? { assumeStart: opts.assumeStart } : {}) })) {
      const rejects: Record<string, number> = {};
      for (const r of b.rejects) rejects[r.reason] = (rejects[r.reason] ?? 0) + 1;
      const records: FeedRecord[] = [...b.statics, ...b.positions];
      if (records.length || b.rejects.length) yield { input: spec, records, rejects, arrival: Date.now() };
    }
  } finally {
    src.close();
  }
}

/** A socket feed that comes back: reconnect with exponential backoff until aborted. */
async function* reconnecting(spec: string, opts: FeedOptions): AsyncGenerator<FeedBatch> {
  const { min, max } = opts.backoffMs ?? { min: 500, max: 30_000 };
  let wait = min;
  while (!opts.signal?.aborted) {
    let src: ByteSource;
    try {
      src = spec.startsWith('aisstream://') ? await openAisStream(spec, opts.signal) : await openByteSource(spec);
    } catch (err) {
      opts.onConnection?.(spec, 'refused', err instanceof Error ? err.message : String(err));
      await sleep(wait, opts.signal);
      wait = Math.min(max, wait * 2);
      continue;
    }
    opts.onConnection?.(spec, 'connected');
    const onAbort = (): void => src.close();
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      for await (const b of fromSource(spec, src, { ...opts, assumeStart: opts.assumeStart ?? Date.now() })) {
        wait = min;
        yield b;
      }
      opts.onConnection?.(spec, 'dropped');
    } catch (err) {
      // a reader error on a live feed (a reset socket, a stream that never had a time) drops the connection, not the watch
      opts.onConnection?.(spec, 'dropped', err instanceof Error ? err.message : String(err));
    } finally {
      opts.signal?.removeEventListener('abort', onAbort);
    }
    if (opts.signal?.aborted) break;
    await sleep(wait, opts.signal);
    wait = Math.min(max, wait * 2);
  }
}

/** A file replayed by its timestamps: each record is released when its time, scaled, has come. */
async function* paced(spec: string, speed: number, opts: FeedOptions): AsyncGenerator<FeedBatch> {
  let t0 = Number.NaN;
  let w0 = 0;
  for await (const b of fromSource(spec, await openByteSource(spec), opts)) {
    // a reader batch holds positions and statics apart: merge them by time to pace them
    const recs = b.records.slice().sort((x, y) => x.t - y.t);
    let i = 0;
    while (i < recs.length) {
      if (Number.isNaN(t0)) {
        t0 = recs[i]!.t;
        w0 = Date.now();
      }
      const due = (r: FeedRecord): number => w0 + (r.t - t0) / speed;
      const now = Date.now();
      let j = i;
      while (j < recs.length && due(recs[j]!) <= now) j++;
      if (j > i) {
        yield { input: spec, records: recs.slice(i, j), rejects: i === 0 ? b.rejects : {}, arrival: due(recs[i]!) };
        i = j;
      } else await sleep(Math.min(1000, due(recs[i]!) - now), opts.signal);
      if (opts.signal?.aborted) return;
    }
  }
}

/** AISStream's subscription message: key and bounding boxes ([[south, west], [north, east]]). */
export function aisStreamSubscription(spec: string): { url: string; message: string } {
  const u = new URL(spec.replace(/^aisstream:\/\//, 'http://x/'));
  const key = u.searchParams.get('key');
  if (!key) throw new SourceError('bad_address', `${spec}: needs ?key=<AISStream API key>`);
  const bbox = (u.searchParams.get('bbox') ?? '-180,-90,180,90').split(',').map(Number);
  if (bbox.length !== 4 || bbox.some((x) => !Number.isFinite(x))) throw new SourceError('bad_address', `${spec}: bbox must be W,S,E,N in degrees`);
  const [w, s, e, n] = bbox as [number, number, number, number];
  return {
    url: u.searchParams.get('url') ?? 'wss://stream.aisstream.io/v0/stream',
    message: JSON.stringify({ APIKey: key, BoundingBoxes: [[[s, w], [n, e]]] }),
  };
}

/** The websocket as a ByteSource of JSON lines; paused while more than QUEUE messages wait. */
function openAisStream(spec: string, signal?: AbortSignal): Promise<ByteSource> {
  const QUEUE = 256;
  const { url, message } = aisStreamSubscription(spec);
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    const stream = new Readable({
      highWaterMark: QUEUE,
      objectMode: true,
      read() {
        if (ws.isPaused) ws.resume();
      },
    });
    ws.on('message', (data: Buffer) => {
      if (!stream.push(Buffer.concat([data, Buffer.from('\n')]))) ws.pause();
    });
    ws.once('open', () => {
      ws.send(message);
      resolve(byteSourceFromIterable(spec, stream, undefined, () => ws.terminate()));
    });
    ws.once('error', (err) => {
      reject(new SourceError('unreachable', `cannot connect to ${url}: ${err.message}`, { cause: err }));
      stream.destroy();
    });
    ws.once('close', () => stream.push(null));
    signal?.addEventListener('abort', () => ws.terminate(), { once: true });
  });
}
