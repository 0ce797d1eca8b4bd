/**
 * What every part of the DuckDB store shares: the instance, the main connection, the order in
 * which statements run, and the dictionary of source names (Position.source strings are stored
 * as small integer ids). writes.ts, reads.ts and events.ts each take a `Db`.
 */
import type { DuckDBConnection, DuckDBInstance, DuckDBValue } from '@duckdb/node-api';
import { StoreError } from '../../errors.js';
import { num, rowsOn, runOn, type Row } from './sql.js';

export class Db {
  readonly location: string;
  /** source name -> id and back, loaded at open and extended by writes */
  readonly nameIds = new Map<string, number>();
  readonly names = new Map<number, string>();
  /** every statement on `con` and every batch commit runs in this order */
  private tail: Promise<unknown> = Promise.resolve();
  closed = false;

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
}
