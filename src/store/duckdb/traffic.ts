/**
 * The traffic layer kept in the DuckDB store (src/geo/traffic.ts, DESIGN.md "traffic layer"),
 * built in SQL: feeding every stored position through the JavaScript layer costs ~0.5 us a
 * position (5 s for 10M), where DuckDB's GROUP BY over the columnar positions costs a fraction
 * of that on two threads. The cells are the layer's own grid: TrafficGrid.sql() writes cellOf's
 * arithmetic as SQL from the same constants, over a row table filled from the grid's float64s.
 *
 * Tables (one row per non-empty fine cell, per (coverage cell, hour), per hour) hold exactly what
 * TrafficLayer.toRows() holds; their sketches are `e:` lists of the distinct members, sorted,
 * whatever their length (Distinct.decode turns a long one into the HyperLogLog the layer would
 * have made, and keeps its exact count). The same rules as TrafficLayer.add: positions with
 * coordinates out of range or a negative time are ignored; hours count every transmitter;
 * cells and coverage count vessel MMSIs only (isVesselMmsi, decided in JS for the store's
 * distinct MMSIs and joined as a temp table); moving = sog in [movingMinKn, movingMaxKn],
 * stationary = sog in [0, stationaryMaxKn).
 *
 * Freshness: meta key `traffic_marker` records the positions' count and largest rowid (positions
 * are only ever appended) and the build options at the last build; refresh() rebuilds when
 * either differs, in one transaction with the new marker, and is a no-op otherwise.
 */
import { availableParallelism } from 'node:os';
import type { DuckDBAppender } from '@duckdb/node-api';
import { TrafficGrid, TrafficLayer, isVesselMmsi, type TrafficCellRow, type TrafficCoverageRow, type TrafficHourRow } from '../../geo/traffic.js';
import { StoreError } from '../../errors.js';
import type { StoredTraffic, TrafficParams, TrafficRefresh } from '../types.js';
import { errMsg, num, type Row } from './sql.js';
import type { Db } from './db.js';

export const TRAFFIC_DDL: readonly string[] = [
  `CREATE TABLE IF NOT EXISTS traffic_cells (
     cell BIGINT NOT NULL,
     moving_vessels INTEGER NOT NULL, moving_hours INTEGER NOT NULL, moving_positions BIGINT NOT NULL,
     moving_first_ms DOUBLE, moving_last_ms DOUBLE, moving_vessel_sketch VARCHAR NOT NULL, moving_hour_sketch VARCHAR NOT NULL,
     stationary_vessels INTEGER NOT NULL, stationary_hours INTEGER NOT NULL, stationary_positions BIGINT NOT NULL,
     stationary_first_ms DOUBLE, stationary_last_ms DOUBLE, stationary_vessel_sketch VARCHAR NOT NULL, stationary_hour_sketch VARCHAR NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS traffic_coverage (cell BIGINT NOT NULL, hour BIGINT NOT NULL, vessels INTEGER NOT NULL, positions BIGINT NOT NULL, vessel_sketch VARCHAR NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS traffic_hours (hour BIGINT NOT NULL, vessels INTEGER NOT NULL, positions BIGINT NOT NULL, vessel_sketch VARCHAR NOT NULL)`,
];

const MARKER_KEY = 'traffic_marker';
const HOUR_US = 3_600_000_000;
/** vessel-hour member = mmsi * 2^23 + epoch hour (traffic.ts) */
const HOUR_SPAN = 2 ** 23;

interface Marker {
  positions: number;
  maxRowid: number;
  params: TrafficParams;
}

/** The layer's default build options (TrafficLayer's), overridden by `params`. */
export function trafficParams(params: Partial<TrafficParams> = {}): TrafficParams {
  return { ...new TrafficLayer(params).params };
}

async function currentMarker(db: Db, params: TrafficParams): Promise<Marker> {
  const [r] = await db.rows(`SELECT count(*)::DOUBLE AS n, coalesce(max(rowid), -1)::DOUBLE AS m FROM positions`);
  return { positions: num(r!.n), maxRowid: num(r!.m), params };
}

async function storedMarker(db: Db): Promise<Marker | null> {
  const [r] = await db.rows(`SELECT value FROM meta WHERE key = '${MARKER_KEY}'`);
  if (!r) return null;
  try {
    return JSON.parse(String(r.value)) as Marker;
  } catch {
    return null;
  }
}

const sameMarker = (a: Marker, b: Marker): boolean => JSON.stringify(a) === JSON.stringify(b);

/** The sorted distinct members of `expr` as an `e:` sketch (traffic-sketch.ts). */
const sketch = (expr: string): string => `'e:' || array_to_string(list_sort(list(DISTINCT ${expr})), ',')`;

