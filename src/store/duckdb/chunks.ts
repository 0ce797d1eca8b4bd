/**
 * Hot path, written by hand: moving positions between JS objects and DuckDB data chunks.
 *
 * Why: the row appender costs one native call per value (10 per position) and the generic
 * DuckDBDataChunk setters go through per-value BigInt validity masks; filling plain typed
 * arrays and copying each column into the chunk with one memcpy is several times faster and
 * is what lets the store take > 500k positions/s (bench/store.ts). Reads use the same idea:
 * columns come out of a result chunk as typed-array views, not as DuckDBValue objects.
 */
import bindings from '@duckdb/node-bindings';
import { DuckDBDataChunk, DuckDBTypeId, type DuckDBAppender, type DuckDBType } from '@duckdb/node-api';
import type { PositionColumns } from '../../records.js';
import { StoreError } from '../../errors.js';
import { BatchKeys, bump, positionRejectOf, roundAway } from '../keys.js';
import { MAX_LINE_NO } from './sql.js';

const ROWS = bindings.vector_size();
const TWO32 = 4294967296;

/** Column layout of the position staging table, in order (see schema.ts). */
export const POSITION_STAGE_TYPES: readonly DuckDBTypeId[] = [
  DuckDBTypeId.INTEGER, // mmsi
  DuckDBTypeId.TIMESTAMP, // t (µs)
  DuckDBTypeId.DOUBLE, // lat
  DuckDBTypeId.DOUBLE, // lon
  DuckDBTypeId.DOUBLE, // sog
  DuckDBTypeId.DOUBLE, // cog
  DuckDBTypeId.DOUBLE, // heading
  DuckDBTypeId.UTINYINT, // nav_status
  DuckDBTypeId.UTINYINT, // msg_type
  DuckDBTypeId.INTEGER, // source_id
  DuckDBTypeId.UINTEGER, // line_no
];

/** Column index -> index of its validity bitmap (nullable columns), -1 for NOT NULL columns. */
const VALIDITY_OF = [-1, -1, -1, -1, 0, 1, 2, 3, 4, -1, 5];
const WIDTHS = [4, 8, 8, 8, 8, 8, 8, 1, 1, 4, 4];

export interface AppendSummary {
  appended: number;
  /** positions dropped because an earlier one in the same batch had the same key */
  duplicates: number;
  /** earliest and latest time appended, epoch microseconds (NaN when none) */
  minUs: number;
  maxUs: number;
}

/** An integer column value 0-255, or -1 (null: NaN or out of range). */
function smallInt(v: number): number {
  return Number.isInteger(v) && v >= 0 && v <= 255 ? v : -1;
}

export class PositionChunkAppender {
  private readonly types: DuckDBType[] = [];
  private readonly mmsi = new Int32Array(ROWS);
  private readonly t = new Int32Array(ROWS * 2);
  private readonly lat = new Float64Array(ROWS);
  private readonly lon = new Float64Array(ROWS);
  private readonly sog = new Float64Array(ROWS);
  private readonly cog = new Float64Array(ROWS);
  private readonly heading = new Float64Array(ROWS);
  private readonly nav = new Uint8Array(ROWS);
  private readonly msgType = new Uint8Array(ROWS);
  private readonly source = new Int32Array(ROWS);
  private readonly lineNo = new Uint32Array(ROWS);
  /** validity bitmaps of the nullable columns (VALIDITY_OF), as 32-bit words (DuckDB reads 64-bit words, LE) */
  private readonly valid: Uint32Array[] = [0, 1, 2, 3, 4, 5].map(() => new Uint32Array(ROWS / 32));
  private readonly keys = new BatchKeys();
  /**
   * One chunk, refilled for every 2048 rows: a chunk's native memory is freed only when V8
   * collects its wrapper, and a new chunk per flush let RSS grow by ~100 MB per million rows.
   */
  private readonly chunk: DuckDBDataChunk;

  private appender: DuckDBAppender;

  constructor(appender: DuckDBAppender) {
    this.appender = appender;
    for (let c = 0; c < appender.columnCount; c++) this.types.push(appender.columnType(c));
    const got = this.types.map((t) => t.typeId);
    if (got.length !== POSITION_STAGE_TYPES.length || got.some((id, i) => id !== POSITION_STAGE_TYPES[i])) {
      throw new StoreError(`position staging table has columns ${got.join(',')}, expected ${POSITION_STAGE_TYPES.join(',')}`);
    }
    this.chunk = DuckDBDataChunk.create(this.types);
  }

  /** Appends to another appender of the same staging layout from now on. */
  retarget(appender: DuckDBAppender): void {
    this.appender = appender;
  }

