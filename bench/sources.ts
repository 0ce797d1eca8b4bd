/**
 * Reader throughput: rows/s of the MarineCadastre reader on ~1M rows synthesised from the real
 * NOAA sample (../shared/data/tracks/noaa_marinecadastre_sample_20230111.csv, 1000 rows) by
 * repeating it with times shifted a minute per copy; plain and gzip. Target: 500k rows/s.
 * Usage: npm run bench -- sources [copies=1000]
 */
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { openByteSource } from '../src/sources/open.js';
import { readMarineCadastre } from '../src/sources/marinecadastre.js';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const SAMPLE = path.resolve(repoRoot, '../shared/data/tracks/noaa_marinecadastre_sample_20230111.csv');

function synthesise(copies: number, out: string): number {
  const [header, ...rows] = readFileSync(SAMPLE, 'utf8').trim().split('\n');
  const parts: string[] = [`${header}\n`];
  const parsed = rows.map((r) => {
    const i = r.indexOf(',');
    const j = r.indexOf(',', i + 1);
    return { head: r.slice(0, i + 1), t: Date.parse(`${r.slice(i + 1, j)}Z`), tail: r.slice(j) };
  });
  for (let k = 0; k < copies; k++) {
    const chunk: string[] = [];
    for (const p of parsed) chunk.push(`${p.head}${new Date(p.t + k * 60_000).toISOString().slice(0, 19)}${p.tail}\n`);
    parts.push(chunk.join(''));
  }
  writeFileSync(out, parts.join(''));
  return rows.length * copies;
}

async function measure(file: string): Promise<{ rows: number; statics: number; rejects: number; seconds: number }> {
  const t0 = process.hrtime.bigint();
  let rows = 0;
  let statics = 0;
  let rejects = 0;
  for await (const b of readMarineCadastre(await openByteSource(file))) {
    rows += b.positions.length;
    statics += b.statics.length;
    rejects += b.rejects.length;
  }
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  return { rows, statics, rejects, seconds };
}

export async function run(args: string[]): Promise<void> {
  if (!existsSync(SAMPLE)) {
    process.stderr.write(`bench sources: ${SAMPLE} is absent (shared data not available)\n`);
    process.stdout.write(`${JSON.stringify({ bench: 'sources', skipped: 'shared sample absent' })}\n`);
    return;
  }
  const copies = Number(args[0] ?? 1000);
  const dir = path.join(repoRoot, '.bench');
  mkdirSync(dir, { recursive: true });
  const plain = path.join(dir, `marinecadastre-${copies}x.csv`);
  const n = existsSync(plain) ? (readFileSync(plain, 'utf8').split('\n').length - 2) : synthesise(copies, plain);
  const gz = `${plain}.gz`;
  if (!existsSync(gz)) writeFileSync(gz, gzipSync(readFileSync(plain), { level: 6 }));

  await measure(plain); // warm-up: JIT, file cache
  const a = await measure(plain);
  const b = await measure(gz);
  const mb = statSync(plain).size / 1e6;
  const rate = (r: { rows: number; seconds: number }) => Math.round(r.rows / r.seconds);
  process.stdout.write(`marinecadastre plain: ${a.rows} rows (${mb.toFixed(0)} MB) in ${a.seconds.toFixed(2)} s = ${rate(a)} rows/s, ${(mb / a.seconds).toFixed(0)} MB/s\n`);
  process.stdout.write(`marinecadastre gzip:  ${b.rows} rows in ${b.seconds.toFixed(2)} s = ${rate(b)} rows/s\n`);
  process.stdout.write(`statics ${a.statics} (one per identity), rejects ${a.rejects}, rows synthesised ${n}\n`);
  process.stdout.write(
    `${JSON.stringify({
      bench: 'sources',
      reader: 'marinecadastre',
      rows: a.rows,
      statics: a.statics,
      rejects: a.rejects,
      rowsPerSec: rate(a),
      mbPerSec: Math.round(mb / a.seconds),
      gzipRowsPerSec: rate(b),
      node: process.version,
    })}\n`,
  );
}
