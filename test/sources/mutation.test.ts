/**
 * Mutation test: corrupt rows of real and fixture inputs in known ways; every corrupt row must
 * be counted as a reject with the expected reason, nothing thrown, and every good row yielded
 * exactly as before.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { byteSourceFromBytes, byteSourceFromIterable } from '../../src/sources/open.js';
import { readMarineCadastre } from '../../src/sources/marinecadastre.js';
import { readDma } from '../../src/sources/dma.js';
import { readAisStream } from '../../src/sources/aisstream.js';
import type { RejectReason, SourceBatch } from '../../src/sources/types.js';
import type { ByteSource, ReaderOptions } from '../../src/sources/types.js';
import { collect, countBy, fixture, sharedData } from './helpers.js';

type Mutation = { reason: RejectReason; apply: (fields: string[]) => string };
const join = (f: string[]) => f.join(',');

// MarineCadastre column order: MMSI,BaseDateTime,LAT,LON,SOG,COG,Heading,VesselName,IMO,...
const MC_MUTATIONS: Mutation[] = [
  { reason: 'bad_number', apply: (f) => join(f.map((v, i) => (i === 4 ? '1..2' : v))) },
  { reason: 'bad_number', apply: (f) => join(f.map((v, i) => (i === 6 ? 'NaN?' : v))) },
  { reason: 'column_count', apply: (f) => join(f.slice(0, 12)) },
  { reason: 'column_count', apply: (f) => join([...f, 'extra']) },
  { reason: 'bad_time', apply: (f) => join(f.map((v, i) => (i === 1 ? '2023-13-45T00:00:00' : v))) },
  { reason: 'bad_time', apply: (f) => join(f.map((v, i) => (i === 1 ? '2023-02-29T10:00:00' : v))) },
  { reason: 'bad_time', apply: (f) => join(f.map((v, i) => (i === 1 ? '' : v))) },
  { reason: 'bad_mmsi', apply: (f) => join(f.map((v, i) => (i === 0 ? 'ABC' : v))) },
  { reason: 'bad_mmsi', apply: (f) => join(f.map((v, i) => (i === 0 ? '0' : v))) },
  { reason: 'bad_position', apply: (f) => join(f.map((v, i) => (i === 2 ? 'x' : v))) },
  { reason: 'bad_position', apply: (f) => join(f.map((v, i) => (i === 3 ? '200.5' : v))) },
  { reason: 'bad_position', apply: (f) => join(f.map((v, i) => (i === 2 ? '' : v))) },
  { reason: 'bad_quote', apply: (f) => join(f.map((v, i) => (i === 7 ? '"OPEN QUOTE' : v))) },
  { reason: 'column_count', apply: () => '\u0000\u0001 binary junk ###' },
];

async function readAll(reader: (s: ByteSource, o?: ReaderOptions) => AsyncGenerator<SourceBatch>, name: string, text: string) {
  const raws: string[] = [];
  const got = await collect(reader(byteSourceFromBytes(name, text), { source: 's', onReject: (raw) => raws.push(raw) }));
  return { ...got, raws };
}

describe('corrupt rows are counted, never thrown, good rows kept', () => {
  it('MarineCadastre: every fifth real row corrupted in 14 ways', async () => {
    const p = sharedData('tracks/noaa_marinecadastre_sample_20230111.csv');
    if (!p) return;
    const [header, ...rows] = readFileSync(p, 'utf8').trim().split('\n');
    const clean = await readAll(readMarineCadastre, 'clean.csv', [header, ...rows].join('\n'));
    const out: string[] = [header!];
    const expected: RejectReason[] = [];
    const goodMmsi = new Set<number>();
    rows.forEach((row, i) => {
      if (i % 5 === 2) {
        const m = MC_MUTATIONS[(i / 5) % MC_MUTATIONS.length | 0]!;
        out.push(m.apply(row.split(',')));
        expected.push(m.reason);
      } else {
        out.push(row);
        goodMmsi.add(Number(row.split(',')[0]));
      }
    });
    const got = await readAll(readMarineCadastre, 'mutated.csv', out.join('\n'));
    expect(got.rejects.map((r) => r.reason)).toEqual(expected);
    expect(got.rejects).toHaveLength(200);
    expect(got.raws).toEqual(got.rejects.map((r) => out[r.lineNo - 1]));
    expect(got.positions).toEqual(clean.positions.filter((p) => goodMmsi.has(p.mmsi)));
    expect(got.statics).toEqual(clean.statics.filter((s) => goodMmsi.has(s.mmsi)));
  });

  it('AISStream: random damage to lines never throws and keeps the rest', async () => {
    const lines = readFileSync(fixture('aisstream_sample.jsonl'), 'utf8').trim().split('\n');
    await fc.assert(
      // the last line is left whole: cut to nothing it would be the file's end, not a blank line
      fc.asyncProperty(fc.array(fc.tuple(fc.nat(lines.length - 2), fc.nat(400)), { maxLength: 6 }), async (cuts) => {
        const damaged = new Set(cuts.map(([i]) => i));
        const text = lines.map((l, i) => (damaged.has(i) ? l.slice(0, Math.min(l.length - 1, cuts.find(([j]) => j === i)![1])) : l)).join('\n');
        const got = await readAll(readAisStream, 'x.jsonl', text);
        // a truncated JSON line is one reject; blank leftovers are skipped
        expect(got.rejects.length + (got.skipped.blank ?? 0)).toBe(damaged.size);
        expect(got.rejects.every((r) => r.reason === 'bad_json')).toBe(true);
      }),
      { numRuns: 200, seed: 20261126 },
    );
  });
});

describe('chunking does not change what is read', () => {
  async function chunked(name: string, bytes: Buffer, cuts: number[], reader: typeof readDma) {
    const points = [...new Set(cuts.map((c) => c % bytes.length))].sort((a, b) => a - b);
    async function* parts() {
      let prev = 0;
      for (const p of points) {
        yield bytes.subarray(prev, p);
        prev = p;
      }
      yield bytes.subarray(prev);
    }
    return collect(reader(byteSourceFromIterable(name, parts(), bytes.length), { source: 's' }));
  }

  it('gives the same records and rejects whatever the chunk boundaries', async () => {
    const cases: [string, typeof readDma][] = [
      ['dma_aisdk_sample.csv', readDma],
      ['dma_aisdk_corrupt.csv', readDma],
      ['aisstream_sample.jsonl', readAisStream],
    ];
    for (const [name, reader] of cases) {
      const bytes = readFileSync(fixture(name));
      const whole = await collect(reader(byteSourceFromBytes(name, bytes), { source: 's' }));
      await fc.assert(
        fc.asyncProperty(fc.array(fc.nat(), { maxLength: 20 }), async (cuts) => {
          const got = await chunked(name, bytes, cuts, reader);
          expect(got.positions).toEqual(whole.positions);
          expect(got.statics).toEqual(whole.statics);
          expect(got.rejects).toEqual(whole.rejects);
          expect(got.batches.at(-1)?.progress.bytesRead).toBe(bytes.length);
        }),
        { numRuns: 40 },
      );
    }
  });

  it('counts reasons for the summary', async () => {
    const got = await collect(readDma(byteSourceFromBytes('c.csv', readFileSync(fixture('dma_aisdk_corrupt.csv')))));
    expect(countBy(got.rejects, (r) => r.reason).bad_time).toBe(3);
  });
});
