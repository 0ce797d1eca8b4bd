/**
 * Writes of the PostgreSQL store: ingest batches (each record with its input line, 1..MAX_LINE_NO
 * else NULL, as DuckDB stores it) and the sources log (ingest_sources, with the records' label).
 *
 * A batch is sent as one array per column (the positions' in PostgreSQL's binary array format)
 * and inserted with INSERT ... SELECT FROM unnest(...) ON CONFLICT DO NOTHING against the dedupe
 * keys (positions: the unique index on mmsi, t, lat6, lon6; statics: every field, NULLS NOT
 * DISTINCT), in ONE statement with the source's progress and totals (COMMIT_BATCH), so a kill
 * leaves the whole batch with its progress or neither. Measured once against
 * COPY FROM STDIN into a staging table (pg-copy-streams) then INSERT ... ON CONFLICT, 2M rows on
 * this 2-core machine: 36k vs 28k rows/s, with no staging table and no extra dependency; the
 * store's own figures are in bench/pg.ts.
 * Repeats inside a batch are left to ON CONFLICT too (the first one wins, as in DuckDB).
 * The rows go in sorted by the unique index's leading columns (mmsi, t; then their order in the
 * batch, so the first of a repeat still wins): a time-ordered batch of 500 vessels otherwise
 * inserts each row at another leaf of the index (server CPU per 1M positions through the
 * workers: 6.5 s unsorted, 6.1 s sorted).
 *
 * ON CONFLICT is paid for on every row: the speculative insertion looks the key up, inserts,
 * then confirms (server CPU for 1M positions in 20k-row batches: 5.8 s with it, 4.0 s with a
 * plain INSERT, which checks the key as it inserts the index entry). Most batches are new data
 * (a feed, a worker past its stored progress, a file never seen), so a source's batches go in
 * with a plain INSERT first; a unique violation aborts that one statement (nothing of it stays),
 * and the batch is written again with ON CONFLICT, as are the source's later batches.
 */
import { positionList, positionSourceNames } from '../../records.js';
import { StoreError } from '../../errors.js';
import type { Batch, BatchResult, SourceEnd, SourceMeta, SourceProgress, SourceState, SourceTotals } from '../types.js';
import { canonicalJson, sortedCounts } from '../json.js';
import { emptyTotals, storedOf, totalsAfter, totalsOf } from '../totals.js';
import { bump, positionReject, roundAway, staticReject } from '../keys.js';
import { MAX_LINE_NO, errMsg } from '../duckdb/sql.js';
import type { PgDb, Row } from './db.js';
import { DAY_MS, type Partitions } from './partitions.js';

interface SourceSession {
  totals: SourceTotals;
  /** a batch of this source met a stored key: its batches go in with ON CONFLICT */
  conflicted: boolean;
}

/** Columns of positions as the writer sends them (unnest order). */
const INSERT_POSITIONS_PLAIN = `
INSERT INTO positions (mmsi, t, lat, lon, sog, cog, heading, nav_status, msg_type, source_id, lat6, lon6, line_no)
SELECT mmsi, timestamptz 'epoch' + us * interval '1 microsecond', lat, lon, sog, cog, heading, nav, mt, src, lat6, lon6, line_no
FROM unnest($1::integer[], $2::bigint[], $3::float8[], $4::float8[], $5::float8[], $6::float8[], $7::float8[],
            $8::smallint[], $9::smallint[], $10::integer[], $11::integer[], $12::integer[], $13::bigint[])
  WITH ORDINALITY AS u(mmsi, us, lat, lon, sog, cog, heading, nav, mt, src, lat6, lon6, line_no, ord)
ORDER BY mmsi, us, ord`;

const INSERT_POSITIONS = `${INSERT_POSITIONS_PLAIN}
ON CONFLICT DO NOTHING`;

const INSERT_STATICS = `
INSERT INTO statics (mmsi, t, imo, name, callsign, ship_type, length, width, draught, destination, flag, source_id, line_no)
SELECT mmsi, timestamptz 'epoch' + ms * interval '1 millisecond', imo, name, callsign, ship_type, length, width, draught, destination, flag, src, line_no
FROM unnest($1::integer[], $2::bigint[], $3::integer[], $4::text[], $5::text[], $6::smallint[], $7::float8[], $8::float8[],
            $9::float8[], $10::text[], $11::text[], $12::integer[], $13::bigint[])
  AS u(mmsi, ms, imo, name, callsign, ship_type, length, width, draught, destination, flag, src, line_no)
ON CONFLICT DO NOTHING`;

