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
});
