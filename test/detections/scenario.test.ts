/**
 * Satellite detections against AIS on simulator scenarios with known truth (src/sim
 * `detections: true`): simulate -> analyze (the AIS and its encounter/loitering events) ->
 * `darkfleet detections` -> compare every detection with what it really is.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { simulate } from '../../src/sim/index.js';
import type { GroundTruth, TruthDetection } from '../../src/sim/truth-types.js';
import { runAnalyze } from '../../src/cli/analyze.js';
import { runDetections } from '../../src/cli/detections.js';
import { openStore } from '../../src/store/index.js';

const dir = mkdtempSync(path.join(tmpdir(), 'darkfleet-det-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface OutLine {
  detection: Record<string, string>;
  match: { mmsi: number; distanceM: number; timeOffsetS: number } | null;
  candidates: { mmsi: number; score: number; reason: string }[];
  flags?: string[];
}

const ratio = (a: number, b: number): number => (b === 0 ? 1 : a / b);

describe('detections on simulated passes (real geography, NMEA end to end)', () => {
  for (const seed of [4, 6]) {
    it(`seed ${seed}: broadcasting matched, gap vessels dark with the right candidate, clutter never attached, the dense fleet one-to-one`, async () => {
      const out = path.join(dir, `seed${seed}`);
      const sim = simulate(out, { seed, hours: 36, vessels: 160, intervalS: 120, staticIntervalS: 1800, detections: true });
      const db = path.join(out, 'a.duckdb');
      await runAnalyze([sim.files.nmea], { db, format: 'auto', profile: 'gfw', zones: sim.files.zones, quiet: true });
      const jsonl = path.join(out, 'det.jsonl');
      const summary = await runDetections(sim.files.detections!, { db, out: jsonl, quiet: true });
      const truth = JSON.parse(readFileSync(sim.files.truth, 'utf8')) as GroundTruth;
      const lines = readFileSync(jsonl, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as OutLine);
      const byId = new Map<string, TruthDetection>(truth.detections!.map((d) => [d.id, d]));
      expect(lines.length).toBe(truth.detections!.length);
      expect(summary.detections).toBe(lines.length);

      const of = (kind: TruthDetection['kind']): [OutLine, TruthDetection][] =>
        lines.map((l) => [l, byId.get(l.detection.detect_id!)!] as [OutLine, TruthDetection]).filter(([, t]) => t.kind === kind);
      const bc = of('broadcasting');
      const dark = of('dark');
      const clutter = of('clutter');
      const dense = of('dense');
      const bcRight = bc.filter(([l, t]) => l.match?.mmsi === t.mmsi).length;
      const darkUnmatched = dark.filter(([l]) => l.match === null).length;
      const darkTop = dark.filter(([l, t]) => l.match === null && l.candidates[0]?.mmsi === t.mmsi).length;
      const clutterAttached = clutter.filter(([l]) => l.match !== null).length;
      const denseRight = dense.filter(([l, t]) => l.match?.mmsi === t.mmsi).length;
      const denseMatched = dense.filter(([l]) => l.match).map(([l]) => l.match!.mmsi);
      const partners = dark.filter(([, t]) => t.partner !== undefined);
      const partnerFound = partners.filter(([l]) => l.flags?.includes('dark_partner')).length;
      console.log(
        `seed ${seed}: broadcasting ${bcRight}/${bc.length} right; dark ${darkUnmatched}/${dark.length} unmatched, top candidate right ${darkTop}/${dark.length}; ` +
          `clutter attached ${clutterAttached}/${clutter.length}; dense ${denseRight}/${dense.length} right; dark partners ${partnerFound}/${partners.length}; ${summary.seconds} s`,
      );
      expect(bc.length).toBeGreaterThan(50);
      expect(dark.length).toBeGreaterThanOrEqual(5);
      expect(clutter.length).toBeGreaterThanOrEqual(20);
      expect(dense.length).toBeGreaterThanOrEqual(100);
      expect(ratio(bcRight, bc.length)).toBeGreaterThanOrEqual(0.95);
      expect(ratio(darkUnmatched, dark.length)).toBeGreaterThanOrEqual(0.95);
      expect(ratio(darkTop, dark.length)).toBeGreaterThanOrEqual(0.8);
      expect(clutterAttached).toBe(0);
      expect(new Set(denseMatched).size).toBe(denseMatched.length);
      expect(ratio(denseRight, dense.length)).toBeGreaterThanOrEqual(0.95);
      // no vessel matched twice in any pass
      const perPass = new Map<string, number[]>();
      for (const l of lines) if (l.match) perPass.set(l.detection.scene_id!, [...(perPass.get(l.detection.scene_id!) ?? []), l.match.mmsi]);
      for (const ms of perPass.values()) expect(new Set(ms).size).toBe(ms.length);
      // clutter reads as clutter
      expect(clutter.every(([l]) => l.flags?.includes('likely_clutter'))).toBe(true);
      // the dark ones are in the store, visible to `darkfleet events`
      const store = await openStore(db, { mustExist: true });
      const stored = await store.events({ type: 'dark_detection' });
      await store.close();
      expect(stored.length).toBe(summary.dark);
      if (partners.length) expect(ratio(partnerFound, partners.length)).toBeGreaterThanOrEqual(0.8);
    }, 600_000);
  }
});
