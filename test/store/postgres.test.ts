/**
 * The PostgreSQL store against the store contract (the suite DuckDB passes), plus what only a
 * server store has: versioned migrations, day partitions, read-only opening, the PostGIS bbox.
 */
import { afterAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { openPostgresStore } from '../../src/store/postgres/index.js';
import { MIGRATIONS } from '../../src/store/postgres/migrations.js';
import type { PgDb } from '../../src/store/postgres/db.js';
import { StoreError } from '../../src/errors.js';
import type { Position } from '../../src/records.js';
import { storeContract } from './contract.js';
import { pgTestDb } from './pg.js';
import { Synth } from './synth.js';

const tdb = await pgTestDb('contract');

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

if (tdb) {
  afterAll(() => tdb.drop());
  storeContract('postgres', (dir) => openPostgresStore(tdb.store(dir)));

  describe('postgres store', () => {
    it('applies numbered migrations once, recorded in schema_migrations', async () => {
      const url = tdb.store('migrations');
      await (await openPostgresStore(url)).close();
      const again = await openPostgresStore(url);
      await again.close();
      const c = new pg.Client({ connectionString: tdb.url });
      await c.connect();
      try {
        const schema = new URL(url).searchParams.get('schema')!;
        const rows = (await c.query(`SELECT version, name FROM ${schema}.schema_migrations ORDER BY version`)).rows as unknown[];
        expect(rows).toEqual(MIGRATIONS.map((m) => ({ version: m.version, name: m.name })));
      } finally {
        await c.end();
      }
    });

    it('partitions positions by day, created as data arrives', async () => {
      const url = tdb.store('partitions');
      const store = await openPostgresStore(url);
      try {
        const day = 86_400_000;
        const t0 = Date.UTC(2024, 1, 28, 23);
        const ps: Position[] = [0, 1, 2, 30].map((d, i) => ({ mmsi: 412000001 + i, t: t0 + d * day, lat: 38, lon: 124, sog: 1, cog: null, heading: null, navStatus: null, source: 'p' }));
        await store.beginSource('p');
        await store.writeBatch({ sourceKey: 'p', positions: ps, statics: [], progress: {} });
        const c = new pg.Client({ connectionString: tdb.url });
        await c.connect();
        try {
          const schema = new URL(url).searchParams.get('schema')!;
          const rows = (await c.query(
            `SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = '${schema}.positions'::regclass ORDER BY 1`,
          )).rows as { relname: string }[];
          // 2024 is a leap year: Feb 28, 29, Mar 1, and 30 days after Feb 28 is Mar 29
          expect(rows.map((r) => r.relname)).toEqual(['positions_p20240228', 'positions_p20240229', 'positions_p20240301', 'positions_p20240329']);
        } finally {
          await c.end();
        }
        expect(await collect(store.positions())).toEqual(ps);
      } finally {
        await store.close();
      }
    });

    it('finds positions in a bounding box as a lat/lon filter does, across the antimeridian too; the view positions_geo gives each its PostGIS point', async () => {
      const url = tdb.store('bbox');
      const store = await openPostgresStore(url);
      try {
        const ps: Position[] = [];
        for (let i = 0; i < 400; i++) {
          const lon = -180 + ((i * 7.3) % 360);
          ps.push({ mmsi: 412000000 + (i % 20), t: Date.UTC(2024, 2, 1) + i * 60_000, lat: -60 + ((i * 3.7) % 120), lon, sog: null, cog: null, heading: null, navStatus: null, source: 'b' });
        }
        // a fix exactly on the box's edges
        ps.push({ mmsi: 412000099, t: Date.UTC(2024, 2, 2), lat: 10, lon: 20, sog: null, cog: null, heading: null, navStatus: null, source: 'b' });
        await store.beginSource('b');
        await store.writeBatch({ sourceKey: 'b', positions: ps, statics: [], progress: {} });
        const inBox = (p: Position, [w, s, e, n]: [number, number, number, number]): boolean => p.lat >= s && p.lat <= n && (w <= e ? p.lon >= w && p.lon <= e : p.lon >= w || p.lon <= e);
        for (const box of [[20, -10, 60, 10], [170, -50, -170, 50], [-180, -90, 180, 90]] as [number, number, number, number][]) {
          const got = await collect(store.positions({ bbox: box }));
          const want = ps.filter((p) => inBox(p, box)).sort((a, b) => a.t - b.t || a.mmsi - b.mmsi);
          expect(got.length).toBeGreaterThan(0);
          expect(got).toEqual(want);
        }
        const c = new pg.Client({ connectionString: tdb.url });
        await c.connect();
        try {
          const schema = new URL(url).searchParams.get('schema')!;
          const view = `${schema}.positions_geo`;
          const off = (await c.query(`SELECT count(*)::int AS n FROM ${view} WHERE ST_X(geom) <> lon OR ST_Y(geom) <> lat OR ST_SRID(geom) <> 4326`)).rows[0] as { n: number };
          expect(off.n).toBe(0);
          const inPostgis = (await c.query(`SELECT count(*)::int AS n FROM ${view} WHERE ST_Intersects(geom, ST_MakeEnvelope(20, -10, 60, 10, 4326))`)).rows[0] as { n: number };
          expect(inPostgis.n).toBe(ps.filter((p) => inBox(p, [20, -10, 60, 10])).length);
        } finally {
          await c.end();
        }
      } finally {
        await store.close();
      }
    });

    it('opens read-only only where a store is, and refuses writes there', async () => {
      const url = tdb.store('readonly');
      const missing = await openPostgresStore(url, { readOnly: true }).catch((e: unknown) => e);
      expect(missing).toBeInstanceOf(StoreError);
      expect(String((missing as Error).message)).toMatch(/no darkfleet store/);
      const rw = await openPostgresStore(url);
      const syn = new Synth({ vessels: 3 });
      await rw.beginSource('r');
      await rw.writeBatch({ sourceKey: 'r', ...syn.slice(0, 30), progress: {} });
      await rw.close();
      const ro = await openPostgresStore(url, { readOnly: true });
      try {
        expect((await ro.stats()).positions).toBe(30);
        await expect(ro.putEvents([{ id: 'x', type: 'gap', start: '2024-03-01T00:00:00Z', end: '2024-03-01T12:00:00Z', mmsi: [1], lat: 0, lon: 0, confidence: 1, flags: [], rule: { name: 'gap', params: {} }, evidence: {} }])).rejects.toBeInstanceOf(StoreError);
      } finally {
        await ro.close();
      }
    });

    it('migrates a version-1 store in place: its rows answer no line, later rows their line, in the same day partition', async () => {
      const url = tdb.store('v1');
      const schema = new URL(url).searchParams.get('schema')!;
      const t = Date.UTC(2024, 2, 1, 6);
      const c = new pg.Client({ connectionString: tdb.url });
      await c.connect();
      try {
        // a store as darkfleet wrote it before line numbers: migration 1 only, one row of each
        await c.query(`CREATE EXTENSION IF NOT EXISTS postgis SCHEMA public`);
        await c.query(`CREATE SCHEMA ${schema}`);
        await c.query(`SET search_path = ${schema}, public`);
        await c.query(`CREATE TABLE schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
        for (const sql of MIGRATIONS[0]!.statements) await c.query(sql);
        await c.query(`INSERT INTO schema_migrations (version, name) VALUES (1, 'initial')`);
        await c.query(`CREATE TABLE positions_p20240301 PARTITION OF positions FOR VALUES FROM ('2024-03-01T00:00:00Z') TO ('2024-03-02T00:00:00Z')`);
        await c.query(`INSERT INTO source_names (name) VALUES ('old.nmea')`);
        await c.query(`INSERT INTO positions (mmsi, t, lat, lon, source_id, lat6, lon6) VALUES (412000001, to_timestamp(${t / 1000}), 38.1, 124.1, 1, 38100000, 124100000)`);
        await c.query(`INSERT INTO statics (mmsi, t, name, source_id) VALUES (412000001, to_timestamp(${t / 1000}), 'OLD', 1)`);
        await c.query(`INSERT INTO ingest_sources VALUES ('file:old:1', 'old.nmea', 'nmea', 1, now(), now(), 1, true, NULL, NULL, NULL, 2, 1, 0, 1, 0, '{}')`);
      } finally {
        await c.end();
      }
      // read-only cannot migrate: it says so instead of answering without lines
      const ro = await openPostgresStore(url, { readOnly: true }).catch((e: unknown) => e);
      expect(String((ro as Error).message)).toMatch(/store schema version 1, this darkfleet reads \d+: open it once read-write/);
      const store = await openPostgresStore(url);
      try {
        const p: Position = { mmsi: 412000002, t, lat: 38.2, lon: 124.2, sog: null, cog: null, heading: null, navStatus: null, source: 'new.nmea', lineNo: 3 };
        await store.beginSource('file:new:1', { path: '/data/new.nmea', name: 'new.nmea', format: 'nmea' });
        await store.writeBatch({ sourceKey: 'file:new:1', positions: [p], statics: [], progress: {} });
        expect(await store.recordOrigins([
          { kind: 'position', mmsi: 412000001, t },
          { kind: 'position', mmsi: 412000002, t },
          { kind: 'static', mmsi: 412000001, t },
        ])).toEqual([
          { kind: 'position', mmsi: 412000001, t, source: 'old.nmea', lineNo: null },
          { kind: 'position', mmsi: 412000002, t, source: 'new.nmea', lineNo: 3 },
          { kind: 'static', mmsi: 412000001, t, source: 'old.nmea', lineNo: null },
        ]);
        expect((await store.ingestedSources()).map((x) => [x.key, x.path, x.name])).toEqual([
          ['file:old:1', 'old.nmea', null],
          ['file:new:1', '/data/new.nmea', 'new.nmea'],
        ]);
      } finally {
        await store.close();
      }
    });

    it('a batch meeting keys another source stored is written again with ON CONFLICT: counts exact, nothing lost, later batches too', async () => {
      // b1 repeats keys of the batch committed just before it (left out before the COPY); r2 meets a key
      // stored two batches back (the COPY fails, the batch is written again with ON CONFLICT); r3 goes in
      // with ON CONFLICT (the backoff), r4 by COPY again; r5 meets stored keys again
      const store = await openPostgresStore(tdb.store('plainfirst'));
      try {
        const t0 = Date.UTC(2024, 2, 1);
        const fix = (i: number, source: string): Position => ({ mmsi: 412000000 + (i % 3), t: t0 + i * 60_000, lat: 38 + i / 1000, lon: 124, sog: 5, cog: 90, heading: null, navStatus: 0, source });
        const range = (a: number, b: number, source: string): Position[] => Array.from({ length: b - a }, (_, k) => fix(a + k, source));
        await store.beginSource('a');
        expect((await store.writeBatch({ sourceKey: 'a', positions: range(0, 10, 'a'), statics: [], progress: { recordIndex: 10 } })).positionsInserted).toBe(10);
        await store.beginSource('b');
        const r1 = await store.writeBatch({ sourceKey: 'b', positions: range(5, 15, 'b'), statics: [], progress: { recordIndex: 10 } });
        expect([r1.positionsInserted, r1.positionsDuplicate]).toEqual([5, 5]);
        const r2 = await store.writeBatch({ sourceKey: 'b', positions: [...range(15, 20, 'b'), fix(3, 'b')], statics: [], progress: { recordIndex: 16 } });
        expect([r2.positionsInserted, r2.positionsDuplicate]).toEqual([5, 1]);
        const r3 = await store.writeBatch({ sourceKey: 'b', positions: [...range(20, 25, 'b'), fix(20, 'b')], statics: [], progress: { recordIndex: 22 } });
        expect([r3.positionsInserted, r3.positionsDuplicate]).toEqual([5, 1]);
        const r4 = await store.writeBatch({ sourceKey: 'b', positions: range(25, 30, 'b'), statics: [], progress: { recordIndex: 27 } });
        expect([r4.positionsInserted, r4.positionsDuplicate]).toEqual([5, 0]);
        const r5 = await store.writeBatch({ sourceKey: 'b', positions: [fix(1, 'b'), ...range(30, 35, 'b'), fix(16, 'b')], statics: [], progress: { recordIndex: 34 } });
        expect([r5.positionsInserted, r5.positionsDuplicate]).toEqual([5, 2]);
        const end = await store.endSource('b');
        expect([end.positionsInserted, end.positionsDuplicate]).toEqual([25, 9]);
        const all = await collect(store.positions());
        expect(all.map((p) => p.t)).toEqual(range(0, 35, 'x').map((p) => p.t));
        // the first source's rows kept their source, the new ones are b's
        expect(all.map((p) => p.source)).toEqual([...Array(10).fill('a'), ...Array(25).fill('b')]);
        const src = (await store.ingestedSources()).find((x) => x.key === 'b')!;
        expect([src.read, src.positionsInserted]).toEqual([34, 25]);
      } finally {
        await store.close();
      }
    });

    it("two writers' batches do not wait for each other: one's batch commits while the other's is still open, and the traffic counter adds both", async () => {
      const url = tdb.store('writers');
      const a = await openPostgresStore(url);
      const b = await openPostgresStore(url);
      // a's main connection (white box): its next batch runs inside a transaction left open, as a
      // batch in flight on another worker is until it commits
      const aDb = (a as unknown as { db: PgDb }).db;
      try {
        const t0 = Date.UTC(2024, 2, 1);
        const fixes = (mmsi: number, source: string): Position[] => Array.from({ length: 50 }, (_, i) => ({ mmsi, t: t0 + i * 60_000, lat: 38 + i / 1000, lon: 124, sog: 5, cog: 90, heading: null, navStatus: 0, source }));
        await a.beginSource('a');
        await b.beginSource('b');
        await a.writeBatch({ sourceKey: 'a', positions: fixes(412000001, 'a').slice(0, 1), statics: [], progress: {} });
        await b.writeBatch({ sourceKey: 'b', positions: fixes(412000002, 'b').slice(0, 1), statics: [], progress: {} });
        expect((await a.refreshTraffic()).positions).toBe(2); // a first build: the next is a merge
        await aDb.serial(() => aDb.query('BEGIN'));
        await a.writeBatch({ sourceKey: 'a', positions: fixes(412000001, 'a').slice(1), statics: [], progress: {} });
        const late = new Promise((res) => setTimeout(() => res('waited'), 5000));
        expect(await Promise.race([b.writeBatch({ sourceKey: 'b', positions: fixes(412000002, 'b').slice(1), statics: [], progress: {} }).then(() => 'committed'), late])).toBe('committed');
        await aDb.serial(() => aDb.query('COMMIT'));
        await a.endSource('a');
        await b.endSource('b');
        expect((await a.traffic())!.stale).toBe(true);
        expect(await a.refreshTraffic()).toMatchObject({ refreshed: true, incremental: true, positions: 100 });
        expect((await a.traffic())!.stale).toBe(false);
      } finally {
        await a.close();
        await b.close();
      }
    });

    it('says where it could not connect', async () => {
      const err = await openPostgresStore('postgres://nobody@127.0.0.1:1/none').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(StoreError);
      expect(String((err as Error).message)).toMatch(/cannot connect to PostgreSQL at postgres:\/\/nobody@127\.0\.0\.1:1\/none/);
    });
  });
} else {
  describe.skip('postgres store (PostgreSQL unreachable)', () => {
    it('skipped', () => undefined);
  });
}
