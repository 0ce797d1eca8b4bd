/**
 * Binary message payloads gpsd decodes but its regression files do not show: messages built
 * bit by bit here from the published layouts (IMO SN.1/Circ.236 and 289, Inland AIS, GLA),
 * written as consecutive widths (so the absolute offsets of our tables are checked too), and
 * decoded through the public API.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BINARY_MESSAGES, binaryCatalogue, binaryData, decodeBinary, gpsdText } from '../../src/ais/binary/index.js';
import { fixed, groupsOf, readFields, writeFields, type BitField, type Raw } from '../../src/ais/binary/table.js';
import { SIXBIT_CHARS, putInt, putText, putUint, uint } from '../../src/ais/bits.js';
import { repoRoot } from './paths.js';

/** Sequential bit writer over a 6-bit payload. */
class Msg {
  readonly sb = new Uint8Array(400);
  pos = 0;
  constructor(
    readonly type: 6 | 8,
    readonly dac: number,
    readonly fid: number,
    readonly dest = 244123456,
  ) {
    this.u(6, type).u(2, 0).u(30, 235009876);
    if (type === 6) this.u(2, 1).u(30, dest).u(1, 0).u(1, 0);
    else this.u(2, 0);
    this.u(10, dac).u(6, fid);
  }
  u(bits: number, v: number): this {
    putUint(this.sb, this.pos, bits, v);
    this.pos += bits;
    return this;
  }
  i(bits: number, v: number): this {
    putInt(this.sb, this.pos, bits, v);
    this.pos += bits;
    return this;
  }
  t(nchars: number, s: string): this {
    putText(this.sb, this.pos, nchars, s);
    this.pos += 6 * nchars;
    return this;
  }
  decode(scaled = true, nbits = this.pos, extended = false): Record<string, unknown> | null {
    return decodeBinary(this.type, this.dac, this.fid, this.sb, nbits, this.type === 6 ? 88 : 56, scaled, extended);
  }
}

/** Asserts values and gpsd's key order. */
function expectExactly(got: Record<string, unknown> | null, want: Record<string, unknown>): void {
  expect(got).not.toBeNull();
  expect(Object.keys(got!)).toEqual(Object.keys(want));
  expect(got).toEqual(want);
}

