/**
 * The Store contract: everything darkfleet keeps between runs (positions, static reports,
 * identity history, events, screening hits, the ingest log) behind one driver-neutral
 * interface. DuckDB (src/store/duckdb/) is the embedded default; a PostgreSQL store must
 * pass the same contract suite (test/store/contract.ts).
 *
 * Times cross this interface as epoch milliseconds (records) or ISO 8601 UTC strings
 * (events, as in DESIGN.md), never as driver types.
 *
 * An ingest of one input:
 *   const key = await fileSourceKey(path);              // content key (sourcekey.ts)
 *   const st = await store.beginSource(key, { path, format });
 *   if (st.alreadyComplete) skip;                        // the same file's records are stored
 *   skip the input up to st.resumeFrom (byte offset, line or record), then for each batch of
 *   ~PREFERRED_BATCH_ROWS records:
 *     pending = store.writeBatch({ sourceKey: key, positions, statics, rejects, progress });
 *     (await the previous pending before reading a second batch ahead)
 *   const end = await store.endSource(key);             // end.complete: something of it is stored
 *   (on a read error instead: await store.abortSource(key))
 * Summing the BatchResults gives the run's inserted / duplicates / rejected.
 *
 * An input is done when its records are stored, not when it was read: a source of which nothing
 * is stored (every record rejected, the wrong format, a failed read) is never marked complete;
 * the log forgets it, so a later run reads it afresh.
 */
import type { Event } from '../events.js';
import type { Hit } from '../screen/types.js';
import type { MotionColumns, Position, PositionBatch, VesselStatic } from '../records.js';
import type { TrafficRows } from '../geo/traffic.js';

/** [west, south, east, north] in degrees; west > east crosses the antimeridian. */
export type BBox = readonly [number, number, number, number];

/** What the ingest log records about a source when it is first seen. */
export interface SourceMeta {
  /** file path (absolute, so the file can be found again from anywhere), URL or `-`; the key identifies the source */
  path?: string | null;
  /** the label its records carry (Position.source / VesselStatic.source): links stored records to this entry */
  name?: string | null;
  /** format tag: nmea, marinecadastre, dma, aisstream ... */
  format?: string | null;
  sizeBytes?: number | null;
}

/**
 * How far a source has been read, saved with every batch. A reader fills what it can:
 * a plain file its byte offset, a gzip stream its line number, a record list its index.
 * The store keeps these numbers verbatim; the reader decides how to skip to them.
 */
export interface SourceProgress {
  byteOffset?: number | null;
  lineNo?: number | null;
  recordIndex?: number | null;
}

export interface SourceState {
  /** where to continue; null when nothing of this source was committed yet */
  resumeFrom: SourceProgress | null;
  /** the source was read to its end before and records of it are stored: an ingest should skip it */
  alreadyComplete: boolean;
  /** the format the source is read as (the earlier run's when it is complete); progress counts in its units */
  format: string | null;
  /** totals committed for this source over all runs so far */
  totals: SourceTotals;
}

export interface SourceTotals {
  read: number;
  positionsInserted: number;
  positionsDuplicate: number;
  staticsInserted: number;
  staticsDuplicate: number;
  rejects: Record<string, number>;
}

/** What endSource reports: the source's totals over all runs, and whether it is now complete. */
export interface SourceEnd extends SourceTotals {
  complete: boolean;
}

/**
 * One unit of ingest work: committed with its source's progress in ONE transaction, so a
 * killed ingest resumes exactly after the last committed batch. The store takes ownership
 * of the arrays (it may read them after writeBatch returns its promise).
 */
export interface Batch {
  sourceKey: string;
  positions: PositionBatch;
  statics: readonly VesselStatic[];
  /** input the reader rejected in this batch, counted by reason */
  rejects?: Readonly<Record<string, number>>;
  /** records read for this batch (accepted + rejected); default positions + statics + rejects */
  read?: number;
  /** progress after this batch; resumeFrom returns the last committed one */
  progress: SourceProgress;
}

export interface BatchResult {
  positionsInserted: number;
  /** repeated within the batch or already stored (key: mmsi, t, lat and lon at 1e-6 degrees) */
  positionsDuplicate: number;
  staticsInserted: number;
  staticsDuplicate: number;
  /** records the store itself refused (non-finite time or coordinates, MMSI out of range), by reason */
  rejects: Record<string, number>;
}

