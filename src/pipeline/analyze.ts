/**
 * The analyze step (store → detectors → events → store), run after the ingest step: replay
 * everything the store holds in time order (replay.ts) through the detector runner, and store
 * the events. Replaying from the store (not from each file as it is read) is what keeps events
 * whole across file boundaries and UTC midnight, and makes a re-run idempotent: event ids are
 * deterministic and the store upserts them.
 */
import type { Store, PositionQuery } from '../store/types.js';
import { createRunner } from '../detect/index.js';
import type { Event } from '../events.js';
import { WorldGeo } from '../geo/context.js';
import { readZonesFile } from '../geo/zones.js';
import type { Twilight } from '../geo/sun.js';
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
}

/** Replays the store's data through the detectors; returns the events (also stored). */
export async function analyze(store: Store, opts: AnalyzeOptions = {}): Promise<{ events: Event[]; summary: AnalyzeSummary }> {
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
