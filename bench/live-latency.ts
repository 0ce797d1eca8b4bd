/**
 * `npm run bench -- live-latency [--speed 60] [--from-h 7] [--hours 4] [--mode both|local|scaleout]`
 *
 * Alert latency of the live path: the simulated 24 h scenario of the scale-out test (src/sim,
 * seed 7, 130 vessels), cut to the window [from-h, from-h + hours) of its busiest hours, replayed
 * at `speed` times real time. Latency is wall time from the arrival of the feed message that
 * completed an event (the earliest arrival among the records released with it, so the reorder
 * window's hold is in it) to the alert's hand-over; events closed by the end of the input have
 * no completing message and are not counted.
 * - local: `darkfleet watch FILE` in this process (DuckDB store, detectors here);
 * - scaleout: `watch --publish` to a private nats-server (JetStream, file storage) and one
 *   `darkfleet worker` on PostgreSQL with `--alert stdout`: the alert is sent after the events are
 *   written, so the broker, the worker and the PostgreSQL write are in it. Skipped, with the
 *   reason, without nats-server or PostgreSQL.
 * Prints each mode's n, p50, p99 and max (ms) and the load average; last stdout line: one JSON object.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { arg } from './args.js';
import { simulate, DEFAULT_START } from '../src/sim/index.js';
import { openStore } from '../src/store/index.js';
import { LineSink, latencySummary } from '../src/live/alerts.js';
import { liveGeo } from '../src/live/geo.js';
import { watch } from '../src/live/watch.js';
import { cli, exitWithin, lastJson, startNats } from '../test/live/services.js';
import { pgTestDb } from '../test/store/pg.js';

type Lat = { n: number; p50: number; p99: number; max: number };

function cut(nmea: string, out: string, fromH: number, hours: number): number {
  const t0 = Date.parse(DEFAULT_START) / 1000 + fromH * 3600;
  const t1 = t0 + hours * 3600;
  const kept = readFileSync(nmea, 'utf8')
    .split('\n')
    .filter((l) => {
      const m = /[,\\]c:(\d+)/.exec(l);
      return m !== null && Number(m[1]) >= t0 && Number(m[1]) < t1;
    });
  writeFileSync(out, `${kept.join('\n')}\n`);
  return kept.length;
}

const rounded = (l: Lat): Lat => ({ n: l.n, p50: Math.round(l.p50), p99: Math.round(l.p99), max: Math.round(l.max) });

async function local(file: string, dir: string, speed: number): Promise<Lat & { alerts: number }> {
  const store = await openStore(path.join(dir, 'local.duckdb'));
  try {
    const geo = await liveGeo(store, { refresh: true });
    const sink = new LineSink(() => undefined);
    await watch({ inputs: [file], store, geo, alert: sink, replaySpeed: speed });
    return { alerts: sink.stats.sent, ...rounded(latencySummary(sink.latencies)) };
  } finally {
    await store.close();
  }
}

async function scaleout(file: string, speed: number, hours: number): Promise<(Lat & { alerts: number }) | { skipped: string }> {
  const nats = await startNats();
  if (!nats) return { skipped: 'no nats-server' };
  const db = await pgTestDb('bench_latency');
  if (!db) {
    await nats.stop();
    return { skipped: 'no PostgreSQL' };
  }
  try {
    const worker = cli(['worker', '--nats', nats.url, '--db', db.url, '--stream', 'LAT', '--alert', 'stdout', '--idle-exit', '10', '-q']);
    const pub = cli(['watch', file, '--publish', nats.url, '--stream', 'LAT', '--plan', 'mmsi=4,cells=4,cellDeg=0.5,marginDeg=0.15', '--replay-speed', String(speed), '-q']);
    const feedMs = (hours * 3_600_000) / speed;
    if ((await exitWithin(pub, feedMs + 120_000, 'watch --publish')) !== 0) throw new Error(`watch --publish failed: ${pub.stderr()}`);
    if ((await exitWithin(worker, 300_000, 'the worker')) !== 0) throw new Error(`worker failed: ${worker.stderr()}`);
    const s = lastJson(worker) as { alerts: { sent: number; latencyMs: Lat } };
    return { alerts: s.alerts.sent, ...rounded(s.alerts.latencyMs) };
  } finally {
    await nats.stop();
    await db.drop();
  }
}

export async function run(args: string[]): Promise<void> {
  const speed = arg(args, 'speed', 60);
  const fromH = arg(args, 'from-h', 7);
  const hours = arg(args, 'hours', 4);
  const mi = args.indexOf('--mode');
  const mode = mi >= 0 ? args[mi + 1] : 'both';
  if (mode !== 'both' && mode !== 'local' && mode !== 'scaleout') throw new Error('--mode: both, local or scaleout');
  const dir = mkdtempSync(path.join(tmpdir(), 'df-bench-latency-'));
  const loadBefore = loadavg().map((x) => Math.round(x * 100) / 100);
  try {
    const { files } = simulate(path.join(dir, 'sim'), { seed: 7, hours: 24, vessels: 130, intervalS: 120, staticIntervalS: 1800 });
    const file = path.join(dir, 'window.nmea');
    const lines = cut(files.nmea, file, fromH, hours);
    process.stdout.write(`window ${fromH} h to ${fromH + hours} h of the scenario: ${lines} lines, replayed at ${speed}x (${((hours * 60) / speed).toFixed(1)} min each mode); load ${loadBefore.join(' ')}\n`);
    const out: Record<string, unknown> = {};
    if (mode !== 'scaleout') {
      out.local = await local(file, dir, speed);
      process.stdout.write(`local (watch, DuckDB): ${JSON.stringify(out.local)}\n`);
    }
    if (mode !== 'local') {
      out.scaleout = await scaleout(file, speed, hours);
      process.stdout.write(`scale-out (watch --publish, 1 worker, PostgreSQL): ${JSON.stringify(out.scaleout)}\n`);
    }
    const loadAfter = loadavg().map((x) => Math.round(x * 100) / 100);
    const p99s = Object.values(out).flatMap((r) => (r && typeof r === 'object' && 'p99' in r ? [(r as Lat).p99] : []));
    process.stdout.write(
      `${JSON.stringify({ bench: 'live-latency', speed, window: { fromH, hours }, lines, ...out, p99UnderSecond: p99s.length > 0 && p99s.every((p) => p < 1000), load: { before: loadBefore, after: loadAfter }, cores: (await import('node:os')).cpus().length })}\n`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
