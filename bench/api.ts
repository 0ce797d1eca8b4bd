/**
 * `npm run bench -- api [--positions N] [--events E] [--concurrency C] [--requests R] [--rounds K] [--rebuild]`
 *
 * The HTTP API under load on loopback: `darkfleet serve` (the built CLI, its own process) over a
 * store of N positions (default 10M: 2000 synthetic vessels, a fix every 100 s each, ~5.8 days,
 * test/store/synth.ts as bench/store.ts uses it) and E events (default 50k, spread over the
 * same vessels and days). The store is built once and cached in .bench/ (api-N-E.duckdb, with
 * api-N-E.duckdb.json; --rebuild makes it again).
 *
 * Two scenarios, each K rounds (default 5) of R requests (default 1000) with at most C in flight
 * (default 8), after an untimed warm-up; latency is measured by the client, request sent to body
 * read. Figures are the medians over the rounds of each round's p50 and p99 (the machine is
 * shared: one noisy round moves no median), with the server's CPU per request (user + system
 * of its process, /proc) and the load average before and after:
 *  - events: a 100-event page of /api/events: pages from random start times, by type, by box,
 *    and the next page through the cursor;
 *  - track: a random vessel's 24 h track (/api/vessels/:mmsi/track?from&to).
 * Targets (issue F): events p99 < 50 ms, track p99 < 100 ms. LAST line: one JSON object.
 * `darkfleet serve` holds a read-only store's events in memory (src/query/event-index.ts).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { arg } from './args.js';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDuckDbStore } from '../src/store/duckdb/index.js';
import { PREFERRED_BATCH_ROWS } from '../src/store/index.js';
import { EVENT_TYPES, eventId, type Event } from '../src/events.js';
import { rng } from '../src/util/prng.js';
import { Synth } from '../test/store/synth.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const VESSELS = 2000;

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
}

/** Events over the synthetic vessels: every type, two-vessel encounters, flags and confidences spread. */
function syntheticEvents(syn: Synth, n: number, t0: number, t1: number): Event[] {
  const r = rng(7);
  const out: Event[] = [];
  const flagSets = [[], ['night'], ['outside_territorial_sea'], ['night', 'outside_territorial_sea'], ['likely_disabling'], ['short']];
  for (let i = 0; i < n; i++) {
    const type = EVENT_TYPES[i % EVENT_TYPES.length]!;
    const v = Math.floor(r() * VESSELS);
    const mmsi = type === 'encounter' ? [syn.mmsiOf(v), syn.mmsiOf((v + 1) % VESSELS)] : [syn.mmsiOf(v)];
    const start = t0 + Math.floor(r() * (t1 - t0));
    out.push({
      id: eventId(type, mmsi, start, String(i)),
      type,
      start: new Date(start).toISOString(),
      end: new Date(start + Math.floor(r() * 12 * 3_600_000)).toISOString(),
      mmsi,
      lat: 30 + (v % 50) * 0.3 + r() * 0.2,
      lon: 120 + Math.floor(v / 50) * 0.3 + r() * 0.2,
      confidence: Math.round(r() * 100) / 100,
      flags: flagSets[i % flagSets.length]!,
      rule: { name: type, profile: 'gfw', params: { maxDistanceM: 500, maxSpeedKn: 2, minDurationH: 2 } },
      evidence: { positions: Math.floor(r() * 500), medianDistanceM: Math.floor(r() * 500), note: 'bench' },
    });
  }
  return out;
}

