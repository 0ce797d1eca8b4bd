/**
 * The embedded DuckDB store (default, one file: --db darkfleet.duckdb), split by concern:
 * writes.ts (ingest batches and the sources log), reads.ts (positions, statics, identity,
 * stats), events.ts (events and screening hits), search.ts (browsing), origins.ts (each
 * record's source and input line), over db.ts (the connection, the statement
 * order, the source-name dictionary). This file opens and closes the store and implements the
 * Store interface by handing each call to its module.
 *
 * Commits and every other statement on the main connection run one at a time in call order;
 * streaming reads (positions, statics) open their own connection and see committed data.
 */
import { DuckDBInstance } from '@duckdb/node-api';
import type { MotionColumns, Position, VesselStatic } from '../../records.js';
import type { Event } from '../../events.js';
import type { Hit } from '../../screen/types.js';
import { StoreError } from '../../errors.js';
import type {
  Batch,
  BatchResult,
  DataCount,
  EventFilter,
  EventPage,
  EventPageQuery,
  IdentityPeriod,
  IdentityQuery,
  IngestedSource,
  PositionQuery,
  PutResult,
  RecordOrigin,
  RecordRef,
  ScreeningHitFilter,
  SourceMeta,
  SourceProgress,
  SourceEnd,
  SourceState,
  StaticQuery,
  Store,
  StoreStats,
  StoredTraffic,
  TrafficReadOptions,
  TrafficParams,
  TrafficRefresh,
  TrackPoints,
  VesselMatch,
  VesselSeen,
} from '../types.js';
import { DDL, SCHEMA_VERSION, STAGE_DDL } from './schema.js';
import { LANES, closeLane, openLane, type Lane } from './lanes.js';
import { rowsOn, runOn } from './sql.js';
import { Db } from './db.js';
import { Writes } from './writes.js';
import * as reads from './reads.js';
import * as stored from './events.js';
import * as trafficStore from './traffic.js';
import * as search from './search.js';
import * as origins from './origins.js';
import * as incremental from './checkpoints.js';

export interface DuckDbStoreOptions {
  /** DuckDB worker threads; default: DuckDB's own (all cores) */
  threads?: number;
  /** e.g. "4GB"; default: DuckDB's own (80% of RAM) */
  memoryLimit?: string;
  /** open an existing store read-only (DuckDB access_mode READ_ONLY): every write is refused */
  readOnly?: boolean;
}

export async function openDuckDbStore(path: string, options: DuckDbStoreOptions = {}): Promise<DuckDbStore> {
  return DuckDbStore.open(path, options);
}

export class DuckDbStore implements Store {
  readonly location: string;
  readonly path: string;

  private constructor(
    private readonly db: Db,
    private readonly writes: Writes,
    readonly frozen: boolean,
  ) {
    this.location = db.location;
    this.path = db.path;
  }

