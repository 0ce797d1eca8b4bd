/**
 * Incremental analysis in the DuckDB store (src/pipeline/checkpoint.ts): detector state
 * checkpoints (one state per analysis key and feed time, kept in parts), counts of the stored data per time
 * window (how analyze finds what was added since its last run), and the removal of events a
 * re-run makes obsolete.
 */
import { randomUUID } from 'node:crypto';
import { DuckDBBlobValue, type DuckDBValue } from '@duckdb/node-api';
import { StoreError } from '../../errors.js';
import type { DataCount } from '../types.js';
import { errMsg, num } from './sql.js';
import type { Db } from './db.js';

/**
 * Each state is a table of its own, in parts of at most PART_BYTES written with an appender,
 * listed in checkpoint_index. Measured on an incremental day (11 MB head over five day
 * checkpoints): one INSERT of a multi-megabyte BLOB parameter took 0.4-1.4 s, the appender's
 * 1 MB parts 30-50 ms; and DuckDB's checkpoint rewrites a table's row group when rows are
 * added to it, so a state appended to one shared table cost the rewrite of every state kept
 * before it (0.37 s vs 0.02 s), where a new table costs its own bytes. A replaced or deleted
 * state's table is dropped in the same transaction. The tables of one BLOB per row that came
 * before are dropped: checkpoints are a cache, a store without them replays once.
 */
const PART_BYTES = 1 << 20;

export const CHECKPOINT_DDL: readonly string[] = [
  `DROP TABLE IF EXISTS checkpoints`,
  `CREATE TABLE IF NOT EXISTS checkpoint_index (key VARCHAR NOT NULL, t DOUBLE NOT NULL, tbl VARCHAR NOT NULL)`,
];

/** Runs `fn` in one transaction: a killed run leaves the old states or the new ones, never a part. */
async function inTransaction(db: Db, what: string, fn: () => Promise<void>): Promise<void> {
  await db.transaction(fn).catch((err: unknown) => {
    throw err instanceof StoreError ? err : new StoreError(`${what}: ${errMsg(err)}`, undefined, undefined, { cause: err });
  });
}

/** Drops the state tables of these index rows and the rows (inside a transaction). */
async function dropStates(db: Db, where: string, params: DuckDBValue[]): Promise<void> {
  const old = await db.rows(`SELECT tbl FROM checkpoint_index WHERE ${where}`, params);
  await db.run(`DELETE FROM checkpoint_index WHERE ${where}`, params);
  for (const r of old) await db.run(`DROP TABLE IF EXISTS ${stateTable(String(r.tbl))}`);
}

/** A state table's name as stored in the index, checked before it goes into SQL. */
function stateTable(name: string): string {
  if (!/^checkpoint_state_[0-9a-f]{32}$/.test(name)) throw new StoreError(`checkpoint index names no state table: ${name}`);
  return name;
}

export async function putCheckpoint(db: Db, key: string, t: number, state: Uint8Array): Promise<void> {
  if (!Number.isFinite(t)) throw new StoreError(`checkpoint time must be finite, got ${t}`);
  const tbl = `checkpoint_state_${randomUUID().replace(/-/g, '')}`;
  await db.serial(() =>
    inTransaction(db, 'checkpoint write failed', async () => {
      await dropStates(db, 'key = $1 AND t = $2', [key, t]);
      await db.run(`CREATE TABLE ${tbl} (part INTEGER NOT NULL, bytes BLOB NOT NULL)`);
      const app = await db.con.createAppender(tbl);
      try {
        // at least one part, so an empty state is told from none
        for (let i = 0, o = 0; i === 0 || o < state.length; i++, o += PART_BYTES) {
          app.appendInteger(i);
          app.appendBlob(state.subarray(o, o + PART_BYTES));
          app.endRow();
        }
        app.flushSync();
      } finally {
        app.closeSync();
      }
      await db.run(`INSERT INTO checkpoint_index VALUES ($1, $2, $3)`, [key, t, tbl]);
    }),
  );
}

export async function checkpoints(db: Db, key: string): Promise<number[]> {
  return db.serial(async () => (await db.rows(`SELECT t FROM checkpoint_index WHERE key = $1 ORDER BY t`, [key])).map((r) => num(r.t)));
}

export async function checkpoint(db: Db, key: string, t: number): Promise<Uint8Array | null> {
  return db.serial(async () => {
    const [row] = await db.rows(`SELECT tbl FROM checkpoint_index WHERE key = $1 AND t = $2`, [key, t]);
    if (!row) return null;
    const reader = await db.con.runAndReadAll(`SELECT bytes FROM ${stateTable(String(row.tbl))} ORDER BY part`);
    const parts = reader.getRows().map((r) => {
      const v = r[0];
      if (!(v instanceof DuckDBBlobValue)) throw new StoreError('checkpoint state is not a BLOB');
      return v.bytes;
    });
    if (parts.length === 1) return parts[0]!;
    const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let o = 0;
    for (const p of parts) {
      out.set(p, o);
      o += p.length;
    }
    return out;
  });
}

export async function deleteCheckpoints(db: Db, key: string, times: readonly number[]): Promise<void> {
  if (times.length === 0) return;
  const params: DuckDBValue[] = [key, ...times];
  await db.serial(() => inTransaction(db, 'checkpoint delete failed', () => dropStates(db, `key = $1 AND t IN (${times.map((_, i) => `$${i + 2}`).join(', ')})`, params)));
}

export async function dataCounts(db: Db, windowMs: number): Promise<DataCount[]> {
  if (!(Number.isInteger(windowMs) && windowMs > 0)) throw new StoreError(`count window must be a positive whole number of ms, got ${windowMs}`);
  const w = windowMs * 1000;
  return db.serial(async () => {
    const rows = await db.rows(
      `SELECT w::DOUBLE AS w, sum(p)::DOUBLE AS p, sum(s)::DOUBLE AS s FROM (
         SELECT floor(epoch_us(t) / ${w}) AS w, count(*) AS p, 0 AS s FROM positions GROUP BY 1
         UNION ALL
         SELECT floor(epoch_us(t) / ${w}) AS w, 0 AS p, count(*) AS s FROM statics GROUP BY 1)
       GROUP BY w ORDER BY w`,
    );
    return rows.map((r) => ({ start: num(r.w) * windowMs, positions: num(r.p), statics: num(r.s) }));
  });
}

export async function deleteEvents(db: Db, ids: readonly string[]): Promise<number> {
  if (ids.length === 0) return 0;
  return db.serial(async () => {
    await db.run(`CREATE OR REPLACE TEMP TABLE stage_delete_ids (id VARCHAR)`);
    const app = await db.con.createAppender('stage_delete_ids', 'main', 'temp');
    try {
      for (const id of ids) {
        app.appendVarchar(id);
        app.endRow();
      }
      app.flushSync();
    } finally {
      app.closeSync();
    }
    const res = await db.run(`DELETE FROM events WHERE id IN (SELECT id FROM temp.stage_delete_ids)`);
    await db.run(`DROP TABLE temp.stage_delete_ids`);
    return res.rowsChanged;
  });
}
