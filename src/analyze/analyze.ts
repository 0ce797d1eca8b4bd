/**
 * `analyze`: ingest, then replay everything the store holds in time order through the
 * detectors, and store the events. Replaying from the store (not from each file as it is read)
 * is what keeps events whole across file boundaries and UTC midnight, and makes a re-run
 * idempotent: event ids are deterministic and the store upserts them.
 */
import type { Store, PositionQuery } from '../store/types.js';
import type { Position, VesselStatic } from '../records.js';
import { createRunner } from '../detect/index.js';
import type { Event } from '../events.js';
import { WorldGeo } from '../geo/context.js';
import { readZonesFile } from '../geo/zones.js';
import type { Twilight } from '../geo/sun.js';

export interface DetectOptions {
  profile?: string;
  /** GeoJSON zones file replacing the bundled Nampo zones */
  zonesFile?: string;
  twilight?: Twilight;
  /** only positions in this window (epoch ms) */
  from?: number;
  to?: number;
}

export interface DetectSummary {
  positions: number;
  statics: number;
  events: Record<string, number>;
  /** positions the detectors set aside, by reason (invalid fields, duplicates, noise) */
  notUsed: Record<string, number>;
  seconds: number;
}

/** Replay window: a few hours of a busy area's positions per query (two are in memory at once). */
const REPLAY_WINDOW_MS = 3 * 3_600_000;

/** Statics sorted by time, interleaved into the time-ordered position batches. */
async function* replay(store: Store, q: PositionQuery): AsyncGenerator<(Position | VesselStatic)[]> {
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

/** Runs the detectors over the store's data; returns the events (also stored). */
export async function detect(store: Store, opts: DetectOptions = {}): Promise<{ events: Event[]; summary: DetectSummary }> {
  const t0 = process.hrtime.bigint();
  const geo = new WorldGeo({ ...(opts.zonesFile ? { zones: readZonesFile(opts.zonesFile) } : {}), ...(opts.twilight ? { twilight: opts.twilight } : {}) });
  const runner = createRunner({ profile: opts.profile ?? 'gfw', geo });
  const events: Event[] = [];
  let positions = 0;
  let statics = 0;
  const q: PositionQuery = {};
  if (opts.from !== undefined) q.from = opts.from;
  if (opts.to !== undefined) q.to = opts.to;
  for await (const recs of replay(store, q)) {
    for (const r of recs) if ('lat' in r) positions++;
    statics += recs.length;
    for (const e of runner.push(recs)) events.push(e);
  }
  for (const e of runner.flush()) events.push(e);
  statics -= positions;
  if (events.length) await store.putEvents(events);
  const counts: Record<string, number> = {};
  for (const e of events) counts[e.type] = (counts[e.type] ?? 0) + 1;
  return { events, summary: { positions, statics, events: counts, notUsed: { ...runner.stats.rejected }, seconds: Number(process.hrtime.bigint() - t0) / 1e9 } };
}
