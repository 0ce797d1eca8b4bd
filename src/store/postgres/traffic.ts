/**
 * The traffic layer kept in the PostgreSQL store, built in SQL as the DuckDB store builds it
 * (src/store/duckdb/traffic.ts has the why and the rules): the same cells (TrafficGrid.sql in
 * PostgreSQL's dialect over the same row table), the same two-stage grouping, member lists as
 * string_agg(... ORDER BY member), so the rows are the same for the same positions (the store
 * contract compares both with the JavaScript layer).
 *
 * Freshness: the positions ever inserted are the sum of the sources' `positions_inserted`
 * (writes.ts adds each batch's to its source's row in the batch's transaction; a source row is
 * deleted only when nothing of it was stored); `traffic_marker` records it, the positions'
 * count, their largest seq (the insertion order, migration 5), the build options and the row format at the last
 * build. refresh() does nothing when the counter and the options are the same; merges the
 * positions of seq above the marker's when those are exactly the positions added (their number
 * is the counter's growth and the count grew by as much: none deleted, none committed late with
 * a smaller seq), as the DuckDB store does (its header says how); else rebuilds from all of
 * them. Either runs in one transaction with the new marker.
 */
import { TrafficGrid, isVesselMmsi, type TrafficCellRow, type TrafficCoverageRow, type TrafficHourRow } from '../../geo/traffic.js';
import { StoreError } from '../../errors.js';
import { EXACT_MAX } from '../../geo/traffic-sketch.js';
import type { StoredTraffic, TrafficParams, TrafficReadOptions, TrafficRefresh } from '../types.js';
import { HOUR_SPAN, HOUR_US, TRAFFIC_MARKER_KEY, movingSketchSql, trafficParams } from '../traffic-build.js';
import { errMsg } from '../duckdb/sql.js';
import type { PgDb } from './db.js';

/** The stored rows' layout: a marker of another format (or none) means a full rebuild. */
const MARKER_FORMAT = 2;

interface Marker {
  positions: number;
  written: number;
  /** largest seq of the positions built from (null: none carries one) */
  maxSeq: number | null;
  params: TrafficParams;
  format: number;
}

/** Positions ever inserted (see the header). */
const WRITTEN = `SELECT coalesce(sum(positions_inserted), 0)::float8 AS n FROM ingest_sources`;

