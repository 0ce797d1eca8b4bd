/**
 * Browsing reads of the PostgreSQL store, for the API: a page of events in keyset order, one event
 * by id, a vessel search over current and former identities, what the store holds of one MMSI and
 * one vessel's track. The same queries as the DuckDB store's search.ts in PostgreSQL's dialect;
 * the matching rules after the SQL (identity periods, what matched) are shared (vesselMatches).
 */
import type { Event } from '../../events.js';
import type { VesselStatic } from '../../records.js';
import { StoreError } from '../../errors.js';
import type { EventPage, EventPageQuery, TrackPoints, VesselMatch, VesselSeen } from '../types.js';
import { whereSql } from '../duckdb/sql.js';
import { likeLiteral, searchTerms, vesselMatches } from '../search.js';
import type { Param, PgDb } from './db.js';
import { statics } from './reads.js';
import { EVENT_COLUMNS, eventFilterWhere, toEvent } from './events.js';
import { addTimeFilter, msOf, tsParam } from './sql.js';

export async function eventPage(db: PgDb, q: EventPageQuery): Promise<EventPage> {
  if (!Number.isInteger(q.limit) || q.limit < 1) throw new StoreError(`eventPage: limit must be a whole number >= 1, got ${q.limit}`);
  const where: string[] = [];
  const params: Param[] = [];
  if (!eventFilterWhere(q, where, params)) return { events: [], next: null };
  if (q.after) {
    if (!Number.isFinite(q.after.start)) throw new StoreError(`eventPage: after.start must be epoch ms, got ${q.after.start}`);
    params.push(Math.round(q.after.start * 1000), q.after.id);
    where.push(`(start_t, id) > (${tsParam(params.length - 1)}, $${params.length}::text)`);
  }
  params.push(q.limit + 1);
  const rows = await db.read(`SELECT ${EVENT_COLUMNS} FROM events ${whereSql(where)} ORDER BY start_t, id LIMIT $${params.length}`, params);
  const events = rows.slice(0, q.limit).map(toEvent);
  const last = events[events.length - 1];
  return { events, next: rows.length > q.limit && last ? { start: Date.parse(last.start), id: last.id } : null };
}

export async function eventById(db: PgDb, id: string): Promise<Event | null> {
  const rows = await db.read(`SELECT ${EVENT_COLUMNS} FROM events WHERE id = $1`, [id]);
  return rows[0] ? toEvent(rows[0]) : null;
}

export async function searchVessels(db: PgDb, q: string, limit: number): Promise<VesselMatch[]> {
  const terms = searchTerms(q);
  if (!terms || !Number.isInteger(limit) || limit < 1) return [];
  const { text, digits, asMmsi, asImo } = terms;
  // $1 exact text, $2 contains, $3 MMSI, $4 IMO, $5 MMSI prefix, $6 limit
  const params: Param[] = [text, `%${likeLiteral(text)}%`, asMmsi, asImo, digits && digits.length >= 3 ? `${digits}%` : null, limit];
  const sql = `
    SELECT mmsi, min(rank) AS rank FROM (
      SELECT mmsi,
        CASE WHEN mmsi = $3::integer OR imo = $4::integer OR upper(name) = $1::text OR upper(callsign) = $1::text THEN 0
             WHEN mmsi::text LIKE $5::text THEN 1
             ELSE 2 END AS rank
      FROM statics
      WHERE mmsi = $3::integer OR imo = $4::integer OR mmsi::text LIKE $5::text
         OR upper(name) LIKE $2::text ESCAPE '\\' OR upper(callsign) LIKE $2::text ESCAPE '\\'
      UNION ALL
      SELECT DISTINCT mmsi, 0 AS rank FROM positions WHERE mmsi = $3::integer) m
    GROUP BY mmsi ORDER BY rank, mmsi LIMIT $6::integer`;
  const mmsis = (await db.read(sql, params)).map((r) => Number(r.mmsi));
  if (mmsis.length === 0) return [];
  const reports: VesselStatic[] = [];
  for await (const s of statics(db, { mmsi: mmsis })) reports.push(s);
  const spans = await db.read(
    `SELECT mmsi, count(*)::float8 AS n, ${msOf('min(t)')} AS lo, ${msOf('max(t)')} AS hi FROM positions WHERE mmsi = ANY($1::integer[]) GROUP BY mmsi`,
    [mmsis],
  );
  const seen = new Map(spans.map((r) => [Number(r.mmsi), { n: Number(r.n), lo: Number(r.lo), hi: Number(r.hi) }]));
  return vesselMatches(mmsis, reports, seen, terms);
}

export async function vesselSeen(db: PgDb, mmsi: number): Promise<VesselSeen | null> {
  const [r] = await db.read(
    `SELECT p.n AS positions, p.lo, p.hi,
            (SELECT count(*) FROM statics WHERE mmsi = $1::integer)::float8 AS statics,
            (SELECT count(*) FROM events WHERE mmsi @> ARRAY[$1::integer])::float8 AS events,
            (SELECT count(*) FROM screening_hits WHERE mmsi = $1::integer)::float8 AS hits
     FROM (SELECT count(*)::float8 AS n, ${msOf('min(t)')} AS lo, ${msOf('max(t)')} AS hi FROM positions WHERE mmsi = $1::integer) p`,
    [mmsi],
  );
  const seen: VesselSeen = {
    mmsi,
    positions: Number(r!.positions),
    statics: Number(r!.statics),
    events: Number(r!.events),
    screeningHits: Number(r!.hits),
    firstSeen: r!.lo === null ? null : Number(r!.lo),
    lastSeen: r!.hi === null ? null : Number(r!.hi),
  };
  return seen.positions + seen.statics + seen.events + seen.screeningHits === 0 ? null : seen;
}

export async function track(db: PgDb, mmsi: number, from: number, to: number): Promise<TrackPoints> {
  const where: string[] = ['mmsi = $1::integer'];
  const params: Param[] = [mmsi];
  addTimeFilter(where, params, from, to);
  const rows = await db.read(`SELECT ${msOf('t')} AS t, lat, lon FROM positions ${whereSql(where)} ORDER BY t, lat, lon`, params);
  const out: TrackPoints = { t: new Float64Array(rows.length), lat: new Float64Array(rows.length), lon: new Float64Array(rows.length) };
  rows.forEach((r, i) => {
    out.t[i] = Number(r.t);
    out.lat[i] = Number(r.lat);
    out.lon[i] = Number(r.lon);
  });
  return out;
}
