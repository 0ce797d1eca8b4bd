/**
 * Evidence down to the raw line (src/query/evidence.ts): every record behind an event comes back
 * with its file, line number and the exact line as read, which decodes to that record; on the
 * simulated Nampo sample (NMEA, multi-sentence statics), a real MarineCadastre CSV, a gzip input,
 * a file moved or changed after ingest, a stream, an ingest killed mid-way and resumed, and a
 * PostgreSQL store (the same evidence as DuckDB's; skipped without PostgreSQL unless CI=true).
 */
import { appendFileSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AisStream } from '../../src/ais/stream.js';
import { encodeSentences } from '../../src/ais/encode.js';
import type { Decoded } from '../../src/ais/fields.js';
import { StoreError } from '../../src/errors.js';
import type { Event } from '../../src/events.js';
import { positionId } from '../../src/events.js';
import { ingest } from '../../src/pipeline/ingest.js';
import { eventEvidence, evidenceRefs, readLines } from '../../src/query/evidence.js';
import { toPosition } from '../../src/sources/nmea-records.js';
import { NMEA_BATCH } from '../../src/sources/nmea.js';
import { openStore } from '../../src/store/index.js';
import type { Store } from '../../src/store/types.js';
import { sharedData } from '../geo/shared-data.js';
import { SAMPLE, buildSampleStore } from '../api/sample.js';
import { pgTestDb } from '../store/pg.js';

