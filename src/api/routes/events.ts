/**
 * GET /api/events (filtered, paged by an opaque keyset cursor on (start, id); JSON, GeoJSON or
 * CSV through src/export/geojson.ts and csv.ts), GET /api/events/:id, and GET /api/events/:id/raw
 * (the input lines behind it, src/query/evidence.ts). Filters go through the one
 * validation the CLI uses (src/query/filters.ts, style 'api'). With an event index (a frozen
 * store's events in memory, src/query/event-index.ts) pages and ids are answered from it, the
 * same bytes as from the store.
 */
import type { Hono } from 'hono';
import { parseEventQuery } from '../../query/filters.js';
import { eventEvidence } from '../../query/evidence.js';
import { formatCsv } from '../../export/csv.js';
import { formatGeoJson } from '../../export/geojson.js';
import type { Event } from '../../events.js';
import type { EventIndex } from '../../query/event-index.js';
import type { EventKey, EventPageQuery, Store } from '../../store/types.js';
import { apiError } from '../errors.js';
import { queryParams } from '../openapi.js';
import { DEFAULT_PAGE, MAX_PAGE, checkFlags, decodeCursor, encodeCursor, eventIdParam, formatParam, pageSize, strictQuery } from '../params.js';

/** A page as JSON texts of its events (from the index) or as events (from the store). */
type Page = { json: string[]; events?: undefined; next: EventKey | null } | { events: Event[]; json?: undefined; next: EventKey | null };

export function eventRoutes(app: Hono, store: Store, index: EventIndex | null = null): void {
  const allowed = queryParams('/api/events');
  const pageOf = async (q: EventPageQuery): Promise<Page> => (index ? index.page(q) : await store.eventPage(q));
  const eventOf = async (id: string): Promise<Event | null> => {
    if (!index) return store.event(id);
    const text = index.eventJson(id);
    return text === null ? null : (JSON.parse(text) as Event);
  };

  app.get('/api/events', async (c) => {
    const { cursor, format: fmt, limit, ...filters } = strictQuery(c.req.queries(), allowed);
    const q = parseEventQuery(filters, 'api');
    checkFlags(q.flags);
    const size = pageSize(limit, 'limit', DEFAULT_PAGE, MAX_PAGE);
    const format = formatParam(fmt);
    const after = cursor ? decodeCursor(cursor) : undefined;
    const page = await pageOf({
      ...(q.type ? { type: q.type } : {}),
      ...(q.mmsi !== undefined ? { mmsi: q.mmsi } : {}),
      ...(q.bbox ? { bbox: q.bbox } : {}),
      ...(q.from !== undefined ? { from: q.from } : {}),
      ...(q.to !== undefined ? { to: q.to } : {}),
      ...(q.flags?.length ? { flags: q.flags } : {}),
      ...(q.minConfidence !== undefined ? { minConfidence: q.minConfidence } : {}),
      ...(after ? { after } : {}),
      limit: size,
    });
    const next = page.next ? encodeCursor(page.next) : null;
    // the index's texts joined are what JSON.stringify of the page writes
    if (format === 'json') {
      if (page.json) return c.body(`{"events":[${page.json.join(',')}],"next":${JSON.stringify(next)}}`, 200, { 'Content-Type': 'application/json' });
      return c.json({ events: page.events, next });
    }
    const events = page.events ?? page.json.map((t) => JSON.parse(t) as Event);
    if (next) {
      const u = new URL(c.req.url);
      u.searchParams.set('cursor', next);
      c.header('Link', `<${u.pathname}${u.search}>; rel="next"`);
    }
    if (format === 'geojson') return c.body(formatGeoJson(events), 200, { 'Content-Type': 'application/geo+json; charset=utf-8' });
    return c.body(`${formatCsv(events)}\n`, 200, { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': 'inline; filename="events.csv"' });
  });

  app.get('/api/events/:id', async (c) => {
    strictQuery(c.req.queries(), queryParams('/api/events/{id}'));
    const id = eventIdParam(c.req.param('id'));
    const text = index?.eventJson(id);
    if (text) return c.body(text, 200, { 'Content-Type': 'application/json' });
    const e = index ? null : await store.event(id);
    if (!e) throw apiError('not_found', `id: event ${JSON.stringify(id.slice(0, 200))} is not in this store`);
    return c.json(e);
  });

  app.get('/api/events/:id/raw', async (c) => {
    strictQuery(c.req.queries(), queryParams('/api/events/{id}/raw'));
    const id = eventIdParam(c.req.param('id'));
    const e = await eventOf(id);
    if (!e) throw apiError('not_found', `id: event ${JSON.stringify(id.slice(0, 200))} is not in this store`);
    return c.json(await eventEvidence(store, e));
  });
}
