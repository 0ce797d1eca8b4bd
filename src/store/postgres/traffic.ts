/**
 * The traffic layer kept in the PostgreSQL store, built in SQL as the DuckDB store builds it
 * (src/store/duckdb/traffic.ts has the why and the rules): the same cells (TrafficGrid.sql in
 * PostgreSQL's dialect over the same row table), the same two-stage grouping, member lists as
 * string_agg(... ORDER BY member), so the rows are the same for the same positions (the store
 * contract compares both with the JavaScript layer).
 *
 * Freshness: meta `positions_written` counts the positions ever inserted (writes.ts adds to it in
 * each batch's transaction; positions are never deleted); `traffic_marker` records it and the
 * build options at the last build. refresh() rebuilds when either differs, in one transaction
 * with the new marker.
 */
import { TrafficGrid, isVesselMmsi, type TrafficCellRow, type TrafficCoverageRow, type TrafficHourRow } from '../../geo/traffic.js';
import { StoreError } from '../../errors.js';
import { EXACT_MAX } from '../../geo/traffic-sketch.js';
import type { StoredTraffic, TrafficParams, TrafficRefresh } from '../types.js';
import { HOUR_SPAN, HOUR_US, TRAFFIC_MARKER_KEY, trafficParams } from '../traffic-build.js';
import { errMsg } from '../duckdb/sql.js';
import type { PgDb } from './db.js';

interface Marker {
  positions: number;
  written: number;
  params: TrafficParams;
}

async function written(db: PgDb): Promise<number> {
  const [r] = await db.read(`SELECT value FROM meta WHERE key = 'positions_written'`);
  return Number(r?.value ?? 0);
}

async function storedMarker(db: PgDb): Promise<Marker | null> {
  const [r] = await db.read(`SELECT value FROM meta WHERE key = $1`, [TRAFFIC_MARKER_KEY]);
  if (!r) return null;
  try {
    return JSON.parse(String(r.value)) as Marker;
  } catch {
    return null;
  }
}

const fresh = (m: Marker, writtenNow: number, params: TrafficParams): boolean => m.written === writtenNow && JSON.stringify(m.params) === JSON.stringify(params);

const DOUBLE = 'DOUBLE PRECISION';
const US = `(extract(epoch from p.t) * 1000000)::bigint`;
/** Positions the layer takes at all (TrafficLayer.add's first checks). */
const VALID = `p.lat BETWEEN -90 AND 90 AND p.lon BETWEEN -180 AND 180 AND p.t >= timestamptz 'epoch' AND p.mmsi >= 0
  AND p.t < timestamptz 'epoch' + interval '${HOUR_SPAN} hours'`;
const VESSELS = `p.mmsi IN (SELECT mmsi FROM traffic_vessels)`;
const members = (col: string): string => `'e:' || string_agg((${col})::text, ',' ORDER BY ${col})`;

