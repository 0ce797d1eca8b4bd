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

  it('forgets before a save only what no later fix can repeat: the same verdicts after it, fewer slots kept', () => {
    // 300 vessels reporting every 10 min for 6 h, some fixes repeated 5-50 min later; a save at 4 h
    const fixes: Position[] = [];
    for (let k = 0; k < 36; k++) {
      for (let v = 0; v < 300; v++) {
        const p = { ...base, mmsi: 244000000 + v, t: base.t + k * 600_000 + v * 1000, lat: 52 + v * 0.01, lon: 4 + k * 0.02 };
        fixes.push(p);
        if ((v + k) % 7 === 0) fixes.push({ ...p, t: p.t + ((v % 10) + 1) * 300_000 });
        // and some past the window: the slot found is stale, the fix goes in anew
        if ((v + k) % 11 === 0) fixes.push({ ...p, t: p.t + 75 * 60_000 });
      }
    }
    fixes.sort((a, b) => a.t - b.t);
    const at = base.t + 4 * 3_600_000;
    const whole = new Deduplicator({ windowHours: 1 });
    const saved = new Deduplicator({ windowHours: 1 });
    const used = (d: Deduplicator): number => {
      const tb = (d as unknown as { table: Float64Array }).table;
      let n = 0;
      for (let i = 1; i < tb.length; i += 2) if (tb[i] !== -1) n++;
      return n;
    };
    let forgot = false;
    let before = 0;
    let after = 0;
    const verdicts: [string | null, string | null][] = [];
    for (const p of fixes) {
      if (!forgot && p.t >= at) {
        before = used(saved);
        saved.forget(at);
        after = used(saved);
        forgot = true;
      }
      verdicts.push([whole.check(p), saved.check(p)]);
    }
    expect(verdicts.filter(([a, b]) => a !== b)).toEqual([]);
    expect(verdicts.filter(([a]) => a === 'repeated_fix').length).toBeGreaterThan(500);
    // what is kept: each vessel's last 16 fixes (its region's ring), then the last hour's
    expect(before).toBeGreaterThan(4500);
    expect(before).toBeLessThanOrEqual(300 * 16);
    expect(after).toBeGreaterThan(1500);
    expect(after).toBeLessThan(before / 2);
  });
});

describe('Deduplicator regions', () => {
  it("remembers each vessel's last 16 distinct fixes, whatever the other vessels send meanwhile", () => {
    const d = new Deduplicator();
    const fixOf = (v: number, k: number): Position => ({ ...base, mmsi: 244000000 + v, t: base.t + k * 10_000, lat: 52 + v * 0.01, lon: 4 + k * 0.001 });
    // 2,000 vessels, 40 fixes each, interleaved; then each repeats its fix of 16 and of 17 fixes back
    for (let k = 0; k < 40; k++) for (let v = 0; v < 2000; v++) expect(d.check(fixOf(v, k))).toBeNull();
    let found = 0;
    let forgotten = 0;
    for (let v = 0; v < 2000; v++) {
      if (d.check({ ...fixOf(v, 40 - 16), t: base.t + 41 * 10_000 }) === 'repeated_fix') found++;
      if (d.check({ ...fixOf(v, 40 - 17), t: base.t + 41 * 10_000 }) === null) forgotten++;
    }
    // a few vessels share a region (2,000 of 32,768): those remember less
    expect(found).toBeGreaterThan(1900);
    expect(forgotten).toBe(2000);
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
