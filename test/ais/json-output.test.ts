import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { AisJsonStream, AisStream } from '../../src/ais/stream.js';
import { wFixed, quote } from '../../src/ais/fields.js';

function fixed(n: number, d: number): string {
  const o = new Uint8Array(64);
  return Buffer.from(o.subarray(0, wFixed(o, 0, n, d))).toString('latin1');
}
import { valuesEqual } from './compare.js';
import { nmeaFixtures } from './paths.js';

const files = nmeaFixtures();

describe('JSON text output (decode fast path)', () => {
  it('fixed() and quote() format like gpsd', () => {
    expect(fixed(-1233953833, 7)).toBe('-123.3953833');
    expect(fixed(5, 7)).toBe('0.0000005');
    expect(fixed(-5, 1)).toBe('-0.5');
    expect(fixed(123, 1)).toBe('12.3');
    expect(fixed(0, 1)).toBe('0.0');
    expect(quote('A"B\\C')).toBe(JSON.stringify('A"B\\C'));
    expect(quote('EVER DIADEM')).toBe('"EVER DIADEM"');
  });

  for (const scaled of [true, false]) {
    it.each(files.map((f) => path.basename(f)))(`%s: JSON text equals the object path (scaled=${scaled})`, (name) => {
      const file = files.find((f) => path.basename(f) === name)!;
      const buf = readFileSync(file);
      const objs = new AisStream({ scaled }).decodeAll(buf);
      const texts = new AisJsonStream({ scaled }).decodeAllText(buf);
      expect(texts.length).toBe(objs.length);
      texts.forEach((t, i) => {
        const parsed = JSON.parse(t) as Record<string, unknown>;
        const o = JSON.parse(JSON.stringify(objs[i])) as Record<string, unknown>;
        expect(Object.keys(parsed)).toEqual(Object.keys(o));
        for (const k of Object.keys(o)) expect(valuesEqual(parsed[k], o[k]), `${k}: ${JSON.stringify(parsed[k])} vs ${JSON.stringify(o[k])}`).toBe(true);
      });
    });
  }
});
