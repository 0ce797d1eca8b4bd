/**
 * Reads of the PostgreSQL store: positions and static reports (streamed through a server-side
 * cursor on a connection of their own), identity periods, the time range, the replay windows
 * and the stats summary.
 */
import { newPosition, type MotionColumns, type Position, type VesselStatic } from '../../records.js';
import type { IdentityPeriod, IdentityQuery, PositionQuery, StaticQuery, StoreStats } from '../types.js';
import { StoreError } from '../../errors.js';
import { identityPeriods } from '../identity.js';
import { addCounts, sortedCounts } from '../json.js';
import { whereSql } from '../duckdb/sql.js';
import type { Param, PgDb } from './db.js';
import { addBBoxFilter, addMmsiFilter, addTimeFilter, msOf } from './sql.js';

export async function timeRange(db: PgDb): Promise<{ from: number; to: number } | null> {
  const [r] = await db.read(`SELECT ${msOf('min(t)')} AS lo, ${msOf('max(t)')} AS hi FROM positions`);
  const lo = r?.lo as number | null | undefined;
  const hi = r?.hi as number | null | undefined;
  return lo === null || lo === undefined || hi === null || hi === undefined ? null : { from: lo, to: hi };
}

export async function positionWindows(db: PgDb, windowMs: number, query: { from?: number; to?: number } = {}): Promise<number[]> {
  if (!(Number.isInteger(windowMs) && windowMs > 0)) throw new StoreError(`replay window must be a positive whole number of ms, got ${windowMs}`);
  const where: string[] = [];
  const params: Param[] = [];
  addTimeFilter(where, params, query.from, query.to);
  params.push(windowMs);
  // numeric arithmetic: exact, whatever the window
  const rows = await db.read(
    `SELECT DISTINCT floor(extract(epoch from t) * 1000 / $${params.length}::bigint)::float8 AS w FROM positions ${whereSql(where)} ORDER BY 1`,
    params,
  );
  return rows.map((r) => Number(r.w) * windowMs);
}

export async function stats(db: PgDb): Promise<StoreStats> {
  const [counts] = await db.read(
    `SELECT (SELECT count(*) FROM positions)::float8 AS positions,
            (SELECT count(*) FROM statics)::float8 AS statics,
            (SELECT count(*) FROM (SELECT mmsi FROM positions UNION SELECT mmsi FROM statics) v)::float8 AS vessels`,
  );
  const events: Record<string, number> = {};
  for (const r of await db.read(`SELECT type, count(*)::float8 AS n FROM events GROUP BY type ORDER BY type`)) events[String(r.type)] = Number(r.n);
  const rejects: Record<string, number> = {};
  for (const r of await db.read(`SELECT rejects FROM ingest_sources`)) addCounts(rejects, JSON.parse(String(r.rejects)) as Record<string, number>);
  return { positions: Number(counts!.positions), statics: Number(counts!.statics), vessels: Number(counts!.vessels), events, rejects: sortedCounts(rejects) };
}

/** Positions in arrays of up to 5000, in the order of `query.order`. */
export async function* positionBatches(db: PgDb, query: PositionQuery = {}): AsyncIterable<Position[]> {
  const where: string[] = [];
  const params: Param[] = [];
  addMmsiFilter(where, params, query.mmsi);
  addTimeFilter(where, params, query.from, query.to);
  if (query.bbox) addBBoxFilter(where, params, query.bbox);
  const order = query.order === 'vessel' ? 'mmsi, t, lat, lon' : 't, mmsi, lat, lon';
  const sql = `SELECT mmsi, ${msOf('t')}, lat, lon, sog, cog, heading, nav_status, msg_type, source_id FROM positions ${whereSql(where)} ORDER BY ${order}`;
  for await (const rows of db.cursor(sql, params)) {
    await db.knowIds(new Set(rows.map((r) => r[9] as number)));
    const out = new Array<Position>(rows.length);
    for (let j = 0; j < rows.length; j++) {
      const r = rows[j]!;
      out[j] = newPosition(
        r[0] as number,
        r[1] as number,
        r[2] as number,
        r[3] as number,
        r[4] as number | null,
        r[5] as number | null,
        r[6] as number | null,
        r[7] as number | null,
        db.names.get(r[9] as number) ?? '',
        r[8] === null ? undefined : (r[8] as number),
      );
    }
    yield out;
  }
}

/** The rows of positionBatches as columns (mmsi, t, lat, lon, sog, cog; NaN where not reported). */
export async function* positionColumns(db: PgDb, query: PositionQuery = {}): AsyncIterable<MotionColumns> {
  for await (const batch of positionBatches(db, query)) {
    const n = batch.length;
    const c: MotionColumns = { n, mmsi: new Float64Array(n), t: new Float64Array(n), lat: new Float64Array(n), lon: new Float64Array(n), sog: new Float64Array(n), cog: new Float64Array(n) };
    for (let j = 0; j < n; j++) {
      const p = batch[j]!;
      c.mmsi[j] = p.mmsi;
      c.t[j] = p.t;
      c.lat[j] = p.lat;
      c.lon[j] = p.lon;
      c.sog[j] = p.sog ?? Number.NaN;
      c.cog[j] = p.cog ?? Number.NaN;
    }
    yield c;
  }
}

export async function* statics(db: PgDb, query: StaticQuery = {}): AsyncIterable<VesselStatic> {
  const where: string[] = [];
  const params: Param[] = [];
  addMmsiFilter(where, params, query.mmsi);
  if (query.imo !== undefined) {
    params.push(query.imo);
    where.push(`imo = $${params.length}::integer`);
  }
  addTimeFilter(where, params, query.from, query.to);
  const sql = `SELECT mmsi, ${msOf('t')}, imo, name, callsign, ship_type, length, width, draught, destination, flag, source_id
    FROM statics ${whereSql(where)} ORDER BY mmsi, t, imo, name, callsign, ship_type, flag, destination`;
  for await (const rows of db.cursor(sql, params)) {
    await db.knowIds(new Set(rows.map((r) => r[11] as number)));
    for (const r of rows) {
      yield {
        mmsi: r[0] as number,
        t: r[1] as number,
        imo: r[2] as number | null,
        name: r[3] as string | null,
        callsign: r[4] as string | null,
        shipType: r[5] as number | null,
        length: r[6] as number | null,
        width: r[7] as number | null,
        draught: r[8] as number | null,
        destination: r[9] as string | null,
        flag: r[10] as string | null,
        source: db.names.get(r[11] as number) ?? '',
      };
    }
  }
}

export async function vesselIdentity(db: PgDb, query: IdentityQuery): Promise<IdentityPeriod[]> {
  if ('mmsi' in query) {
    const reports: VesselStatic[] = [];
    for await (const s of statics(db, { mmsi: query.mmsi })) reports.push(s);
    return identityPeriods(reports);
  }
  const mmsis = await db.read(`SELECT DISTINCT mmsi FROM statics WHERE imo = $1::integer ORDER BY mmsi`, [query.imo]);
  if (mmsis.length === 0) return [];
  const reports: VesselStatic[] = [];
  for await (const s of statics(db, { mmsi: mmsis.map((r) => Number(r.mmsi)) })) reports.push(s);
  return identityPeriods(reports)
    .filter((p) => p.imo === query.imo)
    .sort((a, b) => a.from - b.from || a.mmsi - b.mmsi);
}
