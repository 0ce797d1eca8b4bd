/**
 * The whole chain on fresh simulator seeds: simulate -> analyze (ingest NMEA, detectors on the
 * real map) -> score against the scenario's ground truth. Every event type must reach
 * precision and recall 0.95, and no planted negative may be reported.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { simulate } from '../../src/sim/index.js';
import { score, formatScore } from '../../src/sim/score.js';
import type { GroundTruth } from '../../src/sim/truth-types.js';
import { runAnalyze } from '../../src/cli/analyze.js';
import { openStore } from '../../src/store/index.js';

const dir = mkdtempSync(path.join(tmpdir(), 'darkfleet-scen-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('detectors on fresh simulator seeds (real geography, NMEA end to end)', () => {
  for (const seed of [2, 3, 5]) {
    it(`seed ${seed}: precision and recall >= 0.95 for every event type, no negative reported`, async () => {
      const out = path.join(dir, `seed${seed}`);
      simulate(out, { seed, hours: 36, vessels: 160, intervalS: 120, staticIntervalS: 1800 });
      const db = path.join(out, 'a.duckdb');
      await runAnalyze([path.join(out, 'ais.nmea')], { db, format: 'auto', profile: 'gfw', zones: path.join(out, 'zones.geojson'), quiet: true });
      const store = await openStore(db, { mustExist: true });
      const events = await store.events();
      await store.close();
      const truth = JSON.parse(readFileSync(path.join(out, 'ground-truth.json'), 'utf8')) as GroundTruth;
      const r = score(truth, events);
      console.log(`seed ${seed}:\n${formatScore(r)}`);
      for (const [type, s] of Object.entries(r.byType)) {
        if (s.truth > 0) expect(s.recall, `${type} recall`).toBeGreaterThanOrEqual(0.95);
        if (s.detected > 0) expect(s.precision, `${type} precision`).toBeGreaterThanOrEqual(0.95);
      }
      expect(r.negatives.reported).toEqual([]);
      expect(Object.keys(r.byType).length).toBeGreaterThanOrEqual(7);
    });
  }
});