async function buildStore(file: string, positions: number, events: number): Promise<{ seconds: number; t0: number; t1: number }> {
  const syn = new Synth({ vessels: VESSELS, staticEvery: 1000 });
  const t0 = performance.now();
  const part = `${file}.part`;
  rmSync(part, { force: true });
  rmSync(`${part}.wal`, { force: true });
  const store = await openDuckDbStore(part);
  await store.beginSource('bench-api');
  let inflight: Promise<unknown> | null = null;
  for (let i = 0; i < positions; i += PREFERRED_BATCH_ROWS) {
    const j = Math.min(positions, i + PREFERRED_BATCH_ROWS);
    const p = store.writeBatch({ sourceKey: 'bench-api', ...syn.slice(i, j), progress: { recordIndex: j } });
    if (inflight) await inflight;
    inflight = p;
    if ((i / PREFERRED_BATCH_ROWS) % 8 === 0) process.stderr.write(`\rbuilding: ${j.toLocaleString('en')} positions`);
  }
  if (inflight) await inflight;
  await store.endSource('bench-api');
  const range = (await store.timeRange())!;
  const evs = syntheticEvents(syn, events, range.from, range.to);
  for (let i = 0; i < evs.length; i += 10_000) await store.putEvents(evs.slice(i, i + 10_000));
  await store.close();
  renameSync(part, file);
  const seconds = (performance.now() - t0) / 1000;
  process.stderr.write(`\rbuilt ${file}: ${positions.toLocaleString('en')} positions, ${events.toLocaleString('en')} events in ${seconds.toFixed(1)} s\n`);
  writeFileSync(`${file}.json`, JSON.stringify({ t0: range.from, t1: range.to, seconds }));
  return { seconds, t0: range.from, t1: range.to };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

/** CPU ms (user + system) a process has used, from /proc (clock ticks of 10 ms, Linux's USER_HZ). */
function processCpuMs(pid: number): number {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = f.slice(f.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

function startServe(db: string): Promise<{ url: string; pid: number; stop: () => void }> {
  const proc = spawn(process.execPath, [path.join(root, 'bin/darkfleet.js'), 'serve', '--db', db, '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    proc.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('\n')) resolve({ url: (JSON.parse(out.split('\n')[0]!) as { url: string }).url.replace(/\/api\/$/, ''), pid: proc.pid!, stop: () => proc.kill('SIGTERM') });
    });
    proc.once('exit', (code) => reject(new Error(`serve exited ${code}`)));
  });
}

/** Runs `make(i)` requests with at most `concurrency` in flight; latencies in ms. */
async function load(base: string, n: number, concurrency: number, make: (i: number) => string, check: (body: string, path: string) => void): Promise<number[]> {
  const lat: number[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < n) {
      const i = next++;
      const p = make(i);
      const t = performance.now();
      const res = await fetch(`${base}${p}`);
      const body = await res.text();
      lat.push(performance.now() - t);
      if (res.status !== 200) throw new Error(`${p} -> ${res.status}: ${body.slice(0, 200)}`);
      check(body, p);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return lat.sort((a, b) => a - b);
}

export async function run(args: string[]): Promise<void> {
  const positions = arg(args, 'positions', 10_000_000);
  const events = arg(args, 'events', 50_000);
  const concurrency = arg(args, 'concurrency', 8);
  const requests = arg(args, 'requests', 1000);
  const rounds = arg(args, 'rounds', 5);
  const dir = path.join(root, '.bench');
  mkdirSync(dir, { recursive: true });
  const db = path.join(dir, `api-${positions}-${events}.duckdb`);
  if (args.includes('--rebuild')) rmSync(db, { force: true });
  let built: { seconds: number; t0: number; t1: number; cached?: boolean };
  if (existsSync(db) && existsSync(`${db}.json`)) {
    built = { ...(JSON.parse(readFileSync(`${db}.json`, 'utf8')) as { seconds: number; t0: number; t1: number }), cached: true };
    process.stderr.write(`reusing ${db} (--rebuild to make it again)\n`);
  } else {
    built = await buildStore(db, positions, events);
  }
  const syn = new Synth({ vessels: VESSELS });
  const r = rng(11);
  const day = 86_400_000;
  const loadBefore = os.loadavg()[0]!;
  const startT = performance.now();
  const server = await startServe(db);
  const startMs = performance.now() - startT;
  try {
    const iso = (t: number): string => new Date(t).toISOString();
    let cursor: string | null = null;
    const eventPath = (i: number): string => {
      const k = i % 4;
      if (k === 3 && cursor) return `/api/events?limit=100&cursor=${cursor}`;
      if (k === 1) return `/api/events?limit=100&type=encounter,gap&from=${iso(built.t0 + r() * (built.t1 - built.t0 - day))}`;
      if (k === 2) {
        const lon = 120 + r() * 10;
        return `/api/events?limit=100&bbox=${lon.toFixed(2)},30,${(lon + 3).toFixed(2)},45`;
      }
      return `/api/events?limit=100&from=${iso(built.t0 + r() * (built.t1 - built.t0 - day))}`;
    };
    const checkEvents = (body: string, p: string): void => {
      const page = JSON.parse(body) as { events: unknown[]; next: string | null };
      // only the store's last page is shorter; the cursor chain then starts again
      if (page.events.length !== 100 && page.next !== null) throw new Error(`${p}: ${page.events.length} events, not a 100-event page`);
      cursor = page.next;
    };
    const trackPath = (): string => {
      const from = built.t0 + r() * (built.t1 - built.t0 - day);
      return `/api/vessels/${syn.mmsiOf(Math.floor(r() * VESSELS))}/track?from=${iso(from)}&to=${iso(from + day)}`;
    };
    let trackPoints = 0;
    const checkTrack = (body: string): void => {
      trackPoints += (JSON.parse(body) as { properties: { points: number } }).properties.points;
    };
    // untimed warm-up: the first queries load DuckDB's buffers
    await load(server.url, 100, concurrency, eventPath, checkEvents);
    await load(server.url, 100, concurrency, trackPath, checkTrack);
    trackPoints = 0;
    const cpu0 = process.cpuUsage();
    const ev = { p50: [] as number[], p99: [] as number[], cpu: [] as number[] };
    const tr = { p50: [] as number[], p99: [] as number[], cpu: [] as number[] };
    for (let k = 0; k < rounds; k++) {
      let c = processCpuMs(server.pid);
      const e = await load(server.url, requests, concurrency, eventPath, checkEvents);
      ev.cpu.push((processCpuMs(server.pid) - c) / requests);
      c = processCpuMs(server.pid);
      const t = await load(server.url, requests, concurrency, trackPath, checkTrack);
      tr.cpu.push((processCpuMs(server.pid) - c) / requests);
      ev.p50.push(quantile(e, 0.5));
      ev.p99.push(quantile(e, 0.99));
      tr.p50.push(quantile(t, 0.5));
      tr.p99.push(quantile(t, 0.99));
      process.stderr.write(`round ${k + 1}/${rounds}: events p50 ${quantile(e, 0.5).toFixed(1)} p99 ${quantile(e, 0.99).toFixed(1)} ms; track p50 ${quantile(t, 0.5).toFixed(1)} p99 ${quantile(t, 0.99).toFixed(1)} ms; load ${os.loadavg()[0]!.toFixed(1)}\n`);
    }
    const cpu = process.cpuUsage(cpu0);
    const r1 = (x: number): number => Number(x.toFixed(1));
    const res = {
      bench: 'api',
      positions,
      events,
      storeBytes: statSync(db).size,
      storeBuildSeconds: r1(built.seconds),
      storeCached: built.cached ?? false,
      serveStartMs: Math.round(startMs),
      concurrency,
      rounds,
      requestsPerRound: requests,
      eventsPageP50Ms: r1(median(ev.p50)),
      eventsPageP99Ms: r1(median(ev.p99)),
      eventsPageP99MsRounds: ev.p99.map(r1),
      eventsPageCpuMsPerRequest: Number(median(ev.cpu).toFixed(2)),
      track24hP50Ms: r1(median(tr.p50)),
      track24hP99Ms: r1(median(tr.p99)),
      track24hP99MsRounds: tr.p99.map(r1),
      track24hCpuMsPerRequest: Number(median(tr.cpu).toFixed(2)),
      trackPointsMean: Math.round(trackPoints / (requests * rounds)),
      targets: { eventsPageP99Ms: 50, track24hP99Ms: 100 },
      pass: median(ev.p99) < 50 && median(tr.p99) < 100,
      clientCpuSeconds: r1((cpu.user + cpu.system) / 1e6),
      cores: os.cpus().length,
      loadBefore: r1(loadBefore),
      loadAfter: r1(os.loadavg()[0]!),
    };
    console.log(
      `store: ${positions.toLocaleString('en')} positions, ${events.toLocaleString('en')} events, ${(res.storeBytes / 1e6).toFixed(0)} MB; serve up in ${res.serveStartMs} ms\n` +
        `events page (100): p50 ${res.eventsPageP50Ms} ms, p99 ${res.eventsPageP99Ms} ms, server CPU ${res.eventsPageCpuMsPerRequest} ms/request\n` +
        `24 h track (${res.trackPointsMean} points): p50 ${res.track24hP50Ms} ms, p99 ${res.track24hP99Ms} ms, server CPU ${res.track24hCpuMsPerRequest} ms/request\n` +
        `medians of ${rounds} rounds of ${requests} requests, ${concurrency} in flight; load ${res.loadBefore} -> ${res.loadAfter} on ${res.cores} cores`,
    );
    console.log(JSON.stringify(res));
  } finally {
    server.stop();
  }
}
