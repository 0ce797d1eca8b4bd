/**
 * One thread of a parallel replay (parallel.ts): a detector runner over one share of the
 * store's records, on its own copy of the map (land, zones, the store's traffic layer). An
 * MMSI share runs the per-vessel detectors on every record of its vessels, with the feed's
 * hour turns marked in between (Runner.advance), so it closes what it holds at the times a
 * runner fed everything would; the pairwise share runs encounters, convoys and the one-hull-two-
 * MMSIs identity check on every record. Each keeps only the events it owns (src/live/partition.ts's
 * rule, the same as scale-out workers'), so every event comes from exactly one thread.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createRunner } from '../detect/index.js';
import type { Event } from '../events.js';
import { WorldGeo } from '../geo/context.js';
import { readZonesFile } from '../geo/zones.js';
import type { Twilight } from '../geo/sun.js';
import { TrafficLayer } from '../geo/traffic.js';
import { ownsEvent, type PartitionPlan } from '../live/partition.js';
import type { Position, VesselStatic } from '../records.js';
import type { StoredTraffic } from '../store/types.js';
import { decodeState, encodeState } from '../detect/snapshot.js';
import type { RunnerState } from '../detect/runner.js';
import { LoggingGeo, type GeoLogState } from './checkpoint.js';
import { GivenVerdicts, unpackBatch, type PackedBatch, type ShareInit, type ToShare } from './parallel-protocol.js';

const init = workerData as ShareInit;
const layer = init.traffic && init.traffic.hours.length > 0 ? TrafficLayer.fromRows(init.traffic as StoredTraffic) : null;
// the rows (tens of MB of objects on a large store) are in the layer now
init.traffic = null;
const world = new WorldGeo({
  ...(init.zonesFile ? { zones: readZonesFile(init.zonesFile) } : {}),
  ...(init.twilight ? { twilight: init.twilight as Twilight } : {}),
  ...(layer ? { traffic: layer } : {}),
});
const geo = new LoggingGeo(world, layer);
const plan: PartitionPlan = init.plan;
// the reader thread keeps the one de-duplication table: a table per thread would forget repeats at other loads
const verdicts = new GivenVerdicts();
const runner = createRunner({ profile: init.profile, geo, segmenter: { dedup: verdicts }, detectors: init.share === 'pairwise' ? { only: ['encounter', 'identity', 'convoy'] } : { except: ['encounter', 'convoy'] } });
const owns = init.share === 'pairwise' ? (e: Event): boolean => ownsEvent('c', 0, e, plan) || ownsEvent('g', 0, e, plan) : (e: Event): boolean => ownsEvent('m', init.index, e, plan);

function keep(out: Event[], events: readonly Event[]): void {
  for (const e of events) if (owns(e)) out.push(e);
}

function run(b: PackedBatch): Event[] {
  geo.now = b.now;
  const out: Event[] = [];
  let recs: (Position | VesselStatic)[] = [];
  unpackBatch(b, verdicts, (r) => recs.push(r), (t) => {
    if (recs.length) keep(out, runner.push(recs));
    recs = [];
    keep(out, runner.advance(t));
  });
  if (recs.length) keep(out, runner.push(recs));
  verdicts.clear();
  return out;
}

parentPort!.on('message', (m: ToShare) => {
  switch (m.k) {
    case 'batch':
      parentPort!.postMessage({ k: 'events', seq: m.seq, events: run(m.batch) });
      break;
    case 'restore': {
      runner.restore(decodeState(m.runner) as RunnerState);
      geo.log = m.geo as GeoLogState;
      parentPort!.postMessage({ k: 'restored', seq: m.seq });
      break;
    }
    case 'save': {
      const state = encodeState(runner.save());
      parentPort!.postMessage({ k: 'state', seq: m.seq, runner: state, geo: geo.log }, [state.buffer as ArrayBuffer]);
      break;
    }
    case 'flush': {
      const out: Event[] = [];
      keep(out, runner.flush());
      parentPort!.postMessage({ k: 'flushed', seq: m.seq, events: out, rejected: init.share === 'pairwise' ? {} : runner.stats.rejected });
      break;
    }
  }
});
parentPort!.postMessage({ k: 'ready' });