/**
 * A batch in ONE statement (so one transaction and one round trip, where BEGIN, the inserts, the
 * progress, the freshness marker and COMMIT took six: each waited for the event loop, which a
 * worker shares with its partitions' detectors): the positions ($1-$13) and static reports
 * ($14-$26) inserted, the source's progress and totals ($27-$35: its totals with every row of the
 * batch counted duplicate, then the inserted ones moved over). The positions inserted are added
 * to the row's own count, in the statement: their sum over the sources is the traffic layer's
 * freshness counter (traffic.ts). It was one row of meta that every batch updated, and a row
 * lock held to the end of the batch's transaction: two workers' writes ran one after the other
 * (bench scale, two workers: each half idle). Returns the inserted counts p and s.
 */
const commitBatch = (positions: string): string => `
WITH pos AS (${positions.trim()} RETURNING 1),
  sta AS (${INSERT_STATICS.trim().replace(/\$(\d+)/g, (_, d: string) => `$${Number(d) + 13}`)} RETURNING 1),
  np AS (SELECT count(*)::bigint AS n FROM pos),
  ns AS (SELECT count(*)::bigint AS n FROM sta),
  src AS (
    UPDATE ingest_sources SET updated = now(), byte_offset = $28, line_no = $29, record_index = $30, records_read = $31,
      positions_inserted = positions_inserted + (SELECT n FROM np), positions_duplicate = $32 - (SELECT n FROM np),
      statics_inserted = $33 + (SELECT n FROM ns), statics_duplicate = $34 - (SELECT n FROM ns), rejects = $35
    WHERE source_key = $27)
SELECT (SELECT n FROM np)::float8 AS p, (SELECT n FROM ns)::float8 AS s`;

const COMMIT_BATCH = commitBatch(INSERT_POSITIONS);
/** COMMIT_BATCH with the positions' plain INSERT: for a source that has not met a stored key yet */
const COMMIT_BATCH_PLAIN = commitBatch(INSERT_POSITIONS_PLAIN);

/** A unique violation (SQLSTATE 23505) under the store's error. */
const uniqueViolation = (err: unknown): boolean => err instanceof StoreError && (err.cause as { code?: unknown } | undefined)?.code === '23505';

const SOURCE_COLUMNS = `source_key, path, format, completed, byte_offset::float8, line_no::float8, record_index::float8,
  records_read::float8, positions_inserted::float8, positions_duplicate::float8, statics_inserted::float8, statics_duplicate::float8, rejects`;

/** Element types of the position columns, as PostgreSQL's binary array format names them. */
export type ElementType = 'int2' | 'int4' | 'int8' | 'float8';
const ELEMENT: Record<ElementType, { oid: number; size: number }> = {
  int2: { oid: 21, size: 2 },
  int4: { oid: 23, size: 4 },
  int8: { oid: 20, size: 8 },
  float8: { oid: 701, size: 8 },
};

/**
 * A numeric column as a one-dimensional PostgreSQL array in the binary wire format (array_recv:
 * ndim, has-null flag, element OID, length and lower bound, then each element as its byte length
 * and big-endian value, -1 for NULL), written value by value into one buffer sized for the most
 * rows it may take. node-postgres sends a Buffer parameter as binary, so the server reads each
 * number with a fixed-size copy instead of parsing its text (bench pg, 500k positions in 20k-row
 * batches: server CPU 3.37 s with text arrays, 2.95 s binary); writing the buffer as the batch is
 * read, without a JS array per column first, spares the worker's main thread an array of boxed
 * numbers per column (a nullable column's array holds each number as a heap object). Integer
 * columns must hold integers in range (the callers round and bound them).
 */
export class BinaryColumn {
  private readonly oid: number;
  private readonly size: number;
  private readonly buf: Buffer;
  private o = 20;
  private n = 0;
  private nulls = 0;