describe('type 6, DAC 1 (IMO236 / IMO289)', () => {
  it('FID 12 dangerous cargo indication', () => {
    const m = new Msg(6, 1, 12)
      .t(5, 'SEGOT')
      .u(4, 5)
      .u(5, 4)
      .u(5, 12)
      .u(6, 30)
      .t(5, 'NLRTM')
      .u(4, 6)
      .u(5, 1)
      .u(5, 8)
      .u(6, 0)
      .t(20, 'BENZENE')
      .t(4, '3')
      .u(13, 1114)
      .u(10, 500)
      .u(2, 2)
      .u(3, 0);
    expect(m.pos).toBe(360);
    expectExactly(m.decode(), {
      lastport: 'SEGOT',
      departure: '05-04T12:30Z',
      nextport: 'NLRTM',
      eta: '06-01T08:00Z',
      dangerous: 'BENZENE',
      imdcat: '3',
      unid: 1114,
      amount: 500,
      unit: 2,
    });
  });

  it('FID 14 tidal window (IMO236: lat before lon), elements while their first bit is inside', () => {
    const m = new Msg(6, 1, 14).u(4, 7).u(5, 15);
    m.i(27, 53.5 * 60000).i(28, -6.25 * 60000).u(5, 8).u(6, 15).u(5, 14).u(6, 45).u(9, 270).u(7, 25);
    m.i(27, -1000).i(28, 2000).u(5, 9).u(6, 0).u(5, 10).u(6, 0).u(9, 360).u(7, 126);
    expect(m.pos).toBe(97 + 2 * 93);
    const first = { lon: -6.25, lat: 53.5, from_hour: 8, from_min: 15, to_hour: 14, to_min: 45, cdir: 270, cspeed: 2.5 };
    const second = { lon: 0.033333, lat: -0.016667, from_hour: 9, from_min: 0, to_hour: 10, to_min: 0, cdir: 360, cspeed: 12.6 };
    const zero = { lon: 0, lat: 0, from_hour: 0, from_min: 0, to_hour: 0, to_min: 0, cdir: 0, cspeed: 0 };
    // gpsd loops while base + 93*u <= length: a message ending on an element boundary gets one
    // more, all-zero, element
    expectExactly(m.decode(), { month: 7, day: 15, tidals: [first, second, zero] });
    expectExactly(m.decode(true, m.pos - 1), { month: 7, day: 15, tidals: [first, second] });
    expect((m.decode(false, m.pos - 1)!.tidals as unknown[])[0]).toEqual({ ...first, lon: -375000, lat: 3210000, cspeed: 25 });
  });

  it('FID 32 tidal window (IMO289: lon before lat, 25/24 bits)', () => {
    const m = new Msg(6, 1, 32).u(4, 2).u(5, 28);
    m.i(25, -4.5 * 60000).i(24, 51.25 * 60000).u(5, 23).u(6, 59).u(5, 0).u(6, 30).u(9, 45).u(8, 200);
    expect((m.decode()!.tidals as unknown[]).length).toBe(2);
    // one bit short of a whole element: gpsd stops after it (its last bit reads as 0)
    expectExactly(m.decode(true, m.pos - 1), {
      month: 2,
      day: 28,
      tidals: [{ lon: -4.5, lat: 51.25, from_hour: 23, from_min: 59, to_hour: 0, to_min: 30, cdir: 45, cspeed: 20 }],
    });
  });

  it('FID 15 air draught is read at bit 56 (inside the header), as gpsd does', () => {
    const m = new Msg(6, 1, 15, 244123456).u(11, 300).u(5, 0);
    expectExactly(m.decode(), { airdraught: (244123456 >> 3) & 0x7ff });
  });

  it('FID 16 persons on board: IMO289 layout at 136 bits, else gpsd reads bit 55', () => {
    const m289 = new Msg(6, 1, 16).u(13, 42).u(123, 0);
    expectExactly(m289.decode(), { persons: 42 });
    const m236 = new Msg(6, 1, 16, 244123456).u(13, 42).u(3, 0);
    expectExactly(m236.decode(), { persons: (244123456 >> 2) & 0x1fff });
  });

  it('FID 18 clearance time to enter port, scaled and unscaled', () => {
    const m = new Msg(6, 1, 18).u(10, 5).u(4, 3).u(5, 9).u(5, 14).u(6, 5).t(20, 'ROTTERDAM').t(5, 'NLRTM').i(25, -450000).i(24, 3195000).u(43, 0);
    expect(m.pos).toBe(360);
    expectExactly(m.decode(), { linkage: 5, arrival: '03-09T14:05Z', portname: 'ROTTERDAM', destination: 'NLRTM', lon: -7.5, lat: 53.25 });
    expect(m.decode(false)).toMatchObject({ lon: -450000, lat: 3195000 });
    // the smallest step west of Greenwich keeps its sign, zero prints with all its decimals
    const tiny = new Msg(6, 1, 18).u(10, 5).u(4, 3).u(5, 9).u(5, 14).u(6, 5).t(20, '').t(5, '').i(25, -1).i(24, 0).u(43, 0);
    expect(gpsdText(tiny.decode()!)).toContain('"lon":-0.000017,"lat":0.000000');
  });

  it('FID 20 berthing data', () => {
    const services = ['agent', 'fuel', 'chandler', 'stevedore', 'electrical', 'water', 'customs', 'cartage', 'crane', 'lift', 'medical', 'navrepair', 'provisions', 'shiprepair', 'surveyor', 'steam', 'tugs', 'solidwaste', 'liquidwaste', 'hazardouswaste', 'ballast', 'additional', 'regional1', 'regional2', 'future1', 'future2'];
    const m = new Msg(6, 1, 20).u(10, 7).u(9, 250).u(8, 123).u(3, 2).u(4, 3).u(5, 7).u(5, 9).u(6, 5).u(1, 1);
    services.forEach((_, k) => m.u(2, k % 4));
    m.t(20, 'PIER 4').i(25, 600000).i(24, -300000);
    expect(m.pos).toBe(360);
    const want: Record<string, unknown> = { linkage: 7, berth_length: 250, position: 2, position_text: 'Starboard-side to', arrival: '3-7T9:5', availability: 1 };
    services.forEach((s, k) => (want[s] = k % 4));
    Object.assign(want, { berth_name: 'PIER 4', berth_lon: 10, berth_lat: -5, berth_depth: 12.3 });
    expectExactly(m.decode(), want);
    expect(m.decode(false)).toMatchObject({ berth_lon: 600000, berth_lat: -300000, berth_depth: 123 });
  });

  it('FID 25 dangerous cargo (IMO289): cargo elements while their first bit is inside', () => {
    const m = new Msg(6, 1, 25).u(2, 1).u(10, 100).u(4, 1).u(13, 2).u(4, 3).u(13, 4).u(4, 5).u(13, 6);
    const cargos = [
      { code: 1, subtype: 2 },
      { code: 3, subtype: 4 },
      { code: 5, subtype: 6 },
    ];
    expectExactly(m.decode(), { unit: 1, amount: 100, cargos });
    expectExactly(m.u(1, 0).decode(), { unit: 1, amount: 100, cargos: [...cargos, { code: 0, subtype: 0 }] });
  });

  it('FID 28 route information (addressed)', () => {
    const m = new Msg(6, 1, 28).u(10, 9).u(3, 2).u(5, 5).u(4, 12).u(5, 24).u(5, 18).u(6, 0).u(18, 3600).u(5, 2);
    m.i(28, 10.5 * 600000).i(27, 59.25 * 600000).i(28, -0.5 * 600000).i(27, 0);
    expectExactly(m.decode(), {
      linkage: 9,
      sender: 2,
      rtype: 5,
      rtype_text: 'Ship route plan',
      start: '12-24T18:00Z',
      duration: 3600,
      waypoints: [
        { lon: 10.5, lat: 59.25 },
        { lon: -0.5, lat: 0 },
      ],
    });
  });

  it('FID 30 text description: the rest of the message as 6-bit text', () => {
    const m = new Msg(6, 1, 30).u(10, 3).t(11, 'HELLO WORLD');
    expectExactly(m.decode(), { linkage: 3, text: 'HELLO WORLD' });
    expectExactly(new Msg(6, 1, 30).u(10, 3).t(4, 'AB').decode(), { linkage: 3, text: 'AB' });
  });
});

