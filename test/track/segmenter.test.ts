import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DarkfleetError } from '../../src/errors.js';
import type { Position, VesselStatic } from '../../src/records.js';
import { Segmenter, segmentTime, type SegmentSummary } from '../../src/track/segmenter.js';
import { segmenterParams } from '../../src/track/params.js';
import { interleave, rng, straightTrack } from './sim.js';

const T0 = Date.UTC(2024, 2, 1, 0, 0, 0);
const H = 3_600_000;

/** Run positions through a segmenter; map each ground-truth label to the segment ids it got. */
function run(positions: Position[], opts = {}) {
  const closed: SegmentSummary[] = [];
  const seg = new Segmenter({ ...opts, onClose: (s) => closed.push(s) });
  const ids = positions.map((p) => seg.push(p));
  seg.flush();
  const byLabel = new Map<string, Set<string | null>>();
  positions.forEach((p, i) => {
    const s = byLabel.get(p.source) ?? new Set();
    s.add(ids[i] ?? null);
    byLabel.set(p.source, s);
  });
  return { seg, ids, byLabel, closed };
}

function stat(mmsi: number, t: number, name: string, callsign: string): VesselStatic {
  return {
    mmsi,
    t,
    imo: null,
    name,
    callsign,
    shipType: 70,
    length: 100,
    width: 20,
    draught: null,
    destination: null,
    flag: null,
    source: 'sim',
  };
}

