/**
 * Events and screening hits in the PostgreSQL store: idempotent upserts by id (INSERT ... ON
 * CONFLICT (id) DO UPDATE: a re-run replaces rows, never adds them twice; a repeated id within
 * one call keeps the last) and their filtered reads, with the DuckDB store's orders and filters.
 */
import { isEventType, type Event } from '../../events.js';
import type { Hit, PathStep } from '../../screen/types.js';
import { StoreError } from '../../errors.js';
import type { EventFilter, PutResult, ScreeningHitFilter } from '../types.js';
import { canonicalJson, intOrNull, isoUtc, toEpochMs } from '../json.js';
import { timeParam, whereSql } from '../duckdb/sql.js';
import { VERSION } from '../../version.js';
import { programsOf, programsText } from '../programs.js';
import type { Param, PgDb, Row } from './db.js';
import { addBBoxFilter, addTimeFilter, msOf } from './sql.js';

/** Keeps the last of each id, in first-seen order. */
function lastById<T>(items: readonly T[], id: (x: T) => string): T[] {
  const m = new Map<string, T>();
  for (const x of items) m.set(id(x), x);
  return [...m.values()];
}

const EVENT_NAMES = ['id', 'type', 'start_t', 'end_t', 'mmsi', 'lat', 'lon', 'confidence', 'flags', 'rule', 'evidence'];

export async function putEvents(db: PgDb, events: readonly Event[]): Promise<PutResult> {
  if (events.length === 0) return { inserted: 0, replaced: 0 };
  const rows = lastById(events, (e) => e.id);
  const cols: Param[][] = EVENT_NAMES.map(() => []);
  for (const e of events) {
    if (typeof e.id !== 'string' || e.id === '') throw new StoreError(`event without id: ${JSON.stringify(e).slice(0, 200)}`);
    if (!Number.isFinite(toEpochMs(e.start)) || !Number.isFinite(toEpochMs(e.end))) throw new StoreError(`event ${e.id}: unreadable start/end ${e.start} / ${e.end}`);
  }
  for (const e of rows) {
    // arrays of arrays do not fit unnest (it flattens them): mmsi and flags go as JSON arrays
    const v: Param[] = [
      e.id, e.type, isoUtc(toEpochMs(e.start)), isoUtc(toEpochMs(e.end)), JSON.stringify(e.mmsi),
      e.lat ?? null, e.lon ?? null, e.confidence ?? null, JSON.stringify(e.flags),
      JSON.stringify(e.rule ?? null), JSON.stringify(e.evidence ?? {}),
    ];
    v.forEach((x, i) => (cols[i] as Param[]).push(x));
  }
  // the event JSON carries no version: the meta table records the version that last wrote events
  const also = { sql: `INSERT INTO meta VALUES ('events_version', $1) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`, params: [VERSION] };
  const types = ['text[]', 'text[]', 'timestamptz[]', 'timestamptz[]', 'text[]', 'float8[]', 'float8[]', 'float8[]', 'text[]', 'json[]', 'json[]'];
  return upsert(db, 'events', EVENT_NAMES, types, cols, {
    mmsi: `ARRAY(SELECT x::integer FROM json_array_elements_text(u.mmsi::json) WITH ORDINALITY AS a(x, i) ORDER BY i)`,
    flags: `ARRAY(SELECT x FROM json_array_elements_text(u.flags::json) WITH ORDINALITY AS a(x, i) ORDER BY i)`,
  }, also);
}

/**
 * Upserts `columns` (one array per column, the first the ids) into `table` in one transaction (with
 * `also`), counting the ids that were there; `casts` turns a sent column into its stored type.
 */
function upsert(db: PgDb, table: string, names: readonly string[], types: readonly string[], columns: Param[][], casts: Record<string, string> = {}, also?: { sql: string; params: Param[] }): Promise<PutResult> {
  const ids = columns[0] as string[];
  return db.serial(() =>
    db.transaction(async () => {
      const [c] = await db.rows(`SELECT count(*)::float8 AS n FROM ${table} WHERE id = ANY($1::text[])`, [ids]);
      const existing = Number(c!.n);
      const sets = names.slice(1).map((n) => `${n} = EXCLUDED.${n}`).join(', ');
      const select = names.map((n) => casts[n] ?? `u.${n}`).join(', ');
      await db.query(
        `INSERT INTO ${table} (${names.join(', ')})
         SELECT ${select} FROM unnest(${types.map((t, i) => `$${i + 1}::${t}`).join(', ')}) AS u(${names.join(', ')})
         ON CONFLICT (id) DO UPDATE SET ${sets}`,
        columns as Param[],
      );
      if (also) await db.query(also.sql, also.params);
      return { inserted: ids.length - existing, replaced: existing };
    }),
  );
}

/** The columns an event is read back from, times as epoch ms. */
export const EVENT_COLUMNS = `id, type, ${msOf('start_t')} AS start_ms, ${msOf('end_t')} AS end_ms, mmsi, lat, lon, confidence, flags, rule, evidence`;

