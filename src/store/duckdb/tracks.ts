/**
 * The vessel-ordered copy of positions that one vessel's track is read from (the API's
 * /api/vessels/:mmsi/track, issue F).
 *
 * Why: positions are stored in arrival (time) order, so DuckDB's row-group zone maps prune a
 * track read to the asked days but not to the vessel: a 24 h track over 10M positions scanned
 * ~1.7M rows (about 40 ms of CPU each). `track_points` holds (mmsi, t, lat, lon) of every
 * position, appended in runs of at least TRACK_FLUSH_ROWS sorted by (mmsi, t): inside a run one
 * vessel's fixes are contiguous, so the zone maps on mmsi and t leave one row group or two per
 * run (measured ~9 ms against ~40 ms; a per-batch sorted copy and an ART index on mmsi each
 * measured ~20 ms, a per-(mmsi, day) list table cost 630 ms per 250k-row batch to build).
 *
 * Positions are append-only, so their row ids are 0..n-1 in insert order: meta
 * `track_points_rows` says how many of them have been copied. A read uses track_points only
 * when that covers every position (a store mid-ingest, or one written before this table,
 * reads positions as before); the writer copies the rest after every TRACK_FLUSH_ROWS inserted
 * and when a source ends.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { num, rowsOn, runOn } from './sql.js';
import type { Db } from './db.js';

/** Rows copied per sorted run at the least (a run's sort is the ingest cost; longer runs read faster). */
export const TRACK_FLUSH_ROWS = 2_000_000;

export const TRACK_DDL: readonly string[] = [
  `CREATE TABLE IF NOT EXISTS track_points (mmsi INTEGER NOT NULL, t TIMESTAMP NOT NULL, lat DOUBLE NOT NULL, lon DOUBLE NOT NULL)`,
];

const COVERAGE = `SELECT (SELECT count(*) FROM positions)::DOUBLE AS n,
  (SELECT CAST(value AS DOUBLE) FROM meta WHERE key = 'track_points_rows') AS copied`;

/**
 * Copies the positions not yet in track_points, sorted by (mmsi, t), in one transaction with
 * the new count; `con` must have no transaction open. Returns the rows copied.
 */
export async function flushTracks(con: DuckDBConnection): Promise<number> {
  await runOn(con, 'BEGIN TRANSACTION');
  try {
    const [c] = await rowsOn(con, COVERAGE);
    const n = num(c!.n);
    const copied = c!.copied === null ? 0 : num(c!.copied);
    if (n <= copied) {
      await runOn(con, 'ROLLBACK');
      return 0;
    }
    await runOn(con, `INSERT INTO track_points SELECT mmsi, t, lat, lon FROM positions WHERE rowid >= $1::BIGINT ORDER BY mmsi, t`, [copied]);
    await runOn(con, `INSERT OR REPLACE INTO meta VALUES ('track_points_rows', $1)`, [String(n)]);
    await runOn(con, 'COMMIT');
    return n - copied;
  } catch (err) {
    await runOn(con, 'ROLLBACK').catch(() => undefined);
    throw err;
  }
}

/** True when track_points holds every stored position (cached until the next write). */
export async function tracksCovered(db: Db): Promise<boolean> {
  if (db.tracksCovered === undefined) {
    const [c] = await db.withReader((con) => rowsOn(con, COVERAGE));
    db.tracksCovered = c!.copied !== null && num(c!.copied) >= num(c!.n);
  }
  return db.tracksCovered;
}