describe('type 6, DAC 200 (Inland AIS) and DAC 235/250 (GLA)', () => {
  const location = (m: Msg): Msg => m.t(2, 'DE').t(3, 'DUI').t(5, '00001').t(5, 'T0001').t(5, '00123').u(4, 1).u(5, 2).u(5, 3).u(6, 4);
  const where = { country: 'DE', locode: 'DUI', section: '00001', terminal: 'T0001', hectometre: '00123', eta: '1-2T3:4' };

  it('FID 21 ETA at lock/bridge/terminal, 248 bits only', () => {
    const m = location(new Msg(6, 200, 21)).u(3, 1).u(12, 1200).u(5, 0);
    expect(m.pos).toBe(248);
    expectExactly(m.decode(), { ...where, tugs: 1, airdraught: 1200 });
    expect(m.decode(true, 247)).toBeNull();
  });

  it('FID 22 RTA at lock/bridge/terminal, 232 bits only', () => {
    const m = location(new Msg(6, 200, 22)).u(2, 1).u(2, 0);
    expect(m.pos).toBe(232);
    expectExactly(m.decode(), { ...where, status: 1, status_text: 'Limited operation' });
    expect(m.u(6, 0).decode()).toBeNull();
  });

  it('FID 55 persons on board, 168 bits only', () => {
    const m = new Msg(6, 200, 55).u(8, 12).u(13, 300).u(8, 2).u(51, 0);
    expectExactly(m.decode(), { crew: 12, passengers: 300, personnel: 2 });
    expect(m.decode(true, 162)).toBeNull();
  });

  it('DAC 250 FID 10 AtoN monitoring decodes as DAC 235; zero analogue values stay raw', () => {
    const m = new Msg(6, 250, 10).u(10, 240).u(10, 0).u(10, 1023).u(2, 3).u(2, 1).u(1, 1).u(8, 0x81).u(1, 1).u(4, 0);
    expect(m.pos).toBe(136);
    const want = { off_pos: true, alarm: true, stat_ext: 129, ana_int: 12, ana_ext1: 0, ana_ext2: 51.15, racon: 3, racon_text: 'RACON ERROR', light: 1, light_text: 'Light ON' };
    expectExactly(m.decode(), want);
    expectExactly(m.decode(false), { ...want, ana_int: 240, ana_ext2: 1023 });
    expect(gpsdText(m.decode()!)).toBe(
      ',"off_pos":true,"alarm":true,"stat_ext":129,"ana_int":12.00,"ana_ext1":0,"ana_ext2":51.15,"racon":3,"racon_text":"RACON ERROR","light":1,"light_text":"Light ON"',
    );
    expect(m.decode(true, 130)).toBeNull();
  });
});

