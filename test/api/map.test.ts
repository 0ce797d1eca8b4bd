/**
 * The map's routes through `app.request()`: /api/tracks (many vessels' simplified tracks, with
 * flag and ship category, bounded), /api/geography (12 nm line, zones, learned anchorages), and
 * the built web files at `/` (served from a list, with a CSP; the token guards /api only).
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hono } from 'hono';
import { createApp } from '../../src/api/app.js';
import { MAX_MAP_DAYS } from '../../src/api/params.js';
import { openStore } from '../../src/store/index.js';
import type { Store } from '../../src/store/types.js';
import { HIT_MMSI, buildSampleStore } from './sample.js';

interface TrackFc {
  type: string;
  features: { geometry: { type: string; coordinates: unknown[] } | null; properties: { mmsi: number; flag: string | null; category: string; name: string | null; points: number; positions: number; times: number[][] } }[];
  darkfleet: { from: string; to: string; positions: number; vessels: number; vesselLimitReached: boolean };
}

let dir: string;
let webDir: string;
let store: Store;
let app: Hono;

beforeAll(async () => {
  const built = await buildSampleStore();
  dir = built.dir;
  store = await openStore(built.db, { readOnly: true, threads: 1 });
  webDir = mkdtempSync(path.join(tmpdir(), 'darkfleet-web-'));
  mkdirSync(path.join(webDir, 'assets'));
  writeFileSync(path.join(webDir, 'index.html'), '<!doctype html><title>map</title>');
  writeFileSync(path.join(webDir, 'assets', 'index-abc123.js'), 'console.log(1)');
  writeFileSync(path.join(webDir, 'secret.duckdb'), 'not served');
  app = createApp({ store, web: webDir });
});
afterAll(async () => {
  await store?.close();
  for (const d of [dir, webDir]) if (d) rmSync(d, { recursive: true, force: true });
});

describe('GET /api/tracks', () => {
  it('gives every vessel of the sample day with its flag and ship category, simplified to the points asked', async () => {
    const res = await app.request('/api/tracks');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/geo\+json/);
    const fc = (await res.json()) as TrackFc;
    const stats = await store.stats();
    // the default range is the last 24 h of the store: the whole sample day
    expect(fc.darkfleet.positions).toBe(stats.positions);
    expect(fc.darkfleet.vessels).toBe(fc.features.length);
    expect(fc.features.length).toBeGreaterThan(100);
    const hit = fc.features.find((f) => f.properties.mmsi === HIT_MMSI)!;
    expect(hit.properties.name).toBe('MYONG RYU GANG');
    expect(hit.properties.flag).toBe('KP');
    const cats = new Set(fc.features.map((f) => f.properties.category));
    for (const c of ['fishing', 'cargo', 'tanker']) expect(cats).toContain(c);
    // one time per drawn point
    for (const f of fc.features) {
      const n = f.geometry === null ? 0 : f.geometry.type === 'LineString' ? f.geometry.coordinates.length : (f.geometry.coordinates as unknown[][]).reduce((s, l) => s + l.length, 0);
      expect(f.properties.times.flat().length).toBe(n);
    }
    const coarse = (await (await app.request('/api/tracks?zoom=5')).json()) as TrackFc;
    const sum = (x: TrackFc): number => x.features.reduce((s, f) => s + f.properties.points, 0);
    expect(sum(coarse)).toBeLessThan(sum(fc) / 2);
  });
  it('keeps to the box, the range and the vessel limit', async () => {
    const box = (await (await app.request('/api/tracks?bbox=125.2,38.6,125.6,38.9')).json()) as TrackFc;
    const all = (await (await app.request('/api/tracks')).json()) as TrackFc;
    expect(box.features.length).toBeGreaterThan(0);
    expect(box.features.length).toBeLessThan(all.features.length);
    const two = (await (await app.request('/api/tracks?limit=2')).json()) as TrackFc;
    expect(two.features).toHaveLength(2);
    expect(two.darkfleet.vesselLimitReached).toBe(true);
    const hour = (await (await app.request('/api/tracks?from=2026-03-01T12:00:00Z&to=2026-03-01T13:00:00Z')).json()) as TrackFc;
    expect(hour.darkfleet.positions).toBeLessThan(all.darkfleet.positions / 10);
    for (const f of hour.features) for (const t of f.properties.times.flat()) expect(t).toBeGreaterThanOrEqual(Date.parse('2026-03-01T12:00:00Z'));
  });
  it('answers a bad or too large request with a 400 naming the parameter', async () => {
    for (const [q, name] of [
      ['bbox=1,2,3', /^bbox: /],
      ['zoom=40', /^zoom: /],
      ['limit=0', /^limit: /],
      ['limit=99999999', /^limit: /],
      ['from=2026-02-30', /^from: /],
      [`from=2026-01-01&to=2026-01-${String(2 + MAX_MAP_DAYS).padStart(2, '0')}`, new RegExp(`^to: .*longer than ${MAX_MAP_DAYS} days`)],
      ["bbox=' OR 1=1 --", /^bbox: /],
    ] as const) {
      const res = await app.request(`/api/tracks?${q}`);
      expect(res.status, q).toBe(400);
      expect(((await res.json()) as { error: { message: string } }).error.message, q).toMatch(name);
    }
  });
});

describe('GET /api/geography', () => {
  it('holds the 12 nm line, the bundled zones and the anchorages learned from the sample', async () => {
    const res = await app.request('/api/geography');
    expect(res.status).toBe(200);
    const fc = (await res.json()) as { features: { geometry: { type: string }; properties: Record<string, unknown> }[]; darkfleet: Record<string, unknown> };
    const kinds = fc.features.map((f) => `${String(f.properties.kind)}:${f.geometry.type}`);
    expect(kinds.filter((k) => k === 'shore_zone:MultiLineString')).toHaveLength(1);
    expect(fc.features.filter((f) => f.properties.kind === 'zone').map((f) => f.properties.name)).toContain('Nampo port');
    const learned = fc.features.filter((f) => f.properties.kind === 'learned_anchorage');
    expect(learned.length).toBeGreaterThan(0);
    expect(learned.every((f) => f.properties.port === 'Nampo')).toBe(true);
    expect(fc.darkfleet.traffic).toBe('current');
    // built once: the second answer is the same text
    expect(await (await app.request('/api/geography')).text()).toBe(JSON.stringify(fc));
  });
});

describe('the web map at /', () => {
  it('serves the built files with a content policy that keeps the page on this server', async () => {
    const res = await app.request('/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/default-src 'self'/);
    expect(csp).toMatch(/connect-src 'self'/);
    expect(await res.text()).toContain('<title>map</title>');
    const js = await app.request('/assets/index-abc123.js');
    expect(js.status).toBe(200);
    expect(js.headers.get('cache-control')).toMatch(/immutable/);
  });
  it('serves nothing outside the built list: other files, traversal and unknown paths are 404s', async () => {
    for (const p of ['/secret.duckdb', '/../package.json', '/assets/../../package.json', '/%2e%2e/package.json', '/nothing.js']) {
      const res = await app.request(p);
      expect(res.status, p).toBe(404);
    }
  });
  it('with a token: the page needs none (it holds no data), every /api call does', async () => {
    const secured = createApp({ store, token: 'test-token-0123456789abcdef', web: webDir });
    expect((await secured.request('/')).status).toBe(200);
    expect((await secured.request('/api/tracks')).status).toBe(401);
    expect((await secured.request('/api/geography')).status).toBe(401);
    expect((await secured.request('/api/geography', { headers: { Authorization: 'Bearer test-token-0123456789abcdef' } })).status).toBe(200);
  });
  it('keeps the Host guard without a token', async () => {
    expect((await app.request('http://evil.example/')).status).toBe(403);
  });
  it('says how to build the map when it is not built', async () => {
    const bare = createApp({ store, web: path.join(webDir, 'missing') });
    const res = await bare.request('/');
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/npm run build/);
  });
});
