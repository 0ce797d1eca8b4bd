// The binary array parameters of the PostgreSQL writer (writes.ts binaryArray): what the server
// reads back from them is exactly the numbers sent, NULLs included, for every element type.
import { afterAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { binaryArray, type ElementType } from '../../src/store/postgres/writes.js';
import { pgTestDb } from './pg.js';

const tdb = await pgTestDb('binary');

const cases: [ElementType, string, (number | null)[]][] = [
  ['float8', 'float8[]', [37.123456789, -122.5, null, 0, 1e-9, 102.2, Number.MAX_VALUE]],
  ['int8', 'bigint[]', [1_767_225_600_123_456, -1_767_225_600_123_456, null, 0, -1, 4_294_967_296, 2 ** 53 - 1]],
  ['int4', 'integer[]', [412_000_001, -180_000_000, 2_147_483_647, null, -2_147_483_648]],
  ['int2', 'smallint[]', [0, 255, null, -32768, 32767]],
  ['float8', 'float8[]', []],
];

if (tdb) {
  afterAll(() => tdb.drop());
  describe('binaryArray', () => {
    it.each(cases)('%s array reads back as sent', async (type, sqlType, values) => {
      const c = new pg.Client({ connectionString: tdb.url });
      await c.connect();
      try {
        // text out (::text[]) so no client-side parsing of bigints gets in the way
        const r = await c.query<{ v: (string | null)[] }>(`SELECT $1::${sqlType}::text[] AS v`, [binaryArray(values, type)]);
        expect(r.rows[0]!.v.map((x) => (x === null ? null : Number(x)))).toEqual(values);
      } finally {
        await c.end();
      }
    });
  });
} else {
  describe.skip('binaryArray (PostgreSQL unreachable)', () => {
    it('skipped', () => undefined);
  });
}
