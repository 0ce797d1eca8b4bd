/**
 * TrafficGrid.sql(): the grid's cell key written as SQL (the store builds the traffic layer in
 * DuckDB with it) must give cellOf's key for every point, boundaries included.
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { TrafficGrid } from '../../src/geo/traffic-grid.js';

async function sqlCells(grid: TrafficGrid, pts: [number, number][]): Promise<number[]> {
  const db = await DuckDBInstance.create(':memory:');
  const con = await db.connect();
  try {
    await con.run(`CREATE TABLE grid (r BIGINT, start BIGINT, k DOUBLE, cols BIGINT)`);
    const t = grid.rowTable();
    const a = await con.createAppender('grid');
    for (let r = 0; r < t.start.length; r++) {
      a.appendBigInt(BigInt(r));
      a.appendBigInt(BigInt(t.start[r]!));
      a.appendDouble(t.k[r]!);
      a.appendBigInt(BigInt(t.cols[r]!));
      a.endRow();
    }
    a.closeSync();
    await con.run(`CREATE TABLE pts (i INTEGER, lat DOUBLE, lon DOUBLE)`);
    const b = await con.createAppender('pts');
    pts.forEach(([lat, lon], i) => {
      b.appendInteger(i);
      b.appendDouble(lat);
      b.appendDouble(lon);
      b.endRow();
    });
    b.closeSync();
    const q = grid.sql('p.lat', 'p.lon', 'g');
    const rows = (await con.runAndReadAll(`SELECT p.i, ${q.cell}::DOUBLE AS cell FROM pts p JOIN grid g ON g.r = ${q.row} ORDER BY p.i`)).getRowObjectsJS();
    expect(rows.length).toBe(pts.length);
    return rows.map((r) => Number(r.cell));
  } finally {
    con.closeSync();
    db.closeSync();
  }
}

function points(grid: TrafficGrid, n: number, seed: number): [number, number][] {
  let x = seed;
  const r = (): number => ((x = (Math.imul(x ^ (x >>> 15), 0x2c1b3c6d) + 0x9e3779b9) >>> 0), x / 2 ** 32);
  const out: [number, number][] = [
    [90, 180], [-90, -180], [90, -180], [-90, 180], [0, 0], [0, 180], [0, -180], [89.9999999, 179.9999999], [-89.9999999, -179.9999999],
    [38.716667, 125.4], [56.0, 8.12], [-33.86, 151.2],
  ];
  for (let i = 0; i < n; i++) {
    const kind = r();
    if (kind < 0.5) out.push([-90 + 180 * r(), -180 + 360 * r()]);
    else {
      // exactly on a row edge and a column edge of a random cell, and a hair either side
      const cell = Math.floor(r() * grid.size);
      const [s, w] = grid.bounds(cell);
      const e = 1e-12 * (Math.floor(r() * 3) - 1);
      out.push([Math.min(90, Math.max(-90, s + e)), Math.min(180, Math.max(-180, w + e))]);
    }
  }
  return out;
}

describe('TrafficGrid.sql agrees with cellOf', () => {
  for (const cellM of [500, 16_000, 1000]) {
    it(`on random points and cell edges (${cellM} m grid)`, async () => {
      const grid = TrafficGrid.of(cellM);
      const pts = points(grid, 20_000, cellM);
      const sql = await sqlCells(grid, pts);
      const js = pts.map(([lat, lon]) => grid.cellOf(lat, lon));
      const diff = pts.filter((_, i) => sql[i] !== js[i]).slice(0, 5);
      expect(diff).toEqual([]);
    });
  }
});
