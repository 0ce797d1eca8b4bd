/**
 * `darkfleet analyze` of one input runs the detectors in a worker while it stores the input;
 * the events must be exactly those of the replay from the store (the path every other case takes).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { repoRoot } from '../ais/paths.js';

const BIN = path.join(repoRoot, 'bin/darkfleet.js');
const SAMPLE = path.join(repoRoot, 'data/sample/nampo');
const dir = mkdtempSync(path.join(tmpdir(), 'darkfleet-par-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function analyze(args: string[]): void {
  const r = spawnSync(process.execPath, [BIN, 'analyze', ...args], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
}

describe('analyze: detectors alongside the ingest = replay from the store', () => {
  it('gives the same events both ways on the bundled sample', () => {
    const db = path.join(dir, 'a.duckdb');
    const zones = path.join(SAMPLE, 'zones.geojson');
    analyze([path.join(SAMPLE, 'ais.nmea'), '--db', db, '--zones', zones, '-q', '--out', path.join(dir, 'parallel.jsonl')]);
    analyze(['--db', db, '--zones', zones, '-q', '--out', path.join(dir, 'replay.jsonl')]);
    const read = (f: string): string[] => readFileSync(path.join(dir, f), 'utf8').trim().split('\n').sort();
    const a = read('parallel.jsonl');
    expect(a.length).toBeGreaterThan(100);
    expect(a).toEqual(read('replay.jsonl'));
  });
});
