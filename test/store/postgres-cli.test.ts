/**
 * End to end on PostgreSQL: `darkfleet ingest` then `darkfleet analyze` of the bundled simulated
 * scenario (data/sample/nampo) into a postgres:// store give the same event ids as into a DuckDB
 * file, and the read commands work on it.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../ais/paths.js';
import { darkfleet } from '../cli/run.js';
import { pgTestDb } from './pg.js';

const tdb = await pgTestDb('cli');
const SAMPLE = path.join(repoRoot, 'data/sample/nampo/ais.nmea');

function ids(file: string): string[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => (JSON.parse(l) as { id: string }).id)
    .sort();
}

describe.skipIf(!tdb)('darkfleet ingest + analyze into postgres://', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'darkfleet-pgcli-'));
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await tdb?.drop();
  });

  it('gives the same event ids as into DuckDB, and the read commands see them', () => {
    const url = tdb!.store('cli');
    const duck = path.join(dir, 'sample.duckdb');
    const results: Record<string, string[]> = {};
    for (const [name, db] of [['postgres', url], ['duckdb', duck]] as const) {
      const ing = darkfleet(['ingest', SAMPLE, '--db', db, '-q']);
      expect(ing.code, ing.stderr).toBe(0);
      expect(ing.summary().inserted).toBeGreaterThan(10_000);
      const out = path.join(dir, `${name}.jsonl`);
      const an = darkfleet(['analyze', '--db', db, '--out', out, '-q']);
      expect(an.code, an.stderr).toBe(0);
      results[name] = ids(out);
    }
    expect(results.postgres!.length).toBeGreaterThan(5);
    expect(results.postgres).toEqual(results.duckdb);
    // again: idempotent, nothing new
    const again = darkfleet(['ingest', SAMPLE, '--db', url, '-q']);
    expect(again.summary().inserted).toBe(0);
    const st = darkfleet(['stats', '--db', url]);
    expect(st.code, st.stderr).toBe(0);
    const duckStats = darkfleet(['stats', '--db', duck]).summary();
    expect(st.summary()).toEqual(duckStats);
    const ev = darkfleet(['events', '--db', url, '--format', 'jsonl']);
    expect(ev.code, ev.stderr).toBe(0);
    expect(ev.stdout.trim().split('\n').map((l) => (JSON.parse(l) as { id: string }).id).sort()).toEqual(results.duckdb);
  });

  it('refuses a read command where no store is (exit 1, one line)', () => {
    const r = darkfleet(['stats', '--db', tdb!.store('nothing-here')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no darkfleet store/);
  });
});
