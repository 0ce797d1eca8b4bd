/**
 * Property: a runner saved at any point between pushes (encoded to bytes, decoded) and
 * restored into a new runner gives, over the rest of the input, exactly the events of the
 * unbroken run: the contract incremental analysis (src/pipeline/checkpoint.ts) rests on.
 * Also holds every detector to snapshot.ts's one rule: class instances only in fields.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRunner, decodeState, encodeState, type ParamOverrides, type RunnerState } from '../../src/detect/index.js';
import { isInstance } from '../../src/detect/snapshot.js';
import type { Event } from '../../src/events.js';
import { allScenarios } from './scenarios.js';
import { testGeo } from './sim.js';

const records = allScenarios();
const byId = (a: Event, b: Event): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

function run(cuts: number[], params?: ParamOverrides): Event[] {
  const out: Event[] = [];
  let r = createRunner({ geo: testGeo(), params });
  let from = 0;
  for (const c of [...cuts, records.length]) {
    out.push(...r.push(records.slice(from, c)));
    from = c;
    if (c === records.length) break;
    // save, through bytes, into a new runner
    const bytes = encodeState(r.save());
    r = createRunner({ geo: testGeo(), params });
    r.restore(decodeState(bytes) as RunnerState);
  }
  out.push(...r.flush());
  return out.sort(byId);
}

/** Paths to class instances inside Maps, Sets or arrays of a state (which restore would lose). */
function nestedInstances(v: unknown, path: string, inCollection: boolean, seen: Set<unknown>, out: string[]): void {
  if (v === null || typeof v !== 'object' || seen.has(v) || ArrayBuffer.isView(v)) return;
  seen.add(v);
  if (inCollection && isInstance(v)) out.push(path);
  if (v instanceof Map) for (const [k, x] of v) nestedInstances(x, `${path}[${String(k)}]`, true, seen, out);
  else if (v instanceof Set) for (const x of v) nestedInstances(x, `${path}{}`, true, seen, out);
  else if (Array.isArray(v)) v.forEach((x, i) => nestedInstances(x, `${path}[${i}]`, true, seen, out));
  else for (const [k, x] of Object.entries(v)) nestedInstances(x, `${path}.${k}`, inCollection, seen, out);
}

describe('runner state save and restore', () => {
  const whole = run([]);

  it('the scenarios produce events of every detector', () => {
    expect(new Set(whole.map((e) => e.type)).size).toBeGreaterThanOrEqual(8);
  });

  it('same events when saved and restored at any points', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: records.length - 1 }), { maxLength: 6 }), (cuts) => {
        expect(run(cuts.sort((a, b) => a - b))).toEqual(whole);
      }),
      { numRuns: 12 },
    );
  });

  it('with events held by the stage after the detectors (loitering overlapping an encounter)', () => {
    const params = { loitering: { excludeEncounters: 1 } };
    const excl = run([], params);
    expect(excl.length).toBeLessThan(whole.length);
    const n = records.length;
    expect(run([Math.floor(n / 5), Math.floor(n / 2), Math.floor((4 * n) / 5)], params)).toEqual(excl);
  });

  it('no class instance sits inside a Map, Set or array of detector state', () => {
    const r = createRunner({ geo: testGeo() });
    r.push(records.slice(0, Math.floor(records.length * 0.7)));
    const found: string[] = [];
    nestedInstances(r.save(), 'state', false, new Set(), found);
    expect(found).toEqual([]);
  });

  it('refuses a state of another profile', () => {
    const a = createRunner({ geo: testGeo() });
    a.push(records.slice(0, 100));
    const b = createRunner({ geo: testGeo(), profile: 'strict' });
    expect(() => b.restore(a.save())).toThrow(/another runner/);
  });
});