async function written(db: PgDb): Promise<number> {
  const [r] = await db.read(WRITTEN);
  return Number(r?.n ?? 0);
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

const sameParams = (m: Marker, params: TrafficParams): boolean => JSON.stringify(m.params) === JSON.stringify(params);
const fresh = (m: Marker, writtenNow: number, params: TrafficParams): boolean => m.written === writtenNow && sameParams(m, params) && m.format === MARKER_FORMAT;

const DOUBLE = 'DOUBLE PRECISION';
const US = `(extract(epoch from p.t) * 1000000)::bigint`;
/** Positions the layer takes at all (TrafficLayer.add's first checks). */
const VALID = `p.lat BETWEEN -90 AND 90 AND p.lon BETWEEN -180 AND 180 AND p.t >= timestamptz 'epoch' AND p.mmsi >= 0
  AND p.t < timestamptz 'epoch' + interval '${HOUR_SPAN} hours'`;
const VESSELS = `p.mmsi IN (SELECT mmsi FROM traffic_vessels)`;
const members = (col: string): string => `'e:' || string_agg((${col})::text, ',' ORDER BY ${col})`;

const classSql = (p: TrafficParams): string =>
  `CASE WHEN p.sog >= ${p.movingMinKn} AND p.sog <= ${p.movingMaxKn} THEN 1 WHEN p.sog >= 0 AND p.sog < ${p.stationaryMaxKn} THEN 2 ELSE 0 END`;

/** (fine cell, class, vessel, hour) -> positions, first and last µs, of the positions `where` picks (as DuckDB's vesselHoursCtes). */
function vesselHoursSql(p: TrafficParams, where: string): string {
  const g = TrafficGrid.of(p.cellM).sql('b.lat', 'b.lon', 'g', DOUBLE);
  return `
    SELECT cell, cls, mmsi, hour, count(*) AS n, min(us) AS f, max(us) AS l FROM (
      SELECT ${g.cell} AS cell, b.cls, b.mmsi, b.us / ${HOUR_US} AS hour, b.us
      FROM (SELECT p.mmsi, p.lat, p.lon, ${US} AS us, ${classSql(p)} AS cls
            FROM positions p WHERE ${VESSELS} AND ${VALID} AND p.sog IS NOT NULL AND ${where}) b
      JOIN traffic_grid_fine g ON g.r = ${g.row} WHERE b.cls > 0) x
    GROUP BY cell, cls, mmsi, hour`;
}

function cellsSql(p: TrafficParams): string {
  return `
  WITH vh AS (${vesselHoursSql(p, 'true')}),
  v AS (SELECT cell, cls, mmsi, count(*) AS hours, sum(n) AS n, min(f) AS f, max(l) AS l FROM vh GROUP BY cell, cls, mmsi),
  m AS (
    SELECT cell, count(*) AS vessels, sum(hours) AS hours, sum(n) AS positions, min(f)::float8 / 1000 AS first_ms, max(l)::float8 / 1000 AS last_ms,
      CASE WHEN count(*) <= ${EXACT_MAX} THEN ${members('mmsi')} ELSE 'n:' || count(*) END AS vessel_sketch,
      'n:' || sum(hours) AS hour_sketch,
      CASE WHEN count(*) > ${EXACT_MAX} THEN ${members('mmsi')} END AS vessel_members
    FROM v WHERE cls = 1 GROUP BY cell),
  sh AS (SELECT cell, ${members(`mmsi::bigint * ${HOUR_SPAN} + hour`)} AS hour_sketch FROM vh WHERE cls = 2 GROUP BY cell),
  s AS (
    SELECT v.cell, count(*) AS vessels, sum(hours) AS hours, sum(n) AS positions, min(f)::float8 / 1000 AS first_ms, max(l)::float8 / 1000 AS last_ms,
      ${members('mmsi')} AS vessel_sketch, min(sh.hour_sketch) AS hour_sketch
    FROM v JOIN sh ON sh.cell = v.cell WHERE cls = 2 GROUP BY v.cell)
  SELECT coalesce(m.cell, s.cell) AS cell,
    coalesce(m.vessels, 0), coalesce(m.hours, 0), coalesce(m.positions, 0), m.first_ms, m.last_ms, coalesce(m.vessel_sketch, 'e:'), coalesce(m.hour_sketch, 'e:'),
    coalesce(s.vessels, 0), coalesce(s.hours, 0), coalesce(s.positions, 0), s.first_ms, s.last_ms, coalesce(s.vessel_sketch, 'e:'), coalesce(s.hour_sketch, 'e:'),
    m.vessel_members
  FROM m FULL OUTER JOIN s ON m.cell = s.cell`;
}

/** (coverage cell, hour, vessel) -> positions, of the positions `where` picks. */
function coverageVesselsSql(p: TrafficParams, where: string): string {
  const g = TrafficGrid.of(p.coverageCellM).sql('b.lat', 'b.lon', 'g', DOUBLE);
  return `
    SELECT cell, hour, mmsi, count(*) AS n FROM (
      SELECT ${g.cell} AS cell, b.hour, b.mmsi
      FROM (SELECT p.mmsi, p.lat, p.lon, ${US} / ${HOUR_US} AS hour FROM positions p WHERE ${VESSELS} AND ${VALID} AND ${where}) b
      JOIN traffic_grid_coarse g ON g.r = ${g.row}) x
    GROUP BY cell, hour, mmsi`;
}

const coverageSql = (p: TrafficParams): string => `SELECT cell, hour, count(*), sum(n), ${members('mmsi')} FROM (${coverageVesselsSql(p, 'true')}) y GROUP BY cell, hour`;

/** (hour, transmitter) -> positions, of the positions `where` picks: hours count every transmitter. */
const hourVesselsSql = (where: string): string => `SELECT ${US} / ${HOUR_US} AS hour, p.mmsi, count(*) AS n FROM positions p WHERE ${VALID} AND ${where} GROUP BY 1, 2`;

const HOURS_SQL = `SELECT hour, count(*), sum(n), ${members('mmsi')} FROM (${hourVesselsSql('true')}) x GROUP BY hour`;

/** Per key, the sorted union of the members of stored sketches (column `sketch` of the rows `stored`) and of new members (`added`: SELECT keys, member). */
const unionSql = (keys: string, stored: string, sketch: string, added: string): string => `
  SELECT ${keys}, string_agg(x::text, ',' ORDER BY x) AS l, count(*) AS n FROM (
    SELECT ${keys}, unnest(string_to_array(substr(${sketch}, 3), ','))::bigint AS x FROM ${stored} WHERE ${sketch} <> 'e:'
    UNION ${added}) u
  GROUP BY ${keys}`;

/** Merges the positions with seq in (from, to] into the stored rows (DuckDB's mergeAppended, in PostgreSQL's dialect). */
async function mergeAppended(db: PgDb, p: TrafficParams, from: number | null, to: number): Promise<void> {
  const added = `p.seq > ${from ?? -1} AND p.seq <= ${to}`;
  await db.query(`CREATE TEMP TABLE traffic_new_vh ON COMMIT DROP AS ${vesselHoursSql(p, added)}`);
  await db.query(`ANALYZE traffic_new_vh`);
  await db.query(`CREATE TEMP TABLE traffic_old_vh (cell bigint, mmsi integer, hour bigint) ON COMMIT DROP`);
  const [span] = await db.rows(`SELECT min(hour)::float8 AS lo, max(hour)::float8 AS hi FROM traffic_new_vh WHERE cls = 1`);
  if (span?.lo !== null && span?.lo !== undefined) {
    const g = TrafficGrid.of(p.cellM).sql('b.lat', 'b.lon', 'g', DOUBLE);
    const at = (hour: number): string => `timestamptz '${new Date(hour * 3_600_000).toISOString()}'`;
    // constant time bounds: the day partitions of other times are not read
    await db.query(`INSERT INTO traffic_old_vh
      SELECT DISTINCT ${g.cell} AS cell, b.mmsi, b.hour FROM (
        SELECT p.mmsi, p.lat, p.lon, ${US} / ${HOUR_US} AS hour FROM positions p
        WHERE (p.seq IS NULL OR p.seq <= ${from ?? -1}) AND p.t >= ${at(Number(span.lo))} AND p.t < ${at(Number(span.hi) + 1)}
          AND ${VALID} AND p.sog >= ${p.movingMinKn} AND p.sog <= ${p.movingMaxKn}) b
      JOIN traffic_grid_fine g ON g.r = ${g.row}
      WHERE (b.mmsi, b.hour) IN (SELECT mmsi, hour FROM traffic_new_vh WHERE cls = 1)`);
  }
  await db.query(`CREATE TEMP TABLE traffic_merged_cells ON COMMIT DROP AS
    WITH vh AS (
      SELECT n.*, n.cls = 1 AND o.mmsi IS NULL AS fresh
      FROM traffic_new_vh n LEFT JOIN traffic_old_vh o ON o.cell = n.cell AND o.mmsi = n.mmsi AND o.hour = n.hour),
    v AS (SELECT cell, cls, mmsi, count(*) FILTER (WHERE fresh) AS hours, sum(n) AS n, min(f) AS f, max(l) AS l FROM vh GROUP BY cell, cls, mmsi),
    d AS (
      SELECT cell, sum(hours) FILTER (WHERE cls = 1) AS mh,
        sum(n) FILTER (WHERE cls = 1) AS mp, min(f) FILTER (WHERE cls = 1)::float8 / 1000 AS mf, max(l) FILTER (WHERE cls = 1)::float8 / 1000 AS ml,
        sum(n) FILTER (WHERE cls = 2) AS sp, min(f) FILTER (WHERE cls = 2)::float8 / 1000 AS sf, max(l) FILTER (WHERE cls = 2)::float8 / 1000 AS sl
      FROM v GROUP BY cell),
    o AS (SELECT o.*, coalesce(o.moving_vessel_members, o.moving_vessel_sketch) AS mm FROM traffic_cells o WHERE o.cell IN (SELECT cell FROM d)),
    mv AS (${unionSql('cell', 'o', 'mm', 'SELECT cell, mmsi FROM v WHERE cls = 1')}),
    sv AS (${unionSql('cell', 'o', 'stationary_vessel_sketch', 'SELECT cell, mmsi FROM v WHERE cls = 2')}),
    sh AS (${unionSql('cell', 'o', 'stationary_hour_sketch', `SELECT cell, mmsi::bigint * ${HOUR_SPAN} + hour FROM vh WHERE cls = 2`)}),
    x AS (
      SELECT d.cell, coalesce(mv.n, 0) AS nmv, mv.l AS mv, coalesce(o.moving_hours, 0) + coalesce(d.mh, 0) AS mh,
        coalesce(o.moving_positions, 0) + coalesce(d.mp, 0) AS mp, least(o.moving_first_ms, d.mf) AS mf, greatest(o.moving_last_ms, d.ml) AS ml,
        coalesce(sv.n, 0) AS nsv, sv.l AS sv, coalesce(sh.n, 0) AS nsh, sh.l AS sh,
        coalesce(o.stationary_positions, 0) + coalesce(d.sp, 0) AS sp, least(o.stationary_first_ms, d.sf) AS sf, greatest(o.stationary_last_ms, d.sl) AS sl
      FROM d LEFT JOIN o ON o.cell = d.cell LEFT JOIN mv ON mv.cell = d.cell LEFT JOIN sv ON sv.cell = d.cell LEFT JOIN sh ON sh.cell = d.cell)
    SELECT cell, nmv AS moving_vessels, mh AS moving_hours, mp AS moving_positions, mf AS moving_first_ms, ml AS moving_last_ms,
      CASE WHEN nmv <= ${EXACT_MAX} THEN 'e:' || coalesce(mv, '') ELSE 'n:' || nmv END AS moving_vessel_sketch,
      CASE WHEN mh = 0 THEN 'e:' ELSE 'n:' || mh END AS moving_hour_sketch,
      nsv AS stationary_vessels, nsh AS stationary_hours, sp AS stationary_positions, sf AS stationary_first_ms, sl AS stationary_last_ms,
      'e:' || coalesce(sv, '') AS stationary_vessel_sketch, 'e:' || coalesce(sh, '') AS stationary_hour_sketch,
      CASE WHEN nmv > ${EXACT_MAX} THEN 'e:' || mv END AS moving_vessel_members
    FROM x`);
  await db.query(`CREATE TEMP TABLE traffic_merged_coverage ON COMMIT DROP AS
    WITH n AS (${coverageVesselsSql(p, added)}),
    d AS (SELECT cell, hour, sum(n) AS n FROM n GROUP BY cell, hour),
    o AS (SELECT o.* FROM traffic_coverage o WHERE (o.cell, o.hour) IN (SELECT cell, hour FROM d)),
    u AS (${unionSql('cell, hour', 'o', 'vessel_sketch', 'SELECT cell, hour, mmsi FROM n')})
    SELECT d.cell, d.hour, u.n AS vessels, coalesce(o.positions, 0) + d.n AS positions, 'e:' || u.l AS vessel_sketch
    FROM d JOIN u ON u.cell = d.cell AND u.hour = d.hour LEFT JOIN o ON o.cell = d.cell AND o.hour = d.hour`);
  await db.query(`CREATE TEMP TABLE traffic_merged_hours ON COMMIT DROP AS
    WITH n AS (${hourVesselsSql(added)}),
    d AS (SELECT hour, sum(n) AS n FROM n GROUP BY hour),
    o AS (SELECT o.* FROM traffic_hours o WHERE o.hour IN (SELECT hour FROM d)),
    u AS (${unionSql('hour', 'o', 'vessel_sketch', 'SELECT hour, mmsi FROM n')})
    SELECT d.hour, u.n AS vessels, coalesce(o.positions, 0) + d.n AS positions, 'e:' || u.l AS vessel_sketch
    FROM d JOIN u ON u.hour = d.hour LEFT JOIN o ON o.hour = d.hour`);
  const cellCols = `cell, moving_vessels, moving_hours, moving_positions, moving_first_ms, moving_last_ms, moving_vessel_sketch, moving_hour_sketch,
    stationary_vessels, stationary_hours, stationary_positions, stationary_first_ms, stationary_last_ms, stationary_vessel_sketch, stationary_hour_sketch, moving_vessel_members`;
  await db.query(`DELETE FROM traffic_cells o USING traffic_merged_cells m WHERE o.cell = m.cell`);
  await db.query(`INSERT INTO traffic_cells (${cellCols}) SELECT ${cellCols} FROM traffic_merged_cells`);
  await db.query(`DELETE FROM traffic_coverage o USING traffic_merged_coverage m WHERE o.cell = m.cell AND o.hour = m.hour`);
  await db.query(`INSERT INTO traffic_coverage (cell, hour, vessels, positions, vessel_sketch) SELECT cell, hour, vessels, positions, vessel_sketch FROM traffic_merged_coverage`);
  await db.query(`DELETE FROM traffic_hours o USING traffic_merged_hours m WHERE o.hour = m.hour`);
  await db.query(`INSERT INTO traffic_hours (hour, vessels, positions, vessel_sketch) SELECT hour, vessels, positions, vessel_sketch FROM traffic_merged_hours`);
}

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

/** Temp table traffic_vessels: the stored MMSIs (of the positions `where` picks) the layer counts as vessels (isVesselMmsi, decided here). */
async function vesselTable(db: PgDb, where = 'true'): Promise<void> {
  await db.query(`CREATE TEMP TABLE traffic_vessels (mmsi integer PRIMARY KEY) ON COMMIT DROP`);
  const all = await db.rows(`SELECT DISTINCT mmsi FROM positions p WHERE mmsi >= 0 AND ${where}`);
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
        const [w] = await db.rows(WRITTEN);
        const now = Number(w?.n ?? 0);
        if (old && fresh(old, now, p)) return { refreshed: false, incremental: false, seconds: 0, positions: old.positions };
        const [c] = await db.rows(`SELECT count(*)::float8 AS n, count(*) FILTER (WHERE seq > $1)::float8 AS added, max(seq)::float8 AS m FROM positions`, [old?.maxSeq ?? -1]);
        const marker: Marker = { positions: Number(c!.n), written: now, maxSeq: c!.m === null ? null : Number(c!.m), params: p, format: MARKER_FORMAT };
        const added = Number(c!.added);
        // the seq above the marker's are exactly the positions added since, and all the others are still there
        const incremental =
          old !== null && old.format === MARKER_FORMAT && sameParams(old, p) && added > 0 && added === now - old.written && marker.positions === old.positions + added;
        await gridTable(db, 'traffic_grid_fine', TrafficGrid.of(p.cellM));
        await gridTable(db, 'traffic_grid_coarse', TrafficGrid.of(p.coverageCellM));
        if (incremental) {
          await vesselTable(db, `p.seq > ${old.maxSeq ?? -1} AND p.seq <= ${marker.maxSeq!}`);
          await mergeAppended(db, p, old.maxSeq, marker.maxSeq!);
        } else {
          await vesselTable(db);
          for (const t of ['traffic_cells', 'traffic_coverage', 'traffic_hours']) await db.query(`DELETE FROM ${t}`);
          await db.query(`INSERT INTO traffic_cells ${cellsSql(p)}`);
          await db.query(`INSERT INTO traffic_coverage ${coverageSql(p)}`);
          await db.query(`INSERT INTO traffic_hours ${HOURS_SQL}`);
        }
        await db.query(`INSERT INTO meta VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`, [TRAFFIC_MARKER_KEY, JSON.stringify(marker)]);
        return { refreshed: true, incremental, seconds: Number(process.hrtime.bigint() - t0) / 1e9, positions: marker.positions };
      });
    } catch (err) {
      throw err instanceof StoreError ? err : new StoreError(`traffic refresh: ${errMsg(err)}`, undefined, undefined, { cause: err });
    }
  });
}

const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/** The stored layer as TrafficLayer.fromRows takes it; null when never built. */
export async function traffic(db: PgDb, opts: TrafficReadOptions = {}): Promise<StoredTraffic | null> {
  const old = await storedMarker(db);
  if (!old) return null;
  const stale = !fresh(old, await written(db), old.params);
  const cells: TrafficCellRow[] = [];
  for await (const rows of db.cursor(
    `SELECT cell::float8, moving_vessels, moving_hours, moving_positions::float8, moving_first_ms, moving_last_ms, ${movingSketchSql(opts, 'moving_vessel_sketch')}, moving_hour_sketch,
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
