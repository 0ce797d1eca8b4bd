/**
 * What every part of the PostgreSQL store shares: the connection pool, the main connection on
 * which commits and other ordered statements run one at a time in call order, and the dictionary
 * of source names (Position.source strings are stored as small integer ids). Streaming reads and
 * browsing take a pooled connection of their own and see committed data.
 */
import type pg from 'pg';
import { StoreError } from '../../errors.js';
import { errMsg } from '../duckdb/sql.js';

export type Param = string | number | boolean | null | Uint8Array | readonly (string | number | null)[];
export type Row = Record<string, unknown>;

/** A PostgreSQL store's address: the server URL (without `schema`) and the schema its tables live in. */
export interface PgLocation {
  url: string;
  schema: string;
  /** the URL without its password, for logs */
  display: string;
}

const SCHEMA_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/** Reads `postgres://user@host:port/db?schema=NAME` (schema default `public`). */
export function parseLocation(location: string): PgLocation {
  let u: URL;
  try {
    u = new URL(location);
  } catch (cause) {
    throw new StoreError(`not a PostgreSQL URL: ${location}`, undefined, undefined, { cause });
  }
  const schema = u.searchParams.get('schema') ?? 'public';
  if (!SCHEMA_NAME.test(schema)) throw new StoreError(`schema must be a plain SQL name (letters, digits, _), got '${schema}'`);
  u.searchParams.delete('schema');
  const url = u.toString();
  if (u.password) u.password = '***';
  return { url, schema, display: u.toString() };
}

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

export class PgDb {
  readonly location: string;
  /** source name -> id and back, loaded at open and extended by writes */
  readonly nameIds = new Map<string, number>();
  readonly names = new Map<number, string>();
  private tail: Promise<unknown> = Promise.resolve();
  closed = false;

  constructor(
    readonly pool: pg.Pool,
    /** the main connection: ordered statements and every commit */
    readonly main: pg.PoolClient,
    readonly where: PgLocation,
  ) {
    this.location = where.schema === 'public' ? where.display : `${where.display} (schema ${where.schema})`;
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

  /** A statement on the main connection (call it inside serial/queue). */
  query(sql: string, params?: readonly Param[]): Promise<pg.QueryResult> {
    return queryOn(this.main, sql, params);
  }

  async rows(sql: string, params?: readonly Param[]): Promise<Row[]> {
    return (await this.query(sql, params)).rows as Row[];
  }

  /** A read on a pooled connection: it runs beside the main connection's work and sees committed data. */
  async read(sql: string, params?: readonly Param[]): Promise<Row[]> {
    if (this.closed) throw new StoreError(`${this.location} is closed`);
    try {
      return (await this.pool.query(sql, params as unknown[] | undefined)).rows as Row[];
    } catch (cause) {
      throw new StoreError(`PostgreSQL: ${errMsg(cause)}`, sql, params ? [...params] : undefined, { cause });
    }
  }

  /** A pooled connection for a streaming read; release it when done. */
  async readClient(): Promise<pg.PoolClient> {
    if (this.closed) throw new StoreError(`${this.location} is closed`);
    return this.pool.connect();
  }

  /**
   * Streams the rows of `sql` as arrays of `size` rows (each row an array of column values)
   * through a server-side cursor on its own connection, so memory stays flat whatever the result.
   */
  async *cursor(sql: string, params: readonly Param[], size = 5000): AsyncIterable<unknown[][]> {
    const client = await this.readClient();
    let open = false;
    try {
      await queryOn(client, 'BEGIN READ ONLY');
      open = true;
      await queryOn(client, `DECLARE darkfleet_read NO SCROLL CURSOR FOR ${sql}`, params);
      for (;;) {
        const r = await queryOn(client, { text: `FETCH ${size} FROM darkfleet_read`, rowMode: 'array' });
        if (r.rows.length === 0) break;
        yield r.rows as unknown[][];
        if (r.rows.length < size) break;
      }
    } finally {
      if (open) await queryOn(client, 'ROLLBACK').catch(() => undefined);
      client.release();
    }
  }

  /** Loads the source names (again: another process may have added some). */
  async loadNames(): Promise<void> {
    for (const r of await this.read(`SELECT id, name FROM source_names`)) {
      this.nameIds.set(String(r.name), Number(r.id));
      this.names.set(Number(r.id), String(r.name));
    }
  }

  /** Makes sure every id is in `names` (reloading once when one is not). */
  async knowIds(ids: Iterable<number>): Promise<void> {
    for (const id of ids) {
      if (!this.names.has(id)) {
        await this.loadNames();
        return;
      }
    }
  }

  /** Ids of source names, registering new ones (committed on their own: an unused id is harmless). */
  async nameIdsFor(names: Iterable<string>): Promise<void> {
    for (const name of names) {
      if (this.nameIds.has(name)) continue;
      // DO UPDATE (a no-op) so that RETURNING gives the id another writer registered first
      const [r] = await this.rows(`INSERT INTO source_names (name) VALUES ($1) ON CONFLICT (name) DO UPDATE SET name = EXCLUDED.name RETURNING id`, [name]);
      this.nameIds.set(name, Number(r!.id));
      this.names.set(Number(r!.id), name);
    }
  }

  /** In one transaction on the main connection; rolled back when `fn` throws. */
  async transaction<T>(fn: () => Promise<T>): Promise<T> {
    await this.query('BEGIN');
    try {
      const out = await fn();
      await this.query('COMMIT');
      return out;
    } catch (err) {
      await this.query('ROLLBACK').catch(() => undefined);
      throw err;
    }
  }
}

export async function queryOn(client: pg.ClientBase, q: string | pg.QueryArrayConfig, params?: readonly Param[]): Promise<pg.QueryResult> {
  try {
    return typeof q === 'string' ? await client.query(q, params as unknown[] | undefined) : await client.query(q);
  } catch (cause) {
    const sql = typeof q === 'string' ? q : q.text;
    throw new StoreError(`PostgreSQL: ${errMsg(cause)}`, sql, params ? [...params] : undefined, { cause });
  }
}
