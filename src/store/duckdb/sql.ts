/**
 * Small helpers of the DuckDB store: running statements with StoreError on failure, WHERE
 * clauses with positional parameters, appending nullable values, reading JS values back.
 */
import type { DuckDBAppender, DuckDBConnection, DuckDBValue, JS } from '@duckdb/node-api';
import { StoreError } from '../../errors.js';
import type { BBox } from '../types.js';
import { toEpochMs } from '../json.js';

export type Row = Record<string, JS>;

export async function runOn(con: DuckDBConnection, sql: string, params?: DuckDBValue[]): ReturnType<DuckDBConnection['run']> {
  try {
    return await con.run(sql, params);
  } catch (cause) {
    throw new StoreError(`DuckDB: ${errMsg(cause)}`, sql, params, { cause });
  }
}

export async function rowsOn(con: DuckDBConnection, sql: string, params?: DuckDBValue[]): Promise<Row[]> {
  try {
    return (await con.runAndReadAll(sql, params)).getRowObjectsJS();
  } catch (cause) {
    throw new StoreError(`DuckDB: ${errMsg(cause)}`, sql, params, { cause });
  }
}

export function whereSql(where: string[]): string {
  return where.length ? `WHERE ${where.join(' AND ')}` : '';
}

export function addMmsiFilter(where: string[], params: DuckDBValue[], mmsi: number | readonly number[] | undefined): void {
  if (mmsi === undefined) return;
  if (typeof mmsi === 'number') {
    params.push(mmsi);
    where.push(`mmsi = $${params.length}::INTEGER`);
    return;
  }
  if (mmsi.length === 0) {
    where.push('false');
    return;
  }
  where.push(`mmsi IN (${mmsi.map((m) => (params.push(m), `$${params.length}::INTEGER`)).join(', ')})`);
}

export function addBBoxFilter(where: string[], params: DuckDBValue[], bbox: BBox): void {
  const [w, s, e, n] = bbox;
  if (![w, s, e, n].every(Number.isFinite)) throw new StoreError(`bbox must be four numbers W,S,E,N, got ${bbox.join(',')}`);
  params.push(s, n);
  where.push(`lat BETWEEN $${params.length - 1}::DOUBLE AND $${params.length}::DOUBLE`);
  params.push(w, e);
  const lw = `$${params.length - 1}::DOUBLE`;
  const le = `$${params.length}::DOUBLE`;
  // west > east: the box crosses the antimeridian
  where.push(w <= e ? `lon BETWEEN ${lw} AND ${le}` : `(lon >= ${lw} OR lon <= ${le})`);
}

/** `fromCol >= from` and `toCol <= to` (epoch ms, inclusive; undefined: open). */
export function addTimeFilter(where: string[], params: DuckDBValue[], from: number | undefined, to: number | undefined, fromCol = 't', toCol = 't'): void {
  if (from !== undefined) {
    params.push(Math.round(from * 1000));
    where.push(`${fromCol} >= make_timestamp($${params.length}::BIGINT)`);
  }
  if (to !== undefined) {
    params.push(Math.round(to * 1000));
    where.push(`${toCol} <= make_timestamp($${params.length}::BIGINT)`);
  }
}

export function timeParam(v: number | string, what: string): number {
  const ms = toEpochMs(v);
  if (!Number.isFinite(ms)) throw new StoreError(`events: cannot read ${what} time ${String(v)}`);
  return ms;
}

export function appendInt(a: DuckDBAppender, v: number | null | undefined, min: number, max: number, small = false): void {
  if (v === null || v === undefined || !Number.isInteger(v) || v < min || v > max) a.appendNull();
  else if (small) a.appendSmallInt(v);
  else a.appendInteger(v);
}

export function appendNum(a: DuckDBAppender, v: number | null | undefined): void {
  if (v === null || v === undefined || !Number.isFinite(v)) a.appendNull();
  else a.appendDouble(v);
}

/** Largest line number a UINTEGER line_no column holds. */
export const MAX_LINE_NO = 4_294_967_295;

/** A record's input line (UINTEGER line_no); unknown or out of range -> NULL. */
export function appendLineNo(a: DuckDBAppender, v: number | undefined): void {
  if (v === undefined || !Number.isInteger(v) || v < 1 || v > MAX_LINE_NO) a.appendNull();
  else a.appendUInteger(v);
}

export function appendText(a: DuckDBAppender, v: string | null | undefined): void {
  if (v === null || v === undefined) a.appendNull();
  else a.appendVarchar(v);
}

export function num(v: JS | undefined): number {
  return typeof v === 'bigint' ? Number(v) : Number(v);
}

export function numOrNull(v: JS | undefined): number | null {
  return v === null || v === undefined ? null : num(v);
}

export function strOrNull(v: JS | undefined): string | null {
  return v === null || v === undefined ? null : String(v);
}

export function errMsg(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
