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
  // while this one goes through the detectors.
  const range = await store.timeRange();
  if (range) {
    const lo = Math.max(range.from, q.from ?? -Infinity);
    const hi = Math.min(range.to, q.to ?? Infinity);
    // the next window's query starts (its sort runs on DuckDB's threads) once this one has
    // delivered its first rows, so the detectors rarely wait at a window boundary
    const open = (w0: number): { it: AsyncIterator<Position[]>; first: Promise<IteratorResult<Position[]>> } | null => {
      if (w0 > hi) return null;
      const it = store.positionBatches({ ...q, from: w0, to: Math.min(hi, w0 + REPLAY_WINDOW_MS - 1), order: 'time' })[Symbol.asyncIterator]();
      return { it, first: it.next() };
    };
    let cur = open(lo);
    for (let w0 = lo; cur; w0 += REPLAY_WINDOW_MS) {
      const { it } = cur;
      let pending = cur.first;
      let next: ReturnType<typeof open> | undefined;
      for (;;) {
        const r = await pending;
        if (r.done) break;
        pending = it.next();
        next ??= open(w0 + REPLAY_WINDOW_MS);
        const out: (Position | VesselStatic)[] = [];
        for (const p of r.value) {
          while (si < statics.length && statics[si]!.t <= p.t) out.push(statics[si++]!);
          out.push(p);
        }
        yield out;
      }
      cur = next === undefined ? open(w0 + REPLAY_WINDOW_MS) : next;
    }
  }
  if (si < statics.length) yield statics.slice(si);
}
