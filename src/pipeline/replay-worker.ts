/**
 * One thread of a parallel replay (parallel.ts): the per-vessel detectors over one MMSI share of
 * the store's records, on its own copy of the map (land, zones, the store's traffic layer), with
 * the feed's hour turns marked in between (Runner.advance), so it closes what it holds at the
 * times a runner fed everything would. It keeps only the events it owns (src/live/partition.ts's
 * rule, the same as scale-out workers'), so every event comes from exactly one runner.
 *
 * Each span between hour turns goes to the runner vessel by vessel (Runner's vesselOrder): a
 * vessel's state is then read for many fixes in a row, not once per fix between two thousand
 * others' (two shares of half the vessels each took a quarter less CPU than one share of all:
 * the per-vessel state no longer fitted the caches).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createRunner } from '../detect/index.js';
import type { Event } from '../events.js';
import { WorldGeo } from '../geo/context.js';
import { readZonesFile } from '../geo/zones.js';
import type { Twilight } from '../geo/sun.js';
import { TrafficLayer } from '../geo/traffic.js';
import { ownsEvent, type PartitionPlan } from '../live/partition.js';
import type { StoredTraffic } from '../store/types.js';
import { decodeState, encodeState } from '../detect/snapshot.js';
import type { RunnerState } from '../detect/runner.js';
import { LoggingGeo, type GeoLogState } from './checkpoint.js';
import { GivenVerdicts, VesselGrouper, unpackByVessel, type PackedBatch, type ShareInit, type ToShare } from './parallel-protocol.js';

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
const owns = (e: Event): boolean => ownsEvent('m', init.index, e, plan);
const runner = createRunner({ profile: init.profile, geo, segmenter: { dedup: verdicts }, vesselOrder: true, detectors: { except: ['encounter', 'convoy'] } });

function keep(out: Event[], events: readonly Event[]): void {
  for (const e of events) if (owns(e)) out.push(e);
}

const grouper = new VesselGrouper();

function run(b: PackedBatch): Event[] {
  geo.now = b.now;
  const out: Event[] = [];
  unpackByVessel(
    b,
    grouper,
    (recs, v) => {
      for (let i = 0; i < recs.length; i++) {
        const r = recs[i]!;
        if ('lat' in r) verdicts.add(r, v[i]!);
      }
      keep(out, runner.push(recs));
      verdicts.clear();
    },
    (t) => keep(out, runner.advance(t)),
  );
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
      const state = encodeState(runner.save(m.at));
      parentPort!.postMessage({ k: 'state', seq: m.seq, runner: state, geo: geo.log }, [state.buffer as ArrayBuffer]);
      break;
    }
    case 'flush': {
      const out: Event[] = [];
      keep(out, runner.flush());
      parentPort!.postMessage({ k: 'flushed', seq: m.seq, events: out, rejected: runner.stats.rejected });
      break;
    }
  }
});
parentPort!.postMessage({ k: 'ready' });
