/**
 * A PostgreSQL database of its own for one test file: created from DARKFLEET_TEST_PG (default
 * postgres://postgres@127.0.0.1:5432/test) and dropped after, so parallel test files never
 * collide. Unreachable PostgreSQL skips with a printed reason, except under CI=true, where
 * nothing may skip: it fails instead (.ci/run starts PostgreSQL).
 */
import { createHash, randomBytes } from 'node:crypto';
import pg from 'pg';

export const PG_BASE = process.env.DARKFLEET_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface PgTestDb {
  /** URL of the database */
  url: string;
  /** URL of a store in a schema named after `key` (a test dir: same key, same store) */
  store(key: string): string;
  drop(): Promise<void>;
}

/** A fresh database, or undefined (with the reason printed) when PostgreSQL is unreachable. */
export async function pgTestDb(label: string): Promise<PgTestDb | undefined> {
  const admin = new pg.Client({ connectionString: PG_BASE, connectionTimeoutMillis: 3000 });
  try {
    await admin.connect();
  } catch (err) {
    const why = `PostgreSQL unreachable at ${PG_BASE} (${err instanceof Error ? err.message : String(err)})`;
    if (process.env.CI === 'true') throw new Error(`CI=true and ${why}`);
    console.warn(`skipping: ${why}; set DARKFLEET_TEST_PG to run the PostgreSQL tests`);
    return undefined;
  }
  const name = `darkfleet_${label}_${process.pid}_${randomBytes(3).toString('hex')}`;
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const u = new URL(PG_BASE);
  u.pathname = `/${name}`;
  const url = u.toString();
  return {
    url,
    store: (key) => {
      const s = new URL(url);
      s.searchParams.set('schema', `s_${createHash('sha1').update(key).digest('hex').slice(0, 16)}`);
      return s.toString();
    },
    drop: async () => {
      const c = new pg.Client({ connectionString: PG_BASE });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}