/** Fills temp table `name` (r, start, k, cols) with the grid's rows, as TrafficGrid.sql() joins it. */
async function gridTable(db: Db, name: string, grid: TrafficGrid): Promise<void> {
  await db.run(`CREATE OR REPLACE TEMP TABLE ${name} (r BIGINT, start BIGINT, k DOUBLE, cols BIGINT)`);
  const t = grid.rowTable();
  const app: DuckDBAppender = await db.con.createAppender(name, 'main', 'temp');
  try {
    for (let r = 0; r < t.start.length; r++) {
      app.appendBigInt(BigInt(r));
      app.appendBigInt(BigInt(t.start[r]!));
      app.appendDouble(t.k[r]!);
      app.appendBigInt(BigInt(t.cols[r]!));
      app.endRow();
    }
    app.flushSync();
  } finally {
    app.closeSync();
  }
}

/** Temp table traffic_vessels: the stored MMSIs the layer counts as vessels. */
async function vesselTable(db: Db): Promise<void> {
  await db.run(`CREATE OR REPLACE TEMP TABLE traffic_vessels (mmsi INTEGER)`);
  const rows = await db.rows(`SELECT DISTINCT mmsi FROM positions WHERE mmsi >= 0`);
  const app = await db.con.createAppender('traffic_vessels', 'main', 'temp');
  try {
    for (const r of rows) {
      const m = num(r.mmsi);
      if (isVesselMmsi(m)) {
        app.appendInteger(m);
        app.endRow();
      }
    }
    app.flushSync();
  } finally {
    app.closeSync();
  }
}

/** Positions the layer takes at all (TrafficLayer.add's first checks), with their epoch µs and hour. */
const VALID = `lat BETWEEN -90 AND 90 AND lon BETWEEN -180 AND 180 AND t >= TIMESTAMP '1970-01-01' AND mmsi >= 0
  AND epoch_us(t) < ${HOUR_SPAN} * ${HOUR_US}::BIGINT`;

function cellsSql(p: TrafficParams): string {
  const g = TrafficGrid.of(p.cellM).sql('b.lat', 'b.lon', 'g');
  const cls = `CASE WHEN sog >= ${p.movingMinKn} AND sog <= ${p.movingMaxKn} THEN 1 WHEN sog >= 0 AND sog < ${p.stationaryMaxKn} THEN 2 ELSE 0 END`;
  const side = (c: number): string => `
    SELECT cell, count(DISTINCT mmsi) AS vessels, count(DISTINCT member) AS hours, count(*) AS positions,
      min(us) / 1000 AS first_ms, max(us) / 1000 AS last_ms, ${sketch('mmsi::BIGINT')} AS vessel_sketch, ${sketch('member')} AS hour_sketch
    FROM c WHERE cls = ${c} GROUP BY cell`;
  return `
  WITH b AS (
    SELECT p.mmsi, p.lat, p.lon, epoch_us(p.t) AS us, ${cls} AS cls
    FROM positions p SEMI JOIN temp.traffic_vessels v ON p.mmsi = v.mmsi
    WHERE ${VALID} AND sog IS NOT NULL),
  c AS (
    SELECT ${g.cell} AS cell, b.mmsi, b.us, b.cls, b.mmsi::BIGINT * ${HOUR_SPAN} + b.us // ${HOUR_US} AS member
    FROM b JOIN temp.traffic_grid_fine g ON g.r = ${g.row} WHERE b.cls > 0),
  m AS (${side(1)}),
  s AS (${side(2)})
  SELECT coalesce(m.cell, s.cell) AS cell,
    coalesce(m.vessels, 0), coalesce(m.hours, 0), coalesce(m.positions, 0), m.first_ms, m.last_ms, coalesce(m.vessel_sketch, 'e:'), coalesce(m.hour_sketch, 'e:'),
    coalesce(s.vessels, 0), coalesce(s.hours, 0), coalesce(s.positions, 0), s.first_ms, s.last_ms, coalesce(s.vessel_sketch, 'e:'), coalesce(s.hour_sketch, 'e:')
  FROM m FULL OUTER JOIN s ON m.cell = s.cell`;
}

function coverageSql(p: TrafficParams): string {
  const g = TrafficGrid.of(p.coverageCellM).sql('b.lat', 'b.lon', 'g');
  return `
  WITH b AS (
    SELECT p.mmsi, p.lat, p.lon, epoch_us(p.t) // ${HOUR_US} AS hour
    FROM positions p SEMI JOIN temp.traffic_vessels v ON p.mmsi = v.mmsi WHERE ${VALID})
  SELECT ${g.cell} AS cell, b.hour, count(DISTINCT b.mmsi), count(*), ${sketch('b.mmsi::BIGINT')}
  FROM b JOIN temp.traffic_grid_coarse g ON g.r = ${g.row}
  GROUP BY ALL`;
}

