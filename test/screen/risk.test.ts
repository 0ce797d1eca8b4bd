import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { riskScore, RISK_WEIGHTS } from '../../src/screen/risk.js';
import { sanctionsHitEvent } from '../../src/screen/event.js';
import type { Event, EventType } from '../../src/events.js';
import type { Hit, PathStep } from '../../src/screen/types.js';

const MMSI = 412000001;

function ev(type: EventType, flags: string[], start: string, mmsi = [MMSI, 445123456]): Event {
  return {
    id: `${type}:${mmsi.join('-')}:${start}`, type, start, end: start, mmsi, lat: 38.2, lon: 124.6, confidence: 0.9, flags,
    rule: { name: type, params: {} }, evidence: {},
  };
}

function hit(id: string, score: number, relations: (string | null)[] = []): Hit {
  const path: PathStep[] = relations.map((r, i) => ({ id: i === 0 ? null : `n${i}`, name: `N${i}`, schema: 'Company', relation: r, sanctioned: i === relations.length - 1 }));
  return { query: { mmsi: String(MMSI) }, entity: { id, schema: 'Vessel', name: id.toUpperCase(), source: 'test' }, score, reasons: [], path };
}

describe('riskScore', () => {
  it('is zero with no evidence', () => {
    expect(riskScore({ mmsi: MMSI }, [], [])).toEqual({ score: 0, uncapped: 0, components: [] });
  });

  it('scores a direct hit by its match score and an indirect one by its hops', () => {
    expect(riskScore({ mmsi: MMSI }, [hit('a', 1)], []).score).toBe(60);
    expect(riskScore({ mmsi: MMSI }, [hit('a', 0.9)], []).score).toBe(54);
    expect(riskScore({ mmsi: MMSI }, [hit('b', 1, [null, 'owner'])], []).score).toBe(40);
    expect(riskScore({ mmsi: MMSI }, [hit('b', 1, [null, 'same vessel', 'owner', 'owner'])], []).score).toBe(25);
    // further exposures add a little, capped
    const many = riskScore({ mmsi: MMSI }, [hit('a', 1), hit('b', 1, [null, 'owner']), hit('c', 1, [null, 'owner']), hit('d', 1, [null, 'owner'])], []);
    expect(many.components.map((c) => c.points)).toEqual([60, 5, 5]);
    expect(many.score).toBe(70);
  });

  it('traces every point to an event: night encounters outside 12 nm, disabling gaps, identity changes, spoofing', () => {
    const events = [
      ev('encounter', ['night', 'outside_territorial_sea'], '2024-03-01T14:00:00Z'),
      ev('encounter', [], '2024-03-05T10:00:00Z'),
      ev('gap', ['likely_disabling'], '2024-03-02T00:00:00Z', [MMSI]),
      ev('gap', [], '2024-03-03T00:00:00Z', [MMSI]),
      ev('identity_change', ['flag_hopping'], '2024-03-04T00:00:00Z', [MMSI]),
      ev('spoofing', [], '2024-03-06T00:00:00Z', [MMSI]),
      ev('port_visit', [], '2024-03-07T00:00:00Z', [MMSI]),
      ev('encounter', ['night'], '2024-03-08T00:00:00Z', [999999999, 445123456]), // another vessel's
    ];
    const r = riskScore({ mmsi: MMSI }, [], events);
    expect(r.components.map((c) => [c.category, c.points, c.evidence.event])).toEqual([
      ['encounter', 12, 'encounter:412000001-445123456:2024-03-01T14:00:00Z'],
      ['gap', 10, 'gap:412000001:2024-03-02T00:00:00Z'],
      ['gap', 2, 'gap:412000001:2024-03-03T00:00:00Z'],
      ['identity', 10, 'identity_change:412000001:2024-03-04T00:00:00Z'],
      ['encounter', 4, 'encounter:412000001-445123456:2024-03-05T10:00:00Z'],
      ['spoofing', 10, 'spoofing:412000001:2024-03-06T00:00:00Z'],
    ]);
    expect(r.score).toBe(48);
  });

  it('weighs a data_quality spoofing finding (an invalid MMSI) as an identity defect, not as deception', () => {
    const bad = { ...ev('spoofing', ['invalid_mmsi', 'data_quality'], '2024-03-06T00:00:00Z', [MMSI]), evidence: { kind: 'invalid_mmsi' } };
    const real = ev('spoofing', ['two_places'], '2024-03-07T00:00:00Z', [MMSI]);
    const r = riskScore({ mmsi: MMSI }, [], [bad, real]);
    expect(r.components.map((c) => [c.category, c.points, c.reason])).toEqual([
      ['identity', RISK_WEIGHTS.identityDefect, 'identity defect (invalid_mmsi) at 2024-03-06T00:00:00Z'],
      ['spoofing', RISK_WEIGHTS.spoofing, 'spoofing or identity clash at 2024-03-07T00:00:00Z'],
    ]);
    expect(RISK_WEIGHTS.identityDefect).toBeLessThan(RISK_WEIGHTS.spoofing);
  });

  it('caps each category and the total', () => {
    const encounters = Array.from({ length: 10 }, (_, i) => ev('encounter', ['night', 'outside_territorial_sea'], `2024-03-${String(i + 1).padStart(2, '0')}T00:00:00Z`));
    const r = riskScore({ mmsi: MMSI }, [], encounters);
    expect(r.score).toBe(RISK_WEIGHTS.encounterCap);
    expect(r.components.at(-1)!.reason).toContain('category cap');
    const all = riskScore({ mmsi: MMSI }, [hit('a', 1)], [
      ...encounters,
      ...Array.from({ length: 5 }, (_, i) => ev('gap', ['likely_disabling'], `2024-04-0${i + 1}T00:00:00Z`, [MMSI])),
    ]);
    expect(all.uncapped).toBe(60 + 30 + 25);
    expect(all.score).toBe(100);
  });

  it('uses stored sanctions_hit events when no hits are given, and never counts both', () => {
    const h = hit('ofac-15036', 1);
    const e = sanctionsHitEvent(h, { start: '2024-03-01T00:00:00Z', threshold: 0.7, hops: 2, lists: ['sdn.csv'] })!;
    expect(riskScore({ mmsi: MMSI }, [], [e]).components[0]).toMatchObject({ points: 60, evidence: { entity: 'ofac-15036', event: e.id } });
    expect(riskScore({ mmsi: MMSI }, [h], [e]).score).toBe(60);
  });

  it('does not depend on event order, and stays within 0..100', () => {
    const kinds: EventType[] = ['encounter', 'gap', 'identity_change', 'spoofing', 'loitering', 'port_visit'];
    const flags = ['night', 'outside_territorial_sea', 'likely_disabling', 'flag_hopping', 'dark_partner'];
    const arb = fc.array(
      fc.record({ t: fc.constantFrom(...kinds), f: fc.subarray(flags), d: fc.integer({ min: 1, max: 28 }) }),
      { maxLength: 30 },
    );
    fc.assert(
      fc.property(arb, fc.integer({ min: 0, max: 3 }), (list, nHits) => {
        const events = list.map((x, i) => ({ ...ev(x.t, x.f, `2024-05-${String(x.d).padStart(2, '0')}T00:00:00Z`, [MMSI]), id: `e${i}` }));
        const hits = Array.from({ length: nHits }, (_, i) => hit(`h${i}`, 0.8, i === 0 ? [] : [null, 'owner']));
        const a = riskScore({ mmsi: MMSI }, hits, events);
        const b = riskScore({ mmsi: MMSI }, [...hits].reverse(), [...events].reverse());
        expect(b.score).toBe(a.score);
        expect(a.score).toBeGreaterThanOrEqual(0);
        expect(a.score).toBeLessThanOrEqual(100);
        expect(a.components.reduce((s, c) => s + c.points, 0)).toBe(a.uncapped);
      }),
    );
  });
});

