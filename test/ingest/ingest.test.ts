/**
 * The ingest end to end through the CLI: every format loads, NMEA and CSV of the same traffic
 * agree, a second ingest inserts nothing, and an ingest killed with SIGKILL and run again
 * leaves exactly what one clean run leaves.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { checksum, encodeSentences } from '../../src/ais/encode.js';
import { rng } from '../../src/util/prng.js';
import { fixtures, repoRoot } from '../ais/paths.js';

const BIN = path.join(repoRoot, 'bin/darkfleet.js');
const SAMPLE = path.join(repoRoot, 'data/sample/nampo');
const dir = mkdtempSync(path.join(tmpdir(), 'darkfleet-ingest-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function cli(args: string[]): Record<string, unknown> {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`darkfleet ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as Record<string, unknown>;
}

describe('darkfleet ingest', () => {
  it('loads NMEA and MarineCadastre CSV of the same traffic to the same positions', () => {
    const a = path.join(dir, 'nmea.duckdb');
    const b = path.join(dir, 'csv.duckdb');
    const s1 = cli(['ingest', path.join(SAMPLE, 'ais.nmea'), '--db', a, '-q']);
    const s2 = cli(['ingest', path.join(SAMPLE, 'ais.csv'), '--db', b, '-q']);
    expect(s1.rejected).toEqual({ checksum: 6 });
    const na = cli(['stats', '--db', a]);
    const nb = cli(['stats', '--db', b]);
    expect(na.positions).toBeGreaterThan(20_000);
    expect(Math.abs((na.positions as number) - (nb.positions as number)) / (na.positions as number)).toBeLessThanOrEqual(0.01);
    expect(na.vessels).toBe(nb.vessels);
    expect(s2.inserted).toBeGreaterThan(20_000);
  });

  it('a second ingest of the same content (even renamed) inserts nothing', () => {
    const db = path.join(dir, 'twice.duckdb');
    const first = cli(['ingest', path.join(SAMPLE, 'ais.nmea'), '--db', db, '-q']);
    const copy = path.join(dir, 'renamed.txt');
    copyFileSync(path.join(SAMPLE, 'ais.nmea'), copy);
    const again = cli(['ingest', path.join(SAMPLE, 'ais.nmea'), copy, '--db', db, '-q']);
    expect(first.inserted).toBeGreaterThan(0);
    expect(again).toMatchObject({ inserted: 0, skippedInputs: 2 });
  });

  it('loads DMA CSV (plain, zstd, zip) and AISStream JSON', () => {
    const db = path.join(dir, 'formats.duckdb');
    const s = cli(['ingest', path.join(fixtures, 'sources/dma_aisdk_sample.csv'), path.join(fixtures, 'sources/aisstream_sample.jsonl'), '--db', db, '-q']);
    expect(s.inserted).toBeGreaterThan(0);
    const z = cli(['ingest', path.join(fixtures, 'sources/dma_aisdk_sample.csv.zst'), '--db', path.join(dir, 'zst.duckdb'), '-q']);
    expect(z.inserted).toBeGreaterThan(0);
    const stats = cli(['stats', '--db', db]);
    expect(stats.positions).toBeGreaterThan(0);
  });

  it('an ingest killed with SIGKILL mid-run and run again equals one clean run', async () => {
    // 3.6M tagged sentences (3000 vessels): big enough that a kill after the first commits lands mid-run.
    // Each vessel's sentence is encoded once; the tag block carries a new receive time.
    const r = rng(7);
    const t0 = Date.UTC(2026, 2, 1);
    const base = Array.from({ length: 3000 }, (_, i) =>
      encodeSentences({ type: 1, mmsi: 412000000 + i, status: 0, turn: -128, speed: Math.floor(r() * 150), lon: Math.round((123 + r() * 2) * 600000), lat: Math.round((37 + r() * 2) * 600000), course: Math.floor(r() * 3600), heading: 511, second: 60 })[0]!,
    );
    const lines: string[] = [];
    for (let k = 0; k < 1200; k++) {
      for (const s of base) {
        const tag = `c:${Math.floor((t0 + k * 60_000) / 1000)}`;
        lines.push(`\\${tag}*${checksum(tag)}\\${s}`);
      }
    }
    const file = path.join(dir, 'big.nmea');
    writeFileSync(file, `${lines.join('\n')}\n`);

    const clean = path.join(dir, 'clean.duckdb');
    cli(['ingest', file, '--db', clean, '-q']);
    const killed = path.join(dir, 'killed.duckdb');
    const child = spawn(process.execPath, [BIN, 'ingest', file, '--db', killed, '-q'], { stdio: 'ignore' });
    const done = new Promise((res) => child.on('exit', res));
    // kill once batches are committed (the store file has grown), not after a fixed time: a loaded
    // machine may not have committed anything in 2 s. DuckDB writes a large batch to the file
    // before its commit, so the mark is past what one batch writes (500k positions, ~8 MB): the
    // next batch's rows reach the file only after the first commit
    const size = (f: string): number => (existsSync(f) ? statSync(f).size : 0);
    for (let waited = 0; waited < 120_000 && child.exitCode === null; waited += 50) {
      if (size(killed) + size(`${killed}.wal`) > 16 << 20) break;
      await new Promise((res) => setTimeout(res, 50));
    }
    const wasRunning = child.exitCode === null;
    child.kill('SIGKILL');
    await done;
    const partial = cli(['stats', '--db', killed]);
    const resumed = cli(['ingest', file, '--db', killed, '-q']);
    const a = cli(['stats', '--db', clean]);
    const b = cli(['stats', '--db', killed]);
    console.log(`SIGKILL test: killed while running=${wasRunning}, partial ${JSON.stringify(partial)}, resumed ${JSON.stringify(resumed)}, final ${JSON.stringify(b)}`);
    expect(b).toEqual(a);
    expect(a.positions).toBe(3_600_000);
    expect(wasRunning).toBe(true);
    expect(partial.positions).toBeGreaterThan(0);
    expect(partial.positions).toBeLessThan(3_600_000);
  });
});