function cellsSql(p: TrafficParams): string {
  const g = TrafficGrid.of(p.cellM).sql('b.lat', 'b.lon', 'g', DOUBLE);
  const cls = `CASE WHEN p.sog >= ${p.movingMinKn} AND p.sog <= ${p.movingMaxKn} THEN 1 WHEN p.sog >= 0 AND p.sog < ${p.stationaryMaxKn} THEN 2 ELSE 0 END`;
  return `
  WITH b AS (
    SELECT p.mmsi, p.lat, p.lon, ${US} AS us, ${cls} AS cls
    FROM positions p WHERE ${VESSELS} AND ${VALID} AND p.sog IS NOT NULL),
  vh AS (
    SELECT cell, cls, mmsi, hour, count(*) AS n, min(us) AS f, max(us) AS l FROM (
      SELECT ${g.cell} AS cell, b.cls, b.mmsi, b.us / ${HOUR_US} AS hour, b.us
      FROM b JOIN traffic_grid_fine g ON g.r = ${g.row} WHERE b.cls > 0) x
    GROUP BY cell, cls, mmsi, hour),
  v AS (SELECT cell, cls, mmsi, count(*) AS hours, sum(n) AS n, min(f) AS f, max(l) AS l FROM vh GROUP BY cell, cls, mmsi),
  m AS (
    SELECT cell, count(*) AS vessels, sum(hours) AS hours, sum(n) AS positions, min(f)::float8 / 1000 AS first_ms, max(l)::float8 / 1000 AS last_ms,
      CASE WHEN count(*) <= ${EXACT_MAX} THEN ${members('mmsi')} ELSE 'n:' || count(*) END AS vessel_sketch,
      'n:' || sum(hours) AS hour_sketch
    FROM v WHERE cls = 1 GROUP BY cell),
  sh AS (SELECT cell, ${members(`mmsi::bigint * ${HOUR_SPAN} + hour`)} AS hour_sketch FROM vh WHERE cls = 2 GROUP BY cell),
  s AS (
    SELECT v.cell, count(*) AS vessels, sum(hours) AS hours, sum(n) AS positions, min(f)::float8 / 1000 AS first_ms, max(l)::float8 / 1000 AS last_ms,
      ${members('mmsi')} AS vessel_sketch, min(sh.hour_sketch) AS hour_sketch
    FROM v JOIN sh ON sh.cell = v.cell WHERE cls = 2 GROUP BY v.cell)
  SELECT coalesce(m.cell, s.cell) AS cell,
    coalesce(m.vessels, 0), coalesce(m.hours, 0), coalesce(m.positions, 0), m.first_ms, m.last_ms, coalesce(m.vessel_sketch, 'e:'), coalesce(m.hour_sketch, 'e:'),
    coalesce(s.vessels, 0), coalesce(s.hours, 0), coalesce(s.positions, 0), s.first_ms, s.last_ms, coalesce(s.vessel_sketch, 'e:'), coalesce(s.hour_sketch, 'e:')
  FROM m FULL OUTER JOIN s ON m.cell = s.cell`;
}

function coverageSql(p: TrafficParams): string {
  const g = TrafficGrid.of(p.coverageCellM).sql('b.lat', 'b.lon', 'g', DOUBLE);
  return `
  WITH b AS (SELECT p.mmsi, p.lat, p.lon, ${US} / ${HOUR_US} AS hour FROM positions p WHERE ${VESSELS} AND ${VALID})
  SELECT cell, hour, count(*), sum(n), ${members('mmsi')} FROM (
    SELECT cell, hour, mmsi, count(*) AS n FROM (
      SELECT ${g.cell} AS cell, b.hour, b.mmsi FROM b JOIN traffic_grid_coarse g ON g.r = ${g.row}) x
    GROUP BY cell, hour, mmsi) y
  GROUP BY cell, hour`;
}

const HOURS_SQL = `
  SELECT hour, count(*), sum(n), ${members('mmsi')} FROM (
    SELECT ${US} / ${HOUR_US} AS hour, p.mmsi, count(*) AS n FROM positions p WHERE ${VALID} GROUP BY 1, 2) x
  GROUP BY hour`;

/** Temp table `name` (r, start, k, cols): the grid's row table, as TrafficGrid.sql() joins it. */
async function gridTable(db: PgDb, name: string, grid: TrafficGrid): Promise<void> {
  await db.query(`CREATE TEMP TABLE ${name} (r bigint PRIMARY KEY, start bigint, k float8, cols bigint) ON COMMIT DROP`);
  const t = grid.rowTable();
  await db.query(`INSERT INTO ${name} SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::float8[], $4::bigint[])`, [
    Array.from(t.start, (_, r) => r),
    Array.from(t.start),
    Array.from(t.k),
    Array.from(t.cols),
  ]);
}

/** Temp table traffic_vessels: the stored MMSIs the layer counts as vessels (isVesselMmsi, decided here). */
async function vesselTable(db: PgDb): Promise<void> {
  await db.query(`CREATE TEMP TABLE traffic_vessels (mmsi integer PRIMARY KEY) ON COMMIT DROP`);
  const all = await db.rows(`SELECT DISTINCT mmsi FROM positions WHERE mmsi >= 0`);
  await db.query(`INSERT INTO traffic_vessels SELECT unnest($1::integer[])`, [all.map((r) => Number(r.mmsi)).filter(isVesselMmsi)]);
}

