/**
 * Opening a store by location: a file path is a DuckDB store; a postgres:// or postgresql:// URL
 * is a PostgreSQL + PostGIS store (src/store/postgres/; `?schema=NAME` picks a schema, default
 * public), loaded only when asked for.
 *
 * Nothing creates a store it then leaves empty by mistake: read commands refuse a missing store
 * (`mustExist`), `ingest` and `analyze` open theirs through `storeOnDemand` (opened when an input
 * has something to put in it, removed again if this run created it and stored nothing), and
 * `darkfleet init` creates an empty one on purpose (`initStore`).
 */
import { existsSync, rmSync } from 'node:fs';
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
  if (isServerLocation(location)) {
    const { openPostgresStore } = await import('./postgres/index.js');
    return openPostgresStore(location, { ...(options.mustExist ? { mustExist: true } : {}), ...(options.readOnly ? { readOnly: true } : {}) });
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

function isServerLocation(location: string): boolean {
  return /^postgres(ql)?:\/\//i.test(location);
}

/** Is there a store at `location`? (A server URL is taken to exist: openStore with mustExist asks the server.) */
export function storeExists(location: string = DEFAULT_DB): boolean {
  return isServerLocation(location) || existsSync(location);
}

/** Creates an empty store on purpose (`darkfleet init`); false when one was there already (it is opened and checked). */
export async function initStore(location: string = DEFAULT_DB): Promise<boolean> {
  const created = !storeExists(location);
  const store = await openStore(location, { threads: 1 });
  await store.close();
  return created;
}

/** A store opened on first use, for runs that may have nothing to store. */
export interface StoreOnDemand {
  /** opens the store (creating it when new) the first time, then returns the same one */
  open(): Promise<Store>;
  /** the store if it was opened */
  readonly opened: Store | null;
  /** closes it; a store this run created and left without positions, statics or events is removed */
  close(): Promise<void>;
}

export function storeOnDemand(location: string = DEFAULT_DB, options: OpenStoreOptions = {}): StoreOnDemand {
  const existed = storeExists(location);
  let store: Store | null = null;
  let opening: Promise<Store> | null = null;
  return {
    open: () => (opening ??= openStore(location, options).then((s) => (store = s))),
    get opened() {
      return store;
    },
    async close() {
      if (!store) return;
      const s = store;
      store = null;
      let empty = false;
      if (!existed) {
        const st = await s.stats();
        empty = st.positions === 0 && st.statics === 0 && Object.keys(st.events).length === 0;
      }
      await s.close();
      if (empty) for (const f of [location, `${location}.wal`]) rmSync(f, { force: true });
    },
  };
}