const dir = mkdtempSync(path.join(tmpdir(), 'darkfleet-evidence-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function decode(text: string): Decoded[] {
  return new AisStream({ isoTimes: false, split24: true }).decodeAll(text);
}

function fileLines(file: string): string[] {
  return readFileSync(file, 'utf8').split('\n');
}

/** An event naming these records, as a detector writes them. */
function eventOf(id: string, positions: { mmsi: number; t: number }[], statics: { mmsi: number; t: number }[] = []): Event {
  return {
    id,
    type: 'loitering',
    start: '2026-03-01T00:00:00Z',
    end: '2026-03-01T01:00:00Z',
    mmsi: [...new Set(positions.map((p) => p.mmsi))],
    lat: 38,
    lon: 124,
    confidence: 0.5,
    flags: [],
    rule: { name: 'loitering', params: {} },
    evidence: { positionIds: positions.map((p) => positionId(p.mmsi, p.t)), ...(statics.length ? { statics: statics.map((s) => positionId(s.mmsi, s.t)) } : {}) },
  };
}

async function firstPositions(store: Store, n: number): Promise<{ mmsi: number; t: number; lat: number; lon: number }[]> {
  // read to the end: a positions() stream left early keeps a transaction open until collected,
  // and a later write then makes close()'s CHECKPOINT fail (a store issue of its own)
  const out: { mmsi: number; t: number; lat: number; lon: number }[] = [];
  for await (const p of store.positions()) out.push(p);
  return out.slice(0, n);
}

describe('evidenceRefs', () => {
  it('collects position ids under any key, static ids under keys naming statics, once each', () => {
    const e = eventOf('loitering:1:x', [{ mmsi: 412000001, t: 1000 }]);
    e.evidence = { positionIds: ['412000001:1000', '412000001:1000', '412000002:-5'], darkPartner: { reasoning: 'a:b', ids: ['412000003:7'] }, statics: ['412000001:2000'], kind: 'x' };
    expect(evidenceRefs(e)).toEqual([
      { kind: 'position', mmsi: 412000001, t: 1000 },
      { kind: 'position', mmsi: 412000002, t: -5 },
      { kind: 'position', mmsi: 412000003, t: 7 },
      { kind: 'static', mmsi: 412000001, t: 2000 },
    ]);
    // an identity change naming no statics (an older store): its vessels' reports at the change
    const idc: Event = { ...e, type: 'identity_change', mmsi: [412000001, 412000002], end: '2026-03-01T01:00:00Z', evidence: { nameFrom: 'A', nameTo: 'B' } };
    const t = Date.parse('2026-03-01T01:00:00Z');
    expect(evidenceRefs(idc)).toEqual([
      { kind: 'static', mmsi: 412000001, t },
      { kind: 'static', mmsi: 412000002, t },
    ]);
  });
});

describe('evidence of every event of the simulated Nampo sample (NMEA)', () => {
  let built: { dir: string; db: string };
  let store: Store;
  beforeAll(async () => {
    built = await buildSampleStore();
    store = await openStore(built.db, { readOnly: true, threads: 1 });
  }, 300_000);
  afterAll(async () => {
    await store?.close();
    rmSync(built.dir, { recursive: true, force: true });
  });

  it('gives each record its exact input line, which decodes to that record', async () => {
    const lines = fileLines(SAMPLE);
    const events = await store.events();
    expect(events.length).toBeGreaterThan(50);
    const byKind: Record<string, number> = {};
    let multi = 0;
    for (const e of events) {
      const ev = await eventEvidence(store, e);
      expect(ev.id).toBe(e.id);
      if (e.type !== 'sanctions_hit') expect(ev.records.length, e.id).toBeGreaterThan(0);
      for (const r of ev.records) {
        expect(r.problem, `${e.id} ${r.mmsi} ${r.t}`).toBeNull();
        expect(r.source).toEqual({ key: expect.stringMatching(/^file:/) as unknown as string, path: SAMPLE, format: 'nmea' });
        byKind[r.kind] = (byKind[r.kind] ?? 0) + 1;
        const text = r.text!;
        const parts = text.split('\n');
        // the first line is the stored line number's, character for character
        expect(parts[0]).toBe(lines[r.lineNo! - 1]);
        for (const p of parts) expect(lines).toContain(p);
        if (parts.length > 1) multi++;
        const msgs = decode(text);
        expect(msgs).toHaveLength(1);
        const m = msgs[0]!;
        expect(m.mmsi).toBe(r.mmsi);
        const t = Date.parse(r.t);
        if (r.kind === 'position') {
          const stored = [];
          for await (const p of store.positions({ mmsi: r.mmsi, from: t, to: t })) stored.push(p);
          const decoded = toPosition(m, t, 'x')!;
          expect(stored.some((p) => p.lat === decoded.lat && p.lon === decoded.lon), `${e.id} line ${r.lineNo}`).toBe(true);
        } else {
          expect([5, 19, 24]).toContain(m.type);
        }
      }
    }
    expect(byKind.position).toBeGreaterThan(200);
    // identity changes: type 5 reports, two sentences each
    expect(byKind.static).toBeGreaterThan(0);
    expect(multi).toBeGreaterThan(0);
  }, 300_000);
});

describe('evidence from other inputs', () => {
  let plain: string;
  beforeAll(() => {
    // the sample's first 4000 lines: positions and two-sentence type 5 reports
    plain = path.join(dir, 'part.nmea');
    writeFileSync(plain, `${fileLines(SAMPLE).slice(0, 4000).join('\n')}\n`);
  });

  async function storeOf(name: string, inputs: string[]): Promise<Store> {
    const store = await openStore(path.join(dir, `${name}.duckdb`), { threads: 1 });
    const sum = await ingest(store, inputs);
    expect(sum.failedInputs).toEqual([]);
    return store;
  }

  it('reads a gzip input again to the line: the same text as the plain file', async () => {
    const gz = path.join(dir, 'part.nmea.gz');
    writeFileSync(gz, gzipSync(readFileSync(plain)));
    const store = await storeOf('gz', [gz]);
    try {
      const ps = await firstPositions(store, 30);
      const statics = [];
      for await (const s of store.statics()) statics.push(s);
      expect(statics.length).toBeGreaterThan(3);
      const ev = await eventEvidence(store, eventOf('loitering:gz:1', ps, statics));
      const lines = fileLines(plain);
      expect(ev.records).toHaveLength(ps.length + statics.length);
      for (const r of ev.records) {
        expect(r.problem).toBeNull();
        expect(r.source.path).toBe(gz);
        expect(r.text!.split('\n')[0]).toBe(lines[r.lineNo! - 1]);
        expect(decode(r.text!)[0]!.mmsi).toBe(r.mmsi);
      }
      // a type 5 report is two sentences, both given; types 19 and 24 are one
      const st = ev.records.filter((r) => r.kind === 'static').map((r) => [decode(r.text!)[0]!.type, r.text!.split('\n').length]);
      expect(st.every(([type, n]) => n === (type === 5 ? 2 : 1))).toBe(true);
      expect(st.some(([type]) => type === 5)).toBe(true);
    } finally {
      await store.close();
    }
  });

  it('says plainly when the file moved away, changed since ingest, or was a stream', async () => {
    const copy = path.join(dir, 'moving.nmea');
    writeFileSync(copy, readFileSync(plain));
    const store = await storeOf('moved', [copy]);
    try {
      const ps = await firstPositions(store, 3);
      const ev = eventOf('loitering:moved:1', ps);
      expect((await eventEvidence(store, ev)).records.every((r) => r.text !== null)).toBe(true);
      renameSync(copy, `${copy}.old`);
      const gone = await eventEvidence(store, ev);
      expect(gone.records).toHaveLength(3);
      for (const r of gone.records) {
        expect(r.text).toBeNull();
        expect(r.lineNo).toBeGreaterThan(0);
        expect(r.problem).toBe(`source file ${copy} is no longer there (moved or deleted)`);
      }
      renameSync(`${copy}.old`, copy);
      appendFileSync(copy, '!AIVDM,1,1,,A,15N1u<PP1FJuvSRHOE6QIwwh0HQ6,0*30\n');
      const changed = await eventEvidence(store, ev);
      expect(changed.records.every((r) => r.text === null && /changed since ingest/.test(r.problem ?? ''))).toBe(true);
      // a record from stdin: its lines were not kept anywhere
      await store.beginSource('stdin:1', { path: '-', name: '-', format: 'nmea' });
      const p = { mmsi: 412999999, t: Date.UTC(2026, 2, 2), lat: 38, lon: 124, sog: 1, cog: 1, heading: null, navStatus: null, source: '-', lineNo: 5 };
      await store.writeBatch({ sourceKey: 'stdin:1', positions: [p], statics: [], progress: { lineNo: 5 } });
      await store.endSource('stdin:1');
      const stream = await eventEvidence(store, eventOf('loitering:stdin:1', [p, { mmsi: 412999999, t: p.t + 1 }]));
      expect(stream.records).toEqual([
        { kind: 'position', mmsi: 412999999, t: '2026-03-02T00:00:00Z', source: { key: 'stdin:1', path: '-', format: 'nmea' }, lineNo: 5, text: null, problem: 'source - was a stream: its lines were not kept' },
        { kind: 'position', mmsi: 412999999, t: '2026-03-02T00:00:00.001Z', source: { key: '', path: null, format: null }, lineNo: null, text: null, problem: 'no stored position of MMSI 412999999 at 2026-03-02T00:00:00.001Z in this store' },
      ]);
    } finally {
      await store.close();
    }
  });

  it('reads the rows of a real MarineCadastre CSV', async () => {
    const csv = sharedData('tracks/noaa_marinecadastre_sample_20230111.csv');
    if (!csv) return;
    const store = await storeOf('csv', [csv]);
    try {
      const ps = await firstPositions(store, 25);
      const ev = await eventEvidence(store, eventOf('loitering:csv:1', ps));
      const lines = fileLines(csv);
      expect(ev.records.length).toBeGreaterThanOrEqual(25);
      for (const r of ev.records) {
        expect(r.problem).toBeNull();
        expect(r.source).toMatchObject({ path: csv, format: 'marinecadastre' });
        expect(r.text).toBe(lines[r.lineNo! - 1]);
        // MMSI,BaseDateTime,LAT,LON,...: the row is the record
        const [mmsi, time, lat, lon] = r.text!.split(',');
        expect(Number(mmsi)).toBe(r.mmsi);
        expect(Date.parse(`${time}Z`)).toBe(Date.parse(r.t));
        expect(ps.some((p) => p.mmsi === r.mmsi && p.lat === Number(lat) && p.lon === Number(lon))).toBe(true);
      }
    } finally {
      await store.close();
    }
  });

  it('gives the same evidence from a PostgreSQL store as from DuckDB', async () => {
    const tdb = await pgTestDb('evidence');
    if (!tdb) return;
    const duck = await storeOf('same', [plain]);
    let pgStore: Store | undefined;
    try {
      pgStore = await openStore(tdb.store('evidence'));
      expect((await ingest(pgStore, [plain])).failedInputs).toEqual([]);
      const ps = await firstPositions(duck, 40);
      const statics = [];
      for await (const st of duck.statics()) statics.push(st);
      const e = eventOf('loitering:pg:1', ps, statics.slice(0, 10));
      const want = await eventEvidence(duck, e);
      const got = await eventEvidence(pgStore, e);
      expect(got.records.length).toBeGreaterThanOrEqual(ps.length + 10);
      expect(got.records.every((r) => r.problem === null && r.source.path === plain && r.text !== null)).toBe(true);
      expect(got).toEqual(want);
      // the same log but for when each store was written
      const log = async (s: Store): Promise<unknown[]> => (await s.ingestedSources()).map(({ updated: _u, ...rest }) => rest);
      expect(await log(pgStore)).toEqual(await log(duck));
    } finally {
      await duck.close();
      await pgStore?.close();
      await tdb.drop();
    }
  }, 120_000);
});

describe('line numbers after an ingest killed mid-way and resumed', () => {
  it('count from the start of the file, multipart groups across the cut included', async () => {
    // more records than a batch, so the reader commits a first batch (src/sources/nmea.ts NMEA_BATCH) and the
    // "kill" (a failing second commit) lands mid-file; type 5 groups with lines in between
    const file = path.join(dir, 'resume.nmea');
    const truth = new Map<number, { mmsi: number; t: number }>();
    const out: string[] = [];
    const t0 = Date.UTC(2026, 2, 1);
    let pending: string | null = null;
    for (let k = 0; out.length < NMEA_BATCH + 20_000; k++) {
      const mmsi = 412000000 + (k % 997);
      const t = t0 + k * 1000;
      if (k % 50 === 7) {
        const [a, b] = encodeSentences({ type: 5, mmsi, imo: 0, callsign: 'C' + (k % 7), shipname: `SHIP ${k % 13}`, shiptype: 70, to_bow: 50, to_stern: 10, to_port: 5, to_starboard: 5, draught: 50, destination: 'NAMPO' }, { time: t, seqId: k % 10 });
        truth.set(out.length + 1, { mmsi, t });
        out.push(a!);
        pending = b!;
        continue;
      }
      const [line] = encodeSentences({ type: 1, mmsi, status: 0, turn: -128, speed: 10, lon: Math.round((124 + (k % 100) / 1000) * 600000), lat: Math.round(38 * 600000), course: 900, heading: 511, second: 60 }, { time: t });
      truth.set(out.length + 1, { mmsi, t });
      out.push(line!);
      // the group's second sentence two lines later: a cut may fall inside the group
      if (pending && k % 50 === 9) {
        out.push(pending);
        pending = null;
      }
    }
    writeFileSync(file, `${out.join('\n')}\n`);
    const db = path.join(dir, 'resume.duckdb');
    const first = await openStore(db, { threads: 1 });
    let commits = 0;
    const dying = new Proxy(first, {
      get(target, prop, receiver) {
        if (prop === 'writeBatch') {
          return (b: Parameters<Store['writeBatch']>[0]) => {
            if (++commits < 2) return target.writeBatch(b);
            // marked handled: the ingest may stop before awaiting a later batch's promise
            const dead = Promise.reject(new StoreError('killed'));
            dead.catch(() => undefined);
            return dead;
          };
        }
        const v = Reflect.get(target, prop, receiver) as unknown;
        return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
      },
    });
    await expect(ingest(dying, [file])).rejects.toThrow('killed');
    await first.close();
    const again = await openStore(db, { threads: 1 });
    const partial = (await again.stats()).positions;
    expect(partial).toBeGreaterThan(200_000);
    const sum = await ingest(again, [file]);
    expect(sum.inputs[0]!.status).toBe('stored');
    await again.close();
    // every stored row's line holds that record, and no record is missing its line
    const inst = await DuckDBInstance.create(db);
    const con = await inst.connect();
    try {
      const rows = (await con.runAndReadAll(
        `SELECT 'p' AS k, mmsi, epoch_ms(t)::DOUBLE AS t, line_no::DOUBLE AS line_no FROM positions UNION ALL
         SELECT 's', mmsi, epoch_ms(t)::DOUBLE, line_no::DOUBLE FROM statics`,
      )).getRowObjectsJS();
      expect(rows.length).toBeGreaterThan(partial);
      let wrong = 0;
      for (const r of rows) {
        const want = truth.get(Number(r.line_no));
        if (!want || want.mmsi !== r.mmsi || want.t !== r.t) wrong++;
      }
      expect(wrong).toBe(0);
      const positionsInFile = [...truth.entries()].filter(([n]) => out[n - 1]!.includes('!AIVDM,1,1')).length;
      expect(rows.filter((r) => r.k === 'p')).toHaveLength(positionsInFile);
    } finally {
      con.closeSync();
      inst.closeSync();
    }
    // and the multipart text of a static after the cut reads back whole
    const lines = await readLines(file, [...truth.keys()].filter((n) => out[n - 1]!.includes('!AIVDM,2,1')).slice(-2), true);
    for (const text of lines.values()) expect(decode(text)).toHaveLength(1);
  }, 600_000);
});
