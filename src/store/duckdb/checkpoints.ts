/**
 * Incremental analysis in the DuckDB store (src/pipeline/checkpoint.ts): detector state
 * checkpoints (one BLOB per analysis key and feed time), counts of the stored data per time
 * window (how analyze finds what was added since its last run), and the removal of events a
 * re-run makes obsolete.
 */
import { blobValue, DuckDBBlobValue, type DuckDBValue } from '@duckdb/node-api';
import { StoreError } from '../../errors.js';
import type { DataCount } from '../types.js';
import { num } from './sql.js';
import type { Db } from './db.js';

export const CHECKPOINT_DDL: readonly string[] = [
  `CREATE TABLE IF NOT EXISTS checkpoints (key VARCHAR NOT NULL, t DOUBLE NOT NULL, state BLOB NOT NULL, PRIMARY KEY (key, t))`,
];

export async function putCheckpoint(db: Db, key: string, t: number, state: Uint8Array): Promise<void> {
  if (!Number.isFinite(t)) throw new StoreError(`checkpoint time must be finite, got ${t}`);
  await db.serial(() => db.run(`INSERT OR REPLACE INTO checkpoints VALUES ($1, $2, $3)`, [key, t, blobValue(state)]));
}

export async function checkpoints(db: Db, key: string): Promise<number[]> {
  return db.serial(async () => (await db.rows(`SELECT t FROM checkpoints WHERE key = $1 ORDER BY t`, [key])).map((r) => num(r.t)));
}

export async function checkpoint(db: Db, key: string, t: number): Promise<Uint8Array | null> {
  return db.serial(async () => {
    const reader = await db.con.runAndReadAll(`SELECT state FROM checkpoints WHERE key = $1 AND t = $2`, [key, t]);
    const v = reader.getRows()[0]?.[0];
    if (v === undefined || v === null) return null;
    if (!(v instanceof DuckDBBlobValue)) throw new StoreError('checkpoint state is not a BLOB');
    return v.bytes;
  });
}

export async function deleteCheckpoints(db: Db, key: string, times: readonly number[]): Promise<void> {
  if (times.length === 0) return;
  const params: DuckDBValue[] = [key, ...times];
  await db.serial(() => db.run(`DELETE FROM checkpoints WHERE key = $1 AND t IN (${times.map((_, i) => `$${i + 2}`).join(', ')})`, params));
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
