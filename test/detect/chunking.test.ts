/**
 * Property: the detectors give the same events whatever the chunking of their
 * input (pushes, files, days), and a slightly shuffled feed through the
 * reorder window gives the same events as the sorted one.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DarkfleetError } from '../../src/errors.js';
import { createRunner, type ParamOverrides } from '../../src/detect/index.js';
import type { Event } from '../../src/events.js';
import { allScenarios } from './scenarios.js';
import { T0, testGeo } from './sim.js';

const records = allScenarios();

const byId = (a: Event, b: Event): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

function run(cuts: number[], opts: { reorderWindowMs?: number; recs?: typeof records; params?: ParamOverrides } = {}): Event[] {
  const recs = opts.recs ?? records;
  const r = createRunner({ geo: testGeo(), reorderWindowMs: opts.reorderWindowMs, params: opts.params });
  const out: Event[] = [];
  let from = 0;
  for (const c of [...cuts, recs.length]) {
    out.push(...r.push(recs.slice(from, c)));
    from = c;
  }
  out.push(...r.flush());
  return out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

describe('chunking', () => {
  const whole = run([]);

  it('the scenarios produce every kind of event', () => {
    const types = new Set(whole.map((e) => e.type));
    for (const t of ['encounter', 'loitering', 'gap', 'identity_change', 'spoofing', 'port_visit', 'zone_entry', 'zone_exit']) expect(types).toContain(t);
    // ids are unique
    expect(new Set(whole.map((e) => e.id)).size).toBe(whole.length);
  });

  it('same events for any cut into pushes', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: records.length - 1 }), { maxLength: 12 }), (cuts) => {
        expect(run(cuts.sort((a, b) => a - b))).toEqual(whole);
      }),
      { numRuns: 15 },
    );
  });

  it('same events when the input is cut at every UTC midnight (daily files)', () => {
    const cuts: number[] = [];
    for (let d = 1; d < 4; d++) {
      const i = records.findIndex((r) => r.t >= T0 + d * 86_400_000);
      if (i > 0) cuts.push(i);
    }
    expect(cuts.length).toBeGreaterThan(0);
    expect(run(cuts)).toEqual(whole);
  });

  it('a feed shuffled within 2 minutes, through the reorder window, gives the same events', () => {
    // swap neighbours whose times differ by less than a minute (deterministically)
    const shuffled = records.slice();
    for (let i = 1; i < shuffled.length; i += 3) {
      const a = shuffled[i - 1]!;
      const b = shuffled[i]!;
      if (b.t - a.t < 60_000 && a.mmsi !== b.mmsi) [shuffled[i - 1], shuffled[i]] = [b, a];
    }
    expect(run([], { recs: shuffled, reorderWindowMs: 120_000 })).toEqual(whole);
  });

  it('the stage after the detectors (loitering overlapping an encounter) is as chunk-proof as they are', () => {
    const params = { loitering: { excludeEncounters: 1 } };
    const excl = run([], { params });
    // encounter partners' loitering is gone, the lone loiterer's stays
    const loiterers = (ev: Event[]) => ev.filter((e) => e.type === 'loitering').map((e) => e.mmsi[0]);
    expect(loiterers(whole)).toContain(412000001);
    expect(loiterers(excl)).not.toContain(412000001);
    expect(loiterers(excl)).toContain(412000021);
    expect(excl.filter((e) => e.type !== 'loitering').map((e) => e.id)).toEqual(whole.filter((e) => e.type !== 'loitering').map((e) => e.id));
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: records.length - 1 }), { maxLength: 12 }), (cuts) => {
        expect(run(cuts.sort((a, b) => a - b), { params })).toEqual(excl);
      }),
      { numRuns: 8 },
    );
  });

  it('the per-vessel detectors fed each span of an hour vessel by vessel (vesselOrder) give the events of time order', () => {
    const perVessel = { except: ['encounter', 'convoy'] };
    const timeOrder = createRunner({ geo: testGeo(), detectors: perVessel });
    const expected = [...timeOrder.push(records), ...timeOrder.flush()].sort(byId);
    expect(new Set(expected.map((e) => e.type)).size).toBeGreaterThanOrEqual(6);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3_600_000 }), fc.boolean(), (spanMs, reverse) => {
        // spans of feed time cut at every hour turn; within each, vessels in ascending or descending MMSI order
        const r = createRunner({ geo: testGeo(), detectors: perVessel, vesselOrder: true });
        const out: Event[] = [];
        let i = 0;
        while (i < records.length) {
          const t0 = records[i]!.t;
          const hourEnd = (Math.floor(t0 / 3_600_000) + 1) * 3_600_000;
          let j = i;
          while (j < records.length && records[j]!.t < Math.min(hourEnd, t0 + spanMs)) j++;
          const span = records.slice(i, j);
          const order = [...new Set(span.map((x) => x.mmsi))].sort((a, b) => (reverse ? b - a : a - b));
          out.push(...r.advance(t0));
          for (const m of order) out.push(...r.push(span.filter((x) => x.mmsi === m)));
          i = j;
        }
        out.push(...r.flush());
        expect(out.sort(byId)).toEqual(expected);
      }),
      { numRuns: 6 },
    );
    // detectors that read other vessels' state as feed time advances refuse it
    expect(() => createRunner({ geo: testGeo(), vesselOrder: true })).toThrow(/vessel-ordered input/);
  });

  it('out-of-order input without a reorder window is a clear error', () => {
    const r = createRunner({ geo: testGeo() });
    r.push(records.slice(0, 100));
    const early = { ...records[0]!, t: records[0]!.t - 1000 };
    expect(() => r.push([early])).toThrow(DarkfleetError);
    expect(() => r.push([early])).toThrow(/time order.*sortByTime|reorderWindowMs/);
  });
});
