/**
 * GET /api/alerts: the live alerts as server-sent events (text/event-stream), from the
 * AlertHub of the process that runs the detectors (`darkfleet watch --serve`). Each alert is one
 * `data:` line holding the event's JSON with `id:` its number, so a client (EventSource) that
 * reconnects sends Last-Event-ID and first gets the alerts it missed that the hub still keeps.
 * Filters are the event filters that apply to one event (type, mmsi, flags, minConfidence),
 * validated as /api/events validates them. A subscriber that falls behind loses its oldest
 * alerts, said in a `dropped` event with the count; a comment every 15 s keeps proxies open.
 */
import type { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { UsageError } from '../../errors.js';
import type { AlertFilter, AlertHub } from '../../live/alerts.js';
import { parseEventQuery } from '../../query/filters.js';
import { apiError } from '../errors.js';
import { queryParams } from '../openapi.js';
import { checkFlags, strictQuery } from '../params.js';

export const KEEPALIVE_MS = 15_000;

export function alertRoutes(app: Hono, hub: AlertHub | undefined): void {
  const allowed = queryParams('/api/alerts');
  app.get('/api/alerts', (c) => {
    const q = parseEventQuery(strictQuery(c.req.queries(), allowed), 'api');
    checkFlags(q.flags);
    if (!hub) throw apiError('not_found', 'no live alerts on this server: they stream from the process that runs the detectors (darkfleet watch INPUT --serve)');
    const last = c.req.header('Last-Event-ID');
    if (last !== undefined && !/^\d{1,15}$/.test(last)) throw new UsageError('Last-Event-ID: expected the id of an alert received before (a number)');
    const filter: AlertFilter = {
      ...(q.type ? { types: q.type } : {}),
      ...(q.mmsi !== undefined ? { mmsi: q.mmsi } : {}),
      ...(q.flags?.length ? { flags: q.flags } : {}),
      ...(q.minConfidence !== undefined ? { minConfidence: q.minConfidence } : {}),
    };
    const sub = hub.subscribe(filter, last === undefined ? undefined : Number(last));
    return streamSSE(c, async (stream) => {
      stream.onAbort(() => sub.close());
      // the headers and a first line go out at once: the client knows it is subscribed
      await stream.write(': darkfleet live alerts\n\n');
      let reported = 0;
      while (!sub.closed && !stream.aborted) {
        await sub.wait(KEEPALIVE_MS);
        const batch = sub.take();
        if (sub.dropped > reported) {
          reported = sub.dropped;
          await stream.writeSSE({ event: 'dropped', data: JSON.stringify({ dropped: reported }) });
        }
        for (const a of batch) await stream.writeSSE({ id: String(a.seq), data: JSON.stringify(a.event) });
        if (batch.length === 0 && !sub.closed) await stream.write(': keep-alive\n\n');
      }
      sub.close();
    });
  });
}
