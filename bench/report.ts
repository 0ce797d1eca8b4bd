/**
 * `npm run bench -- report [hours] [vessels]`: `darkfleet report` over a store analysed from a
 * simulated scenario (default 24 h, 300 vessels, realism on; generated and analysed once into
 * .bench/, then reused): the bound is 10 s for the report. Times the report run only
 * (store open, the one pass over the positions, the reads, the HTML), best of 3.
 * Last line: {"bench":"report",...}.
 */
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { simulate } from '../src/sim/index.js';
import { runAnalyze } from '../src/cli/analyze.js';
import { runReport } from '../src/cli/report.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export async function run(args: string[]): Promise<void> {
  const hours = Number(args[0] ?? 24);
  const vessels = Number(args[1] ?? 300);
  const dir = path.join(root, '.bench', `report-${hours}h-${vessels}v`);
  const db = path.join(dir, 'store.duckdb');
  if (!existsSync(db)) {
    mkdirSync(dir, { recursive: true });
    simulate(dir, { seed: 21, hours, vessels, realism: true });
    await runAnalyze([path.join(dir, 'ais.nmea')], { db, format: 'auto', profile: 'gfw', zones: path.join(dir, 'zones.geojson'), quiet: true });
  }
  const out = path.join(dir, 'report.html');
  const runs: number[] = [];
  let last: Awaited<ReturnType<typeof runReport>>['result'] | undefined;
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    last = (await runReport({ db, out })).result;
    runs.push((performance.now() - t0) / 1000);
  }
  const best = Math.min(...runs);
  const events = Object.values(last!.events).reduce((a, b) => a + b, 0);
  process.stdout.write(`report: ${hours} h, ${vessels} vessels (${last!.vessels} seen, ${events} events): ${runs.map((s) => s.toFixed(2)).join(' / ')} s, best ${best.toFixed(2)} s; ${(statSync(out).size / 1e6).toFixed(2)} MB HTML; ${cpus().length} cores, load ${loadavg()[0]!.toFixed(1)}\n`);
  process.stdout.write(`${JSON.stringify({ bench: 'report', hours, vessels, vesselsSeen: last!.vessels, events, seconds: Number(best.toFixed(3)), runs: runs.map((s) => Number(s.toFixed(3))), htmlBytes: statSync(out).size, cores: cpus().length, load1: Number(loadavg()[0]!.toFixed(2)), withinBound: best <= 10 })}\n`);
}