describe('type 8, DAC 1 (IMO236 / IMO289)', () => {
  it('FID 13 fairway closed', () => {
    const m = new Msg(8, 1, 13).t(20, 'ICE').t(20, 'BUOY 1').t(20, 'BUOY 2').u(10, 500).u(2, 1).u(5, 3).u(4, 2).u(5, 6).u(6, 0).u(5, 4).u(4, 2).u(5, 18).u(6, 30).u(4, 0);
    expect(m.pos).toBe(472);
    expectExactly(m.decode(), { reason: 'ICE', closefrom: 'BUOY 1', closeto: 'BUOY 2', radius: 500, extunit: 1, from: '02-03T06:00', to: '02-04T18:30' });
  });

  it('FID 15 extended ship static data', () => {
    expectExactly(new Msg(8, 1, 15).u(11, 250).u(5, 0).decode(), { airdraught: 250 });
  });

  it('FID 16 persons on board: only 136-bit (IMO289) or 72-bit (IMO236) application data', () => {
    // gpsd reads the IMO289 count at bit 88 (the type 6 offset), 32 bits into the data
    expectExactly(new Msg(8, 1, 16).u(32, 0).u(13, 77).u(91, 0).decode(), { persons: 77 });
    // IMO236 length: gpsd reads 13 bits at 55, i.e. the FID's last bit and 12 data bits
    expectExactly(new Msg(8, 1, 16).u(13, 200).u(59, 0).decode(), { persons: 200 >> 1 });
    expect(new Msg(8, 1, 16).u(13, 77).u(67, 0).decode()).toBeNull();
  });

  it('FID 17 VTS targets: the identifier is printed under its type name, as a string', () => {
    const m = new Msg(8, 1, 17);
    m.u(2, 0).u(42, 244123456).u(4, 0).i(24, 52 * 60000).i(25, 4.5 * 60000).u(9, 90).u(6, 30).u(10, 123);
    m.u(2, 2).t(7, 'PD1234').u(4, 0).i(24, -60000).i(25, -120000).u(9, 360).u(6, 60).u(10, 1023);
    m.u(2, 1).u(42, 2 ** 32 + 9074729).u(4, 0).i(24, 0).i(25, 0).u(9, 0).u(6, 0).u(10, 0);
    const t = (m.decode(true, m.pos - 1)!.targets as Record<string, unknown>[]).map((x) => ({ ...x }));
    expect(t).toEqual([
      { idtype: 0, idtype_text: 'mmsi', mmsi: '244123456', lat: 52, lon: 4.5, course: 90, second: 30, speed: 123 },
      { idtype: 2, idtype_text: 'callsign', callsign: 'PD1234', lat: -1, lon: -2, course: 360, second: 60, speed: 1023 },
      // gpsd keeps the 42-bit IMO in a 32-bit unsigned int
      { idtype: 1, idtype_text: 'imo', imo: '9074729', lat: 0, lon: 0, course: 0, second: 0, speed: 0 },
    ]);
    expect(Object.keys(t[1]!)).toEqual(['idtype', 'idtype_text', 'callsign', 'lat', 'lon', 'course', 'second', 'speed']);
  });

  it('FID 19 marine traffic signal (position printed scaled even with -u, as gpsd does)', () => {
    const m = new Msg(8, 1, 19).u(10, 1).t(20, 'LOCK EAST').i(25, 6 * 60000).i(24, 51.5 * 60000).u(2, 1).u(5, 3).u(5, 10).u(6, 20).u(5, 20).u(102, 0);
    expect(m.pos).toBe(360);
    const want = {
      linkage: 1,
      station: 'LOCK EAST',
      lon: 6,
      lat: 51.5,
      status: 1,
      signal: 3,
      signal_text: 'Vessels may proceed. One way traffic.',
      hour: 10,
      minute: 20,
      nextsignal: 20,
      nextsignal_text: 'INVALID SIGNAL TYPE',
    };
    expectExactly(m.decode(), want);
    expectExactly(m.decode(false), want);
  });

  it('FID 27 route information (broadcast) and FID 29 text description (broadcast)', () => {
    const r = new Msg(8, 1, 27).u(10, 1).u(3, 0).u(5, 31).u(4, 1).u(5, 2).u(5, 3).u(6, 4).u(18, 0).u(5, 1).i(28, -600000).i(27, 600000);
    expectExactly(r.decode(false), {
      linkage: 1,
      sender: 0,
      rtype: 31,
      rtype_text: 'Cancel route identified by message linkage',
      start: '01-02T03:04Z',
      duration: 0,
      waypoints: [{ lon: -600000, lat: 600000 }],
    });
    expectExactly(new Msg(8, 1, 29).u(10, 2).t(12, 'NO ANCHORING').decode(), { linkage: 2, text: 'NO ANCHORING' });
  });

  it('FID 31 met/hydro: signed temperatures, water level offset 10 m in cm (unsigned, as gpsd)', () => {
    const m = new Msg(8, 1, 31).i(25, 600).i(24, -600).u(1, 1).u(5, 1).u(5, 2).u(6, 3);
    m.u(7, 10).u(7, 20).u(9, 30).u(9, 40).i(11, -55).u(7, 80).i(10, -60).u(9, 214).u(2, 1).u(1, 1).u(7, 55).u(12, 1234).u(2, 2);
    m.u(8, 12).u(9, 100).u(8, 13).u(9, 110).u(5, 5).u(8, 14).u(9, 120).u(5, 10).u(8, 15).u(6, 7).u(9, 200).u(8, 16).u(6, 8).u(9, 210).u(4, 4);
    m.i(10, -15).u(3, 2).u(9, 350).u(2, 1).u(10, 0);
    const o = m.decode()!;
    expect(o).toMatchObject({ lat: -0.01, lon: 0.01, accuracy: true, timestamp: '01T02:03Z', airtemp: -5.5, dewpoint: -6, pressure: 1013, pressuretend: 'increasing' });
    expect(o).toMatchObject({ visgreater: true, visibility: 5.5, waterlevel: 2.3, leveltrend: 'decreasing', watertemp: -1.5, preciptype: 'thunderstorm', salinity: 35, ice: 'yes' });
    expect(m.decode(false)).toMatchObject({ airtemp: -55, dewpoint: -60, pressure: 214, waterlevel: 1234, preciptype: 2, ice: 1 });
    // below chart datum: gpsd's unsigned subtraction wraps (Debian's gpsdecode 3.22 prints this)
    putUint(m.sb, 201, 12, 0);
    expect(gpsdText(m.decode()!)).toContain('"waterlevel":42949663.0,');
  });
});

