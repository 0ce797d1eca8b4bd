/**
 * Incremental analysis (issue G): a 6-day simulated scenario written as six daily NMEA files
 * and analysed a day at a time leaves exactly the events (ids and content) of one run over
 * all six; each day replays only its own positions; a late file (day 2 again, with extra
 * positions) re-runs from the day-2 checkpoint and again matches a run over everything, as
 * does a late file for a day whose checkpoint is the previous day's head (a run resumed from
 * its head keeps it as the next day's checkpoint when no record lies between);
 * `--full` gives the same events as the incremental path.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { simulate } from '../../src/sim/index.js';
import { runAnalyze } from '../../src/cli/analyze.js';
import { encodeSentences } from '../../src/ais/encode.js';
import { DAY, opts, splitByDay, storedEvents } from './helpers.js';

const START = Date.UTC(2026, 2, 1);
const dir = mkdtempSync(path.join(tmpdir(), 'darkfleet-incr-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** What a day file adds: positions (one per line but the second part of a multipart message). */
function positionLines(file: string): number {
  return readFileSync(file, 'utf8').split('\n').filter((l) => /!AIVDM,1,1,,[AB],[1-3B]/.test(l)).length;
}

describe('incremental analyze over six daily files', () => {
  let days: string[] = [];
  let zones = '';
  let late = '';

  /** Day `d` (0-based) again, with a ship the first file missed (`mmsi`): two hours of fixes in the afternoon, 10 kn. */
  function lateFile(d: number, mmsi: number): string {
    const extra: string[] = [];
    for (let k = 0; k < 40; k++) {
      const t = START + d * DAY + 14 * 3_600_000 + k * 180_000;
      extra.push(
        ...encodeSentences(
          { type: 1, mmsi, status: 0, turn: -128, speed: 10, lon: Math.round((124.2 + k * 0.0005) * 600000), lat: Math.round(38.3 * 600000), course: 900, heading: 90, second: 60 },
          { time: t, source: 'late' },
        ),
      );
    }
    const f = path.join(dir, `day${d + 1}-late-${mmsi}.nmea`);
    writeFileSync(f, `${readFileSync(days[d]!, 'utf8')}${extra.join('\n')}\n`);
    return f;
  }

  beforeAll(() => {
    const out = path.join(dir, 'sim');
    simulate(out, { seed: 7, hours: 144, vessels: 80, intervalS: 300, staticIntervalS: 3600 });
    days = splitByDay(path.join(out, 'ais.nmea'), START, dir);
    zones = path.join(out, 'zones.geojson');
    late = lateFile(1, 412999001);
  }, 120_000);

  it('splits into six days', () => {
    expect(days.length).toBe(6);
  });

  it('a day at a time gives exactly the events of one run; each day replays its own positions; late data re-runs from its day; --full is the same', async () => {
    const inc = path.join(dir, 'inc.duckdb');
    const runs: { replayed: number; reason: string; resumedFrom: string | null }[] = [];
    for (const f of days) {
      const { summary } = await runAnalyze([f], opts(inc, { zones }));
      runs.push({ replayed: summary.replayed as number, reason: summary.reason as string, resumedFrom: summary.resumedFrom as string | null });
    }
    const all = path.join(dir, 'all.duckdb');
    const whole = await runAnalyze(days, opts(all, { zones }));
    const expected = await storedEvents(all);
    expect(expected.length).toBeGreaterThan(50);
    expect(new Set(expected.map((e) => e.type)).size).toBeGreaterThanOrEqual(5);
    expect(await storedEvents(inc)).toEqual(expected);
    // each day replays that day's positions, unless the anchorages learned from the new day
    // answer a look-up of an earlier day differently (then from that day's checkpoint)
    const total = whole.summary.replayed as number;
    expect(runs[0]!.reason).toBe('no_checkpoint');
    days.forEach((f, i) => {
      const own = positionLines(f);
      const r = runs[i]!;
      if (r.reason === 'learned_geography') return;
      expect(r.replayed, `day ${i + 1}`).toBeGreaterThan(own * 0.9);
      expect(r.replayed, `day ${i + 1}`).toBeLessThan(own * 1.1);
    });
    expect(runs.filter((r) => r.reason === 'new_data').length).toBeGreaterThanOrEqual(3);
    // nothing new: nothing replayed, nothing changed
    const again = await runAnalyze([], opts(inc, { zones }));
    expect(again.summary.replayed).toBe(0);
    // where the seconds went: every phase named, none negative, together the run's seconds
    for (const s of [whole.summary, again.summary]) {
      const phases = s.phases as Record<string, number>;
      expect(Object.keys(phases).sort()).toEqual(['checkpoints', 'finish', 'ingest', 'map', 'replay', 'resume']);
      expect(Math.min(...Object.values(phases))).toBeGreaterThanOrEqual(0);
      const sum = Object.values(phases).reduce((a, b) => a + b, 0);
      expect(Math.abs(sum - (s.seconds as number))).toBeLessThan(0.05);
    }
    expect((again.summary.phases as Record<string, number>).replay).toBe(0);
    expect((whole.summary.phases as Record<string, number>).replay).toBeGreaterThan(0);
    expect(await storedEvents(inc)).toEqual(expected);

    // late data on a day whose run resumed from the previous head: that head is the day's checkpoint
    const d = Math.max(...runs.map((r, i) => (i >= 2 && r.reason === 'new_data' ? i : -1)));
    expect(d).toBeGreaterThanOrEqual(2);
    const late0 = lateFile(d, 412999002);
    const late0Run = await runAnalyze([late0], opts(inc, { zones }));
    expect(late0Run.summary.resumedFrom).toBe(runs[d]!.resumedFrom);
    const from0 = Date.parse(late0Run.summary.resumedFrom as string);
    expect(from0).toBeLessThan(START + d * DAY);
    expect(from0).toBeGreaterThan(START + d * DAY - 3_600_000);
    const all1 = path.join(dir, 'all1.duckdb');
    await runAnalyze([...days, late0], opts(all1, { zones }));
    expect(await storedEvents(inc)).toEqual(await storedEvents(all1));

    // late data: day 2 again with a ship more; re-runs from the day-2 checkpoint
    const lateRun = await runAnalyze([late], opts(inc, { zones }));
    expect(lateRun.summary.resumedFrom).toBe(new Date(START + DAY).toISOString().replace('.000Z', 'Z'));
    expect(lateRun.summary.replayed as number).toBeLessThan(total * 0.9);
    const all2 = path.join(dir, 'all2.duckdb');
    await runAnalyze([...days, late0, late], opts(all2, { zones }));
    const expected2 = await storedEvents(all2);
    expect(expected2.length).toBeGreaterThan(50);
    expect(await storedEvents(inc)).toEqual(expected2);

    // --full replays everything and leaves the same events
    const full = await runAnalyze([], opts(inc, { zones, full: true }));
    expect(full.summary.replayed).toBe(total + 80);
    expect(await storedEvents(inc)).toEqual(expected2);
  }, 600_000);
});
