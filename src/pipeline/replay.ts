/**
 * The replay: what the store holds, in time order, as batches of positions with the static
 * reports interleaved at their times: the detector runner's input in batch mode (DESIGN.md:
 * batch is a replay of the live pipeline). `replayColumns` is the same walk over the positions
 * alone, as columns, for sweeps that need no object per fix (src/detections/sweep.ts).
 */
import type { Store, PositionQuery } from '../store/types.js';
import type { MotionColumns, Position, VesselStatic } from '../records.js';

/** Replay window: a few hours of a busy area's positions per query (two are in memory at once). */
const REPLAY_WINDOW_MS = 3 * 3_600_000;

/**
 * The store's positions in time windows, in time order, read by `read(from, to)`. Each query
 * sorts one window (DuckDB's zone maps on t skip the rest), so memory stays flat however large
 * the store; only windows holding positions are read, so a store of files years apart costs
 * what its data costs, not one query per 3 h of the span. The next window's query starts (its
 * sort runs on the database's threads) once this one has delivered its first rows, so the
 * consumer rarely waits at a window boundary.
 */
async function* windowed<T>(store: Store, q: PositionQuery, read: (from: number, to: number) => AsyncIterable<T>): AsyncGenerator<T> {
  const windows = await store.positionWindows(REPLAY_WINDOW_MS, { ...(q.from !== undefined ? { from: q.from } : {}), ...(q.to !== undefined ? { to: q.to } : {}) });
  const open = (i: number): { it: AsyncIterator<T>; first: Promise<IteratorResult<T>> } | null => {
    const w0 = windows[i];
    if (w0 === undefined) return null;
    const it = read(Math.max(w0, q.from ?? -Infinity), Math.min(w0 + REPLAY_WINDOW_MS - 1, q.to ?? Infinity))[Symbol.asyncIterator]();
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
      yield r.value;
    }
    cur = next === undefined ? open(i + 1) : next;
  }
}

/** Statics sorted by time, interleaved into the time-ordered position batches. */
export async function* replay(store: Store, q: PositionQuery): AsyncGenerator<(Position | VesselStatic)[]> {
  const statics: VesselStatic[] = [];
  for await (const s of store.statics({ ...(q.from !== undefined ? { from: q.from } : {}), ...(q.to !== undefined ? { to: q.to } : {}) })) statics.push(s);
  statics.sort((a, b) => a.t - b.t || a.mmsi - b.mmsi);
  let si = 0;
  for await (const batch of windowed(store, q, (from, to) => store.positionBatches({ ...q, from, to, order: 'time' }))) {
    const out: (Position | VesselStatic)[] = [];
    for (const p of batch) {
      while (si < statics.length && statics[si]!.t <= p.t) out.push(statics[si++]!);
      out.push(p);
    }
    yield out;
  }
  if (si < statics.length) yield statics.slice(si);
}

/** The positions of `replay`, in the same order, as columns (no static reports). */
export function replayColumns(store: Store, q: PositionQuery): AsyncGenerator<MotionColumns> {
  return windowed(store, q, (from, to) => store.positionColumns({ ...q, from, to, order: 'time' }));
}
