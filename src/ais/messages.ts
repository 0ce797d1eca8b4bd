/**
 * Bit layouts of AIS messages 1-27 (ITU-R M.1371-5), with gpsd's field names, scaling and
 * legends. One table per message family; variants (type 22 area/addressed, type 24 parts)
 * are separate tables chosen by a discriminating bit.
 */
import type { FieldDef, TableDef, CompositeDef } from './fields.js';
import { NAV_STATUS, EPFD, SHIP_TYPE, STATION_TYPE, NAVAID_TYPE } from './legends.js';

const pad2 = (n: number): string => (n < 10 ? `0${n}` : `${n}`);
const pad4 = (n: number): string => (n < 10 ? `000${n}` : n < 100 ? `00${n}` : n < 1000 ? `0${n}` : `${n}`);

/** gpsd: `%04u-%02u-%02uT%02u:%02u:%02uZ` */
const TIMESTAMP: CompositeDef = {
  name: 'timestamp',
  from: ['year', 'month', 'day', 'hour', 'minute', 'second'],
  fmt: (y, mo, d, h, mi, s) => `${pad4(y!)}-${pad2(mo!)}-${pad2(d!)}T${pad2(h!)}:${pad2(mi!)}:${pad2(s!)}Z`,
};
/** gpsd: `%02u-%02uT%02u:%02uZ` */
const ETA: CompositeDef = {
  name: 'eta',
  from: ['month', 'day', 'hour', 'minute'],
  fmt: (mo, d, h, mi) => `${pad2(mo!)}-${pad2(d!)}T${pad2(h!)}:${pad2(mi!)}Z`,
};

/** Rate of turn: gpsd's legends for the special codes; otherwise degrees/minute (signed). */
function renderTurn(raw: number): unknown {
  if (raw === -128) return 'n/a';
  if (raw === -127) return 'fastleft';
  if (raw === 127) return 'fastright';
  const r = raw / 4.733;
  return Math.round(Math.sign(raw) * r * r * 100) / 100;
}

const u = (name: string, bits: number, extra: Partial<FieldDef> = {}): FieldDef => ({ name, kind: 'uint', bits, ...extra });
const i = (name: string, bits: number, extra: Partial<FieldDef> = {}): FieldDef => ({ name, kind: 'int', bits, ...extra });
const b = (name: string, extra: Partial<FieldDef> = {}): FieldDef => ({ name, kind: 'bool', bits: 1, ...extra });
const t = (name: string, chars: number, extra: Partial<FieldDef> = {}): FieldDef => ({ name, kind: 'text', bits: chars * 6, ...extra });
const x = (bits: number): FieldDef => ({ name: 'spare', kind: 'spare', bits });

/** 1/10000 minute -> degrees */
const LON = { div: 600000, decimals: 7 };
/** 1/10 minute -> degrees (types 17, 22, 23, 27) */
const LON10 = { div: 600, decimals: 4 };
const STATUS = { legend: NAV_STATUS, invalid: 'INVALID STATUS' };
const SHIPTYPE = { legend: SHIP_TYPE, invalid: 'INVALID SHIP TYPE' };
const EPFD_L = { legend: EPFD, invalid: 'INVALID EPFD' };
const DIMS = [u('to_bow', 9), u('to_stern', 9), u('to_port', 6), u('to_starboard', 6)];

export const POSITION_A: TableDef = {
  fields: [
    u('status', 4, STATUS),
    i('turn', 8, { render: renderTurn }),
    u('speed', 10, { div: 10, decimals: 1 }),
    b('accuracy'),
    i('lon', 28, LON),
    i('lat', 27, LON),
    u('course', 12, { div: 10, decimals: 1 }),
    u('heading', 9),
    u('second', 6),
    u('maneuver', 2),
    x(3),
    b('raim'),
    u('radio', 19, { optional: true, minBits: 168 }),
  ],
};

export const BASE_STATION: TableDef = {
  fields: [
    u('year', 14, { hidden: true }),
    u('month', 4, { hidden: true }),
    u('day', 5, { hidden: true }),
    u('hour', 5, { hidden: true }),
    u('minute', 6, { hidden: true }),
    u('second', 6, { hidden: true }),
    b('accuracy'),
    i('lon', 28, LON),
    i('lat', 27, LON),
    u('epfd', 4, EPFD_L),
    u('transmission_ctl', 1, { extra: true }),
    x(9),
    b('raim'),
    u('radio', 19),
  ],
  composites: [TIMESTAMP],
};

