/**
 * The embedded DuckDB store (default, one file: --db darkfleet.duckdb).
 *
 * Writes: each batch is appended to temp staging tables (data chunks for positions, see
 * chunks.ts), then ONE transaction moves the new rows into the real tables with an anti-join on
 * the record keys and updates the source's progress and totals. A SIGKILL at any point leaves
 * either the whole batch with its progress or neither (DuckDB's WAL), and the next run resumes
 * after the last committed batch; the key-based dedupe catches anything read twice.
 *
 * Two write lanes (connection + staging tables each) let batch k+1 be staged on the main thread
 * while batch k commits on DuckDB's threads. Commits and every other statement run one at a time
 * in call order (`tail`); streaming reads (positions, statics) open their own connection and see
 * committed data.
 */
import {
  DuckDBInstance,
  LIST,
  INTEGER,
  VARCHAR,
  type DuckDBAppender,
  type DuckDBConnection,
  type DuckDBValue,
  type JS,
} from '@duckdb/node-api';
import type { Position, VesselStatic } from '../../records.js';
import { isEventType, type Event } from '../../events.js';
import type { Hit, PathStep } from '../../screen/types.js';
import { StoreError } from '../../errors.js';
import type {
  Batch,
  BatchResult,
  EventFilter,
  IdentityPeriod,
  IdentityQuery,
  PositionQuery,
  PutResult,
  ScreeningHitFilter,
  SourceMeta,
  SourceProgress,
  SourceState,
  SourceTotals,
  StaticQuery,
  Store,
  StoreStats,
} from '../types.js';
import { identityPeriods } from '../identity.js';
import { addCounts, canonicalJson, intOrNull, isoUtc, sortedCounts, toEpochMs } from '../json.js';
import { DDL, INSERT_POSITIONS, INSERT_POSITIONS_AFTER, INSERT_STATICS, SCHEMA_VERSION, STAGE_DDL } from './schema.js';
import { doubleColumn, isValid, type DoubleColumn } from './chunks.js';
import { LANES, appendStatics, clearStage, closeLane, openLane, type Lane, type Staged } from './lanes.js';
import {
  addBBoxFilter,
  addMmsiFilter,
  appendInt,
  appendNum,
  appendText,
  errMsg,
  num,
  numOrNull,
  rowsOn,
  runOn,
  strOrNull,
  timeParam,
  whereSql,
  type Row,
} from './sql.js';

/** A stored event type; a row written by another version with a type we do not know is refused loudly. */
function eventType(v: JS | undefined): Event['type'] {
  const t = String(v);
  if (!isEventType(t)) throw new StoreError(`stored event has an unknown type '${t}'`);
  return t;
}

export interface DuckDbStoreOptions {
  /** DuckDB worker threads; default: DuckDB's own (all cores) */
  threads?: number;
  /** e.g. "4GB"; default: DuckDB's own (80% of RAM) */
  memoryLimit?: string;
}

interface SourceSession {
  totals: SourceTotals;
}

const emptyTotals = (): SourceTotals => ({
  read: 0,
  positionsInserted: 0,
  positionsDuplicate: 0,
  staticsInserted: 0,
  staticsDuplicate: 0,
  rejects: {},
});

export async function openDuckDbStore(path: string, options: DuckDbStoreOptions = {}): Promise<DuckDbStore> {
  return DuckDbStore.open(path, options);
}

