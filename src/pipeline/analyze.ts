/**
 * The analyze step (store → detectors → events → store), run after the ingest step: replay
 * everything the store holds in time order (replay.ts) through the detector runner, and store
 * the events. Replaying from the store (not from each file as it is read) is what keeps events
 * whole across file boundaries and UTC midnight, and makes a re-run idempotent: event ids are
 * deterministic and the store upserts them.
 *
 * The map the detectors see (WorldGeo) includes the traffic layer learned from the whole store
 * (src/geo/traffic.ts): water evidence, coverage, and anchorages learned near known ports. The
 * store keeps it and rebuilds it in SQL only when positions were added since (refreshTraffic),
 * so a re-run pays nothing for it.
 */
import type { Store, PositionQuery } from '../store/types.js';
import { createRunner } from '../detect/index.js';
import type { Event } from '../events.js';
import { WorldGeo } from '../geo/context.js';
import { readZonesFile } from '../geo/zones.js';
import type { Twilight } from '../geo/sun.js';
import { TrafficLayer } from '../geo/traffic.js';
import { replay } from './replay.js';

export interface AnalyzeOptions {
  profile?: string;
  /** GeoJSON zones file replacing the bundled Nampo zones */
  zonesFile?: string;
  twilight?: Twilight;
  /** only positions in this window (epoch ms) */
  from?: number;
  to?: number;
}

export interface AnalyzeSummary {
  positions: number;
  statics: number;
  events: Record<string, number>;
  /** positions the detectors set aside, by reason (invalid fields, duplicates, noise) */
  notUsed: Record<string, number>;
  seconds: number;
  /** the traffic layer: rebuilt this run or reused, its build time, learned anchorages */
  traffic: { refreshed: boolean; seconds: number; anchorages: number };
}

/** The store's traffic layer, rebuilt first when positions were added since it was built; null for an empty store. */
export async function storedTraffic(store: Store): Promise<{ layer: TrafficLayer | null; refreshed: boolean; seconds: number }> {
  const r = await store.refreshTraffic();
  const rows = await store.traffic();
  return { layer: rows && rows.hours.length > 0 ? TrafficLayer.fromRows(rows) : null, refreshed: r.refreshed, seconds: r.seconds };
}

/** Replays the store's data through the detectors; returns the events (also stored). */
export async function analyze(store: Store, opts: AnalyzeOptions = {}): Promise<{ events: Event[]; summary: AnalyzeSummary }> {
  const t0 = process.hrtime.bigint();
  const traffic = await storedTraffic(store);
  const geo = new WorldGeo({
    ...(opts.zonesFile ? { zones: readZonesFile(opts.zonesFile) } : {}),
    ...(opts.twilight ? { twilight: opts.twilight } : {}),
    ...(traffic.layer ? { traffic: traffic.layer } : {}),
  });
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
  return {
    events,
    summary: {
      positions,
      statics,
      events: counts, notUsed: { ...runner.stats.rejected },
      seconds: Number(process.hrtime.bigint() - t0) / 1e9,
      traffic: { refreshed: traffic.refreshed, seconds: Number(traffic.seconds.toFixed(3)), anchorages: geo.learnedAnchorages.length },
    },
  };
}
