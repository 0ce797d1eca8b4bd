/**
 * GeoParquet 1.1 (https://geoparquet.org/releases/v1.1.0/): a Parquet file whose `geometry`
 * column holds WKB and whose `geo` key-value metadata says so (version, primary column,
 * encoding, geometry types, the file's bbox, a per-row `bbox` covering column; no `crs`, which
 * means OGC:CRS84, lon/lat on WGS 84). Rows are staged in a scratch DuckDB database (which
 * spills to disk, so a large export stays in bounded memory) and written with DuckDB's Parquet
 * writer (COPY ... KV_METADATA); DuckDB's spatial extension is not needed: WKB is encoded here.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DuckDBInstance, type DuckDBAppender, type DuckDBConnection } from '@duckdb/node-api';
import type { Geometry } from 'geojson';
import { DarkfleetError } from '../errors.js';

/** How a column is stored: `time` is given as epoch ms and written as a TIMESTAMP (UTC). */
export type ColumnKind = 'text' | 'int' | 'double' | 'time';
export interface ColumnSpec {
  name: string;
  kind: ColumnKind;
}
export type Cell = string | number | null;

const SQL_TYPE: Record<ColumnKind, string> = { text: 'VARCHAR', int: 'BIGINT', double: 'DOUBLE', time: 'DOUBLE' };

/** WKB (ISO, little-endian, 2D) of a Point or LineString. */
export function toWkb(g: Geometry): Uint8Array {
  if (g.type === 'Point') {
    const b = new DataView(new ArrayBuffer(21));
    b.setUint8(0, 1);
    b.setUint32(1, 1, true);
    b.setFloat64(5, g.coordinates[0]!, true);
    b.setFloat64(13, g.coordinates[1]!, true);
    return new Uint8Array(b.buffer);
  }
  if (g.type === 'LineString') {
    const n = g.coordinates.length;
    const b = new DataView(new ArrayBuffer(9 + 16 * n));
    b.setUint8(0, 1);
    b.setUint32(1, 2, true);
    b.setUint32(5, n, true);
    for (let i = 0; i < n; i++) {
      b.setFloat64(9 + 16 * i, g.coordinates[i]![0]!, true);
      b.setFloat64(17 + 16 * i, g.coordinates[i]![1]!, true);
    }
    return new Uint8Array(b.buffer);
  }
  throw new DarkfleetError('export_geometry', `GeoParquet export writes Points and LineStrings, not ${g.type}`);
}

function bounds(g: Geometry): [number, number, number, number] {
  const pts = g.type === 'Point' ? [g.coordinates] : g.type === 'LineString' ? g.coordinates : [];
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (const [x, y] of pts as [number, number][]) {
    if (x < x0) x0 = x;
    if (x > x1) x1 = x;
    if (y < y0) y0 = y;
    if (y > y1) y1 = y;
  }
  return [x0, y0, x1, y1];
}

function sqlString(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

function quoteIdent(s: string): string {
  return `"${s.replace(/"/g, '""')}"`;
}

/** Rows in, one GeoParquet file out: `create`, `add` each row, then `close` writes the file. */
export class GeoParquetWriter {
  private readonly types = new Set<string>();
  private readonly box: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  rows = 0;

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly con: DuckDBConnection,
    private readonly app: DuckDBAppender,
    private readonly dir: string,
    private readonly columns: readonly ColumnSpec[],
    private readonly out: string,
  ) {}

  static async create(out: string, columns: readonly ColumnSpec[]): Promise<GeoParquetWriter> {
    const dir = mkdtempSync(path.join(tmpdir(), 'darkfleet-geoparquet-'));
    try {
      const instance = await DuckDBInstance.create(path.join(dir, 'stage.duckdb'), { threads: '2' });
      const con = await instance.connect();
      const cols = columns.map((c) => `${quoteIdent(c.name)} ${SQL_TYPE[c.kind]}`);
      await con.run(`CREATE TABLE stage (${cols.join(', ')}, xmin DOUBLE, ymin DOUBLE, xmax DOUBLE, ymax DOUBLE, geometry BLOB)`);
      return new GeoParquetWriter(instance, con, await con.createAppender('stage'), dir, columns, out);
    } catch (cause) {
      rmSync(dir, { recursive: true, force: true });
      throw new DarkfleetError('export_write', `cannot stage the GeoParquet export: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    }
  }

  /** One row: `cells` in the order of the columns, and its geometry (null: no place). */
  add(cells: readonly Cell[], geometry: Geometry | null): void {
    this.columns.forEach((c, i) => {
      const v = cells[i];
      if (v === null || v === undefined || (typeof v === 'number' && !Number.isFinite(v))) this.app.appendNull();
      else if (c.kind === 'text') this.app.appendVarchar(String(v));
      else if (c.kind === 'int') this.app.appendBigInt(BigInt(Math.round(Number(v))));
      else this.app.appendDouble(Number(v));
    });
    if (geometry) {
      const b = bounds(geometry);
      for (const x of b) this.app.appendDouble(x);
      this.box[0] = Math.min(this.box[0], b[0]);
      this.box[1] = Math.min(this.box[1], b[1]);
      this.box[2] = Math.max(this.box[2], b[2]);
      this.box[3] = Math.max(this.box[3], b[3]);
      this.types.add(geometry.type);
      this.app.appendBlob(toWkb(geometry));
    } else {
      for (let i = 0; i < 5; i++) this.app.appendNull();
    }
    this.app.endRow();
    this.rows++;
  }

  /** The `geo` metadata this file gets. */
  geoMetadata(): Record<string, unknown> {
    const column: Record<string, unknown> = {
      encoding: 'WKB',
      geometry_types: [...this.types].sort(),
      covering: { bbox: { xmin: ['bbox', 'xmin'], ymin: ['bbox', 'ymin'], xmax: ['bbox', 'xmax'], ymax: ['bbox', 'ymax'] } },
    };
    if (this.types.size > 0) column.bbox = [...this.box];
    return { version: '1.1.0', primary_column: 'geometry', columns: { geometry: column } };
  }

  /** Drops the scratch database without writing anything (the export failed part-way). */
  abort(): void {
    try {
      this.app.closeSync();
    } catch {
      // the appender may already be closed; the scratch database goes either way
    }
    this.con.closeSync();
    this.instance.closeSync();
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** Writes the file and drops the scratch database. */
  async close(): Promise<void> {
    try {
      this.app.flushSync();
      this.app.closeSync();
      const select = this.columns.map((c) => (c.kind === 'time' ? `epoch_ms(${quoteIdent(c.name)}::BIGINT) AS ${quoteIdent(c.name)}` : quoteIdent(c.name)));
      const sql = `COPY (SELECT ${select.join(', ')},
          CASE WHEN geometry IS NULL THEN NULL ELSE {'xmin': xmin, 'ymin': ymin, 'xmax': xmax, 'ymax': ymax} END AS bbox, geometry FROM stage)
        TO ${sqlString(this.out)} (FORMAT parquet, KV_METADATA {geo: ${sqlString(JSON.stringify(this.geoMetadata()))}})`;
      await this.con.run(sql);
    } catch (cause) {
      throw new DarkfleetError('export_write', `cannot write ${this.out}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    } finally {
      this.con.closeSync();
      this.instance.closeSync();
      rmSync(this.dir, { recursive: true, force: true });
    }
  }
}
