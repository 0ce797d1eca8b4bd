/**
 * Convoys among dark detections (src/detections/convoy.ts): unit cases on hand-made passes,
 * and simulated scenarios with planted dark convoys and look-alikes (src/sim `darkConvoys`),
 * end to end: simulate -> analyze -> `darkfleet detections` -> the `convoy` events flagged
 * `dark` scored against the planted groups by their detection ids.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { simulate } from '../../src/sim/index.js';
import type { GroundTruth } from '../../src/sim/truth-types.js';
import { runAnalyze } from '../../src/cli/analyze.js';
import { runDetections } from '../../src/cli/detections.js';
import { openStore } from '../../src/store/index.js';
import { darkConvoys, DARK_CONVOY_DEFAULTS } from '../../src/detections/convoy.js';
import { destinationPoint } from '../../src/geo/distance.js';
import { eventId, isoTime, type Event } from '../../src/events.js';
import { buildReport } from '../../src/report/data.js';
import { renderReport } from '../../src/report/html.js';
import { resolveArea } from '../../src/analytics/area.js';

const dir = mkdtempSync(path.join(tmpdir(), 'darkfleet-darkconvoy-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** a dark_detection event as src/detections/run.ts writes it (only what the convoy search reads) */
function dark(t: number, lat: number, lon: number, scene: string, flags: string[] = []): Event {
  return {
    id: eventId('dark_detection', [], t, `${lat.toFixed(5)},${lon.toFixed(5)}`),
    type: 'dark_detection',
    start: isoTime(t),
    end: isoTime(t),
    mmsi: [],
    lat,
    lon,
    confidence: 0.8,
    flags,
    rule: { name: 'dark_detection', params: {} },
    evidence: { scene },
  };
}

const T = Date.parse('2026-03-01T06:00:00Z');
const H = 3_600_000;

/** n detections in line astern behind (lat, lon) on course brg, spacing apart */
function line(t: number, lat: number, lon: number, brg: number, n: number, spacing: number, scene: string): Event[] {
  return Array.from({ length: n }, (_, j) => {
    const p = destinationPoint(lat, lon, brg + 180, j * spacing);
    return dark(t + j * 1000, p.lat, p.lon, scene);
  });
}