  constructor(
    private readonly type: ElementType,
    maxRows: number,
  ) {
    ({ oid: this.oid, size: this.size } = ELEMENT[type]);
    this.buf = Buffer.allocUnsafe(20 + maxRows * (4 + this.size));
  }

  push(v: number | null): void {
    const buf = this.buf;
    let o = this.o;
    this.n++;
    if (v === null) {
      buf.writeInt32BE(-1, o);
      this.nulls++;
      this.o = o + 4;
      return;
    }
    const size = this.size;
    buf.writeInt32BE(size, o);
    o += 4;
    if (size === 8) {
      if (this.type === 'float8') buf.writeDoubleBE(v, o);
      else {
        // an int8 as two 32-bit halves (no BigInt per value); exact for |v| < 2^53
        const hi = Math.floor(v / 4294967296);
        buf.writeInt32BE(hi, o);
        buf.writeUInt32BE(v - hi * 4294967296, o + 4);
      }
    } else if (size === 4) buf.writeInt32BE(v, o);
    else buf.writeInt16BE(v, o);
    this.o = o + size;
  }

  /** The array as written so far (a view of the column's buffer). */
  finish(): Buffer {
    const buf = this.buf;
    buf.writeInt32BE(1, 0);
    buf.writeInt32BE(this.nulls > 0 ? 1 : 0, 4);
    buf.writeInt32BE(this.oid, 8);
    buf.writeInt32BE(this.n, 12);
    buf.writeInt32BE(1, 16);
    return buf.subarray(0, this.o);
  }
}

/** `values` as a binary array parameter (BinaryColumn). */
export function binaryArray(values: readonly (number | null)[], type: ElementType): Buffer {
  const c = new BinaryColumn(type, values.length);
  for (const v of values) c.push(v);
  return c.finish();
}

/** The element types of INSERT_POSITIONS' parameters, in order. */
const POSITION_TYPES: readonly ElementType[] = ['int4', 'int8', 'float8', 'float8', 'float8', 'float8', 'float8', 'int2', 'int2', 'int4', 'int4', 'int4', 'int8'];

const finite = (v: number | null | undefined): number | null => (v === null || v === undefined || !Number.isFinite(v) ? null : v);
const intIn = (v: number | null | undefined, min: number, max: number): number | null =>
  v === null || v === undefined || !Number.isInteger(v) || v < min || v > max ? null : v;
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

interface Columns {
  /** the positions' parameters (binary arrays), in INSERT_POSITIONS' order */
  positions: Buffer[];
  staged: number;
  days: Set<number>;
  statics: (number | string | null)[][];
  staticsStaged: number;
  rejects: Record<string, number>;
}

export class Writes {
  private readonly sessions = new Map<string, SourceSession>();

  constructor(
    private readonly db: PgDb,
    private readonly partitions: Partitions,
  ) {}

  beginSource(sourceKey: string, meta: SourceMeta = {}): Promise<SourceState> {
    const db = this.db;
    return db.serial(async () => {
      let row: Row | undefined = (await db.rows(`SELECT ${SOURCE_COLUMNS} FROM ingest_sources WHERE source_key = $1`, [sourceKey]))[0];
      if (row && row.completed === true && storedOf(totalsOf(row)) === 0) {
        await db.query(`DELETE FROM ingest_sources WHERE source_key = $1`, [sourceKey]);
        row = undefined;
      }
      if (!row) {
        await db.query(
          `INSERT INTO ingest_sources (source_key, path, format, size_bytes, first_seen, updated, runs, completed,
             byte_offset, line_no, record_index, records_read, positions_inserted, positions_duplicate,
             statics_inserted, statics_duplicate, rejects, source_name)
           VALUES ($1, $2, $3, $4, now(), now(), 1, false, NULL, NULL, NULL, 0, 0, 0, 0, 0, '{}', $5)
           ON CONFLICT (source_key) DO UPDATE SET runs = ingest_sources.runs + 1, updated = now()`,
          [sourceKey, meta.path ?? null, meta.format ?? null, meta.sizeBytes ?? null, meta.name ?? null],
        );
        const totals = emptyTotals();
        this.sessions.set(sourceKey, { totals, conflicted: false });
        return { resumeFrom: null, alreadyComplete: false, format: meta.format ?? null, totals: { ...totals, rejects: {} } };
      }
      const totals = totalsOf(row);
      const completed = row.completed === true;
      let format = row.format === null ? null : String(row.format);
      let progress: SourceProgress = { byteOffset: numOrNull(row.byte_offset), lineNo: numOrNull(row.line_no), recordIndex: numOrNull(row.record_index) };
      if (!completed) {
        // progress counted in another format's units does not say where this one resumes
        const reformat = meta.format != null && format !== null && meta.format !== format;
        await db.query(
          `UPDATE ingest_sources SET runs = runs + 1, updated = now()${reformat ? ', format = $2, byte_offset = NULL, line_no = NULL, record_index = NULL' : ''} WHERE source_key = $1`,
          reformat ? [sourceKey, meta.format ?? null] : [sourceKey],
        );
        if (reformat) {
          format = meta.format ?? null;
          progress = { byteOffset: null, lineNo: null, recordIndex: null };
        }
      }
      const hasProgress = progress.byteOffset !== null || progress.lineNo !== null || progress.recordIndex !== null;
      this.sessions.set(sourceKey, { totals, conflicted: false });
      return { resumeFrom: hasProgress ? progress : null, alreadyComplete: completed, format, totals: { ...totals, rejects: { ...totals.rejects } } };
    });
  }

