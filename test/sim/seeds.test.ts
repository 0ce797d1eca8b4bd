/** Fresh seeds: the generator's guarantees hold for any seed, not just the one we looked at. */
import { describe, expect, it } from 'vitest';
import { decodeScenario, within } from './helpers.js';
import { loadLand } from '../../src/sim/land.js';
import { distanceM } from '../../src/sim/geodesy.js';

const H = 3600000;

describe.each([11, 12, 13])('seed %i', (seed) => {
  it('decodes cleanly, stays at sea, and its planted pairs and gaps are real', () => {
    const d = decodeScenario({ seed, hours: 30, vessels: 90, intervalS: 240 });
    expect(d.rejects).toEqual({ checksum: d.truth.stats.malformedLines });
    const land = loadLand();
    const onl = d.truth.events.find((e) => e.kind === 'on_land')!;
    for (const p of d.positions) {
      const spoofed = p.mmsi === onl.mmsi[0] && p.t >= Date.parse(onl.start) && p.t < Date.parse(onl.end);
      expect(land.isLand(p.lat, p.lon)).toBe(spoofed);
    }
    const enc = d.truth.events.filter((e) => e.type === 'encounter');
    expect(enc.length).toBeGreaterThanOrEqual(2);
    for (const e of enc) {
      const a = within(d.byMmsi.get(e.mmsi[0]!), e.start, e.end);
      const b = within(d.byMmsi.get(e.mmsi[1]!), e.start, e.end);
      const [q, l] = a.length < b.length ? [a, b] : [b, a];
      expect(q.length).toBeGreaterThanOrEqual(3);
      for (const f of q) {
        const g = l.reduce((x, y) => (Math.abs(y.t - f.t) < Math.abs(x.t - f.t) ? y : x));
        if (Math.abs(g.t - f.t) < 10 * 60000) expect(distanceM(f, g)).toBeLessThan(500);
        expect(f.sog).toBeLessThan(2);
      }
    }
    const gapped = new Set(d.truth.events.filter((e) => e.type === 'gap').map((e) => e.mmsi[0]));
    expect(gapped.size).toBeGreaterThanOrEqual(1);
    for (const [m, f] of d.byMmsi) {
      let longest = 0;
      for (let k = 1; k < f.length; k++) longest = Math.max(longest, f[k]!.t - f[k - 1]!.t);
      expect(longest >= 12 * H, `mmsi ${m}`).toBe(gapped.has(m));
    }
  });
});

describe('short and long scenarios', () => {
  it.each([1, 2, 5, 6, 7, 9])('%i h builds, with what fits in it', (hours) => {
    const d = decodeScenario({ seed: 21, hours, vessels: 45, intervalS: 600 });
    expect(d.positions.length).toBeGreaterThan(100);
    expect(d.rejects).toEqual({ checksum: d.truth.stats.malformedLines });
    for (const e of d.truth.events) {
      expect(Date.parse(e.start)).toBeLessThanOrEqual(Date.parse(e.end));
      expect(Date.parse(e.end)).toBeLessThanOrEqual(Date.parse(d.truth.start) + hours * H + 20 * 60000);
    }
    expect(d.truth.events.filter((e) => e.kind === 'invalid_mmsi')).toHaveLength(2);
  });
});
