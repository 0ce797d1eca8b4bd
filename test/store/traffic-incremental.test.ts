/**
 * The traffic layer's incremental refresh (issue G): a store given its positions in several
 * appended batches, refreshed after each (merging only the batch into the stored rows), holds
 * row for row what a store given all of them at once builds from scratch, on DuckDB and on
 * PostgreSQL. Every stored column is compared, the members kept for the merge only included.
 * Batches: a simulated scenario (src/sim) and real NOAA MarineCadastre rows (../shared/data),
 * cut so that later batches add new hours, revisit hours and cells already stored (the same
 * vessels and others), and repeat stored positions (duplicates, not inserted).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { DuckDBInstance } from '@duckdb/node-api';
import { simulate } from '../../src/sim/index.js';
import { readInput } from '../../src/sources/read.js';
import { openDuckDbStore } from '../../src/store/duckdb/index.js';
import { openPostgresStore } from '../../src/store/postgres/index.js';
import type { Store } from '../../src/store/types.js';
import type { Position } from '../../src/records.js';
import { sharedData } from '../geo/shared-data.js';
import { pgTestDb } from './pg.js';

const dir = mkdtempSync(path.join(tmpdir(), 'darkfleet-traffic-incr-'));
const tdb = await pgTestDb('traffic_incr');
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await tdb?.drop();
});

async function positionsOf(file: string): Promise<Position[]> {
  const out: Position[] = [];
  for await (const b of readInput(file)) out.push(...b.positions);
  return out;
}

/**
 * Five batches: the first 40% of the time span, the next 20%, half of the rest (every other
 * position: the other half lands later in the same hours and cells), the other half with 300
 * positions of the first batch again, and those 300 alone (nothing new: no refresh).
 */
function batches(all: Position[]): Position[][] {
  const ps = [...all].sort((a, b) => a.t - b.t);
  const a = Math.floor(ps.length * 0.4);
  const b = Math.floor(ps.length * 0.6);
  const rest = ps.slice(b);
  const again = ps.slice(0, a).filter((_, i) => i % Math.max(1, Math.floor(a / 300)) === 0).slice(0, 300);
  return [ps.slice(0, a), ps.slice(a, b), rest.filter((_, i) => i % 2 === 0), [...rest.filter((_, i) => i % 2 === 1), ...again], again];
}

/**
 * A lane the scenario lacks: 70 more ships crossing one spot at 10 kn, one after another over
 * the scenario's span, so a cell's moving vessels pass EXACT_MAX (32) between batches and a
 * merge must go from a member list to a count kept with its members.
 */
function lane(ps: Position[]): Position[] {
  const t0 = Math.min(...ps.map((p) => p.t));
  const span = Math.max(...ps.map((p) => p.t)) - t0;
  const out: Position[] = [];
  for (let k = 0; k < 70; k++) {
    const t = t0 + Math.floor(((k + 0.5) * span) / 70);
    // 10 kn east along 38.5 N: a fix every 30 s (~154 m), 8 of them across the spot at 124.5 E
    for (let j = -4; j < 4; j++) out.push({ mmsi: 441_900_000 + k, t: t + j * 30_000, lat: 38.5, lon: 124.5 + (j * 154.3) / 87_000, sog: 10, cog: 90, heading: 90, navStatus: 0, source: 'lane' });
  }
  return out;
}

/** `cells`: the driver's table of fine cells (DuckDB traffic_cell_rows, PostgreSQL traffic_cells) */
const TABLES = [
  ['cells', 'cell'],
  ['traffic_coverage', 'cell, hour'],
  ['traffic_hours', 'hour'],
] as const;

type Tables = Record<string, string[][]>;

const cellsOf = (v: unknown): string => (v === null || v === undefined ? 'NULL' : String(v));

interface Driver {
  name: string;
  open(name: string): Promise<Store>;
  /** every row of the three tables, every column, after the store `name` was closed */
  tables(name: string): Promise<Tables>;
}

const duckdb: Driver = {
  name: 'duckdb',
  open: (name) => openDuckDbStore(path.join(dir, `${name}.duckdb`)),
  async tables(name) {
    const inst = await DuckDBInstance.create(path.join(dir, `${name}.duckdb`), { access_mode: 'READ_ONLY' });
    const con = await inst.connect();
    try {
      const out: Tables = {};
      for (const [t, key] of TABLES) out[t] = (await con.runAndReadAll(`SELECT * FROM ${t === 'cells' ? 'traffic_cell_rows' : t} ORDER BY ${key}`)).getRowsJson().map((r) => r.map(cellsOf));
      return out;
    } finally {
      con.closeSync();
      inst.closeSync();
    }
  },
};

