/**
 * Events and screening hits in the DuckDB store: idempotent upserts by id (re-running an
 * analysis or a screening replaces rows, never adds them twice) and their filtered reads.
 */
import { LIST, INTEGER, VARCHAR, type DuckDBAppender, type DuckDBValue, type JS } from '@duckdb/node-api';
import { isEventType, type Event } from '../../events.js';
import type { Hit, PathStep } from '../../screen/types.js';
import { StoreError } from '../../errors.js';
import type { EventFilter, PutResult, ScreeningHitFilter } from '../types.js';
import { programsOf, programsText } from '../programs.js';
import { canonicalJson, intOrNull, isoUtc, toEpochMs } from '../json.js';
import { addBBoxFilter, addTimeFilter, appendInt, appendNum, appendText, errMsg, num, numOrNull, strOrNull, timeParam, whereSql, type Row } from './sql.js';
import { VERSION } from '../../version.js';
import type { Db } from './db.js';

/** A stored event type; a row written by another version with a type we do not know is refused loudly. */
function eventType(v: JS | undefined): Event['type'] {
  const t = String(v);
  if (!isEventType(t)) throw new StoreError(`stored event has an unknown type '${t}'`);
  return t;
}

export async function putEvents(db: Db, events: readonly Event[]): Promise<PutResult> {
  if (events.length === 0) return { inserted: 0, replaced: 0 };
  // the event JSON carries no version (its schema is a contract); the store's meta table
  // records which darkfleet version last wrote events, in the same transaction
  const provenance = { sql: `INSERT OR REPLACE INTO meta VALUES ('events_version', $1)`, params: [VERSION] };
  return upsertVia(db, 'events', 'stage_events', 'putEvents', `SELECT id, type, epoch_ms(CAST(start_ms AS BIGINT)), epoch_ms(CAST(end_ms AS BIGINT)), mmsi, lat, lon, confidence, flags, rule, evidence`, (app) => {
    events.forEach((e, seq) => {
      const start = toEpochMs(e.start);
      const end = toEpochMs(e.end);
      if (typeof e.id !== 'string' || e.id === '') throw new StoreError(`event without id: ${JSON.stringify(e).slice(0, 200)}`);
      if (!Number.isFinite(start) || !Number.isFinite(end)) throw new StoreError(`event ${e.id}: unreadable start/end ${e.start} / ${e.end}`);
      app.appendInteger(seq);
      app.appendVarchar(e.id);
      app.appendVarchar(e.type);
      app.appendDouble(start);
      app.appendDouble(end);
      app.appendList(e.mmsi.map((m) => m), LIST(INTEGER));
      appendNum(app, e.lat);
      appendNum(app, e.lon);
      appendNum(app, e.confidence);
      app.appendList([...e.flags], LIST(VARCHAR));
      app.appendVarchar(JSON.stringify(e.rule ?? null));
      app.appendVarchar(JSON.stringify(e.evidence ?? {}));
      app.endRow();
    });
  }, provenance, 'ORDER BY start_ms, id');
}

/**
 * Idempotent upsert by id: rows go through `fill` into a temp staging table by appender,
 * then replace the table's rows with the same ids in one transaction (with `alsoInTx`, if given). A failing row empties
 * the stage and throws StoreError naming `what`.
 */
async function upsertVia(
  db: Db,
  table: string,
  stage: string,
  what: string,
  select: string,
  fill: (app: DuckDBAppender) => void,
  alsoInTx?: { sql: string; params: DuckDBValue[] },
  order = '',
): Promise<PutResult> {
  return db.serial(async () => {
    const app = await db.con.createAppender(stage, 'main', 'temp');
    try {
      fill(app);
      app.flushSync();
    } catch (err) {
      app.clear();
      await db.run(`DELETE FROM temp.${stage}`);
      throw err instanceof StoreError ? err : new StoreError(`${what}: ${errMsg(err)}`, undefined, undefined, { cause: err });
    } finally {
      app.closeSync();
    }
    return replaceFromStage(db, table, stage, select, alsoInTx, order);
  });
}

/**
 * `order` sorts the rows as they are written: events go in (start, id) order, the order pages
 * are read in, so a store filled in one put keeps its events in reading order.
 */
async function replaceFromStage(db: Db, table: string, stage: string, select: string, alsoInTx?: { sql: string; params: DuckDBValue[] }, order = ''): Promise<PutResult> {
  try {
    return await db.transaction(async () => {
      const [c] = await db.rows(
        `SELECT count(*)::DOUBLE AS distinct_ids, count(*) FILTER (WHERE id IN (SELECT id FROM ${table}))::DOUBLE AS existing
         FROM (SELECT DISTINCT id FROM temp.${stage})`,
      );
      await db.run(`DELETE FROM ${table} WHERE id IN (SELECT id FROM temp.${stage})`);
      await db.run(
        `INSERT INTO ${table} ${select} FROM (SELECT * FROM temp.${stage} QUALIFY row_number() OVER (PARTITION BY id ORDER BY seq DESC) = 1) ${order}`,
      );
      if (alsoInTx) await db.run(alsoInTx.sql, alsoInTx.params);
      return { inserted: num(c!.distinct_ids) - num(c!.existing), replaced: num(c!.existing) };
    });
  } finally {
    await db.run(`DELETE FROM temp.${stage}`);
  }
}

/** The columns an event is read back from, times as epoch ms. */
export const EVENT_COLUMNS = `id, type, (epoch_us(start_t) / 1000)::DOUBLE AS start_ms, (epoch_us(end_t) / 1000)::DOUBLE AS end_ms, mmsi, lat, lon,
    confidence, flags, rule, evidence`;

