/**
 * SQL pieces of the PostgreSQL store: epoch times in and out of timestamptz, and WHERE clauses
 * with positional parameters (every value a caller gave is a parameter, never SQL text).
 */
import { StoreError } from '../../errors.js';
import type { BBox } from '../types.js';
import type { Param } from './db.js';

/** A timestamptz column as epoch ms (double, µs kept as the fraction). */
export const msOf = (col: string): string => `(extract(epoch from ${col}) * 1000)::float8`;

/** SQL of the timestamptz at parameter `$i` (epoch µs, bigint). */
export const tsParam = (i: number): string => `(timestamptz 'epoch' + $${i}::bigint * interval '1 microsecond')`;

export function addMmsiFilter(where: string[], params: Param[], mmsi: number | readonly number[] | undefined, col = 'mmsi'): void {
  if (mmsi === undefined) return;
  if (typeof mmsi === 'number') {
    params.push(mmsi);
    where.push(`${col} = $${params.length}::integer`);
    return;
  }
  if (mmsi.length === 0) {
    where.push('false');
    return;
  }
  params.push([...mmsi]);
  where.push(`${col} = ANY($${params.length}::integer[])`);
}

/** `fromCol >= from` and `toCol <= to` (epoch ms, inclusive; undefined: open). */
export function addTimeFilter(where: string[], params: Param[], from: number | undefined, to: number | undefined, fromCol = 't', toCol = 't'): void {
  if (from !== undefined) {
    params.push(Math.round(from * 1000));
    where.push(`${fromCol} >= ${tsParam(params.length)}`);
  }
  if (to !== undefined) {
    params.push(Math.round(to * 1000));
    where.push(`${toCol} <= ${tsParam(params.length)}`);
  }
}

/**
 * lat/lon inside the box (west > east crosses the antimeridian). With `geom`, the PostGIS point
 * column is tested against the box(es) too, so its GiST index can find the rows; the exact test
 * stays on lat/lon, the same as the DuckDB store's.
 */
export function addBBoxFilter(where: string[], params: Param[], bbox: BBox, geom?: string): void {
  const [w, s, e, n] = bbox;
  if (![w, s, e, n].every(Number.isFinite)) throw new StoreError(`bbox must be four numbers W,S,E,N, got ${bbox.join(',')}`);
  params.push(w, s, e, n);
  const [pw, ps, pe, pn] = [params.length - 3, params.length - 2, params.length - 1, params.length].map((i) => `$${i}::float8`) as [string, string, string, string];
  where.push(`lat BETWEEN ${ps} AND ${pn}`);
  where.push(w <= e ? `lon BETWEEN ${pw} AND ${pe}` : `(lon >= ${pw} OR lon <= ${pe})`);
  if (geom) {
    const env = (a: string, b: string): string => `${geom} && ST_MakeEnvelope(${a}, ${ps}, ${b}, ${pn}, 4326)`;
    where.push(w <= e ? env(pw, pe) : `(${env(pw, '180')} OR ${env('-180', pe)})`);
  }
}
