/**
 * Presence and the report on a generated scenario (the bundled Nampo sample, src/sim, analysed
 * end to end): presence figures against the store's own positions and the scenario's ground
 * truth (flags and ship types of the planted hulls), and the report's printed counts against
 * the store's.
 */
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSampleStore, root, SAMPLE_POSITIONS } from '../api/sample.js';
import { openStore } from '../../src/store/index.js';
import type { Store } from '../../src/store/types.js';
import { resolveArea } from '../../src/analytics/area.js';
import { presence, type Presence } from '../../src/analytics/presence.js';
import { runReport } from '../../src/cli/report.js';
import { presenceCsv, presenceGeoJson } from '../../src/cli/presence.js';
import { shipCategory } from '../../src/ref/shiptype.js';
import type { GroundTruth } from '../../src/sim/truth-types.js';
import { UsageError } from '../../src/errors.js';

const truth = JSON.parse(readFileSync(path.join(root, 'data/sample/nampo/ground-truth.json'), 'utf8')) as GroundTruth;
let dir: string;
let db: string;
let store: Store;
let all: Presence;

beforeAll(async () => {
  ({ dir, db } = await buildSampleStore());
  store = await openStore(db, { readOnly: true });
  all = await presence(store, { area: resolveArea({}) });
}, 120_000);
afterAll(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('presence on the Nampo sample', () => {
  it("vessels and vessel-days are the store's distinct MMSIs and (MMSI, UTC day) pairs", async () => {
    const days = new Set<string>();
    const mmsis = new Set<number>();
    let n = 0;
    for await (const b of store.positionBatches()) {
      for (const p of b) {
        n++;
        mmsis.add(p.mmsi);
        days.add(`${p.mmsi}:${new Date(p.t).toISOString().slice(0, 10)}`);
      }
    }
    expect(all.positions).toBe(n);
    expect(n).toBe(SAMPLE_POSITIONS);
    expect(all.vessels).toBe(mmsis.size);
    expect(all.vesselDays).toBe(days.size);
    expect(all.byFlag.reduce((a, f) => a + f.vessels, 0)).toBe(all.vessels);
    expect(all.byShipType.reduce((a, f) => a + f.vesselDays, 0)).toBe(all.vesselDays);
  });

  it("flags and ship types agree with the scenario's planted hulls", () => {
    const planted = new Map(truth.vessels.map((v) => [v.mmsi, v]));
    let checked = 0;
    for (const v of all.vesselList) {
      const t = planted.get(v.mmsi);
      if (!t) continue;
      checked++;
      // the simulator writes its own flag (null for an invalid MID); ours comes from the MID table
      if (t.flag) expect(v.flag, String(v.mmsi)).toBe(t.flag);
      // identity hulls change type only with the hull; the latest report wins
      if (!truth.vessels.some((o) => o.mmsi === v.mmsi && o.shipType !== t.shipType)) expect(v.category, String(v.mmsi)).toBe(shipCategory(t.shipType));
    }
    expect(checked).toBeGreaterThan(100);
    const cn = all.byFlag.find((f) => f.flag === 'CN');
    expect(cn?.vessels).toBe(all.vesselList.filter((v) => planted.get(v.mmsi)?.flag === 'CN').length);
  });

  it('fishing effort comes from fishing boats only, and counts match the events', async () => {
    const fishing = all.vesselList.filter((v) => v.category === 'fishing').length;
    expect(all.fishing.vessels).toBeGreaterThan(0);
    expect(all.fishing.vessels).toBeLessThanOrEqual(fishing);
    const cellHours = all.fishing.cells.reduce((a, c) => a + c.hours, 0);
    expect(cellHours).toBeCloseTo(all.fishing.hours, 0);
    // at most 24 h each in a one-day scenario
    expect(all.fishing.hours).toBeLessThanOrEqual(24 * all.fishing.vessels);
    const events = await store.events();
    const idv = new Set(events.filter((e) => e.type === 'identity_change').flatMap((e) => e.mmsi));
    expect(all.counts.identityChangeVessels).toBe(idv.size);
    expect(all.counts.likelyDisablingGaps).toBe(events.filter((e) => e.type === 'gap' && e.flags.includes('likely_disabling')).length);
    expect(all.counts.nightEncountersBeyond12nm).toBe(events.filter((e) => e.type === 'encounter' && e.flags.includes('night') && e.flags.includes('outside_territorial_sea')).length);
    expect(all.portCalls.total).toBe(events.filter((e) => e.type === 'port_visit').length);
    expect(all.portCalls.byFlag.reduce((a, c) => a + c.calls, 0)).toBe(all.portCalls.total);
  });

  it('a zone counts only what lies in it: the Nampo port zone holds the port calls and few vessels', async () => {
    const port = await presence(store, { area: resolveArea({ zone: 'Nampo port' }) });
    expect(port.vessels).toBeGreaterThan(0);
    expect(port.vessels).toBeLessThan(all.vessels / 2);
    const truthCallers = new Set(truth.events.filter((e) => e.type === 'port_visit').flatMap((e) => e.mmsi));
    for (const v of port.vesselList) if (v.positions > 20) expect(truthCallers.has(v.mmsi) || v.category !== 'fishing', String(v.mmsi)).toBe(true);
    const tsea = await presence(store, { area: resolveArea({ zone: 'territorial_sea_12nm' }) });
    expect(tsea.vessels).toBeGreaterThan(port.vessels);
    expect(tsea.vessels).toBeLessThan(all.vessels);
    const box = await presence(store, { area: resolveArea({ bbox: [124, 38, 126, 40] }), from: Date.parse('2026-03-01T06:00:00Z'), to: Date.parse('2026-03-01T12:00:00Z') });
    expect(box.positions).toBeLessThan(all.positions / 3);
  });

  it('csv and geojson carry the same figures; unknown zones are usage errors', () => {
    const csv = presenceCsv(all).split('\n');
    expect(csv[0]).toBe('section,key,vessels,vessel_days,value');
    expect(csv[1]).toBe(`total,all data,${all.vessels},${all.vesselDays},${all.positions}`);
    const gj = presenceGeoJson(all);
    expect(gj.features).toHaveLength(all.fishing.cells.length);
    expect(() => resolveArea({ zone: 'Atlantis' })).toThrow(UsageError);
    expect(() => resolveArea({ zone: 'x', bbox: [0, 0, 1, 1] })).toThrow(UsageError);
  });
});

describe('report on the Nampo sample', () => {
  it("prints the store's counts: events by type, vessels, inputs with their hashes", async () => {
    const out = path.join(dir, 'report.html');
    const { result } = await runReport({ db, out });
    const html = readFileSync(out, 'utf8');
    const stats = await store.stats();
    const printed: Record<string, number> = {};
    for (const m of html.matchAll(/<tr data-type="([a-z_]+)" data-count="(\d+)">/g)) printed[m[1]!] = Number(m[2]);
    expect(printed).toEqual(stats.events);
    expect(result.events).toEqual(stats.events);
    const card = (k: string): number => Number(new RegExp(`data-figure="${k}"[^>]*><div class="v">([\\d,]+)<`).exec(html)![1]!.replace(/,/g, ''));
    expect(card('vessels')).toBe(all.vessels);
    expect(card('events')).toBe(Object.values(stats.events).reduce((a, b) => a + b, 0));
    expect(card('vessels changing identity')).toBe(all.counts.identityChangeVessels);
    // the input file with its content hash, and the map drawn inline
    const [src] = await store.ingestedSources();
    expect(html).toContain(src!.key.split(':')[1]!);
    expect(html).toContain('<svg xmlns="http://www.w3.org/2000/svg" id="report-map"');
    // nothing that could make a request: no script, no link, no URL but the SVG namespace
    expect(html).not.toMatch(/<script|<link|<img|@import|url\((?!#)/i);
    expect([...html.matchAll(/https?:\/\/[^\s"'<)]+/g)].map((m) => m[0]).filter((u) => u !== 'http://www.w3.org/2000/svg')).toEqual([]);
    // the top risk vessel is the sample's night encounter pair or the identity hull, with reasons
    expect(html).toMatch(/<ul class="reasons"><li>\+\d+ /);
  }, 60_000);
});
