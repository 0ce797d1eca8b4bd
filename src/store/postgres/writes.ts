/**
 * Writes of the PostgreSQL store: ingest batches (each record with its input line, 1..MAX_LINE_NO
 * else NULL, as DuckDB stores it) and the sources log (ingest_sources, with the records' label).
 *
 * A batch is one transaction: its positions, its static reports and the source's progress and
 * totals, so a kill leaves the whole batch with its progress or neither. Most batches are new
 * data (a feed, a worker past its stored progress, a file never seen): their positions go in
 * by binary COPY (copy.ts), vessel by vessel, and one statement after it (COMMIT_COPIED)
 * inserts the static reports and updates the progress, in one round trip. Server CPU
 * per 1M positions through one worker (bench scale): 2.6-3.2 s this way, 6.2-6.8 s when every
 * batch was one INSERT ... SELECT FROM unnest(binary arrays) statement; a COPY's heap rows go in
 * a page per WAL record, an INSERT's one per row.
 *
 * The unique index on (mmsi, t, lat6, lon6) and the static reports' (every field, NULLS NOT
 * DISTINCT) are the dedupe keys. A batch's own repeats, and repeats of the batch committed
 * before it, are left out before the COPY (BatchKeys; the first of each kept, as in DuckDB).
 * A COPY that meets a stored key fails with a unique violation and aborts its transaction
 * (nothing of the batch stays); the batch is then written with INSERT ... ON CONFLICT DO
 * NOTHING, in one statement with the progress (COMMIT_BATCH; the positions sent as one binary
 * array per column), as are the source's next few batches (MAX_COPY_BACKOFF).
 */
import { positionList, positionSourceNames, type Position } from '../../records.js';
import { CopyRows, copyThen } from './copy.js';
import { StoreError } from '../../errors.js';
import type { Batch, BatchResult, SourceEnd, SourceMeta, SourceProgress, SourceState, SourceTotals } from '../types.js';
import { canonicalJson, sortedCounts } from '../json.js';
import { emptyTotals, storedOf, totalsAfter, totalsOf } from '../totals.js';
import { BatchKeys, bump, positionReject, roundAway, staticReject } from '../keys.js';
import { MAX_LINE_NO, errMsg } from '../duckdb/sql.js';
import type { PgDb, Row } from './db.js';
import { DAY_MS, type Partitions } from './partitions.js';

interface SourceSession {
  totals: SourceTotals;
  /** batches still to go in with ON CONFLICT before the next COPY is tried */
  skipCopy: number;
  /** what skipCopy is set to at the next conflict: doubles while COPYs keep failing (at most MAX_COPY_BACKOFF), 1 after one succeeds */
  backoff: number;
}

/**
 * A failed COPY wastes the server's work up to the row that met a key: a source that keeps
 * meeting stored keys (data ingested before, a worker's redelivered batches) goes on with
 * ON CONFLICT for 1, 2, 4 ... 64 batches before trying COPY again, and one repeat straddling a
 * batch cut costs one batch, not the rest of the source.
 */
const MAX_COPY_BACKOFF = 64;

/** Columns of positions as the writer sends them (unnest order); repeats, stored or in the batch, are left out. */
const INSERT_POSITIONS = `
INSERT INTO positions (mmsi, t, lat, lon, sog, cog, heading, nav_status, msg_type, source_id, lat6, lon6, line_no)
SELECT mmsi, timestamptz 'epoch' + us * interval '1 microsecond', lat, lon, sog, cog, heading, nav, mt, src, lat6, lon6, line_no
FROM unnest($1::integer[], $2::bigint[], $3::float8[], $4::float8[], $5::float8[], $6::float8[], $7::float8[],
            $8::smallint[], $9::smallint[], $10::integer[], $11::integer[], $12::integer[], $13::bigint[])
  WITH ORDINALITY AS u(mmsi, us, lat, lon, sog, cog, heading, nav, mt, src, lat6, lon6, line_no, ord)
ORDER BY mmsi, us, ord
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
 * Without `positions` (they were copied in the same transaction, COPY_POSITIONS): the static
 * reports are $1-$13, the progress $14-$22 and the positions copied $23.
 */
const commitBatch = (positions: string | null): string => {
  const shift = positions ? 13 : 0;
  const $ = (i: number): string => `$${i + shift}`;
  const pos = positions ? `pos AS (${positions.trim()} RETURNING 1),\n  np AS (SELECT count(*)::bigint AS n FROM pos)` : `np AS (SELECT ${$(23)}::bigint AS n)`;
  return `
WITH ${pos},
  sta AS (${INSERT_STATICS.trim().replace(/\$(\d+)/g, (_, d: string) => $(Number(d)))} RETURNING 1),
  ns AS (SELECT count(*)::bigint AS n FROM sta),
  src AS (
    UPDATE ingest_sources SET updated = now(), byte_offset = ${$(15)}, line_no = ${$(16)}, record_index = ${$(17)}, records_read = ${$(18)},
      positions_inserted = positions_inserted + (SELECT n FROM np), positions_duplicate = ${$(19)} - (SELECT n FROM np),
      statics_inserted = ${$(20)} + (SELECT n FROM ns), statics_duplicate = ${$(21)} - (SELECT n FROM ns), rejects = ${$(22)}
    WHERE source_key = ${$(14)})