  writeBatch(batch: Batch): Promise<BatchResult> {
    // the commit takes its place in the statement order now, so calls after this one see it
    return this.db.serial(() => this.commit(batch));
  }

  /** The batch as column arrays (the positions' as binary arrays); invalid records counted by reason. */
  private columns(batch: Batch): Columns {
    const rejects: Record<string, number> = {};
    const list = positionList(batch.positions);
    const rows = list.length;
    const [mmsi, us, lat, lon, sog, cog, heading, nav, mt, src, lat6, lon6, lineNo] = POSITION_TYPES.map((type) => new BinaryColumn(type, rows)) as [
      BinaryColumn, BinaryColumn, BinaryColumn, BinaryColumn, BinaryColumn, BinaryColumn, BinaryColumn, BinaryColumn, BinaryColumn, BinaryColumn, BinaryColumn, BinaryColumn, BinaryColumn,
    ];
    const days = new Set<number>();
    let lastSource: string | null = null;
    let lastId = 0;
    let staged = 0;
    let lastDay = Number.NaN;
    for (const p of list) {
      const bad = positionReject(p);
      if (bad !== null) {
        bump(rejects, bad);
        continue;
      }
      staged++;
      const u = Math.round(p.t * 1000);
      if (p.source !== lastSource) {
        lastSource = p.source;
        lastId = this.db.nameIds.get(p.source)!;
      }
      const day = Math.floor(u / 1000 / DAY_MS);
      if (day !== lastDay) days.add((lastDay = day));
      mmsi.push(p.mmsi);
      us.push(u);
      lat.push(p.lat);
      lon.push(p.lon);
      sog.push(finite(p.sog));
      cog.push(finite(p.cog));
      heading.push(finite(p.heading));
      nav.push(intIn(p.navStatus, 0, 255));
      mt.push(intIn(p.msgType, 0, 255));
      src.push(lastId);
      lat6.push(roundAway(p.lat * 1e6));
      lon6.push(roundAway(p.lon * 1e6));
      lineNo.push(intIn(p.lineNo, 1, MAX_LINE_NO));
    }
    const positions = [mmsi, us, lat, lon, sog, cog, heading, nav, mt, src, lat6, lon6, lineNo].map((c) => c.finish());
    const scols: (number | string | null)[][] = Array.from({ length: 13 }, () => []);
    for (const s of batch.statics) {
      const bad = staticReject(s);
      if (bad !== null) {
        bump(rejects, bad);
        continue;
      }
      const v = [
        s.mmsi, Math.round(s.t), intIn(s.imo, 0, 2_147_483_647), s.name, s.callsign, intIn(s.shipType, -32768, 32767),
        finite(s.length), finite(s.width), finite(s.draught), s.destination, s.flag, this.db.nameIds.get(s.source)!,
        intIn(s.lineNo, 1, MAX_LINE_NO),
      ];
      for (let i = 0; i < 13; i++) scols[i]!.push(v[i] ?? null);
    }
    return { positions, staged, days, statics: scols, staticsStaged: scols[0]!.length, rejects };
  }

