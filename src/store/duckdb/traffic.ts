/**
 * The traffic layer kept in the DuckDB store (src/geo/traffic.ts, DESIGN.md "traffic layer"),
 * built in SQL: feeding every stored position through the JavaScript layer costs ~0.5 us a
 * position (5 s for 10M), where DuckDB's GROUP BY over the columnar positions costs a fraction
 * of that on two threads. The cells are the layer's own grid: TrafficGrid.sql() writes cellOf's
 * arithmetic as SQL from the same constants, over a row table filled from the grid's float64s.
 *
 * Tables (one row per non-empty fine cell, per (coverage cell, hour), per hour) hold what
 * TrafficLayer.toRows() holds; their sketches are `e:` lists of the distinct members, sorted,
 * whatever their length (Distinct.decode turns a long one into the HyperLogLog the layer would
 * have made, and keeps its exact count), or `n:` counts where analyze never takes a union
 * (moving vessel-hours; moving vessels above 32, water evidence for any threshold). The same rules as TrafficLayer.add: positions with
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
import { TrafficGrid, isVesselMmsi, type TrafficCellRow, type TrafficCoverageRow, type TrafficHourRow } from '../../geo/traffic.js';
import { StoreError } from '../../errors.js';
import { EXACT_MAX } from '../../geo/traffic-sketch.js';
import type { StoredTraffic, TrafficParams, TrafficRefresh } from '../types.js';
import { HOUR_SPAN, HOUR_US, TRAFFIC_MARKER_KEY, trafficParams } from '../traffic-build.js';
import { errMsg, num } from './sql.js';
import { doubleColumn, isValid } from './chunks.js';
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


interface Marker {
  positions: number;
  maxRowid: number;
  params: TrafficParams;
}

async function currentMarker(db: Db, params: TrafficParams): Promise<Marker> {
  const [r] = await db.rows(`SELECT count(*)::DOUBLE AS n, coalesce(max(rowid), -1)::DOUBLE AS m FROM positions`);
  return { positions: num(r!.n), maxRowid: num(r!.m), params };
}

async function storedMarker(db: Db): Promise<Marker | null> {
  const [r] = await db.rows(`SELECT value FROM meta WHERE key = '${TRAFFIC_MARKER_KEY}'`);
  if (!r) return null;
  try {
    return JSON.parse(String(r.value)) as Marker;
  } catch {
    return null;
  }
}

const sameMarker = (a: Marker, b: Marker): boolean => JSON.stringify(a) === JSON.stringify(b);

/** Fills temp table `name` (r, start, k, cols) with the grid's rows, as TrafficGrid.sql() joins it. */
export async function gridTable(db: Db, name: string, grid: TrafficGrid): Promise<void> {
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
export async function vesselTable(db: Db): Promise<void> {
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

/**
 * Two stages, no DISTINCT aggregate (DuckDB's are slow): positions -> (cell, class, vessel,
 * hour) -> (cell, class, vessel) -> (cell, class); member lists are list() then list_sort()
 * (ordered aggregates measured 10x slower). What analyze never unions is kept as a count
 * only (`n:` sketches, traffic-sketch.ts): moving vessel-hours always (a display figure), moving
 * vessels above EXACT_MAX (such a cell is water evidence for any threshold the layer takes).
 * Stationary cells keep every member: learned anchorages union them over a cluster.
 */
function cellsSql(p: TrafficParams): string {
  const g = TrafficGrid.of(p.cellM).sql('b.lat', 'b.lon', 'g');
  const cls = `CASE WHEN sog >= ${p.movingMinKn} AND sog <= ${p.movingMaxKn} THEN 1 WHEN sog >= 0 AND sog < ${p.stationaryMaxKn} THEN 2 ELSE 0 END`;
  return `
  WITH b AS (
    SELECT p.mmsi, p.lat, p.lon, epoch_us(p.t) AS us, ${cls} AS cls
    FROM positions p SEMI JOIN temp.traffic_vessels v ON p.mmsi = v.mmsi
    WHERE ${VALID} AND sog IS NOT NULL),
  vh AS (
    SELECT ${g.cell} AS cell, b.cls, b.mmsi, b.us // ${HOUR_US} AS hour, count(*) AS n, min(b.us) AS f, max(b.us) AS l
    FROM b JOIN temp.traffic_grid_fine g ON g.r = ${g.row} WHERE b.cls > 0 GROUP BY ALL),
  v AS (SELECT cell, cls, mmsi, count(*) AS hours, sum(n) AS n, min(f) AS f, max(l) AS l FROM vh GROUP BY cell, cls, mmsi),
  m AS (
    SELECT cell, count(*) AS vessels, sum(hours) AS hours, sum(n) AS positions, min(f) / 1000 AS first_ms, max(l) / 1000 AS last_ms,
      CASE WHEN count(*) <= ${EXACT_MAX} THEN 'e:' || array_to_string(list_sort(list(mmsi)), ',') ELSE 'n:' || count(*) END AS vessel_sketch,
      'n:' || sum(hours) AS hour_sketch
    FROM v WHERE cls = 1 GROUP BY cell),
  sh AS (SELECT cell, 'e:' || array_to_string(list_sort(list(mmsi::BIGINT * ${HOUR_SPAN} + hour)), ',') AS hour_sketch FROM vh WHERE cls = 2 GROUP BY cell),
  s AS (
    SELECT v.cell, count(*) AS vessels, sum(hours) AS hours, sum(n) AS positions, min(f) / 1000 AS first_ms, max(l) / 1000 AS last_ms,
      'e:' || array_to_string(list_sort(list(mmsi)), ',') AS vessel_sketch, any_value(sh.hour_sketch) AS hour_sketch
    FROM v JOIN sh ON sh.cell = v.cell WHERE cls = 2 GROUP BY v.cell)
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
  SELECT cell, hour, count(*), sum(n), 'e:' || array_to_string(list_sort(list(mmsi)), ',') FROM (
    SELECT ${g.cell} AS cell, b.hour, b.mmsi, count(*) AS n
    FROM b JOIN temp.traffic_grid_coarse g ON g.r = ${g.row}
    GROUP BY ALL)
  GROUP BY cell, hour`;
}

const HOURS_SQL = `
  SELECT hour, count(*), sum(n), 'e:' || array_to_string(list_sort(list(mmsi)), ',') FROM (
    SELECT epoch_us(t) // ${HOUR_US} AS hour, mmsi, count(*) AS n FROM positions WHERE ${VALID} GROUP BY ALL)
  GROUP BY hour`;

/** The three builds' SELECTs (for timing and review). */
export function trafficSql(params: Partial<TrafficParams> = {}): { cells: string; coverage: string; hours: string } {
  const p = trafficParams(params);
  return { cells: cellsSql(p), coverage: coverageSql(p), hours: HOURS_SQL };
}

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
        await db.run(`INSERT OR REPLACE INTO meta VALUES ('${TRAFFIC_MARKER_KEY}', $1)`, [JSON.stringify(marker)]);
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

/**
 * Rows of `sql` column by column: `nums` DOUBLE columns first, then `texts` VARCHAR columns
 * (chunk vectors, not row objects: ~10x cheaper for the 10^5-10^6 rows of a big layer).
 */
async function readColumns(db: Db, sql: string, nums: number, texts: number, row: (n: (i: number) => number | null, t: (i: number) => string) => void): Promise<void> {
  const con = await db.readConnection();
  try {
    const result = await con.stream(sql).catch((cause: unknown) => {
      throw new StoreError(`traffic read failed: ${errMsg(cause)}`, sql, undefined, { cause });
    });
    for (;;) {
      const chunk = await result.fetchChunk();
      if (!chunk || chunk.rowCount === 0) break;
      const n = chunk.rowCount;
      const numCols = Array.from({ length: nums }, (_, i) => doubleColumn(chunk, i, n));
      const textCols = Array.from({ length: texts }, (_, i) => chunk.getColumnValues(nums + i));
      for (let j = 0; j < n; j++) {
        row(
          (i) => (isValid(numCols[i]!, j) ? numCols[i]!.data[j]! : null),
          (i) => String(textCols[i]![j]),
        );
      }
    }
  } finally {
    con.closeSync();
  }
}

/** The stored layer as TrafficLayer.fromRows takes it; null when never built. */
export async function traffic(db: Db): Promise<StoredTraffic | null> {
  const state = await db.serial(async () => {
    const old = await storedMarker(db);
    return old ? { old, now: await currentMarker(db, old.params) } : null;
  });
  if (!state) return null;
  const cells: TrafficCellRow[] = [];
  const z = (x: number | null): number => x ?? 0;
  await readColumns(
    db,
    `SELECT cell::DOUBLE, moving_vessels::DOUBLE, moving_hours::DOUBLE, moving_positions::DOUBLE, moving_first_ms, moving_last_ms,
       stationary_vessels::DOUBLE, stationary_hours::DOUBLE, stationary_positions::DOUBLE, stationary_first_ms, stationary_last_ms,
       moving_vessel_sketch, moving_hour_sketch, stationary_vessel_sketch, stationary_hour_sketch FROM traffic_cells ORDER BY cell`,
    11,
    4,
    (n, t) =>
      cells.push({
        cell: z(n(0)),
        movingVessels: z(n(1)),
        movingHours: z(n(2)),
        movingPositions: z(n(3)),
        movingFirstMs: n(4),
        movingLastMs: n(5),
        movingVesselSketch: t(0),
        movingHourSketch: t(1),
        stationaryVessels: z(n(6)),
        stationaryHours: z(n(7)),
        stationaryPositions: z(n(8)),
        stationaryFirstMs: n(9),
        stationaryLastMs: n(10),
        stationaryVesselSketch: t(2),
        stationaryHourSketch: t(3),
      }),
  );
  const coverage: TrafficCoverageRow[] = [];
  await readColumns(db, `SELECT cell::DOUBLE, hour::DOUBLE, vessels::DOUBLE, positions::DOUBLE, vessel_sketch FROM traffic_coverage ORDER BY cell, hour`, 4, 1, (n, t) =>
    coverage.push({ cell: z(n(0)), hour: z(n(1)), vessels: z(n(2)), positions: z(n(3)), vesselSketch: t(0) }),
  );
  const hours: TrafficHourRow[] = [];
  await readColumns(db, `SELECT hour::DOUBLE, vessels::DOUBLE, positions::DOUBLE, vessel_sketch FROM traffic_hours ORDER BY hour`, 3, 1, (n, t) =>
    hours.push({ hour: z(n(0)), vessels: z(n(1)), positions: z(n(2)), vesselSketch: t(0) }),
  );
  return { version: 2, params: state.old.params, cells, coverage, hours, stale: !sameMarker(state.old, state.now) };
}
