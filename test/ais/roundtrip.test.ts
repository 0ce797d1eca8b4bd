import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { encodeSentences, encodePayload } from '../../src/ais/encode.js';
import { decodeSentence, AisStream } from '../../src/ais/stream.js';
import { COMMON_TABLES, arbFor, sixbitText } from './arb.js';
import * as M from '../../src/ais/messages.js';
import type { TableDef } from '../../src/ais/fields.js';

const mmsi = fc.integer({ min: 0, max: 2 ** 30 - 1 });
const repeat = fc.integer({ min: 0, max: 3 });

const CASES: [number[], TableDef][] = [
  ...COMMON_TABLES,
  [[10], M.UTC_INQUIRY],
  [[20], M.DATALINK],
  [[23], M.GROUP_ASSIGNMENT],
];

describe('encode -> decode round trip (raw values, full ranges)', () => {
  for (const [types, def] of CASES) {
    it(`types ${types.join(',')}`, () => {
      fc.assert(
        fc.property(fc.constantFrom(...types), repeat, mmsi, arbFor(def), (type, rep, id, fields) => {
          const msg = { type, repeat: rep, mmsi: id, ...fields };
          const lines = encodeSentences(msg, { seqId: 3 });
          const back = decodeSentence(lines, { raw: true });
          for (const [k, v] of Object.entries(msg)) expect(back[k], `${k} of type ${type}`).toEqual(v);
        }),
        { numRuns: 400 },
      );
    });
  }

  it('type 24 parts A and B (split and merged)', () => {
    fc.assert(
      fc.property(repeat, fc.integer({ min: 200000000, max: 799999999 }), sixbitText(20), arbFor(M.STATIC_B_PART_B), (rep, id, name, b) => {
        const a = decodeSentence(encodeSentences({ type: 24, repeat: rep, mmsi: id, part: 'A', shipname: name }), { raw: true });
        expect(a.shipname).toBe(name);
        const bmsg = { type: 24, repeat: rep, mmsi: id, part: 'B', ...b };
        const back = decodeSentence(encodeSentences(bmsg), { raw: true });
        for (const k of ['shiptype', 'vendorid', 'callsign', 'to_bow', 'to_stern', 'to_port', 'to_starboard']) expect(back[k]).toEqual(b[k]);
        // merged, as gpsd prints it by default
        const s = new AisStream({});
        const out = s.decodeAll([...encodeSentences({ type: 24, repeat: rep, mmsi: id, part: 'A', shipname: name }), ...encodeSentences(bmsg)].join('\n'));
        expect(out).toHaveLength(1);
        expect(out[0]!.shipname).toBe(name);
        expect(out[0]!.callsign).toBe(b.callsign);
      }),
      { numRuns: 300 },
    );
  });

  it('text and binary messages 6, 8, 12, 14, 17, 25, 26', () => {
    const hex = (bits: number): fc.Arbitrary<string> =>
      fc.uint8Array({ minLength: Math.ceil(bits / 8), maxLength: Math.ceil(bits / 8) }).map((a) => {
        const bytes = Array.from(a);
        const rem = bits % 8;
        if (rem && bytes.length) bytes[bytes.length - 1]! &= (0xff << (8 - rem)) & 0xff;
        return `${bits}:${bytes.map((x) => x.toString(16).padStart(2, '0')).join('')}`;
      });
    fc.assert(
      fc.property(mmsi, sixbitText(150), fc.integer({ min: 0, max: 900 }).chain((n) => hex(n)), (id, text, data) => {
        expect(decodeSentence(encodeSentences({ type: 14, mmsi: id, text }), { raw: true }).text).toBe(text);
        const t12 = decodeSentence(encodeSentences({ type: 12, mmsi: id, seqno: 2, dest_mmsi: 123456789, retransmit: true, text }), { raw: true });
        expect([t12.text, t12.dest_mmsi, t12.seqno, t12.retransmit]).toEqual([text, 123456789, 2, true]);
        const t8 = decodeSentence(encodeSentences({ type: 8, mmsi: id, dac: 999, fid: 63, data }), { raw: true });
        expect([t8.dac, t8.fid, t8.data]).toEqual([999, 63, data]);
      }),
      { numRuns: 300 },
    );
  });

  it('scaled values are the raw values in gpsd units', () => {
    const msg = { type: 1, mmsi: 412000001, status: 5, turn: -128, speed: 123, accuracy: true, lon: -74037230, lat: 24402360, course: 3600, heading: 511, second: 60, maneuver: 0, raim: false, radio: 0 };
    const m = decodeSentence(encodeSentences(msg));
    expect(m).toMatchObject({ speed: 12.3, lon: -123.3953833, lat: 40.6706, course: 360, heading: 511, turn: 'n/a', status_text: 'Moored' });
    const { payload } = encodePayload(msg);
    expect(payload).toHaveLength(28);
  });
});
