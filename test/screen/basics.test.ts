import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { jaroWinkler, osaDistance } from '../../src/screen/similarity.js';
import { normalizeOrgName, normalizeVesselName } from '../../src/screen/normalize.js';
import { flagKey } from '../../src/screen/country.js';
import { scoreName } from '../../src/screen/name-index.js';
import { parseCsv } from '../../src/screen/csv.js';

describe('jaroWinkler', () => {
  it('gives the published values (Winkler 1990 examples)', () => {
    expect(jaroWinkler('MARTHA', 'MARHTA')).toBeCloseTo(0.961, 3);
    expect(jaroWinkler('DWAYNE', 'DUANE')).toBeCloseTo(0.84, 2);
    expect(jaroWinkler('DIXON', 'DICKSONX')).toBeCloseTo(0.813, 3);
    expect(jaroWinkler('ABC', 'ABC')).toBe(1);
    expect(jaroWinkler('ABC', 'XYZ')).toBe(0);
    expect(jaroWinkler('', 'A')).toBe(0);
  });
  it('is symmetric and within [0, 1]', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), fc.string({ maxLength: 12 }), (a, b) => {
        const x = jaroWinkler(a, b);
        expect(x).toBeGreaterThanOrEqual(0);
        expect(x).toBeLessThanOrEqual(1 + 1e-12);
        expect(x).toBeCloseTo(jaroWinkler(b, a), 9);
      }),
    );
  });
});

describe('osaDistance', () => {
  it('counts substitutions, insertions, deletions and adjacent swaps', () => {
    expect(osaDistance('ARTAVIL', 'ARTAVIL', 2)).toBe(0);
    expect(osaDistance('ARTAVIL', 'ARTAVLL', 2)).toBe(1);
    expect(osaDistance('ARTAVIL', 'ARTVIL', 2)).toBe(1);
    expect(osaDistance('ARTAVIL', 'ATRAVIL', 2)).toBe(1);
    expect(osaDistance('ARTAVIL', 'ARTAVILE', 2)).toBe(1);
    expect(osaDistance('KITTEN', 'SITTING', 5)).toBe(3);
  });
  it('stops at the cutoff', () => {
    expect(osaDistance('ABCDEFGH', 'HGFEDCBA', 2)).toBe(3);
    expect(osaDistance('A', 'ABCD', 1)).toBe(2);
  });
  it('agrees with a plain dynamic programme below the cutoff', () => {
    const ref = (a: string, b: string): number => {
      const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
      for (let i = 1; i <= a.length; i++) {
        for (let j = 1; j <= b.length; j++) {
          const cost = a[i - 1] === b[j - 1] ? 0 : 1;
          d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
          if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
        }
      }
      return d[a.length]![b.length]!;
    };
    fc.assert(
      fc.property(fc.stringMatching(/^[A-D]{0,8}$/), fc.stringMatching(/^[A-D]{0,8}$/), (a, b) => {
        const r = ref(a, b);
        expect(osaDistance(a, b, 3)).toBe(r > 3 ? 4 : r);
      }),
    );
  });
});

describe('normalizeVesselName', () => {
  it('ignores spacing, case, punctuation, @ padding and ship prefixes', () => {
    const key = normalizeVesselName('CHON MA SAN').compact;
    for (const v of ['CHONMASAN', 'chon ma san', 'M/V CHON MA SAN', 'MT Chon-Ma-San', 'M.T. CHON MA SAN@@@@@@@@@', 'mv  chon.ma.san']) {
      expect(normalizeVesselName(v).compact).toBe(key);
    }
  });
  it('keeps a lone prefix-like word as the name', () => {
    expect(normalizeVesselName('MT').compact).toBe('MT');
    expect(normalizeVesselName('SS').compact).toBe('SS');
  });
  it('reads numbers, Roman numerals after the first word included', () => {
    expect(normalizeVesselName('HAO FAN 2').numbers).toEqual(['2']);
    expect(normalizeVesselName('ARGO I').numbers).toEqual(['1']);
    expect(normalizeVesselName('DIAMOND II').numbers).toEqual(['2']);
    expect(normalizeVesselName('IVAN').numbers).toEqual([]);
  });
  it('transliterates with any-ascii', () => {
    expect(normalizeVesselName('ВОЛГА').compact).toBe('VOLGA');
    expect(normalizeVesselName('Ευτυχία').compact).toBe('EYTYCHIA');
  });
  it('makes numbers decide: HAO FAN 2 is not HAO FAN 6, ARGO I is not ARGO II', () => {
    expect(scoreName(normalizeVesselName('HAO FAN 2'), normalizeVesselName('HAO FAN 6'))).toBeNull();
    expect(scoreName(normalizeVesselName('ARGO I'), normalizeVesselName('ARGO II'))).toBeNull();
    expect(scoreName(normalizeVesselName('ARGO 1'), normalizeVesselName('ARGO I'))?.score).toBeGreaterThan(0.7);
  });
  it('scores one typo high and unrelated names not at all', () => {
    const s = scoreName(normalizeVesselName('ARTAVLL'), normalizeVesselName('ARTAVIL'));
    expect(s?.edits).toBe(1);
    expect(s!.score).toBeGreaterThan(0.85);
    expect(s!.score).toBeLessThan(1);
    expect(scoreName(normalizeVesselName('OCEAN STAR'), normalizeVesselName('ARTAVIL'))).toBeNull();
    // too short for any typo
    expect(scoreName(normalizeVesselName('ARK'), normalizeVesselName('ARC'))).toBeNull();
  });
});

describe('normalizeOrgName', () => {
  it('drops legal forms and punctuation', () => {
    expect(normalizeOrgName('Korea Achim Shipping Co., Ltd.').compact).toBe(normalizeOrgName('KOREA ACHIM SHIPPING CO').compact);
    expect(normalizeOrgName('Kestrel Shipping S.A.').compact).toBe('KESTRELSHIPPING');
  });
});

describe('flagKey', () => {
  it('reduces every spelling of a flag state to one key', () => {
    expect(flagKey("Democratic People's Republic of Korea")).toBe('KP');
    expect(flagKey('kp')).toBe('KP');
    expect(flagKey('Iran (Islamic Republic of)')).toBe('IR');
    expect(flagKey('Hong Kong (Special Administrative Region of China) - China (People\'s Republic of)')).toBe('HK');
    expect(flagKey('St. Kitts & Nevis')).toBe('KN');
    expect(flagKey('Saint Kitts and Nevis')).toBe('KN');
    expect(flagKey('Russia')).toBe(flagKey('Russian Federation'));
    expect(flagKey('None Identified')).toBeNull();
    expect(flagKey('')).toBeNull();
  });
});

describe('parseCsv', () => {
  it('reads quotes, doubled quotes, embedded line breaks, CRLF and a DOS EOF byte', () => {
    const rows = [...parseCsv('a,"b,c","say ""hi"""\r\n1,"two\nlines",3\r\n\x1a')];
    expect(rows.map((r) => r.fields)).toEqual([['a', 'b,c', 'say "hi"'], ['1', 'two\nlines', '3']]);
    expect(rows[1]!.line).toBe(2);
  });
});
