/** A dark rendezvous raises the risk of the vessel beside the dark detection, and only of it. */
import { describe, expect, it } from 'vitest';
import { riskScore, RISK_WEIGHTS } from '../../src/screen/risk.js';
import type { Event } from '../../src/events.js';

const PARTNER = 457877481;

function dark(start: string, partner: number | null): Event {
  return {
    id: `dark_detection::${start}:38.20000,123.75000`, type: 'dark_detection', start, end: start, mmsi: partner === null ? [] : [partner], lat: 38.2, lon: 123.75,
    confidence: 0.9, flags: partner === null ? [] : ['dark_partner'], rule: { name: 'dark_detection', params: { radiusM: 1500 } },
    evidence: partner === null ? { candidates: [{ mmsi: PARTNER, score: 0.8, reason: 'gap' }] } : { darkPartner: { mmsi: partner, distanceM: 96, event: 'encounter:1-2:x', eventType: 'encounter' } },
  };
}

describe('risk from dark rendezvous', () => {
  it('scores each dark partner event with its evidence, capped', () => {
    const events = ['2026-03-01T03:00:00Z', '2026-03-01T09:00:00Z', '2026-03-01T15:00:00Z', '2026-03-01T21:00:00Z'].map((t) => dark(t, PARTNER));
    const r = riskScore({ mmsi: PARTNER }, [], events);
    expect(r.components.map((c) => c.points)).toEqual([8, 8, 8]);
    expect(r.score).toBe(RISK_WEIGHTS.darkRendezvousCap);
    expect(r.components[0]).toMatchObject({ category: 'dark_rendezvous', evidence: { event: events[0]!.id } });
    expect(r.components[0]!.reason).toContain('96 m away during its encounter');
  });

  it('gives nothing to a vessel that is only a candidate identity, or to another vessel', () => {
    expect(riskScore({ mmsi: PARTNER }, [], [dark('2026-03-01T03:00:00Z', null)]).score).toBe(0);
    expect(riskScore({ mmsi: 412000001 }, [], [dark('2026-03-01T03:00:00Z', 412000001), dark('2026-03-01T04:00:00Z', PARTNER)].slice(1)).score).toBe(0);
  });
});
