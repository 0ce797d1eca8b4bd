/**
 * GET /api/alerts through `app.request()`: `watch` runs the detectors over the bundled Nampo
 * sample into an AlertHub, the app streams its alerts as server-sent events. What arrives over
 * SSE is every alert `watch` emitted (and, filtered, exactly those of the types and confidence
 * asked for), which are the events batch `analyze` stored from the same file; a reconnect with
 * Last-Event-ID resumes after it; a closed client is unsubscribed.
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hono } from 'hono';
import { createApp } from '../../src/api/app.js';
import { AlertHub, LineSink, TeeSink } from '../../src/live/alerts.js';
import { liveGeo } from '../../src/live/geo.js';
import { watch } from '../../src/live/watch.js';
import type { Event } from '../../src/events.js';
import { openStore } from '../../src/store/index.js';
import type { Store } from '../../src/store/types.js';
import { SAMPLE, buildSampleStore } from './sample.js';

interface Sse {
  id?: string;
  event?: string;
  data?: string;
}

/** A reader of one SSE response: messages as they come, bounded waits. */
function sseReader(res: Response): { next(n: number, ms: number): Promise<Sse[]>; cancel(): Promise<void> } {
  const reader = res.body!.getReader();
  const dec = new TextDecoder();
  let buf = '';
  const got: Sse[] = [];
  let read: Promise<void> | null = null;
  const pump = (): Promise<void> =>
    (read ??= reader.read().then(({ value, done }) => {
      read = null;
      if (done) throw new Error('the stream ended');
      buf += dec.decode(value, { stream: true });
      let i: number;
      while ((i = buf.indexOf('\n\n')) >= 0) {
        const block = buf.slice(0, i);
        buf = buf.slice(i + 2);
        const m: Sse = {};
        for (const line of block.split('\n')) {
          if (line.startsWith(':')) continue;
          const [k, ...v] = line.split(': ');
          if (k === 'id' || k === 'event' || k === 'data') m[k] = v.join(': ');
        }
        if (Object.keys(m).length) got.push(m);
      }
    }));
  return {
    async next(n, ms) {
      const until = Date.now() + ms;
      while (got.length < n) {
        const left = until - Date.now();
        let timer: NodeJS.Timeout | undefined;
        const late = new Promise<'late'>((r) => (timer = setTimeout(() => r('late'), Math.max(0, left))));
        const r = await Promise.race([pump(), late]);
        clearTimeout(timer);
        if (r === 'late') throw new Error(`waited ${ms} ms for ${n} server-sent events, got ${got.length}`);
      }
      return got.splice(0, n);
    },
    cancel: () => reader.cancel(),
  };
}

let dir: string;
let store: Store;
let hub: AlertHub;
let app: Hono;
let batch: Event[];

beforeAll(async () => {
  const built = await buildSampleStore();
  dir = built.dir;
  store = await openStore(built.db, { threads: 1 });
  batch = await store.events();
  hub = new AlertHub();
  app = createApp({ store, alerts: hub, web: false });
}, 120_000);

