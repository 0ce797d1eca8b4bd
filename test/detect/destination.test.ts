/** Declared-destination changes on constructed static reports, and the destination key. */
import { describe, expect, it } from 'vitest';
import { H, T0, detect, merge, ofType, path, staticRec } from './sim.js';
import { destinationKey, sameDestination } from '../../src/ref/destination.js';

const M = 412000001;

function statics(dests: (string | null)[], everyMin = 30) {
  return dests.map((d, k) => staticRec(M, T0 + k * everyMin * 60_000, { destination: d, shipType: 70 }));
}

describe('destinationKey', () => {
  it('folds case, spacing, punctuation, LOCODE separators and a trailing country; placeholders are blank', () => {
    expect(destinationKey('Dalian ')).toBe('DALIAN');
    expect(destinationKey('DALIAN,CHINA')).toBe('DALIAN');
    expect(destinationKey('DALIAN CN')).toBe('DALIAN');
    expect(destinationKey('CN DLC')).toBe('CNDLC');
    expect(destinationKey('CN-DLC')).toBe('CNDLC');
    expect(destinationKey('CNDLC')).toBe('CNDLC');
    expect(destinationKey('NAM PO')).toBe('NAMPO');
    expect(destinationKey('  ')).toBeNull();
    expect(destinationKey(null)).toBeNull();
    expect(destinationKey('FOR ORDERS')).toBeNull();
    expect(destinationKey('TBA')).toBeNull();
    expect(destinationKey('DANDONG')).not.toBe(destinationKey('DALIAN'));
  });

  it('takes one edit on a long key as a typo (real AMSA: TORES STRAIT -> TORRES STRAIT), not on a short one', () => {
    expect(sameDestination(destinationKey('TORES STRAIT')!, destinationKey('TORRES STRAIT')!)).toBe(true);
    expect(sameDestination('DALIAN', 'DALAIN')).toBe(true);
    expect(sameDestination('DALIAN', 'DANDONG')).toBe(false);
    expect(sameDestination('BLUFF', 'BLUFFS')).toBe(false);
    expect(sameDestination('AUCKLAND', 'NOUMEA')).toBe(false);
  });
});

describe('destination_change', () => {
  it('a new destination reported twice in a row is one change, from its first report to the confirmation', () => {
    const recs = merge(path(M, [[T0, 38.6, 124.5], [T0 + 6 * H, 38.9, 124.5]], { everyS: 120 }), statics(['NAMPO', 'NAMPO', 'NAMPO', 'DALIAN', 'DALIAN', 'DALIAN']));
    const ev = ofType(detect(recs), 'destination_change');
    expect(ev).toHaveLength(1);
    const e = ev[0]!;
    expect(e.mmsi).toEqual([M]);
    expect(e.start).toBe('2024-03-01T01:30:00Z');
    expect(e.end).toBe('2024-03-01T02:00:00Z');
    expect(e.id).toBe(`destination_change:${M}:2024-03-01T01:30:00Z`);
    expect(e.evidence).toMatchObject({ from: 'NAMPO', to: 'DALIAN', fromKey: 'NAMPO', toKey: 'DALIAN', reports: 2, fromLastReported: '2024-03-01T01:00:00Z' });
    expect(e.lat).toBeGreaterThan(38.6);
    expect(e.rule).toMatchObject({ name: 'destination', params: { minReports: 2 } });
  });

  it('ignores blank and placeholder flicker, spelling variants and a single corrupted report', () => {
    const recs = statics(['NAMPO', null, '', 'NAMPO', 'FOR ORDERS', 'NAM PO', 'nampo', 'NAMPQ', 'NAMPO', 'NAMPO KP']);
    expect(ofType(detect(recs), 'destination_change')).toEqual([]);
  });

  it('follows no invalid or default-pattern MMSI (real AMSA 1193046: CASABLANCA, AUCKLAND, SINGAQUNG, SINGAS89, HAIPHN)', () => {
    const recs = ['CASABLANCA', 'CASABLANCA', 'AUCKLAND', 'AUCKLAND', 'HAIPHN', 'HAIPHN'].map((d, k) => staticRec(1193046, T0 + k * H, { destination: d }));
    expect(ofType(detect(recs), 'destination_change')).toEqual([]);
  });

  it('two changes give two events; each vessel is followed on its own', () => {
    const other = [412000002, 'DANDONG'] as const;
    const recs = merge(
      statics(['NAMPO', 'DALIAN', 'DALIAN', 'YANTAI', 'YANTAI']),
      [staticRec(other[0], T0, { destination: other[1] }), staticRec(other[0], T0 + H, { destination: other[1] })],
    );
    const ev = ofType(detect(recs), 'destination_change');
    expect(ev.map((e) => [e.mmsi[0], e.evidence['from'], e.evidence['to']])).toEqual([
      [M, 'NAMPO', 'DALIAN'],
      [M, 'DALIAN', 'YANTAI'],
    ]);
  });
});
