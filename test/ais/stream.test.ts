import { describe, expect, it } from 'vitest';
import { AisStream, decodeSentence } from '../../src/ais/stream.js';
import { encodeSentences, checksum } from '../../src/ais/encode.js';
import { NmeaError, DarkfleetError } from '../../src/errors.js';

const POS = '!AIVDM,1,1,,A,15N1u<PP1FJuvSRHOE6QIwwh0HQ6,0*30';
const T5 = ['!AIVDM,2,1,9,B,55R3Vn82=ILTQ3KKS>1<D60Dq@E918U<F222221J1`?164vc03S1CCAD,0*2A', '!AIVDM,2,2,9,B,`88888888888880,2*76'];

function decode(text: string, opts = {}): { msgs: Record<string, unknown>[]; s: AisStream } {
  const s = new AisStream(opts);
  return { msgs: s.decodeAll(text), s };
}

describe('NMEA framing', () => {
  it('decodes any talker and !..VDO', () => {
    for (const talker of ['AIVDM', 'BSVDM', 'ABVDM', 'AIVDO']) {
      const body = POS.slice(1, POS.indexOf('*')).replace('AIVDM', talker);
      let cs = 0;
      for (const c of body) cs ^= c.charCodeAt(0);
      const line = `!${body}*${cs.toString(16).toUpperCase().padStart(2, '0')}`;
      expect(decode(line).msgs[0]).toMatchObject({ type: 1, mmsi: 367033650 });
    }
  });

  it('reads receive times from tag blocks (s and ms), $PGHP lines, trailing epochs and prefixes', () => {
    expect(decode(`\\c:1418172113*${'00'}\\${POS}`).s.stats.rejects.bad_tagblock).toBe(1);
    expect(decode(`\\c:1418172113\\${POS}`).msgs[0]!.rxtime).toBe('2014-12-10T00:41:53.000Z');
    expect(decode(`\\s:r1,c:1418172113123\\${POS}`).msgs[0]).toMatchObject({ rxtime: '2014-12-10T00:41:53.123Z', station: 'r1' });
    expect(decode(`$PGHP,1,2008,5,9,0,0,0,10,338,2,,1,09*17\n${POS}`).msgs[0]!.rxtime).toBe('2008-05-09T00:00:00.010Z');
    expect(decode(`${POS},1327992119173`).msgs[0]!.rxtime).toBe('2012-01-31T06:41:59.173Z');
    expect(decode(`${POS},d-109,S2105,t050056.00,T56.137,r003669946,1325394060,1325394001`).msgs[0]!.rxtime).toBe('2012-01-01T05:01:00.000Z');
    expect(decode(`2013-11-12 12:00:00.250 ${POS}`).msgs[0]!.rxtime).toBe('2013-11-12T12:00:00.250Z');
    expect(decode(`1325394060 ${POS}`).msgs[0]!.rxtime).toBe('2012-01-01T05:01:00.000Z');
    // a $PGHP time applies to the next sentence only
    const two = decode(`$PGHP,1,2008,5,9,0,0,0,10,338,2,,1,09*17\n${POS}\n${POS}`).msgs;
    expect(two[1]!.rxtime).toBeUndefined();
  });

  it('counts every line: decoded, rejected by reason, or other', () => {
    const text = [POS, '', '# comment', '$GPGGA,213950.00,5250.53669,N,00542.34920,E,1,09,1.03,-6.0,M,45.8,M,,*7B', POS.replace('*30', '*31'), 'junk', POS.slice(0, 20), ...T5].join('\n');
    const { msgs, s } = decode(text);
    expect(msgs.map((m) => m.type)).toEqual([1, 5]);
    expect(s.stats).toMatchObject({ lines: 9, ok: 3, messages: 2, pending: 0 });
    expect(s.stats.rejects).toEqual({ checksum: 1, not_nmea: 1, no_checksum: 1 });
    expect(s.stats.other).toEqual({ blank: 1, comment: 1, nmea: 1 });
  });

  it('reassembles interleaved multipart groups by channel and sequence id', () => {
    const a = encodeSentences({ type: 5, mmsi: 412000001, shipname: 'ALPHA', callsign: 'AAA1', imo: 9074729 }, { seqId: 1, channel: 'A' });
    const b = encodeSentences({ type: 5, mmsi: 445000002, shipname: 'BRAVO', callsign: 'BBB2', imo: 9176187 }, { seqId: 2, channel: 'A' });
    const c = encodeSentences({ type: 5, mmsi: 413000003, shipname: 'CHARLIE', callsign: 'CCC3' }, { seqId: 1, channel: 'B' });
    const { msgs, s } = decode([a[0], b[0], c[0], POS, b[1], a[1], c[1]].join('\n'));
    expect(msgs.filter((m) => m.type === 5).map((m) => m.shipname)).toEqual(['BRAVO', 'ALPHA', 'CHARLIE']);
    expect(s.stats.rejects).toEqual({});
  });

  it('drops and counts orphan, out-of-order and stale fragments', () => {
    const g = encodeSentences({ type: 5, mmsi: 412000001, shipname: 'ALPHA' }, { seqId: 3 });
    // second fragment alone, then a group whose second part never comes
    const { msgs, s } = decode([g[1], g[0], ...Array(250).fill(POS), g[1]].join('\n'), { maxPendingLines: 200 });
    expect(msgs.filter((m) => m.type === 5)).toHaveLength(0);
    expect(s.stats.rejects.missing_fragment).toBe(3);
    expect(s.stats.lines).toBe(s.stats.ok + 3);
  });

  it('keeps tag-block groups apart by group id', () => {
    const a = encodeSentences({ type: 5, mmsi: 412000001, shipname: 'ALPHA' }, { seqId: 1, time: 1418169601000, source: 's1' });
    const b = encodeSentences({ type: 5, mmsi: 412000002, shipname: 'BRAVO' }, { seqId: 2, time: 1418169602000, source: 's2' });
    const { msgs } = decode([a[0], b[0], a[1], b[1]].join('\n'));
    expect(msgs.map((m) => [m.shipname, m.rxtime, m.station])).toEqual([
      ['ALPHA', '2014-12-10T00:00:01.000Z', 's1'],
      ['BRAVO', '2014-12-10T00:00:02.000Z', 's2'],
    ]);
  });

  it('gives the same messages whatever the chunking of the bytes', () => {
    const text = Buffer.from([POS, ...T5, `\\c:1418172113\\${POS}`, 'junk', ...T5].join('\r\n'));
    const whole = new AisStream({}).decodeAll(text);
    for (const size of [1, 2, 7, 33]) {
      const s = new AisStream({});
      const out: unknown[] = [];
      for (let i = 0; i < text.length; i += size) s.push(text.subarray(i, i + size), (m) => out.push(m));
      s.end((m) => out.push(m));
      expect(out).toEqual(whole);
    }
  });

  it('strict decodeSentence throws typed errors', () => {
    expect(decodeSentence(POS)).toMatchObject({ type: 1 });
    expect(decodeSentence(T5)).toMatchObject({ type: 5, shipname: 'SEA ENTERPRISE' });
    for (const [bad, code] of [
      [POS.replace('*30', '*31'), 'checksum'],
      [T5[0]!, 'missing_fragment'],
      [`!AIVDM,1,1,,A,1,0*${checksum('AIVDM,1,1,,A,1,0')}`, 'truncated'],
    ] as const) {
      try {
        decodeSentence(bad);
        expect.unreachable();
      } catch (err) {
        expect(err).toBeInstanceOf(NmeaError);
        expect(err).toBeInstanceOf(DarkfleetError);
        expect((err as NmeaError).code).toBe(code);
      }
    }
  });
});
