import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { byteSourceFromBytes, openByteSource } from '../../src/sources/open.js';
import { readAisStream } from '../../src/sources/aisstream.js';
import { collect, countBy, fixture } from './helpers.js';

const T0 = Date.UTC(2024, 2, 1, 14, 0, 0);

describe('AISStream reader', () => {
  it('reads positions and merged statics from the websocket envelope', async () => {
    const got = await collect(readAisStream(await openByteSource(fixture('aisstream_sample.jsonl'))));
    expect(got.rejects).toEqual([]);
    expect(got.skipped).toEqual({ no_position: 1, not_position_message: 1 });
    expect(got.positions.map((p) => p.msgType)).toEqual([1, 3, 18, 19, 21, 27, 9, 1]);
    // libais typeexamples type 1 of 367033650; Go time with nanoseconds kept to the millisecond
    expect(got.positions[0]).toEqual({
      mmsi: 367033650,
      t: T0 + 120,
      lat: 42.79854965209961,
      lon: -70.34690856933594,
      sog: 8.6,
      cog: 35.9,
      heading: null,
      navStatus: 0,
      source: 'aisstream_sample.jsonl',
      msgType: 1,
      lineNo: 1,
    });
    expect(got.positions[1]).toMatchObject({ mmsi: 636091044, t: T0 + 2000, sog: 0.1, cog: 233.8, heading: 311, navStatus: 1 });
    expect(got.positions.find((p) => p.msgType === 9)).toMatchObject({ mmsi: 111366001, sog: 140 });
    // libais typeexamples type 5: RUTH THERESA
    expect(got.statics[0]).toEqual({
      mmsi: 249190000,
      t: T0 + 1500,
      imo: 9383663,
      name: 'RUTH THERESA',
      callsign: '9HMQ9',
      shipType: 80,
      length: 101,
      width: 18,
      draught: 7.8,
      destination: 'BOSTON,USA',
      flag: 'MT',
      source: 'aisstream_sample.jsonl',
      lineNo: 2,
    });
    // type 24 part A then part B merge; the repeated part A confirms the merged identity once
    const gulf = got.statics.filter((s) => s.mmsi === 366764000);
    expect(gulf.map((s) => [s.name, s.callsign, s.shipType, s.length, s.width])).toEqual([
      ['R/V GULF CHALLENGER', null, null, null, null],
      ['R/V GULF CHALLENGER', 'WCY2883', 52, 26, 8],
      ['R/V GULF CHALLENGER', 'WCY2883', 52, 26, 8],
    ]);
    expect(got.statics.find((s) => s.mmsi === 993669701)?.name).toBe('BUZZARDS BAY ENTRANCE LT');
    expect(got.statics.find((s) => s.mmsi === 338123456)).toMatchObject({ name: 'SEA BREEZE', shipType: 37, length: 18, width: 6 });
    expect(got.statics).toHaveLength(6);
  });

  it('counts broken lines by reason and carries on', async () => {
    const good = readFileSync(fixture('aisstream_sample.jsonl'), 'utf8').trim().split('\n');
    const first = good[0]!;
    const broken = [
      first.slice(0, 80), // truncated
      '[1,2,3]',
      '{"MetaData":{},"Message":{}}',
      first.replace('"Valid":true', '"Valid":false'),
      first.replace('2024-03-01 14:00:00.120538463 +0000 UTC', 'yesterday'),
      first.replace('"UserID":367033650', '"UserID":"x"').replace('"MMSI":367033650', '"MMSI":null'),
      first.replace('"Latitude":42.79854965209961', '"Latitude":95.5'),
      first.replace('"Latitude":42.79854965209961', '"Latitude":"north"'),
      first.replace('"PositionReport":{', '"Other":{'),
      'garbage',
    ];
    const text = [...good.slice(0, 7), ...broken, ...good.slice(7)].join('\n');
    const got = await collect(readAisStream(byteSourceFromBytes('capture.jsonl', text)));
    expect(countBy(got.rejects, (r) => r.reason)).toEqual({ bad_json: 2, bad_message: 4, bad_time: 1, bad_mmsi: 1, bad_position: 2 });
    expect(got.rejects.map((r) => r.lineNo)).toEqual([8, 9, 10, 11, 12, 13, 14, 15, 16, 17]);
    expect(got.positions).toHaveLength(8);
    expect(got.statics).toHaveLength(6);
  });
});
