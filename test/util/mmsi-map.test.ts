import { describe, expect, it } from 'vitest';
import { MmsiMap } from '../../src/util/mmsi-map.js';
import { decodeState, encodeState, restoreInto, stateOf } from '../../src/detect/snapshot.js';
import { rng } from '../../src/util/prng.js';

describe('MmsiMap', () => {
  it('answers as a Map does under random sets and deletes, iteration order included', () => {
    const rnd = rng(7);
    const m = new MmsiMap<number>();
    const ref = new Map<number, number>();
    // MMSIs that share their low bits (multiples of 1000) as well as scattered ones
    const key = (): number => (rnd() < 0.5 ? 412000000 + Math.floor(rnd() * 300) * 1000 : Math.floor(rnd() * 1e9));
    const keys: number[] = [];
    for (let step = 0; step < 40_000; step++) {
      const r = rnd();
      const k = keys.length && r < 0.4 ? keys[Math.floor(rnd() * keys.length)]! : key();
      if (r < 0.25) {
        expect(m.delete(k)).toBe(ref.delete(k));
      } else {
        m.set(k, step);
        ref.set(k, step);
        keys.push(k);
      }
      expect(m.get(k)).toBe(ref.get(k));
      expect(m.has(k)).toBe(ref.has(k));
      if (step % 5000 === 0) expect([...m]).toEqual([...ref]);
    }
    expect(m.size).toBe(ref.size);
    expect([...m.entries()]).toEqual([...ref.entries()]);
    expect([...m.keys()]).toEqual([...ref.keys()]);
    expect([...m.values()]).toEqual([...ref.values()]);
  });

  it('goes on through deletes made while iterating, and grows rather than compacts under an iteration', () => {
    const m = new MmsiMap<string>();
    for (let i = 0; i < 100; i++) m.set(200000000 + i, `v${i}`);
    const seen: number[] = [];
    for (const [k] of m) {
      seen.push(k);
      m.delete(k);
      if (k % 2 === 0) m.delete(k + 1);
    }
    expect(seen).toEqual(Array.from({ length: 50 }, (_, i) => 200000000 + 2 * i));
    expect(m.size).toBe(0);
    // half deleted, then an iteration that sets new keys: all of them are visited
    for (let i = 0; i < 8; i++) m.set(i, 'a');
    for (let i = 0; i < 4; i++) m.delete(i);
    const visited: number[] = [];
    for (const [k] of m) {
      visited.push(k);
      if (k < 100) m.set(k + 100, 'b');
    }
    expect(visited).toEqual([4, 5, 6, 7, 104, 105, 106, 107]);
    m.clear();
    expect(m.size).toBe(0);
    expect(m.get(104)).toBeUndefined();
  });

  it('is saved and restored by the detectors snapshot', () => {
    const m = new MmsiMap<{ t: number }>();
    for (let i = 0; i < 300; i++) m.set(244000000 + i * 17, { t: i });
    for (let i = 0; i < 300; i += 3) m.delete(244000000 + i * 17);
    const holder = { vessels: m };
    const fresh = { vessels: new MmsiMap<{ t: number }>() };
    restoreInto(fresh, decodeState(encodeState(stateOf(holder))) as Record<string, unknown>);
    expect(fresh.vessels).toBeInstanceOf(MmsiMap);
    expect([...fresh.vessels]).toEqual([...m]);
    expect(fresh.vessels.get(244000000 + 17)).toEqual({ t: 1 });
    fresh.vessels.set(1, { t: -1 });
    expect(fresh.vessels.size).toBe(201);
  });
});
