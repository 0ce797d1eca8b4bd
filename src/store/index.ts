/**
 * Opening a store by location: a file path is a DuckDB store (the default, created when
 * new); postgres:// URLs are reserved for the PostgreSQL store (DESIGN.md, issue E).
 */
import { existsSync } from 'node:fs';
import { StoreError } from '../errors.js';
import { openDuckDbStore } from './duckdb/index.js';
import type { Store } from './types.js';

export type * from './types.js';
export { fileSourceKey } from './sourcekey.js';
export { identityPeriods } from './identity.js';

export const DEFAULT_DB = 'darkfleet.duckdb';

/** Rows per writeBatch at which the DuckDB store runs fastest (bench/store.ts). */
export const PREFERRED_BATCH_ROWS = 250_000;

export interface OpenStoreOptions {
  /** refuse to create a new store: for read-only commands such as `stats` */
  mustExist?: boolean;
  /**
   * DuckDB worker threads (default: one per core). Ingest and analyze use 1: their bottleneck
   * is the JavaScript thread (parsing, detectors), and DuckDB's work overlaps it best on the
   * remaining core; more DuckDB threads contend with it (measured on 2 cores: less CPU, less
   * memory, same or better wall time). DARKFLEET_DUCKDB_THREADS overrides.
   */
  threads?: number;
  /** open an existing store read-only (`serve`): implies mustExist, and every write is refused */
  readOnly?: boolean;
}

export async function openStore(location: string = DEFAULT_DB, options: OpenStoreOptions = {}): Promise<Store> {
  if (/^postgres(ql)?:\/\//i.test(location)) {
    throw new StoreError(`PostgreSQL stores are not available in this version; use a DuckDB file path (${location})`);
  }
  if ((options.mustExist || options.readOnly) && !existsSync(location)) {
    throw new StoreError(`no store at ${location} (run \`darkfleet ingest\` first, or pass --db PATH)`);
  }
  // DuckDB's default buffer pool is 80% of RAM; a laptop tool shares the machine. Override
  // with DARKFLEET_DUCKDB_MEMORY (e.g. 4GB) for very large stores.
  const env = Number(process.env.DARKFLEET_DUCKDB_THREADS);
  const threads = env > 0 ? env : options.threads;
  return openDuckDbStore(location, { memoryLimit: process.env.DARKFLEET_DUCKDB_MEMORY ?? '1GB', ...(threads !== undefined ? { threads } : {}), ...(options.readOnly ? { readOnly: true } : {}) });
}
