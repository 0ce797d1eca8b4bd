/**
 * `npm run bench -- scale [N] [runs=K]`: issue G's throughput bar for scale-out. N records (default
 * 1M positions: the analyze bench's corpus, 2000 vessels off Nampo) are published once per run by
 * `darkfleet watch --publish` onto a stream of a private NATS JetStream server; then one
 * `darkfleet worker`, and in a second stream two workers, consume the backlog into a fresh
 * PostgreSQL database each (detectors, positions, events, acks), its schema made beforehand as a
 * deployment has it. Throughput = records / the workers' wall time from their start until the
 * backlog is done (their `--idle-exit` wait taken off).
 * Every part shares this machine, so the CPU each used is given too: the workers (GNU time),
 * the broker (/proc of nats-server) and PostgreSQL (/proc of its processes, with the
 * postmaster's reaped children). Bars: one worker >= 50k records/s; two >= 1.4x one.
 * Needs /usr/sbin/nats-server and PostgreSQL (DARKFLEET_TEST_PG). LAST line: {"bench":"scale",...}.
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { corpus } from './analyze.js';
import { startNats, type Nats } from '../test/live/services.js';
import pg from 'pg';
import { pgTestDb } from '../test/store/pg.js';
import { openStore } from '../src/store/index.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = path.join(root, 'bin/darkfleet.js');
const PLAN = 'mmsi=4,cells=4,cellDeg=0.5,marginDeg=0.15';
const IDLE_S = 3;
const TICK = 100; // clock ticks per second (/proc)

interface Done {
  code: number | null;
  stdout: string;
  cpuS: number;
  endMs: number;
}

function darkfleet(args: string[]): Promise<Done> {
  return new Promise((res, rej) => {
    const child = spawn('/usr/bin/time', ['-f', 'cpu_s=%U+%S', process.execPath, cli, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.once('error', rej);
    child.once('exit', (code) => {
      const c = /cpu_s=([\d.]+)\+([\d.]+)/.exec(err);
      if (code !== 0) return rej(new Error(`darkfleet ${args[0]} exited ${code}: ${err.slice(-2000)}`));
      res({ code, stdout: out, cpuS: c ? Number(c[1]) + Number(c[2]) : Number.NaN, endMs: performance.now() });
    });
  });
}

const last = (s: string): Record<string, unknown> => JSON.parse(s.trim().split('\n').pop()!) as Record<string, unknown>;

/**
 * CPU seconds of the processes named `comm` (whose command line holds `arg`, when given), plus
 * the children they reaped. PostgreSQL's are all of the server's: on a machine shared with other
 * databases' clients the figure is an upper bound.
 */
function cpuOf(comm: string, arg?: string): number {
  let ticks = 0;
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      if (name !== comm && !(comm === 'postgres' && name.startsWith('postgres'))) continue;
      if (arg !== undefined && !readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes(arg)) continue;
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // utime stime cutime cstime: fields 14-17 of stat, 12-15 after the name
      ticks += Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]);
    } catch {
      // gone meanwhile
    }
  }
  return ticks / TICK;
}

interface Figures {
  workers: number;
  records: number;
  seconds: number;
  recordsPerSec: number;
  workerCpuS: number;
  natsCpuS: number;
  pgCpuS: number;
  events: number;
  stored: number;
}

