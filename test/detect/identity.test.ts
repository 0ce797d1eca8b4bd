import { describe, expect, it } from 'vitest';
import { H, OFFSHORE, T0, detect, merge, ofType, path, staticRec } from './sim.js';

const IMO = 9074729; // valid check digit
const [LAT, LON] = OFFSHORE;

function reports(mmsi: number, from: number, to: number, over: Parameters<typeof staticRec>[2]) {
  const out = [];
  for (let t = from; t < to; t += 6 * 60_000) out.push(staticRec(mmsi, t, over));
  return out;
}

describe('identity_change', () => {
  it('one hull (IMO) under three MMSIs, names and flags: changes, then flag hopping', () => {
    const A = 445000001; // KP
    const B = 613000002; // CM (Cameroon)
    const C = 667000003; // SL (Sierra Leone)
    const recs = merge(
      path(A, [[T0, LAT, LON], [T0 + 10 * H, LAT, LON]], { everyS: 600 }),
      reports(A, T0, T0 + 10 * H, { imo: IMO, name: 'CHON MA SAN', callsign: 'HMYA' }),
      path(B, [[T0 + 20 * H, LAT, LON], [T0 + 30 * H, LAT, LON]], { everyS: 600 }),
      reports(B, T0 + 20 * H, T0 + 30 * H, { imo: IMO, name: 'SAN MA', callsign: 'TJMC2' }),
      path(C, [[T0 + 40 * H, LAT, LON], [T0 + 50 * H, LAT, LON]], { everyS: 600 }),
      reports(C, T0 + 40 * H, T0 + 50 * H, { imo: IMO, name: 'MA SAN', callsign: '9LU2' }),
    );
    const ev = ofType(detect(recs), 'identity_change');
    expect(ev.map((e) => e.mmsi)).toEqual([
      [A, B],
      [B, C],
    ]);
    expect(ev[0]!.flags).toEqual(['mmsi_change', 'flag_change', 'name_change']);
    expect(ev[0]!.evidence).toMatchObject({ imo: IMO, flagFrom: 'KP', flagTo: 'CM', nameFrom: 'CHON MA SAN', nameTo: 'SAN MA' });
    expect(ev[1]!.flags).toContain('flag_hopping');
    expect(ev[0]!.start < ev[0]!.end).toBe(true);
    expect(Date.parse(ev[0]!.end)).toBe(T0 + 20 * H);
  });

  it('a name change on one MMSI needs two reports in a row; one corrupt message is ignored', () => {
    const M = 445000009;
    const recs = [
      ...reports(M, T0, T0 + H, { name: 'KUM SAN' }),
      staticRec(M, T0 + H + 60_000, { name: 'KUM SAM' }), // one bit error
      ...reports(M, T0 + 2 * H, T0 + 3 * H, { name: 'KUM SAN' }),
      ...reports(M, T0 + 3 * H, T0 + 4 * H, { name: 'PAEK MA' }),
    ];
    const ev = ofType(detect(recs), 'identity_change');
    expect(ev).toHaveLength(1);
    expect(ev[0]!.mmsi).toEqual([M]);
    expect(ev[0]!.flags).toEqual(['name_change']);
    expect(ev[0]!.evidence).toMatchObject({ nameFrom: 'KUM SAN', nameTo: 'PAEK MA' });
  });

  it('names flipping on an invalid or default MMSI (a factory default heard from several hulls) are no change of one hull', () => {
    const recs = merge(
      ...[1193046, 412000000].map((M) => [
        ...reports(M, T0, T0 + H, { name: 'NAUTICAST' }),
        ...reports(M, T0 + H, T0 + 2 * H, { name: 'THALIA' }),
        ...reports(M, T0 + 2 * H, T0 + 3 * H, { name: 'GAOXING8' }),
      ]),
    );
    expect(ofType(detect(recs), 'identity_change')).toEqual([]);
  });

  it('carries the vessel\'s identity-quality findings (a wrong IMO it need not carry) as evidence', () => {
    const M = 445000019;
    const recs = [...reports(M, T0, T0 + H, { name: 'KUM SAN', imo: 1234568, shipType: 30 }), ...reports(M, T0 + H, T0 + 2 * H, { name: 'PAEK MA', imo: 1234568, shipType: 30 })];
    const ev = detect(recs);
    expect(ofType(ev, 'spoofing')).toEqual([]);
    const ic = ofType(ev, 'identity_change');
    expect(ic).toHaveLength(1);
    expect(ic[0]!.evidence['identityQuality']).toEqual(['imo_invalid_check_digit']);
  });

  it('two hulls using one IMO at the same time are no identity change (nor a flip-flop of them)', () => {
    const A = 445000001;
    const B = 445000002;
    const recs = merge(reports(A, T0, T0 + 10 * H, { imo: IMO }), reports(B, T0 + 3 * 60_000, T0 + 10 * H, { imo: IMO }));
    expect(ofType(detect(recs), 'identity_change')).toHaveLength(0);
  });
});
