/**
 * One convention for exit codes and errors across commands (README "Exit codes"): 0 done,
 * 1 runtime failure, 2 usage error (one line naming the option, never the help page), 3 nothing
 * found. `decode` of an input with no AIS at all fails like `ingest`; stopping `decode` early
 * through a pipe ends quietly, with no reject counted for the line cut off.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeSentences } from '../../src/ais/encode.js';
import { rng } from '../../src/util/prng.js';
import { fixtures, repoRoot } from '../ais/paths.js';
import { BIN, darkfleet } from './run.js';

const dir = mkdtempSync(path.join(tmpdir(), 'darkfleet-exit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('usage errors: one line naming the option, exit code 2', () => {
  const cases: [string, string[], string][] = [
    ['a missing required option (simulate)', ['simulate', '--seed', '1', '--out', dir], "darkfleet: required option '--hours <h>' not specified"],
    ['a missing required option (screen)', ['screen', '--vessels', 'v.csv'], "darkfleet: required option '--list <files...>' not specified"],
    ['a missing argument (ingest)', ['ingest'], "darkfleet: missing required argument 'inputs'"],
    ['an option without its value', ['ingest', 'x.nmea', '--db'], "darkfleet: option '--db <path>' argument missing"],
    ['an unknown option', ['stats', '--verbose'], "darkfleet: unknown option '--verbose'"],
    ['an unknown option close to a known one', ['decode', '--unscale'], "darkfleet: unknown option '--unscale' (Did you mean --unscaled?)"],
    ['an unknown command', ['ingset'], "darkfleet: unknown command 'ingset' (Did you mean ingest?)"],
    ['too many arguments', ['stats', 'extra'], "darkfleet: too many arguments for 'stats'. Expected 0 arguments but got 1."],
    ['a bad --format (ingest)', ['ingest', 'x.nmea', '--format', 'csv'], 'darkfleet: --format must be one of auto, nmea, marinecadastre, dma, aisstream'],
    ['a bad --profile (analyze)', ['analyze', 'x.nmea', '--profile', 'lax'], 'darkfleet: --profile must be one of gfw, skylight, strict'],
    ['a bad --assume-start (ingest)', ['ingest', 'x.nmea', '--assume-start', 'soon'], 'darkfleet: --assume-start: cannot read "soon" as a date-time (use ISO 8601, e.g. 2024-03-01T00:00:00Z)'],
    ['a bad --types (decode)', ['decode', '-', '--types', '99'], 'darkfleet: --types: 99 is outside message types 1-27'],
    ['a bad number (simulate)', ['simulate', '--seed', 'x', '--hours', '1', '--out', dir], 'darkfleet: --seed: expected an integer in 0..4294967295, got "x"'],
  ];
  for (const [what, args, line] of cases) {
    it(what, () => {
      const r = darkfleet(args, '');
      expect(r.code).toBe(2);
      expect(r.errLines).toEqual([line]);
      expect(r.stdout).toBe('');
    });
  }

  it('help and version are not errors (exit code 0, on stdout)', () => {
    const h = darkfleet(['--help']);
    expect(h.code).toBe(0);
    expect(h.stdout).toMatch(/^Usage: darkfleet/);
    expect(darkfleet(['ingest', '--help']).code).toBe(0);
    const v = darkfleet(['--version']);
    expect(v.code).toBe(0);
    expect(v.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });
});

describe('darkfleet decode: no AIS at all is a failure, as for ingest', () => {
  function failsLikeIngest(file: string, message: RegExp): void {
    const d = darkfleet(['decode', file]);
    expect(d.code).toBe(1);
    expect(d.stdout).toBe('');
    expect(d.errLines).toHaveLength(2);
    expect(JSON.parse(d.errLines[0]!)).toMatchObject({ messages: 0, accepted: 0 });
    expect(d.errLines[1]).toMatch(message);
    const i = darkfleet(['ingest', file, '--db', path.join(dir, 'never.duckdb'), '-q']);
    expect(i.code).toBe(1);
  }

  it('an empty file', () => {
    const f = path.join(dir, 'empty.nmea');
    writeFileSync(f, '');
    failsLikeIngest(f, /^darkfleet: .*empty\.nmea: the input is empty \[empty\]$/);
  });

  it('a binary file', () => {
    const f = path.join(dir, 'blob.bin');
    writeFileSync(f, Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 131) % 256)));
    failsLikeIngest(f, /^darkfleet: .*blob\.bin: no AIS sentence in \d+ lines? \(.*\); decode reads AIS NMEA \(!AIVDM, !AIVDO\) \[no_ais\]$/);
  });

  it('a CSV file (decode reads NMEA only)', () => {
    const f = path.join(dir, 'dma.csv');
    writeFileSync(f, readFileSync(path.join(fixtures, 'sources/dma_aisdk_sample.csv')));
    const d = darkfleet(['decode', f]);
    expect(d.code).toBe(1);
    expect(d.errLines[1]).toMatch(/dma\.csv: no AIS sentence in 15 lines \(not_nmea: 14\); decode reads AIS NMEA/);
  });

  it('empty stdin', () => {
    const d = darkfleet(['decode', '-'], '');
    expect(d.code).toBe(1);
    expect(d.errLines[1]).toBe('darkfleet: -: the input is empty [empty]');
  });

  it('an input with AIS decodes with exit code 0, even when some lines are rejected', () => {
    const f = path.join(dir, 'mixed.nmea');
    writeFileSync(f, 'hello\n!AIVDM,1,1,,A,15N1u<PP1FJuvSRHOE6QIwwh0HQ6,0*30\n');
    const d = darkfleet(['decode', f]);
    expect(d.code).toBe(0);
    expect(JSON.parse(d.errLines[0]!)).toMatchObject({ messages: 1, rejects: { not_nmea: 1 } });
  });
});

describe('darkfleet decode stopped early through a pipe', () => {
  it('ends quietly on EPIPE with exit code 0 and no reject for the line cut off', async () => {
    // 120k valid sentences (~6 MB): the reader stops after the first output, mid-input
    const r = rng(11);
    const lines: string[] = [];
    for (let i = 0; i < 120_000; i++) {
      lines.push(encodeSentences({ type: 1, mmsi: 412000000 + (i % 500), status: 0, turn: -128, speed: Math.floor(r() * 150), lon: Math.round((123 + r() * 2) * 600000), lat: Math.round((37 + r() * 2) * 600000), course: Math.floor(r() * 3600), heading: 511, second: i % 60 })[0]!);
    }
    const big = path.join(dir, 'big.nmea');
    writeFileSync(big, `${lines.join('\n')}\n`);
    const child = spawn(process.execPath, [BIN, 'decode', big], { cwd: repoRoot });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    // like `| head -1`: read the first chunk, then close the pipe
    await new Promise<void>((res) => child.stdout.once('data', () => res()));
    child.stdout.destroy();
    const code = await new Promise<number | null>((res) => child.on('close', (c) => res(c)));
    expect(code).toBe(0);
    const errLines = err.split('\n').filter((l) => l.trim() !== '');
    expect(errLines).toHaveLength(1);
    const summary = JSON.parse(errLines[0]!) as { lines: number; rejected: number; rejects: Record<string, number>; messages: number };
    expect(summary.rejected).toBe(0);
    expect(summary.rejects).toEqual({});
    expect(summary.messages).toBe(summary.lines);
    expect(summary.lines).toBeLessThan(120_000);
  });
});
