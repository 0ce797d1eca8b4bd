/** GET /api/stats (what the store holds, cached: the store is read-only) and GET /api/openapi.json. */
import type { Hono } from 'hono';
import type { Store, StoreStats } from '../../store/types.js';
import { isoTime } from '../../events.js';
import { openApiDocument, queryParams } from '../openapi.js';
import { strictQuery } from '../params.js';

/** How long a stats answer is reused: the store is opened read-only, so it changes only if reopened. */
const STATS_TTL_MS = 60_000;

export function metaRoutes(app: Hono, store: Store, version: string): void {
  let cached: { at: number; value: Promise<StoreStats & { timeRange: { from: string; to: string } | null; version: string }> } | null = null;
  const doc = openApiDocument(version);

  app.get('/api/stats', async (c) => {
    strictQuery(c.req.queries(), queryParams('/api/stats'));
    const now = performance.now();
    if (!cached || now - cached.at > STATS_TTL_MS) {
      const value = (async () => {
        const [stats, range] = [await store.stats(), await store.timeRange()];
        return { ...stats, timeRange: range ? { from: isoTime(range.from), to: isoTime(range.to) } : null, version };
      })();
      cached = { at: now, value };
      // a failed answer is not kept
      value.catch(() => {
        if (cached?.value === value) cached = null;
      });
    }
    return c.json(await cached.value);
  });

  app.get('/api/openapi.json', (c) => {
    strictQuery(c.req.queries(), queryParams('/api/openapi.json'));
    return c.json(doc);
  });
}
