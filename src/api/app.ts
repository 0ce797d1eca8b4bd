/**
 * The darkfleet HTTP API as a Hono app: a function from Request to Response over an open
 * (read-only) store, tested through `app.request()` without a server (STYLE.md, Hono).
 *
 * In front of every route, in this order: the request target's length (414), the method (only
 * GET and HEAD: the API has no write route, 405), the Host (without a token, only a loopback
 * name: a page elsewhere cannot reach this server through DNS rebinding, 403), the bearer token
 * when one is set (401) on every /api route. The web map's own files (routes/static.ts) hold
 * no data and are served at `/` without the token, so a browser can open the page; the page
 * sends the token with each API call. Routes throw darkfleet errors; `errorResponse` (errors.ts) is the one
 * place they become HTTP statuses, and an unknown route is a JSON 404.
 */
import { Hono } from 'hono';
import type { EventIndex } from '../query/event-index.js';
import type { Store } from '../store/types.js';
import { VERSION } from '../version.js';
import { apiError, errorResponse } from './errors.js';
import { bearerAuth, loopbackHostOnly } from './auth.js';
import { MAX_URL_LENGTH } from './params.js';
import { eventRoutes } from './routes/events.js';
import { vesselRoutes } from './routes/vessels.js';
import { metaRoutes } from './routes/meta.js';
import { mapRoutes } from './routes/map.js';
import { staticRoutes } from './routes/static.js';
import { alertRoutes } from './routes/alerts.js';
import type { AlertHub } from '../live/alerts.js';

export interface ApiOptions {
  store: Store;
  /** when set, every call needs `Authorization: Bearer <token>` */
  token?: string;
  /** accept only loopback names in Host; default: when there is no token */
  loopbackHostOnly?: boolean;
  /** the built web map served at `/`: default web/dist of the package; a folder; false: API only */
  web?: string | false;
  /** live alerts for /api/alerts (server-sent events): the hub of the process running the detectors; without one the route says so (404) */
  alerts?: AlertHub;
  /** told of every 5xx with the error behind it (the server logs it; the client sees no detail) */
  onInternalError?: (err: unknown, req: Request) => void;
  /** the store's events in memory (src/query/event-index.ts, only for a frozen store): event pages and ids answered from it */
  eventIndex?: EventIndex | null;
}

export function createApp(o: ApiOptions): Hono {
  const app = new Hono();
  app.use('*', async (c, next) => {
    // answers are data, never a page a browser should guess the type of
    c.header('X-Content-Type-Options', 'nosniff');
    if (c.req.url.length > MAX_URL_LENGTH) throw apiError('uri_too_long', `request target longer than ${MAX_URL_LENGTH} characters`);
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') throw apiError('method_not_allowed', `${c.req.method}: this API is read-only; only GET and HEAD`);
    await next();
  });
  if (o.loopbackHostOnly ?? !o.token) app.use('*', loopbackHostOnly());
  if (o.token !== undefined) app.use('/api/*', bearerAuth(o.token));

  eventRoutes(app, o.store, o.eventIndex ?? null);
  vesselRoutes(app, o.store);
  metaRoutes(app, o.store, VERSION);
  mapRoutes(app, o.store);
  alertRoutes(app, o.alerts);
  if (o.web !== false) staticRoutes(app, typeof o.web === 'string' ? o.web : undefined);

  app.notFound((c) => {
    const { status, body } = errorResponse(apiError('not_found', `no route ${c.req.method} ${new URL(c.req.url).pathname.slice(0, 200)}; see /api/openapi.json`));
    return c.json(body, status as 404);
  });
  app.onError((err, c) => {
    const r = errorResponse(err);
    if (r.internal) o.onInternalError?.(err, c.req.raw);
    for (const [k, v] of Object.entries(r.headers)) c.header(k, v);
    return c.json(r.body, r.status as 400);
  });
  return app;
}
