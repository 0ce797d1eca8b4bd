/**
 * The PostgreSQL + PostGIS store (--db postgres://user@host:port/db?schema=NAME), for teams and
 * for the scale-out workers: the Store interface over `pg`, split by concern like the DuckDB
 * store: writes.ts (ingest batches, sources log), reads.ts (positions, statics, identity, stats),
 * events.ts (events, screening hits), search.ts (browsing), traffic.ts (the traffic layer),
 * origins.ts (each record's source and input line), over db.ts (pool, main connection, statement
 * order), migrations.ts (versioned schema) and partitions.ts (day partitions of positions).
 *
 * Commits and other ordered statements run one at a time in call order on the main connection;
 * reads take a pooled connection of their own and see committed data.
 */
import pg from 'pg';
import type { MotionColumns, Position, VesselStatic } from '../../records.js';
import type { Event } from '../../events.js';
import type { Hit } from '../../screen/types.js';
import { StoreError } from '../../errors.js';
import { errMsg } from '../duckdb/sql.js';
import type {
  Batch,
  BatchResult,
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
  SourceEnd,
  SourceMeta,
  SourceProgress,
  SourceState,
  StaticQuery,
  Store,
  StoreStats,
  StoredTraffic,
  TrafficReadOptions,
  TrackPoints,
  TrafficParams,
  TrafficRefresh,
  VesselMatch,
  VesselSeen,
  DataCount,
} from '../types.js';
import { PgDb, parseLocation, quoteIdent } from './db.js';
import { LATEST, appliedVersions, migrate } from './migrations.js';
import { Partitions } from './partitions.js';
import { Writes } from './writes.js';
import * as reads from './reads.js';
import * as stored from './events.js';
import * as search from './search.js';
import * as incremental from './checkpoints.js';
import * as trafficStore from './traffic.js';
import * as origins from './origins.js';

export interface PgStoreOptions {
  /** refuse to create a store where there is none */
  mustExist?: boolean;
  /** every transaction read-only (`serve`): implies mustExist */
  readOnly?: boolean;
  /** pooled connections for reads besides the main one (default 4) */
  poolSize?: number;
}

export function isPostgresLocation(location: string): boolean {
  return /^postgres(ql)?:\/\//i.test(location);
}

export async function openPostgresStore(location: string, options: PgStoreOptions = {}): Promise<PostgresStore> {
  return PostgresStore.open(location, options);
}

export class PostgresStore implements Store {
  readonly location: string;
  /** other clients (workers, ingests) write while it is open, read-only or not */
  readonly frozen = false;

  private constructor(
    private readonly db: PgDb,
    private readonly writes: Writes,
  ) {
    this.location = db.location;
  }

  static async open(location: string, options: PgStoreOptions = {}): Promise<PostgresStore> {
    const where = parseLocation(location);
    const settings = [`-c search_path=${quoteIdent(where.schema)},public`];
    if (options.readOnly) settings.push('-c default_transaction_read_only=on');
    const pool = new pg.Pool({ connectionString: where.url, options: settings.join(' '), max: 1 + (options.poolSize ?? 4) });
    // an idle pooled connection the server dropped must not take the process down
    pool.on('error', () => undefined);
    let main: pg.PoolClient;
    try {
      main = await pool.connect();
    } catch (cause) {
      await pool.end().catch(() => undefined);
      throw new StoreError(`cannot connect to PostgreSQL at ${where.display}: ${errMsg(cause)}`, undefined, undefined, { cause });
    }
    try {
      const have = await appliedVersions(main, where.schema);
      if ((options.mustExist || options.readOnly) && have === null) {
        throw new StoreError(`no darkfleet store at ${where.display} schema ${where.schema} (run \`darkfleet ingest\` or \`darkfleet init\` first)`);
      }
      if (options.readOnly) {
        const newest = Math.max(0, ...(have ?? []));
        if (newest !== LATEST) throw new StoreError(`${where.display} has store schema version ${newest}, this darkfleet reads ${LATEST}: open it once read-write to migrate`);
      } else {
        await migrate(main, where.schema);
      }
      const db = new PgDb(pool, main, where);
      await db.loadNames();
      const partitions = new Partitions(db);
      await partitions.load();
      return new PostgresStore(db, new Writes(db, partitions));
    } catch (err) {
      main.release();
      await pool.end().catch(() => undefined);
      throw err;
    }
  }

  async close(): Promise<void> {
    const db = this.db;
    if (db.closed) return;
    await db.serial(async () => {
      db.closed = true;
      db.main.release();
      await db.pool.end();
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
