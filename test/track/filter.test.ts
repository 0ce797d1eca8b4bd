/**
 * FixFilter (src/track/filter.ts): the segmenter's verdict on each fix without its segments,
 * for runners none of whose detectors reads them. It must reject exactly what the Segmenter
 * rejects: on simulated tracks with every kind of bad fix, and on GFW's segment regression
 * files (real tracks, MMSIs shared by transmitters oceans apart, 169 type 27 fixes), when
 * ../shared is present (skips with a reason otherwise, fails under CI=true).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Position } from '../../src/records.js';
import { FixFilter } from '../../src/track/filter.js';
import { Segmenter } from '../../src/track/segmenter.js';
import { createRunner } from '../../src/detect/index.js';
import { WorldGeo } from '../../src/geo/context.js';
import { readInput } from '../../src/sources/read.js';
import type { DetectRecord } from '../../src/detect/runner.js';
import { loadRegression } from './gfw-agreement.js';
import { interleave, straightTrack } from './sim.js';

const T0 = Date.UTC(2024, 2, 1);
const MIN = 60_000;
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const shared = path.resolve(root, '../shared/data/identity/gfw-segment-regression');

/** Each fix's verdict: '' used, else the reject reason. */
function verdicts(ps: readonly Position[], f: { push(p: Position): string | null; lastReason: string | null }): string[] {
  return ps.map((p) => (f.push(p) === null ? f.lastReason! : ''));
}

const fix = (mmsi: number, t: number, lat: number, lon: number, msgType = 1, sog = 10): Position => ({ mmsi, t, lat, lon, sog, cog: 90, heading: 90, navStatus: 0, source: 's', msgType });

describe('FixFilter', () => {
  it('rejects what the Segmenter rejects: bad fields, duplicates, repeated moving fixes', () => {
    const a = straightTrack({ mmsi: 1, lat: 55, lon: 10, sog: 12, cog: 45, t0: T0, everyS: 10, count: 400, label: 'a' });
    const b = straightTrack({ mmsi: 1, lat: 20, lon: -40, sog: 0, cog: 0, t0: T0 + 5000, everyS: 60, count: 100, label: 'b' });
    const bad: Position[] = [
      { ...a[10]!, t: a[10]!.t }, // a second reception of a fix
      { ...a[20]!, t: a[20]!.t + MIN }, // a moving vessel's repeated fix (its transmitter sends a fix of a minute before again)
      { ...b[5]!, t: b[5]!.t + 7 * MIN }, // a still vessel's: used
      { ...a[30]!, lat: 91 },
      { ...a[31]!, sog: 102.3 },
      { ...a[32]!, lat: 0, lon: 0 },
    ];
    const ps = interleave(a, b, bad);
    const seg = verdicts(ps, new Segmenter({ requireSpeed: false }));
    expect(new Set(seg)).toEqual(new Set(['', 'duplicate', 'repeated_fix', 'lat_out_of_range', 'bad_speed', 'null_island']));
    expect(verdicts(ps, new FixFilter({ requireSpeed: false }))).toEqual(seg);
  });

  it('drops a type 27 fix that follows a better fix of the same place within the hour, as the Segmenter does', () => {
    // one MMSI heard at two places 6,000 km apart; type 27 fixes after each
    const ps = [
      fix(7, T0, 36.9, 122.4),
      fix(7, T0 + 5 * MIN, -45.5, -60.5),
      fix(7, T0 + 20 * MIN, 36.95, 122.45, 27), // 15 min after place A's fix (the last heard is B): noise
      fix(7, T0 + 30 * MIN, -45.52, -60.5, 27), // 25 min after B's: noise
      fix(7, T0 + 3 * 60 * MIN, -45.6, -60.4, 27), // 2.5 h after: used
      fix(7, T0 + 3 * 60 * MIN + 10 * MIN, 10, 10, 27), // near no place: used
    ];
    const want = ['', '', 'noise', 'noise', '', ''];
    expect(verdicts(ps, new Segmenter({ requireSpeed: false }))).toEqual(want);
    expect(verdicts(ps, new FixFilter({ requireSpeed: false }))).toEqual(want);
  });

  it("agrees with the Segmenter on every fix of GFW's regression files", (ctx) => {
    if (!fs.existsSync(shared)) {
      if (process.env.CI === 'true') throw new Error(`${shared} missing under CI`);
      console.log(`skipped: ${shared} absent`);
      return ctx.skip();
    }
    let n = 0;
    let type27 = 0;
    for (const f of fs.readdirSync(shared).filter((x) => x.endsWith('.json'))) {
      const ps: Position[] = loadRegression(path.join(shared, f))
        .filter((m) => m.lat != null && m.lon != null)
        .sort((x, y) => x.t - y.t)
        .map((m) => ({ mmsi: m.mmsi, t: m.t, lat: m.lat!, lon: m.lon!, sog: m.sog, cog: m.cog, heading: m.heading, navStatus: null, source: f, ...(m.msgType === undefined ? {} : { msgType: m.msgType }) }));
      n += ps.length;
      type27 += ps.filter((p) => p.msgType === 27).length;
      expect(verdicts(ps, new FixFilter({ requireSpeed: false })), f).toEqual(verdicts(ps, new Segmenter({ requireSpeed: false })));
    }
    expect(n).toBeGreaterThan(18_000);
    expect(type27).toBeGreaterThan(150);
  });

  it('is what a runner of detectors that read no segments uses, with the same events (the bundled Nampo sample)', async () => {
    const recs: DetectRecord[] = [];
    for await (const b of readInput(path.join(root, 'data/sample/nampo/ais.nmea'))) recs.push(...b.positions, ...b.statics);
    recs.sort((a, b) => a.t - b.t);
    const geo = new WorldGeo();
    const full = createRunner({ geo });
    const all = [...full.push(recs), ...full.flush()].filter((e) => e.type === 'encounter' || e.type === 'convoy');
    const light = createRunner({ geo, detectors: { only: ['encounter', 'convoy'] } });
    const some = [...light.push(recs), ...light.flush()];
    expect(light.stats.segmentsOpened).toBe(0);
    expect(full.stats.segmentsOpened).toBeGreaterThan(0);
    expect(all.filter((e) => e.type === 'encounter').length).toBeGreaterThan(2);
    expect(some.map((e) => e.id).sort()).toEqual(all.map((e) => e.id).sort());
    expect(light.stats.rejected).toEqual(full.stats.rejected);
  }, 60_000);
});
