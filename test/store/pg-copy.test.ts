// The PostgreSQL writer's binary COPY (src/store/postgres/copy.ts): values read back exactly as
// written, and a COPY with the statement after it is one transaction in one round trip: a failure
// of either leaves nothing of both, and the connection goes on.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { CopyRows, copyThen } from '../../src/store/postgres/copy.js';
import { StoreError } from '../../src/errors.js';
import { pgTestDb } from './pg.js';

const tdb = await pgTestDb('copy');

const COPY = 'COPY t (k, ts, x, s, n) FROM STDIN (FORMAT binary)';

function rows(list: [number, number, number | null, number | null, number | null][]): Buffer {
  const out = new CopyRows(5, list.length, 2 + 5 * 4 + 4 + 8 + 8 + 2 + 8);
  for (const [k, us, x, s, n] of list) {
    out.row();
    out.int4(k);
    out.timestamptzUs(us);
    out.float8(x);
    out.int2(s);
    out.int8(n);
  }
  return out.finish();
}

if (tdb) {
  let c: pg.Client;
  beforeAll(async () => {
    c = new pg.Client({ connectionString: tdb.url });
    await c.connect();
    await c.query('CREATE TABLE t (k integer PRIMARY KEY, ts timestamptz NOT NULL, x float8, s smallint, n bigint)');
    await c.query('CREATE TABLE log (note text, tags text[])');
  });
  afterAll(async () => {
    await c.end();
    await tdb.drop();
  });

  describe('binary COPY', () => {
    it('reads back what was written: times to the microsecond, NULLs, int8 beyond 32 bits', async () => {
      const us = Date.UTC(2026, 11, 4, 23, 59, 59) * 1000 + 123_456;
      const r = await copyThen(c, COPY, rows([[1, us, 37.123456789, 3, 2 ** 53 - 1], [2, -86_400_000_000, null, null, -4_294_967_296]]), 'INSERT INTO log VALUES ($1, $2) RETURNING 1', [
        'a "quoted" \\ note',
        ['x', null, 'y,"z"', 7],
      ]);
      expect(r).toEqual({ copied: 2, row: ['1'] });
      const back = await c.query<{ k: number; ts: string; x: number | null; s: number | null; n: string | null }>(
        `SELECT k, to_char(ts AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') AS ts, x, s, n::text AS n FROM t ORDER BY k`,
      );
      expect(back.rows).toEqual([
        { k: 1, ts: '2026-12-04 23:59:59.123456', x: 37.123456789, s: 3, n: String(2 ** 53 - 1) },
        { k: 2, ts: '1969-12-31 00:00:00.000000', x: null, s: null, n: '-4294967296' },
      ]);
      const log = await c.query<{ note: string; tags: (string | null)[] }>('SELECT note, tags FROM log');
      expect(log.rows).toEqual([{ note: 'a "quoted" \\ note', tags: ['x', null, 'y,"z"', '7'] }]);
    });

    it('stores neither the rows nor the statement when the COPY meets a key, and the connection goes on', async () => {
      const err = await copyThen(c, COPY, rows([[3, 0, 1, 1, 1], [1, 0, 1, 1, 1]]), 'INSERT INTO log VALUES ($1, NULL)', ['after a failed copy']).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(StoreError);
      expect((err as StoreError & { cause: { code: string } }).cause.code).toBe('23505');
      expect((await c.query('SELECT k FROM t ORDER BY k')).rows).toEqual([{ k: 1 }, { k: 2 }]);
      expect((await c.query(`SELECT count(*)::int AS n FROM log WHERE note = 'after a failed copy'`)).rows).toEqual([{ n: 0 }]);
    });

    it('keeps none of the copied rows when the statement after them fails', async () => {
      const err = await copyThen(c, COPY, rows([[4, 0, 1, 1, 1]]), 'SELECT 1 / $1::int', [0]).catch((e: unknown) => e);
      expect((err as StoreError & { cause: { code: string } }).cause.code).toBe('22012');
      expect((await c.query('SELECT k FROM t ORDER BY k')).rows).toEqual([{ k: 1 }, { k: 2 }]);
      // and the next one goes in
      expect((await copyThen(c, COPY, rows([[4, 0, 1, 1, 1]]), 'SELECT $1::int + 1 AS v', [1])).row).toEqual(['2']);
      expect((await c.query('SELECT k FROM t ORDER BY k')).rows).toEqual([{ k: 1 }, { k: 2 }, { k: 4 }]);
    });
  });
} else {
  describe.skip('binary COPY (PostgreSQL unreachable)', () => {
    it('skipped', () => undefined);
  });
}
