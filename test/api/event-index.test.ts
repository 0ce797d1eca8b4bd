/**
 * The in-memory event index (src/query/event-index.ts) answers what the store answers: over the
 * Nampo sample's events plus edge cases added to the same store (several events at one start
 * time across page boundaries, ids ordered by code point beyond the BMP, a place-less event,
 * an event across the antimeridian, three vessels), every filter and page walk is compared
 * with Store.eventPage, with a brute-force filter over all events, and the API's bytes with
 * and without the index.
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hono } from 'hono';
import { createApp } from '../../src/api/app.js';
import { encodeCursor } from '../../src/api/params.js';
import { EVENT_TYPES, type Event } from '../../src/events.js';
import { EventIndex, compareCodePoints } from '../../src/query/event-index.js';
import { openStore } from '../../src/store/index.js';
import type { BBox, EventFilter, EventKey, Store } from '../../src/store/types.js';
import { rng } from '../../src/util/prng.js';
import { HIT_MMSI, buildSampleStore } from './sample.js';

let dir: string;
let db: string;
let store: Store;
let index: EventIndex;
let all: Event[];
let plain: Hono;
let indexed: Hono;

/** Edge cases next to the sample's events (start times within its day). */
function edgeEvents(): Event[] {
  const t = Date.parse('2026-03-01T12:00:00Z');
  const base = (id: string, start: number, over: Partial<Event> = {}): Event => ({
    id,
    type: 'loitering',
    start: new Date(start).toISOString(),
    end: new Date(start + 3_600_000).toISOString(),
    mmsi: [HIT_MMSI],
    lat: 38.5,
    lon: 125,
    confidence: 0.5,
    flags: [],
    rule: { name: 'loitering', profile: 'gfw', params: {} },
    evidence: { note: 'edge case' },
    ...over,
  });
  const out: Event[] = [];
  // seven events at one start: a page of 2 or 3 ends between them; ids in code point order
  // differ from UTF-16 order (U+1F6A2 sorts after U+FF5E by code point, before it by unit)
  for (const s of ['a', 'b', '\uff5e', '\u{1f6a2}', 'c', 'z\u00e9', 'zz']) out.push(base(`loitering:${HIT_MMSI}:2026-03-01T12:00:00Z:${s}`, t));
  out.push(base(`sanctions_hit:${HIT_MMSI}:2026-03-01T12:00:00Z`, t, { type: 'sanctions_hit', lat: null, lon: null, confidence: 1 }));
  out.push(base(`encounter:1-2:2026-03-01T13:00:00Z`, t + 3_600_000, { type: 'encounter', mmsi: [412000001, 412000002], lat: 10, lon: 179.9, flags: ['night'] }));
  out.push(base(`convoy:3:2026-03-01T13:30:00Z`, t + 5_400_000, { type: 'convoy', mmsi: [412000001, 412000003, HIT_MMSI], lat: 10, lon: -179.9, flags: ['night', 'short'] }));
  // a long event starting early: it overlaps a late `from`
  out.push(base(`gap:${HIT_MMSI}:2026-02-27T00:00:00Z`, Date.parse('2026-02-27T00:00:00Z'), { type: 'gap', end: '2026-03-02T00:00:00Z', confidence: 0.95 }));
  return out;
}

