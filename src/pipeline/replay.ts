/**
 * The replay: what the store holds, in time order, as batches of positions with the static
 * reports interleaved at their times: the detector runner's input in batch mode (DESIGN.md:
 * batch is a replay of the live pipeline).
 */
import type { Store, PositionQuery } from '../store/types.js';
import type { Position, VesselStatic } from '../records.js';

/** Replay window: a few hours of a busy area's positions per query (two are in memory at once). */
const REPLAY_WINDOW_MS = 3 * 3_600_000;

/** Statics sorted by time, interleaved into the time-ordered position batches. */
export async function* replay(store: Store, q: PositionQuery): AsyncGenerator<(Position | VesselStatic)[]> {
  const statics: VesselStatic[] = [];
  for await (const s of store.statics({ ...(q.from !== undefined ? { from: q.from } : {}), ...(q.to !== undefined ? { to: q.to } : {}) })) statics.push(s);
  statics.sort((a, b) => a.t - b.t || a.mmsi - b.mmsi);
  let si = 0;
  // In time windows: each query sorts one window (DuckDB's zone maps on t skip the rest), so
  // memory stays flat however large the store; the next batch is read (on DuckDB's threads)
  // while this one goes through the detectors. Only windows holding positions are read, so a
  // store of files years apart costs what its data costs, not one query per 3 h of the span.
  const windows = await store.positionWindows(REPLAY_WINDOW_MS, { ...(q.from !== undefined ? { from: q.from } : {}), ...(q.to !== undefined ? { to: q.to } : {}) });
  // the next window's query starts (its sort runs on DuckDB's threads) once this one has
  // delivered its first rows, so the detectors rarely wait at a window boundary
  const open = (i: number): { it: AsyncIterator<Position[]>; first: Promise<IteratorResult<Position[]>> } | null => {
    const w0 = windows[i];
    if (w0 === undefined) return null;
    const from = Math.max(w0, q.from ?? -Infinity);
    const to = Math.min(w0 + REPLAY_WINDOW_MS - 1, q.to ?? Infinity);
    const it = store.positionBatches({ ...q, from, to, order: 'time' })[Symbol.asyncIterator]();
    return { it, first: it.next() };
  };
  let cur = open(0);
  for (let i = 0; cur; i++) {
    const { it } = cur;
    let pending = cur.first;
    let next: ReturnType<typeof open> | undefined;
    for (;;) {
      const r = await pending;
      if (r.done) break;
      pending = it.next();
      next ??= open(i + 1);
      const out: (Position | VesselStatic)[] = [];
      for (const p of r.value) {
        while (si < statics.length && statics[si]!.t <= p.t) out.push(statics[si++]!);
        out.push(p);
      }
      yield out;
    }
    cur = next === undefined ? open(i + 1) : next;
  }
  if (si < statics.length) yield statics.slice(si);
}
