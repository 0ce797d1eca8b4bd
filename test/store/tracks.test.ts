/**
 * The vessel-ordered copy of positions that tracks are read from (src/store/duckdb/tracks.ts):
 * a track reads the same fixes from it as from positions, mid-ingest (not yet copied) and
 * after (copied in (mmsi, t) order), over synthetic traffic whose every fix is known; a store
 * written before the copy existed reads positions until its next ingest fills the copy.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, describe, expect, it } from 'vitest';
import { openDuckDbStore } from '../../src/store/duckdb/index.js';
import type { Position } from '../../src/records.js';
import { Synth } from './synth.js';

const dir = mkdtempSync(path.join(tmpdir(), 'darkfleet-tracks-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function sql(file: string, text: string): Promise<Record<string, unknown>[]> {
  const db = await DuckDBInstance.create(file);
  const con = await db.connect();
  try {
    return (await con.runAndReadAll(text)).getRowObjectsJS() as Record<string, unknown>[];
  } finally {
    con.closeSync();
    db.closeSync();
  }
}

/** The fixes of `mmsi` in [from, to] as the synthetic feed made them, in (t, lat, lon) order. */
function expected(positions: Position[], mmsi: number, from: number, to: number): number[][] {
  return positions
    .filter((p) => p.mmsi === mmsi && p.t >= from && p.t <= to)
    .map((p) => [p.t, p.lat, p.lon])
    .sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]! || a[2]! - b[2]!);
}

describe('track_points', () => {
  const syn = new Synth({ vessels: 40, stepMs: 1000, dupEvery: 7 });
  const { positions } = syn.slice(0, 30_000);
  const mmsi = syn.mmsiOf(3);
  const from = syn.t0 + 3 * 3_600_000;
  const to = from + 2 * 3_600_000;

  it('a track reads the same fixes before and after the copy, and the copy holds every position once, by vessel', async () => {
    const file = path.join(dir, 'a.duckdb');
    const store = await openDuckDbStore(file, { threads: 1 });
    await store.beginSource('s');
    await store.writeBatch({ sourceKey: 's', positions: positions.slice(0, 20_000), statics: [], progress: { recordIndex: 20_000 } });
    const mid = await store.track(mmsi, from, to);
    expect(mid.t.length).toBeGreaterThan(100);
    await store.writeBatch({ sourceKey: 's', positions: positions.slice(20_000), statics: [], progress: { recordIndex: 30_000 } });
    // the same rows again (a second receiver): nothing new, nothing copied twice
    await store.writeBatch({ sourceKey: 's', positions: positions.slice(0, 5000), statics: [], progress: { recordIndex: 30_000 } });
    await store.endSource('s');
    const after = await store.track(mmsi, from, to);
    const want = expected(positions, mmsi, from, to);
    // the feed repeats every 7th record: the store keeps one
    const unique = want.filter((p, i) => i === 0 || p.join() !== want[i - 1]!.join());
    expect(Array.from(after.t, (t, i) => [t, after.lat[i], after.lon[i]])).toEqual(unique);
    expect(Array.from(mid.t)).toEqual(unique.filter((p) => positions.slice(0, 20_000).some((q) => q.t === p[0] && q.mmsi === mmsi)).map((p) => p[0]));
    const stats = await store.stats();
    await store.close();
    const [c] = await sql(file, `SELECT count(*)::DOUBLE AS n FROM track_points`);
    expect(c).toEqual({ n: stats.positions });
    // one run, sorted by vessel: each vessel's fixes contiguous
    const [s] = await sql(file, `SELECT count(*)::DOUBLE AS out_of_order FROM (SELECT mmsi, lag(mmsi) OVER () AS pm FROM track_points) WHERE pm > mmsi`);
    expect(s).toEqual({ out_of_order: 0 });
  });

  it('a store written before the copy existed reads positions, and its next ingest fills the copy', async () => {
    const file = path.join(dir, 'old.duckdb');
    const store = await openDuckDbStore(file, { threads: 1 });
    await store.beginSource('s');
    await store.writeBatch({ sourceKey: 's', positions: positions.slice(0, 20_000), statics: [], progress: { recordIndex: 20_000 } });
    await store.endSource('s');
    await store.close();
    await sql(file, `DROP TABLE track_points`);
    // read-only, as `darkfleet serve` opens it: no table to read tracks from, positions are read
    const old = await openDuckDbStore(file, { readOnly: true, threads: 1 });
    const before = await old.track(mmsi, from, to);
    await old.close();
    expect(before.t.length).toBeGreaterThan(100);
    const again = await openDuckDbStore(file, { threads: 1 });
    await again.beginSource('s2');
    await again.writeBatch({ sourceKey: 's2', positions: positions.slice(20_000), statics: [], progress: { recordIndex: 10_000 } });
    await again.endSource('s2');
    const n = (await again.stats()).positions;
    const after = await again.track(mmsi, from, to);
    await again.close();
    expect(Array.from(after.t).filter((t) => before.t.includes(t))).toEqual(Array.from(before.t));
    expect(after.t.length).toBe(new Set(expected(positions, mmsi, from, to).map((p) => p.join())).size);
    const [c] = await sql(file, `SELECT count(*)::DOUBLE AS n FROM track_points`);
    expect(c).toEqual({ n });
  });
});
