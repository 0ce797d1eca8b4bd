/**
 * The store contract: every Store driver (DuckDB now, PostgreSQL later) runs this suite
 * through its factory. `factory(dir)` opens the store kept in `dir`, creating it when new,
 * so calling it again on the same dir reopens the same data.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Position, VesselStatic } from '../../src/records.js';
import { DarkfleetError, StoreError } from '../../src/errors.js';
import type { Event } from '../../src/events.js';
import type { Hit } from '../../src/screen/types.js';
import type { Store, StoreFactory } from '../../src/store/types.js';
import { Synth } from './synth.js';
import { TrafficLayer, type TrafficRows } from '../../src/geo/traffic.js';
import { browseContract } from './contract-browse.js';

const byTime = (a: Position, b: Position): number => a.t - b.t || a.mmsi - b.mmsi || a.lat - b.lat || a.lon - b.lon;

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

function stat(mmsi: number, t: number, fields: Partial<VesselStatic>): VesselStatic {
  return {
    mmsi,
    t,
    imo: null,
    name: null,
    callsign: null,
    shipType: null,
    length: null,
    width: null,
    draught: null,
    destination: null,
    flag: null,
    source: 'test',
    ...fields,
  };
}

function event(id: string, over: Partial<Event> = {}): Event {
  return {
    id,
    type: 'encounter',
    start: '2024-03-01T14:00:00Z',
    end: '2024-03-01T18:10:00Z',
    mmsi: [412000001, 445123456],
    lat: 38.21,
    lon: 124.63,
    confidence: 0.92,
    flags: ['night', 'outside_territorial_sea'],
    rule: { name: 'encounter', params: { maxDistanceM: 500, maxSpeedKn: 2, minDurationH: 2 } },
    evidence: { medianDistanceM: 87, medianSpeedKn: 0.4, positions: 212 },
    ...over,
  };
}

/**
 * Traffic for the traffic-layer contract: 60 vessels (and a base station, an AtoN and a SART,
 * which count for "data exists" only) moving and stopped in and around a few cells, so some
 * cells hold more than 32 distinct vessels (HyperLogLog in the JS layer), over 30 hours, with
 * null speeds, positions on both sides of 180 degrees and at the grid's row edges.
 */
function trafficPositions(seed: number, n: number, t0 = Date.UTC(2024, 2, 1)): Position[] {
  let x = seed >>> 0;
  const r = (): number => ((x = (Math.imul(x ^ (x >>> 15), 0x2c1b3c6d) + 0x9e3779b9) >>> 0), x / 2 ** 32);
  const mmsis = [...Array.from({ length: 60 }, (_, i) => 412000000 + i * 7), 4123456, 992351000, 970123456];
  const centres: [number, number][] = [[38.7, 125.3], [56.0, 8.12], [-33.86, 151.2], [0.0, 179.999], [0.0, -180]];
  const out: Position[] = [];
  for (let i = 0; i < n; i++) {
    const [clat, clon] = centres[Math.floor(r() * centres.length)]!;
    const kind = r();
    const sog = kind < 0.1 ? null : kind < 0.45 ? r() * 0.5 : kind < 0.55 ? 0.5 + r() * 0.5 : kind < 0.95 ? 1 + r() * 29 : 30 + r() * 10;
    const lon = Math.max(-180, Math.min(180, clon + (r() - 0.5) * 0.05));
    out.push({ mmsi: mmsis[Math.floor(r() * mmsis.length)]!, t: t0 + Math.floor(r() * 30 * 3_600_000), lat: clat + (r() - 0.5) * 0.03, lon, sog, cog: null, heading: null, navStatus: null, source: 'traffic' });
  }
  return out;
}

/**
 * The rows as comparable between a JS-built layer and a store's: counts above 24 (HyperLogLog
 * estimates in a JS-built layer once past 32, exact from a store) and sketches that are not
 * member lists (`h:` registers, `n:` counts a store keeps) left out; moving vessel-hours are a
 * count only in a store.
 */
function comparableRows(rows: TrafficRows): unknown {
  const n = (count: number): number => (count > 24 ? -1 : count);
  const k = (count: number, sketch: string): string => (count > 24 || !sketch.startsWith('e:') ? '?' : sketch);
  return {
    params: rows.params,
    cells: rows.cells
      .map((r) => ({
        ...r,
        movingVessels: n(r.movingVessels),
        movingVesselSketch: k(r.movingVessels, r.movingVesselSketch),
        movingHours: n(r.movingHours),
        movingHourSketch: '?',
        stationaryVessels: n(r.stationaryVessels),
        stationaryVesselSketch: k(r.stationaryVessels, r.stationaryVesselSketch),
        stationaryHours: n(r.stationaryHours),
        stationaryHourSketch: k(r.stationaryHours, r.stationaryHourSketch),
      }))
      .sort((a, b) => a.cell - b.cell),
    coverage: rows.coverage.map((r) => ({ ...r, vessels: n(r.vessels), vesselSketch: k(r.vessels, r.vesselSketch) })).sort((a, b) => a.cell - b.cell || a.hour - b.hour),
    hours: rows.hours.map((r) => ({ ...r, vessels: n(r.vessels), vesselSketch: k(r.vessels, r.vesselSketch) })).sort((a, b) => a.hour - b.hour),
  };
}

