import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { byteSourceFromBytes, openByteSource } from '../../src/sources/open.js';
import { readDma } from '../../src/sources/dma.js';
import type { Reject } from '../../src/sources/types.js';
import { collect, countBy, fixture } from './helpers.js';

const T0 = Date.UTC(2013, 10, 12, 12, 0, 0);

describe('DMA reader', () => {
  it('reads the published layout: text statuses and types, Unknown, lat 91 static rows, quoted commas', async () => {
    const got = await collect(readDma(await openByteSource(fixture('dma_aisdk_sample.csv'))));
    expect(got.rejects).toEqual([]);
    expect(got.positions).toHaveLength(13);
    expect(got.skipped).toEqual({ header: 1, no_position: 1 });
    expect(got.statics).toHaveLength(6);
    // the base station: no status for non-class-A stations, MMSI 2190064 = 002190064
    expect(got.positions[0]).toEqual({ mmsi: 2190064, t: T0, lat: 56.71657, lon: 11.519047, sog: null, cog: null, heading: null, navStatus: null, source: 'dma_aisdk_sample.csv', lineNo: 2 });
    expect(got.positions[1]).toEqual({ mmsi: 219000873, t: T0, lat: 56.99091, lon: 10.304543, sog: 12.3, cog: 30.2, heading: 31, navStatus: 0, source: 'dma_aisdk_sample.csv', lineNo: 3 });
    // static-only row (lat 91, lon 0) still gives the vessel's identity
    expect(got.statics[0]).toEqual({
      mmsi: 219000873,
      t: T0 + 1000,
      imo: 9294953,
      name: 'NORDIC TANKER',
      callsign: 'OZMQ2',
      shipType: 81, // Tanker + Category A
      length: 99,
      width: 16,
      draught: 6.2,
      destination: 'AARHUS',
      flag: 'DK',
      source: 'dma_aisdk_sample.csv',
      lineNo: 4,
    });
    expect(got.statics[1]).toMatchObject({ mmsi: 220228000, name: 'HAVFRUEN, ESBJERG', imo: null, callsign: 'OXKT', shipType: 30, destination: 'FISHING GROUNDS' });
    expect(got.statics.find((s) => s.mmsi === 636014223)).toMatchObject({ name: 'SEA PIONEER', shipType: 79, length: 190, width: 32, flag: 'LR' });
    expect(got.statics.find((s) => s.mmsi === 265509950)).toMatchObject({ name: 'SVALAN', shipType: 36, destination: null, flag: 'SE' });
    // the exact duplicate row is yielded twice: deduplication is the store's job
    expect(got.positions.filter((p) => p.mmsi === 220228000)).toHaveLength(2);
    const byMmsi = (m: number) => got.positions.filter((p) => p.mmsi === m);
    expect(byMmsi(636014223).map((p) => [p.navStatus, p.cog, p.heading])).toEqual([
      [3, 359.9, null],
      [5, null, null],
    ]);
    expect(byMmsi(219011922).map((p) => [p.navStatus, p.sog])).toEqual([
      [9, 32.5],
      [11, null],
    ]);
    expect(byMmsi(265509950)[0]).toMatchObject({ navStatus: null, heading: null, sog: 4.1 });
    // SAR aircraft report whole knots beyond the ships' 102.2
    expect(byMmsi(111219500)[0]).toMatchObject({ sog: 120, cog: 45 });
    expect(byMmsi(219005866)[0]).toMatchObject({ navStatus: 15 });
  });

  it('reads the zstd and zip copies to the same records', async () => {
    const plain = await collect(readDma(await openByteSource(fixture('dma_aisdk_sample.csv')), { source: 'dma' }));
    for (const name of ['dma_aisdk_sample.csv.zst', 'dma_aisdk_sample.zip']) {
      const src = await openByteSource(fixture(name));
      const got = await collect(readDma(src, { source: 'dma' }));
      expect(src.compression).toBe(name.endsWith('.zip') ? 'zip' : 'zstd');
      expect(got.positions).toEqual(plain.positions);
      expect(got.statics).toEqual(plain.statics);
    }
  });

  it('counts every corrupt row by reason, passes it to onReject, keeps the good rows', async () => {
    const seen: [string, Reject][] = [];
    const got = await collect(readDma(await openByteSource(fixture('dma_aisdk_corrupt.csv')), { onReject: (raw, r) => seen.push([raw, r]) }));
    expect(got.positions.map((p) => p.t)).toEqual([T0, T0 + 1000]);
    expect(countBy(got.rejects, (r) => r.reason)).toEqual({ bad_time: 3, bad_mmsi: 2, bad_position: 2, bad_number: 2, column_count: 2, bad_quote: 1 });
    expect(got.rejects.map((r) => r.lineNo)).toEqual([3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
    expect(seen).toHaveLength(12);
    const lines = readFileSync(fixture('dma_aisdk_corrupt.csv'), 'utf8').split('\n');
    for (const [raw, r] of seen) expect(raw).toBe(lines[r.lineNo - 1]);
    expect(seen.find(([, r]) => r.lineNo === 10)?.[1]).toEqual({ lineNo: 10, reason: 'bad_number', detail: 'SOG=fast' });
  });

  it('reads older tab-separated exports with decimal commas', async () => {
    const text =
      'Timestamp\tType of mobile\tMMSI\tLatitude\tLongitude\tNavigational status\tROT\tSOG\tCOG\tHeading\tIMO\tCallsign\tName\tShip type\tCargo type\tWidth\tLength\tType of position fixing device\tDraught\tDestination\tETA\tData source type\n' +
      '01/10/2014 00:00:05\tClass A\t244059000\t57,8794\t17,9125\tUnder way using engine\t0\t10,5\t90,1\t91\t9263588\tPEAE\tLURO\tCargo\t\t14\t89\tGPS\t3,5\tHELSINGBORG\t01/10/2014 06:30\tAIS\n';
    const got = await collect(readDma(byteSourceFromBytes('old.txt', text)));
    expect(got.rejects).toEqual([]);
    expect(got.positions[0]).toMatchObject({ mmsi: 244059000, t: Date.UTC(2014, 9, 1, 0, 0, 5), lat: 57.8794, lon: 17.9125, sog: 10.5, cog: 90.1, heading: 91 });
    expect(got.statics[0]).toMatchObject({ imo: 9263588, name: 'LURO', shipType: 70, width: 14, length: 89, draught: 3.5, flag: 'NL' });
  });
});

describe('joined files', () => {
  it('skips a repeated header line (files joined with cat) instead of rejecting it', async () => {
    const text = readFileSync(fixture('dma_aisdk_sample.csv'), 'utf8');
    const got = await collect(readDma(byteSourceFromBytes('joined.csv', text + text)));
    expect(got.rejects).toEqual([]);
    expect(got.skipped.header).toBe(2);
    expect(got.positions).toHaveLength(26);
    // the second copy confirms one identity that changed at the end of the first (see StaticTracker)
    expect(got.statics).toHaveLength(7);
  });
});
