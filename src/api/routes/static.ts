/**
 * The web map (web/, built by Vite into web/dist, shipped in the package) served at `/`.
 * The built files are listed once at start and answered from memory: only a name in that list
 * is ever read, so no request path reaches the file system (no traversal to guard against).
 * The page holds no data, so with a token it is served without one (a browser cannot add a
 * header to the address bar); every /api call it makes carries the token (`#token=` in the
 * address, kept by the page). The Host guard applies as to the API. A Content-Security-Policy
 * keeps the page to this server: nothing it loads or calls can leave the machine.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Hono } from 'hono';
import { apiError } from '../errors.js';

/** Where `npm run build` puts the map (same relative place from src/api/routes and dist/api/routes). */
export const WEB_DIST = fileURLToPath(new URL('../../../web/dist', import.meta.url));

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

/**
 * The page may load and call only this origin; MapLibre's workers start from blob: URLs and its
 * canvas reads data:/blob: images. Inline styles are MapLibre's own (element positioning).
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "worker-src 'self' blob:",
  "child-src 'self' blob:",
  "img-src 'self' data: blob:",
  "style-src 'self' 'unsafe-inline'",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
].join('; ');

interface StaticFile {
  body: Uint8Array;
  type: string;
  /** Vite names assets by content hash: they never change under one name */
  immutable: boolean;
}

function listFiles(dir: string, prefix = ''): Map<string, StaticFile> {
  const out = new Map<string, StaticFile>();
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    const rel = `${prefix}/${name}`;
    if (statSync(full).isDirectory()) {
      for (const [k, v] of listFiles(full, rel)) out.set(k, v);
      continue;
    }
    const type = TYPES[path.extname(name).toLowerCase()];
    if (!type) continue;
    out.set(rel, { body: readFileSync(full), type, immutable: rel.startsWith('/assets/') });
  }
  return out;
}

/** Serves the built map at `/` (index.html) and its files; without a build, `/` says how to make one. */
export function staticRoutes(app: Hono, dir = WEB_DIST): void {
  let files: Map<string, StaticFile>;
  try {
    files = listFiles(dir);
  } catch {
    files = new Map();
  }
  app.get('*', async (c, next) => {
    const p = new URL(c.req.url).pathname;
    if (p.startsWith('/api/')) return next();
    const f = files.get(p === '/' ? '/index.html' : p);
    if (!f) {
      if (p === '/' || p === '/index.html') throw apiError('not_found', `the web map is not built in ${dir}: run \`npm run build\``);
      return next();
    }
    c.header('Content-Type', f.type);
    c.header('Cache-Control', f.immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
    if (f.type.startsWith('text/html')) {
      c.header('Content-Security-Policy', CONTENT_SECURITY_POLICY);
      c.header('Referrer-Policy', 'no-referrer');
    }
    return c.body(f.body as Uint8Array<ArrayBuffer>);
  });
}
