/**
 * Movement patterns end to end (issue H): `simulate --movement` plants coal convoys toward
 * Chinese waters (one gaining a member an hour in), convoy look-alikes (ships sharing a lane
 * hours apart, ships at one speed on crossing courses, a tug and its tow, a fishing fleet
 * steaming together) and destination changes with their look-alikes (a blank hour, one port
 * written three ways); `analyze` (NMEA, real map) must find them: precision and recall >= 0.9
 * for convoy and destination_change on every seed, every other type as the scenario suite
 * asks (0.95), no negative reported, and every planted convoy heading for Chinese waters.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { simulate } from '../../src/sim/index.js';
import { formatScore, matches, score } from '../../src/sim/score.js';
import type { GroundTruth } from '../../src/sim/truth-types.js';
import { runAnalyze } from '../../src/cli/analyze.js';
import { openStore } from '../../src/store/index.js';
import type { Event } from '../../src/events.js';

const dir = mkdtempSync(path.join(tmpdir(), 'darkfleet-movement-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const MOVEMENT = ['convoy', 'destination_change'];

describe('movement patterns on simulator seeds (real geography, NMEA end to end)', () => {
  const joined: number[] = [];
  for (const seed of [11, 12, 13]) {
    it(`seed ${seed}: convoys and destination changes at precision and recall >= 0.9, no look-alike reported`, async () => {
      const out = path.join(dir, `seed${seed}`);
      simulate(out, { seed, hours: 36, vessels: 160, intervalS: 120, staticIntervalS: 1800, movement: true });
      const db = path.join(out, 'a.duckdb');
      await runAnalyze([path.join(out, 'ais.nmea')], { db, format: 'auto', profile: 'gfw', zones: path.join(out, 'zones.geojson'), quiet: true });
      const store = await openStore(db, { mustExist: true });
      const events: Event[] = await store.events();
      await store.close();
      const truth = JSON.parse(readFileSync(path.join(out, 'ground-truth.json'), 'utf8')) as GroundTruth;
      const r = score(truth, events);
      console.log(`seed ${seed} (movement):\n${formatScore(r)}`);
      for (const type of MOVEMENT) {
        const s = r.byType[type]!;
        expect(s.truth, `${type} planted`).toBeGreaterThanOrEqual(2);
        expect(s.recall, `${type} recall`).toBeGreaterThanOrEqual(0.9);
        expect(s.precision, `${type} precision`).toBeGreaterThanOrEqual(0.9);
      }
      for (const [type, s] of Object.entries(r.byType)) {
        if (MOVEMENT.includes(type)) continue;
        if (s.truth > 0) expect(s.recall, `${type} recall`).toBeGreaterThanOrEqual(0.95);
        if (s.detected > 0) expect(s.precision, `${type} precision`).toBeGreaterThanOrEqual(0.95);
      }
      expect(r.negatives.reported).toEqual([]);
      expect(truth.negatives.filter((n) => n.mustNotFire.includes('convoy')).map((n) => n.kind).sort()).toEqual(['crossing', 'fishing_fleet', 'lane_sharing', 'moving_pair']);
      // every planted convoy makes for China, and the detector says so
      for (const t of truth.events.filter((e) => e.type === 'convoy')) {
        const d = events.find((e) => matches(t, e))!;
        expect((d.evidence['headingFor'] as { iso3: string }).iso3, `${t.note}`).toBe('CHN');
        expect(d.evidence['medianSpacingM']).toBeLessThan(1500);
        for (const m of d.evidence['members'] as { joined: string }[]) joined.push((Date.parse(m.joined) - Date.parse(d.start)) / 60_000);
      }
    });
  }
  it('a member that joined an hour in is one of the convoy (one event, not two)', () => {
    expect(Math.max(...joined)).toBeGreaterThanOrEqual(40);
  });
});