export interface StoreStats {
  positions: number;
  statics: number;
  /** distinct MMSIs over positions and static reports */
  vessels: number;
  /** stored events by type */
  events: Record<string, number>;
  /** rejects by reason, summed over the ingest log */
  rejects: Record<string, number>;
}

export interface PositionQuery {
  mmsi?: number | readonly number[];
  /** epoch ms, inclusive */
  from?: number;
  /** epoch ms, inclusive */
  to?: number;
  bbox?: BBox;
  /** `time` (default): by t then mmsi, for replays; `vessel`: by mmsi then t, for per-vessel detectors */
  order?: 'time' | 'vessel';
}

export interface StaticQuery {
  mmsi?: number | readonly number[];
  imo?: number;
  from?: number;
  to?: number;
}

/**
 * One continuous period during which a transmitter reported the same identity.
 * Fields a report leaves empty (a class B part A carries only the name) are carried
 * forward from earlier reports, so alternating partial reports do not split periods.
 */
export interface IdentityPeriod {
  mmsi: number;
  /** epoch ms of the first and last static report of the period */
  from: number;
  to: number;
  name: string | null;
  callsign: string | null;
  imo: number | null;
  flag: string | null;
  shipType: number | null;
  /** static reports that fall in the period */
  reports: number;
}

export type IdentityQuery = { mmsi: number } | { imo: number };

export interface EventFilter {
  type?: string | readonly string[];
  mmsi?: number;
  bbox?: BBox;
  /** events that end at or after this time (epoch ms or ISO string) */
  from?: number | string;
  /** events that start at or before this time */
  to?: number | string;
  /** events carrying every one of these flags (`night`, `outside_territorial_sea`, ...) */
  flags?: readonly string[];
  /** events with confidence at or above this (0..1) */
  minConfidence?: number;
  limit?: number;
}

export interface PutResult {
  /** ids not stored before */
  inserted: number;
  /** ids already stored, overwritten by the new version */
  replaced: number;
}

export interface ScreeningHitFilter {
  mmsi?: number;
  imo?: number;
  entityId?: string;
  minScore?: number;
}

/** Where a page of events ends: the (start, id) of its last event, in the order of `eventPage`. */
export interface EventKey {
  /** epoch ms */
  start: number;
  id: string;
}

/** An event filter with the browsing extras of the API: flags, confidence and keyset paging. */
export interface EventPageQuery extends EventFilter {
  /** events after this key (start, then id): the `next` of the previous page */
  after?: EventKey;
  /** page size, required: a page is bounded */
  limit: number;
}

export interface EventPage {
  events: Event[];
  /** key to pass as `after` for the next page; null on the last page */
  next: EventKey | null;
}

/** How a vessel search matched: the field and the stored value it matched. */
export interface VesselMatchField {
  field: 'mmsi' | 'imo' | 'name' | 'former_name' | 'callsign' | 'former_callsign';
  value: string;
}

/** One vessel found by `searchVessels`: its latest identity and what matched. */
export interface VesselMatch {
  mmsi: number;
  name: string | null;
  callsign: string | null;
  imo: number | null;
  flag: string | null;
  shipType: number | null;
  /** names of earlier identity periods, oldest first, without the current one */
  formerNames: string[];
  matched: VesselMatchField[];
  /** positions stored, and the first and last position time (epoch ms; null without positions) */
  positions: number;
  firstSeen: number | null;
  lastSeen: number | null;
}

/** What the store holds of one MMSI; `vesselSeen` answers null for an MMSI it never saw. */
export interface VesselSeen {
  mmsi: number;
  positions: number;
  statics: number;
  events: number;
  screeningHits: number;
  /** first and last position time (epoch ms), null without positions */
  firstSeen: number | null;
  lastSeen: number | null;
}

/** A stored record by the key evidence ids name (`${mmsi}:${t}`, src/events.ts positionId). */
export interface RecordRef {
  kind: 'position' | 'static';
  mmsi: number;
  /** epoch ms */
  t: number;
}