export const STATIC_VOYAGE: TableDef = {
  fields: [
    u('ais_version', 2),
    u('imo', 30),
    t('callsign', 7),
    t('shipname', 20),
    u('shiptype', 8, SHIPTYPE),
    ...DIMS,
    u('epfd', 4, EPFD_L),
    u('month', 4, { hidden: true }),
    u('day', 5, { hidden: true }),
    u('hour', 5, { hidden: true }),
    u('minute', 6, { hidden: true }),
    u('draught', 8, { div: 10, decimals: 1 }),
    t('destination', 20),
    u('dte', 1, { optional: true, minBits: 423 }),
    x(1),
  ],
  composites: [ETA],
};

/** Types 6 and 8: header only; the application payload is decoded by ./binary. */
export const BINARY_ADDRESSED_HEADER: TableDef = {
  fields: [u('seqno', 2), u('dest_mmsi', 30), b('retransmit'), x(1), u('dac', 10), u('fid', 6)],
};
export const BINARY_BROADCAST_HEADER: TableDef = { fields: [x(2), u('dac', 10), u('fid', 6)] };

/** Types 7 and 13: up to four acknowledged MMSIs; gpsd prints absent ones as 0. */
export const ACK: TableDef = {
  fields: [
    x(2),
    u('mmsi1', 30),
    u('seq1', 2, { hidden: true, optional: true }),
    u('mmsi2', 30, { optional: true }),
    u('seq2', 2, { hidden: true, optional: true }),
    u('mmsi3', 30, { optional: true }),
    u('seq3', 2, { hidden: true, optional: true }),
    u('mmsi4', 30, { optional: true }),
    u('seq4', 2, { hidden: true, optional: true }),
  ],
};

export const SAR_AIRCRAFT: TableDef = {
  fields: [
    u('alt', 12),
    u('speed', 10),
    b('accuracy'),
    i('lon', 28, LON),
    i('lat', 27, LON),
    u('course', 12, { div: 10, decimals: 1 }),
    u('second', 6),
    u('regional', 8),
    // ITU-R M.1371-5 took the first of these 8 bits for the altitude sensor (0 GNSS, 1 barometric)
    u('alt_sensor', 1, { at: 134, extra: true }),
    u('dte', 1),
    x(3),
    b('assigned', { extra: true }),
    b('raim'),
    u('radio', 20),
  ],
};

export const UTC_INQUIRY: TableDef = { fields: [x(2), u('dest_mmsi', 30), x(2)] };

export const INTERROGATION: TableDef = {
  fields: [
    x(2),
    u('mmsi1', 30),
    u('type1_1', 6),
    u('offset1_1', 12),
    x(2),
    u('type1_2', 6, { optional: true, minBits: 91 }),
    u('offset1_2', 12, { optional: true, minBits: 91 }),
    x(2),
    u('mmsi2', 30, { optional: true, minBits: 111 }),
    u('type2_1', 6, { optional: true, minBits: 111 }),
    u('offset2_1', 12, { optional: true, minBits: 111 }),
    x(2),
  ],
};

export const ASSIGNMENT: TableDef = {
  fields: [
    x(2),
    u('mmsi1', 30),
    u('offset1', 12),
    u('increment1', 10),
    u('mmsi2', 30, { optional: true, minBits: 144 }),
    u('offset2', 12, { optional: true, minBits: 144 }),
    u('increment2', 10, { optional: true, minBits: 144 }),
  ],
};

/** Type 17 reference station: gpsd prints its 1/10-minute position to 0.1 degree. */
export const DGNSS_HEADER: TableDef = { fields: [x(2), i('lon', 18, { div: 600, decimals: 1 }), i('lat', 17, { div: 600, decimals: 1 }), x(5)] };
/** Type 17 with the `extended` option: the position at its full 1/10-minute resolution. */
export const DGNSS_HEADER_FULL: TableDef = { fields: [x(2), i('lon', 18, LON10), i('lat', 17, LON10), x(5)] };

/** The position part common to class B reports 18 and 19. */
const CLASS_B_POSITION = [
  u('reserved', 8),
  u('speed', 10, { div: 10, decimals: 1 }),
  b('accuracy'),
  i('lon', 28, LON),
  i('lat', 27, LON),
  u('course', 12, { div: 10, decimals: 1 }),
  u('heading', 9),
  u('second', 6),
];

