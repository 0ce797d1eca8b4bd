/** fast-check generators of raw AIS field values, shared by the round-trip and gpsdecode tests. */
import fc from 'fast-check';
import { SIXBIT_CHARS } from '../../src/ais/bits.js';
import type { TableDef } from '../../src/ais/fields.js';
import * as M from '../../src/ais/messages.js';

/** Text the decoder returns unchanged: 6-bit characters, no '@', no trailing space. */
export const sixbitText = (max: number): fc.Arbitrary<string> =>
  fc
    .array(fc.constantFrom(...SIXBIT_CHARS.slice(1)), { maxLength: max })
    .map((a) => a.join('').replace(/ +$/, ''));

/** Raw values over each field's full range; with `specials`, the not-available codes weighted in. */
export function arbFor(def: TableDef, specials = true): fc.Arbitrary<Record<string, unknown>> {
  const rec: Record<string, fc.Arbitrary<unknown>> = {};
  for (const f of def.fields) {
    if (f.kind === 'spare' || f.at !== undefined) continue;
    if (f.kind === 'bool') rec[f.name] = fc.boolean();
    else if (f.kind === 'text') rec[f.name] = sixbitText(f.bits / 6);
    else if (f.kind === 'uint') {
      const any = fc.integer({ min: 0, max: 2 ** f.bits - 1 });
      rec[f.name] = specials ? fc.oneof(any, fc.constant(2 ** f.bits - 1), fc.constant(0)) : any;
    } else {
      const half = 2 ** (f.bits - 1);
      const any = fc.integer({ min: -half, max: half - 1 });
      // gpsd's not-available codes: lon 181 and lat 91 degrees in the field's own unit
      const na = f.div && /lon/.test(f.name) ? 181 * f.div : f.div && /lat/.test(f.name) ? 91 * f.div : -half;
      rec[f.name] = specials ? fc.oneof(any, fc.constant(na), fc.constant(-1)) : any;
    }
  }
  return fc.record(rec);
}

/** The common position/static message families, by the types that share each table. */
export const COMMON_TABLES: [number[], TableDef][] = [
  [[1, 2, 3], M.POSITION_A],
  [[4, 11], M.BASE_STATION],
  [[5], M.STATIC_VOYAGE],
  [[9], M.SAR_AIRCRAFT],
  [[18], M.POSITION_B],
  [[19], M.POSITION_B_EXTENDED],
  [[21], M.ATON],
  [[27], M.LONG_RANGE],
];
