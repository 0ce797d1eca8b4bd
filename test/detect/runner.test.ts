import { describe, expect, it } from 'vitest';
import { DarkfleetError } from '../../src/errors.js';
import { createRunner, detectorParams, PROFILES } from '../../src/detect/index.js';
import type { Position } from '../../src/records.js';
import { OFFSHORE, T0, path, testGeo } from './sim.js';

const [LAT, LON] = OFFSHORE;

describe('runner', () => {
  it('counts bad records by reason and keeps going', () => {
    const good = path(412000001, [[T0, LAT, LON], [T0 + 600_000, LAT, LON]], { everyS: 60 });
    const bad: Position[] = [
      { ...good[0]!, t: Number.NaN },
      { ...good[1]!, lat: 91 },
      { ...good[2]!, lat: 0, lon: 0 },
      { ...good[3]!, sog: 102.3 },
    ];
    const r = createRunner({ geo: testGeo() });
    r.push([...bad, ...good.slice(4)]);
    r.flush();
    const st = r.stats;
    expect(st.records).toBe(bad.length + good.length - 4);
    expect(st.rejected).toMatchObject({ bad_time: 1, lat_out_of_range: 1, null_island: 1, bad_speed: 1 });
  });

  it('profiles pin every parameter; overrides are checked', () => {
    expect(Object.keys(PROFILES)).toEqual(['gfw', 'skylight', 'strict']);
    expect(detectorParams('skylight').encounter.maxDistanceM).toBe(250);
    expect(detectorParams('gfw', { encounter: { maxDistanceM: 300 } }).encounter.maxDistanceM).toBe(300);
    expect(() => detectorParams('nope')).toThrow(DarkfleetError);
    expect(() => detectorParams('gfw', { encounter: { maxDistanceM: -1 } })).toThrow(/maxDistanceM/);
    expect(() => detectorParams('gfw', { encounter: { bogus: 1 } as never })).toThrow(/unknown parameter/);
  });

  it('a flushed runner refuses more input', () => {
    const r = createRunner({ geo: testGeo() });
    r.flush();
    expect(() => r.push([])).toThrow(DarkfleetError);
  });

  it('every event follows the DESIGN schema', async () => {
    const { allScenarios } = await import('./scenarios.js');
    const { detect } = await import('./sim.js');
    const events = detect(allScenarios());
    expect(events.length).toBeGreaterThan(10);
    for (const e of events) {
      expect(Object.keys(e).sort()).toEqual(['confidence', 'end', 'evidence', 'flags', 'id', 'lat', 'lon', 'mmsi', 'rule', 'start', 'type'].sort());
      expect(e.start).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{3})?Z$/);
      expect(e.start <= e.end).toBe(true);
      expect(e.mmsi.length === 1 || e.mmsi.length === 2).toBe(true);
      expect(e.confidence).toBeGreaterThan(0);
      expect(e.confidence).toBeLessThanOrEqual(1);
      expect(e.rule.profile).toBe('gfw');
      expect(e.id.startsWith(`${e.type}:${e.mmsi.join('-')}:`)).toBe(true);
    }
  });
});
