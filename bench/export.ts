/**
 * `npm run bench -- export [--positions N] [--formats geojson,geoparquet,kepler-csv,kml,ftm] [--rebuild]`
 *
 * `darkfleet export --tracks` over a store of N synthetic positions (default 2M: 2000 vessels,
 * test/store/synth.ts, a static report every 1000 records), each format written to a file in
 * the temp dir, run in this process through the command's own code (src/cli/export.ts). The
 * store is built once and cached (darkfleet-bench-export/, keyed by N; --rebuild makes it again).
 * Reports per format: seconds, positions per second, output MB, and the process's peak RSS
 * (the tracks stream: memory must not grow with the store). LAST line: one JSON object.
 */
import { existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { arg } from './args.js';
import { openDuckDbStore } from '../src/store/duckdb/index.js';
import { PREFERRED_BATCH_ROWS } from '../src/store/index.js';
import { runExport } from '../src/cli/export.js';
import { Synth } from '../test/store/synth.js';

async function buildStore(file: string, positions: number): Promise<void> {
  const syn = new Synth({ vessels: 2000, staticEvery: 1000 });
  const part = `${file}.part`;
  rmSync(part, { force: true });
  rmSync(`${part}.wal`, { force: true });
  const store = await openDuckDbStore(part);
  await store.beginSource('bench-export');
  let inflight: Promise<unknown> | null = null;
  for (let i = 0; i < positions; i += PREFERRED_BATCH_ROWS) {
    const j = Math.min(positions, i + PREFERRED_BATCH_ROWS);
    const p = store.writeBatch({ sourceKey: 'bench-export', ...syn.slice(i, j), progress: { recordIndex: j } });
    if (inflight) await inflight;
    inflight = p;
  }
  if (inflight) await inflight;
  await store.endSource('bench-export');
  await store.close();
  renameSync(part, file);
}

export async function run(args: string[]): Promise<void> {
  const n = arg(args, 'positions', 2_000_000);
  const fi = args.indexOf('--formats');
  const formats = (fi >= 0 ? args[fi + 1]! : 'geojson,geoparquet,kepler-csv').split(',');
  const dir = path.join(tmpdir(), 'darkfleet-bench-export');
  mkdirSync(dir, { recursive: true });
  const db = path.join(dir, `store-${n}.duckdb`);
  if (args.includes('--rebuild')) rmSync(db, { force: true });
  if (!existsSync(db)) {
    const t = performance.now();
    await buildStore(db, n);
    process.stderr.write(`built ${db} in ${((performance.now() - t) / 1000).toFixed(1)} s\n`);
  }
  const store = await openDuckDbStore(db);
  const positions = (await store.stats()).positions;
  await store.close();
  const results: Record<string, { seconds: number; positionsPerSecond: number; mb: number; peakRssMb: number }> = {};
  for (const format of formats) {
    const out = path.join(dir, `tracks.${format}`);
    const t = performance.now();
    const code = await runExport({ db, tracks: true, format, out });
    if (code !== 0) throw new Error(`export ${format} exited ${code}`);
    const seconds = (performance.now() - t) / 1000;
    const r = { seconds: Number(seconds.toFixed(2)), positionsPerSecond: Math.round(positions / seconds), mb: Number((statSync(out).size / 1e6).toFixed(1)), peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024) };
    results[format] = r;
    process.stdout.write(`${format}: ${r.seconds} s, ${r.positionsPerSecond.toLocaleString('en')} positions/s, ${r.mb} MB, peak RSS ${r.peakRssMb} MB\n`);
    rmSync(out, { force: true });
  }
  process.stdout.write(`${JSON.stringify({ bench: 'export', positions, results })}\n`);
}
