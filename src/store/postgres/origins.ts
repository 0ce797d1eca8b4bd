/**
 * Where stored records came from (evidence down to the raw line), as the DuckDB store's
 * origins.ts: the rows behind evidence ids with their source label and input line, and the
 * ingest log that says which file each label was read from. The keys go as two arrays joined to
 * the tables, so each key is one probe of the positions key index (mmsi, t, ...) of the day
 * partitions its time range leaves (statics: their unique key, which starts with mmsi, t).
 * No NULL-line fallback for old schemas: a read-only open refuses a store not migrated to the
 * latest version (index.ts), and a read-write open migrates it.
 */
import { ingestedSourceOf } from '../totals.js';
import type { IngestedSource, RecordOrigin, RecordRef } from '../types.js';
import { numOrNull } from '../duckdb/sql.js';
import { compareOrigins } from '../duckdb/origins.js';
import type { PgDb } from './db.js';
import { msOf, tsParam } from './sql.js';

/** keys per statement: bounds one statement's arrays and its time range (partition pruning) */
const CHUNK = 1000;

const TABLE = { position: 'positions', static: 'statics' } as const;

export async function recordOrigins(db: PgDb, refs: readonly RecordRef[]): Promise<RecordOrigin[]> {
  const out: RecordOrigin[] = [];
  for (const kind of ['position', 'static'] as const) {
    const mine = refs.filter((r) => r.kind === kind && Number.isInteger(r.mmsi) && Number.isFinite(r.t));
    if (mine.length === 0) continue;
    const rows: { mmsi: number; t: number; sourceId: number; lineNo: number | null }[] = [];
    for (let i = 0; i < mine.length; i += CHUNK) {
      const part = mine.slice(i, i + CHUNK);
      const us = part.map((r) => Math.round(r.t * 1000));
      // the time range prunes the day partitions at plan time; the join probes the key index
      const got = await db.read(
        `SELECT DISTINCT x.mmsi, ${msOf('x.t')} AS t, x.source_id, x.line_no::float8 AS line_no
         FROM unnest($1::integer[], $2::bigint[]) AS r(mmsi, us)
         JOIN ${TABLE[kind]} x ON x.mmsi = r.mmsi AND x.t = timestamptz 'epoch' + r.us * interval '1 microsecond'
         WHERE x.t BETWEEN ${tsParam(3)} AND ${tsParam(4)}`,
        [part.map((r) => r.mmsi), us, Math.min(...us), Math.max(...us)],
      );
      for (const r of got) rows.push({ mmsi: Number(r.mmsi), t: Number(r.t), sourceId: Number(r.source_id), lineNo: numOrNull(r.line_no as number | null) });
    }
    // ids written by another process since this store was opened
    await db.knowIds(new Set(rows.map((r) => r.sourceId)));
    const part = rows.map((r): RecordOrigin => ({ kind, mmsi: r.mmsi, t: r.t, source: db.names.get(r.sourceId) ?? `source ${r.sourceId}`, lineNo: r.lineNo }));
    out.push(...part.sort(compareOrigins));
  }
  return out;
}

export async function ingestedSources(db: PgDb): Promise<IngestedSource[]> {
  const rows = await db.read(
    `SELECT source_key, path, format, size_bytes::float8 AS size_bytes, completed, source_name,
            records_read::float8 AS records_read, positions_inserted::float8 AS positions_inserted,
            statics_inserted::float8 AS statics_inserted, (extract(epoch from updated) * 1000)::float8 AS updated
     FROM ingest_sources ORDER BY first_seen, source_key`,
  );
  return rows.map((r) => ingestedSourceOf(r));
}
