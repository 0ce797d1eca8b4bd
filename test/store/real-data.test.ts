/**
 * The store on real AIS: GFW's MMSI 416000000 (many transmitters on one MMSI, with repeated
 * fixes) from the bundled fixture, and NOAA MarineCadastre rows from /work/shared when present.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { Position, VesselStatic } from '../../src/records.js';
import { openDuckDbStore } from '../../src/store/duckdb/index.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dir = mkdtempSync(path.join(tmpdir(), 'darkfleet-real-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

describe('store with GFW MMSI 416000000 (shared MMSI, repeated fixes)', () => {
  const lines = readFileSync(path.join(repoRoot, 'test/fixtures/store/gfw-416000000.json'), 'utf8').trim().split('\n');
  const positions: Position[] = lines.map((l) => {
    const r = JSON.parse(l) as { ssvid: number; lat: number; lon: number; timestamp: string; course: number; speed: number };
    return {
      mmsi: r.ssvid,
      t: Date.parse(`${r.timestamp.slice(0, 19).replace(' ', 'T')}Z`),
      lat: r.lat,
      lon: r.lon,
      sog: r.speed,
      cog: r.course,
      heading: null,
      navStatus: null,
      source: 'gfw-416000000.json',
    };
  });
  const key = (p: Position): string => `${p.mmsi}|${p.t}|${Math.round(p.lat * 1e6)}|${Math.round(p.lon * 1e6)}`;
  const firstOfKey = new Map<string, Position>();
  for (const p of positions) if (!firstOfKey.has(key(p))) firstOfKey.set(key(p), p);

  it('keeps every distinct fix once, including simultaneous fixes in different places', async () => {
    expect(positions).toHaveLength(1668);
    expect(firstOfKey.size).toBe(1561);
    const store = await openDuckDbStore(path.join(dir, 'gfw.duckdb'));
    try {
      await store.beginSource('gfw');
      const a = await store.writeBatch({ sourceKey: 'gfw', positions: positions.slice(0, 800), statics: [], progress: { lineNo: 800 } });
      const b = await store.writeBatch({ sourceKey: 'gfw', positions: positions.slice(800), statics: [], progress: { lineNo: 1668 } });
      expect(a.positionsInserted + b.positionsInserted).toBe(1561);
      expect(a.positionsDuplicate + b.positionsDuplicate).toBe(107);
      const back = await collect(store.positions({ mmsi: 416000000 }));
      expect(back).toHaveLength(1561);
      const expected = [...firstOfKey.values()].sort((x, y) => x.t - y.t || x.lat - y.lat || x.lon - y.lon);
      expect(back.map(key)).toEqual(expected.map(key));
      expect(back.map((p) => [p.sog, p.cog])).toEqual(expected.map((p) => [p.sog, p.cog]));
      const times = new Set(back.map((p) => p.t));
      expect(times.size).toBe(1547);
      // ingesting the file again adds nothing
      await store.beginSource('gfw-again');
      const again = await store.writeBatch({ sourceKey: 'gfw-again', positions, statics: [], progress: { lineNo: 1668 } });
      expect(again.positionsInserted).toBe(0);
      expect(again.positionsDuplicate).toBe(1668);
      expect(await store.stats()).toEqual({ positions: 1561, statics: 0, vessels: 1, events: {}, rejects: {} });
    } finally {
      await store.close();
    }
  });
});

const noaa = path.resolve(repoRoot, '../shared/data/tracks/noaa_marinecadastre_sample_20230111.csv');
const noaaMissing = !existsSync(noaa);
if (noaaMissing && process.env.CI === 'true') throw new Error(`CI: ${noaa} is missing`);
if (noaaMissing) process.stderr.write(`skipping MarineCadastre store test: ${noaa} not found\n`);

describe.skipIf(noaaMissing)('store with NOAA MarineCadastre rows (positions + statics)', () => {
  it('stores 1,000 vessels with their identities', async () => {
    const [header, ...rows] = readFileSync(noaa, 'utf8').trim().split('\n');
    const cols = header!.split(',');
    const at = (name: string): number => cols.indexOf(name);
    const num = (v: string | undefined): number | null => (v === undefined || v === '' ? null : Number(v));
    const positions: Position[] = [];
    const statics: VesselStatic[] = [];
    for (const line of rows) {
      const f = line.split(',');
      const mmsi = Number(f[at('MMSI')]);
      const t = Date.parse(`${f[at('BaseDateTime')]!}Z`);
      positions.push({
        mmsi,
        t,
        lat: Number(f[at('LAT')]),
        lon: Number(f[at('LON')]),
        sog: num(f[at('SOG')]),
        cog: num(f[at('COG')]),
        heading: num(f[at('Heading')]) === 511 ? null : num(f[at('Heading')]),
        navStatus: num(f[at('Status')]),
        source: 'noaa.csv',
      });
      const imo = f[at('IMO')]!.replace(/^IMO/, '');
      statics.push({
        mmsi,
        t,
        imo: imo ? Number(imo) : null,
        name: f[at('VesselName')] || null,
        callsign: f[at('CallSign')] || null,
        shipType: num(f[at('VesselType')]),
        length: num(f[at('Length')]),
        width: num(f[at('Width')]),
        draught: num(f[at('Draft')]),
        destination: null,
        flag: null,
        source: 'noaa.csv',
      });
    }
    const store = await openDuckDbStore(path.join(dir, 'noaa.duckdb'));
    try {
      await store.beginSource('noaa');
      const r = await store.writeBatch({ sourceKey: 'noaa', positions, statics, progress: { lineNo: rows.length + 1 } });
      expect(r).toEqual({ positionsInserted: 1000, positionsDuplicate: 0, staticsInserted: 1000, staticsDuplicate: 0, rejects: {} });
      expect(await store.stats()).toEqual({ positions: 1000, statics: 1000, vessels: 1000, events: {}, rejects: {} });
      const naisha = await store.vesselIdentity({ imo: 9307839 });
      expect(naisha).toEqual([
        { mmsi: 636021061, from: Date.UTC(2023, 0, 11), to: Date.UTC(2023, 0, 11), name: 'MSC NAISHA III', callsign: '5LCB4', imo: 9307839, flag: null, shipType: 70, reports: 1 },
      ]);
      const box = await collect(store.positions({ bbox: [-71, 43, -70.5, 43.2] }));
      expect(box.map((p) => p.mmsi)).toContain(367752440);
      expect(box.every((p) => p.lon >= -71 && p.lon <= -70.5 && p.lat >= 43 && p.lat <= 43.2)).toBe(true);
      expect(box).toHaveLength(positions.filter((p) => p.lon >= -71 && p.lon <= -70.5 && p.lat >= 43 && p.lat <= 43.2).length);
    } finally {
      await store.close();
    }
  });
});
