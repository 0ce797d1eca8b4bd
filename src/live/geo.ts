/**
 * The map live detectors query: the bundled geography plus the traffic layer the store learned
 * from its history (src/pipeline/analyze.ts storedTraffic), read once at start. A live run adds
 * positions to the store; the layer it runs with is the one learned before it started, so every
 * worker of a scale-out run sees the same map (and events are reproducible by a batch run over
 * a store holding the same history).
 */
import { WorldGeo } from '../geo/context.js';
import { readZonesFile } from '../geo/zones.js';
import { TrafficLayer } from '../geo/traffic.js';
import { storedTraffic } from '../pipeline/analyze.js';
import type { Store } from '../store/types.js';

/**
 * `refresh`: rebuild the layer first when positions were added since it was built (`watch`);
 * workers read it as stored (several start at once; `darkfleet analyze` or a refresh before the
 * run builds it).
 */
export async function liveGeo(store: Store | undefined, opts: { zonesFile?: string; refresh: boolean }): Promise<WorldGeo> {
  let layer: TrafficLayer | null = null;
  if (store && opts.refresh) layer = (await storedTraffic(store)).layer;
  else if (store) {
    const rows = await store.traffic({ movingMembers: false });
    layer = rows && rows.hours.length > 0 ? TrafficLayer.fromRows(rows) : null;
  }
  return new WorldGeo({
    ...(opts.zonesFile ? { zones: readZonesFile(opts.zonesFile) } : {}),
    ...(layer ? { traffic: layer } : {}),
  });
}