const postgres: Driver | null = tdb
  ? {
      name: 'postgres',
      open: (name) => openPostgresStore(tdb.store(name)),
      async tables(name) {
        const schema = new URL(tdb.store(name)).searchParams.get('schema')!;
        const c = new pg.Client({ connectionString: tdb.url });
        await c.connect();
        try {
          const out: Tables = {};
          for (const [t, key] of TABLES) out[t] = (await c.query({ text: `SELECT * FROM ${schema}.${t === 'cells' ? 'traffic_cells' : t} ORDER BY ${key}`, rowMode: 'array' })).rows.map((r: unknown[]) => r.map(cellsOf));
          return out;
        } finally {
          await c.end();
        }
      },
    }
  : null;

async function write(store: Store, key: string, ps: Position[]): Promise<number> {
  await store.beginSource(key);
  const r = await store.writeBatch({ sourceKey: key, positions: ps, statics: [], progress: {} });
  await store.endSource(key);
  return r.positionsInserted;
}

/** Builds `label` incrementally over the batches and compares it after each with a store built from scratch; returns the last tables. */
async function compare(driver: Driver, label: string, all: Position[]): Promise<Tables> {
  const parts = batches(all);
  const name = `${label}-incr`;
  let last: Tables = {};
  for (let i = 0; i < parts.length; i++) {
    const store = await driver.open(name);
    let inserted = 0;
    try {
      inserted = await write(store, `${label}-${i}`, parts[i]!);
      const r = await store.refreshTraffic();
      // the first build and a batch of duplicates only: no merge
      expect({ batch: i, refreshed: r.refreshed, incremental: r.incremental }).toEqual({ batch: i, refreshed: inserted > 0, incremental: i > 0 && inserted > 0 });
    } finally {
      await store.close();
    }
    const full = `${label}-full-${i}`;
    const ref = await driver.open(full);
    try {
      await write(ref, `${label}-all`, parts.slice(0, i + 1).flat());
      expect((await ref.refreshTraffic()).incremental).toBe(false);
    } finally {
      await ref.close();
    }
    const [got, want] = await Promise.all([driver.tables(name), driver.tables(full)]);
    for (const [t] of TABLES) {
      expect(got[t]!.length, `${driver.name} ${label} batch ${i}: ${t} rows`).toBe(want[t]!.length);
      expect(got[t], `${driver.name} ${label} batch ${i}: ${t}`).toEqual(want[t]);
    }
    last = got;
    if (inserted === 0) expect(i).toBe(parts.length - 1);
  }
  // other build options: a full rebuild
  const store = await driver.open(name);
  try {
    expect((await store.refreshTraffic({ cellM: 1000 })).incremental).toBe(false);
    expect((await store.traffic())!.params.cellM).toBe(1000);
  } finally {
    await store.close();
  }
  return last;
}

const drivers = [duckdb, ...(postgres ? [postgres] : [])];

describe.each(drivers)('traffic layer refreshed incrementally ($name)', (driver) => {
  it('over a simulated scenario: each merge leaves the rows a full build gives', async () => {
    const out = path.join(dir, `sim-${driver.name}`);
    simulate(out, { seed: 5, hours: 30, vessels: 100, intervalS: 180, staticIntervalS: 3600 });
    const ps = await positionsOf(path.join(out, 'ais.nmea'));
    expect(ps.length).toBeGreaterThan(30_000);
    const t = await compare(driver, 'sim', [...ps, ...lane(ps)]);
    const cells = t.cells!;
    // the cases the merge has to get right are there: busy cells keeping their moving members, stops, several vessels an hour
    expect(cells.filter((r) => Number(r[1]) > 32).length).toBeGreaterThan(0);
    expect(cells.filter((r) => r[8] !== '0').length).toBeGreaterThan(20);
    expect(t.traffic_coverage!.filter((r) => Number(r[2]) > 1).length).toBeGreaterThan(100);
  }, 300_000);

  it('over real NOAA MarineCadastre rows: each merge leaves the rows a full build gives', async () => {
    const file = sharedData('tracks/noaa_marinecadastre_2022-01-03_first100k.csv.gz');
    if (!file) return;
    const ps = await positionsOf(file);
    expect(ps.length).toBeGreaterThan(90_000);
    const t = await compare(driver, 'noaa', ps);
    expect(t.cells!.length).toBeGreaterThan(1000);
  }, 300_000);
});
