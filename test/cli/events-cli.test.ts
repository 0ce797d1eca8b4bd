/**
 * `darkfleet events`: every filter goes through the one validation (src/query/filters.ts) with
 * a one-line message naming the option and exit code 2; each filter narrows the stored events;
 * no match is "no events match" on stderr with exit code 3.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Event } from '../../src/events.js';
import { EVENT_TYPES } from '../../src/events.js';
import { MAX_LIMIT } from '../../src/query/filters.js';
import { openStore } from '../../src/store/index.js';
import { darkfleet, stats } from './run.js';

const dir = mkdtempSync(path.join(tmpdir(), 'darkfleet-events-cli-'));
const db = path.join(dir, 'events.duckdb');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function ev(id: string, over: Partial<Event>): Event {
  return {
    id,
    type: 'encounter',
    start: '2024-03-01T14:00:00.000Z',
    end: '2024-03-01T18:00:00.000Z',
    mmsi: [412000001, 445123456],
    lat: 38.2,
    lon: 124.6,
    confidence: 0.9,
    flags: ['night', 'outside_territorial_sea'],
    rule: { name: 'encounter', params: {} },
    evidence: {},
    ...over,
  };
}

const EVENTS: Event[] = [
  ev('encounter:a', {}),
  ev('gap:b', { type: 'gap', start: '2024-03-02T00:00:00.000Z', end: '2024-03-02T13:00:00.000Z', mmsi: [412000001], lat: 37.5, lon: 125.5, confidence: 0.6, flags: ['likely_disabling'] }),
  ev('loitering:c', { type: 'loitering', start: '2024-03-03T00:00:00.000Z', end: '2024-03-03T05:00:00.000Z', mmsi: [445123456], lat: 38.9, lon: 124.1, confidence: 0.75, flags: ['night'] }),
];

beforeAll(async () => {
  const store = await openStore(db, { threads: 1 });
  await store.putEvents(EVENTS);
  await store.close();
});

/** ids of the events printed with --format jsonl */
function ids(args: string[]): string[] {
  const r = darkfleet(['events', '--db', db, '--format', 'jsonl', ...args]);
  expect(r.code, r.stderr).toBe(0);
  return r.stdout.trim().split('\n').map((l) => (JSON.parse(l) as Event).id);
}

describe('darkfleet events: each filter', () => {
  it('no filter lists every event; each filter narrows', () => {
    expect(ids([])).toEqual(['encounter:a', 'gap:b', 'loitering:c']);
    expect(ids(['--type', 'gap,loitering'])).toEqual(['gap:b', 'loitering:c']);
    expect(ids(['--mmsi', '445123456'])).toEqual(['encounter:a', 'loitering:c']);
    expect(ids(['--bbox', '125,37,126,38'])).toEqual(['gap:b']);
    expect(ids(['--from', '2024-03-02'])).toEqual(['gap:b', 'loitering:c']);
    expect(ids(['--to', '2024-03-01T23:59:59Z'])).toEqual(['encounter:a']);
    expect(ids(['--from', '2024-03-02T09:00:00+09:00', '--to', '2024-03-02T12:00'])).toEqual(['gap:b']);
    expect(ids(['--flags', 'night'])).toEqual(['encounter:a', 'loitering:c']);
    expect(ids(['--flags', 'night,outside_territorial_sea'])).toEqual(['encounter:a']);
    expect(ids(['--min-confidence', '0.7'])).toEqual(['encounter:a', 'loitering:c']);
    expect(ids(['--min-confidence', '0.7', '--flags', 'night', '--type', 'loitering'])).toEqual(['loitering:c']);
    expect(ids(['--limit', '2'])).toEqual(['encounter:a', 'gap:b']);
  });

  it('every format prints the matches', () => {
    for (const format of ['table', 'geojson', 'csv', 'kml']) {
      const r = darkfleet(['events', '--db', db, '--format', format, '--type', 'gap']);
      expect(r.code, format).toBe(0);
      expect(r.stdout).toContain('gap');
    }
  });
});

