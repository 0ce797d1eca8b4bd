/**
 * Browsing reads of the DuckDB store, for the API (issue F): a page of events in keyset order,
 * one event by id, a vessel search over current and former identities, and what the store
 * holds of one MMSI. Every value a user typed is a positional parameter, never SQL text.
 */
import type { DuckDBValue } from '@duckdb/node-api';
import type { Event } from '../../events.js';
import type { VesselStatic } from '../../records.js';
import { StoreError } from '../../errors.js';
import type { EventPage, EventPageQuery, TrackPoints, VesselMatch, VesselSeen } from '../types.js';
import { likeLiteral, searchTerms, vesselMatches } from '../search.js';
import { addTimeFilter, num, numOrNull, whereSql, type Row } from './sql.js';
import { statics } from './reads.js';
import { EVENT_COLUMNS, eventFilterWhere, toEvent } from './events.js';
import type { Db } from './db.js';
import { tracksCovered } from './tracks.js';

/**
 * A read on a pooled connection of its own (Db.withReader): browsing requests run side by side
 * instead of queueing behind each other on the main connection, and see committed data.
 */
function readRows(db: Db, sql: string, params: DuckDBValue[]): Promise<Row[]> {
  return db.withReader((r) => r.rows(sql, params));
}

export async function eventPage(db: Db, q: EventPageQuery): Promise<EventPage> {
  if (!Number.isInteger(q.limit) || q.limit < 1) throw new StoreError(`eventPage: limit must be a whole number >= 1, got ${q.limit}`);
  const where: string[] = [];
  const params: DuckDBValue[] = [];
  if (!eventFilterWhere(q, where, params)) return { events: [], next: null };
  if (q.after) {
    if (!Number.isFinite(q.after.start)) throw new StoreError(`eventPage: after.start must be epoch ms, got ${q.after.start}`);
    params.push(Math.round(q.after.start * 1000), q.after.id);
    const t = `make_timestamp($${params.length - 1}::BIGINT)`;
    where.push(`(start_t > ${t} OR (start_t = ${t} AND id > $${params.length}))`);
  }
  // The page ends at the start time of its (limit+1)-th event. It is found first, sorting
  // timestamps only; the page query then takes it as a constant, so its scan filters on it and
  // the (start, id) sort and the wide columns (lists, JSON text) cover a page's worth of rows
  // instead of every match (one query with the bound as a subquery measured 30% more CPU; both
  // far less than sorting every match: the events are stored in (start, id) order, events.ts).
  const page = (w: string[], p: DuckDBValue[]): Promise<Row[]> =>
    readRows(db, `SELECT ${EVENT_COLUMNS} FROM events ${whereSql(w)} ORDER BY start_t, id LIMIT $${p.length + 1}`, [...p, q.limit + 1]);
  const [b] = await readRows(db, `SELECT epoch_us(start_t)::DOUBLE AS b FROM events ${whereSql(where)} ORDER BY start_t LIMIT 1 OFFSET $${params.length + 1}`, [...params, q.limit]);
  let rows: Row[];
  if (!b) rows = await page(where, params);
  else {
    rows = await page([...where, `start_t <= make_timestamp($${params.length + 1}::BIGINT)`], [...params, num(b.b)]);
    // events replaced between the two reads can leave fewer under the bound than there are: read again without it
    if (rows.length <= q.limit) rows = await page(where, params);
  }
  const events = rows.slice(0, q.limit).map(toEvent);
  const last = events[events.length - 1];
  return { events, next: rows.length > q.limit && last ? { start: Date.parse(last.start), id: last.id } : null };
}

export async function eventById(db: Db, id: string): Promise<Event | null> {
  const rows = await readRows(db, `SELECT ${EVENT_COLUMNS} FROM events WHERE id = $1`, [id]);
  return rows[0] ? toEvent(rows[0]) : null;
}

