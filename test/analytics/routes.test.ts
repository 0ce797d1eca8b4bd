/**
 * Repeated routes (src/analytics/routes.ts): rules on hand-made calls, and simulated
 * scenarios with planted shuttles between Nampo and a Chinese anchorage and one single round
 * trip (src/sim `routes`), analysed end to end and read through `presence`.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { repeatedRoutes } from '../../src/analytics/routes.js';
import { presence } from '../../src/analytics/presence.js';
import { resolveArea } from '../../src/analytics/area.js';
import { presenceCsv, presenceTable } from '../../src/cli/presence.js';
import { simulate } from '../../src/sim/index.js';
import type { GroundTruth } from '../../src/sim/truth-types.js';
import { runAnalyze } from '../../src/cli/analyze.js';
import { openStore } from '../../src/store/index.js';
import { isoTime, type Event } from '../../src/events.js';
import { buildReport } from '../../src/report/data.js';
import { renderReport } from '../../src/report/html.js';

const dir = mkdtempSync(path.join(tmpdir(), 'darkfleet-routes-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const H = 3_600_000;
const T = Date.parse('2026-03-01T00:00:00Z');
const NAMPO = { lat: 38.7, lon: 125.1 };
const DANDONG = { lat: 39.8, lon: 123.8 };
const DALIAN = { lat: 38.85, lon: 121.98 };

function visit(mmsi: number, at: { lat: number; lon: number }, label: string, h0: number, h1: number): Event {
  return {
    id: `port_visit:${mmsi}:${isoTime(T + h0 * H)}`,
    type: 'port_visit',
    start: isoTime(T + h0 * H),
    end: isoTime(T + h1 * H),
    mmsi: [mmsi],
    lat: at.lat,
    lon: at.lon,
    confidence: 0.9,
    flags: [],
    rule: { name: 'port_visit', params: {} },
    evidence: { anchorage: label, iso3: label === 'Nampo' ? '' : 'CHN' },
  };
}

function zone(type: 'zone_entry' | 'zone_exit', mmsi: number, at: { lat: number; lon: number }, name: string, h0: number, h1: number, flags: string[] = []): Event {
  return { ...visit(mmsi, at, name, h0, h1), id: `${type}:${mmsi}:${h0}`, type, flags, evidence: { zone: name } };
}

describe('repeated routes: rules', () => {
  it('three voyages between two ports are a route, both ways counted, with dates; two are not', () => {
    const ev = [visit(1, NAMPO, 'Nampo', 0, 3), visit(1, DANDONG, 'DANDONG', 10, 12), visit(1, NAMPO, 'Nampo', 20, 22), visit(1, DANDONG, 'DANDONG', 30, 31)];
    const r = repeatedRoutes(ev);
    expect(r).toHaveLength(1);
    expect(r[0]).toMatchObject({ mmsi: 1, a: 'DANDONG', b: 'Nampo', voyages: 3, aToB: 1, bToA: 2, first: isoTime(T + 3 * H), last: isoTime(T + 30 * H) });
    expect(r[0]!.legs[1]).toEqual({ from: 'DANDONG', to: 'Nampo', depart: isoTime(T + 12 * H), arrive: isoTime(T + 20 * H) });
    expect(repeatedRoutes(ev.slice(0, 3))).toHaveLength(0);
    expect(repeatedRoutes(ev.slice(0, 3), { minVoyages: 2 })).toHaveLength(1);
  });

  it('calls to three ports in turn are no repeated route; the anchorage zone and the port are one place; the 12 nm line is no place', () => {
    const tour = [visit(2, NAMPO, 'Nampo', 0, 2), visit(2, DANDONG, 'DANDONG', 10, 12), visit(2, DALIAN, 'DALIAN', 20, 22), visit(2, NAMPO, 'Nampo', 40, 42)];
    expect(repeatedRoutes(tour, { minVoyages: 2 })).toHaveLength(0);
    // a vessel in the Nampo anchorage when the data starts: its first call is a zone exit only
    const zoned = [
      zone('zone_exit', 3, { lat: 38.68, lon: 125.0 }, 'Nampo anchorage', 1, 1, ['entry_unseen']),
      visit(3, DANDONG, 'DANDONG', 10, 12),
      visit(3, NAMPO, 'Nampo', 20, 24),
      zone('zone_entry', 3, { lat: 38.68, lon: 125.0 }, 'Nampo anchorage', 20.2, 20.2),
      zone('zone_exit', 3, { lat: 38.68, lon: 125.0 }, 'Nampo anchorage', 20.2, 23.8),
      zone('zone_exit', 3, { lat: 38.9, lon: 124.5 }, 'territorial_sea_12nm', 19, 25),
      visit(3, DANDONG, 'DANDONG', 31, 33),
    ];
    const r = repeatedRoutes(zoned);
    expect(r).toHaveLength(1);
    expect(r[0]).toMatchObject({ a: 'DANDONG', b: 'Nampo', voyages: 3, first: isoTime(T + 1 * H) });
  });
});

describe('repeated routes on simulated scenarios (planted shuttles, NMEA end to end)', () => {
  let planted = 0;
  let found = 0;
  let listed = 0;
  let right = 0;
  for (const seed of [41, 42, 43]) {
    it(`seed ${seed}: every shuttle listed with its voyages and dates, the single round trip not`, async () => {
      const out = path.join(dir, `seed${seed}`);
      const sim = simulate(out, { seed, hours: 48, vessels: 80, intervalS: 120, staticIntervalS: 1800, routes: true });
      const truth = JSON.parse(readFileSync(sim.files.truth, 'utf8')) as GroundTruth;
      const db = path.join(out, 'a.duckdb');
      await runAnalyze([sim.files.nmea], { db, format: 'auto', profile: 'gfw', zones: sim.files.zones, quiet: true });
      const store = await openStore(db, { mustExist: true });
      const p = await presence(store, { area: resolveArea({}) });
      // the report's port section lists the same routes
      const html = seed === 41 ? renderReport(await buildReport(store, { area: resolveArea({}), evaluation: null })) : '';
      await store.close();
      if (seed === 41) {
        const section = html.slice(html.indexOf('<h3>Repeated routes</h3>'), html.indexOf('</section>', html.indexOf('<h3>Repeated routes</h3>')));
        for (const r of p.routes.list) expect(section).toContain(String(r.mmsi));
        expect(section.match(/<tr>/g)?.length).toBe(p.routes.list.length + 1);
      }
      const routes = truth.routes ?? [];
      const shuttles = routes.filter((r) => r.repeated);
      expect(shuttles.length).toBeGreaterThanOrEqual(2);
      expect(routes.some((r) => !r.repeated)).toBe(true);
      planted += shuttles.length;
      listed += p.routes.list.length;
      for (const r of p.routes.list) {
        const t = shuttles.find((s) => s.mmsi === r.mmsi);
        // right: a planted shuttle, between Nampo and the Chinese anchorage, every voyage, each within 1 h of the truth
        const ok =
          t !== undefined &&
          [r.a, r.b].includes('Nampo') &&
          [r.aIso3, r.bIso3].includes('CHN') &&
          r.voyages === t.voyages.length &&
          r.legs.every((l, i) => Math.abs(Date.parse(l.depart) - Date.parse(t.voyages[i]!.depart)) <= H && Math.abs(Date.parse(l.arrive) - Date.parse(t.voyages[i]!.arrive)) <= H);
        if (ok) right++;
        else console.log(`seed ${seed}: route not as planted: ${JSON.stringify(r)} truth ${JSON.stringify(t ?? null)}`);
      }
      found += shuttles.filter((s) => p.routes.list.some((r) => r.mmsi === s.mmsi)).length;
      for (const r of routes.filter((x) => !x.repeated)) expect(p.routes.list.map((x) => x.mmsi)).not.toContain(r.mmsi);
      console.log(`seed ${seed}: ${p.routes.list.length} repeated routes listed for ${shuttles.length} planted shuttles:\n${presenceTable(p).split('\n').filter((l) => /repeated|^\d{9} /.test(l)).join('\n')}`);
      expect(presenceCsv(p).split('\n').filter((l) => l.startsWith('repeated_route,'))).toHaveLength(p.routes.list.length);
    }, 600_000);
  }
  it('precision and recall of the listed routes >= 0.9 over the seeds', () => {
    const precision = listed ? right / listed : 1;
    const recall = planted ? found / planted : 0;
    console.log(`repeated routes: precision ${precision.toFixed(2)} (${right}/${listed}), recall ${recall.toFixed(2)} (${found}/${planted})`);
    expect(planted).toBeGreaterThanOrEqual(6);
    expect(precision).toBeGreaterThanOrEqual(0.9);
    expect(recall).toBeGreaterThanOrEqual(0.9);
  });
});
