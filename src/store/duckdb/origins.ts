/**
 * Where stored records came from (evidence down to the raw line): the rows behind evidence ids
 * with their source label and input line, and the ingest log that says which file each label
 * was read from. A read-only store opened before its in-place migration has no line_no column:
 * its rows answer NULL lines instead of an error.
 */
import { ingestedSourceOf } from '../totals.js';
import type { DuckDBValue } from '@duckdb/node-api';
import type { IngestedSource, RecordOrigin, RecordRef } from '../types.js';
import { num, numOrNull } from './sql.js';
import type { Db } from './db.js';

/** refs per statement: the VALUES list stays a modest number of parameters */
const CHUNK = 500;

const TABLE = { position: 'positions', static: 'statics' } as const;

/** The order of one kind's origins (Store.recordOrigins): t, mmsi, line (unknown first), source; the PostgreSQL store's too. */
export function compareOrigins(a: RecordOrigin, b: RecordOrigin): number {
  return a.t - b.t || a.mmsi - b.mmsi || (a.lineNo ?? -1) - (b.lineNo ?? -1) || a.source.localeCompare(b.source);
}

async function hasColumn(db: Db, table: string, column: string): Promise<boolean> {
  const rows = await db.rows(`SELECT 1 FROM duckdb_columns() WHERE table_name = $1 AND column_name = $2`, [table, column]);
  return rows.length > 0;
}

async function sourceName(db: Db, id: number): Promise<string> {
  const known = db.names.get(id);
  if (known !== undefined) return known;
  // written by another process since this store was opened
  const [r] = await db.rows(`SELECT name FROM source_names WHERE id = $1::INTEGER`, [id]);
  const name = r ? String(r.name) : `source ${id}`;
  db.names.set(id, name);
  return name;
}

export async function recordOrigins(db: Db, refs: readonly RecordRef[]): Promise<RecordOrigin[]> {
  const out: RecordOrigin[] = [];
  for (const kind of ['position', 'static'] as const) {
    const mine = refs.filter((r) => r.kind === kind && Number.isInteger(r.mmsi) && Number.isFinite(r.t));
    if (mine.length === 0) continue;
    const table = TABLE[kind];
    const rows = await db.serial(async () => {
      const lineCol = (await hasColumn(db, table, 'line_no')) ? 'x.line_no::DOUBLE' : 'NULL::DOUBLE';
      const got: Record<string, unknown>[] = [];
      for (let i = 0; i < mine.length; i += CHUNK) {
        const part = mine.slice(i, i + CHUNK);
        const params: DuckDBValue[] = [];
        const values = part.map((r) => {
          params.push(r.mmsi, Math.round(r.t * 1000));
          return `($${params.length - 1}::INTEGER, $${params.length}::BIGINT)`;
        });
        const us = part.map((r) => Math.round(r.t * 1000));
        // the time range lets DuckDB skip row groups by their min/max (no index on the tables)
        params.push(Math.min(...us), Math.max(...us));
        const lo = `make_timestamp($${params.length - 1}::BIGINT)`;
        const hi = `make_timestamp($${params.length}::BIGINT)`;
        got.push(
          ...(await db.rows(
            `WITH r(mmsi, us) AS (VALUES ${values.join(', ')})
             SELECT DISTINCT x.mmsi::DOUBLE AS mmsi, (epoch_us(x.t) / 1000)::DOUBLE AS t, x.source_id::DOUBLE AS source_id, ${lineCol} AS line_no
             FROM ${table} x JOIN r ON x.mmsi = r.mmsi AND x.t = make_timestamp(r.us)
             WHERE x.t BETWEEN ${lo} AND ${hi}`,
            params,
          )),
        );
      }
      return got;
    });
    const part: RecordOrigin[] = [];
    for (const r of rows) {
      part.push({ kind, mmsi: num(r.mmsi as number), t: num(r.t as number), source: await sourceName(db, num(r.source_id as number)), lineNo: numOrNull(r.line_no as number | null) });
    }
    part.sort(compareOrigins);
    out.push(...part);
  }
  return out;
}

export async function ingestedSources(db: Db): Promise<IngestedSource[]> {
  return db.serial(async () => {
    const nameCol = (await hasColumn(db, 'ingest_sources', 'source_name')) ? 'source_name' : 'NULL';
    const rows = await db.rows(
      `SELECT source_key, path, format, size_bytes::DOUBLE AS size_bytes, completed, ${nameCol} AS source_name,
              records_read::DOUBLE AS records_read, positions_inserted::DOUBLE AS positions_inserted,
              statics_inserted::DOUBLE AS statics_inserted, (epoch_us(updated) / 1000)::DOUBLE AS updated
       FROM ingest_sources ORDER BY first_seen, source_key`,
    );
    return rows.map((r) => ingestedSourceOf(r));
  });
}