/** A row of EVENT_COLUMNS as an Event; stored nulls stay null. */
export function toEvent(r: Row): Event {
  return {
    id: String(r.id),
    type: eventType(r.type),
    start: isoUtc(num(r.start_ms)),
    end: isoUtc(num(r.end_ms)),
    mmsi: (r.mmsi as JS[]).map((m) => num(m)),
    lat: numOrNull(r.lat),
    lon: numOrNull(r.lon),
    confidence: num(r.confidence),
    flags: (r.flags as JS[]).map((f) => String(f)),
    rule: JSON.parse(String(r.rule)) as Event['rule'],
    evidence: JSON.parse(String(r.evidence)) as Event['evidence'],
  };
}

/**
 * The WHERE clauses of an event filter, values as positional parameters; false when the filter
 * can match nothing (an empty type list).
 */
export function eventFilterWhere(filter: EventFilter, where: string[], params: DuckDBValue[]): boolean {
  if (filter.type !== undefined) {
    const types = typeof filter.type === 'string' ? [filter.type] : [...filter.type];
    if (types.length === 0) return false;
    where.push(`type IN (${types.map((t) => (params.push(t), `$${params.length}`)).join(', ')})`);
  }
  if (filter.mmsi !== undefined) {
    params.push(filter.mmsi);
    where.push(`list_contains(mmsi, $${params.length}::INTEGER)`);
  }
  // an event overlaps [from, to] when it ends at or after `from` and starts at or before `to`
  addTimeFilter(where, params, filter.from === undefined ? undefined : timeParam(filter.from, 'from'), filter.to === undefined ? undefined : timeParam(filter.to, 'to'), 'end_t', 'start_t');
  if (filter.bbox) addBBoxFilter(where, params, filter.bbox);
  for (const flag of filter.flags ?? []) {
    params.push(flag);
    where.push(`list_contains(flags, $${params.length}::VARCHAR)`);
  }
  if (filter.minConfidence !== undefined) {
    params.push(filter.minConfidence);
    where.push(`confidence >= $${params.length}::DOUBLE`);
  }
  return true;
}

export async function events(db: Db, filter: EventFilter = {}): Promise<Event[]> {
  const where: string[] = [];
  const params: DuckDBValue[] = [];
  if (!eventFilterWhere(filter, where, params)) return [];
  let sql = `SELECT ${EVENT_COLUMNS} FROM events ${whereSql(where)} ORDER BY start_t, id`;
  if (filter.limit !== undefined) {
    params.push(Math.max(0, Math.floor(filter.limit)));
    sql += ` LIMIT $${params.length}`;
  }
  const rows = await db.serial(() => db.rows(sql, params));
  return rows.map(toEvent);
}


export async function putScreeningHits(db: Db, hits: readonly Hit[]): Promise<PutResult> {
  if (hits.length === 0) return { inserted: 0, replaced: 0 };
  return upsertVia(db, 'screening_hits', 'stage_hits', 'putScreeningHits', `SELECT id, mmsi, imo, entity_id, entity_schema, entity_name, entity_source, score, query, reasons, path, entity_programs`, (app) => {
    hits.forEach((h, seq) => {
      if (!h.entity || typeof h.entity.id !== 'string') throw new StoreError('screening hit without entity.id');
      if (!Number.isFinite(h.score)) throw new StoreError(`screening hit for ${h.entity.id}: score is not a number`);
      const query = canonicalJson(h.query ?? {});
      app.appendInteger(seq);
      app.appendVarchar(`${h.entity.id}|${query}`);
      appendInt(app, intOrNull(h.query?.mmsi), 0, 999_999_999);
      appendInt(app, intOrNull(h.query?.imo), 0, 2_147_483_647);
      app.appendVarchar(h.entity.id);
      appendText(app, h.entity.schema ?? null);
      appendText(app, h.entity.name ?? null);
      appendText(app, h.entity.source ?? null);
      app.appendDouble(h.score);
      app.appendVarchar(query);
      app.appendVarchar(JSON.stringify(h.reasons ?? []));
      app.appendVarchar(JSON.stringify(h.path ?? []));
      appendText(app, programsText(h));
      app.endRow();
    });
  });
}

export async function screeningHits(db: Db, filter: ScreeningHitFilter = {}): Promise<Hit[]> {
  const where: string[] = [];
  const params: DuckDBValue[] = [];
  if (filter.mmsi !== undefined) {
    params.push(filter.mmsi);
    where.push(`mmsi = $${params.length}::INTEGER`);
  }
  if (filter.imo !== undefined) {
    params.push(filter.imo);
    where.push(`imo = $${params.length}::INTEGER`);
  }
  if (filter.entityId !== undefined) {
    params.push(filter.entityId);
    where.push(`entity_id = $${params.length}`);
  }
  if (filter.minScore !== undefined) {
    params.push(filter.minScore);
    where.push(`score >= $${params.length}::DOUBLE`);
  }
  const sql = `SELECT * FROM screening_hits ${whereSql(where)} ORDER BY score DESC, id`;
  const rows = await db.serial(() => db.rows(sql, params));
  return rows.map((r) => ({
    query: JSON.parse(String(r.query)) as Record<string, unknown>,
    entity: {
      id: String(r.entity_id),
      schema: strOrNull(r.entity_schema) ?? '',
      name: strOrNull(r.entity_name) ?? '',
      source: strOrNull(r.entity_source) ?? '',
      ...programsOf(strOrNull(r.entity_programs)),
    },
    score: num(r.score),
    reasons: JSON.parse(String(r.reasons)) as string[],
    path: JSON.parse(String(r.path)) as PathStep[],
  }));
}