export async function refreshTraffic(db: PgDb, params: Partial<TrafficParams> = {}): Promise<TrafficRefresh> {
  const p = trafficParams(params);
  return db.serial(async () => {
    const t0 = process.hrtime.bigint();
    const old = await storedMarker(db);
    try {
      return await db.transaction(async () => {
        // the counter read in the build's transaction: a batch committed meanwhile marks it stale
        const [w] = await db.rows(`SELECT value FROM meta WHERE key = 'positions_written'`);
        const now = Number(w?.value ?? 0);
        if (old && fresh(old, now, p)) return { refreshed: false, seconds: 0, positions: old.positions };
        const [c] = await db.rows(`SELECT count(*)::float8 AS n FROM positions`);
        const marker: Marker = { positions: Number(c!.n), written: now, params: p };
        await gridTable(db, 'traffic_grid_fine', TrafficGrid.of(p.cellM));
        await gridTable(db, 'traffic_grid_coarse', TrafficGrid.of(p.coverageCellM));
        await vesselTable(db);
        for (const t of ['traffic_cells', 'traffic_coverage', 'traffic_hours']) await db.query(`DELETE FROM ${t}`);
        await db.query(`INSERT INTO traffic_cells ${cellsSql(p)}`);
        await db.query(`INSERT INTO traffic_coverage ${coverageSql(p)}`);
        await db.query(`INSERT INTO traffic_hours ${HOURS_SQL}`);
        await db.query(`INSERT INTO meta VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`, [TRAFFIC_MARKER_KEY, JSON.stringify(marker)]);
        return { refreshed: true, seconds: Number(process.hrtime.bigint() - t0) / 1e9, positions: marker.positions };
      });
    } catch (err) {
      throw err instanceof StoreError ? err : new StoreError(`traffic refresh: ${errMsg(err)}`, undefined, undefined, { cause: err });
    }
  });
}

const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/** The stored layer as TrafficLayer.fromRows takes it; null when never built. */
export async function traffic(db: PgDb): Promise<StoredTraffic | null> {
  const old = await storedMarker(db);
  if (!old) return null;
  const stale = !fresh(old, await written(db), old.params);
  const cells: TrafficCellRow[] = [];
  for await (const rows of db.cursor(
    `SELECT cell::float8, moving_vessels, moving_hours, moving_positions::float8, moving_first_ms, moving_last_ms, moving_vessel_sketch, moving_hour_sketch,
       stationary_vessels, stationary_hours, stationary_positions::float8, stationary_first_ms, stationary_last_ms, stationary_vessel_sketch, stationary_hour_sketch
     FROM traffic_cells ORDER BY cell`,
    [],
  )) {
    for (const r of rows) {
      cells.push({
        cell: r[0] as number,
        movingVessels: r[1] as number,
        movingHours: r[2] as number,
        movingPositions: r[3] as number,
        movingFirstMs: numOrNull(r[4]),
        movingLastMs: numOrNull(r[5]),
        movingVesselSketch: r[6] as string,
        movingHourSketch: r[7] as string,
        stationaryVessels: r[8] as number,
        stationaryHours: r[9] as number,
        stationaryPositions: r[10] as number,
        stationaryFirstMs: numOrNull(r[11]),
        stationaryLastMs: numOrNull(r[12]),
        stationaryVesselSketch: r[13] as string,
        stationaryHourSketch: r[14] as string,
      });
    }
  }
  const coverage: TrafficCoverageRow[] = [];
  for await (const rows of db.cursor(`SELECT cell::float8, hour::float8, vessels, positions::float8, vessel_sketch FROM traffic_coverage ORDER BY cell, hour`, [])) {
    for (const r of rows) coverage.push({ cell: r[0] as number, hour: r[1] as number, vessels: r[2] as number, positions: r[3] as number, vesselSketch: r[4] as string });
  }
  const hours: TrafficHourRow[] = [];
  for await (const rows of db.cursor(`SELECT hour::float8, vessels, positions::float8, vessel_sketch FROM traffic_hours ORDER BY hour`, [])) {
    for (const r of rows) hours.push({ hour: r[0] as number, vessels: r[1] as number, positions: r[2] as number, vesselSketch: r[3] as string });
  }
  return { version: 2, params: old.params, cells, coverage, hours, stale };
}
