/**
 * `npm run bench -- years-apart [runs=N]`: `darkfleet analyze` of real files years apart
 * (issue R item 7: replay cost follows the data, not the time span): the DMA sample
 * (2013-11-12), the AMSA exactEarth file (2012) and the NOAA MarineCadastre sample (2023-01-11)
 * from ../shared/data/tracks, each alone in a fresh store, then all together in one. Target:
 * together within 1.5x of the sum of the parts. Whole process wall time (each run pays Node's
 * start-up and the land model's load, as a user does); medians of N runs (default 3).
 * LAST line: {"bench":"years-apart",...}.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TRACKS = path.resolve(root, process.env.DARKFLEET_SHARED_DATA ?? '../shared/data', 'tracks');
const FILES: Record<string, string> = {
  dma2013: 'dma_ais_sample_2013-11-12.txt.gz',
  amsa2012: 'amsa/exact-earth-augmented.txt',
  noaa2023: 'noaa_marinecadastre_sample_20230111.csv',
};

function analyzeOnce(files: string[]): { seconds: number; summary: Record<string, unknown> } {
  const dir = mkdtempSync(path.join(tmpdir(), 'darkfleet-years-'));
  try {
    const t0 = process.hrtime.bigint();
    const res = spawnSync(process.execPath, [path.join(root, 'bin/darkfleet.js'), 'analyze', ...files, '--db', path.join(dir, 'a.duckdb'), '-q'], { encoding: 'utf8', maxBuffer: 1 << 24 });
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    if (res.status !== 0) throw new Error(`analyze failed: ${res.stderr}`);
    return { seconds, summary: JSON.parse(res.stdout.trim().split('\n').pop()!) as Record<string, unknown> };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function run(args: string[]): Promise<void> {
  const runs = Number(args.find((a) => /^runs=\d+$/.test(a))?.slice(5) ?? 3);
  const paths = Object.fromEntries(Object.entries(FILES).map(([k, f]) => [k, path.join(TRACKS, f)]));
  const absent = Object.values(paths).filter((p) => !existsSync(p));
  if (absent.length) throw new Error(`years-apart needs the shared real files: missing ${absent.join(', ')} (set DARKFLEET_SHARED_DATA)`);
  const alone: Record<string, number[]> = Object.fromEntries(Object.keys(paths).map((k) => [k, []]));
  const together: number[] = [];
  let events: unknown = null;
  for (let r = 0; r < runs; r++) {
    for (const [k, p] of Object.entries(paths)) {
      const a = analyzeOnce([p]);
      alone[k]!.push(a.seconds);
      console.log(`run ${r + 1}: ${k} alone ${a.seconds.toFixed(2)} s (${String(a.summary.positions)} positions)`);
    }
    const t = analyzeOnce(Object.values(paths));
    together.push(t.seconds);
    events = t.summary.events;
    console.log(`run ${r + 1}: together ${t.seconds.toFixed(2)} s (${String(t.summary.positions)} positions), events ${JSON.stringify(events)}`);
  }
  const med = Object.fromEntries(Object.entries(alone).map(([k, xs]) => [k, Number(median(xs).toFixed(2))]));
  const sum = Object.values(med).reduce((a, b) => a + b, 0);
  const tog = median(together);
  console.log(`medians of ${runs}: ${Object.entries(med).map(([k, s]) => `${k} ${s} s`).join(', ')}; sum ${sum.toFixed(2)} s; together ${tog.toFixed(2)} s = ${(tog / sum).toFixed(2)}x the sum (target <= 1.5)`);
  console.log(JSON.stringify({ bench: 'years-apart', runs, alone: med, sumSeconds: Number(sum.toFixed(2)), togetherSeconds: Number(tog.toFixed(2)), ratio: Number((tog / sum).toFixed(2)), events }));
}
