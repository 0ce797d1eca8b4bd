/**
 * Scale-out on NATS JetStream + PostgreSQL against batch analyze on DuckDB, over one simulated
 * 24 h scenario (src/sim, with planted convoys, which only the group partition sees whole): the same set of event ids (equivalence), also when a worker is killed
 * with SIGKILL, the TCP feed drops and the broker is stopped and restarted mid-stream (faults;
 * each fault lands at a fixed share of the feed, and every wait is bounded and says what it
 * waited for). The PostgreSQL store
 * first ingests the scenario as history, so the workers' map (the traffic layer learned from the
 * store) is the one analyze learns; the live run then re-sends every record through the stream.
 * Needs nats-server and PostgreSQL: skips with a reason when absent, fails under CI=true.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { simulate } from '../../src/sim/index.js';
import { isoTime } from '../../src/events.js';
import { openStore } from '../../src/store/index.js';
import { pgTestDb, type PgTestDb } from '../store/pg.js';
import { cli, exitWithin, lastJson, startNats, waitFor, type Nats } from './services.js';

let nats: Nats | undefined;
let db: PgTestDb | undefined;
let nmea = '';
let batchIds: string[] = [];
/** `id|end` of every batch event: an event written twice with different ends would show */
let batchEnds: string[] = [];

beforeAll(async () => {
  nats = await startNats();
  db = nats ? await pgTestDb('live') : undefined;
  if (!nats || !db) return;
  const dir = mkdtempSync(path.join(tmpdir(), 'df-live-'));
  nmea = simulate(path.join(dir, 'sim'), { seed: 7, hours: 24, vessels: 130, intervalS: 120, staticIntervalS: 1800, movement: true }).files.nmea;
  const out = path.join(dir, 'batch.jsonl');
  const a = cli(['analyze', nmea, '--db', path.join(dir, 'batch.duckdb'), '--out', out, '-q']);
  expect(await a.exited).toBe(0);
  const events = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { id: string; end: string });
  batchIds = events.map((e) => e.id).sort();
  // the planted convoys (movement: true) are in it: their members are in different MMSI partitions
  expect(batchIds.filter((id) => id.startsWith('convoy:')).length).toBeGreaterThan(0);
  batchEnds = events.map((e) => `${e.id}|${e.end}`).sort();
  const ing = cli(['ingest', nmea, '--db', db.url, '-q']);
  expect(await ing.exited).toBe(0);
  const store = await openStore(db.url);
  await store.refreshTraffic();
  await store.close();
}, 600_000);

afterAll(async () => {
  await nats?.stop();
  await db?.drop();
});

async function storedIds(): Promise<string[]> {
  const c = new pg.Client({ connectionString: db!.url });
  await c.connect();
  try {
    return (await c.query<{ id: string }>('SELECT id FROM events ORDER BY id')).rows.map((r) => r.id);
  } finally {
    await c.end();
  }
}

async function storedEnds(): Promise<string[]> {
  const c = new pg.Client({ connectionString: db!.url });
  await c.connect();
  try {
    return (await c.query<{ id: string; end_t: Date }>('SELECT id, end_t FROM events ORDER BY id')).rows.map((r) => `${r.id}|${isoTime(r.end_t.getTime())}`).sort();
  } finally {
    await c.end();
  }
}

async function clearEvents(): Promise<void> {
  const c = new pg.Client({ connectionString: db!.url });
  await c.connect();
  await c.query('DELETE FROM events');
  await c.end();
}

const PLAN = 'mmsi=4,cells=4,cellDeg=0.5,marginDeg=0.15';
const worker = (stream: string, idle = '8', extra: string[] = []): ReturnType<typeof cli> => cli(['worker', '--nats', nats!.url, '--db', db!.url, '--stream', stream, '--idle-exit', idle, ...extra]);

/** The early alerts (flag `ongoing`) among a worker's alert lines on stdout (the last line is its summary). */
function earlyAlerts(p: ReturnType<typeof cli>): { id: string; type: string }[] {
  const lines = p.stdout().trim().split('\n').slice(0, -1);
  return lines.map((l) => JSON.parse(l) as { id: string; type: string; flags: string[] }).filter((e) => e.flags.includes('ongoing'));
}