export class DuckDbStore implements Store {
  readonly location: string;
  private readonly nameIds = new Map<string, number>();
  private readonly names = new Map<number, string>();
  private readonly sessions = new Map<string, SourceSession>();
  /** every statement on `con` and every batch commit runs in this order */
  private tail: Promise<unknown> = Promise.resolve();
  /** batches are staged in call order */
  private stageTail: Promise<unknown> = Promise.resolve();
  private nextLane = 0;
  private closed = false;

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly con: DuckDBConnection,
    private readonly lanes: Lane[],
    readonly path: string,
  ) {
    this.location = `duckdb:${path}`;
  }

  static async open(path: string, options: DuckDbStoreOptions = {}): Promise<DuckDbStore> {
    const config: Record<string, string> = {};
    if (options.threads !== undefined) config.threads = String(options.threads);
    if (options.memoryLimit !== undefined) config.memory_limit = options.memoryLimit;
    let instance: DuckDBInstance;
    try {
      instance = await DuckDBInstance.create(path, config);
    } catch (cause) {
      const msg = cause instanceof Error ? cause.message : String(cause);
      throw new StoreError(`cannot open DuckDB store ${path}: ${msg}`, undefined, undefined, { cause });
    }
    const con = await instance.connect();
    const lanes: Lane[] = [];
    try {
      for (const sql of DDL) await runOn(con, sql);
      const v = await rowsOn(con, `SELECT value FROM meta WHERE key = 'schema_version'`);
      if (v.length === 0) await runOn(con, `INSERT INTO meta VALUES ('schema_version', $1)`, [SCHEMA_VERSION]);
      else if (v[0]!.value !== SCHEMA_VERSION) {
        throw new StoreError(`${path} has store schema version ${String(v[0]!.value)}, this darkfleet reads ${SCHEMA_VERSION}`);
      }
      for (const sql of STAGE_DDL) await runOn(con, sql);
      for (let i = 0; i < LANES; i++) lanes.push(await openLane(instance));
      const store = new DuckDbStore(instance, con, lanes, path);
      await store.loadNames();
      return store;
    } catch (err) {
      for (const lane of lanes) closeLane(lane);
      con.closeSync();
      instance.closeSync();
      throw err;
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.serial(async () => {
      this.closed = true;
      for (const lane of this.lanes) closeLane(lane);
      // a checkpoint folds the WAL into the file, so the next open does not replay it
      await this.run('CHECKPOINT');
      this.con.closeSync();
      this.instance.closeSync();
    });
  }

  // ---------------------------------------------------------------- ingest session

  async beginSource(sourceKey: string, meta: SourceMeta = {}): Promise<SourceState> {
    return this.serial(async () => {
      const rows = await this.rows(`SELECT * EXCLUDE (first_seen, updated) FROM ingest_sources WHERE source_key = $1`, [sourceKey]);
      const row = rows[0];
      if (!row) {
        await this.run(
          `INSERT INTO ingest_sources VALUES ($1, $2, $3, $4::BIGINT, now()::TIMESTAMP, now()::TIMESTAMP, 1, false,
             NULL, NULL, NULL, 0, 0, 0, 0, 0, '{}')`,
          [sourceKey, meta.path ?? null, meta.format ?? null, meta.sizeBytes ?? null],
        );
        const totals = emptyTotals();
        this.sessions.set(sourceKey, { totals });
        return { resumeFrom: null, alreadyComplete: false, totals: { ...totals, rejects: {} } };
      }
      const totals: SourceTotals = {
        read: num(row.records_read),
        positionsInserted: num(row.positions_inserted),
        positionsDuplicate: num(row.positions_duplicate),
        staticsInserted: num(row.statics_inserted),
        staticsDuplicate: num(row.statics_duplicate),
        rejects: JSON.parse(String(row.rejects)) as Record<string, number>,
      };
      const progress: SourceProgress = {
        byteOffset: numOrNull(row.byte_offset),
        lineNo: numOrNull(row.line_no),
        recordIndex: numOrNull(row.record_index),
      };
      const hasProgress = progress.byteOffset !== null || progress.lineNo !== null || progress.recordIndex !== null;
      const completed = row.completed === true;
      if (!completed) {
        await this.run(`UPDATE ingest_sources SET runs = runs + 1, updated = now()::TIMESTAMP WHERE source_key = $1`, [sourceKey]);
      }
      this.sessions.set(sourceKey, { totals });
      return {
        resumeFrom: hasProgress ? progress : null,
        alreadyComplete: completed,
        totals: { ...totals, rejects: { ...totals.rejects } },
      };
    });
  }

  writeBatch(batch: Batch): Promise<BatchResult> {
    if (this.closed) return Promise.reject(new StoreError(`${this.location} is closed`));
    // Two lanes, each its own connection and staging tables: batch k+1 is staged (JS work on
    // the main thread) while batch k commits (DuckDB threads). Commits stay in call order.
    const lane = this.lanes[this.nextLane]!;
    this.nextLane = (this.nextLane + 1) % this.lanes.length;
    const staged = Promise.all([lane.idle, this.stageTail]).then(() => this.stage(lane, batch));
    this.stageTail = staged.catch(() => undefined);
    // the commit takes its place in the statement order now, so calls after this one see it
    const done = this.tail.then(() => staged).then((st) => this.commit(lane, batch, st));
    this.tail = done.catch(() => undefined);
    lane.idle = done.catch(() => undefined);
    return done;
  }

  /** Appends a batch to the lane's staging tables; source names are registered first. */
  private async stage(lane: Lane, batch: Batch): Promise<Staged> {
    const rejects: Record<string, number> = {};
    try {
      await this.registerNames(lane, batch);
      const sourceId = (name: string): number => this.nameIds.get(name)!;
      const pos = lane.positionsChunks.append(batch.positions, sourceId, rejects);
      lane.positionsApp.flushSync();
      const statics = appendStatics(lane.staticsApp, batch.statics, sourceId, rejects);
      lane.staticsApp.flushSync();
      return { positions: pos.appended, positionsRepeated: pos.duplicates, minUs: pos.minUs, maxUs: pos.maxUs, statics, rejects };
    } catch (err) {
      await clearStage(lane);
      throw err instanceof StoreError ? err : new StoreError(`writeBatch failed: ${errMsg(err)}`, undefined, undefined, { cause: err });
    }
  }

  /**
   * New Position.source / VesselStatic.source strings get ids in source_names, committed on their
   * own before the batch: an id that outlives a failed batch is harmless, a batch pointing at a
   * missing name would not be.
   */
  private async registerNames(lane: Lane, batch: Batch): Promise<void> {
    const fresh: string[] = [];
    let last: string | null = null;
    const see = (name: string): void => {
      if (name === last) return;
      last = name;
      if (!this.nameIds.has(name) && !fresh.includes(name)) fresh.push(name);
    };
    for (const p of batch.positions) see(p.source);
    for (const s of batch.statics) see(s.source);
    for (const name of fresh) {
      const id = this.nameIds.size + 1;
      await runOn(lane.con, `INSERT INTO source_names VALUES ($1, $2)`, [id, name]);
      this.nameIds.set(name, id);
      this.names.set(id, name);
    }
  }

  /**
   * Latest stored position time (epoch µs; null: none), read once and then kept up to date by
   * the commits. Never below the truth (deletes only lower it), which is all `insertPositions` needs.
   */
  private storedMaxUs: number | null | undefined = undefined;

  /** Staged positions into the table: anti-join dedupe only for those not later than everything stored. */
  private async insertPositions(lane: Lane, staged: Staged): Promise<number> {
    if (this.storedMaxUs === undefined) {
      const hi = (await rowsOn(lane.con, 'SELECT epoch_us(max(t))::DOUBLE AS hi FROM positions'))[0]?.hi;
      this.storedMaxUs = typeof hi === 'number' ? hi : null;
    }
    const known = this.storedMaxUs;
    // below every valid time: with nothing stored, every row is "later"
    const after = known === null ? -(2 ** 53) : known;
    let n = (await runOn(lane.con, INSERT_POSITIONS_AFTER, [after])).rowsChanged;
    if (known !== null && staged.minUs <= known) n += (await runOn(lane.con, INSERT_POSITIONS, [after])).rowsChanged;
    return n;
  }

  /** One transaction: staged rows into the tables (anti-join dedupe) + the source's progress. */
  private async commit(lane: Lane, batch: Batch, staged: Staged): Promise<BatchResult> {
    let inTx = false;
    try {
      const session = this.sessions.get(batch.sourceKey);
      if (!session) throw new StoreError(`writeBatch: source ${batch.sourceKey} was not begun with beginSource`);
      await runOn(lane.con, 'BEGIN TRANSACTION');
      inTx = true;
      const positionsInserted = staged.positions > 0 ? await this.insertPositions(lane, staged) : 0;
      const staticsInserted = staged.statics > 0 ? (await runOn(lane.con, INSERT_STATICS)).rowsChanged : 0;
      const result: BatchResult = {
        positionsInserted,
        positionsDuplicate: staged.positions - positionsInserted + staged.positionsRepeated,
        staticsInserted,
        staticsDuplicate: staged.statics - staticsInserted,
        rejects: staged.rejects,
      };
      let readerRejects = 0;
      for (const v of Object.values(batch.rejects ?? {})) readerRejects += v;
      const t = session.totals;
      const next: SourceTotals = {
        read: t.read + (batch.read ?? batch.positions.length + batch.statics.length + readerRejects),
        positionsInserted: t.positionsInserted + result.positionsInserted,
        positionsDuplicate: t.positionsDuplicate + result.positionsDuplicate,
        staticsInserted: t.staticsInserted + result.staticsInserted,
        staticsDuplicate: t.staticsDuplicate + result.staticsDuplicate,
        rejects: { ...t.rejects },
      };
      addCounts(next.rejects, batch.rejects);
      addCounts(next.rejects, staged.rejects);
      const p = batch.progress;
      await runOn(
        lane.con,
        `UPDATE ingest_sources SET updated = now()::TIMESTAMP,
           byte_offset = $2::BIGINT, line_no = $3::BIGINT, record_index = $4::BIGINT,
           records_read = $5::BIGINT, positions_inserted = $6::BIGINT, positions_duplicate = $7::BIGINT,
           statics_inserted = $8::BIGINT, statics_duplicate = $9::BIGINT, rejects = $10
         WHERE source_key = $1`,
        [
          batch.sourceKey,
          p.byteOffset ?? null,
          p.lineNo ?? null,
          p.recordIndex ?? null,
          next.read,
          next.positionsInserted,
          next.positionsDuplicate,
          next.staticsInserted,
          next.staticsDuplicate,
          canonicalJson(next.rejects),
        ],
      );
      await runOn(lane.con, 'COMMIT');
      // the newest staged time is now stored (inserted, or it repeated a stored row)
      if (staged.positions > 0 && this.storedMaxUs !== undefined && (this.storedMaxUs === null || staged.maxUs > this.storedMaxUs)) this.storedMaxUs = staged.maxUs;
      inTx = false;
      session.totals = next;
      return result;
    } catch (err) {
      if (inTx) await runOn(lane.con, 'ROLLBACK').catch(() => undefined);
      throw err instanceof StoreError ? err : new StoreError(`writeBatch failed: ${errMsg(err)}`, undefined, undefined, { cause: err });
    } finally {
      await clearStage(lane);
    }
  }

  async endSource(sourceKey: string, progress?: SourceProgress): Promise<SourceTotals> {
    return this.serial(async () => {
      const session = this.sessions.get(sourceKey);
      if (!session) throw new StoreError(`endSource: source ${sourceKey} was not begun with beginSource`);
      if (progress) {
        await this.run(
          `UPDATE ingest_sources SET completed = true, updated = now()::TIMESTAMP,
             byte_offset = $2::BIGINT, line_no = $3::BIGINT, record_index = $4::BIGINT WHERE source_key = $1`,
          [sourceKey, progress.byteOffset ?? null, progress.lineNo ?? null, progress.recordIndex ?? null],
        );
      } else {
        await this.run(`UPDATE ingest_sources SET completed = true, updated = now()::TIMESTAMP WHERE source_key = $1`, [sourceKey]);
      }
      this.sessions.delete(sourceKey);
      return { ...session.totals, rejects: sortedCounts(session.totals.rejects) };
    });
  }

  // ---------------------------------------------------------------- reads

  async timeRange(): Promise<{ from: number; to: number } | null> {
    return this.serial(async () => {
      const [r] = await this.rows(`SELECT (epoch_us(min(t)) / 1000)::DOUBLE AS lo, (epoch_us(max(t)) / 1000)::DOUBLE AS hi FROM positions`);
      const lo = r?.lo as number | null | undefined;
      const hi = r?.hi as number | null | undefined;
      return lo === null || lo === undefined || hi === null || hi === undefined ? null : { from: lo, to: hi };
    });
  }

  async stats(): Promise<StoreStats> {
    return this.serial(async () => {
      const [counts] = await this.rows(
        `SELECT (SELECT count(*) FROM positions)::DOUBLE AS positions,
                (SELECT count(*) FROM statics)::DOUBLE AS statics,
                (SELECT count(*) FROM (SELECT mmsi FROM positions UNION SELECT mmsi FROM statics))::DOUBLE AS vessels`,
      );
      const events: Record<string, number> = {};
      for (const r of await this.rows(`SELECT type, count(*)::DOUBLE AS n FROM events GROUP BY type ORDER BY type`)) {
        events[String(r.type)] = num(r.n);
      }
      const rejects: Record<string, number> = {};
      for (const r of await this.rows(`SELECT rejects FROM ingest_sources`)) {
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

  async *positions(query: PositionQuery = {}): AsyncIterable<Position> {
    for await (const batch of this.positionBatches(query)) yield* batch;
  }

  /** Positions in chunks of up to 2048, in the order of `query.order`; cheaper than one by one. */
  async *positionBatches(query: PositionQuery = {}): AsyncIterable<Position[]> {
    const where: string[] = [];
    const params: DuckDBValue[] = [];
    addMmsiFilter(where, params, query.mmsi);
    if (query.from !== undefined) {
      params.push(Math.round(query.from * 1000));
      where.push(`t >= make_timestamp($${params.length}::BIGINT)`);
    }
    if (query.to !== undefined) {
      params.push(Math.round(query.to * 1000));
      where.push(`t <= make_timestamp($${params.length}::BIGINT)`);
    }
    if (query.bbox) addBBoxFilter(where, params, query.bbox);
    const order = query.order === 'vessel' ? 'mmsi, t, lat, lon' : 't, mmsi, lat, lon';
    const sql = `SELECT mmsi::DOUBLE, (epoch_us(t) / 1000)::DOUBLE, lat, lon, sog, cog, heading, nav_status::DOUBLE,
        msg_type::DOUBLE, source_id::DOUBLE FROM positions ${whereSql(where)} ORDER BY ${order}`;
    const con = await this.readConnection();
    try {
      const result = await con.stream(sql, params).catch((cause: unknown) => {
        throw new StoreError(`positions query failed: ${errMsg(cause)}`, sql, params, { cause });
      });
      while (true) {
        const chunk = await result.fetchChunk();
        if (!chunk || chunk.rowCount === 0) break;
        const n = chunk.rowCount;
        const [mmsi, t, lat, lon, sog, cog, heading, nav, msgType, src] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((i) =>
          doubleColumn(chunk, i, n),
        ) as [DoubleColumn, DoubleColumn, DoubleColumn, DoubleColumn, DoubleColumn, DoubleColumn, DoubleColumn, DoubleColumn, DoubleColumn, DoubleColumn];
        const out: Position[] = new Array<Position>(n);
        for (let j = 0; j < n; j++) {
          const p: Position = {
            mmsi: mmsi.data[j]!,
            t: t.data[j]!,
            lat: lat.data[j]!,
            lon: lon.data[j]!,
            sog: isValid(sog, j) ? sog.data[j]! : null,
            cog: isValid(cog, j) ? cog.data[j]! : null,
            heading: isValid(heading, j) ? heading.data[j]! : null,
            navStatus: isValid(nav, j) ? nav.data[j]! : null,
            source: this.names.get(src.data[j]!) ?? '',
          };
          if (isValid(msgType, j)) p.msgType = msgType.data[j]!;
          out[j] = p;
        }
        yield out;
      }
    } finally {
      con.closeSync();
    }
  }

  async *statics(query: StaticQuery = {}): AsyncIterable<VesselStatic> {
    const where: string[] = [];
    const params: DuckDBValue[] = [];
    addMmsiFilter(where, params, query.mmsi);
    if (query.imo !== undefined) {
      params.push(query.imo);
      where.push(`imo = $${params.length}::INTEGER`);
    }
    if (query.from !== undefined) {
      params.push(Math.round(query.from * 1000));
      where.push(`t >= make_timestamp($${params.length}::BIGINT)`);
    }
    if (query.to !== undefined) {
      params.push(Math.round(query.to * 1000));
      where.push(`t <= make_timestamp($${params.length}::BIGINT)`);
    }
    const sql = `SELECT mmsi, (epoch_us(t) / 1000)::DOUBLE AS t, imo, name, callsign, ship_type::INTEGER AS ship_type, length, width,
        draught, destination, flag, source_id FROM statics ${whereSql(where)}
        ORDER BY mmsi, t, imo, name, callsign, ship_type, flag, destination`;
    const con = await this.readConnection();
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
            source: this.names.get(num(r.source_id)) ?? '',
          };
        }
      }
    } finally {
      con.closeSync();
    }
  }

  async vesselIdentity(query: IdentityQuery): Promise<IdentityPeriod[]> {
    if ('mmsi' in query) {
      const statics: VesselStatic[] = [];
      for await (const s of this.statics({ mmsi: query.mmsi })) statics.push(s);
      return identityPeriods(statics);
    }
    const mmsis = await this.serial(() => this.rows(`SELECT DISTINCT mmsi FROM statics WHERE imo = $1::INTEGER ORDER BY mmsi`, [query.imo]));
    if (mmsis.length === 0) return [];
    const statics: VesselStatic[] = [];
    for await (const s of this.statics({ mmsi: mmsis.map((r) => num(r.mmsi)) })) statics.push(s);
    return identityPeriods(statics)
      .filter((p) => p.imo === query.imo)
      .sort((a, b) => a.from - b.from || a.mmsi - b.mmsi);
  }

  // ---------------------------------------------------------------- events

  async putEvents(events: readonly Event[]): Promise<PutResult> {
    if (events.length === 0) return { inserted: 0, replaced: 0 };
    return this.upsertVia('events', 'stage_events', 'putEvents', `SELECT id, type, epoch_ms(CAST(start_ms AS BIGINT)), epoch_ms(CAST(end_ms AS BIGINT)), mmsi, lat, lon, confidence, flags, rule, evidence`, (app) => {
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
    });
  }

  /**
   * Idempotent upsert by id: rows go through `fill` into a temp staging table by appender,
   * then replace the table's rows with the same ids in one statement. A failing row empties
   * the stage and throws StoreError naming `what`.
   */
  private async upsertVia(table: string, stage: string, what: string, select: string, fill: (app: DuckDBAppender) => void): Promise<PutResult> {
    return this.serial(async () => {
      const app = await this.con.createAppender(stage, 'main', 'temp');
      try {
        fill(app);
        app.flushSync();
      } catch (err) {
        app.clear();
        await this.run(`DELETE FROM temp.${stage}`);
        throw err instanceof StoreError ? err : new StoreError(`${what}: ${errMsg(err)}`, undefined, undefined, { cause: err });
      } finally {
        app.closeSync();
      }
      return this.replaceFromStage(table, stage, select);
    });
  }

  private async replaceFromStage(table: string, stage: string, select: string): Promise<PutResult> {
    try {
      await this.run('BEGIN TRANSACTION');
      const [c] = await this.rows(
        `SELECT count(*)::DOUBLE AS distinct_ids, count(*) FILTER (WHERE id IN (SELECT id FROM ${table}))::DOUBLE AS existing
         FROM (SELECT DISTINCT id FROM temp.${stage})`,
      );
      await this.run(`DELETE FROM ${table} WHERE id IN (SELECT id FROM temp.${stage})`);
      await this.run(
        `INSERT INTO ${table} ${select} FROM (SELECT * FROM temp.${stage} QUALIFY row_number() OVER (PARTITION BY id ORDER BY seq DESC) = 1)`,
      );
      await this.run('COMMIT');
      return { inserted: num(c!.distinct_ids) - num(c!.existing), replaced: num(c!.existing) };
    } catch (err) {
      await this.run('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      await this.run(`DELETE FROM temp.${stage}`);
    }
  }

  async events(filter: EventFilter = {}): Promise<Event[]> {
    const where: string[] = [];
    const params: DuckDBValue[] = [];
    if (filter.type !== undefined) {
      const types = typeof filter.type === 'string' ? [filter.type] : [...filter.type];
      if (types.length === 0) return [];
      where.push(`type IN (${types.map((t) => (params.push(t), `$${params.length}`)).join(', ')})`);
    }
    if (filter.mmsi !== undefined) {
      params.push(filter.mmsi);
      where.push(`list_contains(mmsi, $${params.length}::INTEGER)`);
    }
    if (filter.from !== undefined) {
      params.push(Math.round(timeParam(filter.from, 'from') * 1000));
      where.push(`end_t >= make_timestamp($${params.length}::BIGINT)`);
    }
    if (filter.to !== undefined) {
      params.push(Math.round(timeParam(filter.to, 'to') * 1000));
      where.push(`start_t <= make_timestamp($${params.length}::BIGINT)`);
    }
    if (filter.bbox) addBBoxFilter(where, params, filter.bbox);
    let sql = `SELECT id, type, (epoch_us(start_t) / 1000)::DOUBLE AS start_ms, (epoch_us(end_t) / 1000)::DOUBLE AS end_ms, mmsi, lat, lon,
      confidence, flags, rule, evidence FROM events ${whereSql(where)} ORDER BY start_t, id`;
    if (filter.limit !== undefined) {
      params.push(Math.max(0, Math.floor(filter.limit)));
      sql += ` LIMIT $${params.length}`;
    }
    const rows = await this.serial(() => this.rows(sql, params));
    return rows.map((r) => ({
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
    }));
  }

  // ---------------------------------------------------------------- screening hits

  async putScreeningHits(hits: readonly Hit[]): Promise<PutResult> {
    if (hits.length === 0) return { inserted: 0, replaced: 0 };
    return this.upsertVia('screening_hits', 'stage_hits', 'putScreeningHits', `SELECT id, mmsi, imo, entity_id, entity_schema, entity_name, entity_source, score, query, reasons, path`, (app) => {
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
          app.endRow();
        });
    });
  }

  async screeningHits(filter: ScreeningHitFilter = {}): Promise<Hit[]> {
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
    const rows = await this.serial(() => this.rows(sql, params));
    return rows.map((r) => ({
      query: JSON.parse(String(r.query)) as Record<string, unknown>,
      entity: {
        id: String(r.entity_id),
        schema: strOrNull(r.entity_schema) ?? '',
        name: strOrNull(r.entity_name) ?? '',
        source: strOrNull(r.entity_source) ?? '',
      },
      score: num(r.score),
      reasons: JSON.parse(String(r.reasons)) as string[],
      path: JSON.parse(String(r.path)) as PathStep[],
    }));
  }

  // ---------------------------------------------------------------- plumbing

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new StoreError(`${this.location} is closed`));
    const run = this.tail.then(fn, fn);
    this.tail = run.catch(() => undefined);
    return run;
  }

  private async readConnection(): Promise<DuckDBConnection> {
    if (this.closed) throw new StoreError(`${this.location} is closed`);
    return this.instance.connect();
  }

  private async loadNames(): Promise<void> {
    for (const r of await this.rows(`SELECT id, name FROM source_names`)) {
      this.nameIds.set(String(r.name), num(r.id));
      this.names.set(num(r.id), String(r.name));
    }
  }

  private run(sql: string, params?: DuckDBValue[]): ReturnType<DuckDBConnection['run']> {
    return runOn(this.con, sql, params);
  }

  private rows(sql: string, params?: DuckDBValue[]): Promise<Row[]> {
    return rowsOn(this.con, sql, params);
  }
}