/** Where a stored record was read: the label its source gave it and its input line. */
export interface RecordOrigin extends RecordRef {
  /** Position.source / VesselStatic.source as stored */
  source: string;
  /** 1-based line in the decompressed input; null when not recorded (stores older than line numbers) */
  lineNo: number | null;
}

/** One entry of the ingest log, as `recordOrigins` callers need it to find a line again. */
export interface IngestedSource {
  /** the content key (sourcekey.ts), or `stdin:…` / a feed URL with its start time for streams */
  key: string;
  path: string | null;
  /** the label its records carry; null in logs older than line numbers (then `path` was that label) */
  name: string | null;
  format: string | null;
  sizeBytes: number | null;
  /** read to its end with records stored */
  completed: boolean;
  /** records read, and positions and static reports stored from it, over all runs */
  read: number;
  positionsInserted: number;
  staticsInserted: number;
  /** epoch ms of the last run that touched it */
  updated: number;
}

/** One vessel's fixes for drawing: parallel arrays in time order (epoch ms, degrees). */
export interface TrackPoints {
  t: Float64Array;
  lat: Float64Array;
  lon: Float64Array;
}

export interface Store {
  /** what the store is, for logs: `duckdb:/path/file.duckdb` */
  readonly location: string;
  /**
   * No one can change what this store holds while it is open: a DuckDB file opened read-only
   * (DuckDB's file lock keeps every writer out until it is closed). What is read from a frozen
   * store may be kept in memory for its lifetime (src/query/event-index.ts).
   */
  readonly frozen: boolean;
  close(): Promise<void>;

  // ingest session
  beginSource(sourceKey: string, meta?: SourceMeta): Promise<SourceState>;
  /**
   * Writes a batch and its source's progress in one transaction. Commits happen in call order;
   * a caller may call again before the previous promise settles (an ingest keeps one batch in
   * flight while it reads the next), but should not run further ahead: each pending batch is
   * held in memory.
   */
  writeBatch(batch: Batch): Promise<BatchResult>;
  /**
   * Ends a source read to its end. With records of it stored (inserted, or already there) it is
   * marked complete and later beginSource calls report alreadyComplete; with nothing stored it
   * is forgotten (its log entry and rejects go) and `complete` is false.
   */
  endSource(sourceKey: string, progress?: SourceProgress): Promise<SourceEnd>;
  /**
   * Ends a source whose reading failed part-way: committed batches stay and a later run resumes
   * after them; a source with nothing stored is forgotten as by endSource.
   */
  abortSource(sourceKey: string): Promise<void>;

  // reads
  stats(): Promise<StoreStats>;
  /** first and last position time (epoch ms), null for an empty store */
  timeRange(): Promise<{ from: number; to: number } | null>;
  positions(query?: PositionQuery): AsyncIterable<Position>;
  /** the same rows as positions(), in arrays of up to a few thousand: cheaper per row */
  positionBatches(query?: PositionQuery): AsyncIterable<Position[]>;
  /** the same rows as positionBatches(), as columns of the motion fields only: for sweeps over millions of fixes */
  positionColumns(query?: PositionQuery): AsyncIterable<MotionColumns>;
  statics(query?: StaticQuery): AsyncIterable<VesselStatic>;
  vesselIdentity(query: IdentityQuery): Promise<IdentityPeriod[]>;

  // events and screening
  putEvents(events: readonly Event[]): Promise<PutResult>;
  events(filter?: EventFilter): Promise<Event[]>;
  putScreeningHits(hits: readonly Hit[]): Promise<PutResult>;
  screeningHits(filter?: ScreeningHitFilter): Promise<Hit[]>;

  // the traffic layer learned from the stored positions (src/geo/traffic.ts)
  /**
   * Brings the layer up to date with the stored positions: nothing when none were added (and the
   * options are the same) since the last build; a merge of just the appended positions into the
   * stored rows when only positions were added; else a build from every stored position. Either
   * way the rows are those a build from every position gives. Exact distinct counts.
   */
  refreshTraffic(params?: Partial<TrafficParams>): Promise<TrafficRefresh>;
  /** The layer as last built (possibly stale, see `stale`); null when never built. */
  traffic(opts?: TrafficReadOptions): Promise<StoredTraffic | null>;
  /**
   * Start times (epoch ms, multiples of windowMs since the epoch) of the windows of that length
   * holding at least one position within [from, to], ascending: what a replay reads, so its
   * cost follows the data and not the time span.
   */
  positionWindows(windowMs: number, query?: { from?: number; to?: number }): Promise<number[]>;

