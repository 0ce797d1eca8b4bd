/**
 * What every part of the DuckDB store shares: the instance, the main connection, the order in
 * which statements run, and the dictionary of source names (Position.source strings are stored
 * as small integer ids). writes.ts, reads.ts and events.ts each take a `Db`.
 */
import type { DuckDBConnection, DuckDBInstance, DuckDBPreparedStatement, DuckDBValue } from '@duckdb/node-api';
import { StoreError } from '../../errors.js';
import { errMsg, num, rowsOn, runOn, type Row } from './sql.js';

/** Idle read connections kept for reuse (concurrent API requests beyond this open and close their own). */
export const READ_POOL = 8;

/** Prepared statements a reader keeps (the API's reads are a few shapes of SQL). */
const READER_STATEMENTS = 64;

/** A read connection with its prepared statements, by SQL text. */
export class Reader {
  private readonly prepared = new Map<string, DuckDBPreparedStatement>();

  constructor(readonly con: DuckDBConnection) {}

  async rows(sql: string, params: DuckDBValue[] = []): Promise<Row[]> {
    try {
      let stmt = this.prepared.get(sql);
      if (!stmt) {
        if (this.prepared.size >= READER_STATEMENTS) this.dropStatements();
        stmt = await this.con.prepare(sql);
        this.prepared.set(sql, stmt);
      }
      stmt.bind(params);
      return (await stmt.runAndReadAll()).getRowObjectsJS();
    } catch (cause) {
      throw new StoreError(`DuckDB: ${errMsg(cause)}`, sql, params, { cause });
    }
  }

  private dropStatements(): void {
    for (const stmt of this.prepared.values()) stmt.destroySync();
    this.prepared.clear();
  }

  close(): void {
    this.dropStatements();
    this.con.closeSync();
  }
}

export class Db {
  readonly location: string;
  /** source name -> id and back, loaded at open and extended by writes */
  readonly nameIds = new Map<string, number>();
  readonly names = new Map<number, string>();
  /** every statement on `con` and every batch commit runs in this order */
  private tail: Promise<unknown> = Promise.resolve();
  /** idle connections of short reads (withReader): opening one per request cost ~1 ms of a 100-event page */
  private readonly idleReaders: Reader[] = [];
  closed = false;
  /** whether track_points covers every position (tracks.ts); undefined: not known since the last write */
  tracksCovered: boolean | undefined = undefined;

  constructor(
    readonly instance: DuckDBInstance,
    readonly con: DuckDBConnection,
    readonly path: string,
  ) {
    this.location = `duckdb:${path}`;
  }

  /** Runs `fn` after everything queued before it; refused once the store is closed. */
  serial<T>(fn: () => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new StoreError(`${this.location} is closed`));
    return this.queue(fn);
  }

  /** Runs `fn` after everything queued before it (a failure does not stop the queue). */
  queue<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.tail.then(fn, fn);
    this.tail = run.catch(() => undefined);
    return run;
  }

  /** A connection of its own for a streaming read: it sees committed data and does not wait in the queue. */
  async readConnection(): Promise<DuckDBConnection> {
    if (this.closed) throw new StoreError(`${this.location} is closed`);
    return this.instance.connect();
  }

  /**
   * Runs a short read on a pooled connection of its own: concurrent API requests run side by
   * side instead of queueing on the main connection, see committed data, and reuse connections
   * and prepared statements instead of opening and planning afresh for every request (measured
   * ~1 ms and 15-25% of a page's or a track's CPU). At most READ_POOL idle readers are kept.
   */
  async withReader<T>(fn: (r: Reader) => Promise<T>): Promise<T> {
    const r = this.idleReaders.pop() ?? new Reader(await this.readConnection());
    try {
      return await fn(r);
    } finally {
      if (this.closed || this.idleReaders.length >= READ_POOL) r.close();
      else this.idleReaders.push(r);
    }
  }

  /** Closes the pooled readers (the store is closing). */
  closeReaders(): void {
    for (const r of this.idleReaders.splice(0)) r.close();
  }

  async loadNames(): Promise<void> {
    for (const r of await this.rows(`SELECT id, name FROM source_names`)) {
      this.nameIds.set(String(r.name), num(r.id));
      this.names.set(num(r.id), String(r.name));
    }
  }

  run(sql: string, params?: DuckDBValue[]): ReturnType<DuckDBConnection['run']> {
    return runOn(this.con, sql, params);
  }

  rows(sql: string, params?: DuckDBValue[]): Promise<Row[]> {
    return rowsOn(this.con, sql, params);
  }

  /** Runs `fn` in one transaction on the main connection (inside `serial`): committed, or rolled back and the error rethrown. */
  async transaction<T>(fn: () => Promise<T>): Promise<T> {
    await this.run('BEGIN TRANSACTION');
    try {
      const out = await fn();
      await this.run('COMMIT');
      return out;
    } catch (err) {
      await this.run('ROLLBACK').catch(() => undefined);
      throw err;
    }
  }
}