describe('type 8, DAC 200 (Inland AIS)', () => {
  const inland = (hazard: number, loaded: number, shiptype: number): Msg =>
    new Msg(8, 200, 10).t(8, '02345678').u(13, 1100).u(10, 115).u(14, shiptype).u(3, hazard).u(11, 250).u(2, loaded).u(1, 1).u(1, 0).u(1, 1).u(8, 0);

  it('FID 10 inland static data: legends, ship type matched on ERI or AIS code, hazard > 5 rejected', () => {
    expectExactly(inland(5, 3, 79).decode(), {
      vin: '02345678',
      length: 1100,
      beam: 115,
      shiptype: 79,
      shiptype_text: 'Motor freighter',
      hazard: 5,
      hazard_text: 'Unknown',
      draught: 250,
      loaded: 3,
      loaded_text: 'INVALID LOAD STATUS',
      speed_q: true,
      course_q: false,
      heading_q: true,
    });
    expect(inland(2, 2, 1234).decode()).toMatchObject({ shiptype_text: 'Illegal ship type value.', hazard_text: '2 blue cones/lights', loaded_text: 'Loaded' });
    expect(inland(6, 0, 8010).decode()).toBeNull();
    expect(inland(0, 0, 8010).decode(true, 167)).toBeNull();
  });

  it('FID 23 EMMA warning (gpsd fills the start stamp with month, hour, minute, day)', () => {
    const m = new Msg(8, 200, 23).u(8, 24).u(4, 6).u(5, 15).u(8, 24).u(4, 6).u(5, 16).u(5, 8).u(6, 30).u(5, 20).u(6, 45);
    m.i(28, 6.5 * 600000).i(27, 51 * 600000).i(28, 7 * 600000).i(27, 51.5 * 600000).u(4, 1).i(9, -5).i(9, 12).u(2, 2).u(4, 3).u(6, 0);
    expect(m.pos).toBe(256);
    expectExactly(m.decode(), {
      start: '2024-06-08T30:15',
      end: '2024-06-16T20:45',
      start_lon: 6.5,
      start_lat: 51,
      end_lon: 7,
      end_lat: 51.5,
      type: 1,
      type_text: 'Wind',
      min: -5,
      max: 12,
      class: 2,
      class_text: 'Strong',
      wind: 3,
      wind_text: 'East',
    });
  });

  it('FID 24 water levels: four gauges in 168 bits', () => {
    const m = new Msg(8, 200, 24).t(2, 'NL').u(11, 101).i(14, -25).u(11, 102).i(14, 0).u(11, 103).i(14, 150).u(11, 0).i(14, 0);
    expect(m.pos).toBe(168);
    expectExactly(m.decode(), {
      country: 'NL',
      gauges: [
        { id: 101, level: -25 },
        { id: 102, level: 0 },
        { id: 103, level: 150 },
        { id: 0, level: 0 },
      ],
    });
  });

  it('FID 40 signal status', () => {
    const m = new Msg(8, 200, 40).i(28, 4.75 * 600000).i(27, 52 * 600000).u(4, 2).u(9, 90).u(3, 1).u(30, 5).u(11, 0);
    expect(m.pos).toBe(168);
    expectExactly(m.decode(), { lon: 4.75, lat: 52, form: 2, facing: 90, direction: 1, direction_text: 'Upstream', status: 5, status_text: 'Red' });
    expect(m.decode(false)).toMatchObject({ lon: 2850000, lat: 31200000 });
  });
});

