/**
 * DAC 200: Inland AIS (CCNR / EU inland ECDIS-AIS) application messages, as gpsd decodes
 * them. gpsd decodes each only at its exact standard length; otherwise the caller prints the
 * raw data.
 */
import { b, coded, coord, exactly, group, i, loose, raw, raws, t, u, type MessageDef, type Out } from './table.js';
import {
  DIRECTIONS,
  DIRECTION_INVALID,
  EMMA_CLASSES,
  EMMA_TYPES,
  EMMA_TYPE_INVALID,
  EMMA_WINDS,
  EMMA_WIND_INVALID,
  HAZARD_INVALID,
  HAZARD_TYPES,
  LOAD_INVALID,
  LOAD_STATUS,
  RTA_STATUS,
  SIGNAL_STATUS,
  SIGNAL_STATUS_INVALID,
  inlandShipType,
} from './legends.js';

/** 1/10000 minute units (AIS standard positions) -> degrees. */
const MIN10000 = 600000;
/** gpsd rejects (prints as data) inland static data with a hazard code above this. */
const HAZARD_MAX = 5;

const p2 = (n: number): string => (n < 10 ? `0${n}` : String(n));

// ---------------------------------------------------------------- type 6 (addressed)

/** Lock/bridge/terminal location shared by 6/200/21 (ETA) and 6/200/22 (RTA). */
const LOCATION_FIELDS = [t('country', 88, 2), t('locode', 100, 3), t('section', 118, 5), t('terminal', 148, 5), t('hectometre', 178, 5), u('month', 208, 4), u('day', 212, 5), u('hour', 217, 5), u('minute', 222, 6)];
const LOCATION_OUT: readonly Out[] = [...raws('country', 'locode', 'section', 'terminal', 'hectometre'), loose('eta', ['month', 'day', 'hour', 'minute'], ['-', 'T', ':', ''])];

const ETA_AT_LOCK: MessageDef = {
  title: 'Inland ETA at lock/bridge/terminal',
  fields: [...LOCATION_FIELDS, u('tugs', 228, 3), u('airdraught', 231, 12)],
  out: [...LOCATION_OUT, ...raws('tugs', 'airdraught')],
  accept: exactly(248),
};

const RTA_AT_LOCK: MessageDef = {
  title: 'Inland RTA at lock/bridge/terminal',
  fields: [...LOCATION_FIELDS, u('status', 228, 2)],
  out: [...LOCATION_OUT, coded('status', RTA_STATUS)],
  accept: exactly(232),
};

const PERSONS_ON_BOARD: MessageDef = {
  title: 'Inland number of persons on board',
  fields: [u('crew', 88, 8), u('passengers', 96, 13), u('personnel', 109, 8)],
  out: raws('crew', 'passengers', 'personnel'),
  accept: exactly(168),
};

// ---------------------------------------------------------------- type 8 (broadcast)

const INLAND_STATIC: MessageDef = {
  title: 'Inland ship static and voyage related data',
  fields: [
    t('vin', 56, 8),
    u('length', 104, 13),
    u('beam', 117, 10),
    u('shiptype', 127, 14),
    u('hazard', 141, 3),
    u('draught', 144, 11),
    u('loaded', 155, 2),
    b('speed_q', 157),
    b('course_q', 158),
    b('heading_q', 159),
  ],
  out: [
    ...raws('vin', 'length', 'beam'),
    (r, _s, o) => {
      o.shiptype = r.shiptype;
      o.shiptype_text = inlandShipType(r.shiptype as number);
    },
    coded('hazard', HAZARD_TYPES, HAZARD_INVALID),
    raw('draught'),
    coded('loaded', LOAD_STATUS, LOAD_INVALID),
    ...raws('speed_q', 'course_q', 'heading_q'),
  ],
  // gpsd's guard against other messages sent under this DAC/FID: exact length, sane hazard code
  accept: (nbits, r) => nbits === 168 && (r.hazard as number) <= HAZARD_MAX,
};

const EMMA_WARNING: MessageDef = {
  title: 'Inland EMMA weather warning',
  fields: [
    u('start_year', 56, 8),
    u('start_month', 64, 4),
    u('start_day', 68, 5),
    u('end_year', 73, 8),
    u('end_month', 81, 4),
    u('end_day', 85, 5),
    u('start_hour', 90, 5),
    u('start_minute', 95, 6),
    u('end_hour', 101, 5),
    u('end_minute', 106, 6),
    i('start_lon', 112, 28),
    i('start_lat', 140, 27),
    i('end_lon', 167, 28),
    i('end_lat', 195, 27),
    u('type', 222, 4),
    i('min', 226, 9),
    i('max', 235, 9),
    u('class', 244, 2),
    u('wind', 246, 4),
  ],
  out: [
    (r, _s, o) => {
      const n = (k: string): number => r[k] as number;
      // gpsd passes hour, minute, day (in that order) to the start stamp's day, hour and
      // minute slots; kept so the output diffs cleanly against gpsd's
      o.start = `${String(n('start_year') + 2000).padStart(4)}-${p2(n('start_month'))}-${p2(n('start_hour'))}T${p2(n('start_minute'))}:${p2(n('start_day'))}`;
      o.end = `${String(n('end_year') + 2000).padStart(4)}-${p2(n('end_month'))}-${p2(n('end_day'))}T${p2(n('end_hour'))}:${p2(n('end_minute'))}`;
    },
    coord('start_lon', MIN10000, 6),
    coord('start_lat', MIN10000, 6),
    coord('end_lon', MIN10000, 6),
    coord('end_lat', MIN10000, 6),
    coded('type', EMMA_TYPES, EMMA_TYPE_INVALID),
    ...raws('min', 'max'),
    // gpsd's own fallback for the class legend reuses the type's wording
    coded('class', EMMA_CLASSES, EMMA_TYPE_INVALID),
    coded('wind', EMMA_WINDS, EMMA_WIND_INVALID),
  ],
  accept: exactly(256),
};

const WATER_LEVELS: MessageDef = {
  title: 'Inland water levels',
  fields: [t('country', 56, 2)],
  out: [
    raw('country'),
    group({
      key: 'gauges',
      base: 68,
      size: 25,
      // elements while their first bit lies inside the message: 4 in a 168-bit message
      count: (nbits) => Math.ceil((nbits - 68) / 25),
      fields: [u('id', 0, 11), i('level', 11, 14)],
      out: raws('id', 'level'),
    }),
  ],
  accept: exactly(168),
};

const SIGNAL_STATUS_MSG: MessageDef = {
  title: 'Inland signal status',
  fields: [i('lon', 56, 28), i('lat', 84, 27), u('form', 111, 4), u('facing', 115, 9), u('direction', 124, 3), u('status', 127, 30)],
  out: [
    coord('lon', MIN10000, 6),
    coord('lat', MIN10000, 6),
    ...raws('form', 'facing'),
    coded('direction', DIRECTIONS, DIRECTION_INVALID),
    coded('status', SIGNAL_STATUS, SIGNAL_STATUS_INVALID),
  ],
  accept: exactly(168),
};

export const DAC200_ADDRESSED: ReadonlyMap<number, MessageDef> = new Map([
  [21, ETA_AT_LOCK],
  [22, RTA_AT_LOCK],
  [55, PERSONS_ON_BOARD],
]);

export const DAC200_BROADCAST: ReadonlyMap<number, MessageDef> = new Map([
  [10, INLAND_STATIC],
  [23, EMMA_WARNING],
  [24, WATER_LEVELS],
  [40, SIGNAL_STATUS_MSG],
]);
