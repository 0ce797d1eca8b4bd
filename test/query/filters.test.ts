import { describe, expect, it } from 'vitest';
import { MAX_LIMIT, parseEventQuery, parseIsoStrict } from '../../src/query/filters.js';
import { UsageError } from '../../src/errors.js';

function err(raw: Record<string, string>, style: 'cli' | 'api' = 'cli'): string {
  try {
    parseEventQuery(raw, style);
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    return (e as Error).message;
  }
  throw new Error('expected a UsageError');
}

describe('strict ISO dates', () => {
  it('reads dates, date-times, fractions and offsets', () => {
    expect(parseIsoStrict('2013-11-30')).toBe(Date.UTC(2013, 10, 30));
    expect(parseIsoStrict('2024-03-01T14:00:00Z')).toBe(Date.UTC(2024, 2, 1, 14));
    expect(parseIsoStrict('2024-03-01T14:00')).toBe(Date.UTC(2024, 2, 1, 14));
    expect(parseIsoStrict('2024-03-01T14:00:00.250Z')).toBe(Date.UTC(2024, 2, 1, 14, 0, 0, 250));
    expect(parseIsoStrict('2024-03-01T14:00:00+09:00')).toBe(Date.UTC(2024, 2, 1, 5));
    expect(parseIsoStrict('2024-02-29')).toBe(Date.UTC(2024, 1, 29));
  });
  it('refuses what Date.parse rolls over or guesses', () => {
    for (const s of ['2013-11-31', '2023-02-29', '2024-13-01', '2024-03-01T24:00', '2024-03-01T12:60', '01/03/2024', 'yesterday', '2024-3-1', ''])
      expect(parseIsoStrict(s), s).toBeNull();
  });
});

describe('event filters (one schema for CLI and API)', () => {
  it('parses every filter', () => {
    expect(parseEventQuery({ type: 'encounter,gap', mmsi: '412000001', bbox: '124,38,125,39', from: '2024-03-01', to: '2024-03-02T00:00:00Z', limit: '50', minConfidence: '0.5', flags: 'night' }, 'cli')).toEqual({
      type: ['encounter', 'gap'], mmsi: 412000001, bbox: [124, 38, 125, 39], from: Date.UTC(2024, 2, 1), to: Date.UTC(2024, 2, 2), limit: 50, minConfidence: 0.5, flags: ['night'],
    });
    expect(parseEventQuery({ type: undefined, limit: '' } as Record<string, string | undefined>, 'cli')).toEqual({});
  });
  it('names the option and what is expected', () => {
    expect(err({ limit: 'abc' })).toBe(`--limit: "abc" is not a whole number from 1 to ${MAX_LIMIT}`);
    expect(err({ limit: '-3' })).toMatch(/^--limit: "-3" is not a whole number/);
    expect(err({ limit: '2.5' })).toMatch(/^--limit: "2.5" is not a whole number/);
    expect(err({ limit: String(MAX_LIMIT + 1) })).toMatch(/^--limit:/);
    expect(err({ type: 'encountr' })).toMatch(/^--type: unknown event type "encountr"; one of encounter, loitering, gap/);
    expect(err({ from: '2013-11-31' })).toMatch(/^--from: "2013-11-31" is not a valid ISO 8601 date/);
    expect(err({ mmsi: '12345' })).toMatch(/^--mmsi: expected an MMSI of 9 digits/);
    expect(err({ bbox: '1,2,3' })).toMatch(/^--bbox: "1,2,3" is not a box/);
    expect(err({ minConfidence: '1.5' })).toMatch(/^--min-confidence: "1.5" is not a number from 0 to 1/);
    expect(err({ from: '2024-03-02', to: '2024-03-01' })).toMatch(/^--from: 2024-03-02T00:00:00.000Z is after --to/);
    expect(err({ limt: '3' })).toBe('unknown filter --limt');
  });
  it('names API parameters as the API spells them', () => {
    expect(err({ minConfidence: 'x' }, 'api')).toMatch(/^minConfidence: /);
    expect(err({ limit: '0' }, 'api')).toMatch(/^limit: "0" is not a whole number/);
  });
});
