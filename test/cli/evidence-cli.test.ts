/**
 * `darkfleet evidence EVENT_ID`: the input lines behind an event as a table or JSON; exit 3 for
 * an event the store does not hold, 2 for what is no event id or a bad --format.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Event } from '../../src/events.js';
import type { EventEvidence } from '../../src/query/evidence.js';
import { openStore } from '../../src/store/index.js';
import { SAMPLE } from '../api/sample.js';
import { darkfleet } from './run.js';

const dir = mkdtempSync(path.join(tmpdir(), 'darkfleet-evidence-cli-'));
const db = path.join(dir, 'e.duckdb');
const input = path.join(dir, 'part.nmea');
let event: Event;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

beforeAll(async () => {
  writeFileSync(input, `${readFileSync(SAMPLE, 'utf8').split('\n').slice(0, 3000).join('\n')}\n`);
  expect(darkfleet(['ingest', input, '--db', db, '-q']).code).toBe(0);
  const store = await openStore(db, { threads: 1 });
  try {
    const ps = [];
    for await (const p of store.positions()) ps.push(p);
    const st = [];
    for await (const s of store.statics()) st.push(s);
    const s5 = st.find((s) => s.imo !== null)!;
    event = {
      id: `identity_change:${s5.mmsi}:2026-03-01T00:00:00Z`,
      type: 'identity_change',
      start: '2026-03-01T00:00:00Z',
      end: '2026-03-01T01:00:00Z',
      mmsi: [s5.mmsi],
      lat: null,
      lon: null,
      confidence: 0.8,
      flags: [],
      rule: { name: 'identity_change', params: {} },
      evidence: { statics: [`${s5.mmsi}:${s5.t}`], positionIds: [`${ps[10]!.mmsi}:${ps[10]!.t}`] },
    };
    await store.putEvents([event]);
  } finally {
    await store.close();
  }
}, 120_000);

describe('darkfleet evidence', () => {
  it('prints each record with its file:line and the line as read (table), or the JSON the API serves', () => {
    const lines = readFileSync(input, 'utf8').split('\n');
    const json = darkfleet(['evidence', event.id, '--db', db, '--format', 'json']);
    expect(json.code).toBe(0);
    const ev = JSON.parse(json.stdout) as EventEvidence;
    expect(ev.id).toBe(event.id);
    expect(ev.records.map((r) => r.kind)).toEqual(['position', 'static']);
    for (const r of ev.records) {
      expect(r.problem).toBeNull();
      expect(r.source.path).toBe(input);
      expect(r.text!.split('\n')[0]).toBe(lines[r.lineNo! - 1]);
    }
    // the type 5 report: both its sentences
    expect(ev.records[1]!.text!.split('\n')).toEqual([lines[ev.records[1]!.lineNo! - 1], expect.stringContaining('!AIVDM,2,2,')]);
    const table = darkfleet(['evidence', event.id, '--db', db]);
    expect(table.code).toBe(0);
    expect(table.stdout).toContain(`Evidence of ${event.id}: 2 records`);
    expect(table.stdout).toContain(`${input}:${ev.records[0]!.lineNo}`);
    expect(table.stdout).toContain(`  ${ev.records[0]!.text}`);
  });

  it('exits 3 for an event the store does not hold and 2 for what is no event id or a bad format', () => {
    const none = darkfleet(['evidence', 'gap:412000001:2020-01-01T00:00:00Z', '--db', db]);
    expect(none.code).toBe(3);
    expect(none.errLines).toEqual(['darkfleet: event "gap:412000001:2020-01-01T00:00:00Z" is not in this store']);
    const bad = darkfleet(['evidence', "x'; DROP TABLE events; --", '--db', db]);
    expect(bad.code).toBe(2);
    expect(bad.errLines[0]).toMatch(/^darkfleet: id: .* is not an event id/);
    expect(darkfleet(['evidence', event.id, '--db', db, '--format', 'csv']).code).toBe(2);
    expect(darkfleet(['evidence', event.id, '--db', path.join(dir, 'missing.duckdb')]).code).toBe(1);
  });
});