export function storeContract(name: string, factory: StoreFactory): void {
  browseContract(name, factory);
  describe(`Store contract: ${name}`, () => {
    let dir: string;
    let store: Store;

    beforeEach(async () => {
      dir = mkdtempSync(path.join(tmpdir(), 'darkfleet-store-'));
      store = await factory(path.join(dir, 'main'));
    });
    afterEach(async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('an empty store has zero stats of the documented shape', async () => {
      expect(await store.stats()).toEqual({ positions: 0, statics: 0, vessels: 0, events: {}, rejects: {} });
      expect(await store.timeRange()).toBeNull();
    });

    it('round-trips positions and statics exactly, in time order', async () => {
      const syn = new Synth({ vessels: 37, staticEvery: 25 });
      const { positions, statics } = syn.slice(0, 6000);
      await store.beginSource('src-a', { path: 'a.nmea', format: 'nmea' });
      const r = await store.writeBatch({ sourceKey: 'src-a', positions, statics, progress: { recordIndex: 6000 } });
      expect(r).toEqual({
        positionsInserted: positions.length,
        positionsDuplicate: 0,
        staticsInserted: statics.length,
        staticsDuplicate: 0,
        rejects: {},
      });
      const back = await collect(store.positions());
      expect(back).toEqual([...positions].sort(byTime));
      const backStatics = await collect(store.statics());
      const expected = [...statics].sort((a, b) => a.mmsi - b.mmsi || a.t - b.t);
      expect(backStatics).toEqual(expected);
      const st = await store.stats();
      expect(st).toMatchObject({ positions: positions.length, statics: statics.length, vessels: 37 });
      const ts = positions.map((x) => x.t);
      expect(await store.timeRange()).toEqual({ from: Math.min(...ts), to: Math.max(...ts) });
    });

    it('lists the ingest log: path, format, size, content key, totals; a source with nothing stored is not listed', async () => {
      expect(await store.ingestedSources()).toEqual([]);
      const syn = new Synth({ vessels: 5, staticEvery: 10 });
      const { positions, statics } = syn.slice(0, 200);
      await store.beginSource('file:abc:123', { path: 'b.nmea', format: 'nmea', sizeBytes: 123 });
      await store.writeBatch({ sourceKey: 'file:abc:123', positions, statics, progress: { lineNo: 200 } });
      await store.endSource('file:abc:123');
      await store.beginSource('file:def:9', { path: 'a.csv', format: 'dma', sizeBytes: 9 });
      await store.writeBatch({ sourceKey: 'file:def:9', positions: [], statics: [], rejects: { bad_csv: 2 }, progress: { lineNo: 2 } });
      await store.endSource('file:def:9');
      const list = await store.ingestedSources();
      expect(list).toHaveLength(1);
      expect(list[0]).toMatchObject({
        key: 'file:abc:123', path: 'b.nmea', format: 'nmea', sizeBytes: 123, completed: true,
        read: positions.length + statics.length, positionsInserted: positions.length, staticsInserted: statics.length,
      });
      expect(Math.abs(list[0]!.updated - Date.now())).toBeLessThan(24 * 3_600_000);
    });

    it('keeps nulls and the absent message type as they were', async () => {
      const p: Position = { mmsi: 244000001, t: 1_700_000_000_123, lat: -33.5, lon: 151.25, sog: null, cog: null, heading: null, navStatus: null, source: 's' };
      await store.beginSource('k');
      await store.writeBatch({ sourceKey: 'k', positions: [p], statics: [], progress: { lineNo: 1 } });
      expect(await collect(store.positions())).toEqual([p]);
    });

    it('gives each stored record its source label and input line, and the ingest log that names its file', async () => {
      const t = Date.UTC(2024, 2, 1, 6);
      const base = { sog: 1, cog: 2, heading: null, navStatus: null };
      const a: Position = { mmsi: 412000001, t, lat: 38.1, lon: 124.1, ...base, source: 'x.nmea', lineNo: 7 };
      // the same MMSI and time somewhere else (two places at once): both rows answer the key
      const b: Position = { mmsi: 412000001, t, lat: 39.5, lon: 125.5, ...base, source: 'x.nmea', lineNo: 9 };
      const c: Position = { mmsi: 412000002, t: t + 60_000, lat: 38.2, lon: 124.2, ...base, source: 'y.csv' };
      const big: Position = { mmsi: 412000003, t: t + 120_000, lat: 38.3, lon: 124.3, ...base, source: 'x.nmea', lineNo: 4_000_000_000 };
      const s = stat(412000001, t + 30_000, { name: 'CHON MA SAN', source: 'x.nmea', lineNo: 8 });
      await store.beginSource('file:x:10', { path: '/data/x.nmea', name: 'x.nmea', format: 'nmea', sizeBytes: 10 });
      await store.writeBatch({ sourceKey: 'file:x:10', positions: [a, b, big], statics: [s], progress: { lineNo: 9 } });
      await store.endSource('file:x:10');
      await store.beginSource('file:y:5', { path: '/data/y.csv', format: 'marinecadastre' });
      await store.writeBatch({ sourceKey: 'file:y:5', positions: [c], statics: [], progress: { lineNo: 2 } });
      const got = await store.recordOrigins([
        { kind: 'position', mmsi: 412000001, t },
        { kind: 'position', mmsi: 412000002, t: t + 60_000 },
        { kind: 'position', mmsi: 412000003, t: t + 120_000 },
        { kind: 'position', mmsi: 412000009, t }, // not stored: left out
        { kind: 'static', mmsi: 412000001, t: t + 30_000 },
        { kind: 'static', mmsi: 412000001, t }, // no static at that time
      ]);
      expect(got).toEqual([
        { kind: 'position', mmsi: 412000001, t, source: 'x.nmea', lineNo: 7 },
        { kind: 'position', mmsi: 412000001, t, source: 'x.nmea', lineNo: 9 },
        { kind: 'position', mmsi: 412000002, t: t + 60_000, source: 'y.csv', lineNo: null },
        { kind: 'position', mmsi: 412000003, t: t + 120_000, source: 'x.nmea', lineNo: 4_000_000_000 },
        { kind: 'static', mmsi: 412000001, t: t + 30_000, source: 'x.nmea', lineNo: 8 },
      ]);
      expect(await store.recordOrigins([])).toEqual([]);
      // reading positions back is unchanged by the line numbers
      expect((await collect(store.positions({ mmsi: 412000001 }))).map((p) => p.lat)).toEqual([38.1, 39.5]);
      expect(await store.ingestedSources()).toMatchObject([
        { key: 'file:x:10', path: '/data/x.nmea', name: 'x.nmea', format: 'nmea', sizeBytes: 10, completed: true, positionsInserted: 3, staticsInserted: 1 },
        { key: 'file:y:5', path: '/data/y.csv', name: null, format: 'marinecadastre', sizeBytes: null, completed: false, positionsInserted: 1 },
      ]);
    });

    it('a second write of the same records inserts 0 and counts them as duplicates', async () => {
      const syn = new Synth({ vessels: 40, staticEvery: 30 });
      const { positions, statics } = syn.slice(0, 5000);
      await store.beginSource('one');
      await store.writeBatch({ sourceKey: 'one', positions, statics, progress: { recordIndex: 5000 } });
      const before = await store.stats();
      await store.beginSource('two');
      const again = await store.writeBatch({ sourceKey: 'two', positions, statics, progress: { recordIndex: 5000 } });
      expect(again).toEqual({
        positionsInserted: 0,
        positionsDuplicate: positions.length,
        staticsInserted: 0,
        staticsDuplicate: statics.length,
        rejects: {},
      });
      expect(await store.stats()).toEqual(before);
    });

    it('drops duplicates inside one batch and keys positions at 1e-6 degrees', async () => {
      const syn = new Synth({ vessels: 10, dupEvery: 7 });
      const { positions } = syn.slice(0, 700);
      const copies = Math.floor(699 / 7);
      const first = positions[0]!;
      // the same fix with float noise below 1e-6 degrees is the same key
      const noisy = { ...first, lat: first.lat + 2e-8, lon: first.lon - 2e-8 };
      // ... but a fix 1e-5 degrees away is a different one
      const moved = { ...first, lat: first.lat + 1e-5 };
      await store.beginSource('k');
      const r = await store.writeBatch({ sourceKey: 'k', positions: [...positions, noisy, moved], statics: [], progress: { recordIndex: 700 } });
      expect(r.positionsInserted).toBe(700 - copies + 1);
      expect(r.positionsDuplicate).toBe(copies + 1);
      expect((await store.stats()).positions).toBe(700 - copies + 1);
    });

    it('rounds keys the same way inside a batch and against stored rows (halves away from zero)', async () => {
      const at = (lat: number, lon: number): Position => ({ mmsi: 412000009, t: 1_709_251_200_000, lat, lon, sog: null, cog: null, heading: null, navStatus: null, source: 's' });
      // -2.5e-6 and -2.4e-6 degrees: equal keys if -2.5 rounded up to -2, different if away from zero to -3
      const pair = [at(-2.5e-6, 10.5e-6), at(-2.4e-6, 10.5e-6), at(0.5e-6, -7.5e-6), at(0.5e-6, -7.4e-6)];
      await store.beginSource('one');
      const together = await store.writeBatch({ sourceKey: 'one', positions: pair, statics: [], progress: {} });
      const other = await factory(path.join(dir, 'split'));
      try {
        await other.beginSource('two');
        let inserted = 0;
        for (const p of pair) inserted += (await other.writeBatch({ sourceKey: 'two', positions: [p], statics: [], progress: {} })).positionsInserted;
        expect(inserted).toBe(together.positionsInserted);
        expect(together.positionsInserted).toBe(4);
      } finally {
        await other.close();
      }
    });

    it('records progress per source and resumes from the last committed batch', async () => {
      const syn = new Synth({ vessels: 20 });
      const s1 = await store.beginSource('file:abc:100', { path: '/data/a.nmea', format: 'nmea', sizeBytes: 100 });
      expect(s1.resumeFrom).toBeNull();
      expect(s1.alreadyComplete).toBe(false);
      await store.writeBatch({ sourceKey: 'file:abc:100', ...syn.slice(0, 100), rejects: { checksum: 3 }, progress: { byteOffset: 4000, lineNo: 103 } });
      await store.writeBatch({ sourceKey: 'file:abc:100', ...syn.slice(100, 200), rejects: { checksum: 1, truncated: 2 }, progress: { byteOffset: 8000, lineNo: 206 } });
      await store.close();
      store = await factory(path.join(dir, 'main'));
      const s2 = await store.beginSource('file:abc:100');
      expect(s2.alreadyComplete).toBe(false);
      expect(s2.resumeFrom).toEqual({ byteOffset: 8000, lineNo: 206, recordIndex: null });
      expect(s2.totals).toEqual({
        read: 206,
        positionsInserted: 200,
        positionsDuplicate: 0,
        staticsInserted: 0,
        staticsDuplicate: 0,
        rejects: { checksum: 4, truncated: 2 },
      });
      await store.writeBatch({ sourceKey: 'file:abc:100', ...syn.slice(200, 250), progress: { byteOffset: 10000, lineNo: 256 } });
      const totals = await store.endSource('file:abc:100');
      expect(totals.read).toBe(256);
      expect(totals.positionsInserted).toBe(250);
      const s3 = await store.beginSource('file:abc:100');
      expect(s3.alreadyComplete).toBe(true);
      expect(s3.resumeFrom).toEqual({ byteOffset: 10000, lineNo: 256, recordIndex: null });
      expect((await store.stats()).rejects).toEqual({ checksum: 4, truncated: 2 });
    });

    it('a source is done when its records are stored: with nothing stored endSource forgets it and its rejects', async () => {
      const syn = new Synth({ vessels: 5 });
      await store.beginSource('file:wrong:10', { path: 'mc.csv', format: 'nmea' });
      await store.writeBatch({ sourceKey: 'file:wrong:10', positions: [], statics: [], rejects: { not_nmea: 40 }, progress: { byteOffset: 900, lineNo: 40 } });
      const end = await store.endSource('file:wrong:10', { byteOffset: 900, lineNo: 40 });
      expect(end).toMatchObject({ complete: false, read: 40, positionsInserted: 0, rejects: { not_nmea: 40 } });
      expect(await store.stats()).toEqual({ positions: 0, statics: 0, vessels: 0, events: {}, rejects: {} });
      // the same content again (another --format) is read afresh, from the start
      const again = await store.beginSource('file:wrong:10', { path: 'mc.csv', format: 'marinecadastre' });
      expect(again).toMatchObject({ alreadyComplete: false, resumeFrom: null, format: 'marinecadastre' });
      expect(again.totals.read).toBe(0);
      await store.writeBatch({ sourceKey: 'file:wrong:10', ...syn.slice(0, 30), progress: { lineNo: 31 } });
      expect(await store.endSource('file:wrong:10')).toMatchObject({ complete: true, positionsInserted: 30 });
      expect((await store.beginSource('file:wrong:10')).alreadyComplete).toBe(true);
      // a source whose records were all stored before (duplicates) is stored too: done
      await store.beginSource('file:copy:10');
      await store.writeBatch({ sourceKey: 'file:copy:10', ...syn.slice(0, 30), progress: { lineNo: 31 } });
      expect(await store.endSource('file:copy:10')).toMatchObject({ complete: true, positionsInserted: 0, positionsDuplicate: 30 });
      // an empty source (nothing read) is not done either
      await store.beginSource('file:empty:0');
      expect(await store.endSource('file:empty:0')).toMatchObject({ complete: false, read: 0 });
      expect((await store.beginSource('file:empty:0')).alreadyComplete).toBe(false);
    });

    it('abortSource keeps a partly stored source to resume, and forgets one with nothing stored', async () => {
      const syn = new Synth({ vessels: 5 });
      await store.beginSource('part', { format: 'nmea' });
      await store.writeBatch({ sourceKey: 'part', ...syn.slice(0, 50), rejects: { checksum: 2 }, progress: { byteOffset: 5000, lineNo: 52 } });
      await store.abortSource('part');
      await store.beginSource('none', { format: 'nmea' });
      await store.writeBatch({ sourceKey: 'none', positions: [], statics: [], rejects: { not_nmea: 9 }, progress: { byteOffset: 300, lineNo: 9 } });
      await store.abortSource('none');
      expect((await store.stats()).rejects).toEqual({ checksum: 2 });
      const part = await store.beginSource('part', { format: 'nmea' });
      expect(part).toMatchObject({ alreadyComplete: false, resumeFrom: { byteOffset: 5000, lineNo: 52 }, format: 'nmea' });
      expect(part.totals.positionsInserted).toBe(50);
      expect(await store.beginSource('none', { format: 'nmea' })).toMatchObject({ alreadyComplete: false, resumeFrom: null });
      // progress counted in another format's units is not resumed from
      await store.abortSource('part');
      expect(await store.beginSource('part', { format: 'aisstream' })).toMatchObject({ resumeFrom: null, format: 'aisstream' });
      await expect(store.abortSource('never-begun')).resolves.toBeUndefined();
    });

    it('counts records the store refuses by reason and sums rejects over sources', async () => {
      const good: Position = { mmsi: 412000001, t: 1_709_251_200_000, lat: 38.2, lon: 124.6, sog: 1, cog: 2, heading: 3, navStatus: 0, source: 's' };
      const bad: Position[] = [
        { ...good, lat: 91, lon: 181 },
        { ...good, lat: Number.NaN },
        { ...good, mmsi: -5 },
        { ...good, mmsi: 1.5 },
        { ...good, t: Number.NaN },
      ];
      await store.beginSource('a');
      const r = await store.writeBatch({ sourceKey: 'a', positions: [good, ...bad], statics: [stat(-1, 0, {})], rejects: { checksum: 2 }, progress: { lineNo: 9 } });
      expect(r.positionsInserted).toBe(1);
      expect(r.rejects).toEqual({ store_no_position: 2, store_bad_mmsi: 3, store_bad_time: 1 });
      await store.beginSource('b');
      await store.writeBatch({ sourceKey: 'b', positions: [], statics: [], rejects: { checksum: 5, bad_armour: 1 }, progress: { lineNo: 6 } });
      expect((await store.stats()).rejects).toEqual({ bad_armour: 1, checksum: 7, store_bad_mmsi: 3, store_bad_time: 1, store_no_position: 2 });
    });

    it('refuses a batch for a source that was not begun, and writes nothing', async () => {
      const syn = new Synth({ vessels: 3 });
      const err = await store.writeBatch({ sourceKey: 'nope', ...syn.slice(0, 10), progress: {} }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(StoreError);
      expect(err).toBeInstanceOf(DarkfleetError);
      expect((await store.stats()).positions).toBe(0);
      // the store still works after the refusal
      await store.beginSource('yes');
      await store.writeBatch({ sourceKey: 'yes', ...syn.slice(0, 10), progress: {} });
      expect((await store.stats()).positions).toBe(10);
    });

    it('filters positions by MMSI, time and box, and orders them per vessel on request', async () => {
      const syn = new Synth({ vessels: 30 });
      const { positions } = syn.slice(0, 3000);
      await store.beginSource('k');
      await store.writeBatch({ sourceKey: 'k', positions, statics: [], progress: {} });
      const m = syn.mmsiOf(4);
      expect(await collect(store.positions({ mmsi: m }))).toEqual(positions.filter((p) => p.mmsi === m).sort(byTime));
      const two = [syn.mmsiOf(1), syn.mmsiOf(2)];
      expect(await collect(store.positions({ mmsi: two }))).toEqual(positions.filter((p) => two.includes(p.mmsi)).sort(byTime));
      expect(await collect(store.positions({ mmsi: [] }))).toEqual([]);
      const from = syn.t0 + 1000 * syn.stepMs;
      const to = syn.t0 + 1500 * syn.stepMs;
      expect(await collect(store.positions({ from, to }))).toEqual(positions.filter((p) => p.t >= from && p.t <= to).sort(byTime));
      const bbox = [119.9, 31, 120.5, 33.2] as const;
      const inBox = (p: Position): boolean => p.lon >= bbox[0] && p.lon <= bbox[2] && p.lat >= bbox[1] && p.lat <= bbox[3];
      const boxed = await collect(store.positions({ bbox }));
      expect(boxed.length).toBeGreaterThan(0);
      expect(boxed).toEqual(positions.filter(inBox).sort(byTime));
      const batches = await collect(store.positionBatches({ mmsi: two }));
      expect(batches.flat()).toEqual(positions.filter((p) => two.includes(p.mmsi)).sort(byTime));
      // the columns are the same rows, in the same order; speed and course not reported are NaN
      const cols = await collect(store.positionColumns({ mmsi: two }));
      const want = positions.filter((p) => two.includes(p.mmsi)).sort(byTime);
      expect(cols.reduce((n, c) => n + c.n, 0)).toBe(want.length);
      const flat = cols.flatMap((c) => Array.from({ length: c.n }, (_, j) => ({ mmsi: c.mmsi[j], t: c.t[j], lat: c.lat[j], lon: c.lon[j], sog: c.sog[j], cog: c.cog[j] })));
      expect(flat).toEqual(want.map((p) => ({ mmsi: p.mmsi, t: p.t, lat: p.lat, lon: p.lon, sog: p.sog ?? Number.NaN, cog: p.cog ?? Number.NaN })));
      const perVessel = await collect(store.positions({ order: 'vessel' }));
      expect(perVessel).toEqual([...positions].sort((a, b) => a.mmsi - b.mmsi || a.t - b.t || a.lat - b.lat || a.lon - b.lon));
    });

    it('handles a box across the antimeridian', async () => {
      const mk = (lon: number, i: number): Position => ({ mmsi: 412000000 + i, t: 1_709_251_200_000 + i, lat: 10, lon, sog: null, cog: null, heading: null, navStatus: null, source: 's' });
      const ps = [179.5, -179.5, 0, 170, -170].map(mk);
      await store.beginSource('k');
      await store.writeBatch({ sourceKey: 'k', positions: ps, statics: [], progress: {} });
      const got = await collect(store.positions({ bbox: [175, 0, -175, 20] }));
      expect(got.map((p) => p.lon)).toEqual([179.5, -179.5]);
      // not reported: NaN in the columns
      const [c] = await collect(store.positionColumns({ bbox: [175, 0, -175, 20] }));
      expect([c!.n, Array.from(c!.lon), Array.from(c!.sog), Array.from(c!.cog)]).toEqual([2, [179.5, -179.5], [Number.NaN, Number.NaN], [Number.NaN, Number.NaN]]);
    });

    it('derives identity history: partial reports carry forward, a change starts a period', async () => {
      const m = 273000001;
      const h = 3_600_000;
      const statics = [
        stat(m, 0 * h, { name: 'SEA STAR', callsign: 'UBC1', imo: 9123456, flag: 'RU', shipType: 80 }),
        stat(m, 1 * h, { name: 'SEA STAR' }), // class B part A: name only
        stat(m, 2 * h, { callsign: 'UBC1', shipType: 80 }), // part B: no name
        stat(m, 3 * h, { name: 'SEA STAR', callsign: 'UBC1', imo: 9123456, flag: 'RU', shipType: 80 }),
        stat(m, 10 * h, { name: 'OCEAN GLORY', callsign: 'UBC1', imo: 9123456, flag: 'RU', shipType: 80 }),
        stat(m, 11 * h, { name: 'OCEAN GLORY', callsign: 'UBC1', imo: 9123456, flag: 'RU', shipType: 80 }),
        // the same hull under a new MMSI and flag
        stat(636000002, 20 * h, { name: 'OCEAN GLORY', callsign: 'D5AB1', imo: 9123456, flag: 'LR', shipType: 80 }),
        stat(999000003, 5 * h, { name: 'OTHER', imo: 9000001 }),
      ];
      await store.beginSource('k');
      await store.writeBatch({ sourceKey: 'k', positions: [], statics: statics.slice(0, 4), progress: {} });
      await store.writeBatch({ sourceKey: 'k', positions: [], statics: statics.slice(4), progress: {} });
      const periods = await store.vesselIdentity({ mmsi: m });
      expect(periods).toEqual([
        { mmsi: m, from: 0, to: 3 * h, name: 'SEA STAR', callsign: 'UBC1', imo: 9123456, flag: 'RU', shipType: 80, reports: 4 },
        { mmsi: m, from: 10 * h, to: 11 * h, name: 'OCEAN GLORY', callsign: 'UBC1', imo: 9123456, flag: 'RU', shipType: 80, reports: 2 },
      ]);
      const hull = await store.vesselIdentity({ imo: 9123456 });
      expect(hull.map((p) => [p.mmsi, p.name, p.flag])).toEqual([
        [m, 'SEA STAR', 'RU'],
        [m, 'OCEAN GLORY', 'RU'],
        [636000002, 'OCEAN GLORY', 'LR'],
      ]);
      expect(await store.vesselIdentity({ mmsi: 1 })).toEqual([]);
      expect(await store.vesselIdentity({ imo: 1 })).toEqual([]);
      expect((await store.stats()).vessels).toBe(3);
    });

    it('stores events idempotently by id and filters them', async () => {
      const a = event('encounter:412000001-445123456:2024-03-01T14:00:00Z');
      const b = event('gap:412000001:2024-03-05T00:00:00Z', {
        type: 'gap',
        start: '2024-03-05T00:00:00Z',
        end: '2024-03-05T13:30:00.250Z',
        mmsi: [412000001],
        lat: -10,
        lon: 179.9,
        flags: [],
        evidence: { impliedSpeedKn: 3.2, note: 'naïve "quoted" text' },
      });
      expect(await store.putEvents([a, b])).toEqual({ inserted: 2, replaced: 0 });
      expect(await store.putEvents([a, b])).toEqual({ inserted: 0, replaced: 2 });
      expect(await store.events()).toEqual([a, b]);
      expect((await store.stats()).events).toEqual({ encounter: 1, gap: 1 });
      // a re-run that extends an event replaces it; a repeated id within one call keeps the last
      const a2 = { ...a, end: '2024-03-01T19:00:00Z', evidence: { positions: 300 } };
      expect(await store.putEvents([a, a2])).toEqual({ inserted: 0, replaced: 1 });
      expect(await store.events({ type: 'encounter' })).toEqual([a2]);
      expect(await store.events({ mmsi: 445123456 })).toEqual([a2]);
      expect(await store.events({ mmsi: 412000001 })).toEqual([a2, b]);
      expect(await store.events({ type: ['gap', 'loitering'] })).toEqual([b]);
      expect(await store.events({ from: '2024-03-02T00:00:00Z' })).toEqual([b]);
      expect(await store.events({ to: Date.parse('2024-03-02T00:00:00Z') })).toEqual([a2]);
      expect(await store.events({ bbox: [179, -11, -179, -9] })).toEqual([b]);
      expect(await store.events({ limit: 1 })).toEqual([a2]);
      expect((await store.stats()).events).toEqual({ encounter: 1, gap: 1 });
    });

    it('filters events by flags (all given) and minimum confidence, with values as parameters', async () => {
      const a = event('e:a', { flags: ['night', 'outside_territorial_sea'], confidence: 0.92 });
      const b = event('e:b', { start: '2024-03-02T00:00:00Z', end: '2024-03-02T04:00:00Z', flags: ['night'], confidence: 0.5 });
      const c = event('e:c', { start: '2024-03-03T00:00:00Z', end: '2024-03-03T04:00:00Z', flags: [], confidence: 0.7 });
      await store.putEvents([a, b, c]);
      expect(await store.events({ flags: ['night'] })).toEqual([a, b]);
      expect(await store.events({ flags: ['night', 'outside_territorial_sea'] })).toEqual([a]);
      expect(await store.events({ flags: ["night' OR 1=1 --"] })).toEqual([]);
      expect(await store.events({ minConfidence: 0.7 })).toEqual([a, c]);
      expect(await store.events({ minConfidence: 0.7, flags: ['night'] })).toEqual([a]);
      expect(await store.events({ minConfidence: 0.95 })).toEqual([]);
      expect(await store.events({ flags: [] })).toEqual([a, b, c]);
    });

    it('keeps an event with no place as nulls (a sanctions hit is not at 0,0)', async () => {
      const e = event('sanctions_hit:445123456:ofac-1', { type: 'sanctions_hit', mmsi: [445123456], lat: null, lon: null, rule: { name: 'screen', params: { threshold: 0.7, lists: ['sdn.csv'] } } });
      await store.putEvents([e]);
      expect(await store.events({ type: 'sanctions_hit' })).toEqual([e]);
      expect(await store.events({ type: 'sanctions_hit', bbox: [-1, -1, 1, 1] })).toEqual([]);
    });

    it('refuses an event with an unreadable time and stores nothing of that call', async () => {
      const ok = event('x:1');
      const err = await store.putEvents([ok, event('x:2', { start: 'yesterday' })]).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(StoreError);
      expect(await store.events()).toEqual([]);
      expect(await store.putEvents([ok])).toEqual({ inserted: 1, replaced: 0 });
    });

    it('stores screening hits idempotently and finds them by MMSI, IMO and entity', async () => {
      const h1: Hit = {
        query: { mmsi: '445123456', name: 'KUM SONG 2', imo: 'IMO 8912345' },
        entity: { id: 'ofac-15036', schema: 'Vessel', name: 'KUM SONG 2', source: 'us_ofac_sdn', programs: ['DPRK2', 'NPWMD'] },
        score: 0.93,
        reasons: ['name', 'imo'],
        path: [],
      };
      const h2: Hit = {
        query: { mmsi: 412000001, name: 'SEA STAR' },
        entity: { id: 'NK-abc', schema: 'Company', name: 'Sea Star Shipping', source: 'un_sc_sanctions' },
        score: 0.71,
        reasons: ['owner'],
        path: [{ id: 'NK-abc', name: 'Sea Star Shipping', schema: 'Company', relation: 'owner', sanctioned: true }],
      };
      expect(await store.putScreeningHits([h1, h2])).toEqual({ inserted: 2, replaced: 0 });
      expect(await store.putScreeningHits([h2, h1])).toEqual({ inserted: 0, replaced: 2 });
      expect(await store.screeningHits()).toEqual([h1, h2]);
      expect(await store.screeningHits({ mmsi: 445123456 })).toEqual([h1]);
      expect(await store.screeningHits({ imo: 8912345 })).toEqual([h1]);
      expect(await store.screeningHits({ entityId: 'NK-abc' })).toEqual([h2]);
      expect(await store.screeningHits({ minScore: 0.8 })).toEqual([h1]);
      // the same entity found from another query row is another hit
      const h3: Hit = { ...h1, query: { mmsi: 445000000, name: 'KUM SONG 2' }, score: 0.8 };
      expect(await store.putScreeningHits([h3])).toEqual({ inserted: 1, replaced: 0 });
      expect(await store.screeningHits({ entityId: 'ofac-15036' })).toEqual([h1, h3]);
    });

    it('commits batches sent without waiting in call order; a failed one does not stop the others', async () => {
      const syn = new Synth({ vessels: 25, staticEvery: 13, dupEvery: 11 });
      await store.beginSource('k');
      const calls = [0, 1, 2, 3].map((b) =>
        store.writeBatch({
          sourceKey: b === 2 ? 'not-begun' : 'k',
          ...syn.slice(b * 1000, (b + 1) * 1000),
          rejects: { checksum: b },
          progress: { recordIndex: (b + 1) * 1000 },
        }),
      );
      const settled = await Promise.allSettled(calls);
      expect(settled.map((x) => x.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
      expect((settled[2] as PromiseRejectedResult).reason).toBeInstanceOf(StoreError);
      const state = await store.beginSource('k');
      expect(state.resumeFrom).toEqual({ byteOffset: null, lineNo: null, recordIndex: 4000 });
      expect(state.totals.rejects).toEqual({ checksum: 4 });
      // the same records written in one batch give the same store
      const other = await factory(path.join(dir, 'other'));
      try {
        await other.beginSource('k');
        const recs = [0, 1, 3].map((b) => syn.slice(b * 1000, (b + 1) * 1000));
        await other.writeBatch({
          sourceKey: 'k',
          positions: recs.flatMap((r) => r.positions),
          statics: recs.flatMap((r) => r.statics),
          progress: {},
        });
        expect({ ...(await other.stats()), rejects: {} }).toEqual({ ...(await store.stats()), rejects: {} });
        expect(await collect(other.positions())).toEqual(await collect(store.positions()));
      } finally {
        await other.close();
      }
    });

    it('stores the same rows whatever the batching and repeats (property)', async () => {
      const syn = new Synth({ vessels: 9, staticEvery: 7, dupEvery: 5 });
      const all = syn.slice(0, 400);
      await store.beginSource('ref');
      await store.writeBatch({ sourceKey: 'ref', ...all, progress: {} });
      const refStats = await store.stats();
      const refPositions = await collect(store.positions());
      const refStatics = await collect(store.statics());
      let run = 0;
      await fc.assert(
        fc.asyncProperty(
          fc.uniqueArray(fc.integer({ min: 1, max: 399 }), { maxLength: 6 }),
          fc.array(fc.integer({ min: 0, max: 399 }), { maxLength: 20 }),
          async (cuts, repeats) => {
            const sub = path.join(dir, `prop-${run++}`);
            const s = await factory(sub);
            try {
              await s.beginSource('p');
              const bounds = [0, ...[...cuts].sort((a, b) => a - b), 400];
              for (let i = 0; i + 1 < bounds.length; i++) {
                const part = syn.slice(bounds[i]!, bounds[i + 1]!);
                // records of earlier or later parts heard again by another receiver
                const again = repeats.filter((r) => r % (i + 2) === 0).map((r) => syn.record(r));
                for (const r of again) {
                  if (r.kind === 'position') part.positions.push(r.rec);
                  else part.statics.push(r.rec);
                }
                await s.writeBatch({ sourceKey: 'p', ...part, progress: { recordIndex: bounds[i + 1]! } });
              }
              expect(await s.stats()).toEqual(refStats);
              expect(await collect(s.positions())).toEqual(refPositions);
              expect(await collect(s.statics())).toEqual(refStatics);
            } finally {
              await s.close();
              rmSync(sub, { recursive: true, force: true });
            }
          },
        ),
        { numRuns: 8 },
      );
    });

    it('builds the traffic layer from the stored positions: what the JS layer fed the same positions holds, with exact counts', async () => {
      expect(await store.traffic()).toBeNull();
      const ps = trafficPositions(7, 6000);
      await store.beginSource('t');
      await store.writeBatch({ sourceKey: 't', positions: ps, statics: [], progress: { recordIndex: ps.length } });
      const r1 = await store.refreshTraffic();
      expect(r1.refreshed).toBe(true);
      const rows = (await store.traffic())!;
      expect(rows.stale).toBe(false);
      const js = new TrafficLayer().addAll(await collect(store.positions()));
      const fromStore = TrafficLayer.fromRows(rows);
      expect(comparableRows(fromStore.toRows())).toEqual(comparableRows(js.toRows()));
      // counts above 32 are exact from the store; the JS layer's are estimates within a few percent
      const big = rows.cells.find((c) => c.movingHours > 32)!;
      expect(big).toBeDefined();
      const members = new Set(ps.filter((p) => p.sog !== null && p.sog >= 1 && p.sog <= 30 && p.mmsi >= 412000000 && p.mmsi < 500000000 && js.grid.cellOf(p.lat, p.lon) === big.cell).map((p) => `${p.mmsi}:${Math.floor(p.t / 3_600_000)}`));
      expect(big.movingHours).toBe(members.size);
      expect(fromStore.cellAt(...js.grid.center(big.cell)).movingHours).toBe(members.size);
      // read without moving-vessel members: the same rows but those sketches, counts only; the same water and figures
      const counts = (await store.traffic({ movingMembers: false }))!;
      expect(counts.cells.map((c) => ({ ...c, movingVesselSketch: '' }))).toEqual(rows.cells.map((c) => ({ ...c, movingVesselSketch: '' })));
      expect(counts.cells.map((c) => c.movingVesselSketch)).toEqual(rows.cells.map((c) => (c.movingVessels ? `n:${c.movingVessels}` : 'e:')));
      expect(counts.coverage).toEqual(rows.coverage);
      const lean = TrafficLayer.fromRows(counts);
      expect([...lean.waterCells()].sort()).toEqual([...fromStore.waterCells()].sort());
      expect([...lean.waterCells()].length).toBeGreaterThan(10);
      for (const c of rows.cells) expect(lean.cellAt(...js.grid.center(c.cell))).toEqual(fromStore.cellAt(...js.grid.center(c.cell)));
      // nothing new: no rebuild
      expect((await store.refreshTraffic()).refreshed).toBe(false);
    });

    it('marks the traffic layer stale when positions arrive, rebuilds it once, and keeps it across a reopen', async () => {
      const ps = trafficPositions(11, 3000);
      await store.beginSource('t');
      await store.writeBatch({ sourceKey: 't', positions: ps.slice(0, 1500), statics: [], progress: { recordIndex: 1500 } });
      await store.refreshTraffic();
      await store.writeBatch({ sourceKey: 't', positions: ps.slice(1500), statics: [], progress: { recordIndex: 3000 } });
      expect((await store.traffic())!.stale).toBe(true);
      // a batch of duplicates inserts nothing: still fresh after the rebuild
      expect((await store.refreshTraffic()).refreshed).toBe(true);
      await store.writeBatch({ sourceKey: 't', positions: ps.slice(0, 100), statics: [], progress: { recordIndex: 3000 } });
      expect((await store.traffic())!.stale).toBe(false);
      const js = new TrafficLayer().addAll(ps);
      expect(comparableRows(TrafficLayer.fromRows((await store.traffic())!).toRows())).toEqual(comparableRows(js.toRows()));
      await store.close();
      store = await factory(path.join(dir, 'main'));
      expect((await store.traffic())!.stale).toBe(false);
      expect((await store.refreshTraffic()).refreshed).toBe(false);
      // other build options: rebuilt with them
      const r = await store.refreshTraffic({ cellM: 1000 });
      expect(r.refreshed).toBe(true);
      expect((await store.traffic())!.params.cellM).toBe(1000);
    });

    it('lists the replay windows holding positions, and only those', async () => {
      const w = 3 * 3_600_000;
      const ts = [Date.UTC(2012, 1, 3, 4), Date.UTC(2012, 1, 3, 5), Date.UTC(2013, 10, 12, 12), Date.UTC(2023, 0, 11, 23, 59)];
      const ps = ts.map((t, i) => ({ mmsi: 412000001 + i, t, lat: 38, lon: 124, sog: 1, cog: null, heading: null, navStatus: null, source: 'w' }));
      await store.beginSource('w');
      await store.writeBatch({ sourceKey: 'w', positions: ps, statics: [], progress: { recordIndex: 4 } });
      const all = await store.positionWindows(w);
      expect(all).toEqual([...new Set(ts.map((t) => Math.floor(t / w) * w))]);
      expect(await store.positionWindows(w, { from: Date.UTC(2013, 0, 1) })).toEqual(all.slice(1));
      expect(await store.positionWindows(w, { to: Date.UTC(2013, 0, 1) })).toEqual(all.slice(0, 1));
      expect(await store.positionWindows(w, { from: Date.UTC(2014, 0, 1), to: Date.UTC(2015, 0, 1) })).toEqual([]);
    });

    it('keeps detector checkpoints per key and time, replaces, lists, deletes, and keeps them across a reopen', async () => {
      const a = new Uint8Array([0, 1, 2, 255, 0, 7]);
      const b = new Uint8Array(200_000).map((_, i) => (i * 31) % 256);
      const t1 = Date.UTC(2026, 2, 2);
      const t2 = Date.UTC(2026, 2, 3) + 0.5;
      expect(await store.checkpoints('k1')).toEqual([]);
      expect(await store.checkpoint('k1', t1)).toBeNull();
      await store.putCheckpoint('k1', t2, a);
      await store.putCheckpoint('k1', t1, a);
      await store.putCheckpoint('k1', t1, b);
      await store.putCheckpoint('k2', t1, a);
      expect(await store.checkpoints('k1')).toEqual([t1, t2]);
      expect(await store.checkpoints('k2')).toEqual([t1]);
      expect(Array.from((await store.checkpoint('k1', t1))!)).toEqual(Array.from(b));
      expect(Array.from((await store.checkpoint('k1', t2))!)).toEqual(Array.from(a));
      await store.close();
      store = await factory(path.join(dir, 'main'));
      expect(await store.checkpoints('k1')).toEqual([t1, t2]);
      await store.deleteCheckpoints('k1', [t2, 12345]);
      expect(await store.checkpoints('k1')).toEqual([t1]);
      expect(await store.checkpoints('k2')).toEqual([t1]);
      await store.deleteCheckpoints('k1', []);
      expect(await store.checkpoints('k1')).toEqual([t1]);
      // a state of several megabytes (DuckDB keeps it in parts), replaced by a smaller one, and an empty one
      const big = new Uint8Array(2_500_000).map((_, i) => (i * 7919) % 251);
      await store.putCheckpoint('k3', t2, big);
      expect(Buffer.from((await store.checkpoint('k3', t2))!).equals(Buffer.from(big))).toBe(true);
      await store.putCheckpoint('k3', t2, a);
      expect(Array.from((await store.checkpoint('k3', t2))!)).toEqual(Array.from(a));
      await store.putCheckpoint('k3', t1, new Uint8Array(0));
      expect((await store.checkpoint('k3', t1))?.length).toBe(0);
      expect(await store.checkpoints('k3')).toEqual([t1, t2]);
    });

    it('counts positions and static reports per time window, windows with data only', async () => {
      const h = 3_600_000;
      const t0 = Date.UTC(2026, 2, 1);
      const ps = [0, 10, 3 * h + 5, 3 * h + 6, 50 * h].map((dt, i) => ({ mmsi: 412000001 + i, t: t0 + dt, lat: 38, lon: 124, sog: 1, cog: null, heading: null, navStatus: null, source: 'c' }));
      const ss = [stat(412000001, t0 + 3 * h + 1, { name: 'A' }), stat(412000002, t0 + 7 * h, { name: 'B' })];
      expect(await store.dataCounts(h)).toEqual([]);
      await store.beginSource('c');
      await store.writeBatch({ sourceKey: 'c', positions: ps, statics: ss, progress: { recordIndex: 7 } });
      expect(await store.dataCounts(h)).toEqual([
        { start: t0, positions: 2, statics: 0 },
        { start: t0 + 3 * h, positions: 2, statics: 1 },
        { start: t0 + 7 * h, positions: 0, statics: 1 },
        { start: t0 + 50 * h, positions: 1, statics: 0 },
      ]);
      expect(await store.dataCounts(24 * h)).toEqual([
        { start: t0, positions: 4, statics: 2 },
        { start: t0 + 48 * h, positions: 1, statics: 0 },
      ]);
    });

    it('deletes events by id, ignoring ids it does not hold', async () => {
      await store.putEvents([event('a'), event('b'), event('c')]);
      expect(await store.deleteEvents(['b', 'zz', 'c'])).toBe(2);
      expect(await store.deleteEvents([])).toBe(0);
      expect((await store.events()).map((e) => e.id)).toEqual(['a']);
    });

    it('reads positions while a write is queued, and both finish', async () => {
      const syn = new Synth({ vessels: 15 });
      await store.beginSource('k');
      await store.writeBatch({ sourceKey: 'k', ...syn.slice(0, 2000), progress: { recordIndex: 2000 } });
      const pending = store.writeBatch({ sourceKey: 'k', ...syn.slice(2000, 4000), progress: { recordIndex: 4000 } });
      const read = await collect(store.positions());
      await pending;
      expect([2000, 4000]).toContain(read.length);
      expect((await store.stats()).positions).toBe(4000);
    });
  });
}