async function once(nats: Nats, nmea: string, workers: number, tag: string): Promise<Figures> {
  const db = await pgTestDb(`scale${tag}`);
  if (!db) throw new Error('PostgreSQL unreachable (DARKFLEET_TEST_PG)');
  const stream = `SCALE${tag}`;
  try {
    // the store's schema made before the clock starts: a deployment's workers find it there (a
    // fresh database's CREATE EXTENSION postgis alone took most of a second of the first worker's start)
    await (await openStore(db.url)).close();
    const pub = await darkfleet(['watch', nmea, '--publish', nats.url, '--stream', stream, '--plan', PLAN, '-q']);
    const records = Number(last(pub.stdout)['positions'] ?? 0) + Number(last(pub.stdout)['statics'] ?? 0);
    const pg0 = cpuOf('postgres');
    const port = new URL(nats.url).port;
    const n0 = cpuOf('nats-server', port);
    const t0 = performance.now();
    const done = await Promise.all(Array.from({ length: workers }, () => darkfleet(['worker', '--nats', nats.url, '--db', db.url, '--stream', stream, '--idle-exit', String(IDLE_S), '-q'])));
    const seconds = (Math.max(...done.map((d) => d.endMs)) - t0) / 1000 - IDLE_S;
    const events = done.reduce((n, d) => n + Number(last(d.stdout)['events'] ?? 0), 0);
    // what the store holds (workers' own counts include events a new owner emitted again)
    const c = new pg.Client({ connectionString: db.url });
    await c.connect();
    const stored = Number((await c.query<{ n: string }>('SELECT count(*) AS n FROM events')).rows[0]!.n);
    await c.end();
    return {
      workers,
      records,
      seconds,
      recordsPerSec: records / seconds,
      workerCpuS: done.reduce((n, d) => n + d.cpuS, 0),
      natsCpuS: cpuOf('nats-server', port) - n0,
      pgCpuS: cpuOf('postgres') - pg0,
      events,
      stored,
    };
  } finally {
    await db.drop();
  }
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function run(args: string[]): Promise<void> {
  const n = Number(args.find((a) => /^\d+$/.test(a)) ?? 1_000_000);
  const runs = Number(args.find((a) => /^runs=\d+$/.test(a))?.slice(5) ?? 1);
  const nmea = await corpus(n);
  const nats = await startNats();
  if (!nats) throw new Error('no nats-server (set DARKFLEET_NATS_SERVER)');
  const one: Figures[] = [];
  const two: Figures[] = [];
  try {
    for (let r = 0; r < runs; r++) {
      for (const [k, list] of [[1, one], [2, two]] as const) {
        const f = await once(nats, nmea, k, `${k}r${r}`);
        list.push(f);
        console.log(
          `run ${r + 1}, ${k} worker${k > 1 ? 's' : ''}: ${f.records} records in ${f.seconds.toFixed(1)} s = ${Math.round(f.recordsPerSec)}/s; CPU s: workers ${f.workerCpuS.toFixed(1)}, nats ${f.natsCpuS.toFixed(1)}, PostgreSQL ${f.pgCpuS.toFixed(1)} (events: ${f.events} emitted, ${f.stored} stored); load ${loadavg()[0]!.toFixed(1)}`,
        );
      }
    }
  } finally {
    await nats.stop();
  }
  const r1 = median(one.map((f) => f.recordsPerSec));
  const r2 = median(two.map((f) => f.recordsPerSec));
  const share = (f: Figures): Record<string, number> => {
    const total = f.workerCpuS + f.natsCpuS + f.pgCpuS;
    return { workers: Number((f.workerCpuS / total).toFixed(2)), nats: Number((f.natsCpuS / total).toFixed(2)), postgres: Number((f.pgCpuS / total).toFixed(2)) };
  };
  const perCpu = (f: Figures): number => Math.round(f.records / (f.workerCpuS + f.natsCpuS + f.pgCpuS));
  console.log(`medians of ${runs}: one worker ${Math.round(r1)} records/s (bar 50000), two ${Math.round(r2)} records/s = ${(r2 / r1).toFixed(2)}x (bar 1.4x); ${Math.round(perCpu(one[0]!))} records per CPU-second over every part; ${cpus().length} cores`);
  console.log(
    JSON.stringify({
      bench: 'scale',
      records: one[0]!.records,
      runs,
      oneWorkerPerSec: Math.round(r1),
      twoWorkersPerSec: Math.round(r2),
      ratio: Number((r2 / r1).toFixed(2)),
      recordsPerCpuSecond: perCpu(one[0]!),
      cpuShareOne: share(one[0]!),
      cpuShareTwo: share(two[0]!),
      storedEvents: [one[0]!.stored, two[0]!.stored],
      cores: cpus().length,
      load1: Number(loadavg()[0]!.toFixed(2)),
    }),
  );
}
