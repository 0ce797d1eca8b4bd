/**
 * `npm run bench -- pg [--positions N] [--batch B] [--vessels V]`
 *
 * Ingest into PostgreSQL vs DuckDB through Store.writeBatch: a synthetic, time-ordered feed of
 * V vessels (default 2000) with 2% repeats, written in batches of B (default the ingest's
 * PREFERRED_BATCH_ROWS) with one batch in flight while the next is built, as an ingest does.
 * Per store: positions/s (wall), the client process's CPU seconds, and the rate of reading every
 * position back in time order (what analyze's replay does). The PostgreSQL database is created
 * for the run from DARKFLEET_TEST_PG (default postgres://postgres@127.0.0.1:5432/test) and
 * dropped after. The server's CPU (its backends' utime + stime from /proc, same machine) is
 * reported apart, so figures stay comparable when other processes load the machine:
 * positionsPerCpuSec counts client and server CPU together. `--gist` adds a GiST index on the
 * positions' PostGIS point first, to show what it would cost. Last stdout line: one JSON object.
 */
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { arg } from './args.js';
import { openDuckDbStore } from '../src/store/duckdb/index.js';
import { openPostgresStore } from '../src/store/postgres/index.js';
import { PREFERRED_BATCH_ROWS } from '../src/store/index.js';
import type { Store } from '../src/store/types.js';
import type { Position } from '../src/records.js';
import { Synth } from '../test/store/synth.js';
import { pgTestDb } from '../test/store/pg.js';

interface Figures {
  positionsPerSec: number;
  cpuSeconds: number;
  serverCpuSeconds?: number;
  positionsPerCpuSec?: number;
  inserted: number;
  duplicates: number;
  readPerSec: number;
}

function batchOf(syn: Synth, from: number, to: number): Position[] {
  const out: Position[] = [];
  for (let i = from; i < to; i++) {
    const r = syn.record(i);
    if (r.kind === 'position') out.push(r.rec);
  }
  return out;
}

/** CPU seconds used so far by the server processes serving database `url` (null when not readable). */
async function serverCpu(url: string): Promise<number | null> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const rows = (await c.query(`SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`)).rows as { pid: number }[];
    let ticks = 0;
    for (const { pid } of rows) {
      const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      ticks += Number(f[11]) + Number(f[12]);
    }
    return ticks / 100;
  } catch {
    return null;
  } finally {
    await c.end();
  }
}

async function measure(store: Store, syn: Synth, n: number, batch: number, url?: string): Promise<Figures> {
  await store.beginSource('bench');
  let inserted = 0;
  let duplicates = 0;
  let inflight: Promise<void> | null = null;
  const server0 = url ? await serverCpu(url) : null;
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < n; i += batch) {
    const j = Math.min(n, i + batch);
    const p = store.writeBatch({ sourceKey: 'bench', positions: batchOf(syn, i, j), statics: [], progress: { recordIndex: j } }).then((r) => {
      inserted += r.positionsInserted;
      duplicates += r.positionsDuplicate;
    });
    if (inflight) await inflight;
    inflight = p;
  }
  if (inflight) await inflight;
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const server1 = url ? await serverCpu(url) : null;
  await store.endSource('bench');
  const r0 = performance.now();
  let read = 0;
  for await (const b of store.positionBatches()) read += b.length;
  const readSeconds = (performance.now() - r0) / 1000;
  const client = (cpu.user + cpu.system) / 1e6;
  const server = server0 !== null && server1 !== null ? server1 - server0 : null;
  return {
    positionsPerSec: Math.round((inserted + duplicates) / seconds),
    cpuSeconds: Number(client.toFixed(2)),
    ...(server !== null ? { serverCpuSeconds: Number(server.toFixed(2)), positionsPerCpuSec: Math.round((inserted + duplicates) / (client + server)) } : {}),
    inserted,
    duplicates,
    readPerSec: Math.round(read / readSeconds),
  };
}

async function addGist(url: string, schema: string): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(`CREATE INDEX ON ${schema}.positions USING gist (geom)`);
  } finally {
    await c.end();
  }
}

export async function run(args: string[]): Promise<void> {
  const n = arg(args, 'positions', 1_000_000);
  const batch = arg(args, 'batch', PREFERRED_BATCH_ROWS);
  const syn = new Synth({ vessels: arg(args, 'vessels', 2000), dupEvery: 50 });
  const tdb = await pgTestDb('bench');
  if (!tdb) throw new Error('PostgreSQL is unreachable: set DARKFLEET_TEST_PG');
  const dir = mkdtempSync(path.join(tmpdir(), 'darkfleet-bench-pg-'));
  try {
    const url = tdb.store('bench');
    const pgStore = await openPostgresStore(url);
    let postgres: Figures;
    const gist = args.includes('--gist');
    try {
      if (gist) await addGist(tdb.url, new URL(url).searchParams.get('schema')!);
      postgres = await measure(pgStore, syn, n, batch, tdb.url);
    } finally {
      await pgStore.close();
    }
    process.stdout.write(
      `postgres${gist ? ' (GiST on positions)' : ''}: ${postgres.positionsPerSec} positions/s, client CPU ${postgres.cpuSeconds} s, server CPU ${postgres.serverCpuSeconds ?? '?'} s, ${postgres.positionsPerCpuSec ?? '?'} positions/CPU-s, read back ${postgres.readPerSec}/s\n`,
    );
    const duck = await openDuckDbStore(path.join(dir, 'bench.duckdb'), { threads: 1 });
    let duckdb: Figures;
    try {
      duckdb = await measure(duck, syn, n, batch);
    } finally {
      await duck.close();
    }
    process.stdout.write(`duckdb:   ${duckdb.positionsPerSec} positions/s, process CPU ${duckdb.cpuSeconds} s, read back ${duckdb.readPerSec}/s\n`);
    process.stdout.write(`${JSON.stringify({ bench: 'pg', positions: n, batch, gist, postgres, duckdb })}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await tdb.drop();
  }
}