  /**
   * Appends every valid position not repeated earlier in the batch to the staging table and
   * counts the invalid ones in `rejects`. `sourceId` maps a source name to its id.
   */
  append(positions: PositionColumns, sourceId: (name: string) => number, rejects: Record<string, number>): AppendSummary {
    let n = 0;
    let appended = 0;
    let duplicates = 0;
    let minUs = Number.POSITIVE_INFINITY;
    let maxUs = Number.NEGATIVE_INFINITY;
    this.keys.reset(positions.n);
    const ids = positions.sources.map((name) => sourceId(name));
    const { mmsi: mmsiCol, t: tCol, lat: latCol, lon: lonCol, sog, cog, heading, navStatus, msgType, lineNo, source } = positions;
    this.resetValidity();
    for (let i = 0; i < positions.n; i++) {
      const mmsi = mmsiCol[i]!;
      const lat = latCol[i]!;
      const lon = lonCol[i]!;
      const bad = positionRejectOf(mmsi, tCol[i]!, lat, lon);
      if (bad !== null) {
        bump(rejects, bad);
        continue;
      }
      const us = Math.round(tCol[i]! * 1000);
      const hi = Math.floor(us / TWO32);
      const lo = us - hi * TWO32;
      if (!this.keys.add(mmsi, us, roundAway(lat * 1e6), roundAway(lon * 1e6), lo | 0, hi | 0)) {
        duplicates++;
        continue;
      }
      if (us < minUs) minUs = us;
      if (us > maxUs) maxUs = us;
      this.mmsi[n] = mmsi;
      this.t[2 * n] = lo;
      this.t[2 * n + 1] = hi;
      this.lat[n] = lat;
      this.lon[n] = lon;
      this.setDouble(0, this.sog, n, sog[i]!);
      this.setDouble(1, this.cog, n, cog[i]!);
      this.setDouble(2, this.heading, n, heading[i]!);
      const nav = smallInt(navStatus[i]!);
      if (nav < 0) this.setNull(3, n);
      else this.nav[n] = nav;
      const mt = smallInt(msgType[i]!);
      if (mt < 0) this.setNull(4, n);
      else this.msgType[n] = mt;
      this.source[n] = ids[source[i]!]!;
      const ln = lineNo[i]!;
      if (ln >= 1 && ln <= MAX_LINE_NO) this.lineNo[n] = ln;
      else this.setNull(5, n);
      n++;
      appended++;
      if (n === ROWS) {
        this.flushChunk(n);
        n = 0;
      }
    }
    if (n > 0) this.flushChunk(n);
    return { appended, duplicates, minUs: appended ? minUs : NaN, maxUs: appended ? maxUs : NaN };
  }

  private setDouble(col: number, arr: Float64Array, row: number, v: number): void {
    if (!Number.isFinite(v)) this.setNull(col, row);
    else arr[row] = v;
  }

  private setNull(col: number, row: number): void {
    this.valid[col]![row >>> 5]! &= ~(1 << (row & 31));
  }

  private resetValidity(): void {
    for (let c = 0; c < this.valid.length; c++) this.valid[c]!.fill(0xffffffff);
  }

  private flushChunk(n: number): void {
    const chunk = this.chunk;
    chunk.reset();
    chunk.rowCount = n;
    const raw = chunk.chunk;
    const cols: ArrayBufferView[] = [this.mmsi, this.t, this.lat, this.lon, this.sog, this.cog, this.heading, this.nav, this.msgType, this.source, this.lineNo];
    for (let c = 0; c < cols.length; c++) {
      const vec = bindings.data_chunk_get_vector(raw, c);
      const buf = cols[c]!;
      bindings.copy_data_to_vector(vec, 0, buf.buffer as ArrayBuffer, buf.byteOffset, n * WIDTHS[c]!);
      const vi = VALIDITY_OF[c]!;
      // written even when all valid: a reused chunk must not keep the last chunk's nulls
      if (vi >= 0) {
        const words = this.valid[vi]!;
        bindings.vector_ensure_validity_writable(vec);
        bindings.copy_data_to_vector_validity(vec, 0, words.buffer as ArrayBuffer, words.byteOffset, Math.ceil(n / 64) * 8);
      }
    }
    this.appender.appendDataChunk(chunk);
    this.resetValidity();
  }
}

/** A result chunk's column as a typed array plus its validity (null = all valid). */
export interface DoubleColumn {
  data: Float64Array;
  valid: Uint8Array | null;
}

/** Reads column `col` of a result chunk whose SQL type is DOUBLE. */
export function doubleColumn(chunk: DuckDBDataChunk, col: number, n: number): DoubleColumn {
  const vec = bindings.data_chunk_get_vector(chunk.chunk, col);
  const bytes = bindings.vector_get_data(vec, n * 8);
  const data =
    bytes.byteOffset % 8 === 0
      ? new Float64Array(bytes.buffer, bytes.byteOffset, n)
      : new Float64Array(bytes.slice(0, n * 8).buffer, 0, n);
  const valid = bindings.vector_get_validity(vec, Math.ceil(n / 64) * 8);
  return { data, valid: valid && valid.length > 0 ? valid : null };
}

export function isValid(col: DoubleColumn, row: number): boolean {
  return col.valid === null || ((col.valid[row >>> 3]! >>> (row & 7)) & 1) === 1;
}