beforeAll(async () => {
  const built = await buildSampleStore();
  dir = built.dir;
  db = built.db;
  const rw = await openStore(db, { threads: 1 });
  try {
    await rw.putEvents(edgeEvents());
    expect(rw.frozen).toBe(false);
    expect(await EventIndex.load(rw)).toBeNull();
  } finally {
    await rw.close();
  }
  store = await openStore(db, { readOnly: true, threads: 1 });
  index = (await EventIndex.load(store))!;
  all = await store.events();
  plain = createApp({ store, web: false });
  indexed = createApp({ store, web: false, eventIndex: index });
});
afterAll(async () => {
  await store?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Every event the filter keeps, by the filter's definition (overlap in time, box, every flag). */
function bruteForce(f: EventFilter): Event[] {
  const types = f.type === undefined ? null : typeof f.type === 'string' ? [f.type] : f.type;
  return all.filter((e) => {
    if (types && !types.includes(e.type)) return false;
    if (f.mmsi !== undefined && !e.mmsi.includes(f.mmsi)) return false;
    if (f.from !== undefined && Date.parse(e.end) < Number(f.from)) return false;
    if (f.to !== undefined && Date.parse(e.start) > Number(f.to)) return false;
    if (f.bbox) {
      const [w, s, ea, n] = f.bbox;
      if (e.lat === null || e.lon === null || e.lat < s || e.lat > n) return false;
      if (w <= ea ? e.lon < w || e.lon > ea : e.lon < w && e.lon > ea) return false;
    }
    if (f.flags && !f.flags.every((x) => e.flags.includes(x))) return false;
    if (f.minConfidence !== undefined && !(e.confidence >= f.minConfidence)) return false;
    return true;
  });
}

/** Walks every page of the filter through the index and the store; both must agree page by page. */
async function walk(f: EventFilter, limit: number): Promise<Event[]> {
  const got: Event[] = [];
  let after: EventKey | undefined;
  for (let guard = 0; guard < 10_000; guard++) {
    const q = { ...f, limit, ...(after ? { after } : {}) };
    const a = index.page(q);
    const b = await store.eventPage(q);
    const events = a.json.map((t) => JSON.parse(t) as Event);
    expect(events, JSON.stringify(q)).toEqual(b.events);
    expect(a.next, JSON.stringify(q)).toEqual(b.next);
    got.push(...events);
    if (!a.next) return got;
    after = a.next;
  }
  throw new Error('page walk did not end');
}

describe('EventIndex', () => {
  it('holds every event in the store order; ids by code point as DuckDB sorts them', () => {
    expect(index.size).toBe(all.length);
    expect(index.page({ limit: all.length }).json.map((t) => (JSON.parse(t) as Event).id)).toEqual(all.map((e) => e.id));
    const same = all.filter((e) => Date.parse(e.start) === Date.parse('2026-03-01T12:00:00Z') && e.type === 'loitering' && e.id.startsWith(`loitering:${HIT_MMSI}:2026-03-01T12:00:00Z:`)).map((e) => e.id.slice(e.id.lastIndexOf(':') + 1));
    expect(same).toEqual(['a', 'b', 'c', 'zz', 'z\u00e9', '\uff5e', '\u{1f6a2}']);
    expect(compareCodePoints('\u{1f6a2}', '\uff5e')).toBeGreaterThan(0);
    expect('\u{1f6a2}' < '\uff5e').toBe(true);
  });

  it('pages through ties at one start time with cursors at every page boundary', async () => {
    const f: EventFilter = { type: ['loitering', 'sanctions_hit'], from: Date.parse('2026-03-01T12:00:00Z'), to: Date.parse('2026-03-01T12:00:00Z') };
    const expected = bruteForce(f);
    expect(expected.length).toBeGreaterThanOrEqual(8);
    for (const limit of [1, 2, 3, 7, 8, 100]) expect((await walk(f, limit)).map((e) => e.id)).toEqual(expected.map((e) => e.id));
    // a cursor naming a key not stored (between two ids) starts after it
    const between = { start: Date.parse('2026-03-01T12:00:00Z'), id: `loitering:${HIT_MMSI}:2026-03-01T12:00:00Z:bb` };
    const a = index.page({ ...f, after: between, limit: 2 });
    expect(a.json.map((t) => JSON.parse(t) as Event)).toEqual((await store.eventPage({ ...f, after: between, limit: 2 })).events);
    expect((JSON.parse(a.json[0]!) as Event).id.endsWith(':c')).toBe(true);
  });

  it('filters by type, time, box, MMSI, flags and confidence as a brute-force filter does', async () => {
    const lo = Date.parse(all[0]!.start);
    const hi = Date.parse(all[all.length - 1]!.end);
    const r = rng(3);
    const mmsis = [...new Set(all.flatMap((e) => e.mmsi))];
    const boxes: BBox[] = [[124, 37.5, 125, 38], [179, 0, -179, 20], [-180, -90, 180, 90], [124.5, 38, 124.6, 38.1]];
    const flags = [...new Set(all.flatMap((e) => e.flags))];
    for (let k = 0; k < 60; k++) {
      const f: EventFilter = {};
      if (r() < 0.4) f.type = EVENT_TYPES.filter(() => r() < 0.3);
      if (r() < 0.3) f.mmsi = mmsis[Math.floor(r() * mmsis.length)]!;
      if (r() < 0.5) f.from = Math.floor(lo + r() * (hi - lo));
      if (r() < 0.5) f.to = Math.floor((f.from as number | undefined ?? lo) + r() * (hi - lo));
      if (r() < 0.3) f.bbox = boxes[Math.floor(r() * boxes.length)]!;
      if (r() < 0.2 && flags.length) f.flags = [flags[Math.floor(r() * flags.length)]!];
      if (r() < 0.2) f.minConfidence = Math.round(r() * 100) / 100;
      const expected = bruteForce(f).map((e) => e.id);
      expect((await walk(f, 1 + Math.floor(r() * 40))).map((e) => e.id), JSON.stringify(f)).toEqual(expected);
    }
    // every filter that matches nothing: an unknown flag, an empty type list, a box with no event
    for (const f of [{ flags: ['no_such_flag'] }, { type: [] as string[] }, { bbox: [0, 0, 1, 1] as BBox }]) {
      expect(index.page({ ...f, limit: 10 })).toEqual({ json: [], next: null });
      expect((await store.eventPage({ ...f, limit: 10 })).events).toEqual([]);
    }
    // the long gap starts days before a late `from` and still overlaps it
    const late = { from: Date.parse('2026-03-01T23:00:00Z') };
    expect((await walk(late, 5)).some((e) => e.type === 'gap' && e.start.startsWith('2026-02-27'))).toBe(true);
  });

  it('gives up past its memory budget', async () => {
    expect(await EventIndex.load(store, 1000)).toBeNull();
  });
});

describe('the API with the event index', () => {
  async function same(url: string): Promise<string> {
    const a = await plain.request(url);
    const b = await indexed.request(url);
    const [ta, tb] = [await a.text(), await b.text()];
    expect(b.status, url).toBe(a.status);
    expect(tb, url).toBe(ta);
    expect([...b.headers].sort(), url).toEqual([...a.headers].sort());
    return tb;
  }

  it('answers the same bytes and headers for pages, formats, cursors and ids', async () => {
    const cursor = encodeCursor({ start: Date.parse('2026-03-01T12:00:00Z'), id: `loitering:${HIT_MMSI}:2026-03-01T12:00:00Z:b` });
    for (const url of [
      '/api/events',
      '/api/events?limit=3&type=loitering',
      `/api/events?limit=2&cursor=${cursor}`,
      `/api/events?mmsi=${HIT_MMSI}&limit=1000`,
      '/api/events?bbox=179,0,-179,20',
      '/api/events?from=2026-03-01T10:00:00Z&to=2026-03-01T11:00:00Z&format=geojson&limit=4',
      '/api/events?type=encounter&format=csv&limit=2',
      '/api/events?flags=night&minConfidence=0.5',
      '/api/events?limit=0',
      '/api/events?bbox=1,2,3',
    ]) await same(url);
    let url = '/api/events?limit=37';
    for (;;) {
      const page = JSON.parse(await same(url)) as { next: string | null };
      if (!page.next) break;
      url = `/api/events?limit=37&cursor=${page.next}`;
    }
    for (const e of [all[0]!, all[all.length - 1]!, ...edgeEvents().slice(3, 4)]) {
      await same(`/api/events/${encodeURIComponent(e.id)}`);
    }
    await same(`/api/events/${encodeURIComponent('encounter:1-2:2020-01-01T00:00:00Z')}`);
  });
});