SELECT (SELECT n FROM np)::float8 AS p, (SELECT n FROM ns)::float8 AS s`;
};

const COMMIT_BATCH = commitBatch(INSERT_POSITIONS);
/** The statics and progress of a batch whose positions were copied before them in its transaction. */
const COMMIT_COPIED = commitBatch(null);

/** A batch's positions while its source meets no stored key (see MAX_COPY_BACKOFF for when it does). */
const COPY_POSITIONS = `COPY positions (mmsi, t, lat, lon, sog, cog, heading, nav_status, msg_type, source_id, lat6, lon6, line_no) FROM STDIN (FORMAT binary)`;
/** a positions row with every field present: field count, then per field its length and value */
const COPY_ROW_BYTES = 2 + 13 * 4 + 7 * 8 + 2 * 2 + 4 * 4;

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

interface Staged {
  /** the positions the store takes, in batch order, without the batch's repeats (the first of each kept) */
  rows: Position[];
  /** valid positions, repeats included */
  staged: number;
  days: Set<number>;
  statics: (number | string | null)[][];
  staticsStaged: number;
  rejects: Record<string, number>;
}

/** Where a position's stored fields go: the binary arrays of INSERT_POSITIONS or a COPY. */
type PositionSink = (
  mmsi: number, us: number, lat: number, lon: number, sog: number | null, cog: number | null, heading: number | null,
  nav: number | null, mt: number | null, src: number, lat6: number, lon6: number, lineNo: number | null,
) => void;

/** Each position's stored fields (the store's rounding and bounds) into `sink`, in the order of `order` (default: as given). */
function eachPosition(rows: readonly Position[], ids: ReadonlyMap<string, number>, sink: PositionSink, order?: Uint32Array): void {
  let lastSource: string | null = null;
  let lastId = 0;
  for (let k = 0; k < rows.length; k++) {
    const p = rows[order ? order[k]! : k]!;
    if (p.source !== lastSource) {
      lastSource = p.source;
      lastId = ids.get(p.source)!;
    }
    sink(
      p.mmsi, Math.round(p.t * 1000), p.lat, p.lon, finite(p.sog), finite(p.cog), finite(p.heading), intIn(p.navStatus, 0, 255),
      intIn(p.msgType, 0, 255), lastId, roundAway(p.lat * 1e6), roundAway(p.lon * 1e6), intIn(p.lineNo, 1, MAX_LINE_NO),
    );
  }
}

/** The positions as INSERT_POSITIONS' binary array parameters. */
function positionArrays(rows: readonly Position[], ids: ReadonlyMap<string, number>): Buffer[] {
  const cols = POSITION_TYPES.map((type) => new BinaryColumn(type, rows.length));
  const [mmsi, us, lat, lon, sog, cog, heading, nav, mt, src, lat6, lon6, lineNo] = cols as [
    BinaryColumn, BinaryColumn, BinaryColumn, BinaryColumn, BinaryColumn, BinaryColumn, BinaryColumn, BinaryColumn, BinaryColumn, BinaryColumn, BinaryColumn, BinaryColumn, BinaryColumn,
  ];
  eachPosition(rows, ids, (a, b, c, d, e, f, g, h, i, j, k, l, m) => {
    mmsi.push(a);
    us.push(b);
    lat.push(c);
    lon.push(d);
    sog.push(e);
    cog.push(f);
    heading.push(g);
    nav.push(h);
    mt.push(i);
    src.push(j);
    lat6.push(k);
    lon6.push(l);
    lineNo.push(m);
  });
  return cols.map((c) => c.finish());
}

/**
 * The positions as COPY_POSITIONS' data, vessel by vessel in MMSI order, each vessel's in batch
 * order (time order, for a feed): a time-ordered batch of many vessels otherwise inserts each
 * row at another leaf of the unique index (1M positions of 2000 vessels in 20k-row batches:
 * server CPU 2.8-3.0 s sorted, 3.8-4.3 s as they came). A counting sort over the batch's MMSIs:
 * a comparison sort of the rows cost the writer 0.45 s per 1M.
 */
function positionCopy(rows: readonly Position[], ids: ReadonlyMap<string, number>): Buffer {
  const n = rows.length;
  const numbers = new Map<number, number>();
  const vessel = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const m = rows[i]!.mmsi;
    let k = numbers.get(m);
    if (k === undefined) numbers.set(m, (k = numbers.size));
    vessel[i] = k;
  }
  // each vessel's first row in the output: its MMSI's rank, then the counts before it
  const start = new Int32Array(numbers.size + 1);
  for (let i = 0; i < n; i++) start[vessel[i]!]!++;
  let at = 0;
  for (const k of [...numbers].sort((a, b) => a[0] - b[0]).map((e) => e[1])) {
    const c = start[k]!;
    start[k] = at;
    at += c;
  }
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[start[vessel[i]!]!++] = i;
  const out = new CopyRows(13, n, COPY_ROW_BYTES);
  eachPosition(
    rows,
    ids,
    (mmsi, us, lat, lon, sog, cog, heading, nav, mt, src, lat6, lon6, lineNo) => {
      out.row();
      out.int4(mmsi);
      out.timestamptzUs(us);
      out.float8(lat);
      out.float8(lon);
      out.float8(sog);
      out.float8(cog);
      out.float8(heading);
      out.int2(nav);
      out.int2(mt);
      out.int4(src);
      out.int4(lat6);
      out.int4(lon6);
      out.int8(lineNo);
    },
    order,
  );
  return out.finish();
}

const TWO32 = 4294967296;

export class Writes {
  private readonly sessions = new Map<string, SourceSession>();
  /** the batch's keys, to leave its repeats out before the COPY (a repeat would fail it) */
  private keys = new BatchKeys();
  /** the keys of the last batch committed: stored, so a repeat of one in the next batch (two receivers' copies of a message, cut apart) is left out too */
  private stored = new BatchKeys();

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
        this.sessions.set(sourceKey, { totals, skipCopy: 0, backoff: 1 });
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
      this.sessions.set(sourceKey, { totals, skipCopy: 0, backoff: 1 });
      return { resumeFrom: hasProgress ? progress : null, alreadyComplete: completed, format, totals: { ...totals, rejects: { ...totals.rejects } } };
    });
  }

  writeBatch(batch: Batch): Promise<BatchResult> {
    // the commit takes its place in the statement order now, so calls after this one see it
    return this.db.serial(() => this.commit(batch));
  }

  /** The records of the batch the store takes (the static reports as column arrays); invalid ones counted by reason. */
  private stage(batch: Batch): Staged {
    const rejects: Record<string, number> = {};
    const rows: Position[] = [];
    const days = new Set<number>();
    const list = positionList(batch.positions);
    const keys = this.keys;
    const stored = this.stored;
    keys.reset(list.length);
    let staged = 0;
    let lastDay = Number.NaN;
    for (const p of list) {
      const bad = positionReject(p);
      if (bad !== null) {
        bump(rejects, bad);
        continue;
      }
      staged++;
      const us = Math.round(p.t * 1000);
      const hi = Math.floor(us / TWO32);
      const lat6 = roundAway(p.lat * 1e6);
      const lon6 = roundAway(p.lon * 1e6);
      const lo = (us - hi * TWO32) | 0;
      if (stored.has(p.mmsi, us, lat6, lon6, lo, hi | 0) || !keys.add(p.mmsi, us, lat6, lon6, lo, hi | 0)) continue;
      rows.push(p);
      const day = Math.floor(us / 1000 / DAY_MS);
      if (day !== lastDay) days.add((lastDay = day));
    }
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
    return { rows, staged, days, statics: scols, staticsStaged: scols[0]!.length, rejects };
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
      const c = this.stage(batch);
      const staged = c.staged;
      await this.partitions.ensure(c.days);
      // The totals in the row are the session's plus this batch's; the batch's rejects and reads
      // are known before the insert, its inserted counts only after: the statement adds those.
      const before = totalsAfter(session.totals, batch, { positionsInserted: 0, positionsDuplicate: 0, staticsInserted: 0, staticsDuplicate: 0, rejects: c.rejects });
      const p = batch.progress;
      const rest = [
        ...(c.staticsStaged > 0 ? c.statics : c.statics.map(() => '{}')),
        batch.sourceKey, p.byteOffset ?? null, p.lineNo ?? null, p.recordIndex ?? null, before.read,
        before.positionsDuplicate + staged, before.staticsInserted, before.staticsDuplicate + c.staticsStaged,
        canonicalJson(before.rejects),
      ];
      let counts: { p: number; s: number } | null = null;
      if (session.skipCopy > 0) session.skipCopy--;
      else if (c.rows.length > 0) {
        try {
          const { row } = await copyThen(db.main, COPY_POSITIONS, positionCopy(c.rows, db.nameIds), COMMIT_COPIED, [...rest, c.rows.length]);
          counts = { p: Number(row![0]), s: Number(row![1]) };
          session.backoff = 1;
        } catch (err) {
          if (!uniqueViolation(err)) throw err;
          session.skipCopy = session.backoff;
          session.backoff = Math.min(2 * session.backoff, MAX_COPY_BACKOFF);
        }
      }
      if (!counts) {
        const r = await db.query(COMMIT_BATCH, [...(c.rows.length > 0 ? positionArrays(c.rows, db.nameIds) : POSITION_TYPES.map(() => '{}')), ...rest]);
        counts = { p: Number(r.rows[0]!.p), s: Number(r.rows[0]!.s) };
      }
      const positionsInserted = counts.p;
      const staticsInserted = counts.s;
      const result: BatchResult = {
        positionsInserted,
        positionsDuplicate: staged - positionsInserted,
        staticsInserted,
        staticsDuplicate: c.staticsStaged - staticsInserted,
        rejects: c.rejects,
      };
      session.totals = totalsAfter(session.totals, batch, result);
      [this.stored, this.keys] = [this.keys, this.stored];
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
