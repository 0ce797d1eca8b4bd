import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DarkfleetError } from '../../src/errors.js';
import { ReorderBuffer, sortByTime } from '../../src/track/order.js';

describe('sortByTime', () => {
  it('sorts by time and keeps ties in input order', () => {
    const recs = [
      { t: 3, k: 'a' },
      { t: 1, k: 'b' },
      { t: 3, k: 'c' },
      { t: 2, k: 'd' },
    ];
    expect(sortByTime(recs).map((r) => r.k)).toEqual(['b', 'd', 'a', 'c']);
  });
});

describe('ReorderBuffer', () => {
  it('releases records in time order when they arrive at most windowMs late', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 1_000_000 }), { maxLength: 300 }), fc.integer({ min: 0, max: 5000 }), (times, lag) => {
        // each record arrives up to `lag` ms after its time: arrival order = t + delay
        const window = 5000;
        const recs = times.map((t, i) => ({ t, arrive: t + ((i * 7919) % (lag + 1)) }));
        const arrival = [...recs].sort((a, b) => a.arrive - b.arrive);
        const out: number[] = [];
        const buf = new ReorderBuffer<{ t: number }>({ windowMs: window, emit: (r) => out.push(r.t) });
        for (const r of arrival) buf.push(r);
        buf.flush();
        expect(buf.late).toBe(0);
        expect(out).toEqual([...times].sort((a, b) => a - b));
      }),
    );
  });

  it('counts and hands back a record that comes later than the window', () => {
    const late: number[] = [];
    const out: number[] = [];
    const buf = new ReorderBuffer<{ t: number }>({ windowMs: 10, emit: (r) => out.push(r.t), onLate: (r) => late.push(r.t) });
    for (const t of [100, 105, 120, 130]) buf.push({ t });
    buf.push({ t: 101 }); // 100 and 105 are already out
    buf.push({ t: 125 }); // still held back: in order
    buf.flush();
    expect(out).toEqual([100, 105, 120, 125, 130]);
    expect(late).toEqual([101]);
    expect(buf.late).toBe(1);
    expect(buf.held).toBe(0);
  });

  it('bounds what it holds and rejects a bad window', () => {
    const out: number[] = [];
    const buf = new ReorderBuffer<{ t: number }>({ windowMs: 1e9, maxHeld: 3, emit: (r) => out.push(r.t) });
    for (const t of [5, 4, 3, 2, 1]) buf.push({ t });
    // 5,4,3,2 held -> over the bound, the earliest (2) goes early; 1 then comes too late
    expect(out).toEqual([2]);
    expect(buf.late).toBe(1);
    expect(buf.held).toBe(3);
    expect(() => new ReorderBuffer({ windowMs: -1, emit: () => {} })).toThrow(DarkfleetError);
  });
});