describe('sanctionsHitEvent', () => {
  it('builds a deterministic id from the MMSI, else the IMO', () => {
    const h = hit('ofac-15036', 1);
    const ctx = { start: '2024-03-01T00:00:00Z', threshold: 0.7, hops: 2, lists: ['sdn.csv'] };
    expect(sanctionsHitEvent(h, ctx)!.id).toBe('sanctions_hit:412000001:ofac-15036');
    expect(sanctionsHitEvent({ ...h, query: { imo: 'IMO 9187629' } }, ctx)).toMatchObject({ id: 'sanctions_hit:9187629:ofac-15036', mmsi: [] });
    expect(sanctionsHitEvent({ ...h, query: { name: 'X' } }, ctx)).toBeNull();
  });
  it('flags how the hit was made', () => {
    const h: Hit = { ...hit('ofac-15036', 1), reasons: ['imo: IMO 9187629 (check digit valid) is the listed IMO number', 'renamed: seen as "X"', 'flag: KM differs from listed Iran'] };
    const e = sanctionsHitEvent(h, { start: '2024-03-01T00:00:00Z', threshold: 0.7, hops: 2, lists: [] })!;
    expect(e.flags).toEqual(['direct', 'imo_match', 'renamed', 'flag_mismatch']);
    expect(e).toMatchObject({ type: 'sanctions_hit', confidence: 1, mmsi: [MMSI], start: '2024-03-01T00:00:00Z', end: '2024-03-01T00:00:00Z' });
  });
});
