import { describe, expect, it } from 'vitest';
import type { Position } from '../../src/records.js';
import { CleanCounts, Deduplicator, JumpFilter, checkPosition } from '../../src/track/clean.js';
import { discrepancyNm, haversineNm, penalizedHours, wrapLon } from '../../src/track/discrepancy.js';

const base: Position = { mmsi: 244000001, t: Date.UTC(2024, 0, 1), lat: 52, lon: 4, sog: 10, cog: 90, heading: 90, navStatus: 0, source: 't', msgType: 1 };

describe('checkPosition', () => {
  it('names what is wrong with a fix', () => {
    expect(checkPosition(base)).toBeNull();
    expect(checkPosition({ ...base, lat: 91 })).toBe('lat_out_of_range');
    expect(checkPosition({ ...base, lon: 181 })).toBe('lon_out_of_range');
    expect(checkPosition({ ...base, lat: 0, lon: 0 })).toBe('null_island');
    expect(checkPosition({ ...base, lat: Number.NaN })).toBe('no_position');
    expect(checkPosition({ ...base, t: Number.NaN })).toBe('bad_time');
    expect(checkPosition({ ...base, sog: 102.3 })).toBe('bad_speed');
    expect(checkPosition({ ...base, sog: 51.2 })).toBe('bad_speed');
    expect(checkPosition({ ...base, sog: null })).toBe('no_speed');
    expect(checkPosition({ ...base, sog: null }, { requireSpeed: false })).toBeNull();
    expect(checkPosition({ ...base, cog: null })).toBe('no_course_moving');
    expect(checkPosition({ ...base, cog: null, sog: 0.2 })).toBeNull();
    expect(checkPosition({ ...base, cog: null }, { requireCourse: false })).toBeNull();
  });

  it('tallies reasons', () => {
    const c = new CleanCounts();
    c.add('duplicate');
    c.add('duplicate');
    c.add('bad_speed');
    expect(c.byReason).toEqual({ duplicate: 2, bad_speed: 1 });
    expect(c.total).toBe(3);
  });
});

describe('Deduplicator', () => {
  it('finds the same fix again and a moving fix repeated later, per MMSI, within the window', () => {
    const d = new Deduplicator({ windowHours: 1 });
    expect(d.check(base)).toBeNull();
    expect(d.check({ ...base })).toBe('duplicate');
    expect(d.check({ ...base, t: base.t + 60_000 })).toBe('repeated_fix');
    expect(d.check({ ...base, mmsi: 244000002 })).toBeNull();
    expect(d.check({ ...base, t: base.t + 60_000, lat: 52.001 })).toBeNull();
    expect(d.check({ ...base, t: base.t + 60_000, sog: 10.1 })).toBeNull();
    expect(d.check({ ...base, t: base.t + 2 * 3_600_000 })).toBeNull(); // beyond the window
  });
});

describe('JumpFilter', () => {
  it('flags a lone far-off fix and keeps the track around it', () => {
    const out: [number, string | null][] = [];
    const f = new JumpFilter<string>((p, v) => out.push([p.t, v]));
    const fixes = [0, 1, 2, 3, 4].map((i) => ({ ...base, t: base.t + i * 60_000, lon: base.lon + i * 0.005 }));
    fixes[2] = { ...fixes[2]!, lat: 53 }; // 60 nm off, one minute apart
    for (const p of fixes) f.push('seg', p);
    f.flush();
    expect(out.map(([, v]) => v)).toEqual([null, null, 'impossible_jump', null, null]);
  });
});

describe('discrepancy', () => {
  it('is zero for a fix exactly where dead reckoning puts it, and grows off track', () => {
    const a = { t: 0, lat: 0, lon: 0, sog: 10, cog: 90 };
    // 1 h at 10 kn due east on the equator: 10 nm = 1/6 degree
    const b = { t: 3_600_000, lat: 0, lon: 10 / 60, sog: 10, cog: 90 };
    expect(discrepancyNm(a, b, 1, 4)).toBeCloseTo(0, 2);
    const off = { ...b, lat: 5 / 60 };
    expect(discrepancyNm(a, off, 1, 4)).toBeGreaterThan(4);
    expect(wrapLon(190)).toBe(-170);
    expect(wrapLon(-190)).toBe(170);
    expect(penalizedHours(4, 4, 0.5)).toBe(2);
    expect(haversineNm(0, 0, 1, 0)).toBeCloseTo(60.04, 1);
  });
});