describe('darkfleet events: one validation, one line naming the option, exit code 2', () => {
  const cases: [string[], string][] = [
    [['--limit', 'abc'], `darkfleet: --limit: "abc" is not a whole number from 1 to ${MAX_LIMIT}`],
    [['--limit', '-3'], `darkfleet: --limit: "-3" is not a whole number from 1 to ${MAX_LIMIT}`],
    [['--limit', '2.5'], `darkfleet: --limit: "2.5" is not a whole number from 1 to ${MAX_LIMIT}`],
    [['--limit', '0'], `darkfleet: --limit: "0" is not a whole number from 1 to ${MAX_LIMIT}`],
    [['--limit', String(MAX_LIMIT + 1)], `darkfleet: --limit: "${MAX_LIMIT + 1}" is not a whole number from 1 to ${MAX_LIMIT}`],
    [['--type', 'encountr'], `darkfleet: --type: unknown event type "encountr"; one of ${EVENT_TYPES.join(', ')}`],
    [['--type', 'gap,encountr,loiter'], `darkfleet: --type: unknown event types "encountr", "loiter"; one of ${EVENT_TYPES.join(', ')}`],
    [['--from', '2013-11-31'], 'darkfleet: --from: "2013-11-31" is not a valid ISO 8601 date or date-time (e.g. 2024-03-01 or 2024-03-01T14:00:00Z)'],
    [['--to', '2024-02-30T10:00Z'], 'darkfleet: --to: "2024-02-30T10:00Z" is not a valid ISO 8601 date or date-time (e.g. 2024-03-01 or 2024-03-01T14:00:00Z)'],
    [['--from', 'yesterday'], 'darkfleet: --from: "yesterday" is not a valid ISO 8601 date or date-time (e.g. 2024-03-01 or 2024-03-01T14:00:00Z)'],
    [['--from', '2024-03-02', '--to', '2024-03-01'], 'darkfleet: --from: 2024-03-02T00:00:00.000Z is after --to 2024-03-01T00:00:00.000Z'],
    [['--bbox', '1,2,3'], 'darkfleet: --bbox: "1,2,3" is not a box W,S,E,N in degrees (west may exceed east across the antimeridian)'],
    [['--bbox', '120,40,125,35'], 'darkfleet: --bbox: "120,40,125,35" is not a box W,S,E,N in degrees (west may exceed east across the antimeridian)'],
    [['--mmsi', '12345'], 'darkfleet: --mmsi: expected an MMSI of 9 digits'],
    [['--mmsi', 'abc'], 'darkfleet: --mmsi: expected an MMSI of 9 digits'],
    [['--min-confidence', '1.5'], 'darkfleet: --min-confidence: "1.5" is not a number from 0 to 1'],
    [['--min-confidence', 'high'], 'darkfleet: --min-confidence: "high" is not a number from 0 to 1'],
    [['--format', 'xml'], 'darkfleet: --format must be one of table, jsonl, geojson, csv, kml'],
    [['--limt', '3'], "darkfleet: unknown option '--limt' (Did you mean --limit?)"],
    [['--limit'], "darkfleet: option '--limit <n>' argument missing"],
  ];
  for (const [args, message] of cases) {
    it(`events ${args.join(' ')}`, () => {
      const r = darkfleet(['events', '--db', db, ...args]);
      expect(r.code).toBe(2);
      expect(r.errLines).toEqual([message]);
      expect(r.stdout).toBe('');
    });
  }

  it('leaves the store as it was', () => {
    expect(stats(db)).toMatchObject({ events: { encounter: 1, gap: 1, loitering: 1 } });
  });
});

describe('darkfleet events: nothing found', () => {
  it('an empty result says "no events match" on stderr and exits 3, whatever the format', () => {
    for (const args of [['--type', 'spoofing'], ['--mmsi', '999999999'], ['--from', '2025-01-01'], ['--flags', 'tanker_pair'], ['--min-confidence', '0.95'], ['--bbox', '0,0,1,1', '--format', 'geojson']]) {
      const r = darkfleet(['events', '--db', db, ...args]);
      expect(r.code, args.join(' ')).toBe(3);
      expect(r.errLines).toEqual(['darkfleet: no events match']);
      expect(r.stdout).toBe('');
    }
  });
});