afterAll(async () => {
  await store?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('GET /api/alerts', () => {
  it('streams the alerts of a live run as they come, filtered by type and minimum confidence', async () => {
    const all = await app.request('/api/alerts');
    expect(all.status).toBe(200);
    expect(all.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const some = await app.request('/api/alerts?type=encounter,loitering,gap&minConfidence=0.6');
    const allR = sseReader(all);
    const someR = sseReader(some);
    // the subscriptions exist before the run starts
    expect(hub.subscribers).toBe(2);
    const emitted: Event[] = [];
    const lines = new LineSink((l) => void emitted.push(JSON.parse(l) as Event));
    const geo = await liveGeo(store, { refresh: false });
    await watch({ inputs: [SAMPLE], store, geo, alert: new TeeSink([lines, hub]) });

    // the live run found what analyze found in the same file; encounters and gaps were also
    // alerted early (flag ongoing), before their final alert under the same id
    expect(emitted.length).toBeGreaterThan(5);
    const finals = emitted.filter((e) => !e.flags.includes('ongoing') && !e.flags.includes('withdrawn'));
    expect(finals.map((e) => e.id).sort()).toEqual(batch.map((e) => e.id).sort());
    const early = emitted.filter((e) => e.flags.includes('ongoing'));
    // the sample's planted encounters and its gap far offshore
    expect(early.length).toBeGreaterThan(0);
    for (const e of early) expect(emitted.findIndex((f) => f.id === e.id && f !== e)).toBeGreaterThan(emitted.indexOf(e));
    expect(emitted.filter((e) => e.flags.includes('withdrawn'))).toEqual([]);

    const received = await allR.next(emitted.length, 10_000);
    expect(received.map((m) => (JSON.parse(m.data!) as Event).id)).toEqual(emitted.map((e) => e.id));
    const ids = received.map((m) => Number(m.id));
    expect(ids).toEqual(ids.map((_, i) => ids[0]! + i));

    const wanted = emitted.filter((e) => ['encounter', 'loitering', 'gap'].includes(e.type) && e.confidence >= 0.6);
    // the filter keeps some and leaves some out
    expect(wanted.length).toBeGreaterThan(0);
    expect(wanted.length).toBeLessThan(emitted.length);
    const filtered = await someR.next(wanted.length, 10_000);
    expect(filtered.map((m) => (JSON.parse(m.data!) as Event).id)).toEqual(wanted.map((e) => e.id));

    // a client that reconnects with the last id it saw gets what followed
    const resumed = sseReader(await app.request('/api/alerts', { headers: { 'Last-Event-ID': received[2]!.id! } }));
    const rest = await resumed.next(emitted.length - 3, 10_000);
    expect(rest.map((m) => m.id)).toEqual(received.slice(3).map((m) => m.id));

    // closed clients are unsubscribed
    await allR.cancel();
    await someR.cancel();
    await resumed.cancel();
    for (let i = 0; i < 50 && hub.subscribers > 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(hub.subscribers).toBe(0);
  }, 120_000);

  it('sends no early alerts when told not to (watch --no-early), and the same final ones', async () => {
    const emitted: Event[] = [];
    const geo = await liveGeo(store, { refresh: false });
    const s = await watch({ inputs: [SAMPLE], store, geo, alert: new LineSink((l) => void emitted.push(JSON.parse(l) as Event)), early: false });
    expect(s.notices).toEqual({});
    expect(emitted.filter((e) => e.flags.includes('ongoing'))).toEqual([]);
    expect(emitted.map((e) => e.id).sort()).toEqual(batch.map((e) => e.id).sort());
  }, 120_000);

  it('a slow subscriber loses its oldest alerts, and is told how many', async () => {
    const small = new AlertHub({ maxQueue: 2 });
    const a = createApp({ store, alerts: small, web: false });
    const r = sseReader(await a.request('/api/alerts'));
    // the stream has sent its first line and waits: five alerts arrive at once
    for (const e of batch.slice(0, 5)) small.send(e, Date.now());
    const [first, ...more] = await r.next(3, 5000);
    expect(first).toEqual({ event: 'dropped', data: JSON.stringify({ dropped: 3 }) });
    expect(more.map((m) => (JSON.parse(m.data!) as Event).id)).toEqual(batch.slice(3, 5).map((e) => e.id));
    await r.cancel();
  });

  it('refuses a bad filter (400) and says when the server runs no detectors (404)', async () => {
    const bad = await app.request('/api/alerts?type=party');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/^type: unknown event type "party"/);
    expect((await app.request('/api/alerts?minConfidence=2')).status).toBe(400);
    expect((await app.request('/api/alerts', { headers: { 'Last-Event-ID': 'x' } })).status).toBe(400);
    const plain = createApp({ store, web: false });
    const none = await plain.request('/api/alerts');
    expect(none.status).toBe(404);
    expect(((await none.json()) as { error: { message: string } }).error.message).toMatch(/darkfleet watch INPUT --serve/);
  });
});
