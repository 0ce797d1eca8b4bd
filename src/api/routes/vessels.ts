/**
 * GET /api/vessels?q= (search), /api/vessels/:mmsi (the dossier, src/query/dossier.ts) and
 * /api/vessels/:mmsi/track (GeoJSON, src/api/track.ts). An MMSI the store never saw is a 404
 * saying so, never an empty dossier with a clean score.
 */
import type { Hono } from 'hono';
import type { Store } from '../../store/types.js';
import { DOSSIER_MAX_EVENTS, dossierJson, vesselDossier } from '../../query/dossier.js';
import { isoTime } from '../../events.js';
import { apiError } from '../errors.js';
import { queryParams } from '../openapi.js';
import { DEFAULT_SEARCH, MAX_SEARCH, mmsiParam, pageSize, searchText, strictQuery, trackRange, zoomParam } from '../params.js';
import { trackFeature, type Fix } from '../track.js';

const iso = (t: number | null): string | null => (t === null ? null : isoTime(t));

function notInStore(mmsi: number): never {
  throw apiError('not_found', `mmsi: ${mmsi} is not in this store (no positions, static reports, events or screening hits)`);
}

export function vesselRoutes(app: Hono, store: Store): void {
  app.get('/api/vessels', async (c) => {
    const p = strictQuery(c.req.queries(), queryParams('/api/vessels'));
    const q = searchText(p.q);
    const limit = pageSize(p.limit, 'limit', DEFAULT_SEARCH, MAX_SEARCH);
    const found = await store.searchVessels(q, limit);
    return c.json({ vessels: found.map((v) => ({ ...v, firstSeen: iso(v.firstSeen), lastSeen: iso(v.lastSeen) })) });
  });

  app.get('/api/vessels/:mmsi', async (c) => {
    strictQuery(c.req.queries(), queryParams('/api/vessels/{mmsi}'));
    const mmsi = mmsiParam(c.req.param('mmsi'));
    const d = await vesselDossier(store, { mmsi }, { maxEvents: DOSSIER_MAX_EVENTS });
    if (!d) notInStore(mmsi);
    return c.json({ mmsi, ...dossierJson(d) });
  });

  app.get('/api/vessels/:mmsi/track', async (c) => {
    const p = strictQuery(c.req.queries(), queryParams('/api/vessels/{mmsi}/track'));
    const mmsi = mmsiParam(c.req.param('mmsi'));
    const zoom = zoomParam(p.zoom);
    // parameters are checked before the store is asked anything
    let range = trackRange(p.from, p.to, 0);
    if (p.from === undefined && p.to === undefined) {
      // the vessel's last 24 hours of data
      const seen = await store.vesselSeen(mmsi);
      if (!seen) notInStore(mmsi);
      range = trackRange(undefined, undefined, seen.lastSeen ?? 0);
    }
    const { from, to } = range;
    const pts = await store.track(mmsi, from, to);
    if (pts.t.length === 0 && !(await store.vesselSeen(mmsi))) notInStore(mmsi);
    const fixes: Fix[] = Array.from(pts.t, (t, i) => ({ t, lat: pts.lat[i]!, lon: pts.lon[i]! }));
    return c.body(JSON.stringify(trackFeature(mmsi, from, to, fixes, zoom)), 200, { 'Content-Type': 'application/geo+json; charset=utf-8' });
  });
}
