import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { readInput, byteSourceFromBytes } from '../../src/sources/index.js';
import type { SourceBatch } from '../../src/sources/types.js';
import { encodeSentences } from '../../src/ais/encode.js';
import { fixtures, sharedFile } from '../ais/paths.js';

async function all(input: Parameters<typeof readInput>[0], opts: Parameters<typeof readInput>[1] = {}): Promise<SourceBatch[]> {
  const out: SourceBatch[] = [];
  for await (const b of readInput(input, opts)) out.push(b);
  return out;
}

describe('NMEA reader', () => {
  it('turns tagged NMEA into positions and statics with receive times', async () => {
    const t0 = Date.UTC(2026, 2, 1, 12);
    const lines = [
      ...encodeSentences({ type: 1, mmsi: 445123456, status: 0, turn: -128, speed: 4, lon: Math.round(124.63 * 600000), lat: Math.round(38.21 * 600000), course: 900, heading: 511, second: 0 }, { time: t0 }),
      ...encodeSentences({ type: 5, mmsi: 445123456, imo: 9305609, callsign: 'HMAA', shipname: 'CHON MA SAN', shiptype: 80, to_bow: 90, to_stern: 20, to_port: 10, to_starboard: 8, draught: 65, destination: 'NAMPO' }, { time: t0 + 60_000, seqId: 1 }),
      ...encodeSentences({ type: 18, mmsi: 412000001, speed: 1023, lon: 181 * 600000, lat: 91 * 600000, course: 3600, heading: 511 }, { time: t0 + 61_000 }),
      '!AIVDM,1,1,,A,15N1u<PP1FJuvSRHOE6QIwwh0HQ6,0*31',
    ];
    const batches = await all(byteSourceFromBytes('t.nmea', lines.join('\n')));
    const positions = batches.flatMap((b) => b.positions);
    const statics = batches.flatMap((b) => b.statics);
    expect(positions).toEqual([{ mmsi: 445123456, t: t0, lat: 38.21, lon: 124.63, sog: 0.4, cog: 90, heading: null, navStatus: 0, source: 't.nmea', msgType: 1, lineNo: 1 }]);
    expect(statics).toEqual([
      { mmsi: 445123456, t: t0 + 60_000, imo: 9305609, name: 'CHON MA SAN', callsign: 'HMAA', shipType: 80, length: 110, width: 18, draught: 6.5, destination: 'NAMPO', flag: 'KP', source: 't.nmea', lineNo: 2 },
    ]);
    const last = batches[batches.length - 1]!;
    expect(last.skipped.no_position).toBe(1);
    expect(last.rejects.map((r) => r.reason)).toEqual(['checksum']);
  });

  it('refuses NMEA without receive times unless a start is assumed', async () => {
    const text = readFileSync(path.join(fixtures, 'ais/gpsd/daemon/ais-nmea-type6-fid55.log'));
    await expect(all(byteSourceFromBytes('untimed.log', text))).rejects.toThrow(/no receive time.*--assume-start/);
    const start = Date.UTC(2018, 8, 4);
    const batches = await all(byteSourceFromBytes('untimed.log', text), { assumeStart: start });
    const pos = batches.flatMap((b) => b.positions);
    expect(pos.length).toBeGreaterThan(600);
    expect(pos[0]!.t).toBe(start);
    expect(pos.every((p, i) => i === 0 || p.t >= pos[i - 1]!.t)).toBe(true);
  });

  it('reads the real DMA sample (gzip, $PGHP times, tag blocks) with exact counts', async () => {
    const f = sharedFile('tracks/dma_ais_sample_2013-11-12.txt.gz');
    if (!f) return;
    const batches = await all(f);
    const positions = batches.flatMap((b) => b.positions);
    const rejects = batches.flatMap((b) => b.rejects);
    expect(positions.length).toBe(24688);
    expect(batches.flatMap((b) => b.statics).length).toBe(76);
    expect(rejects.length).toBe(0);
    for (const p of positions) {
      expect(p.t).toBeGreaterThanOrEqual(Date.UTC(2013, 10, 12, 12, 0, 0));
      expect(p.t).toBeLessThan(Date.UTC(2013, 10, 12, 12, 5, 0));
      expect(p.lat).toBeGreaterThan(50);
      expect(p.lat).toBeLessThan(60);
    }
    console.log(`DMA sample: ${positions.length} positions, ${batches.flatMap((b) => b.statics).length} statics, ${rejects.length} rejects`);
    // the ingest step's columnar batches hold the same positions, in the same order
    const columnar = await all(f, { columnar: true });
    expect(columnar.every((b) => b.positions.length === 0)).toBe(true);
    expect(columnar.flatMap((b) => b.columns!.toPositions())).toEqual(positions);
    expect(columnar.flatMap((b) => b.statics)).toEqual(batches.flatMap((b) => b.statics));
  });

  it('columnar batches of an untimed log (every position decoded the long way) hold what object batches hold', async () => {
    const text = readFileSync(path.join(fixtures, 'ais/gpsd/daemon/ais-nmea-type6-fid55.log'));
    const start = Date.UTC(2018, 8, 4);
    const objects = (await all(byteSourceFromBytes('untimed.log', text), { assumeStart: start })).flatMap((b) => b.positions);
    const columns = (await all(byteSourceFromBytes('untimed.log', text), { assumeStart: start, columnar: true })).flatMap((b) => b.columns!.toPositions());
    expect(objects.length).toBeGreaterThan(600);
    expect(columns).toEqual(objects);
    expect(columns.every((p) => p.lineNo! >= 1 && p.msgType !== undefined)).toBe(true);
  });
});