  /** One transaction: the batch's rows (deduped by the keys) + the source's progress. */
  private async commit(batch: Batch): Promise<BatchResult> {
    const db = this.db;
    const session = this.sessions.get(batch.sourceKey);
    if (!session) throw new StoreError(`writeBatch: source ${batch.sourceKey} was not begun with beginSource`);
    try {
      const names = new Set<string>();
      for (const name of positionSourceNames(batch.positions)) names.add(name);
      for (const s of batch.statics) names.add(s.source);
      await db.nameIdsFor(names);
      const c = this.columns(batch);
      await this.partitions.ensure(c.days);
      // The totals in the row are the session's plus this batch's; the batch's rejects and reads
      // are known before the insert, its inserted counts only after: the statement adds those.
      const before = totalsAfter(session.totals, batch, { positionsInserted: 0, positionsDuplicate: 0, staticsInserted: 0, staticsDuplicate: 0, rejects: c.rejects });
      const p = batch.progress;
      const posParams = c.staged > 0 ? c.positions : POSITION_TYPES.map(() => '{}');
      const staticParams = c.staticsStaged > 0 ? c.statics : c.statics.map(() => '{}');
      const params = [
        ...posParams,
        ...staticParams,
        batch.sourceKey, p.byteOffset ?? null, p.lineNo ?? null, p.recordIndex ?? null, before.read,
        before.positionsDuplicate + c.staged, before.staticsInserted, before.staticsDuplicate + c.staticsStaged,
        canonicalJson(before.rejects),
      ];
      let r: Awaited<ReturnType<PgDb['query']>> | null = null;
      if (!session.conflicted && c.staged > 0) {
        try {
          r = await db.query(COMMIT_BATCH_PLAIN, params);
        } catch (err) {
          if (!uniqueViolation(err)) throw err;
          session.conflicted = true;
        }
      }
      r ??= await db.query(COMMIT_BATCH, params);
      const positionsInserted = Number(r.rows[0]!.p);
      const staticsInserted = Number(r.rows[0]!.s);
      const result: BatchResult = {
        positionsInserted,
        positionsDuplicate: c.staged - positionsInserted,
        staticsInserted,
        staticsDuplicate: c.staticsStaged - staticsInserted,
        rejects: c.rejects,
      };
      session.totals = totalsAfter(session.totals, batch, result);
      return result;
    } catch (err) {
      throw err instanceof StoreError ? err : new StoreError(`writeBatch failed: ${errMsg(err)}`, undefined, undefined, { cause: err });
    }
  }

  /** Ends the ingest of a source (see DuckDB's writes.ts: done when something of it is stored). */
  endSource(sourceKey: string, progress?: SourceProgress): Promise<SourceEnd> {
    const db = this.db;
    return db.serial(async () => {
      const session = this.sessions.get(sourceKey);
      if (!session) throw new StoreError(`endSource: source ${sourceKey} was not begun with beginSource`);
      const complete = storedOf(session.totals) > 0;
      if (!complete) {
        await db.query(`DELETE FROM ingest_sources WHERE source_key = $1`, [sourceKey]);
      } else if (progress) {
        await db.query(
          `UPDATE ingest_sources SET completed = true, updated = now(), byte_offset = $2, line_no = $3, record_index = $4 WHERE source_key = $1`,
          [sourceKey, progress.byteOffset ?? null, progress.lineNo ?? null, progress.recordIndex ?? null],
        );
      } else {
        await db.query(`UPDATE ingest_sources SET completed = true, updated = now() WHERE source_key = $1`, [sourceKey]);
      }
      this.sessions.delete(sourceKey);
      return { ...session.totals, rejects: sortedCounts(session.totals.rejects), complete };
    });
  }

  abortSource(sourceKey: string): Promise<void> {
    const db = this.db;
    return db.serial(async () => {
      const session = this.sessions.get(sourceKey);
      if (!session) return;
      this.sessions.delete(sourceKey);
      if (storedOf(session.totals) === 0) await db.query(`DELETE FROM ingest_sources WHERE source_key = $1`, [sourceKey]);
    });
  }
}