export function toEvent(r: Row): Event {
  const type = String(r.type);
  if (!isEventType(type)) throw new StoreError(`stored event has an unknown type '${type}'`);
  return {
    id: String(r.id),
    type,
    start: isoUtc(Number(r.start_ms)),
    end: isoUtc(Number(r.end_ms)),
    mmsi: (r.mmsi as number[]).map(Number),
    lat: r.lat === null ? null : Number(r.lat),
    lon: r.lon === null ? null : Number(r.lon),
    confidence: Number(r.confidence),
    flags: (r.flags as string[]).map(String),
    rule: r.rule as Event['rule'],
    evidence: r.evidence as Event['evidence'],
  };
}

/** The WHERE clauses of an event filter; false when it can match nothing (an empty type list). */
export function eventFilterWhere(filter: EventFilter, where: string[], params: Param[]): boolean {
  if (filter.type !== undefined) {
    const types = typeof filter.type === 'string' ? [filter.type] : [...filter.type];
    if (types.length === 0) return false;
    params.push(types);
    where.push(`type = ANY($${params.length}::text[])`);
  }
  if (filter.mmsi !== undefined) {
    params.push([filter.mmsi]);
    where.push(`mmsi @> $${params.length}::integer[]`);
  }
  addTimeFilter(where, params, filter.from === undefined ? undefined : timeParam(filter.from, 'from'), filter.to === undefined ? undefined : timeParam(filter.to, 'to'), 'end_t', 'start_t');
  if (filter.bbox) addBBoxFilter(where, params, filter.bbox, 'geom');
  if (filter.flags?.length) {
    params.push([...filter.flags]);
    where.push(`flags @> $${params.length}::text[]`);
  }
  if (filter.minConfidence !== undefined) {
    params.push(filter.minConfidence);
    where.push(`confidence >= $${params.length}::float8`);
  }
  return true;
}

export async function events(db: PgDb, filter: EventFilter = {}): Promise<Event[]> {
  const where: string[] = [];
  const params: Param[] = [];
  if (!eventFilterWhere(filter, where, params)) return [];
  let sql = `SELECT ${EVENT_COLUMNS} FROM events ${whereSql(where)} ORDER BY start_t, id`;
  if (filter.limit !== undefined) {
    params.push(Math.max(0, Math.floor(filter.limit)));
    sql += ` LIMIT $${params.length}`;
  }
  return (await db.read(sql, params)).map(toEvent);
}

const HIT_NAMES = ['id', 'mmsi', 'imo', 'entity_id', 'entity_schema', 'entity_name', 'entity_source', 'score', 'query', 'reasons', 'path', 'entity_programs'];
const HIT_TYPES = ['text[]', 'integer[]', 'integer[]', 'text[]', 'text[]', 'text[]', 'text[]', 'float8[]', 'text[]', 'text[]', 'text[]', 'text[]'];

export async function putScreeningHits(db: PgDb, hits: readonly Hit[]): Promise<PutResult> {
  if (hits.length === 0) return { inserted: 0, replaced: 0 };
  const rows: Param[][] = [];
  for (const h of hits) {
    if (!h.entity || typeof h.entity.id !== 'string') throw new StoreError('screening hit without entity.id');
    if (!Number.isFinite(h.score)) throw new StoreError(`screening hit for ${h.entity.id}: score is not a number`);
    const query = canonicalJson(h.query ?? {});
    const inRange = (v: number | null, max: number): number | null => (v !== null && v >= 0 && v <= max ? v : null);
    rows.push([
      `${h.entity.id}|${query}`, inRange(intOrNull(h.query?.mmsi), 999_999_999), inRange(intOrNull(h.query?.imo), 2_147_483_647), h.entity.id,
      h.entity.schema ?? null, h.entity.name ?? null, h.entity.source ?? null, h.score, query, JSON.stringify(h.reasons ?? []), JSON.stringify(h.path ?? []),
      programsText(h),
    ]);
  }
  const cols: Param[][] = HIT_NAMES.map((_, i) => lastById(rows, (r) => r[0] as string).map((r) => r[i] as Param));
  return upsert(db, 'screening_hits', HIT_NAMES, HIT_TYPES, cols);
}

export async function screeningHits(db: PgDb, filter: ScreeningHitFilter = {}): Promise<Hit[]> {
  const where: string[] = [];
  const params: Param[] = [];
  const eq = (col: string, v: string | number | undefined, type: string): void => {
    if (v === undefined) return;
    params.push(v);
    where.push(`${col} = $${params.length}::${type}`);
  };
  eq('mmsi', filter.mmsi, 'integer');
  eq('imo', filter.imo, 'integer');
  eq('entity_id', filter.entityId, 'text');
  if (filter.minScore !== undefined) {
    params.push(filter.minScore);
    where.push(`score >= $${params.length}::float8`);
  }
  const rows = await db.read(`SELECT * FROM screening_hits ${whereSql(where)} ORDER BY score DESC, id`, params);
  return rows.map((r) => ({
    query: JSON.parse(String(r.query)) as Record<string, unknown>,
    entity: {
      id: String(r.entity_id),
      schema: (r.entity_schema as string | null) ?? '',
      name: (r.entity_name as string | null) ?? '',
      source: (r.entity_source as string | null) ?? '',
      ...programsOf((r.entity_programs as string | null | undefined) ?? null),
    },
    score: Number(r.score),
    reasons: JSON.parse(String(r.reasons)) as string[],
    path: JSON.parse(String(r.path)) as PathStep[],
  }));
}
