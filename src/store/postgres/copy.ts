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
 * (int16). The protocol side is copyThen below.
 */
import type pg from 'pg';
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

/** A parameter as the text format takes it (null: NULL); arrays as array literals, every element quoted. */
export type TextParam = string | number | null | readonly (string | number | null)[];

function textOf(v: TextParam): string | null {
  if (v === null || typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  const els = v.map((e) => (e === null ? 'NULL' : `"${String(e).replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`));
  return `{${els.join(',')}}`;
}

/** What node-postgres' Connection offers a custom query (its `submit` gets one). */
interface Wire {
  parse(q: { text: string; name?: string; types?: number[] }): void;
  bind(q: { values: (string | Buffer | null)[] }): void;
  execute(q: Record<string, never>): void;
  sendCopyFromChunk(chunk: Buffer): void;
  endCopyFrom(): void;
  sync(): void;
}

/**
 * A COPY FROM STDIN and a statement after it in one round trip and one transaction: node-postgres
 * runs this as a custom query (its `submit` gets the connection), which sends the COPY through
 * the extended protocol with its data and end right behind it, then the statement, then Sync.
 * Everything before a Sync is one implicit transaction, committed at the Sync or rolled back at
 * the first error (after which the server discards what follows until the Sync), so the rows
 * and the statement's writes are stored together or not at all. Data sent before the server
 * asked for it waits in the socket until it does (and an error before the COPY started leaves
 * it discarded). Sent as BEGIN, COPY (which waits for the server's go-ahead), the statement and
 * COMMIT, a batch took five round trips, each waiting for the worker's event loop, shared with
 * its detectors: one worker's writes fell behind its detectors.
 */
class CopyThen {
  private copied = 0;
  private completed = 0;
  private row: (string | null)[] | null = null;
  private error: unknown = null;
  /** node-postgres sets this (query timeouts) */
  callback: (() => void) | undefined = undefined;

  constructor(
    private readonly copy: string,
    private readonly data: Buffer,
    private readonly statement: string,
    private readonly params: readonly TextParam[],
    private readonly done: (err: unknown, result?: { copied: number; row: (string | null)[] | null }) => void,
  ) {}

  submit(connection: Wire): null {
    connection.parse({ text: this.copy });
    connection.bind({ values: [] });
    connection.execute({});
    connection.sendCopyFromChunk(this.data);
    connection.endCopyFrom();
    connection.parse({ text: this.statement });
    connection.bind({ values: this.params.map(textOf) });
    connection.execute({});
    connection.sync();
    return null;
  }

  handleCopyInResponse(): void {
    // the data went with the COPY
  }

  handleCommandComplete(msg: { text?: string }): void {
    const m = this.completed++ === 0 ? /^COPY (\d+)/.exec(msg.text ?? '') : null;
    if (m) this.copied = Number(m[1]);
  }

  handleDataRow(msg: { fields: (string | null)[] }): void {
    this.row ??= msg.fields;
  }

  handleError(err: unknown): void {
    // the client has let go of this query: the server's ReadyForQuery after the Sync comes to no one
    this.error = err;
    this.done(err);
  }

  handleReadyForQuery(): void {
    if (this.error === null) this.done(null, { copied: this.copied, row: this.row });
  }

  handleEmptyQuery(): void {}
  handlePortalSuspended(): void {}
  handleRowDescription(): void {}
}

/**
 * Runs `copy` (a COPY ... FROM STDIN (FORMAT binary)) with `data` as its input, then `statement`
 * with `params` (text format), in one round trip and one transaction (CopyThen). Resolves with
 * the rows copied and the statement's first row (its fields as text). A failure (a unique
 * violation, say) is a StoreError whose cause is the server's error; nothing of either stays,
 * and the client is ready for the next statement.
 */
export function copyThen(client: pg.ClientBase, copy: string, data: Buffer, statement: string, params: readonly TextParam[]): Promise<{ copied: number; row: (string | null)[] | null }> {
  return new Promise((resolve, reject) => {
    const q = new CopyThen(copy, data, statement, params, (err, result) => {
      if (err) reject(new StoreError(`PostgreSQL: ${errMsg(err)}`, copy, undefined, { cause: err }));
      else resolve(result!);
    });
    void (client as unknown as { query(q: CopyThen): unknown }).query(q);
  });
}
