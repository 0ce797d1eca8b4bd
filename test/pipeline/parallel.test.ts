/**
 * The replay on threads (src/pipeline/parallel.ts): per-vessel detectors on MMSI shares, each
 * hour's span vessel by vessel, the pairwise ones on the reading thread, which keeps the one
 * de-duplication table. The events
 * (ids and content) and the positions set aside are those of one runner, whatever the number
 * of threads, for a run over everything and for a store analysed a day at a time (checkpoints
 * hold one state per thread and resume).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { simulate } from '../../src/sim/index.js';
import { runAnalyze } from '../../src/cli/analyze.js';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { opts, splitByDay, storedEvents } from './helpers.js';

const START = Date.UTC(2026, 2, 1);
const dir = mkdtempSync(path.join(tmpdir(), 'darkfleet-par-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('analyze on threads', () => {
  let nmea = '';
  let days: string[] = [];

  beforeAll(() => {
    const out = path.join(dir, 'sim');
    // realism: spoofing, dark rendezvous, fishing fleets; movement: convoys and identity changes
    simulate(out, { seed: 11, hours: 72, vessels: 120, intervalS: 120, realism: true, movement: true });
    nmea = path.join(out, 'ais.nmea');
    days = splitByDay(nmea, START, dir);
  }, 120_000);

  it('gives the events and the positions set aside of one runner, on 1 thread or on 3 (two per-vessel)', async () => {
    const one = await runAnalyze([nmea], opts(path.join(dir, 'one.duckdb'), { threads: 1 }));
    const three = await runAnalyze([nmea], opts(path.join(dir, 'three.duckdb'), { threads: 3, parallelMin: 0 }));
    const expected = await storedEvents(path.join(dir, 'one.duckdb'));
    expect(expected.length).toBeGreaterThan(100);
    for (const t of ['encounter', 'convoy', 'spoofing', 'loitering', 'identity_change']) expect(expected.some((e) => e.type === t), t).toBe(true);
    expect(await storedEvents(path.join(dir, 'three.duckdb'))).toEqual(expected);
    expect(three.summary.notUsed).toEqual(one.summary.notUsed);
    expect(three.summary.events).toEqual(one.summary.events);
  }, 300_000);

  it('a day at a time on 2 threads (one per-vessel) resumes from its checkpoints and ends with the events of one run', async () => {
    expect(days.length).toBeGreaterThanOrEqual(3);
    const inc = path.join(dir, 'inc.duckdb');
    const reasons: string[] = [];
    for (const f of days) reasons.push((await runAnalyze([f], opts(inc, { threads: 2, parallelMin: 0 }))).summary.reason as string);
    expect(reasons[0]).toBe('no_checkpoint');
    expect(reasons.slice(1).some((r) => r === 'new_data')).toBe(true);
    const all = path.join(dir, 'all.duckdb');
    await runAnalyze(days, opts(all, { threads: 1 }));
    expect(await storedEvents(inc)).toEqual(await storedEvents(all));
  }, 300_000);

  it('a store that grows past the threads mark goes on as it was analysed; another --threads replays from the start', async () => {
    // the default (no --threads) uses the cores from parallelMin positions on: here from the second day
    const env = process.env['DARKFLEET_THREADS'];
    delete process.env['DARKFLEET_THREADS'];
    try {
      const db = path.join(dir, 'grow.duckdb');
      const first = await runAnalyze([days[0]!], opts(db, { parallelMin: Number.MAX_SAFE_INTEGER }));
      expect(first.summary.reason).toBe('no_checkpoint');
      const day1 = first.summary.positions as number;
      const second = await runAnalyze([days[1]!], opts(db, { parallelMin: day1 + 1 }));
      // the first run's head found (one runner's key): it resumes where the learned geography
      // lets it, not 'no_checkpoint' as on threads, whose key has none
      expect(['new_data', 'learned_geography']).toContain(second.summary.reason);
      // asked for threads: their checkpoints are another key's, so everything replays (no crash on one runner's state)
      const third = await runAnalyze([days[2]!], opts(db, { threads: 3, parallelMin: 0 }));
      expect(third.summary.reason).toBe('no_checkpoint');
      expect(third.summary.replayed as number).toBeGreaterThan(day1 + (second.summary.replayed as number));
      const all = path.join(dir, 'grow-all.duckdb');
      await runAnalyze(days.slice(0, 3), opts(all, { threads: 1 }));
      expect(await storedEvents(db)).toEqual(await storedEvents(all));
    } finally {
      if (env !== undefined) process.env['DARKFLEET_THREADS'] = env;
    }
  }, 300_000);

  it('threads started ahead of a replay that never comes (nothing new) are closed: the process ends', () => {
    // in a process of its own: a thread left running would keep it alive, and the run would time out
    const db = path.join(dir, 'ahead.duckdb');
    const analyzeTs = fileURLToPath(new URL('../../src/cli/analyze.ts', import.meta.url));
    const code = `
      const { runAnalyze } = await import(${JSON.stringify(analyzeTs)});
      const o = { db: ${JSON.stringify(db)}, format: 'auto', profile: 'gfw', quiet: true, threads: 2, parallelMin: 0 };
      const a = await runAnalyze([${JSON.stringify(days[0])}], o);
      const b = await runAnalyze([], o);
      console.log(JSON.stringify([a.summary.reason, b.summary.reason]));`;
    const res = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { encoding: 'utf8', timeout: 120_000 });
    expect(res.error, res.stderr).toBeUndefined();
    expect(res.status, res.stderr).toBe(0);
    expect(JSON.parse(res.stdout.trim().split('\n').pop()!)).toEqual(['no_checkpoint', 'unchanged']);
  }, 180_000);
});
