import { describe, expect, it } from 'vitest';
import { formatScore, overlaps, score, type DetectedEvent } from '../../src/sim/score.js';
import type { TruthEvent, TruthNegative } from '../../src/sim/truth-types.js';
import { DarkfleetError } from '../../src/errors.js';

const T = (h: number): string => new Date(Date.UTC(2026, 2, 1, h)).toISOString();

const truth: { events: TruthEvent[]; negatives: TruthNegative[] } = {
  events: [
    { type: 'encounter', mmsi: [412000001, 445123456], start: T(10), end: T(15) },
    { type: 'encounter', mmsi: [413000002, 511000003], start: T(20), end: T(24) },
    { type: 'loitering', mmsi: [412000002], start: T(2), end: T(8) },
    { type: 'loitering', mmsi: [445000009], start: T(30), end: T(33), optional: true },
    { type: 'identity_change', mmsi: [445111111, 511222222], start: T(5), end: T(7), imo: 9123457 },
    { type: 'identity_change', mmsi: [511222222, 667333333], start: T(20), end: T(21), imo: 9123457 },
    { type: 'gap', mmsi: [412000003], start: T(3), end: T(20) },
  ],
  negatives: [
    { kind: 'pair_trawl', mmsi: [412111111, 412222222], start: T(0), end: T(48), mustNotFire: ['encounter', 'loitering'] },
    { kind: 'short_gap', mmsi: [413555555], start: T(4), end: T(9), mustNotFire: ['gap'] },
  ],
};

const ev = (type: string, mmsi: number[], a: number, b: number, extra: Partial<DetectedEvent> = {}): DetectedEvent => ({ type, mmsi, start: T(a), end: T(b), ...extra });

describe('score', () => {
  it('counts matches by type, MMSI set and overlapping time', () => {
    const det = [
      ev('encounter', [445123456, 412000001], 14, 18), // order of MMSIs does not matter
      ev('encounter', [413000002, 511000003], 25, 26), // no overlap: false alarm, truth missed
      ev('encounter', [413000002], 20, 24), // wrong MMSI set
      ev('loitering', [412000002], 1, 2), // touches the start: overlap
      ev('gap', [412000003], 4, 19),
      ev('gap', [412000003], 19, 21), // split in two: both match, one truth
    ];
    const r = score(truth, det);
    expect(r.byType.encounter).toMatchObject({ truth: 2, detected: 3, matchedTruth: 1, matchedDetected: 1 });
    expect(r.byType.encounter!.precision).toBeCloseTo(1 / 3);
    expect(r.byType.encounter!.recall).toBe(0.5);
    expect(r.byType.encounter!.missed.map((m) => m.start)).toEqual([T(20)]);
    expect(r.byType.encounter!.falseAlarms).toHaveLength(2);
    expect(r.byType.loitering).toMatchObject({ precision: 1, recall: 1 });
    expect(r.byType.gap).toMatchObject({ truth: 1, detected: 2, matchedTruth: 1, matchedDetected: 2, precision: 1, recall: 1 });
    // nothing detected and nothing to find: perfect; truth never detected: recall 0
    expect(r.byType.identity_change).toMatchObject({ detected: 0, precision: 1, recall: 0 });
  });

  it('matches identity changes on the IMO or any shared MMSI', () => {
    const r = score(truth, [
      ev('identity_change', [999000001, 999000002], 6, 6, { evidence: { imo: 9123457 } }),
      ev('identity_change', [667333333], 20.5, 20.5),
      ev('identity_change', [445111111, 511222222], 40, 41), // right vessels, wrong time
    ]);
    expect(r.byType.identity_change).toMatchObject({ truth: 2, detected: 3, matchedTruth: 2, matchedDetected: 2, recall: 1 });
    expect(r.byType.identity_change!.precision).toBeCloseTo(2 / 3);
  });

  it('sets aside detections of optional truth and does not count optional truth as missed', () => {
    const r = score(truth, [ev('loitering', [445000009], 31, 32), ev('loitering', [412000002], 3, 4)]);
    expect(r.byType.loitering).toMatchObject({ truth: 1, detected: 1, setAside: 1, precision: 1, recall: 1 });
    const none = score(truth, []);
    expect(none.byType.loitering!.recall).toBe(0);
    expect(none.byType.loitering!.truth).toBe(1);
  });

  it('reports negatives hit by a forbidden type involving all their MMSIs in their time range', () => {
    const r = score(truth, [
      ev('encounter', [412222222, 412111111], 10, 13), // the pair trawlers: reported
      ev('encounter', [412111111, 3], 10, 13), // one of the pair with someone else: not the pair's negative
      ev('port_visit', [412111111, 412222222], 10, 13), // type not forbidden
      ev('gap', [413555555], 10, 12), // after the short gap: not overlapping
    ]);
    expect(r.negatives.total).toBe(2);
    expect(r.negatives.reported).toHaveLength(1);
    expect(r.negatives.reported[0]!.negative.kind).toBe('pair_trawl');
    expect(r.negatives.reported[0]!.events).toHaveLength(1);
    const hit = score(truth, [ev('gap', [413555555], 8, 10)]);
    expect(hit.negatives.reported.map((x) => x.negative.kind)).toEqual(['short_gap']);
    // an event naming the negative's vessel and another still involves it
    const joint = score(truth, [ev('gap', [413555555, 1], 5, 6)]);
    expect(joint.negatives.reported.map((x) => x.negative.kind)).toEqual(['short_gap']);
  });

  it('formats a summary and reads time ranges either way round', () => {
    expect(overlaps({ start: T(5), end: T(3) }, { start: T(4), end: T(4) })).toBe(true);
    expect(overlaps({ start: T(1), end: T(2) }, { start: T(3), end: T(4) })).toBe(false);
    expect(() => overlaps({ start: 'x', end: T(1) }, { start: T(1), end: T(2) })).toThrow(DarkfleetError);
    const text = formatScore(score(truth, [ev('gap', [412000003], 4, 19)]));
    expect(text).toMatch(/^encounter\s+P 1\.000\s+R 0\.000/m);
    expect(text).toMatch(/^gap\s+P 1\.000\s+R 1\.000/m);
    expect(text).toMatch(/negatives reported: 0 of 2/);
  });
});