describe('fast position path', () => {
  it('gives exactly what the full decode + toPosition gives (types 1-3, 18, full value ranges)', async () => {
    const fc = (await import('fast-check')).default;
    const { arbFor } = await import('../ais/arb.js');
    const M = await import('../../src/ais/messages.js');
    const { fastPosition, toPosition } = await import('../../src/sources/nmea-records.js');
    const { PositionColumns } = await import('../../src/records.js');
    const { PayloadDecoder } = await import('../../src/ais/decode.js');
    const { encodeBits } = await import('../../src/ais/encode.js');
    const dec = new PayloadDecoder({});
    fc.assert(
      fc.property(fc.constantFrom(1, 2, 3, 18), fc.integer({ min: 0, max: 2 ** 30 - 1 }), arbFor(M.POSITION_A), arbFor(M.POSITION_B), (type, mmsi, a, b) => {
        const sb = new Uint8Array(80);
        const nbits = encodeBits({ type, mmsi, ...(type === 18 ? b : a) }, sb);
        const full = dec.tryDecode(sb, nbits);
        const slow = full ? toPosition(full, 1000, 's') : null;
        if (slow) slow.lineNo = 7;
        const cols = new PositionColumns(4);
        const took = fastPosition(sb, nbits, 1000, 7, cols.sourceId('s'), cols);
        expect(took).toBe(slow !== null);
        expect(took ? cols.get(0) : null).toEqual(slow);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('NMEA resume point', () => {
  it('safeLine() counts the lines before safeOffset(), a multipart group waiting for its rest included', async () => {
    const { AisStream } = await import('../../src/ais/stream.js');
    const t = Date.UTC(2026, 2, 1);
    const single = (mmsi: number): string => encodeSentences({ type: 1, mmsi, status: 0, turn: -128, speed: 4, lon: 0, lat: 0, course: 900, heading: 511, second: 0 }, { time: t })[0]!;
    const [part1, part2] = encodeSentences({ type: 5, mmsi: 445123456, imo: 9305609, callsign: 'HMAA', shipname: 'CHON MA SAN', shiptype: 80, to_bow: 90, to_stern: 20, to_port: 10, to_starboard: 8, draught: 65, destination: 'NAMPO' }, { time: t, seqId: 3 });
    const head = `${[single(412000001), part1, single(412000002), single(412000003)].join('\n')}\n`;
    const s = new AisStream();
    const lines: number[] = [];
    const emit = (): void => {
      lines.push(s.currentLine);
    };
    s.push(Buffer.from(head, 'latin1'), emit);
    // resuming at the group's first sentence: one line lies before it
    expect(head.slice(0, s.safeOffset())).toBe(`${single(412000001)}\n`);
    expect(s.safeLine()).toBe(1);
    s.push(Buffer.from(`${part2}\n`, 'latin1'), emit);
    expect(s.safeLine()).toBe(5);
    // each message's line: a multipart one is its first sentence's
    expect(lines).toEqual([1, 3, 4, 2]);
  });
});