export async function searchVessels(db: Db, q: string, limit: number): Promise<VesselMatch[]> {
  const terms = searchTerms(q);
  if (!terms || !Number.isInteger(limit) || limit < 1) return [];
  const { text, digits, asMmsi, asImo } = terms;
  const lit = likeLiteral(text);
  // $1 exact text, $2 contains, $3 MMSI, $4 IMO, $5 MMSI prefix, $6 limit
  const params: DuckDBValue[] = [text, `%${lit}%`, asMmsi, asImo, digits && digits.length >= 3 ? `${digits}%` : null, limit];
  const sql = `
    SELECT mmsi, min(rank) AS rank FROM (
      SELECT mmsi,
        CASE WHEN mmsi = $3::INTEGER OR imo = $4::INTEGER OR upper(name) = $1 OR upper(callsign) = $1 THEN 0
             WHEN CAST(mmsi AS VARCHAR) LIKE $5::VARCHAR THEN 1
             ELSE 2 END AS rank
      FROM statics
      WHERE mmsi = $3::INTEGER OR imo = $4::INTEGER OR CAST(mmsi AS VARCHAR) LIKE $5::VARCHAR
         OR upper(name) LIKE $2 ESCAPE '\\' OR upper(callsign) LIKE $2 ESCAPE '\\'
      UNION ALL
      SELECT DISTINCT mmsi, 0 AS rank FROM positions WHERE mmsi = $3::INTEGER)
    GROUP BY mmsi ORDER BY rank, mmsi LIMIT $6::INTEGER`;
  const found = await readRows(db, sql, params);
  const mmsis = found.map((r) => num(r.mmsi));
  if (mmsis.length === 0) return [];
  const reports: VesselStatic[] = [];
  for await (const s of statics(db, { mmsi: mmsis })) reports.push(s);
  const seen = await positionSpans(db, mmsis);
  return vesselMatches(mmsis, reports, seen, terms);
}

async function positionSpans(db: Db, mmsis: readonly number[]): Promise<Map<number, { n: number; lo: number; hi: number }>> {
  const params: DuckDBValue[] = [...mmsis];
  const sql = `SELECT mmsi, count(*)::DOUBLE AS n, (epoch_us(min(t)) / 1000)::DOUBLE AS lo, (epoch_us(max(t)) / 1000)::DOUBLE AS hi
    FROM positions WHERE mmsi IN (${mmsis.map((_, i) => `$${i + 1}::INTEGER`).join(', ')}) GROUP BY mmsi`;
  const rows = await readRows(db, sql, params);
  return new Map(rows.map((r) => [num(r.mmsi), { n: num(r.n), lo: num(r.lo), hi: num(r.hi) }]));
}

export async function vesselSeen(db: Db, mmsi: number): Promise<VesselSeen | null> {
  // one vessel's positions are a small read in the vessel-ordered copy, a full scan in positions
  const table = (await tracksCovered(db)) ? 'track_points' : 'positions';
  const [r] = await readRows(
    db,
    `SELECT p.n AS positions, p.lo, p.hi,
            (SELECT count(*) FROM statics WHERE mmsi = $1::INTEGER)::DOUBLE AS statics,
            (SELECT count(*) FROM events WHERE list_contains(mmsi, $1::INTEGER))::DOUBLE AS events,
            (SELECT count(*) FROM screening_hits WHERE mmsi = $1::INTEGER)::DOUBLE AS hits
     FROM (SELECT count(*)::DOUBLE AS n, (epoch_us(min(t)) / 1000)::DOUBLE AS lo, (epoch_us(max(t)) / 1000)::DOUBLE AS hi
           FROM ${table} WHERE mmsi = $1::INTEGER) p`,
    [mmsi],
  );
  const seen: VesselSeen = {
    mmsi,
    positions: num(r!.positions),
    statics: num(r!.statics),
    events: num(r!.events),
    screeningHits: num(r!.hits),
    firstSeen: numOrNull(r!.lo),
    lastSeen: numOrNull(r!.hi),
  };
  return seen.positions + seen.statics + seen.events + seen.screeningHits === 0 ? null : seen;
}

/**
 * Time, latitude and longitude of one vessel's positions in [from, to] (epoch ms), in time
 * order: from the vessel-ordered copy when it holds every position (tracks.ts), else from positions.
 */
export async function track(db: Db, mmsi: number, from: number, to: number): Promise<TrackPoints> {
  const where: string[] = ['mmsi = $1::INTEGER'];
  const params: DuckDBValue[] = [mmsi];
  addTimeFilter(where, params, from, to);
  const table = (await tracksCovered(db)) ? 'track_points' : 'positions';
  const rows = await readRows(db, `SELECT (epoch_us(t) / 1000)::DOUBLE AS t, lat, lon FROM ${table} ${whereSql(where)} ORDER BY t, lat, lon`, params);
  const out: TrackPoints = { t: new Float64Array(rows.length), lat: new Float64Array(rows.length), lon: new Float64Array(rows.length) };
  rows.forEach((r, i) => {
    out.t[i] = num(r.t);
    out.lat[i] = num(r.lat);
    out.lon[i] = num(r.lon);
  });
  return out;
}