const HOURS_SQL = `
  SELECT epoch_us(t) // ${HOUR_US} AS hour, count(DISTINCT mmsi), count(*), ${sketch('mmsi::BIGINT')}
  FROM positions WHERE ${VALID} GROUP BY ALL`;

/**
 * Rebuilds the stored layer when the positions (or the build options) changed since it was
 * built. DuckDB gets every core for it: the JavaScript thread has nothing to do meanwhile.
 */
export async function refreshTraffic(db: Db, params: Partial<TrafficParams> = {}): Promise<TrafficRefresh> {
  const p = trafficParams(params);
  return db.serial(async () => {
    const t0 = process.hrtime.bigint();
    const marker = await currentMarker(db, p);
    const old = await storedMarker(db);
    if (old && sameMarker(old, marker)) return { refreshed: false, seconds: 0, positions: marker.positions };
    const [th] = await db.rows(`SELECT current_setting('threads')::INTEGER AS n`);
    const threads = num(th!.n);
    try {
      await db.run(`SET threads = ${Math.max(threads, availableParallelism())}`);
      await gridTable(db, 'traffic_grid_fine', TrafficGrid.of(p.cellM));
      await gridTable(db, 'traffic_grid_coarse', TrafficGrid.of(p.coverageCellM));
      await vesselTable(db);
      await db.run('BEGIN TRANSACTION');
      try {
        for (const t of ['traffic_cells', 'traffic_coverage', 'traffic_hours']) await db.run(`DELETE FROM ${t}`);
        await db.run(`INSERT INTO traffic_cells ${cellsSql(p)}`);
        await db.run(`INSERT INTO traffic_coverage ${coverageSql(p)}`);
        await db.run(`INSERT INTO traffic_hours ${HOURS_SQL}`);
        await db.run(`INSERT OR REPLACE INTO meta VALUES ('${MARKER_KEY}', $1)`, [JSON.stringify(marker)]);
        await db.run('COMMIT');
      } catch (err) {
        await db.run('ROLLBACK').catch(() => undefined);
        throw err;
      }
    } catch (err) {
      throw err instanceof StoreError ? err : new StoreError(`traffic refresh: ${errMsg(err)}`, undefined, undefined, { cause: err });
    } finally {
      await db.run(`SET threads = ${threads}`);
      for (const t of ['traffic_grid_fine', 'traffic_grid_coarse', 'traffic_vessels']) await db.run(`DROP TABLE IF EXISTS temp.${t}`);
    }
    return { refreshed: true, seconds: Number(process.hrtime.bigint() - t0) / 1e9, positions: marker.positions };
  });
}

const numOrNullMs = (v: Row[string] | undefined): number | null => (v === null || v === undefined ? null : num(v));

/** The stored layer as TrafficLayer.fromRows takes it; null when never built. */
export async function traffic(db: Db): Promise<StoredTraffic | null> {
  return db.serial(async () => {
    const old = await storedMarker(db);
    if (!old) return null;
    const now = await currentMarker(db, old.params);
    const cells: TrafficCellRow[] = (await db.rows(`SELECT * FROM traffic_cells ORDER BY cell`)).map((r) => ({
      cell: num(r.cell),
      movingVessels: num(r.moving_vessels),
      movingHours: num(r.moving_hours),
      movingPositions: num(r.moving_positions),
      movingFirstMs: numOrNullMs(r.moving_first_ms),
      movingLastMs: numOrNullMs(r.moving_last_ms),
      movingVesselSketch: String(r.moving_vessel_sketch),
      movingHourSketch: String(r.moving_hour_sketch),
      stationaryVessels: num(r.stationary_vessels),
      stationaryHours: num(r.stationary_hours),
      stationaryPositions: num(r.stationary_positions),
      stationaryFirstMs: numOrNullMs(r.stationary_first_ms),
      stationaryLastMs: numOrNullMs(r.stationary_last_ms),
      stationaryVesselSketch: String(r.stationary_vessel_sketch),
      stationaryHourSketch: String(r.stationary_hour_sketch),
    }));
    const coverage: TrafficCoverageRow[] = (await db.rows(`SELECT * FROM traffic_coverage ORDER BY cell, hour`)).map((r) => ({
      cell: num(r.cell),
      hour: num(r.hour),
      vessels: num(r.vessels),
      positions: num(r.positions),
      vesselSketch: String(r.vessel_sketch),
    }));
    const hours: TrafficHourRow[] = (await db.rows(`SELECT * FROM traffic_hours ORDER BY hour`)).map((r) => ({
      hour: num(r.hour),
      vessels: num(r.vessels),
      positions: num(r.positions),
      vesselSketch: String(r.vessel_sketch),
    }));
    return { version: 2, params: old.params, cells, coverage, hours, stale: !sameMarker(old, now) };
  });
}
