/**
 * Scale-out on NATS JetStream + PostgreSQL against batch analyze on DuckDB, over one simulated
 * 24 h scenario (src/sim): the same set of event ids (equivalence), also when a worker is killed
 * with SIGKILL and the broker is stopped and restarted mid-stream (faults). The PostgreSQL store
 * first ingests the scenario as history, so the workers' map (the traffic layer learned from the
 * store) is the one analyze learns; the live run then re-sends every record through the stream.
 * Needs nats-server and PostgreSQL: skips with a reason when absent, fails under CI=true.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { simulate } from '../../src/sim/index.js';
import { openStore } from '../../src/store/index.js';
import { pgTestDb, type PgTestDb } from '../store/pg.js';
import { cli, lastJson, startNats, type Nats } from './services.js';

let nats: Nats | undefined;
let db: PgTestDb | undefined;
let nmea = '';
let batchIds: string[] = [];

beforeAll(async () => {
  nats = await startNats();
  db = nats ? await pgTestDb('live') : undefined;
  if (!nats || !db) return;
  const dir = mkdtempSync(path.join(tmpdir(), 'df-live-'));
  nmea = simulate(path.join(dir, 'sim'), { seed: 7, hours: 24, vessels: 130, intervalS: 120, staticIntervalS: 1800 }).files.nmea;
  const out = path.join(dir, 'batch.jsonl');
  const a = cli(['analyze', nmea, '--db', path.join(dir, 'batch.duckdb'), '--out', out, '-q']);
  expect(await a.exited).toBe(0);
  batchIds = readFileSync(out, 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { id: string }).id).sort();
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

async function clearEvents(): Promise<void> {
  const c = new pg.Client({ connectionString: db!.url });
  await c.connect();
  await c.query('DELETE FROM events');
  await c.end();
}

const PLAN = 'mmsi=4,cells=4,cellDeg=0.5,marginDeg=0.15';
const worker = (stream: string, idle = '8'): ReturnType<typeof cli> => cli(['worker', '--nats', nats!.url, '--db', db!.url, '--stream', stream, '--idle-exit', idle]);

describe('watch --publish with two workers on PostgreSQL', () => {
  it('gives the event ids of analyze on DuckDB', async (ctx) => {
    if (!nats || !db) return ctx.skip();
    expect(batchIds.length).toBeGreaterThan(50);
    await clearEvents();
    const w1 = worker('EQ');
    const w2 = worker('EQ');
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
    expect(Number(s1['events']) + Number(s2['events'])).toBe(batchIds.length);
    expect(await storedIds()).toEqual(batchIds);
  }, 600_000);
});
