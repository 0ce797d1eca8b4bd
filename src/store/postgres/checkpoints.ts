/**
 * Incremental analysis in the PostgreSQL store, as in the DuckDB one (duckdb/checkpoints.ts):
 * detector state checkpoints (bytea per analysis key and feed time), counts of the stored data
 * per time window, and the removal of events a re-run makes obsolete.
 */
import { StoreError } from '../../errors.js';
import type { DataCount } from '../types.js';
import type { PgDb } from './db.js';

export async function putCheckpoint(db: PgDb, key: string, t: number, state: Uint8Array): Promise<void> {
  if (!Number.isFinite(t)) throw new StoreError(`checkpoint time must be finite, got ${t}`);
  await db.serial(() =>
    db.query(`INSERT INTO checkpoints (key, t, state) VALUES ($1, $2, $3) ON CONFLICT (key, t) DO UPDATE SET state = EXCLUDED.state`, [key, t, Buffer.from(state.buffer, state.byteOffset, state.byteLength)]),
  );
}

export async function checkpoints(db: PgDb, key: string): Promise<number[]> {
  return db.serial(async () => (await db.rows(`SELECT t FROM checkpoints WHERE key = $1 ORDER BY t`, [key])).map((r) => Number(r.t)));
}

export async function checkpoint(db: PgDb, key: string, t: number): Promise<Uint8Array | null> {
  return db.serial(async () => {
    const v = (await db.rows(`SELECT state FROM checkpoints WHERE key = $1 AND t = $2`, [key, t]))[0]?.state;
    if (v === undefined || v === null) return null;
    if (!(v instanceof Uint8Array)) throw new StoreError('checkpoint state is not bytea');
    return new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
  });
}

export async function deleteCheckpoints(db: PgDb, key: string, times: readonly number[]): Promise<void> {
  if (times.length === 0) return;
  await db.serial(() => db.query(`DELETE FROM checkpoints WHERE key = $1 AND t = ANY($2::double precision[])`, [key, times]));
}

export async function dataCounts(db: PgDb, windowMs: number): Promise<DataCount[]> {
  if (!(Number.isInteger(windowMs) && windowMs > 0)) throw new StoreError(`count window must be a positive whole number of ms, got ${windowMs}`);
  return db.serial(async () => {
    const rows = await db.rows(
      `SELECT w::double precision AS w, sum(p)::double precision AS p, sum(s)::double precision AS s FROM (
         SELECT floor(extract(epoch FROM t) * 1000 / $1) AS w, count(*) AS p, 0 AS s FROM positions GROUP BY 1
         UNION ALL
         SELECT floor(extract(epoch FROM t) * 1000 / $1) AS w, 0 AS p, count(*) AS s FROM statics GROUP BY 1) x
       GROUP BY w ORDER BY w`,
      [windowMs],
    );
    return rows.map((r) => ({ start: Number(r.w) * windowMs, positions: Number(r.p), statics: Number(r.s) }));
  });
}

export async function deleteEvents(db: PgDb, ids: readonly string[]): Promise<number> {
  if (ids.length === 0) return 0;
  return db.serial(async () => (await db.query(`DELETE FROM events WHERE id = ANY($1::text[])`, [ids])).rowCount ?? 0);
}