describe('dark convoy rules', () => {
  it('a line of three in one pass is a single-pass convoy; two passes along its axis at 6 kn link, with course and speed', () => {
    const one = darkConvoys(line(T, 38.5, 123.5, 275, 3, 800, 'A'), null);
    expect(one.events).toHaveLength(1);
    expect(one.events[0]!.flags).toEqual(['dark', 'single_pass']);
    expect(one.events[0]!.mmsi).toEqual([]);
    expect(one.events[0]!.evidence.lineBearingDeg).toBe(95); // the axis, 275 - 180
    const moved = destinationPoint(38.5, 123.5, 275, 6 * 1852 * 6);
    const two = darkConvoys([...line(T, 38.5, 123.5, 275, 4, 800, 'A'), ...line(T + 6 * H, moved.lat, moved.lon, 275, 4, 800, 'B')], null);
    expect(two.events).toHaveLength(1);
    const e = two.events[0]!;
    expect(e.flags).toEqual(['dark']);
    expect(e.evidence.courseDeg).toBeGreaterThanOrEqual(273);
    expect(e.evidence.courseDeg).toBeLessThanOrEqual(277);
    expect(e.evidence.speedKn).toBeCloseTo(6, 0);
    expect((e.evidence.detections as string[]).length).toBe(8);
    expect(e.confidence).toBeGreaterThan(one.events[0]!.confidence);
    expect(e.confidence).toBeLessThan(0.6);
  });

  it('no line: scattered, too far apart, too close, too few, bent, or clutter', () => {
    const sc = [dark(T, 38.5, 123.5, 'A'), dark(T, 38.52, 123.51, 'A'), dark(T, 38.49, 123.53, 'A'), dark(T, 38.515, 123.48, 'A')];
    expect(darkConvoys(sc, null).events).toHaveLength(0);
    expect(darkConvoys(line(T, 38.5, 123.5, 90, 3, 6000, 'A'), null).events).toHaveLength(0);
    expect(darkConvoys(line(T, 38.5, 123.5, 90, 3, 150, 'A'), null).events).toHaveLength(0);
    expect(darkConvoys(line(T, 38.5, 123.5, 90, 2, 800, 'A'), null).events).toHaveLength(0);
    const bent = [dark(T, 38.5, 123.5, 'A'), dark(T, 38.5, 123.51, 'A'), dark(T, 38.509, 123.51, 'A')];
    expect(darkConvoys(bent, null).events).toHaveLength(0);
    const clutter = line(T, 38.5, 123.5, 90, 3, 800, 'A').map((e) => ({ ...e, flags: ['likely_clutter'] }));
    expect(darkConvoys(clutter, null).events).toHaveLength(0);
  });

  it('a line whose detections are still around in the next pass stayed put: no convoy; a line in the same place again is not under way', () => {
    const next = [dark(T + 6 * H, 38.51, 123.5, 'B'), dark(T + 6 * H, 38.49, 123.52, 'B'), dark(T + 6 * H, 38.5, 123.47, 'B')];
    const r = darkConvoys([...line(T, 38.5, 123.5, 90, 3, 800, 'A'), ...next], null);
    expect(r.events).toHaveLength(0);
    expect(r.stayedPut).toBe(1);
    const again = darkConvoys([...line(T, 38.5, 123.5, 90, 3, 800, 'A'), ...line(T + 6 * H, 38.5, 123.501, 90, 3, 800, 'B')], null);
    expect(again.events).toHaveLength(0);
  });

  it('a crowd of dark detections (a fishing ground) is not searched for lines, and says so', () => {
    const crowd: Event[] = [];
    for (let i = 0; i < 13; i++) for (let j = 0; j < 13; j++) crowd.push(dark(T, 38.5 + i * 0.009, 123.5 + j * 0.0115, 'A'));
    const r = darkConvoys(crowd, null);
    expect(r.crowded).toBe(1);
    expect(r.events).toHaveLength(0);
    // the same field cut to the bound is searched: its rows are lines
    expect(darkConvoys(crowd.slice(0, DARK_CONVOY_DEFAULTS.maxGroup), null).events.length).toBeGreaterThan(0);
  });

  it('two lines that do not sail along their axis are not linked', () => {
    // the second line lies abeam of the first, 60 km away: moved sideways
    const moved = destinationPoint(38.5, 123.5, 0, 60_000);
    const r = darkConvoys([...line(T, 38.5, 123.5, 90, 3, 800, 'A'), ...line(T + 6 * H, moved.lat, moved.lon, 90, 3, 800, 'B')], null);
    expect(r.events.every((e) => e.flags.includes('single_pass'))).toBe(true);
    expect(r.events).toHaveLength(2);
    expect(DARK_CONVOY_DEFAULTS.maxCourseAxisDeg).toBeLessThan(90);
  });
});

interface SeedScore {
  seed: number;
  planted: number;
  found: number;
  events: number;
  correct: number;
  lookAlikes: number;
  lookAlikesReported: number;
  linked: number;
  multiPass: number;
  towardChina: number;
}