describe('watch --publish with two workers on PostgreSQL', () => {
  it('gives the event ids of analyze on DuckDB, and an early alert of each encounter, once', async (ctx) => {
    if (!nats || !db) return ctx.skip();
    expect(batchIds.length).toBeGreaterThan(50);
    await clearEvents();
    // the stream exists first (workers wait for it), then both workers hold partitions before the
    // feed starts, so the run is split between them
    const make = cli(['watch', '/dev/null', '--publish', nats.url, '--stream', 'EQ', '--plan', PLAN, '-q']);
    expect(await exitWithin(make, 60_000, 'watch --publish creating the stream')).toBe(0);
    const w1 = worker('EQ', '8', ['--alert', 'stdout']);
    const w2 = worker('EQ', '8', ['--alert', 'stdout']);
    await waitFor(() => /taken/.test(w1.stderr()) && /taken/.test(w2.stderr()), 120_000, 'both workers to hold partitions', () => `worker 1:\n${w1.stderr()}\nworker 2:\n${w2.stderr()}`);
    const pub = cli(['watch', nmea, '--publish', nats.url, '--stream', 'EQ', '--plan', PLAN, '-q']);
    expect(await pub.exited).toBe(0);
    expect(lastJson(pub)['positions']).toBeGreaterThan(50_000);
    expect(await w1.exited).toBe(0);
    expect(await w2.exited).toBe(0);
    const s1 = lastJson(w1);
    const s2 = lastJson(w2);
    // both worked, and each event was emitted once over the two
    expect(Number(s1['messages'])).toBeGreaterThan(0);
    expect(Number(s2['messages'])).toBeGreaterThan(0);
    expect(Number(s1['events']) + Number(s2['events']), `worker 1:\n${w1.stderr()}\nworker 2:\n${w2.stderr()}`).toBe(batchIds.length);
    expect(await storedIds()).toEqual(batchIds);
    // each encounter was alerted as it reached its minimum duration by the one partition owning it
    const early = [...earlyAlerts(w1), ...earlyAlerts(w2)];
    expect(batchIds.filter((id) => id.startsWith('encounter:')).length).toBeGreaterThan(0);
    expect(new Set(early.map((e) => e.id)).size).toBe(early.length);
    expect(early.filter((e) => e.type === 'encounter').map((e) => e.id).sort()).toEqual(batchIds.filter((id) => id.startsWith('encounter:')));
    expect(Number(s1['notices']) + Number(s2['notices'])).toBe(early.length);
  }, 600_000);

  it('loses and duplicates nothing when a worker is SIGKILLed, the feed drops and the broker restarts mid-stream', async (ctx) => {
    if (!nats || !db) return ctx.skip();
    await clearEvents();
    const feed = await pacedFeed(readFileSync(nmea, 'utf8').split('\n').filter(Boolean), 40_000);
    const w1 = worker('FAULT', '10');
    const w2 = worker('FAULT', '10');
    const pub = cli(['watch', `tcp://127.0.0.1:${feed.port}`, '--publish', nats.url, '--stream', 'FAULT', '--plan', PLAN, '--reorder-s', '1']);
    const logs = (): string => `watch: ${pub.stderr().split('\n').slice(-8).join('\n')}\nworker 2: ${w2.stderr().split('\n').slice(-12).join('\n')}`;
    try {
      // the faults land at fixed points of the feed, whatever the machine's speed
      await waitFor(() => feed.sentFraction() >= 0.25 && /taken/.test(w1.stderr()), 60_000, 'a quarter of the feed sent and worker 1 holding partitions', logs);
      w1.child.kill('SIGKILL');
      await waitFor(() => feed.sentFraction() >= 0.45, 60_000, 'the feed to reach 45 %', logs);
      feed.drop();
      await waitFor(() => feed.sentFraction() >= 0.6, 60_000, 'the feed to come back (watch reconnecting) and reach 60 %', logs);
      await nats.stop();
      await new Promise((r) => setTimeout(r, 2000));
      await nats.start();
      await waitFor(() => feed.finished(), 120_000, 'the whole feed to be sent', logs);
      // the feed refuses from now on: watch keeps reconnecting until told to stop
      await waitFor(() => /refused/.test(pub.stderr()), 30_000, 'watch to find the feed closed', logs);
      pub.child.kill('SIGTERM');
      expect(await exitWithin(pub, 60_000, 'watch --publish (SIGTERM: flush and publish the end of the feed)')).toBe(0);
      expect(await exitWithin(w2, 240_000, 'the surviving worker (idle exit after the end of the feed)')).toBe(0);
      expect(await exitWithin(w1, 5000, 'the killed worker')).toBe(null);
    } finally {
      feed.close();
      for (const p of [w1, w2, pub]) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
    }
    expect(feed.connections()).toBeGreaterThanOrEqual(2);
    expect(pub.stderr()).toMatch(/dropped/);
    const s2 = lastJson(w2);
    // the survivor took the killed worker's partitions
    expect(Number(s2['partitionsTaken'])).toBeGreaterThan(4);
    expect(await storedIds()).toEqual(batchIds);
    expect(await storedEnds()).toEqual(batchEnds);
  }, 600_000);
});

/**
 * The NMEA lines on a TCP socket over about `ms`, in 50 ms steps; `drop()` ends the connection
 * at the next sentence that starts a message (a multipart message is never split), and the next
 * connection resumes where it stopped. When all is sent the server closes: watch is refused.
 */
async function pacedFeed(lines: string[], ms: number): Promise<{ port: number; sentFraction(): number; finished(): boolean; drop(): void; connections(): number; close(): void }> {
  let sent = 0;
  let conns = 0;
  let dropping = false;
  const step = Math.max(1, Math.ceil(lines.length / (ms / 50)));
  const startsMessage = (l: string): boolean => !/!AIVDM,\d,([2-9]),/.test(l);
  const server: Server = createServer((s: Socket) => {
    conns++;
    s.on('error', () => undefined);
    const tick = (): void => {
      if (s.destroyed) return;
      if (dropping && startsMessage(lines[sent] ?? '')) {
        dropping = false;
        s.end();
        return;
      }
      let end = Math.min(lines.length, sent + step);
      while (end < lines.length && !startsMessage(lines[end]!)) end++;
      const chunk = `${lines.slice(sent, end).join('\n')}\n`;
      sent = end;
      const ok = s.write(chunk);
      if (sent >= lines.length) {
        s.end();
        server.close();
        return;
      }
      if (ok) setTimeout(tick, 50);
      else s.once('drain', () => setTimeout(tick, 50));
    };
    tick();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as { port: number }).port,
    sentFraction: () => sent / lines.length,
    finished: () => sent >= lines.length,
    drop: () => void (dropping = true),
    connections: () => conns,
    close: () => void server.close(),
  };
}