describe('extended mode: payloads gpsd prints as data', () => {
  it('6/1/0 text telegram (ITU-R M.1371-1 IFM 0): ack flag, sequence number, text to the end', () => {
    const m = new Msg(6, 1, 0).u(1, 1).u(11, 1234).t(9, "AHOY_'MV'");
    expect(m.pos).toBe(154);
    expect(m.decode()).toBeNull();
    expectExactly(m.decode(true, m.pos, true), { data: binaryData(6, m.sb, m.pos), ack_required: true, msg_seq: 1234, text: "AHOY_'MV'" });
  });

  it('8/1/22 area notice: header and every sub-area shape, scaled and unscaled', () => {
    const head = (m: Msg): Msg => m.u(10, 513).u(7, 35).u(4, 12).u(5, 31).u(5, 23).u(6, 45).u(18, 1440);
    const pos = (m: Msg, lon: number, lat: number): Msg => m.i(25, Math.round(lon * 60000)).i(24, Math.round(lat * 60000));
    const m = head(new Msg(8, 1, 22));
    expect(m.pos).toBe(111);
    pos(m.u(3, 0).u(2, 0), -70.5, 42.25).u(3, 4).u(12, 0).u(18, 0); // a point (radius 0)
    pos(m.u(3, 0).u(2, 2), 10.125, -33.5).u(3, 2).u(12, 15).u(18, 0); // circle, 15 x 100 m
    pos(m.u(3, 1).u(2, 1), 1, 2).u(3, 3).u(8, 20).u(8, 30).u(9, 45).u(5, 0); // rectangle
    pos(m.u(3, 2).u(2, 0), -1, -2).u(3, 1).u(12, 500).u(9, 10).u(9, 350); // sector
    m.u(3, 3).u(2, 3).u(10, 90).u(10, 2).u(10, 719).u(10, 5).u(10, 0).u(10, 0).u(10, 0).u(10, 0).u(2, 0); // polyline, 2 points
    m.u(3, 5).t(14, 'NO ENTRY ');
    m.u(3, 7).u(84, 0); // reserved shape
    expect(m.pos).toBe(111 + 7 * 87);
    expect(m.decode()).toBeNull();
    const got = m.decode(true, m.pos, true);
    expectExactly(got, {
      data: binaryData(8, m.sb, m.pos),
      link_id: 513,
      notice_type: 35,
      notice_type_text: 'Restricted Area: Entry prohibited',
      month: 12,
      day: 31,
      hour: 23,
      minute: 45,
      duration_minutes: 1440,
      sub_areas: [
        { sub_area_type: 0, sub_area_type_text: 'point', scale_factor: 0, lon: -70.5, lat: 42.25, precision: 4, radius: 0 },
        { sub_area_type: 0, sub_area_type_text: 'circle', scale_factor: 2, lon: 10.125, lat: -33.5, precision: 2, radius: 1500 },
        { sub_area_type: 1, sub_area_type_text: 'rectangle', scale_factor: 1, lon: 1, lat: 2, precision: 3, e_dim_m: 200, n_dim_m: 300, orient_deg: 45 },
        { sub_area_type: 2, sub_area_type_text: 'sector', scale_factor: 0, lon: -1, lat: -2, precision: 1, radius: 500, left_bound_deg: 10, right_bound_deg: 350 },
        { sub_area_type: 3, sub_area_type_text: 'polyline', scale_factor: 3, angles: [45, 359.5], dists_m: [2000, 5000] },
        { sub_area_type: 5, sub_area_type_text: 'text', text: 'NO ENTRY ' },
        { sub_area_type: 7, sub_area_type_text: 'reserved' },
      ],
    });
    const raw = m.decode(false, m.pos, true)!;
    const areas = raw.sub_areas as Record<string, unknown>[];
    expect(areas[1]).toMatchObject({ scale_factor: 2, lon: Math.round(10.125 * 60000), lat: -33.5 * 60000, radius: 15 });
    expect(areas[4]).toMatchObject({ angles: [90, 719], dists_m: [2, 5] });
    // bits after the last whole sub-area are padding
    expect((m.decode(true, m.pos + 40, true)!.sub_areas as unknown[]).length).toBe(7);
    expect(m.decode(true, 110, true)).toBeNull();
  });
});

