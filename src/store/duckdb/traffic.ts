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
 * have made, and keeps its exact count), except the moving ones: a cell's moving vessels are
 * kept as a native sorted INTEGER[] (read back as `e:` up to 32, `n:` above: water evidence for
 * any threshold; a busy store's largest column, which a merge unnests and a text list made it
 * parse and print again), its moving vessel-hours as a count only (a display figure, never
 * unioned). The same rules as TrafficLayer.add: positions with
 * coordinates out of range or a negative time are ignored; hours count every transmitter;
 * cells and coverage count vessel MMSIs only (isVesselMmsi, decided in JS for the store's
 * distinct MMSIs and joined as a temp table); moving = sog in [movingMinKn, movingMaxKn],
 * stationary = sog in [0, stationaryMaxKn).
 *
 * Freshness: meta key `traffic_marker` records the positions' count and largest rowid (positions
 * are only ever appended), the build options and the row format at the last build. refresh() is
 * a no-op when none changed. When only positions were appended (every row up to the marker's
 * rowid still there, same options and format), it aggregates just those (rowid above the marker)
 * and merges them into the stored rows: sketches are unions of member lists, positions sums,
 * first/last times min/max, so the rows are those a full rebuild writes (test/store/traffic-
 * incremental.test.ts). A cell's moving vessel-hours (a sum) are told new or not by looking up the
 * stored positions of the same vessels and hours (few: new data mostly lies in new hours, and
 * DuckDB prunes the scan by time). Anything else (options changed, rows deleted, an older
 * marker) rebuilds from all positions. Either runs in one transaction with the new marker.
 */
import { availableParallelism } from 'node:os';
import type { DuckDBAppender } from '@duckdb/node-api';
import { TrafficGrid, isVesselMmsi, type TrafficCellRow, type TrafficCoverageRow, type TrafficHourRow } from '../../geo/traffic.js';
import { StoreError } from '../../errors.js';
import { EXACT_MAX } from '../../geo/traffic-sketch.js';
import type { StoredTraffic, TrafficParams, TrafficReadOptions, TrafficRefresh } from '../types.js';
import { HOUR_SPAN, HOUR_US, TRAFFIC_MARKER_KEY, movingSketchSql, trafficParams } from '../traffic-build.js';
import { errMsg, num } from './sql.js';
import { doubleColumn, isValid } from './chunks.js';
import type { Db } from './db.js';

export const TRAFFIC_DDL: readonly string[] = [
  // the cells of MARKER_FORMAT 2, moving vessels as text lists: a cache, rebuilt at the next refresh
  `DROP TABLE IF EXISTS traffic_cells`,
  `CREATE TABLE IF NOT EXISTS traffic_cell_rows (
     cell BIGINT NOT NULL,
     moving_vessels INTEGER NOT NULL, moving_hours INTEGER NOT NULL, moving_positions BIGINT NOT NULL,
     moving_first_ms DOUBLE, moving_last_ms DOUBLE, moving_vessel_list INTEGER[] NOT NULL,
     stationary_vessels INTEGER NOT NULL, stationary_hours INTEGER NOT NULL, stationary_positions BIGINT NOT NULL,
     stationary_first_ms DOUBLE, stationary_last_ms DOUBLE, stationary_vessel_sketch VARCHAR NOT NULL, stationary_hour_sketch VARCHAR NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS traffic_coverage (cell BIGINT NOT NULL, hour BIGINT NOT NULL, vessels INTEGER NOT NULL, positions BIGINT NOT NULL, vessel_sketch VARCHAR NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS traffic_hours (hour BIGINT NOT NULL, vessels INTEGER NOT NULL, positions BIGINT NOT NULL, vessel_sketch VARCHAR NOT NULL)`,
];


/** The stored rows' layout: a marker of another format (or none) means a full rebuild. */
const MARKER_FORMAT = 3;

interface Marker {
  positions: number;
  maxRowid: number;
  params: TrafficParams;
  format: number;
}

