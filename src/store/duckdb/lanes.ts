/**
 * Write lanes of the DuckDB store: each lane is a connection with its own temp staging tables and
 * appenders, so one batch can be staged while the previous one commits on another lane.
 */
import type { DuckDBAppender, DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import type { VesselStatic } from '../../records.js';
import { PositionChunkAppender } from './chunks.js';
import { bump, staticReject } from '../keys.js';
import { STAGE_POSITIONS, STAGE_STATICS } from './schema.js';
import { appendInt, appendLineNo, appendNum, appendText, runOn } from './sql.js';

export const LANES = 2;

/** A write lane: its own connection, staging tables and appenders. */
export interface Lane {
  con: DuckDBConnection;
  positionsApp: DuckDBAppender;
  positionsChunks: PositionChunkAppender;
  staticsApp: DuckDBAppender;
  /** settles when the lane's last batch is committed (or failed) */
  idle: Promise<unknown>;
}

export interface Staged {
  /** positions staged (valid and unique within the batch) */
  positions: number;
  /** positions repeated within the batch, not staged */
  positionsRepeated: number;
  /** staged positions' time span, epoch microseconds (NaN when none) */
  minUs: number;
  maxUs: number;
  statics: number;
  rejects: Record<string, number>;
}

export async function openLane(instance: DuckDBInstance): Promise<Lane> {
  const con = await instance.connect();
  await runOn(con, STAGE_POSITIONS);
  await runOn(con, STAGE_STATICS);
  const positionsApp = await con.createAppender('stage_positions', 'main', 'temp');
  const staticsApp = await con.createAppender('stage_statics', 'main', 'temp');
  return { con, positionsApp, positionsChunks: new PositionChunkAppender(positionsApp), staticsApp, idle: Promise.resolve() };
}

export function closeLane(lane: Lane): void {
  closeQuietly(lane.positionsApp);
  closeQuietly(lane.staticsApp);
  lane.con.closeSync();
}

/** Drops what the appender still buffers and closes it; a failed or closed appender is fine too. */
function closeQuietly(app: DuckDBAppender): void {
  try {
    app.clear();
    app.closeSync();
  } catch {
    // nothing in it is worth keeping: its staging table is dropped next
  }
}

/** Empties the lane's staging tables by re-creating them (a DELETE would keep their memory). */
export async function clearStage(lane: Lane): Promise<void> {
  closeQuietly(lane.positionsApp);
  closeQuietly(lane.staticsApp);
  await runOn(lane.con, 'DROP TABLE IF EXISTS temp.stage_positions');
  await runOn(lane.con, 'DROP TABLE IF EXISTS temp.stage_statics');
  await runOn(lane.con, STAGE_POSITIONS);
  await runOn(lane.con, STAGE_STATICS);
  lane.positionsApp = await lane.con.createAppender('stage_positions', 'main', 'temp');
  lane.staticsApp = await lane.con.createAppender('stage_statics', 'main', 'temp');
  lane.positionsChunks.retarget(lane.positionsApp);
}

export function appendStatics(a: DuckDBAppender, statics: readonly VesselStatic[], sourceId: (name: string) => number, rejects: Record<string, number>): number {
  let n = 0;
  for (const s of statics) {
    const bad = staticReject(s);
    if (bad !== null) {
      bump(rejects, bad);
      continue;
    }
    a.appendInteger(s.mmsi);
    a.appendDouble(Math.round(s.t));
    appendInt(a, s.imo, 0, 2_147_483_647);
    appendText(a, s.name);
    appendText(a, s.callsign);
    appendInt(a, s.shipType, -32768, 32767, true);
    appendNum(a, s.length);
    appendNum(a, s.width);
    appendNum(a, s.draught);
    appendText(a, s.destination);
    appendText(a, s.flag);
    a.appendInteger(sourceId(s.source));
    appendLineNo(a, s.lineNo);
    a.endRow();
    n++;
  }
  return n;
}