describe('what gpsd does not decode, and robustness', () => {
  it('returns null for DAC/FIDs gpsd prints as data', () => {
    for (const [type, dac, fid] of [
      [6, 1, 23],
      [6, 1, 40],
      [8, 1, 21],
      [8, 1, 22],
      [8, 1, 24],
      [8, 1, 25],
      [8, 1, 26],
      [8, 250, 10],
      [6, 366, 56],
      [8, 366, 56],
      [6, 200, 10],
    ] as const) {
      const m = new Msg(type, dac, fid).u(60, 0).u(60, 0).u(60, 0).u(60, 0);
      expect(m.decode(), `${type}/${dac}/${fid}`).toBeNull();
    }
  });

  it('reads zeros past the end of a message, whatever the caller keeps in its buffer there', () => {
    const m = new Msg(6, 1, 12).t(5, 'SEGOT').u(4, 5);
    const clean = m.decode();
    m.sb.fill(63, Math.ceil(m.pos / 6));
    expect(m.decode()).toEqual(clean);
    expect(clean).toMatchObject({ lastport: 'SEGOT', departure: '05-00T00:00Z', dangerous: '', unid: 0 });
  });

  it('binaryData: type 8 masks the last byte, type 6 keeps the fill bits as gpsd does', () => {
    const m8 = new Msg(8, 366, 56).u(12, 0xabc);
    m8.sb[Math.floor(m8.pos / 6)]! |= 0b1111; // the 4 fill bits of the last character
    expect(binaryData(8, m8.sb, m8.pos)).toBe('12:abc0');
    const m6 = new Msg(6, 366, 56).u(4, 0xa);
    const sb = m6.sb.slice(0, Math.ceil(m6.pos / 6));
    sb[sb.length - 1]! |= 0b11; // fill bits of the last character
    expect(binaryData(6, sb, m6.pos)).toBe('4:a3');
  });

  it('rounds scaled values as C printf does (exact binary value, exact halves to even)', () => {
    // expected values are C's printf("%.*f") of the same doubles
    const cases: [number, number, number][] = [
      [0.25, 1, 0.2],
      [0.75, 1, 0.8],
      [0.15, 1, 0.1],
      [-0.25, 1, -0.2],
      [1.25, 1, 1.2],
      [0.05, 1, 0.1],
      [0.35, 1, 0.3],
      [2.5, 0, 2],
      [3.5, 0, 4],
      [-2.5, 0, -2],
      [13.7, 2, 13.7],
      [3197693 / 60000, 6, 53.294883],
    ];
    for (const [x, dp, want] of cases) expect(fixed(x, dp), `${x} %.${dp}f`).toBe(want);
  });

  it('the README lists every decoded message', () => {
    expect(readFileSync(path.join(repoRoot, 'src/ais/binary/README.md'), 'utf8')).toContain(binaryCatalogue());
  });

  it('every table: fields lie inside gpsd message limits and overlap only where gpsd reads twice', () => {
    const aliases = new Set(['persons289+persons236', 'idnum+idtext']);
    const check = (fields: readonly BitField[], limit: number, where: string): void => {
      const sorted = [...fields].sort((a, b) => a.at - b.at);
      for (let k = 1; k < sorted.length; k++) {
        const a = sorted[k - 1]!;
        const b = sorted[k]!;
        if (a.at + a.bits > b.at) expect(aliases.has(`${a.name}+${b.name}`) || aliases.has(`${b.name}+${a.name}`), `${where}: ${a.name} overlaps ${b.name}`).toBe(true);
      }
      for (const f of fields) expect(f.at + f.bits, `${where}.${f.name}`).toBeLessThanOrEqual(limit);
    };
    for (const type of [6, 8] as const) {
      for (const [dac, fids] of BINARY_MESSAGES[type]) {
        for (const [fid, def] of fids) {
          check(def.fields, 1008, `${type}/${dac}/${fid}`);
          for (const g of groupsOf(def)) check(g.fields, g.size, `${type}/${dac}/${fid} ${g.key}`);
        }
      }
    }
  });

  it('every table reads back what its encoder writes (fast-check)', () => {
    // fields gpsd reads twice from the same bits: write and compare one of each pair
    const second = new Set(['persons236', 'idtext']);
    const value = (f: BitField): fc.Arbitrary<number | string | boolean> => {
      if (f.kind === 'b') return fc.boolean();
      if (f.kind === 'u') return fc.integer({ min: 0, max: 2 ** f.bits - 1 });
      if (f.kind === 'i') return fc.integer({ min: -(2 ** (f.bits - 1)), max: 2 ** (f.bits - 1) - 1 });
      // gpsd-style text: no '@', no trailing spaces
      return fc.array(fc.constantFrom(...SIXBIT_CHARS.slice(1)), { maxLength: f.bits / 6 }).map((a) => a.join('').replace(/ +$/, ''));
    };
    const tables = ([6, 8] as const).flatMap((type) =>
      [...BINARY_MESSAGES[type].values()].flatMap((fids) => [...fids.values()].flatMap((def) => [def.fields, ...groupsOf(def).map((g) => g.fields)])),
    );
    for (const fields of tables) {
      const used = fields.filter((f) => !second.has(f.name));
      if (used.length === 0) continue;
      const rec: Record<string, fc.Arbitrary<number | string | boolean>> = {};
      for (const f of used) rec[f.name] = value(f);
      fc.assert(
        fc.property(fc.record(rec), fc.integer({ min: 0, max: 40 }), (r: Raw, base) => {
          const sb = new Uint8Array(200);
          writeFields(sb, used, r, base);
          expect(readFields(sb, used, base)).toEqual(r);
        }),
        { numRuns: 200 },
      );
    }
  });

  it('never throws, prints no undefined value and ignores bytes past the message (fuzzed)', () => {
    const kinds = ([6, 8] as const).flatMap((type) => [...BINARY_MESSAGES[type]].flatMap(([dac, fids]) => [...fids.keys()].map((fid) => [type, dac, fid] as const)));
    fc.assert(
      fc.property(fc.constantFrom(...kinds), fc.uint8Array({ minLength: 168, maxLength: 168 }), fc.integer({ min: 0, max: 1008 }), fc.boolean(), ([type, dac, fid], bytes, len, scaled) => {
        const start = type === 6 ? 88 : 56;
        const nbits = Math.max(start, len);
        const sb = bytes.map((x) => x & 63);
        putUint(sb, 0, 6, type);
        putUint(sb, start - 16, 10, dac);
        putUint(sb, start - 6, 6, fid);
        const a = decodeBinary(type, dac, fid, sb, nbits, start, scaled);
        const tail = sb.slice();
        tail.fill(0, Math.ceil(nbits / 6));
        expect(decodeBinary(type, dac, fid, tail, nbits, start, scaled)).toEqual(a);
        if (a) {
          expect(JSON.stringify(a)).not.toContain('null');
          const walk = (v: unknown): void => {
            expect(v).not.toBeUndefined();
            if (typeof v === 'number') expect(Number.isFinite(v)).toBe(true);
            if (v && typeof v === 'object') Object.values(v).forEach(walk);
          };
          walk(a);
        }
        expect(uint(sb, 0, 6)).toBe(type);
      }),
      { numRuns: 3000 },
    );
  });
});
