/**
 * The `extended` option: what it adds to gpsd's output (type 9 altitude sensor, type 17 at full
 * resolution, binary payloads gpsd leaves as data), and that without it the output is gpsd's.
 */
import { describe, expect, it } from 'vitest';
import { AisJsonStream, AisStream } from '../../src/ais/stream.js';
import { encodeSentences } from '../../src/ais/encode.js';

const decode = (lines: string | string[], extended: boolean): Record<string, unknown>[] =>
  new AisStream({ extended }).decodeAll([lines].flat().join('\n'));

// real sentences (libais's typeexamples.nmea)
const AREA_NOTICE = '!AIVDM,1,1,,B,803Ovrh0EP:024`@02PN04da=3V<>N0000,4*39';
const TEXT_TELEGRAM = '!AIVDM,1,1,,A,603Owlh0>5Q@04000000,0*01';
const DGNSS = '!AIVDM,1,1,,B,AwoiGRg:tOw>>9n5f9u>rOvwkraEe6ON,0*34';

describe('extended mode', () => {
  it('type 9: alt_sensor is the first of the 8 bits gpsd prints as regional (M.1371-5)', () => {
    const sar = { type: 9, mmsi: 111232511, alt: 1200, speed: 160, lon: 600000, lat: 3000000, course: 900, second: 12, dte: 1, raim: false, radio: 0 };
    const baro = decode(encodeSentences({ ...sar, regional: 0b10000101 }), true)[0]!;
    expect(baro).toMatchObject({ regional: 0b10000101, alt_sensor: 1, speed: 160 });
    expect(decode(encodeSentences({ ...sar, regional: 0b00000101 }), true)[0]).toMatchObject({ alt_sensor: 0 });
    expect(decode(encodeSentences({ ...sar, regional: 0b10000101 }), false)[0]).not.toHaveProperty('alt_sensor');
  });

  it('type 17: the station position at its 1/10-minute resolution (gpsd rounds to 0.1 degree)', () => {
    const msg = { type: 17, mmsi: 2734450, lon: -54329, lat: -399, data: '0:' };
    expect(decode(encodeSentences(msg), false)[0]).toMatchObject({ lon: -90.5, lat: -0.7 });
    expect(decode(encodeSentences(msg), true)[0]).toMatchObject({ lon: -90.5483, lat: -0.665 });
    expect(decode(DGNSS, true)[0]).toMatchObject({ type: 17, lon: -90.5483, lat: -0.665 });
  });

  it('8/1/22 area notice and 6/1/0 text telegram decode after gpsd\'s data string', () => {
    const [gpsdArea] = decode(AREA_NOTICE, false);
    expect(gpsdArea).toEqual({ class: 'AIS', type: 8, repeat: 0, mmsi: 3669739, scaled: true, dac: 1, fid: 22, data: '144:0280084a1000281e004b2934398c39e00000', rxtime: undefined });
    const [area] = decode(AREA_NOTICE, true);
    expect(area).toMatchObject({ ...gpsdArea, link_id: 10, notice_type: 0, month: 1, day: 1, hour: 5, minute: 2, duration_minutes: 20 });
    expect(area!.sub_areas).toEqual([{ sub_area_type: 0, sub_area_type_text: 'circle', scale_factor: 1, lon: -69.864983, lat: 42.08295, precision: 4, radius: 9260 }]);

    const [gpsdText] = decode(TEXT_TELEGRAM, false);
    expect(gpsdText).not.toHaveProperty('msg_seq');
    expect(decode(TEXT_TELEGRAM, true)[0]).toMatchObject({ ...gpsdText, ack_required: false, msg_seq: 0, text: '' });
  });

  it('the JSON lines writer (decode command) prints the same', () => {
    const [ext] = new AisJsonStream({ extended: true }).decodeAllText(`${AREA_NOTICE}\n${DGNSS}`).map((l) => JSON.parse(l) as unknown);
    expect(ext).toEqual(decode(AREA_NOTICE, true)[0]);
    const gpsd = new AisJsonStream({}).decodeAllText(AREA_NOTICE).map((l) => JSON.parse(l) as unknown);
    expect(gpsd).toEqual([{ class: 'AIS', type: 8, repeat: 0, mmsi: 3669739, scaled: true, dac: 1, fid: 22, data: '144:0280084a1000281e004b2934398c39e00000' }]);
  });
});