export const POSITION_B: TableDef = {
  fields: [
    ...CLASS_B_POSITION,
    u('regional', 2),
    b('cs'),
    b('display'),
    b('dsc'),
    b('band'),
    b('msg22'),
    b('assigned', { extra: true }),
    b('raim'),
    u('radio', 20),
  ],
};

export const POSITION_B_EXTENDED: TableDef = {
  fields: [
    ...CLASS_B_POSITION,
    u('regional', 4),
    t('shipname', 20),
    u('shiptype', 8, SHIPTYPE),
    ...DIMS,
    u('epfd', 4, EPFD_L),
    b('raim'),
    u('dte', 1),
    b('assigned'),
    x(4),
  ],
};

const slot = (n: number, optional: boolean): FieldDef[] => [
  u(`offset${n}`, 12, { optional }),
  u(`number${n}`, 4, { optional }),
  u(`timeout${n}`, 3, { optional }),
  u(`increment${n}`, 11, { optional }),
];
export const DATALINK: TableDef = { fields: [x(2), ...slot(1, false), ...slot(2, true), ...slot(3, true), ...slot(4, true)] };

export const ATON: TableDef = {
  fields: [
    u('aid_type', 5, { legend: NAVAID_TYPE, invalid: 'INVALID NAVAID TYPE' }),
    t('name', 20),
    b('accuracy'),
    i('lon', 28, LON),
    i('lat', 27, LON),
    ...DIMS,
    u('epfd', 4, EPFD_L),
    u('second', 6),
    b('off_position'),
    u('regional', 8),
    b('raim'),
    b('virtual_aid'),
    b('assigned', { extra: true }),
    x(1),
  ],
};

/** gpsd prints type 22/23 corners, scaled, as strings with 6 decimals (`"%f"`). */
const corner = (raw: number): string => (raw / 600).toFixed(6);
const CORNER = { render: corner };
const CHANNEL_HEAD = [u('channel_a', 12), u('channel_b', 12), u('txrx', 4), b('power')];
const CHANNEL_TAIL = [b('addressed'), b('band_a'), b('band_b'), u('zonesize', 3), x(23)];
export const CHANNEL_AREA: TableDef = {
  fields: [...CHANNEL_HEAD, i('ne_lon', 18, CORNER), i('ne_lat', 17, CORNER), i('sw_lon', 18, CORNER), i('sw_lat', 17, CORNER), ...CHANNEL_TAIL],
  start: 40,
};
export const CHANNEL_ADDRESSED: TableDef = {
  fields: [...CHANNEL_HEAD, u('dest1', 30), x(5), u('dest2', 30), x(5), ...CHANNEL_TAIL],
  start: 40,
};

export const GROUP_ASSIGNMENT: TableDef = {
  fields: [
    x(2),
    i('ne_lon', 18, CORNER),
    i('ne_lat', 17, CORNER),
    i('sw_lon', 18, CORNER),
    i('sw_lat', 17, CORNER),
    u('stationtype', 4, { legend: STATION_TYPE, invalid: 'INVALID STATION TYPE' }),
    u('shiptype', 8, SHIPTYPE),
    x(22),
    u('txrx', 2, { extra: true }),
    u('interval', 4),
    u('quiet', 4),
    x(6),
  ],
};

export const STATIC_B_PART_A: TableDef = { fields: [u('partno', 2, { hidden: true }), t('shipname', 20)] };
/**
 * Part B. gpsd prints `vendorid` as all 7 characters of the vendor field (ITU-R M.1371-3) and
 * also `model`/`serial` from the last 24 bits of it (M.1371-4+): both views of the same bits.
 */
const PART_B_HEAD = [
  u('partno', 2, { hidden: true }),
  u('shiptype', 8, SHIPTYPE),
  t('vendorid', 7),
  // model and serial overlap vendorid's last 4 characters
  u('model', 4, { at: 66 }),
  u('serial', 20, { at: 70 }),
  t('callsign', 7),
];
export const STATIC_B_PART_B: TableDef = { fields: [...PART_B_HEAD, ...DIMS, x(6)] };
export const STATIC_B_PART_B_AUX: TableDef = { fields: [...PART_B_HEAD, u('mothership_mmsi', 30), x(6)] };

export const LONG_RANGE: TableDef = {
  fields: [
    b('accuracy'),
    b('raim'),
    u('status', 4, STATUS),
    i('lon', 18, LON10),
    i('lat', 17, LON10),
    u('speed', 6),
    u('course', 9),
    b('gnss'),
    x(1),
  ],
};
