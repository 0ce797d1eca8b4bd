/**
 * The vessel-ordered copy of positions that one vessel's track is read from (the API's
 * /api/vessels/:mmsi/track, issue F).
 *
 * Why: positions are stored in arrival (time) order, so DuckDB's row-group zone maps prune a
 * track read to the asked days but not to the vessel: a 24 h track over 10M positions scanned
 * ~1.7M rows (about 40 ms of CPU). `track_points` holds (mmsi, t, lat, lon) of every position,
 * appended in runs of at least TRACK_FLUSH_ROWS sorted by mmsi: inside a run one vessel's fixes
 * are contiguous, so the zone maps on mmsi and t leave one row group or two per run (measured
 * ~4-9 ms against ~40 ms; a per-batch sorted copy and an ART index on mmsi each measured ~20 ms,
 * a per-(mmsi, day) list table cost 630 ms per 250k-row batch to build). The read sorts by
 * time, so runs are sorted by mmsi alone (a third less copy CPU than by (mmsi, t)).
 *
 * positions is append-only (no statement deletes from it), so its rowids are 0..n-1 in insertion
 * order and track_points always holds the copy of a prefix of them: a flush sorts the rows from
 * rowid count(track_points) on into it (DuckDB prunes a rowid range to its row groups). No
 * pending table written with every batch: that cost a second insert per batch, and its
 * delete-and-refill churned the commits. A read uses track_points only when it holds as many
 * rows as positions (counts DuckDB keeps without a scan); a store mid-run, or one written
 * before this table, reads positions as before, and its next ingest copies what is missing.
 */
import { availableParallelism } from 'node:os';
import type { DuckDBConnection } from '@duckdb/node-api';
import { num, rowsOn, runOn } from './sql.js';
import type { Db } from './db.js';

/** Positions past the copy sorted into track_points at a time, at the least (the sort is the ingest cost; longer runs read faster). */
export const TRACK_FLUSH_ROWS = 2_000_000;

export const TRACK_DDL: readonly string[] = [
  `CREATE TABLE IF NOT EXISTS track_points (mmsi INTEGER NOT NULL, t TIMESTAMP NOT NULL, lat DOUBLE NOT NULL, lon DOUBLE NOT NULL)`,
  // stores written by earlier builds kept the rows to copy here: they are the positions past the copy, read from there now
  `DROP TABLE IF EXISTS track_pending`,
];

const COUNTS = `SELECT (SELECT count(*) FROM positions)::DOUBLE AS positions, (SELECT count(*) FROM track_points)::DOUBLE AS copied`;

/**
 * Sorts the positions not yet copied into track_points, in one transaction; `con` must have none
 * open. A copy holding more rows than positions (not a prefix of them: a store edited by hand)
 * is rebuilt from positions instead. Returns the rows written.
 */
export async function flushTracks(con: DuckDBConnection): Promise<number> {
  // the sort on every core: ingest gives DuckDB one thread, beside the parsing thread, and the
  // flush holds up the next batch's commit (10M-position ingest, 3 pairs: 9.6-10.2 s vs 10.3-10.6 s)
  const [th] = await rowsOn(con, `SELECT current_setting('threads')::INTEGER AS n`);
  const threads = num(th!.n);
  const wide = Math.max(threads, availableParallelism());
  if (wide !== threads) await runOn(con, `SET threads = ${wide}`);
  try {
    return await flushTracksIn(con);
  } finally {
    if (wide !== threads) await runOn(con, `SET threads = ${threads}`);
  }
}

async function flushTracksIn(con: DuckDBConnection): Promise<number> {
  await runOn(con, 'BEGIN TRANSACTION');
  try {
    const [c] = await rowsOn(con, COUNTS);
    const positions = num(c!.positions);
    const copied = num(c!.copied);
    let n = 0;
    if (copied > positions) {
      await runOn(con, `DELETE FROM track_points`);
      await runOn(con, `INSERT INTO track_points SELECT mmsi, t, lat, lon FROM positions ORDER BY mmsi`);
      n = positions;
    } else if (copied < positions) {
      await runOn(con, `INSERT INTO track_points SELECT mmsi, t, lat, lon FROM positions WHERE rowid >= $1::BIGINT ORDER BY mmsi`, [copied]);
      n = positions - copied;
    }
    await runOn(con, n > 0 ? 'COMMIT' : 'ROLLBACK');
    return n;
  } catch (err) {
    await runOn(con, 'ROLLBACK').catch(() => undefined);
    throw err;
  }
}

/** True when track_points holds every stored position (cached until the next write). */
export async function tracksCovered(db: Db): Promise<boolean> {
  if (db.tracksCovered === undefined) {
    // an older store opened read-only has no track_points table: it reads positions
    const [c] = await db.withReader((r) =>
      r.rows(`SELECT (SELECT count(*) FROM duckdb_tables() WHERE table_name = 'track_points' AND schema_name = 'main' AND database_name = current_database())::DOUBLE AS has`),
    );
    if (num(c!.has) === 0) db.tracksCovered = false;
    else {
      const [k] = await db.withReader((r) => r.rows(COUNTS));
      db.tracksCovered = num(k!.copied) === num(k!.positions);
    }
  }
  return db.tracksCovered;
}