describe('Segmenter: simulated ground truth', () => {
  it('splits two ships sharing one MMSI 200 km apart, interleaved, into two segments', () => {
    const a = straightTrack({ mmsi: 412000001, lat: 38, lon: 124, sog: 10, cog: 45, t0: T0, everyS: 180, count: 400, label: 'A' });
    // ~200 km east of A, reporting out of phase with it
    const b = straightTrack({ mmsi: 412000001, lat: 38, lon: 126.3, sog: 12, cog: 200, t0: T0 + 90_000, everyS: 180, count: 400, label: 'B' });
    const { byLabel, closed } = run(interleave(a, b));
    const segA = [...byLabel.get('A')!];
    const segB = [...byLabel.get('B')!];
    expect(segA).toHaveLength(1);
    expect(segB).toHaveLength(1);
    expect(segA[0]).not.toBe(segB[0]);
    expect(segA[0]).toBe(`412000001-${segmentTime(T0)}`);
    expect(closed.map((c) => c.positions).sort()).toEqual([400, 400]);
  });

  it('keeps one ship through a 20 h silence with a consistent position as one segment', () => {
    const before = straightTrack({ mmsi: 235000001, lat: 55, lon: 5, sog: 0.1, cog: 90, t0: T0, everyS: 600, count: 30, label: 'S' });
    const last = before[before.length - 1]!;
    const after = straightTrack({ mmsi: 235000001, lat: last.lat, lon: last.lon + 0.001, sog: 0.1, cog: 90, t0: last.t + 20 * H, everyS: 600, count: 30, label: 'S' });
    const { byLabel } = run([...before, ...after]);
    expect(byLabel.get('S')!.size).toBe(1);
  });

  it('keeps a ship that moved a plausible distance in a 10 h gap', () => {
    const before = straightTrack({ mmsi: 235000002, lat: 55, lon: 5, sog: 12, cog: 0, t0: T0, everyS: 300, count: 24, label: 'S' });
    const last = before[before.length - 1]!;
    // 10 h at 12 kn on the same course is 120 nm = 2 degrees of latitude
    const after = straightTrack({ mmsi: 235000002, lat: last.lat + 2, lon: last.lon, sog: 12, cog: 0, t0: last.t + 10 * H, everyS: 300, count: 24, label: 'S' });
    expect(run([...before, ...after]).byLabel.get('S')!.size).toBe(1);
  });

  it('starts a new segment after more than maxHours of silence, and honours a shorter maxHours', () => {
    const before = straightTrack({ mmsi: 235000003, lat: 55, lon: 5, sog: 0, cog: 0, t0: T0, everyS: 600, count: 10, label: 'S' });
    const last = before[before.length - 1]!;
    const after = straightTrack({ mmsi: 235000003, lat: 55, lon: 5, sog: 0, cog: 0, t0: last.t + 25 * H, everyS: 600, count: 10, label: 'S' });
    const { byLabel, closed } = run([...before, ...after]);
    expect(byLabel.get('S')!.size).toBe(2);
    expect(closed[0]!.reason).toBe('max_hours');
    const gap13 = [...before, ...after.map((p) => ({ ...p, t: p.t - 12 * H }))];
    expect(run(gap13).byLabel.get('S')!.size).toBe(1);
    expect(run(gap13, { maxHours: 12 }).byLabel.get('S')!.size).toBe(2);
  });

  it('does not join a fix 300 nm away 1 h later (implied speed far above 25 kn)', () => {
    const a = straightTrack({ mmsi: 273000001, lat: 60, lon: 20, sog: 10, cog: 90, t0: T0, everyS: 600, count: 12, label: 'A' });
    const b = straightTrack({ mmsi: 273000001, lat: 65, lon: 20, sog: 10, cog: 90, t0: T0 + 3 * H, everyS: 600, count: 12, label: 'B' });
    const { byLabel } = run([...a, ...b]);
    expect([...byLabel.get('A')!][0]).not.toBe([...byLabel.get('B')!][0]);
  });

  it('separates three transmitters on one MMSI and keeps different MMSIs apart', () => {
    const tracks = [0, 1, 2].map((k) =>
      straightTrack({ mmsi: 100000000, lat: 10 + k * 3, lon: 100, sog: 8 + k, cog: 90 * k, t0: T0 + k * 40_000, everyS: 240, count: 200, label: `T${k}` }),
    );
    const other = straightTrack({ mmsi: 100000001, lat: 10, lon: 100, sog: 8, cog: 0, t0: T0 + 1000, everyS: 240, count: 200, label: 'O' });
    const { byLabel } = run(interleave(...tracks, other));
    const ids = ['T0', 'T1', 'T2', 'O'].map((l) => {
      const s = byLabel.get(l)!;
      expect(s.size).toBe(1);
      return [...s][0];
    });
    expect(new Set(ids).size).toBe(4);
  });

  it('treats a lone far-off fix (bit error) as not part of the track', () => {
    const a = straightTrack({ mmsi: 244000001, lat: 52, lon: 4, sog: 10, cog: 90, t0: T0, everyS: 120, count: 60, label: 'A' });
    const spike: Position = { ...a[30]!, t: a[30]!.t + 30_000, lat: a[30]!.lat + 1.5, source: 'spike' };
    const stream = interleave(a, [spike]);
    const discarded: Position[] = [];
    const seg = new Segmenter({ onDiscard: (p) => discarded.push(p) });
    const ids = stream.map((p) => seg.push(p));
    const aIds = new Set(stream.map((p, i) => (p.source === 'A' && !discarded.includes(p) ? ids[i] : 'x')));
    aIds.delete('x');
    expect(aIds.size).toBe(1);
    expect(ids[stream.indexOf(spike)]).not.toBe([...aIds][0]);
  });

  it('marks a coarse type 27 fix right after a good fix as noise', () => {
    const a = straightTrack({ mmsi: 244000002, lat: 52, lon: 4, sog: 10, cog: 90, t0: T0, everyS: 120, count: 10, label: 'A' });
    const t27: Position = { ...a[9]!, t: a[9]!.t + 60_000, lon: a[9]!.lon + 1 / 6 / 60 / Math.cos((52 * Math.PI) / 180), msgType: 27 };
    const seg = new Segmenter();
    for (const p of a) seg.push(p);
    expect(seg.push(t27)).toBeNull();
    expect(seg.lastReason).toBe('noise');
    // hours later, with nothing better around, it counts
    expect(seg.push({ ...t27, t: t27.t + 2 * H, lon: t27.lon + (20 / 60) / Math.cos((52 * Math.PI) / 180) })).not.toBeNull();
  });

  it('rejects invalid and duplicate fixes by reason, and keeps a still ship\u2019s repeats', () => {
    const seg = new Segmenter();
    const p: Position = { mmsi: 1, t: T0, lat: 10, lon: 10, sog: 5, cog: 90, heading: 90, navStatus: 0, source: 's', msgType: 1 };
    expect(seg.push(p)).not.toBeNull();
    expect(seg.push({ ...p })).toBeNull();
    expect(seg.lastReason).toBe('duplicate');
    expect(seg.push({ ...p, t: T0 + 60_000 })).toBeNull();
    expect(seg.lastReason).toBe('repeated_fix');
    expect(seg.push({ ...p, t: T0 + 70_000, lat: 91, lon: 181 })).toBeNull();
    expect(seg.lastReason).toBe('lat_out_of_range');
    expect(seg.push({ ...p, t: T0 + 80_000, sog: 102.3 })).toBeNull();
    expect(seg.lastReason).toBe('bad_speed');
    expect(seg.push({ ...p, t: T0 + 90_000, cog: null })).toBeNull();
    expect(seg.lastReason).toBe('no_course_moving');
    const still = { ...p, t: T0 + 100_000, sog: 0, lat: 10.01 };
    const id = seg.push(still);
    expect(seg.push({ ...still })).toBe(id);
    expect(seg.stats.rejected.byReason).toEqual({
      duplicate: 1,
      repeated_fix: 1,
      lat_out_of_range: 1,
      bad_speed: 1,
      no_course_moving: 1,
    });
  });

  it('throws a clear error when an MMSI goes back in time', () => {
    const seg = new Segmenter();
    const p: Position = { mmsi: 7, t: T0, lat: 1, lon: 1, sog: 0, cog: 0, heading: null, navStatus: null, source: 's' };
    seg.push(p);
    seg.push({ ...p, mmsi: 8, t: T0 - H }); // another MMSI may be behind
    let err: unknown;
    try {
      seg.push({ ...p, t: T0 - 1000 });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(DarkfleetError);
    expect((err as DarkfleetError).code).toBe('track_unsorted');
    expect((err as Error).message).toMatch(/sort/);
  });

  it('attaches identity reports to the transmitter of the same class nearby in time', () => {
    const a = straightTrack({ mmsi: 412000009, lat: 30, lon: 122, sog: 9, cog: 10, t0: T0, everyS: 180, count: 50, label: 'A', msgType: 1 });
    const b = straightTrack({ mmsi: 412000009, lat: 20, lon: 110, sog: 6, cog: 180, t0: T0 + 30_000, everyS: 180, count: 50, label: 'B', msgType: 18 });
    const got: [string, string][] = [];
    const closed: SegmentSummary[] = [];
    const seg = new Segmenter({ onIdentity: (r, id) => got.push([r.name!, id]), onClose: (s) => closed.push(s) });
    const ids = new Map<string, string>();
    const stream = interleave(a, b);
    stream.forEach((p, i) => {
      ids.set(p.source, seg.push(p)!);
      if (i === 40) {
        seg.pushStatic(stat(412000009, p.t + 1, 'CLASS A SHIP', 'AAAA'), 5);
        seg.pushStatic(stat(412000009, p.t + 2, 'CLASS B BOAT', 'BBBB'), 24);
      }
    });
    // before any fix: waits, and attaches to the next fix of its class
    const seg2 = new Segmenter({ onIdentity: (r, id) => got.push([r.name!, id]) });
    expect(seg2.pushStatic(stat(5, T0, 'EARLY', 'E'), 5)).toBeNull();
    const id2 = seg2.push({ mmsi: 5, t: T0 + 60_000, lat: 1, lon: 1, sog: 0, cog: 0, heading: null, navStatus: null, source: 's', msgType: 1 });
    seg.flush();
    expect(got).toEqual([
      ['CLASS A SHIP', ids.get('A')],
      ['CLASS B BOAT', ids.get('B')],
      ['EARLY', id2],
    ]);
    const summaryA = closed.find((c) => c.id === ids.get('A'))!;
    expect(summaryA.name).toBe('CLASS A SHIP');
    expect(summaryA.callsign).toBe('AAAA');
  });

  it('gives the same segments whatever the interleaving of different MMSIs (property)', () => {
    const r = rng(7);
    const tracks: Position[][] = [];
    for (let k = 0; k < 6; k++) {
      const mmsi = 200000000 + (k % 3); // three MMSIs, two transmitters each
      tracks.push(
        straightTrack({
          mmsi,
          lat: -10 + 20 * r(),
          lon: 50 + 20 * r(),
          sog: 3 + 12 * r(),
          cog: 360 * r(),
          t0: T0 + Math.floor(r() * 600_000),
          everyS: 120 + Math.floor(r() * 400),
          count: 40,
          label: `k${k}`,
        }),
      );
    }
    const reference = run(interleave(...tracks));
    const key = (p: Position) => `${p.source}@${p.t}`;
    const refIds = new Map(interleave(...tracks).map((p, i) => [key(p), reference.ids[i]]));
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 240, maxLength: 240 }), (choice) => {
        // a random merge of the three MMSIs' streams, each kept in time order
        const per = [0, 1, 2].map((m) => interleave(...tracks.filter((_, k) => k % 3 === m)));
        const pos = [0, 0, 0];
        const merged: Position[] = [];
        for (const c of choice) {
          for (let d = 0; d < 3; d++) {
            const m = (c + d) % 3;
            if (pos[m]! < per[m]!.length) {
              merged.push(per[m]![pos[m]!++]!);
              break;
            }
          }
        }
        const seg = new Segmenter();
        for (const p of merged) expect(seg.push(p)).toBe(refIds.get(key(p)));
      }),
      { numRuns: 30 },
    );
  });
});

