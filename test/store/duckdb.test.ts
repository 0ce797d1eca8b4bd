import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { openDuckDbStore } from '../../src/store/duckdb/index.js';
import { VERSION } from '../../src/version.js';
import { storeContract } from './contract.js';

storeContract('duckdb', (dir) => {
  mkdirSync(dir, { recursive: true });
  return openDuckDbStore(path.join(dir, 'store.duckdb'), { threads: 2 });
});

describe('duckdb store provenance', () => {
  it('records the darkfleet version that wrote events in its meta table (the event JSON stays as it is)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'darkfleet-meta-'));
    try {
      const file = path.join(dir, 'store.duckdb');
      const store = await openDuckDbStore(file, { threads: 1 });
      await store.putEvents([
        { id: 'gap:1:x', type: 'gap', start: '2024-03-01T00:00:00.000Z', end: '2024-03-01T12:00:00.000Z', mmsi: [412000001], lat: 38, lon: 124, confidence: 0.5, flags: [], rule: { name: 'gap', params: {} }, evidence: {} },
      ]);
      await store.close();
      const db = await DuckDBInstance.create(file);
      const con = await db.connect();
      const rows = (await con.runAndReadAll(`SELECT value FROM meta WHERE key = 'events_version'`)).getRowObjectsJS();
      con.closeSync();
      db.closeSync();
      expect(rows).toEqual([{ value: VERSION }]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('duckdb sources log', () => {
  it('reads afresh a source an older darkfleet marked complete with nothing stored (a file locked out by a wrong --format)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'darkfleet-locked-'));
    try {
      const file = path.join(dir, 'store.duckdb');
      const store = await openDuckDbStore(file, { threads: 1 });
      await store.close();
      const db = await DuckDBInstance.create(file);
      const con = await db.connect();
      await con.run(`INSERT INTO ingest_sources VALUES ('file:locked:9', 'mc.csv', 'nmea', 9, now()::TIMESTAMP, now()::TIMESTAMP, 1, true,
        9, 3, NULL, 3, 0, 0, 0, 0, '{"not_nmea":3}', NULL)`);
      con.closeSync();
      db.closeSync();
      const again = await openDuckDbStore(file, { threads: 1 });
      try {
        expect((await again.stats()).rejects).toEqual({ not_nmea: 3 });
        const st = await again.beginSource('file:locked:9', { path: 'mc.csv', format: 'marinecadastre' });
        expect(st).toMatchObject({ alreadyComplete: false, resumeFrom: null, format: 'marinecadastre' });
        expect((await again.stats()).rejects).toEqual({});
      } finally {
        await again.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
