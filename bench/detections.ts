/**
 * `npm run bench -- detections [N] [D] [runs=K]`: `darkfleet detections` end to end (load the
 * CSV, one sweep over the store's positions, assignment, dark candidates, events stored, --out
 * written) for D detections (default 100k) against a store of N positions (default 10M: the
 * analyze bench's corpus of 2000 vessels, ingested once into .bench/). Half the detections sit
 * on sampled AIS fixes (20 m noise), half are random points in the corpus's box and time span.
 * Whole process, CPU seconds and peak RSS from GNU time, median of K runs (default 1), and the
 * machine's load average (on a shared machine the wall time follows it). Target: <= 20 s.
 * LAST line: {"bench":"detections",...}.
 */
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { corpus } from './analyze.js';
import { openStore } from '../src/store/index.js';
import { rng } from '../src/util/prng.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = path.join(root, 'bin/darkfleet.js');

async function store(n: number): Promise<string> {
  const db = path.join(root, '.bench', `detections-store-${n}.duckdb`);
  if (existsSync(db)) return db;
  const nmea = await corpus(n);
  const tmp = `${db}.part`;
  rmSync(tmp, { force: true });
  const res = spawnSync(process.execPath, [cli, 'ingest', nmea, '--db', tmp, '-q'], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (res.status !== 0) throw new Error(`ingest failed: ${res.stderr}`);
  renameSync(tmp, db);
  return db;
}

async function detectionsCsv(db: string, n: number, d: number): Promise<string> {
  const file = path.join(root, '.bench', `detections-${n}-${d}.csv`);
  if (existsSync(file)) return file;
  const r = rng(7);
  const rows: string[] = ['time,lat,lon,length_m,confidence,source'];
  const s = await openStore(db, { mustExist: true });
  const range = (await s.timeRange())!;
  const every = Math.max(1, Math.floor(n / (d / 2)));
  let k = 0;
  for await (const batch of s.positionBatches({})) {
    for (const p of batch) {
      if (k++ % every !== 0 || rows.length > d / 2) continue;
      const dLat = ((r() - 0.5) * 40) / 111_000;
      rows.push(`${new Date(p.t).toISOString()},${(p.lat + dLat).toFixed(6)},${p.lon.toFixed(6)},${Math.round(30 + r() * 150)},${(0.6 + r() * 0.4).toFixed(3)},sar`);
    }
  }
  await s.close();
  while (rows.length <= d) {
    const t = range.from + r() * (range.to - range.from);
    rows.push(`${new Date(t).toISOString()},${(37.2 + r() * 1.6).toFixed(6)},${(122.8 + r() * 1.9).toFixed(6)},${Math.round(5 + r() * 150)},${(0.2 + r() * 0.8).toFixed(3)},sar`);
  }
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${rows.join('\n')}\n`);
  return file;
}

function once(db: string, csv: string): { seconds: number; cpuSeconds: number | null; rssMB: number | null; summary: Record<string, unknown> } {
  const out = path.join(root, '.bench', 'detections-out.jsonl');
  const hasTime = spawnSync('/usr/bin/time', ['-f', '%M', 'true']).status === 0;
  const argv = [...(hasTime ? ['-f', 'maxrss_kb=%M cpu_s=%U+%S', process.execPath] : []), cli, 'detections', csv, '--db', db, '--out', out, '-q'];
  const t0 = process.hrtime.bigint();
  const res = spawnSync(hasTime ? '/usr/bin/time' : process.execPath, argv, { encoding: 'utf8', maxBuffer: 1 << 24 });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (res.status !== 0) throw new Error(`detections failed: ${res.stderr}`);
  const m = /maxrss_kb=(\d+)/.exec(res.stderr);
  const c = /cpu_s=([\d.]+)\+([\d.]+)/.exec(res.stderr);
  return { seconds, cpuSeconds: c ? Number(c[1]) + Number(c[2]) : null, rssMB: m ? Number(m[1]) / 1024 : null, summary: JSON.parse(res.stdout.trim().split('\n').pop()!) as Record<string, unknown> };
}

export async function run(args: string[]): Promise<void> {
  const nums = args.filter((a) => /^\d+$/.test(a)).map(Number);
  const n = nums[0] ?? 10_000_000;
  const d = nums[1] ?? 100_000;
  const runs = Number(args.find((a) => /^runs=\d+$/.test(a))?.slice(5) ?? 1);
  const db = await store(n);
  const csv = await detectionsCsv(db, n, d);
  const all: ReturnType<typeof once>[] = [];
  for (let i = 0; i < runs; i++) {
    const r = once(db, csv);
    console.log(`run ${i + 1}: ${d} detections vs ${n} positions: ${r.seconds.toFixed(2)} s (CPU ${r.cpuSeconds?.toFixed(1) ?? 'n/a'} s), peak RSS ${r.rssMB?.toFixed(0) ?? 'n/a'} MB, ${JSON.stringify(r.summary)}`);
    all.push(r);
  }
  const secs = all.map((x) => x.seconds).sort((a, b) => a - b);
  const med = secs[Math.floor(secs.length / 2)]!;
  const last = all[all.length - 1]!.summary;
  console.log(`median of ${runs}: ${med.toFixed(2)} s (target <= 20 s)`);
  console.log(
    JSON.stringify({
      bench: 'detections',
      detections: d,
      positions: n,
      runs,
      seconds: Number(med.toFixed(2)),
      cpuSeconds: all[all.length - 1]!.cpuSeconds,
      loadAverage: Number((await import('node:os')).loadavg()[0]!.toFixed(1)),
      peakRssMB: Math.round(Math.max(...all.map((x) => x.rssMB ?? 0))) || null,
      matched: last.matched,
      dark: last.dark,
      positionsSwept: last.positions,
      allSeconds: all.map((x) => Number(x.seconds.toFixed(2))),
    }),
  );
}
