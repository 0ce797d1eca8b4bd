import { readFileSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { byteSourceFromBytes, openByteSource } from '../../src/sources/open.js';
import { readMarineCadastre } from '../../src/sources/marinecadastre.js';
import { SourceError } from '../../src/errors.js';
import { collect, sharedData } from './helpers.js';

const SAMPLE = 'tracks/noaa_marinecadastre_sample_20230111.csv';
const T0 = Date.UTC(2023, 0, 11);

/** The 2024 layout of the same rows: snake_case, longitude before latitude, a space in the time, sentinels empty. */
function to2024(text: string): string {
  const [, ...rows] = text.trim().split('\n');
  const out = ['mmsi,base_date_time,longitude,latitude,sog,cog,heading,vessel_name,imo,call_sign,vessel_type,status,length,width,draft,cargo,transceiver'];
  for (const row of rows) {
    const [mmsi, time, lat, lon, sog, cog, heading, ...rest] = row.split(',');
    out.push(
      [
        mmsi,
        time!.replace('T', ' '),
        lon,
        lat,
        sog === '102.3' ? '' : sog,
        cog === '360.0' ? '' : cog,
        heading === '511.0' ? '' : String(Number(heading)),
        ...rest,
      ].join(','),
    );
  }
  return `${out.join('\n')}\n`;
}

describe('MarineCadastre reader on the real NOAA sample', () => {
  it('yields every row as a position and one static per identity', async () => {
    const path = sharedData(SAMPLE);
    if (!path) return;
    const got = await collect(readMarineCadastre(await openByteSource(path)));
    expect(got.positions).toHaveLength(1000);
    expect(got.statics).toHaveLength(998); // 3669882 and 338926283 carry no static column at all
    expect(got.rejects).toEqual([]);
    expect(got.skipped).toEqual({ header: 1 });
    expect(got.positions[0]).toEqual({
      mmsi: 367752440,
      t: T0,
      lat: 43.07917,
      lon: -70.75733,
      sog: 0,
      cog: null, // 360.0 = not available
      heading: 95,
      navStatus: 0,
      source: 'noaa_marinecadastre_sample_20230111.csv',
      lineNo: 2,
    });
    const naisha = got.statics.find((s) => s.mmsi === 636021061);
    expect(naisha).toEqual({
      mmsi: 636021061,
      t: T0,
      imo: 9307839,
      name: 'MSC NAISHA III',
      callsign: '5LCB4',
      shipType: 70,
      length: 208,
      width: 30,
      draught: 8,
      destination: null,
      flag: 'LR',
      source: 'noaa_marinecadastre_sample_20230111.csv',
      lineNo: 3,
    });
    // row 500, a class B with no status, heading 511
    const skukum = got.positions[499]!;
    expect(skukum).toMatchObject({ mmsi: 367689510, t: T0 + 7000, lat: 45.6093, lon: -122.66873, sog: 0, cog: 235.1, heading: null, navStatus: null });
    expect(got.statics.find((s) => s.mmsi === 367689510)).toMatchObject({ name: 'SKUKUM ATS', imo: null, callsign: 'WDI3552', shipType: 90, length: 15, width: null, flag: 'US' });
    // the group MMSI 036926403 keeps its identity, its 0.0 sizes are "not available"
    expect(got.statics.find((s) => s.mmsi === 36926403)).toMatchObject({ name: 'PCU MARINETTE', callsign: 'NMNE', shipType: 35, length: null, width: null, draught: null, flag: 'US' });

    expect(got.positions.filter((p) => p.heading === null)).toHaveLength(426);
    expect(got.positions.filter((p) => p.cog === null)).toHaveLength(90);
    expect(got.positions.filter((p) => p.sog === null)).toHaveLength(4);
    expect(got.positions.filter((p) => p.navStatus === null)).toHaveLength(46);
    expect(got.positions.filter((p) => p.navStatus === 15)).toHaveLength(87);
    expect(Math.max(...got.positions.map((p) => p.t))).toBe(Date.parse('2023-01-11T23:59:01Z'));
    expect(got.statics.filter((s) => s.imo !== null)).toHaveLength(420);
    expect(got.statics.filter((s) => s.shipType !== null && s.shipType >= 80 && s.shipType <= 89)).toHaveLength(47);
    expect(got.statics.filter((s) => s.flag === 'LR')).toHaveLength(20);
    const last = got.batches.at(-1)!;
    expect(last.progress).toEqual({ bytesRead: statSync(path).size, lineNo: 1001, rawBytesRead: statSync(path).size });
  });

  it('gives identical records from the 2024 header (longitude first)', async () => {
    const path = sharedData(SAMPLE);
    if (!path) return;
    const text = readFileSync(path, 'utf8');
    const old = await collect(readMarineCadastre(byteSourceFromBytes('old.csv', text), { source: 'mc' }));
    const neu = await collect(readMarineCadastre(byteSourceFromBytes('new.csv', to2024(text)), { source: 'mc' }));
    expect(neu.rejects).toEqual([]);
    expect(neu.positions).toEqual(old.positions);
    expect(neu.statics).toEqual(old.statics);
  });

  it('emits no new static when the same vessels report again', async () => {
    const path = sharedData(SAMPLE);
    if (!path) return;
    const text = readFileSync(path, 'utf8').trim();
    const [header, ...rows] = text.split('\n');
    const later = rows.map((r) => r.replace('2023-01-11T', '2023-01-12T'));
    const got = await collect(readMarineCadastre(byteSourceFromBytes('two-days.csv', [header, ...rows, ...later].join('\n'))));
    expect(got.positions).toHaveLength(2000);
    expect(got.statics).toHaveLength(998);
  });

  it('emits a static when a vessel changes its name', async () => {
    const csv = [
      'MMSI,BaseDateTime,LAT,LON,SOG,COG,Heading,VesselName,IMO,CallSign,VesselType,Status,Length,Width,Draft,Cargo,TransceiverClass',
      '445123456,2024-03-01T00:00:00,38.2,124.6,0.4,10.0,511.0,KUM UN SAN,IMO8914934,HMZL,80,0.0,99.0,16.0,5.1,80,A',
      '445123456,2024-03-01T00:01:00,38.2,124.6,0.4,10.0,511.0,KUM UN SAN,IMO8914934,HMZL,80,0.0,99.0,16.0,5.1,80,A',
      '445123456,2024-03-01T00:02:00,38.2,124.6,0.4,10.0,511.0,,IMO8914934,HMZL,80,0.0,99.0,16.0,5.1,80,A',
      '445123456,2024-03-01T00:03:00,38.2,124.6,0.4,10.0,511.0,"SEA STAR, 1",IMO8914934,HMZL,80,0.0,99.0,16.0,5.1,80,A',
    ].join('\n');
    const got = await collect(readMarineCadastre(byteSourceFromBytes('x.csv', csv)));
    expect(got.positions).toHaveLength(4);
    expect(got.statics.map((s) => [s.t, s.name, s.flag])).toEqual([
      [Date.parse('2024-03-01T00:00:00Z'), 'KUM UN SAN', 'KP'],
      // the first repeat of a new identity is passed on once (detectors want it reported twice)
      [Date.parse('2024-03-01T00:02:00Z'), 'KUM UN SAN', 'KP'],
      [Date.parse('2024-03-01T00:03:00Z'), 'SEA STAR, 1', 'KP'],
    ]);
  });

  it('refuses a file whose header is not MarineCadastre, naming it and showing the line', async () => {
    const src = byteSourceFromBytes('odd.csv', 'MMSI,Time,X\n1,2,3\n');
    await expect(collect(readMarineCadastre(src))).rejects.toThrow(SourceError);
    await expect(collect(readMarineCadastre(byteSourceFromBytes('odd.csv', 'MMSI,Time,X\n')))).rejects.toThrow(
      /odd\.csv: line 1 is not a MarineCadastre header \(no time, lat, lon column\): "MMSI,Time,X"/,
    );
  });
});