describe('Segmenter.expire', () => {
  it('closes segments idle for more than maxHours and lets the MMSI start afresh', () => {
    const closed: SegmentSummary[] = [];
    const seg = new Segmenter({ onClose: (c) => closed.push(c) });
    const p: Position = { mmsi: 9, t: T0, lat: 1, lon: 1, sog: 0, cog: 0, heading: null, navStatus: null, source: 's', msgType: 1 };
    seg.push(p);
    seg.expire(T0 + 23 * H);
    expect(seg.openSegments(9)).toHaveLength(1);
    seg.expire(T0 + 25 * H);
    expect(seg.openSegments(9)).toHaveLength(0);
    expect(closed.map((c) => [c.reason, c.positions])).toEqual([['max_hours', 1]]);
    expect(seg.push({ ...p, t: T0 + 26 * H })).toBe(`9-${segmentTime(T0 + 26 * H)}`);
  });
});

describe('segmenterParams', () => {
  it('gives GFW defaults and validates overrides', () => {
    const p = segmenterParams();
    expect(p.maxHours).toBe(24);
    expect(p.maxKnots).toBe(25);
    expect(segmenterParams('aisdb').maxKnots).toBe(50);
    expect(() => segmenterParams('gfw', { maxKnots: -1 })).toThrow(DarkfleetError);
    expect(new Segmenter({ profile: 'strict', maxKnots: 22 }).params.maxKnots).toBe(22);
  });
});
