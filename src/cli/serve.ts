/**
 * `darkfleet serve [--db] [--host 127.0.0.1] [--port 8080] [--token T]`: the HTTP API and the
 * web map (at `/`) over a store opened read-only. Binds 127.0.0.1 by default; any other address needs a token (or
 * DARKFLEET_TOKEN) and is refused at start without one (exit 2). Prints one JSON line with the
 * URL on stdout, logs on stderr; SIGINT or SIGTERM stops it.
 */
import type { Command } from 'commander';
import { DEFAULT_DB, openStore } from '../store/index.js';
import { UsageError } from '../errors.js';
import { createApp } from '../api/app.js';
import { checkBind, startServer } from '../api/server.js';
import { EventIndex } from '../query/event-index.js';

export interface ServeOptions {
  db: string;
  host: string;
  port: string;
  token?: string;
}

export async function runServe(opts: ServeOptions, stop: Promise<unknown>): Promise<void> {
  const token = opts.token ?? (process.env.DARKFLEET_TOKEN || undefined);
  checkBind(opts.host, token);
  if (!/^\d{1,5}$/.test(opts.port) || Number(opts.port) > 65535) throw new UsageError(`--port: "${opts.port}" is not a port number (0-65535; 0 picks a free one)`);
  const store = await openStore(opts.db, { readOnly: true });
  try {
    // a read-only DuckDB file cannot change while served: its events are read once, and pages come from memory
    const eventIndex = await EventIndex.load(store);
    if (store.frozen && !eventIndex) process.stderr.write(`darkfleet serve: the store's events exceed the in-memory index budget; event pages are read from the store\n`);
    const app = createApp({
      store,
      eventIndex,
      ...(token !== undefined ? { token } : {}),
      onInternalError: (err, req) => process.stderr.write(`darkfleet serve: ${req.method} ${req.url}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`),
    });
    const server = await startServer(app, opts.host, Number(opts.port));
    process.stdout.write(`${JSON.stringify({ url: `${server.url}/api/`, map: `${server.url}/`, db: opts.db, readOnly: true, auth: token !== undefined ? 'bearer' : 'none' })}\n`);
    process.stderr.write(`darkfleet serve: map ${server.url}/${token !== undefined ? '#token=<token>' : ''}, API ${server.url}/api/openapi.json (store ${opts.db}, read-only; Ctrl-C stops)\n`);
    await stop;
    await server.close();
  } finally {
    await store.close();
  }
}

export function register(program: Command): void {
  program
    .command('serve')
    .description('serve the HTTP API and the web map over a store, read-only (127.0.0.1 by default; other addresses need a token)')
    .option('--db <path>', 'store file', DEFAULT_DB)
    .option('--host <address>', 'address to bind', '127.0.0.1')
    .option('--port <n>', 'port (0: any free one)', '8080')
    .option('--token <token>', 'require Authorization: Bearer <token> (default: $DARKFLEET_TOKEN)')
    .action(async (opts: ServeOptions) => {
      const stop = new Promise((res) => {
        process.once('SIGINT', res);
        process.once('SIGTERM', res);
      });
      await runServe(opts, stop);
    });
}
