import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { byteSourceFromBytes, openByteSource } from '../../src/sources/open.js';
import { sniffFormat, sniffLines } from '../../src/sources/sniff.js';
import { readInput } from '../../src/sources/read.js';
import { SourceError } from '../../src/errors.js';
import { collect, fixture, sharedData } from './helpers.js';

describe('sniffFormat', () => {
  it('recognises the fixtures by content', async () => {
    expect(await sniffFormat(await openByteSource(fixture('dma_aisdk_sample.csv')))).toBe('dma');
    expect(await sniffFormat(await openByteSource(fixture('dma_aisdk_sample.zip')))).toBe('dma');
    expect(await sniffFormat(await openByteSource(fixture('aisstream_sample.jsonl')))).toBe('aisstream');
  });

  it('recognises both MarineCadastre headers', () => {
    expect(sniffLines(['MMSI,BaseDateTime,LAT,LON,SOG,COG,Heading,VesselName,IMO,CallSign,VesselType,Status,Length,Width,Draft,Cargo,TransceiverClass'])).toBe('marinecadastre');
    expect(sniffLines(['mmsi,base_date_time,longitude,latitude,sog,cog,heading,vessel_name,imo,call_sign,vessel_type,status,length,width,draft,cargo,transceiver'])).toBe('marinecadastre');
    expect(sniffLines(['\uFEFFMMSI,BaseDateTime,LAT,LON'])).toBe('marinecadastre');
    expect(sniffLines(['Timestamp,Type of mobile,MMSI,Latitude,Longitude'])).toBe('dma');
  });

  it('recognises real NMEA logs in their many shapes', async () => {
    const files = [
      'ais-decoding/libais/typeexamples.nmea', // USCG suffixes
      'ais-decoding/libais/tagblock.nmea', // NMEA 4 tag blocks
      'ais-decoding/pyais/gatehouse.nmea', // $PGHP headers
      'ais-decoding/pyais/messages.ais', // comments and junk
      'ais-decoding/dma-aislib/stream_example.txt', // BSVDM/ABVDM talkers
      'tracks/dma_ais_sample_2013-11-12.txt.gz', // gzip, \si: tag blocks
      'tracks/amsa/exact-earth-augmented.txt',
    ];
    for (const rel of files) {
      const p = sharedData(rel);
      if (!p) continue;
      expect(await sniffFormat(await openByteSource(p)), rel).toBe('nmea');
    }
    const mc = sharedData('tracks/noaa_marinecadastre_sample_20230111.csv');
    if (mc) expect(await sniffFormat(await openByteSource(mc))).toBe('marinecadastre');
    expect(sniffLines(['!AIVDM,1,1,,A,13HOI:0P0000VOHLCnHQKwvL05Ip,0*23'])).toBe('nmea');
    expect(sniffLines(['\\s:rORBCOMM000,c:1426118948*4F\\!AIVDM,1,1,,A,13HOI:0P0000VOHLCnHQKwvL05Ip,0*23'])).toBe('nmea');
    expect(sniffLines(['$GPGGA,1', '# comment', '!BSVDM,1,1,,B,13HOI:0P0000VOHLCnHQKwvL05Ip,0*23'])).toBe('nmea');
  });

  it('gives one clear error naming the file and showing the first line', async () => {
    const err = await sniffFormat(byteSourceFromBytes('notes.txt', '\n\nshopping list: eggs, milk\nbread\n')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SourceError);
    expect((err as SourceError).code).toBe('unknown_format');
    expect((err as Error).message).toMatch(/^notes\.txt: cannot tell the format from line 3: "shopping list: eggs, milk"; expected NMEA/);
    await expect(sniffFormat(byteSourceFromBytes('other.json', '{"type":"Feature"}\n'))).rejects.toThrow(/other\.json: cannot tell the format from line 1/);
    await expect(sniffFormat(byteSourceFromBytes('empty.csv', ''))).rejects.toThrow(/empty\.csv: the input is empty/);
    await expect(sniffFormat(byteSourceFromBytes('img.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13])))).rejects.toThrow(/img\.png: line 1 is binary data/);
  });

  it('readInput says when the NMEA reader is not registered yet, or reads it when it is', async () => {
    const p = sharedData('ais-decoding/libais/typeexamples.nmea');
    if (!p) return;
    const text = readFileSync(p);
    const run = collect(readInput(byteSourceFromBytes('log.nmea', text)));
    await run.then(
      (got) => expect(got.positions.length).toBeGreaterThan(0),
      (err: unknown) => expect(String(err)).toMatch(/log\.nmea: nmea input is recognised but no nmea reader is registered/),
    );
  });
});