async function currentMarker(db: Db, params: TrafficParams): Promise<Marker> {
  const [r] = await db.rows(`SELECT count(*)::DOUBLE AS n, coalesce(max(rowid), -1)::DOUBLE AS m FROM positions`);
  return { positions: num(r!.n), maxRowid: num(r!.m), params, format: MARKER_FORMAT };
}

/** Whether the positions now are those of `old` plus rows appended after its largest rowid (none deleted), under the same options and format. */
async function appendedOnly(db: Db, old: Marker, now: Marker): Promise<boolean> {
  if (old.format !== MARKER_FORMAT || JSON.stringify(old.params) !== JSON.stringify(now.params) || now.maxRowid <= old.maxRowid) return false;
  const [r] = await db.rows(`SELECT count(*)::DOUBLE AS n FROM positions WHERE rowid <= ${old.maxRowid}`);
  return num(r!.n) === old.positions;
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

/** Temp table traffic_vessels: the stored MMSIs (of the positions `where` picks) the layer counts as vessels. */
export async function vesselTable(db: Db, where = 'TRUE'): Promise<void> {
  await db.run(`CREATE OR REPLACE TEMP TABLE traffic_vessels (mmsi INTEGER)`);
  const rows = await db.rows(`SELECT DISTINCT mmsi FROM positions p WHERE mmsi >= 0 AND ${where}`);
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

/** Moving = 1, stationary = 2, neither = 0 (TrafficLayer.add's classes). */
const classSql = (p: TrafficParams): string =>
  `CASE WHEN sog >= ${p.movingMinKn} AND sog <= ${p.movingMaxKn} THEN 1 WHEN sog >= 0 AND sog < ${p.stationaryMaxKn} THEN 2 ELSE 0 END`;

/**
 * CTEs `b` and `vh`: the positions `where` picks (of the vessels in temp.traffic_vessels) ->
 * (fine cell, class, vessel, hour) with their count, first and last µs.
 */
function vesselHoursCtes(p: TrafficParams, where: string): string {
  const g = TrafficGrid.of(p.cellM).sql('b.lat', 'b.lon', 'g');
  return `
  b AS (
    SELECT p.mmsi, p.lat, p.lon, epoch_us(p.t) AS us, ${classSql(p)} AS cls
    FROM positions p SEMI JOIN temp.traffic_vessels v ON p.mmsi = v.mmsi
    WHERE ${VALID} AND sog IS NOT NULL AND ${where}),
  vh AS (
    SELECT ${g.cell} AS cell, b.cls, b.mmsi, b.us // ${HOUR_US} AS hour, count(*) AS n, min(b.us) AS f, max(b.us) AS l
    FROM b JOIN temp.traffic_grid_fine g ON g.r = ${g.row} WHERE b.cls > 0 GROUP BY ALL)`;
}

/**
 * Two stages, no DISTINCT aggregate (DuckDB's are slow): positions -> (cell, class, vessel,
 * hour) -> (cell, class, vessel) -> (cell, class); member lists are list() then list_sort()
 * (ordered aggregates measured 10x slower). What analyze never unions is kept as a count
 * only (`n:` sketches, traffic-sketch.ts): moving vessel-hours always (a display figure), moving
 * vessels above EXACT_MAX (such a cell is water evidence for any threshold the layer takes;
 * its members go to moving_vessel_members, for the incremental merge only).
 * Stationary cells keep every member: learned anchorages union them over a cluster.
 */
function cellsSql(p: TrafficParams): string {
  return `
  WITH ${vesselHoursCtes(p, 'TRUE')},
  v AS (SELECT cell, cls, mmsi, count(*) AS hours, sum(n) AS n, min(f) AS f, max(l) AS l FROM vh GROUP BY cell, cls, mmsi),
  m AS (
    SELECT cell, count(*) AS vessels, sum(hours) AS hours, sum(n) AS positions, min(f) / 1000 AS first_ms, max(l) / 1000 AS last_ms,
      list_sort(list(mmsi)) AS vessel_list
    FROM v WHERE cls = 1 GROUP BY cell),
  sh AS (SELECT cell, 'e:' || array_to_string(list_sort(list(mmsi::BIGINT * ${HOUR_SPAN} + hour)), ',') AS hour_sketch FROM vh WHERE cls = 2 GROUP BY cell),
  s AS (
    SELECT v.cell, count(*) AS vessels, sum(hours) AS hours, sum(n) AS positions, min(f) / 1000 AS first_ms, max(l) / 1000 AS last_ms,
      'e:' || array_to_string(list_sort(list(mmsi)), ',') AS vessel_sketch, any_value(sh.hour_sketch) AS hour_sketch
    FROM v JOIN sh ON sh.cell = v.cell WHERE cls = 2 GROUP BY v.cell)
  SELECT coalesce(m.cell, s.cell) AS cell,
    coalesce(m.vessels, 0), coalesce(m.hours, 0), coalesce(m.positions, 0), m.first_ms, m.last_ms, coalesce(m.vessel_list, []::INTEGER[]),
    coalesce(s.vessels, 0), coalesce(s.hours, 0), coalesce(s.positions, 0), s.first_ms, s.last_ms, coalesce(s.vessel_sketch, 'e:'), coalesce(s.hour_sketch, 'e:')
  FROM m FULL OUTER JOIN s ON m.cell = s.cell`;
}

/** (coverage cell, hour, vessel) -> positions, of the positions `where` picks. */
function coverageVesselsSql(p: TrafficParams, where: string): string {
  const g = TrafficGrid.of(p.coverageCellM).sql('b.lat', 'b.lon', 'g');
  return `
  WITH b AS (
    SELECT p.mmsi, p.lat, p.lon, epoch_us(p.t) // ${HOUR_US} AS hour
    FROM positions p SEMI JOIN temp.traffic_vessels v ON p.mmsi = v.mmsi WHERE ${VALID} AND ${where})
  SELECT ${g.cell} AS cell, b.hour, b.mmsi, count(*) AS n
  FROM b JOIN temp.traffic_grid_coarse g ON g.r = ${g.row}
  GROUP BY ALL`;
}

function coverageSql(p: TrafficParams): string {
  return `SELECT cell, hour, count(*), sum(n), 'e:' || array_to_string(list_sort(list(mmsi)), ',') FROM (${coverageVesselsSql(p, 'TRUE')}) GROUP BY cell, hour`;
}

/** (hour, transmitter) -> positions, of the positions `where` picks: hours count every transmitter. */
const hourVesselsSql = (where: string): string =>
  `SELECT epoch_us(t) // ${HOUR_US} AS hour, mmsi, count(*) AS n FROM positions p WHERE ${VALID} AND ${where} GROUP BY ALL`;

const HOURS_SQL = `
  SELECT hour, count(*), sum(n), 'e:' || array_to_string(list_sort(list(mmsi)), ',') FROM (${hourVesselsSql('TRUE')})
  GROUP BY hour`;

/**
 * Per key, the sorted union of the members of stored sketches (column `sketch` of the rows
 * `stored`) and of new members (`added`: SELECT keys, member): unnested rows and a UNION, as
 * DuckDB's vectorised hash aggregate does them fast (list functions per row measured 5x slower).
 */
const unionSql = (keys: string, stored: string, sketch: string, added: string): string => `
  SELECT ${keys}, list_sort(list(x)) AS l FROM (
    SELECT ${keys}, x::BIGINT AS x FROM (SELECT ${keys}, unnest(string_split(substr(${sketch}, 3), ',')) AS x FROM ${stored} WHERE ${sketch} <> 'e:')
    UNION ${added})
  GROUP BY ${keys}`;
const text = (list: string): string => `'e:' || array_to_string(${list}, ',')`;

/**
 * Merges the positions with rowid in (from, to] into the stored rows (see the file header).
 * The merged rows are made first, from the stored ones, then replace them.
 */
async function mergeAppended(db: Db, p: TrafficParams, from: number, to: number): Promise<void> {
  const added = `p.rowid > ${from} AND p.rowid <= ${to}`;
  await db.run(`CREATE OR REPLACE TEMP TABLE traffic_new_vh AS WITH ${vesselHoursCtes(p, added)} SELECT * FROM vh`);
  // the moving vessel-hours of the new positions that stored positions already counted in the same cell
  await db.run(`CREATE OR REPLACE TEMP TABLE traffic_old_vh (cell BIGINT, mmsi INTEGER, hour BIGINT)`);
  const [span] = await db.rows(`SELECT min(hour)::DOUBLE AS lo, max(hour)::DOUBLE AS hi FROM temp.traffic_new_vh WHERE cls = 1`);
  if (span?.lo !== null && span?.lo !== undefined) {
    const g = TrafficGrid.of(p.cellM).sql('b.lat', 'b.lon', 'g');
    // the constant time bounds let DuckDB skip the row groups of other times
    await db.run(`INSERT INTO temp.traffic_old_vh
      WITH k AS (SELECT DISTINCT mmsi, hour FROM temp.traffic_new_vh WHERE cls = 1),
      b AS (
        SELECT p.mmsi, p.lat, p.lon, epoch_us(p.t) // ${HOUR_US} AS hour FROM positions p
        WHERE p.rowid <= ${from} AND p.t >= make_timestamp(${num(span.lo)} * ${HOUR_US}::BIGINT) AND p.t < make_timestamp(${num(span.hi) + 1} * ${HOUR_US}::BIGINT)
          AND ${VALID} AND sog >= ${p.movingMinKn} AND sog <= ${p.movingMaxKn}),
      kb AS (SELECT b.* FROM b SEMI JOIN k ON k.mmsi = b.mmsi AND k.hour = b.hour)
      SELECT DISTINCT ${g.cell} AS cell, b.mmsi, b.hour FROM kb b JOIN temp.traffic_grid_fine g ON g.r = ${g.row}`);
  }
  await db.run(`CREATE OR REPLACE TEMP TABLE traffic_merged_cells AS
    WITH vh AS (
      SELECT n.*, n.cls = 1 AND o.mmsi IS NULL AS fresh
      FROM temp.traffic_new_vh n LEFT JOIN temp.traffic_old_vh o ON o.cell = n.cell AND o.mmsi = n.mmsi AND o.hour = n.hour),
    v AS (SELECT cell, cls, mmsi, count(*) FILTER (WHERE fresh) AS hours, sum(n) AS n, min(f) AS f, max(l) AS l FROM vh GROUP BY cell, cls, mmsi),
    d AS (
      SELECT cell, sum(hours) FILTER (WHERE cls = 1) AS mh,
        sum(n) FILTER (WHERE cls = 1) AS mp, min(f) FILTER (WHERE cls = 1) / 1000 AS mf, max(l) FILTER (WHERE cls = 1) / 1000 AS ml,
        sum(n) FILTER (WHERE cls = 2) AS sp, min(f) FILTER (WHERE cls = 2) / 1000 AS sf, max(l) FILTER (WHERE cls = 2) / 1000 AS sl
      FROM v GROUP BY cell),
    o AS (SELECT o.* FROM traffic_cell_rows o SEMI JOIN d ON o.cell = d.cell),
    mv AS (
      SELECT cell, list_sort(list(x)) AS l FROM (
        SELECT cell, unnest(moving_vessel_list) AS x FROM o
        UNION SELECT cell, mmsi FROM v WHERE cls = 1)
      GROUP BY cell),
    sv AS (${unionSql('cell', 'o', 'stationary_vessel_sketch', 'SELECT cell, mmsi FROM v WHERE cls = 2')}),
    sh AS (${unionSql('cell', 'o', 'stationary_hour_sketch', `SELECT cell, mmsi::BIGINT * ${HOUR_SPAN} + hour FROM vh WHERE cls = 2`)}),
    x AS (
      SELECT d.cell, coalesce(mv.l, []::INTEGER[]) AS mv, coalesce(o.moving_hours, 0) + coalesce(d.mh, 0) AS mh,
        coalesce(o.moving_positions, 0) + coalesce(d.mp, 0) AS mp, least(o.moving_first_ms, d.mf) AS mf, greatest(o.moving_last_ms, d.ml) AS ml,
        coalesce(sv.l, []) AS sv, coalesce(sh.l, []) AS sh,
        coalesce(o.stationary_positions, 0) + coalesce(d.sp, 0) AS sp, least(o.stationary_first_ms, d.sf) AS sf, greatest(o.stationary_last_ms, d.sl) AS sl
      FROM d LEFT JOIN o ON o.cell = d.cell LEFT JOIN mv ON mv.cell = d.cell LEFT JOIN sv ON sv.cell = d.cell LEFT JOIN sh ON sh.cell = d.cell)
    SELECT cell, len(mv) AS moving_vessels, mh AS moving_hours, mp AS moving_positions, mf AS moving_first_ms, ml AS moving_last_ms,
      mv AS moving_vessel_list,
      len(sv) AS stationary_vessels, len(sh) AS stationary_hours, sp AS stationary_positions, sf AS stationary_first_ms, sl AS stationary_last_ms,
      ${text('sv')} AS stationary_vessel_sketch, ${text('sh')} AS stationary_hour_sketch
    FROM x`);
  await db.run(`CREATE OR REPLACE TEMP TABLE traffic_merged_coverage AS
    WITH n AS (${coverageVesselsSql(p, added)}),
    d AS (SELECT cell, hour, sum(n) AS n FROM n GROUP BY cell, hour),
    o AS (SELECT o.* FROM traffic_coverage o SEMI JOIN d ON o.cell = d.cell AND o.hour = d.hour),
    u AS (${unionSql('cell, hour', 'o', 'vessel_sketch', 'SELECT cell, hour, mmsi FROM n')})
    SELECT d.cell, d.hour, len(u.l) AS vessels, coalesce(o.positions, 0) + d.n AS positions, ${text('u.l')} AS vessel_sketch
    FROM d JOIN u ON u.cell = d.cell AND u.hour = d.hour LEFT JOIN o ON o.cell = d.cell AND o.hour = d.hour`);
  await db.run(`CREATE OR REPLACE TEMP TABLE traffic_merged_hours AS
    WITH n AS (${hourVesselsSql(added)}),
    d AS (SELECT hour, sum(n) AS n FROM n GROUP BY hour),
    o AS (SELECT o.* FROM traffic_hours o SEMI JOIN d ON o.hour = d.hour),
    u AS (${unionSql('hour', 'o', 'vessel_sketch', 'SELECT hour, mmsi FROM n')})
    SELECT d.hour, len(u.l) AS vessels, coalesce(o.positions, 0) + d.n AS positions, ${text('u.l')} AS vessel_sketch
    FROM d JOIN u ON u.hour = d.hour LEFT JOIN o ON o.hour = d.hour`);
  await db.run(`DELETE FROM traffic_cell_rows USING temp.traffic_merged_cells m WHERE traffic_cell_rows.cell = m.cell`);
  await db.run(`INSERT INTO traffic_cell_rows BY NAME SELECT * FROM temp.traffic_merged_cells`);
  await db.run(`DELETE FROM traffic_coverage USING temp.traffic_merged_coverage m WHERE traffic_coverage.cell = m.cell AND traffic_coverage.hour = m.hour`);
  await db.run(`INSERT INTO traffic_coverage BY NAME SELECT * FROM temp.traffic_merged_coverage`);
  await db.run(`DELETE FROM traffic_hours USING temp.traffic_merged_hours m WHERE traffic_hours.hour = m.hour`);
  await db.run(`INSERT INTO traffic_hours BY NAME SELECT * FROM temp.traffic_merged_hours`);
}

/** The three builds' SELECTs (for timing and review). */
export function trafficSql(params: Partial<TrafficParams> = {}): { cells: string; coverage: string; hours: string } {
  const p = trafficParams(params);
  return { cells: cellsSql(p), coverage: coverageSql(p), hours: HOURS_SQL };
}

/**
 * Brings the stored layer up to date with the positions: nothing when the marker matches, a
 * merge of the appended positions when only those are new, else a rebuild from all of them.
 * DuckDB gets every core for it: the JavaScript thread has nothing to do meanwhile.
 */
export async function refreshTraffic(db: Db, params: Partial<TrafficParams> = {}): Promise<TrafficRefresh> {
  const p = trafficParams(params);
  return db.serial(async () => {
    const t0 = process.hrtime.bigint();
    const marker = await currentMarker(db, p);
    const old = await storedMarker(db);
    if (old && sameMarker(old, marker)) return { refreshed: false, incremental: false, seconds: 0, positions: marker.positions };
    const incremental = old !== null && (await appendedOnly(db, old, marker));
    const [th] = await db.rows(`SELECT current_setting('threads')::INTEGER AS n`);
    const threads = num(th!.n);
    try {
      await db.run(`SET threads = ${Math.max(threads, availableParallelism())}`);
      await gridTable(db, 'traffic_grid_fine', TrafficGrid.of(p.cellM));
      await gridTable(db, 'traffic_grid_coarse', TrafficGrid.of(p.coverageCellM));
      await vesselTable(db, incremental ? `p.rowid > ${old.maxRowid} AND p.rowid <= ${marker.maxRowid}` : 'TRUE');
      await db.transaction(async () => {
        if (incremental) await mergeAppended(db, p, old.maxRowid, marker.maxRowid);
        else {
          for (const t of ['traffic_cell_rows', 'traffic_coverage', 'traffic_hours']) await db.run(`DELETE FROM ${t}`);
          await db.run(`INSERT INTO traffic_cell_rows ${cellsSql(p)}`);
          await db.run(`INSERT INTO traffic_coverage ${coverageSql(p)}`);
          await db.run(`INSERT INTO traffic_hours ${HOURS_SQL}`);
        }
        await db.run(`INSERT OR REPLACE INTO meta VALUES ('${TRAFFIC_MARKER_KEY}', $1)`, [JSON.stringify(marker)]);
      });
    } catch (err) {
      throw err instanceof StoreError ? err : new StoreError(`traffic refresh: ${errMsg(err)}`, undefined, undefined, { cause: err });
    } finally {
      await db.run(`SET threads = ${threads}`);
      for (const t of ['traffic_grid_fine', 'traffic_grid_coarse', 'traffic_vessels', ...MERGE_TEMPS]) await db.run(`DROP TABLE IF EXISTS temp.${t}`);
    }
    return { refreshed: true, incremental, seconds: Number(process.hrtime.bigint() - t0) / 1e9, positions: marker.positions };
  });
}

const MERGE_TEMPS = ['traffic_new_vh', 'traffic_old_vh', 'traffic_merged_cells', 'traffic_merged_coverage', 'traffic_merged_hours'];

/** One chunk's columns as readColumns hands them over: `num(i, j)` (null for NULL) and `text(i, j)` of column i, row j. */
class ChunkColumns {
  constructor(
    private readonly nums: ReturnType<typeof doubleColumn>[],
    private readonly texts: readonly unknown[][],
  ) {}
  num(i: number, j: number): number | null {
    const c = this.nums[i]!;
    return isValid(c, j) ? c.data[j]! : null;
  }
  /** NULL as 0 */
  num0(i: number, j: number): number {
    const c = this.nums[i]!;
    return isValid(c, j) ? c.data[j]! : 0;
  }
  text(i: number, j: number): string {
    return String(this.texts[i]![j]);
  }
}

/**
 * Rows of `sql` column by column: `nums` DOUBLE columns first, then `texts` VARCHAR columns
 * (chunk vectors, not row objects: ~10x cheaper for the 10^5-10^6 rows of a big layer; and no
 * closure per row: a 6-day layer's 120k rows spent more in the collector than in reading).
 */
async function readColumns(db: Db, sql: string, nums: number, texts: number, row: (c: ChunkColumns, j: number) => void): Promise<void> {
  const con = await db.readConnection();
  try {
    const result = await con.stream(sql).catch((cause: unknown) => {
      throw new StoreError(`traffic read failed: ${errMsg(cause)}`, sql, undefined, { cause });
    });
    for (;;) {
      const chunk = await result.fetchChunk();
      if (!chunk || chunk.rowCount === 0) break;
      const n = chunk.rowCount;
      const cols = new ChunkColumns(
        Array.from({ length: nums }, (_, i) => doubleColumn(chunk, i, n)),
        Array.from({ length: texts }, (_, i) => chunk.getColumnValues(nums + i)),
      );
      for (let j = 0; j < n; j++) row(cols, j);
    }
  } finally {
    con.closeSync();
  }
}

/**
 * The moving-vessel sketch of TrafficLayer.toRows, from the stored members: `e:` up to
 * EXACT_MAX, `n:` above (the count: a busy lane is water for any threshold).
 */
const MOVING_SKETCH = `CASE WHEN moving_vessels = 0 THEN 'e:' WHEN moving_vessels <= ${EXACT_MAX} THEN 'e:' || array_to_string(moving_vessel_list, ',') ELSE 'n:' || moving_vessels END`;

/** The stored layer as TrafficLayer.fromRows takes it; null when never built (or built in another layout: the next refresh rebuilds it). */
export async function traffic(db: Db, opts: TrafficReadOptions = {}): Promise<StoredTraffic | null> {
  const state = await db.serial(async () => {
    const old = await storedMarker(db);
    return old && old.format === MARKER_FORMAT ? { old, now: await currentMarker(db, old.params) } : null;
  });
  if (!state) return null;
  const cells: TrafficCellRow[] = [];
  await readColumns(
    db,
    `SELECT cell::DOUBLE, moving_vessels::DOUBLE, moving_hours::DOUBLE, moving_positions::DOUBLE, moving_first_ms, moving_last_ms,
       stationary_vessels::DOUBLE, stationary_hours::DOUBLE, stationary_positions::DOUBLE, stationary_first_ms, stationary_last_ms,
       ${movingSketchSql(opts, MOVING_SKETCH)}, CASE WHEN moving_hours = 0 THEN 'e:' ELSE 'n:' || moving_hours END,
       stationary_vessel_sketch, stationary_hour_sketch FROM traffic_cell_rows ORDER BY cell`,
    11,
    4,
    (c, j) =>
      cells.push({
        cell: c.num0(0, j),
        movingVessels: c.num0(1, j),
        movingHours: c.num0(2, j),
        movingPositions: c.num0(3, j),
        movingFirstMs: c.num(4, j),
        movingLastMs: c.num(5, j),
        movingVesselSketch: c.text(0, j),
        movingHourSketch: c.text(1, j),
        stationaryVessels: c.num0(6, j),
        stationaryHours: c.num0(7, j),
        stationaryPositions: c.num0(8, j),
        stationaryFirstMs: c.num(9, j),
        stationaryLastMs: c.num(10, j),
        stationaryVesselSketch: c.text(2, j),
        stationaryHourSketch: c.text(3, j),
      }),
  );
  const coverage: TrafficCoverageRow[] = [];
  await readColumns(db, `SELECT cell::DOUBLE, hour::DOUBLE, vessels::DOUBLE, positions::DOUBLE, vessel_sketch FROM traffic_coverage ORDER BY cell, hour`, 4, 1, (c, j) =>
    coverage.push({ cell: c.num0(0, j), hour: c.num0(1, j), vessels: c.num0(2, j), positions: c.num0(3, j), vesselSketch: c.text(0, j) }),
  );
  const hours: TrafficHourRow[] = [];
  await readColumns(db, `SELECT hour::DOUBLE, vessels::DOUBLE, positions::DOUBLE, vessel_sketch FROM traffic_hours ORDER BY hour`, 3, 1, (c, j) =>
    hours.push({ hour: c.num0(0, j), vessels: c.num0(1, j), positions: c.num0(2, j), vesselSketch: c.text(0, j) }),
  );
  return { version: 2, params: state.old.params, cells, coverage, hours, stale: !sameMarker(state.old, state.now) };
}
