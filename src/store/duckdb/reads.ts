/**
 * Reads of the DuckDB store: positions and static reports (streamed on a connection of their
 * own, in chunks), identity periods, the time range and the stats summary.
 */
import type { DuckDBDataChunk, DuckDBValue } from '@duckdb/node-api';
import { newPosition, type MotionColumns, type Position, type VesselStatic } from '../../records.js';
import type { IdentityPeriod, IdentityQuery, PositionQuery, StaticQuery, StoreStats } from '../types.js';
import { StoreError } from '../../errors.js';
import { identityPeriods } from '../identity.js';
import { addCounts, sortedCounts } from '../json.js';
import { doubleColumn, isValid, type DoubleColumn } from './chunks.js';
import { addBBoxFilter, addMmsiFilter, addTimeFilter, errMsg, num, numOrNull, strOrNull, whereSql } from './sql.js';
import type { Db } from './db.js';

export async function timeRange(db: Db): Promise<{ from: number; to: number } | null> {
  return db.serial(async () => {
    const [r] = await db.rows(`SELECT (epoch_us(min(t)) / 1000)::DOUBLE AS lo, (epoch_us(max(t)) / 1000)::DOUBLE AS hi FROM positions`);
    const lo = r?.lo as number | null | undefined;
    const hi = r?.hi as number | null | undefined;
    return lo === null || lo === undefined || hi === null || hi === undefined ? null : { from: lo, to: hi };
  });
}

export async function positionWindows(db: Db, windowMs: number, query: { from?: number; to?: number } = {}): Promise<number[]> {
  if (!(Number.isInteger(windowMs) && windowMs > 0)) throw new StoreError(`replay window must be a positive whole number of ms, got ${windowMs}`);
  const where: string[] = [];
  const params: DuckDBValue[] = [];
  addTimeFilter(where, params, query.from, query.to);
  const w = windowMs * 1000;
  return db.serial(async () => {
    const rows = await db.rows(`SELECT DISTINCT floor(epoch_us(t) / ${w})::DOUBLE AS w FROM positions ${whereSql(where)} ORDER BY 1`, params);
    return rows.map((r) => num(r.w) * windowMs);
  });
}

export async function stats(db: Db): Promise<StoreStats> {
  return db.serial(async () => {
    const [counts] = await db.rows(
      `SELECT (SELECT count(*) FROM positions)::DOUBLE AS positions,
              (SELECT count(*) FROM statics)::DOUBLE AS statics,
              (SELECT count(*) FROM (SELECT mmsi FROM positions UNION SELECT mmsi FROM statics))::DOUBLE AS vessels`,
    );
    const events: Record<string, number> = {};
    for (const r of await db.rows(`SELECT type, count(*)::DOUBLE AS n FROM events GROUP BY type ORDER BY type`)) {
      events[String(r.type)] = num(r.n);
    }
    const rejects: Record<string, number> = {};
    for (const r of await db.rows(`SELECT rejects FROM ingest_sources`)) {
      addCounts(rejects, JSON.parse(String(r.rejects)) as Record<string, number>);
    }
    return {
      positions: num(counts!.positions),
      statics: num(counts!.statics),
      vessels: num(counts!.vessels),
      events,
      rejects: sortedCounts(rejects),
    };
  });
}

/** The positions query: `select` columns of the rows `query` names, in its order. */
function positionSql(select: string, query: PositionQuery): { sql: string; params: DuckDBValue[] } {
  const where: string[] = [];
  const params: DuckDBValue[] = [];
  addMmsiFilter(where, params, query.mmsi);
  addTimeFilter(where, params, query.from, query.to);
  if (query.bbox) addBBoxFilter(where, params, query.bbox);
  const order = query.order === 'vessel' ? 'mmsi, t, lat, lon' : 't, mmsi, lat, lon';
  return { sql: `SELECT ${select} FROM positions ${whereSql(where)} ORDER BY ${order}`, params };
}

/** The result chunks of a positions query, streamed on a read connection of their own. */
async function* positionChunks(db: Db, sql: string, params: DuckDBValue[]): AsyncIterable<DuckDBDataChunk> {
  const con = await db.readConnection();
  try {
    const result = await con.stream(sql, params).catch((cause: unknown) => {
      throw new StoreError(`positions query failed: ${errMsg(cause)}`, sql, params, { cause });
    });
    while (true) {
      const chunk = await result.fetchChunk();
      if (!chunk || chunk.rowCount === 0) break;
      yield chunk;
    }
  } finally {
    con.closeSync();
  }
}