  // incremental analysis (src/pipeline/checkpoint.ts)
  /**
   * Stored positions and static reports per window of `windowMs` (start: epoch ms, a multiple
   * of windowMs), windows holding none left out, ascending. Rows are only ever added, so a
   * count that grew since the last analysis says where new data landed.
   */
  dataCounts(windowMs: number): Promise<DataCount[]>;
  /** Saves an opaque detector-state blob under (key, t), replacing one already there. */
  putCheckpoint(key: string, t: number, state: Uint8Array): Promise<void>;
  /** The times of the checkpoints saved under key, ascending. */
  checkpoints(key: string): Promise<number[]>;
  /** The blob saved under (key, t), or null. */
  checkpoint(key: string, t: number): Promise<Uint8Array | null>;
  deleteCheckpoints(key: string, times: readonly number[]): Promise<void>;
  /** Removes the events with these ids (ids not stored are ignored); returns how many went. */
  deleteEvents(ids: readonly string[]): Promise<number>;

  // browsing (the API, issue F)
  /** one page of events in (start, id) order, with the key of the next page */
  eventPage(query: EventPageQuery): Promise<EventPage>;
  /** the event with this id, or null */
  event(id: string): Promise<Event | null>;
  /**
   * Vessels whose MMSI or IMO equals `q` (or whose MMSI starts with it), or whose name, call
   * sign, former name or former call sign contains it (case-insensitive); exact matches
   * first, then by MMSI; at most `limit`.
   */
  searchVessels(q: string, limit: number): Promise<VesselMatch[]>;
  /** counts and time span of what the store holds of `mmsi`; null when it never saw it */
  vesselSeen(mmsi: number): Promise<VesselSeen | null>;
  /** time, lat and lon of `mmsi`'s positions in [from, to] (epoch ms, inclusive), in time order: the cheap read behind a map track */
  track(mmsi: number, from: number, to: number): Promise<TrackPoints>;

  // evidence down to the raw line (src/query/evidence.ts)
  /**
   * Every stored row with one of these keys (a key may match several rows: one MMSI in two
   * places at once, a static report with two contents), with its source label and input line;
   * keys matching nothing are left out. Ordered by kind (positions first), t, mmsi, line.
   */
  recordOrigins(refs: readonly RecordRef[]): Promise<RecordOrigin[]>;
  /** the ingest log: every source stored (or being stored), oldest first */
  ingestedSources(): Promise<IngestedSource[]>;
}

/** What dataCounts returns for one window. */
export interface DataCount {
  /** epoch ms */
  start: number;
  positions: number;
  statics: number;
}

/** Build options of the traffic layer (src/geo/traffic.ts, TrafficLayerOptions without the query-time water options). */
export type TrafficParams = TrafficRows['params'];

export interface TrafficRefresh {
  /** false: the stored layer already matched the positions (and options); nothing was done */
  refreshed: boolean;
  /** true: only the positions added since the last build were aggregated and merged into the stored rows */
  incremental: boolean;
  seconds: number;
  /** positions the layer was built from */
  positions: number;
}

export interface TrafficReadOptions {
  /**
   * false: each cell's moving-vessel sketch comes as its count (`n:`), not its members. Water
   * evidence (isWater without a ring) and every figure shown need only the count; members are
   * for merging layers and for a water ring's unions. Busy lanes hold most of a layer's bytes in
   * those members (a 6-day store: 6 of 7 MB), so analyze reads it without them. Default true.
   */
  movingMembers?: boolean;
}

/** The stored traffic layer, as TrafficLayer.fromRows takes it. */
export interface StoredTraffic extends TrafficRows {
  /** positions were added since it was built: call refreshTraffic() */
  stale: boolean;
}

/** Opens the store kept in `dir` (creating dir and store when missing); the contract suite is parameterised by it. */
export type StoreFactory = (dir: string) => Promise<Store>;
