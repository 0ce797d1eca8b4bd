/**
 * The API on a real socket (@hono/node-server): `darkfleet serve` and the loopback tests.
 * `checkBind` is the start-up rule: a non-loopback address needs a token.
 */
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { DarkfleetError, UsageError } from '../errors.js';
import type { Hono } from 'hono';
import { isLoopback } from './auth.js';

/** Shortest token accepted: a guessable token on an open address is no protection. */
export const MIN_TOKEN_LENGTH = 16;

/** Refuses, with one line naming the option, a bind that would expose the store without a token. */
export function checkBind(host: string, token: string | undefined): void {
  if (token !== undefined && token.length < MIN_TOKEN_LENGTH) throw new UsageError(`--token: at least ${MIN_TOKEN_LENGTH} characters (e.g. \`openssl rand -hex 16\`)`);
  if (!isLoopback(host) && token === undefined) {
    throw new UsageError(`--host ${host} is not a loopback address: serving on it needs --token T (or DARKFLEET_TOKEN), and every call then needs Authorization: Bearer T`);
  }
}

export interface RunningServer {
  /** http://host:port */
  url: string;
  port: number;
  close(): Promise<void>;
}

export function startServer(app: Hono, host: string, port: number): Promise<RunningServer> {
  return new Promise((resolve, reject) => {
    let server: ServerType | null = null;
    const onError = (err: NodeJS.ErrnoException): void => {
      reject(new DarkfleetError('serve_listen', `cannot listen on ${host}:${port}: ${err.code ?? err.message}`, { cause: err }));
    };
    server = serve({ fetch: app.fetch, hostname: host, port }, (info: AddressInfo) => {
      server!.off('error', onError);
      const h = info.family === 'IPv6' ? `[${info.address}]` : info.address;
      resolve({
        url: `http://${h}:${info.port}`,
        port: info.port,
        close: () =>
          new Promise<void>((res) => {
            server!.close(() => res());
            if ('closeAllConnections' in server!) server!.closeAllConnections();
          }),
      });
    });
    server.once('error', onError);
  });
}