/** Positions in chunks of up to 2048, in the order of `query.order`; cheaper than one by one. */
export async function* positionBatches(db: Db, query: PositionQuery = {}): AsyncIterable<Position[]> {
  const { sql, params } = positionSql(
    `mmsi::DOUBLE, (epoch_us(t) / 1000)::DOUBLE, lat, lon, sog, cog, heading, nav_status::DOUBLE, msg_type::DOUBLE, source_id::DOUBLE`,
    query,
  );
  for await (const chunk of positionChunks(db, sql, params)) {
    const n = chunk.rowCount;
    const [mmsi, t, lat, lon, sog, cog, heading, nav, msgType, src] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((i) =>
      doubleColumn(chunk, i, n),
    ) as [DoubleColumn, DoubleColumn, DoubleColumn, DoubleColumn, DoubleColumn, DoubleColumn, DoubleColumn, DoubleColumn, DoubleColumn, DoubleColumn];
    const out: Position[] = new Array<Position>(n);
    // a chunk's rows mostly share one source: its name is looked up when the id changes
    let srcId = Number.NaN;
    let srcName = '';
    for (let j = 0; j < n; j++) {
      if (src.data[j] !== srcId) {
        srcId = src.data[j]!;
        srcName = db.names.get(srcId) ?? '';
      }
      out[j] = newPosition(
        mmsi.data[j]!,
        t.data[j]!,
        lat.data[j]!,
        lon.data[j]!,
        isValid(sog, j) ? sog.data[j]! : null,
        isValid(cog, j) ? cog.data[j]! : null,
        isValid(heading, j) ? heading.data[j]! : null,
        isValid(nav, j) ? nav.data[j]! : null,
        srcName,
        isValid(msgType, j) ? msgType.data[j]! : undefined,
      );
    }
    yield out;
  }
}

/** A copy of a DOUBLE column with its nulls as NaN (the chunk's memory is DuckDB's, reused after). */
function nanColumn(col: DoubleColumn, n: number): Float64Array {
  const out = col.data.slice(0, n);
  if (col.valid !== null) for (let j = 0; j < n; j++) if (!isValid(col, j)) out[j] = Number.NaN;
  return out;
}

/** The rows of positionBatches as columns (mmsi, t, lat, lon, sog, cog): no object per row. */
export async function* positionColumns(db: Db, query: PositionQuery = {}): AsyncIterable<MotionColumns> {
  const { sql, params } = positionSql(`mmsi::DOUBLE, (epoch_us(t) / 1000)::DOUBLE, lat, lon, sog, cog`, query);
  for await (const chunk of positionChunks(db, sql, params)) {
    const n = chunk.rowCount;
    const [mmsi, t, lat, lon, sog, cog] = [0, 1, 2, 3, 4, 5].map((i) => nanColumn(doubleColumn(chunk, i, n), n)) as [Float64Array, Float64Array, Float64Array, Float64Array, Float64Array, Float64Array];
    yield { n, mmsi, t, lat, lon, sog, cog };
  }
}

export async function* statics(db: Db, query: StaticQuery = {}): AsyncIterable<VesselStatic> {
  const where: string[] = [];
  const params: DuckDBValue[] = [];
  addMmsiFilter(where, params, query.mmsi);
  if (query.imo !== undefined) {
    params.push(query.imo);
    where.push(`imo = $${params.length}::INTEGER`);
  }
  addTimeFilter(where, params, query.from, query.to);
  const sql = `SELECT mmsi, (epoch_us(t) / 1000)::DOUBLE AS t, imo, name, callsign, ship_type::INTEGER AS ship_type, length, width,
      draught, destination, flag, source_id FROM statics ${whereSql(where)}
      ORDER BY mmsi, t, imo, name, callsign, ship_type, flag, destination`;
  const con = await db.readConnection();
  try {
    const result = await con.stream(sql, params).catch((cause: unknown) => {
      throw new StoreError(`statics query failed: ${errMsg(cause)}`, sql, params, { cause });
    });
    for await (const rows of result.yieldRowObjectJs()) {
      for (const r of rows) {
        yield {
          mmsi: num(r.mmsi),
          t: num(r.t),
          imo: numOrNull(r.imo),
          name: strOrNull(r.name),
          callsign: strOrNull(r.callsign),
          shipType: numOrNull(r.ship_type),
          length: numOrNull(r.length),
          width: numOrNull(r.width),
          draught: numOrNull(r.draught),
          destination: strOrNull(r.destination),
          flag: strOrNull(r.flag),
          source: db.names.get(num(r.source_id)) ?? '',
        };
      }
    }
  } finally {
    con.closeSync();
  }
}

export async function vesselIdentity(db: Db, query: IdentityQuery): Promise<IdentityPeriod[]> {
  if ('mmsi' in query) {
    const reports: VesselStatic[] = [];
    for await (const s of statics(db, { mmsi: query.mmsi })) reports.push(s);
    return identityPeriods(reports);
  }
  const mmsis = await db.serial(() => db.rows(`SELECT DISTINCT mmsi FROM statics WHERE imo = $1::INTEGER ORDER BY mmsi`, [query.imo]));
  if (mmsis.length === 0) return [];
  const reports: VesselStatic[] = [];
  for await (const s of statics(db, { mmsi: mmsis.map((r) => num(r.mmsi)) })) reports.push(s);
  return identityPeriods(reports)
    .filter((p) => p.imo === query.imo)
    .sort((a, b) => a.from - b.from || a.mmsi - b.mmsi);
}
