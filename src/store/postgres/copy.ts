/**
 * Rows into PostgreSQL with COPY ... FROM STDIN (FORMAT binary), for the positions of a batch.
 * COPY inserts a page of heap tuples under one WAL record (multi-insert) where INSERT ... SELECT
 * writes one per row and runs its plan row by row: 1M positions of 2000 vessels in 20k-row
 * batches into the positions table with its unique key took 2.7-3.0 s of server CPU as binary
 * COPY against 5.1-5.4 s as INSERT ... SELECT FROM unnest(binary arrays) (this 2-core machine,
 * 2026-12-04); the server's CPU per position is what bounds workers sharing one machine with it.
 *
 * The binary format (PostgreSQL docs, "COPY: Binary Format"): a 19-byte header (signature
 * "PGCOPY\n\377\r\n\0", flags and header-extension length, both 0), each row as its field count
 * (int16) and each field as its byte length (int32, -1 for NULL) and big-endian value, then -1
 * (int16). The protocol side is pg-copy-streams (node-postgres' own COPY companion).
 */
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { StoreError } from '../../errors.js';
import { errMsg } from '../duckdb/sql.js';

const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');
const HEADER = 19;
/** timestamptz in binary: microseconds since 2000-01-01 UTC */
const PG_EPOCH_US = 946_684_800_000_000;

/** One COPY's data, written row by row into one buffer sized for the most rows it may take. */
export class CopyRows {
  private readonly buf: Buffer;
  private o = HEADER;
  rows = 0;

  /** `maxRowBytes`: a row's size with every field present (2 + per field 4 + its size). */
  constructor(
    private readonly fields: number,
    maxRows: number,
    maxRowBytes: number,
  ) {
    this.buf = Buffer.allocUnsafe(HEADER + maxRows * maxRowBytes + 2);
  }

  row(): void {
    this.buf.writeInt16BE(this.fields, this.o);
    this.o += 2;
    this.rows++;
  }

  null(): void {
    this.buf.writeInt32BE(-1, this.o);
    this.o += 4;
  }

  int2(v: number | null): void {
    if (v === null) return this.null();
    const b = this.buf;
    b.writeInt32BE(2, this.o);
    b.writeInt16BE(v, this.o + 4);
    this.o += 6;
  }

  int4(v: number | null): void {
    if (v === null) return this.null();
    const b = this.buf;
    b.writeInt32BE(4, this.o);
    b.writeInt32BE(v, this.o + 4);
    this.o += 8;
  }

  /** an int8 as two 32-bit halves (no BigInt per value); exact for |v| < 2^53 */
  int8(v: number | null): void {
    if (v === null) return this.null();
    const b = this.buf;
    const hi = Math.floor(v / 4294967296);
    b.writeInt32BE(8, this.o);
    b.writeInt32BE(hi, this.o + 4);
    b.writeUInt32BE(v - hi * 4294967296, this.o + 8);
    this.o += 12;
  }

  float8(v: number | null): void {
    if (v === null) return this.null();
    const b = this.buf;
    b.writeInt32BE(8, this.o);
    b.writeDoubleBE(v, this.o + 4);
    this.o += 12;
  }

  /** a timestamptz from epoch microseconds */
  timestamptzUs(us: number): void {
    this.int8(us - PG_EPOCH_US);
  }

  /** The COPY data: header, the rows, trailer (a view of the buffer). */
  finish(): Buffer {
    const b = this.buf;
    SIGNATURE.copy(b, 0);
    b.writeInt32BE(0, 11);
    b.writeInt32BE(0, 15);
    b.writeInt16BE(-1, this.o);
    return b.subarray(0, this.o + 2);
  }
}

/**
 * Runs `sql` (a COPY ... FROM STDIN) on `client` with `data` as its input; resolves with the
 * rows copied. A failure (a unique violation, say) is a StoreError whose cause is the server's
 * error, and the client is ready for the next statement (the transaction it ran in is aborted).
 */
export function copyIn(client: pg.ClientBase, sql: string, data: Buffer): Promise<number> {
  return new Promise((resolve, reject) => {
    const stream = client.query(copyFrom(sql));
    stream.once('error', (cause: unknown) => reject(new StoreError(`PostgreSQL: ${errMsg(cause)}`, sql, undefined, { cause })));
    stream.once('finish', () => resolve(stream.rowCount));
    stream.end(data);
  });
}
