/**
 * Who may call the API. `darkfleet serve` binds 127.0.0.1 unless told otherwise; any other
 * address needs a token, and then every call carries `Authorization: Bearer <token>`, compared
 * in constant time (both sides hashed to the same length first, so neither the content nor the
 * length of the token leaks through timing). Without a token, only loopback Host names are
 * answered, so a web page elsewhere cannot reach a local server by DNS rebinding.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { apiError } from './errors.js';

/** 127.0.0.0/8, ::1 and localhost: the addresses no other machine can reach. */
export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

function digest(s: string): Buffer {
  return createHash('sha256').update(s, 'utf8').digest();
}

/** true when `given` equals `token`, in time that depends on neither. */
export function tokenMatches(given: string, token: string): boolean {
  return timingSafeEqual(digest(given), digest(token));
}

export function bearerAuth(token: string): MiddlewareHandler {
  return async (c, next) => {
    const h = c.req.header('authorization');
    const m = h ? /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(h) : null;
    if (!m) throw apiError('unauthorized', 'this server needs Authorization: Bearer <token>');
    if (!tokenMatches(m[1]!, token)) throw apiError('unauthorized', 'wrong bearer token');
    await next();
  };
}

export function loopbackHostOnly(): MiddlewareHandler {
  return async (c, next) => {
    const host = new URL(c.req.url).hostname;
    if (!isLoopback(host)) throw apiError('forbidden', `Host ${JSON.stringify(host.slice(0, 100))} is not a loopback name; a server without a token answers only localhost, 127.0.0.1 and [::1]`);
    await next();
  };
}