describe('dark convoys on simulated scenarios (planted convoys and look-alikes, NMEA end to end)', () => {
  const scores: SeedScore[] = [];
  for (const seed of [21, 22, 23, 24]) {
    it(`seed ${seed}`, async () => {
      const out = path.join(dir, `seed${seed}`);
      const sim = simulate(out, { seed, hours: 36, vessels: 160, intervalS: 120, staticIntervalS: 1800, detections: true, darkConvoys: true });
      const db = path.join(out, 'a.duckdb');
      await runAnalyze([sim.files.nmea], { db, format: 'auto', profile: 'gfw', zones: sim.files.zones, quiet: true });
      const summary = await runDetections(sim.files.detections!, { db, quiet: true });
      const truth = JSON.parse(readFileSync(sim.files.truth, 'utf8')) as GroundTruth;
      const store = await openStore(db, { mustExist: true });
      const darkEvents = await store.events({ type: 'dark_detection' });
      const convoys = await store.events({ type: 'convoy', flags: ['dark'] });
      // the report's convoy table says what a dark convoy is made of
      const html = seed === 21 ? renderReport(await buildReport(store, { area: resolveArea({}), evaluation: null })) : '';
      await store.close();
      if (seed === 21) expect(html.match(/dark: \d+ satellite detections in \d pass/g)?.length).toBe(convoys.length);
      const groups = truth.darkGroups ?? [];
      const detectId = new Map(darkEvents.map((e) => [e.id, (e.evidence.detection as Record<string, string>).detect_id!]));
      const groupOf = new Map<string, number>();
      groups.forEach((g, i) => g.detections.forEach((d) => groupOf.set(d, i)));
      // an event belongs to the planted group holding most of its detections
      const owner = (e: Event): number | null => {
        const counts = new Map<number, number>();
        const ids = (e.evidence.detections as string[]).map((x) => detectId.get(x)!);
        for (const id of ids) {
          const g = groupOf.get(id);
          if (g !== undefined) counts.set(g, (counts.get(g) ?? 0) + 1);
        }
        const best = [...counts].sort((a, b) => b[1] - a[1])[0];
        return best && best[1] * 2 > ids.length ? best[0] : null;
      };
      const convoyIx = groups.map((g, i) => (g.kind === 'dark_convoy' ? i : -1)).filter((i) => i >= 0);
      const owners = convoys.map(owner);
      const found = convoyIx.filter((i) => owners.includes(i));
      const correct = owners.filter((o) => o !== null && groups[o]!.kind === 'dark_convoy').length;
      const lookAlikes = groups.filter((g) => g.kind !== 'dark_convoy').length;
      const lookAlikesReported = new Set(owners.filter((o) => o !== null && groups[o]!.kind !== 'dark_convoy')).size;
      const multi = convoyIx.filter((i) => groups[i]!.passes.length > 1);
      const linked = multi.filter((i) => convoys.some((e, k) => owners[k] === i && (e.evidence.passes as unknown[]).length === groups[i]!.passes.length));
      // every event of a planted convoy holds its detections only, in as many passes as it was seen
      for (const [k, e] of convoys.entries()) {
        const o = owners[k] ?? null;
        if (o === null || groups[o]!.kind !== 'dark_convoy') continue;
        expect((e.evidence.detections as string[]).every((x) => groupOf.get(detectId.get(x)!) === o)).toBe(true);
        expect((e.evidence.passes as unknown[]).length).toBe(groups[o]!.passes.length);
      }
      const towardChina = convoys.filter((e, k) => owners[k] !== null && groups[owners[k]!]!.passes.length > 1 && (e.evidence.headingFor as { iso3: string | null } | null)?.iso3 === 'CHN').length;
      const s: SeedScore = { seed, planted: convoyIx.length, found: found.length, events: convoys.length, correct, lookAlikes, lookAlikesReported, linked: linked.length, multiPass: multi.length, towardChina };
      scores.push(s);
      console.log(
        `seed ${seed}: dark convoys found ${s.found}/${s.planted}, events right ${s.correct}/${s.events}, two-pass convoys linked ${s.linked}/${s.multiPass} (toward CHN ${s.towardChina}), look-alikes reported ${s.lookAlikesReported}/${s.lookAlikes}; ` +
          `detections summary ${JSON.stringify(summary.darkConvoys)}`,
      );
      for (const e of convoys) console.log(`  ${e.id} ${e.flags.join(',')} conf ${e.confidence} course ${String(e.evidence.courseDeg)} ${JSON.stringify(e.evidence.headingFor ?? e.evidence.headingEitherWay)}`);
      expect(s.planted).toBeGreaterThanOrEqual(1);
      expect(lookAlikes).toBeGreaterThanOrEqual(1);
      expect(summary.darkConvoys.found).toBe(convoys.length);
      // a dark convoy is never one of the vessels broadcasting: every planted detection stayed dark
      for (const i of convoyIx) for (const d of groups[i]!.detections) expect([...detectId.values()]).toContain(d);
    }, 600_000);
  }

  it('precision and recall >= 0.9 over the seeds; no look-alike reported; two-pass convoys linked and heading for China', () => {
    expect(scores.length).toBe(4);
    const sum = (k: keyof SeedScore): number => scores.reduce((a, s) => a + s[k], 0);
    const precision = sum('events') ? sum('correct') / sum('events') : 1;
    const recall = sum('found') / sum('planted');
    console.log(`dark convoys over seeds ${scores.map((s) => s.seed).join(', ')}: precision ${precision.toFixed(2)} (${sum('correct')}/${sum('events')}), recall ${recall.toFixed(2)} (${sum('found')}/${sum('planted')})`);
    expect(sum('planted')).toBeGreaterThanOrEqual(6);
    expect(precision).toBeGreaterThanOrEqual(0.9);
    expect(recall).toBeGreaterThanOrEqual(0.9);
    expect(sum('lookAlikesReported')).toBe(0);
    expect(sum('linked')).toBe(sum('multiPass'));
    expect(sum('towardChina')).toBeGreaterThanOrEqual(0.9 * sum('multiPass'));
  });
});
