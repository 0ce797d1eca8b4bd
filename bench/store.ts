/**
 * `npm run bench -- store [--positions N] [--batch B] [--runs R] [--vessels V]`
 *
 * Positions per second written through Store.writeBatch into a fresh DuckDB file: a
 * synthetic, time-ordered feed of ~2000 vessels with 2% repeats (a second receiver).
 * Two figures, each the median of R runs:
 *  - positionsPerSec: store time only (each batch awaited, generating the batch not counted);
 *  - pipelinedPerSec: wall time of a loop that builds the next batch while the previous one
 *    commits, as an ingest does (generation counted, one batch in flight).
 *  - pipelinedPerCpuSec: the pipelined run's positions per CPU-second of the whole process,
 *    which stays meaningful when other processes share the machine.
 * Peak RSS is the process's maxRSS after all runs. Last stdout line: one JSON object.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import { arg } from './args.js';
import path from 'node:path';
import { openDuckDbStore } from '../src/store/duckdb/index.js';
import { PREFERRED_BATCH_ROWS } from '../src/store/index.js';
import type { Position } from '../src/records.js';
import { Synth } from '../test/store/synth.js';

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function batchOf(syn: Synth, from: number, to: number): Position[] {
  const out: Position[] = new Array<Position>(to - from);
  for (let i = from; i < to; i++) {
    const r = syn.record(i);
    if (r.kind !== 'position') throw new Error('bench feed has no statics');
    out[i - from] = r.rec;
  }
  return out;
}

interface RunResult {
  seconds: number;
  /** CPU seconds of the whole process (JS and DuckDB threads) during the run */
  cpuSeconds: number;
  inserted: number;
  duplicates: number;
}

async function runOnce(dir: string, n: number, batch: number, syn: Synth, pipelined: boolean, label: string): Promise<RunResult> {
  const db = path.join(dir, `${label}.duckdb`);
  const store = await openDuckDbStore(db);
  await store.beginSource('bench');
  let storeMs = 0;
  let inserted = 0;
  let duplicates = 0;
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  let inflight: Promise<void> | null = null;
  for (let i = 0; i < n; i += batch) {
    const j = Math.min(n, i + batch);
    const positions = batchOf(syn, i, j);
    if (pipelined) {
      const p = store.writeBatch({ sourceKey: 'bench', positions, statics: [], progress: { recordIndex: j } }).then((r) => {
        inserted += r.positionsInserted;
        duplicates += r.positionsDuplicate;
      });
      if (inflight) await inflight;
      inflight = p;
    } else {
      const s = performance.now();
      const r = await store.writeBatch({ sourceKey: 'bench', positions, statics: [], progress: { recordIndex: j } });
      storeMs += performance.now() - s;
      inserted += r.positionsInserted;
      duplicates += r.positionsDuplicate;
    }
  }
  if (inflight) await inflight;
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  await store.endSource('bench');
  await store.close();
  rmSync(db, { force: true });
  rmSync(`${db}.wal`, { force: true });
  return { seconds: (pipelined ? wallMs : storeMs) / 1000, cpuSeconds: (cpu.user + cpu.system) / 1e6, inserted, duplicates };
}

export async function run(args: string[]): Promise<void> {
  const n = arg(args, 'positions', 3_000_000);
  const batch = arg(args, 'batch', PREFERRED_BATCH_ROWS);
  const runs = arg(args, 'runs', 3);
  const vessels = arg(args, 'vessels', 2000);
  const syn = new Synth({ vessels, dupEvery: 50 });
  const dir = mkdtempSync(path.join(tmpdir(), 'darkfleet-bench-store-'));
  try {
    const genT0 = performance.now();
    for (let i = 0; i < n; i += batch) batchOf(syn, i, Math.min(n, i + batch));
    const genPerSec = n / ((performance.now() - genT0) / 1000);

    const storeRates: number[] = [];
    const pipeRates: number[] = [];
    const cpuRates: number[] = [];
    let last: RunResult | null = null;
    for (let r = 0; r < runs; r++) {
      last = await runOnce(dir, n, batch, syn, false, `seq${r}`);
      storeRates.push(n / last.seconds);
      const p = await runOnce(dir, n, batch, syn, true, `pipe${r}`);
      pipeRates.push(n / p.seconds);
      cpuRates.push(n / p.cpuSeconds);
      process.stdout.write(
        `run ${r + 1}: store ${Math.round(n / last.seconds).toLocaleString('en')} pos/s, pipelined ${Math.round(n / p.seconds).toLocaleString('en')} pos/s` +
          `, ${Math.round(n / p.cpuSeconds).toLocaleString('en')} pos per CPU-second (inserted ${last.inserted}, duplicates ${last.duplicates})\n`,
      );
    }
    const peakRssMB = Math.round(process.resourceUsage().maxRSS / 1024);
    const load = os.loadavg().map((x) => x.toFixed(1)).join(' ');
    process.stdout.write(`load average ${load} on ${os.cpus().length} cores: other processes slow wall-clock figures\n`);
    process.stdout.write(`synthetic generation alone: ${Math.round(genPerSec).toLocaleString('en')} pos/s; batch ${batch}; ${vessels} vessels\n`);
    process.stdout.write(
      `${JSON.stringify({
        bench: 'store',
        positions: n,
        batch,
        positionsPerSec: Math.round(median(storeRates)),
        pipelinedPerSec: Math.round(median(pipeRates)),
        pipelinedPerCpuSec: Math.round(median(cpuRates)),
        inserted: last?.inserted ?? 0,
        duplicates: last?.duplicates ?? 0,
        peakRssMB,
      })}\n`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