  static async open(path: string, options: DuckDbStoreOptions = {}): Promise<DuckDbStore> {
    const config: Record<string, string> = {};
    if (options.threads !== undefined) config.threads = String(options.threads);
    if (options.memoryLimit !== undefined) config.memory_limit = options.memoryLimit;
    if (options.readOnly) config.access_mode = 'READ_ONLY';
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
      if (!options.readOnly) for (const sql of DDL) await runOn(con, sql);
      const v = await rowsOn(con, `SELECT value FROM meta WHERE key = 'schema_version'`);
      if (v.length === 0 && options.readOnly) throw new StoreError(`${path} is not a darkfleet store (no schema version)`);
      if (v.length === 0) await runOn(con, `INSERT INTO meta VALUES ('schema_version', $1)`, [SCHEMA_VERSION]);
      else if (v[0]!.value !== SCHEMA_VERSION) {
        throw new StoreError(`${path} has store schema version ${String(v[0]!.value)}, this darkfleet reads ${SCHEMA_VERSION}`);
      }
      for (const sql of STAGE_DDL) await runOn(con, sql);
      for (let i = 0; i < LANES; i++) lanes.push(await openLane(instance));
      const db = new Db(instance, con, path);
      await db.loadNames();
      return new DuckDbStore(db, new Writes(db, lanes), options.readOnly === true);
    } catch (err) {
      for (const lane of lanes) closeLane(lane);
      con.closeSync();
      instance.closeSync();
      throw err;
    }
  }

  async close(): Promise<void> {
    const db = this.db;
    if (db.closed) return;
    await db.serial(async () => {
      db.closed = true;
      this.writes.closeLanes();
      db.closeReaders();
      // a checkpoint folds the WAL into the file, so the next open does not replay it
      await db.run('CHECKPOINT');
      db.con.closeSync();
      db.instance.closeSync();
    });
  }

  // ingest session: writes.ts
  beginSource(sourceKey: string, meta?: SourceMeta): Promise<SourceState> {
    return this.writes.beginSource(sourceKey, meta);
  }
  writeBatch(batch: Batch): Promise<BatchResult> {
    return this.writes.writeBatch(batch);
  }
  endSource(sourceKey: string, progress?: SourceProgress): Promise<SourceEnd> {
    return this.writes.endSource(sourceKey, progress);
  }
  abortSource(sourceKey: string): Promise<void> {
    return this.writes.abortSource(sourceKey);
  }

  // reads: reads.ts
  stats(): Promise<StoreStats> {
    return reads.stats(this.db);
  }
  timeRange(): Promise<{ from: number; to: number } | null> {
    return reads.timeRange(this.db);
  }
  async *positions(query: PositionQuery = {}): AsyncIterable<Position> {
    for await (const batch of reads.positionBatches(this.db, query)) yield* batch;
  }
  positionBatches(query?: PositionQuery): AsyncIterable<Position[]> {
    return reads.positionBatches(this.db, query);
  }
  positionColumns(query?: PositionQuery): AsyncIterable<MotionColumns> {
    return reads.positionColumns(this.db, query);
  }
  statics(query?: StaticQuery): AsyncIterable<VesselStatic> {
    return reads.statics(this.db, query);
  }
  vesselIdentity(query: IdentityQuery): Promise<IdentityPeriod[]> {
    return reads.vesselIdentity(this.db, query);
  }

  // events and screening hits: events.ts
  putEvents(events: readonly Event[]): Promise<PutResult> {
    return stored.putEvents(this.db, events);
  }
  events(filter?: EventFilter): Promise<Event[]> {
    return stored.events(this.db, filter);
  }
  putScreeningHits(hits: readonly Hit[]): Promise<PutResult> {
    return stored.putScreeningHits(this.db, hits);
  }
  screeningHits(filter?: ScreeningHitFilter): Promise<Hit[]> {
    return stored.screeningHits(this.db, filter);
  }

  // the traffic layer: traffic.ts
  refreshTraffic(params?: Partial<TrafficParams>): Promise<TrafficRefresh> {
    return trafficStore.refreshTraffic(this.db, params);
  }
  traffic(opts?: TrafficReadOptions): Promise<StoredTraffic | null> {
    return trafficStore.traffic(this.db, opts);
  }
  positionWindows(windowMs: number, query?: { from?: number; to?: number }): Promise<number[]> {
    return reads.positionWindows(this.db, windowMs, query);
  }

  // incremental analysis: checkpoints.ts
  dataCounts(windowMs: number): Promise<DataCount[]> {
    return incremental.dataCounts(this.db, windowMs);
  }
  putCheckpoint(key: string, t: number, state: Uint8Array): Promise<void> {
    return incremental.putCheckpoint(this.db, key, t, state);
  }
  checkpoints(key: string): Promise<number[]> {
    return incremental.checkpoints(this.db, key);
  }
  checkpoint(key: string, t: number): Promise<Uint8Array | null> {
    return incremental.checkpoint(this.db, key, t);
  }
  deleteCheckpoints(key: string, times: readonly number[]): Promise<void> {
    return incremental.deleteCheckpoints(this.db, key, times);
  }
  deleteEvents(ids: readonly string[]): Promise<number> {
    return incremental.deleteEvents(this.db, ids);
  }

  // browsing: search.ts
  eventPage(query: EventPageQuery): Promise<EventPage> {
    return search.eventPage(this.db, query);
  }
  event(id: string): Promise<Event | null> {
    return search.eventById(this.db, id);
  }
  searchVessels(q: string, limit: number): Promise<VesselMatch[]> {
    return search.searchVessels(this.db, q, limit);
  }
  vesselSeen(mmsi: number): Promise<VesselSeen | null> {
    return search.vesselSeen(this.db, mmsi);
  }
  track(mmsi: number, from: number, to: number): Promise<TrackPoints> {
    return search.track(this.db, mmsi, from, to);
  }

  // evidence down to the raw line: origins.ts
  recordOrigins(refs: readonly RecordRef[]): Promise<RecordOrigin[]> {
    return origins.recordOrigins(this.db, refs);
  }
  ingestedSources(): Promise<IngestedSource[]> {
    return origins.ingestedSources(this.db);
  }
}
