/**
 * `npm run bench -- ingest [LINES]`: NMEA (tag-block times) into a fresh DuckDB store through
 * `darkfleet ingest`, whole process; median of 3 runs, peak RSS of the ingest process (GNU
 * time). The corpus (default 3M sentences, 3000 vessels) is generated once into .bench/.
 * LAST line: {"bench":"ingest","rowsPerSec":N,...}.
 */
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodeSentences } from '../src/ais/encode.js';
import { rng } from '../src/util/prng.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function corpus(lines: number): string {
  const file = path.join(root, '.bench', `ingest-${lines}.nmea`);
  if (existsSync(file)) return file;
  mkdirSync(path.dirname(file), { recursive: true });
  const r = rng(11);
  const ships = Array.from({ length: 3000 }, (_, i) => ({ mmsi: 412000000 + i, lat: 37 + r() * 2, lon: 123 + r() * 2 }));
  const out: string[] = [];
  const t0 = Date.UTC(2026, 2, 1);
  for (let k = 0; out.length < lines; k++) {
    for (const s of ships) {
      s.lat += (r() - 0.5) * 0.002;
      s.lon += (r() - 0.5) * 0.002;
      out.push(...encodeSentences({ type: 1, mmsi: s.mmsi, status: 0, turn: -128, speed: Math.floor(r() * 150), lon: Math.round(s.lon * 600000), lat: Math.round(s.lat * 600000), course: Math.floor(r() * 3600), heading: 511, second: 60 }, { time: t0 + k * 30_000 + Math.floor(r() * 30_000), source: 'bench' }));
      if (out.length >= lines) break;
    }
  }
  writeFileSync(file, `${out.join('\n')}\n`);
  return file;
}

export async function run(args: string[]): Promise<void> {
  const lines = Number(args.find((a) => /^\d+$/.test(a)) ?? 3_000_000);
  const file = corpus(lines);
  const db = path.join(root, '.bench', 'ingest.duckdb');
  const hasTime = spawnSync('/usr/bin/time', ['-f', '%M', 'true']).status === 0;
  const runs: { seconds: number; rss: number | null; rows: number }[] = [];
  for (let k = 0; k < 3; k++) {
    rmSync(db, { force: true });
    rmSync(`${db}.wal`, { force: true });
    const cmd = hasTime ? '/usr/bin/time' : process.execPath;
    const argv = [...(hasTime ? ['-f', 'maxrss_kb=%M', process.execPath] : []), path.join(root, 'bin/darkfleet.js'), 'ingest', file, '--db', db, '-q'];
    const t0 = process.hrtime.bigint();
    const res = spawnSync(cmd, argv, { encoding: 'utf8', maxBuffer: 1 << 24 });
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    if (res.status !== 0) throw new Error(`ingest failed: ${res.stderr}`);
    const summary = JSON.parse(res.stdout.trim().split('\n').pop()!) as { inserted: number };
    const m = /maxrss_kb=(\d+)/.exec(res.stderr);
    runs.push({ seconds, rss: m ? Number(m[1]) / 1024 : null, rows: summary.inserted });
    console.log(`run ${k + 1}: ${summary.inserted} positions in ${seconds.toFixed(2)} s = ${Math.round(summary.inserted / seconds)} rows/s, peak RSS ${m ? `${(Number(m[1]) / 1024).toFixed(0)} MB` : 'n/a'}`);
  }
  rmSync(db, { force: true });
  const sorted = [...runs].sort((a, b) => a.seconds - b.seconds);
  const med = sorted[1]!;
  const peak = Math.max(...runs.map((r) => r.rss ?? 0));
  console.log(
    JSON.stringify({ bench: 'ingest', lines, rows: med.rows, seconds: Number(med.seconds.toFixed(3)), rowsPerSec: Math.round(med.rows / med.seconds), peakRssMB: peak ? Math.round(peak) : null, target: 500000 }),
  );
}
