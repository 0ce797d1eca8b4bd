/**
 * `darkfleet vessel`: unknown is not clean. An identity the store has never seen is "not in
 * this store" (exit code 3, nothing on stdout, no risk score); the library returns a typed
 * not-found the API maps to 404; a vessel with data gets a risk score over its period.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingest } from '../../src/pipeline/ingest.js';
import { openStore } from '../../src/store/index.js';
import { vesselReport, type VesselReport } from '../../src/cli/vessel.js';
import { vesselDossier } from '../../src/query/dossier.js';
import { isoTime } from '../../src/events.js';
import { fixtures } from '../ais/paths.js';
import { darkfleet, stats } from './run.js';

const dir = mkdtempSync(path.join(tmpdir(), 'darkfleet-vessel-cli-'));
const db = path.join(dir, 'v.duckdb');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

beforeAll(async () => {
  const store = await openStore(db, { threads: 1 });
  await ingest(store, [path.join(fixtures, 'sources/dma_aisdk_sample.csv')]);
  // a vessel the store knows only through an event (e.g. a stored sanctions hit)
  await store.putEvents([
    { id: 'sanctions_hit:636000001:x', type: 'sanctions_hit', start: '2024-01-01T00:00:00.000Z', end: '2024-02-01T00:00:00.000Z', mmsi: [636000001], lat: null, lon: null, confidence: 0.9, flags: [], rule: { name: 'screen', params: {} }, evidence: {} },
  ]);
  await store.close();
});

describe('darkfleet vessel', () => {
  it('an MMSI the store never saw: "not in this store" on stderr, exit 3, no score', () => {
    const before = stats(db);
    for (const json of [[], ['--json']]) {
      const r = darkfleet(['vessel', '123456789', '--db', db, ...json]);
      expect(r.code).toBe(3);
      expect(r.errLines).toEqual([`darkfleet: MMSI 123456789 is not in this store (duckdb:${db}): no position, static report or event of it; unknown, not clean`]);
      expect(r.stdout).toBe('');
    }
    expect(stats(db)).toEqual(before);
  });

  it('an IMO the store never saw: exit 3 as well', () => {
    const r = darkfleet(['vessel', 'IMO9999999', '--db', db]);
    expect(r.code).toBe(3);
    expect(r.errLines).toEqual([expect.stringMatching(/^darkfleet: IMO 9999999 is not in this store /)]);
  });

  it('a vessel with data: its identity, and a risk score that says over which period', () => {
    const r = darkfleet(['vessel', '219000873', '--db', db]);
    expect(r.code).toBe(0);
    expect(r.errLines).toEqual([]);
    expect(r.stdout).toContain('Vessel MMSI 219000873  (IMO 9294953)');
    expect(r.stdout).toMatch(/^First seen 2013-11-12 12:00, last seen 2013-11-12 \d\d:\d\d UTC$/m);
    expect(r.stdout).toMatch(/^Risk score: \d+\/100 over 2013-11-12 12:00 \.\. 2013-11-12 \d\d:\d\d UTC \(first and last seen: \d+ positions, \d+ static reports\)$/m);
    const j = JSON.parse(darkfleet(['vessel', '219000873', '--db', db, '--json']).stdout) as VesselReport;
    expect(j.found).toBe(true);
    expect(j.seen).toMatchObject({ firstSeen: '2013-11-12T12:00:00Z' });
    expect(j.risk.period).toEqual({ from: j.seen!.firstSeen, to: j.seen!.lastSeen });
  });

  it('by IMO: the hull under its MMSIs', () => {
    const r = darkfleet(['vessel', '9294953', '--db', db, '--json']);
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as VesselReport).mmsis).toEqual([219000873]);
  });

  it('a vessel known only through an event: scored over the events\' span', async () => {
    const r = darkfleet(['vessel', '636000001', '--db', db, '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as VesselReport;
    expect(j.seen).toBeNull();
    expect(j.risk.period).toEqual({ from: '2024-01-01T00:00:00Z', to: '2024-02-01T00:00:00Z' });
    expect(darkfleet(['vessel', '636000001', '--db', db]).stdout).toMatch(/over 2024-01-01 00:00 \.\. 2024-02-01 00:00 UTC \(the span of its stored events; no positions stored\)/);
  });

  it('a bad identity is a usage error: one line, exit 2', () => {
    const r = darkfleet(['vessel', '12345', '--db', db]);
    expect(r.code).toBe(2);
    expect(r.errLines).toEqual(['darkfleet: "12345" is neither an MMSI (9 digits) nor an IMO number (7 digits)']);
    const none = darkfleet(['vessel', '--db', db]);
    expect(none.code).toBe(2);
    expect(none.errLines).toEqual(["darkfleet: missing required argument 'id'"]);
  });

  it('the library returns a typed not-found (the API maps it to 404), and one dossier (src/query/dossier.ts) when found', async () => {
    const missing = await vesselReport(db, '123456789');
    expect(missing).toEqual({ found: false, query: { mmsi: 123456789 }, message: expect.stringContaining('is not in this store') });
    const store = await openStore(db, { mustExist: true, threads: 1 });
    let found: Awaited<ReturnType<typeof vesselDossier>>;
    try {
      expect(await vesselDossier(store, { imo: 9999999 })).toBeNull();
      found = await vesselDossier(store, { mmsi: 219000873 });
    } finally {
      await store.close();
    }
    expect(found!.seen!.positions).toBeGreaterThan(0);
    // the CLI prints the same dossier (run once the store is closed: DuckDB locks the file)
    const printed = JSON.parse(darkfleet(['vessel', '219000873', '--db', db, '--json']).stdout) as VesselReport;
    expect(printed.seen!.positions).toBe(found!.seen!.positions);
    expect(printed.identities.map((p) => p.from)).toEqual(found!.identities.map((p) => isoTime(p.from)));
    expect(printed.risk).toEqual(found!.risk);
  });
});
