/**
 * The read-only routes the web map needs beyond the event and vessel routes:
 * - GET /api/geography: the 12 nm line, the bundled zones and the anchorages learned from the
 *   store's traffic layer, as one GeoJSON FeatureCollection (src/query/geography.ts), built
 *   once per server (the store is read-only; the traffic layer is read as stored, never rebuilt).
 * - GET /api/tracks?bbox&from&to&zoom&limit: the simplified tracks of every vessel with
 *   positions in the box and time range (src/api/track.ts per vessel), with the vessel's flag,
 *   ship category and name for colouring. Bounded: the range, the positions read, the vessels
 *   and the points returned all have ceilings, and past the positions ceiling the answer is a
 *   400 asking for a smaller box or range, never a partial map that looks complete.
 */
import type { Hono } from 'hono';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import type { Store } from '../../store/types.js';
import { WorldGeo } from '../../geo/context.js';
import { TERRITORIAL_SEA_12NM, defaultZones } from '../../geo/zones.js';
import { TrafficLayer } from '../../geo/traffic.js';
import { learnedGeography, shoreZoneLine, zoneFeatures } from '../../query/geography.js';
import { parseEventQuery } from '../../query/filters.js';
import { flagOfMmsi } from '../../ref/mmsi.js';
import { shipCategory } from '../../ref/shiptype.js';
import { UsageError } from '../../errors.js';
import { isoTime } from '../../events.js';
import { queryParams } from '../openapi.js';
import { DEFAULT_MAP_VESSELS, MAX_MAP_DAYS, MAX_MAP_POINTS, MAX_MAP_POSITIONS, MAX_MAP_VESSELS, pageSize, strictQuery, trackRange, zoomParam } from '../params.js';
import { trackFeature, type Fix } from '../track.js';

const MIN_POINTS_PER_VESSEL = 32;
const DAY_MS = 86_400_000;

export interface MapVessel {
  mmsi: number;
  name: string | null;
  /** flag from the latest static report in range, else from the MMSI's MID */
  flag: string | null;
  shipType: number | null;
  /** coarse category of shipType (src/ref/shiptype.ts) */
  category: string;
}

async function geographyCollection(store: Store): Promise<FeatureCollection & { darkfleet: Record<string, unknown> }> {
  const features: Feature<Geometry>[] = [shoreZoneLine(TERRITORIAL_SEA_12NM), ...zoneFeatures(defaultZones())];
  const rows = await store.traffic({ movingMembers: false });
  const summary: Record<string, unknown> = { traffic: rows ? (rows.stale ? 'stale' : 'current') : 'none' };
  if (rows && rows.hours.length > 0) {
    const layer = TrafficLayer.fromRows(rows);
    const learned = learnedGeography(layer, new WorldGeo({ traffic: layer }));
    features.push(...learned.features);
    Object.assign(summary, learned.summary);
  }
  return { type: 'FeatureCollection', features, darkfleet: summary };
}

export function mapRoutes(app: Hono, store: Store): void {
  let geography: Promise<string> | null = null;

  app.get('/api/geography', async (c) => {
    strictQuery(c.req.queries(), queryParams('/api/geography'));
    if (!geography) {
      const built = geographyCollection(store).then((fc) => JSON.stringify(fc));
      geography = built;
      // a failure is not kept: the next call tries again
      built.catch(() => {
        if (geography === built) geography = null;
      });
    }
    return c.body(await geography, 200, { 'Content-Type': 'application/geo+json; charset=utf-8' });
  });

  app.get('/api/tracks', async (c) => {
    const p = strictQuery(c.req.queries(), queryParams('/api/tracks'));
    const { bbox } = parseEventQuery({ bbox: p.bbox }, 'api');
    const zoom = zoomParam(p.zoom);
    const limit = pageSize(p.limit, 'limit', DEFAULT_MAP_VESSELS, MAX_MAP_VESSELS);
    let range = trackRange(p.from, p.to, 0);
    if (p.from === undefined && p.to === undefined) {
      const span = await store.timeRange();
      range = trackRange(undefined, undefined, span?.to ?? 0);
    }
    const { from, to } = range;
    if (to - from > MAX_MAP_DAYS * DAY_MS) throw new UsageError(`to: the range from ${isoTime(from)} to ${isoTime(to)} is longer than ${MAX_MAP_DAYS} days; ask for less`);

    const byVessel = new Map<number, Fix[]>();
    let read = 0;
    for await (const batch of store.positionBatches({ from, to, ...(bbox ? { bbox } : {}), order: 'vessel' })) {
      read += batch.length;
      if (read > MAX_MAP_POSITIONS) throw new UsageError(`bbox: more than ${MAX_MAP_POSITIONS} positions in this box and range; ask for a smaller box or a shorter range`);
      for (const r of batch) {
        let fixes = byVessel.get(r.mmsi);
        if (!fixes) {
          if (byVessel.size >= limit) continue;
          byVessel.set(r.mmsi, (fixes = []));
        }
        fixes.push({ t: r.t, lat: r.lat, lon: r.lon });
      }
    }
    const vessels = await describe(store, [...byVessel.keys()], from, to);
    const perVessel = Math.max(MIN_POINTS_PER_VESSEL, Math.floor(MAX_MAP_POINTS / Math.max(1, byVessel.size)));
    const features = [...byVessel].map(([mmsi, fixes]) => {
      const f = trackFeature(mmsi, from, to, fixes, zoom, perVessel);
      const v = vessels.get(mmsi)!;
      return { ...f, properties: { ...f.properties, name: v.name, flag: v.flag, shipType: v.shipType, category: v.category } };
    });
    const body = { type: 'FeatureCollection', features, darkfleet: { from: isoTime(from), to: isoTime(to), positions: read, vessels: features.length, vesselLimitReached: byVessel.size >= limit } };
    return c.body(JSON.stringify(body), 200, { 'Content-Type': 'application/geo+json; charset=utf-8' });
  });
}

/** Name, flag and ship type of each vessel from its latest static report in range (flag from the MID without one). */
async function describe(store: Store, mmsis: number[], from: number, to: number): Promise<Map<number, MapVessel>> {
  const out = new Map<number, MapVessel>();
  for (const mmsi of mmsis) out.set(mmsi, { mmsi, name: null, flag: flagOfMmsi(mmsi), shipType: null, category: 'unknown' });
  // in chunks: an IN list of thousands is one query each, not thousands
  for (let i = 0; i < mmsis.length; i += 1000) {
    for await (const s of store.statics({ mmsi: mmsis.slice(i, i + 1000), from, to })) {
      const v = out.get(s.mmsi)!;
      if (s.name) v.name = s.name;
      if (s.flag) v.flag = s.flag;
      if (s.shipType !== null) {
        v.shipType = s.shipType;
        v.category = shipCategory(s.shipType);
      }
    }
  }
  return out;
}
