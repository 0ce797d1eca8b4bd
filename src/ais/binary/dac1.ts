/**
 * DAC 1 (international): IMO SN.1/Circ.236 and IMO SN.1/Circ.289 application messages, as
 * gpsd decodes them. Bit offsets are absolute in the message (type 6 payloads start at 88,
 * type 8 at 56), exactly as gpsd's driver_ais.c counts them.
 *
 * Where gpsd's layout or output deviates from the IMO circulars, gpsd's behaviour is kept and
 * a comment says so: darkfleet's `decode` output is meant to diff cleanly against gpsd's.
 */
import {
  b,
  coded,
  coord,
  putFixed,
  group,
  i,
  legendOf,
  legendWhenScaled,
  mdhm,
  loose,
  raw,
  raws,
  readFields,
  scaledNum,
  shifted,
  stamp,
  t,
  tailText,
  u,
  type BitField,
  type Decoded,
  type MessageDef,
  type Out,
} from './table.js';
import { rawText, uint } from '../bits.js';
import { AREA_NOTICE_TYPES, AREA_SHAPES, ICE, ID_TYPES, POSITION_TYPES, PRECIP_TYPES, ROUTE_TYPES, SIGNALS, SIGNAL_INVALID, TRENDS } from './legends.js';

/** 1/1000 minute units (IMO289 positions) -> degrees. */
const MIN1000 = 60000;
/** 1/10000 minute units (AIS standard positions) -> degrees. */
const MIN10000 = 600000;
/**
 * Decimals gpsd printed for scaled positions when its regression files were made (the newer
 * gpsd prints 4; the expected files, our ground truth, have 6).
 */
const POS_DP = 6;

const knots10 = (key: string): Out => scaledNum(key, { div: 10, dp: 1 });

// ---------------------------------------------------------------- type 6 (addressed)

/** IMO236 Dangerous cargo indication (6/1/12). gpsd applies no length check. */
const DANGEROUS_CARGO_236: MessageDef = {
  title: 'IMO236 dangerous cargo indication',
  fields: [
    t('lastport', 88, 5),
    u('lmonth', 118, 4),
    u('lday', 122, 5),
    u('lhour', 127, 5),
    u('lminute', 132, 6),
    t('nextport', 138, 5),
    u('nmonth', 168, 4),
    u('nday', 172, 5),
    u('nhour', 177, 5),
    u('nminute', 182, 6),
    t('dangerous', 188, 20),
    t('imdcat', 308, 4),
    u('unid', 332, 13),
    u('amount', 345, 10),
    u('unit', 355, 2),
  ],
  out: [
    raw('lastport'),
    mdhm('departure', 'lmonth', 'lday', 'lhour', 'lminute'),
    raw('nextport'),
    mdhm('eta', 'nmonth', 'nday', 'nhour', 'nminute'),
    ...raws('dangerous', 'imdcat', 'unid', 'amount', 'unit'),
  ],
};

/** Tidal window element printing (6/1/14 and 6/1/32 share gpsd's output code). */
const TIDAL_OUT: readonly Out[] = [
  coord('lon', MIN1000, POS_DP),
  coord('lat', MIN1000, POS_DP),
  ...raws('from_hour', 'from_min', 'to_hour', 'to_min', 'cdir'),
  knots10('cspeed'),
];

/** gpsd reads tidal elements while the element's first bit is within the message. */
const whileStarts =
  (base: number, size: number) =>
  (nbits: number): number =>
    nbits >= base ? Math.floor((nbits - base) / size) + 1 : 0;

/** IMO236 Tidal window (6/1/14): lat before lon, 27/28-bit positions in 1/1000 minutes. */
const TIDAL_WINDOW_236: MessageDef = {
  title: 'IMO236 tidal window',
  fields: [u('month', 88, 4), u('day', 92, 5)],
  out: [
    ...raws('month', 'day'),
    group({
      key: 'tidals',
      base: 97,
      size: 93,
      count: whileStarts(97, 93),
      fields: [i('lat', 0, 27), i('lon', 27, 28), u('from_hour', 55, 5), u('from_min', 60, 6), u('to_hour', 66, 5), u('to_min', 71, 6), u('cdir', 77, 9), u('cspeed', 86, 7)],
      out: TIDAL_OUT,
    }),
  ],
};

/** IMO289 Tidal window (6/1/32): lon before lat, 25/24-bit positions. */
const TIDAL_WINDOW_289: MessageDef = {
  title: 'IMO289 tidal window',
  fields: [u('month', 88, 4), u('day', 92, 5)],
  out: [
    ...raws('month', 'day'),
    group({
      key: 'tidals',
      base: 97,
      size: 88,
      count: whileStarts(97, 88),
      fields: [i('lon', 0, 25), i('lat', 25, 24), u('from_hour', 49, 5), u('from_min', 54, 6), u('to_hour', 60, 5), u('to_min', 65, 6), u('cdir', 71, 9), u('cspeed', 80, 8)],
      out: TIDAL_OUT,
    }),
  ],
};

/**
 * IMO236 Extended ship static and voyage data (6/1/15). gpsd reads the air draught at bit 56,
 * inside the type 6 header (the type 8 offset): kept for output parity.
 */
const EXT_STATIC_236_ADDRESSED: MessageDef = {
  title: 'IMO236 extended ship static and voyage data (addressed)',
  fields: [u('airdraught', 56, 11)],
  out: [raw('airdraught')],
};

/**
 * IMO236/289 Number of persons on board (6/1/16): the IMO289 layout (bit 88) when the
 * application data is 136 bits, else gpsd reads bit 55 (inside the header), kept for parity.
 */
const PERSONS_ADDRESSED: MessageDef = {
  title: 'IMO236/289 number of persons on board (addressed)',
  fields: [u('persons289', 88, 13), u('persons236', 55, 13)],
  out: [(r, _s, o, m) => void (o.persons = m.nbits - 88 === 136 ? r.persons289 : r.persons236)],
};

/** IMO289 Clearance time to enter port (6/1/18). */
const CLEARANCE_289: MessageDef = {
  title: 'IMO289 clearance time to enter port',
  fields: [
    u('linkage', 88, 10),
    u('month', 98, 4),
    u('day', 102, 5),
    u('hour', 107, 5),
    u('minute', 112, 6),
    t('portname', 118, 20),
    t('destination', 238, 5),
    i('lon', 268, 25),
    i('lat', 293, 24),
  ],
  out: [raw('linkage'), mdhm('arrival', 'month', 'day', 'hour', 'minute'), ...raws('portname', 'destination'), coord('lon', MIN1000, POS_DP), coord('lat', MIN1000, POS_DP)],
};

const BERTH_SERVICES = [
  'agent',
  'fuel',
  'chandler',
  'stevedore',
  'electrical',
  'water',
  'customs',
  'cartage',
  'crane',
  'lift',
  'medical',
  'navrepair',
  'provisions',
  'shiprepair',
  'surveyor',
  'steam',
  'tugs',
  'solidwaste',
  'liquidwaste',
  'hazardouswaste',
  'ballast',
  'additional',
  'regional1',
  'regional2',
  'future1',
  'future2',
] as const;

/** IMO289 Berthing data (6/1/20). */
const BERTHING_289: MessageDef = {
  title: 'IMO289 berthing data',
  fields: [
    u('linkage', 88, 10),
    u('berth_length', 98, 9),
    u('berth_depth', 107, 8),
    u('position', 115, 3),
    u('month', 118, 4),
    u('day', 122, 5),
    u('hour', 127, 5),
    u('minute', 132, 6),
    u('availability', 138, 1),
    ...BERTH_SERVICES.map((name, k) => u(name, 139 + 2 * k, 2)),
    t('berth_name', 191, 20),
    i('berth_lon', 311, 25),
    i('berth_lat', 336, 24),
  ],
  out: [
    ...raws('linkage', 'berth_length'),
    coded('position', POSITION_TYPES),
    loose('arrival', ['month', 'day', 'hour', 'minute'], ['-', 'T', ':', '']),
    raw('availability'),
    ...raws(...BERTH_SERVICES),
    raw('berth_name'),
    coord('berth_lon', MIN1000, POS_DP),
    coord('berth_lat', MIN1000, POS_DP),
    scaledNum('berth_depth', { mul: 0.1, dp: 1 }),
  ],
};

/** IMO289 Dangerous cargo indication (6/1/25): cargo elements while their first bit lies inside. */
const DANGEROUS_CARGO_289: MessageDef = {
  title: 'IMO289 dangerous cargo indication',
  fields: [u('unit', 88, 2), u('amount', 90, 10)],
  out: [
    ...raws('unit', 'amount'),
    group({
      key: 'cargos',
      base: 100,
      size: 17,
      count: (nbits) => (nbits > 100 ? Math.ceil((nbits - 100) / 17) : 0),
      fields: [u('code', 0, 4), u('subtype', 4, 13)],
      out: raws('code', 'subtype'),
    }),
  ],
};

/** Route information (6/1/28 addressed, 8/1/27 broadcast): `waycount` waypoints of 55 bits. */
function routeInfo(title: string, at: number): MessageDef {
  return {
    title,
    fields: [
      u('linkage', at, 10),
      u('sender', at + 10, 3),
      u('rtype', at + 13, 5),
      u('month', at + 18, 4),
      u('day', at + 22, 5),
      u('hour', at + 27, 5),
      u('minute', at + 32, 6),
      u('duration', at + 38, 18),
      u('waycount', at + 56, 5),
    ],
    out: [
      ...raws('linkage', 'sender'),
      coded('rtype', ROUTE_TYPES),
      mdhm('start', 'month', 'day', 'hour', 'minute'),
      raw('duration'),
      group({
        key: 'waypoints',
        base: at + 61,
        size: 55,
        count: (_n, head) => head.waycount as number,
        fields: [i('lon', 0, 28), i('lat', 28, 27)],
        out: [coord('lon', MIN10000, 6), coord('lat', MIN10000, 6)],
      }),
    ],
  };
}

/** Text description (6/1/30 text from 98, 8/1/29 from 66): the rest of the message as 6-bit text,
 *  capped at gpsd's buffer size. */
function textDescription(title: string, at: number, maxChars: number): MessageDef {
  return { title, fields: [u('linkage', at - 10, 10)], out: [raw('linkage'), tailText('text', at, maxChars)] };
}

// ---------------------------------------------------------------- type 8 (broadcast)

/** IMO236 Meteorological and hydrological data (8/1/11): unsigned fields with offsets. */
const MET_HYDRO_236: MessageDef = {
  title: 'IMO236 meteorological and hydrological data',
  fields: [
    i('lat', 56, 24),
    i('lon', 80, 25),
    u('day', 105, 5),
    u('hour', 110, 5),
    u('minute', 115, 6),
    u('wspeed', 121, 7),
    u('wgust', 128, 7),
    u('wdir', 135, 9),
    u('wgustdir', 144, 9),
    u('airtemp', 153, 11),
    u('humidity', 164, 7),
    u('dewpoint', 171, 10),
    u('pressure', 181, 9),
    u('pressuretend', 190, 2),
    u('visibility', 192, 8),
    u('waterlevel', 200, 9),
    u('leveltrend', 209, 2),
    u('cspeed', 211, 8),
    u('cdir', 219, 9),
    u('cspeed2', 228, 8),
    u('cdir2', 236, 9),
    u('cdepth2', 245, 5),
    u('cspeed3', 250, 8),
    u('cdir3', 258, 9),
    u('cdepth3', 267, 5),
    u('waveheight', 272, 8),
    u('waveperiod', 280, 6),
    u('wavedir', 286, 9),
    u('swellheight', 295, 8),
    u('swellperiod', 303, 6),
    u('swelldir', 309, 9),
    u('seastate', 318, 4),
    u('watertemp', 322, 10),
    u('preciptype', 332, 3),
    u('salinity', 335, 9),
    u('ice', 344, 2),
  ],
  out: [
    coord('lat', MIN1000, POS_DP),
    coord('lon', MIN1000, POS_DP),
    stamp('timestamp', ['day', 'hour', 'minute'], ['T', ':', 'Z']),
    ...raws('wspeed', 'wgust', 'wdir', 'wgustdir', 'humidity'),
    scaledNum('airtemp', { offset: 600, div: 10, dp: 1 }),
    scaledNum('dewpoint', { offset: 200, div: 10, dp: 1 }),
    shifted('pressure', 800),
    legendWhenScaled('pressuretend', TRENDS),
    scaledNum('visibility', { div: 10, dp: 1 }),
    scaledNum('waterlevel', { offset: 100, div: 10, dp: 1 }),
    legendWhenScaled('leveltrend', TRENDS),
    knots10('cspeed'),
    raw('cdir'),
    knots10('cspeed2'),
    ...raws('cdir2', 'cdepth2'),
    knots10('cspeed3'),
    ...raws('cdir3', 'cdepth3'),
    scaledNum('waveheight', { div: 10, dp: 1 }),
    ...raws('waveperiod', 'wavedir'),
    scaledNum('swellheight', { div: 10, dp: 1 }),
    ...raws('swellperiod', 'swelldir', 'seastate'),
    scaledNum('watertemp', { offset: 100, div: 10, dp: 1 }),
    coded('preciptype', PRECIP_TYPES),
    scaledNum('salinity', { div: 10, dp: 1 }),
    coded('ice', ICE),
  ],
};

/** IMO236 Fairway closed (8/1/13). */
const FAIRWAY_CLOSED_236: MessageDef = {
  title: 'IMO236 fairway closed',
  fields: [
    t('reason', 56, 20),
    t('closefrom', 176, 20),
    t('closeto', 296, 20),
    u('radius', 416, 10),
    u('extunit', 426, 2),
    u('fday', 428, 5),
    u('fmonth', 433, 4),
    u('fhour', 437, 5),
    u('fminute', 442, 6),
    u('tday', 448, 5),
    u('tmonth', 453, 4),
    u('thour', 457, 5),
    u('tminute', 462, 6),
  ],
  out: [
    ...raws('reason', 'closefrom', 'closeto', 'radius', 'extunit'),
    stamp('from', ['fmonth', 'fday', 'fhour', 'fminute'], ['-', 'T', ':', '']),
    stamp('to', ['tmonth', 'tday', 'thour', 'tminute'], ['-', 'T', ':', '']),
  ],
};

/** IMO236 Extended ship static and voyage data (8/1/15). */
const EXT_STATIC_236: MessageDef = {
  title: 'IMO236 extended ship static and voyage data',
  fields: [u('airdraught', 56, 11)],
  out: [raw('airdraught')],
};

/**
 * Number of persons on board (8/1/16): gpsd decodes only 136-bit (IMO289, count at 88) and
 * 72-bit (IMO236, count read at 55, inside the header, kept for parity) application data.
 * Note: gpsd's JSON prints this from the type 6 variant of its union, an aliasing slip that
 * makes it print 0 (seen with gpsdecode 3.22); we print the decoded count.
 */
const PERSONS_BROADCAST: MessageDef = {
  title: 'IMO236/289 number of persons on board (broadcast)',
  fields: [u('persons289', 88, 13), u('persons236', 55, 13)],
  accept: (nbits) => nbits - 56 === 136 || nbits - 56 === 72,
  out: [(r, _s, o, m) => void (o.persons = m.nbits - 56 === 136 ? r.persons289 : r.persons236)],
};

/** IMO289 VTS-generated/synthetic targets (8/1/17): elements while their first bit is inside. */
const VTS_TARGETS_289: MessageDef = {
  title: 'IMO289 VTS-generated/synthetic targets',
  fields: [],
  out: [
    group({
      key: 'targets',
      base: 56,
      size: 122,
      count: whileStarts(56, 122),
      fields: [u('idtype', 0, 2), u('idnum', 2, 42), t('idtext', 2, 7), i('lat', 48, 24), i('lon', 72, 25), u('course', 97, 9), u('second', 106, 6), u('speed', 112, 10)],
      out: [
        coded('idtype', ID_TYPES),
        (r, _s, o) => {
          const idtype = r.idtype as number;
          // gpsd keeps MMSI/IMO in a 32-bit unsigned int and prints it as a string
          o[ID_TYPES[idtype]!] = idtype <= 1 ? String((r.idnum as number) % 2 ** 32) : r.idtext;
        },
        coord('lat', MIN1000, POS_DP),
        coord('lon', MIN1000, POS_DP),
        ...raws('course', 'second', 'speed'),
      ],
    }),
  ],
};

/** IMO289 Marine traffic signal (8/1/19). gpsd prints the position scaled in both modes. */
const TRAFFIC_SIGNAL_289: MessageDef = {
  title: 'IMO289 marine traffic signal',
  fields: [
    u('linkage', 56, 10),
    t('station', 66, 20),
    i('lon', 186, 25),
    i('lat', 211, 24),
    u('status', 235, 2),
    u('signal', 237, 5),
    u('hour', 242, 5),
    u('minute', 247, 6),
    u('nextsignal', 253, 5),
  ],
  out: [
    ...raws('linkage', 'station'),
    (r, _s, o) => {
      putFixed(o, 'lon', (r.lon as number) / MIN1000, POS_DP);
      putFixed(o, 'lat', (r.lat as number) / MIN1000, POS_DP);
    },
    raw('status'),
    coded('signal', SIGNALS, SIGNAL_INVALID),
    ...raws('hour', 'minute'),
    coded('nextsignal', SIGNALS, SIGNAL_INVALID),
  ],
};

/** IMO289 Meteorological and hydrological data (8/1/31): signed temperatures. */
const MET_HYDRO_289: MessageDef = {
  title: 'IMO289 meteorological and hydrological data',
  fields: [
    i('lon', 56, 25),
    i('lat', 81, 24),
    b('accuracy', 105),
    u('day', 106, 5),
    u('hour', 111, 5),
    u('minute', 116, 6),
    u('wspeed', 122, 7),
    u('wgust', 129, 7),
    u('wdir', 136, 9),
    u('wgustdir', 145, 9),
    i('airtemp', 154, 11),
    u('humidity', 165, 7),
    i('dewpoint', 172, 10),
    u('pressure', 182, 9),
    u('pressuretend', 191, 2),
    b('visgreater', 193),
    u('visibility', 194, 7),
    u('waterlevel', 201, 12),
    u('leveltrend', 213, 2),
    u('cspeed', 215, 8),
    u('cdir', 223, 9),
    u('cspeed2', 232, 8),
    u('cdir2', 240, 9),
    u('cdepth2', 249, 5),
    u('cspeed3', 254, 8),
    u('cdir3', 262, 9),
    u('cdepth3', 271, 5),
    u('waveheight', 276, 8),
    u('waveperiod', 284, 6),
    u('wavedir', 290, 9),
    u('swellheight', 299, 8),
    u('swellperiod', 307, 6),
    u('swelldir', 313, 9),
    u('seastate', 322, 4),
    i('watertemp', 326, 10),
    u('preciptype', 336, 3),
    u('salinity', 339, 9),
    u('ice', 348, 2),
  ],
  out: [
    coord('lat', MIN1000, POS_DP),
    coord('lon', MIN1000, POS_DP),
    raw('accuracy'),
    stamp('timestamp', ['day', 'hour', 'minute'], ['T', ':', 'Z']),
    ...raws('wspeed', 'wgust', 'wdir', 'wgustdir', 'humidity'),
    scaledNum('airtemp', { div: 10, dp: 1 }),
    scaledNum('dewpoint', { div: 10, dp: 1 }),
    shifted('pressure', 799),
    legendWhenScaled('pressuretend', TRENDS),
    raw('visgreater'),
    scaledNum('visibility', { div: 10, dp: 1 }),
    (r, scaled, o) => {
      // gpsd subtracts the 10 m offset in 32-bit unsigned arithmetic: levels below chart
      // datum print as about 42949663 m. Kept for output parity (raw value in unscaled mode).
      const v = r.waterlevel as number;
      if (scaled) putFixed(o, 'waterlevel', ((v - 1000) >>> 0) / 100, 1);
      else o.waterlevel = v;
    },
    legendWhenScaled('leveltrend', TRENDS),
    knots10('cspeed'),
    raw('cdir'),
    knots10('cspeed2'),
    ...raws('cdir2', 'cdepth2'),
    knots10('cspeed3'),
    ...raws('cdir3', 'cdepth3'),
    scaledNum('waveheight', { div: 10, dp: 1 }),
    ...raws('waveperiod', 'wavedir'),
    scaledNum('swellheight', { div: 10, dp: 1 }),
    ...raws('swellperiod', 'swelldir', 'seastate'),
    scaledNum('watertemp', { div: 10, dp: 1 }),
    legendWhenScaled('preciptype', PRECIP_TYPES),
    scaledNum('salinity', { div: 10, dp: 1 }),
    legendWhenScaled('ice', ICE),
  ],
};

// ---------------------------------------------------------------- not decoded by gpsd (extended mode)

/**
 * Text telegram (6/1/0, ITU-R M.1371-1 annex 5, international function message 0): an
 * acknowledge-required flag, an 11-bit sequence number, then 6-bit text to the end.
 * gpsd prints it as `data`; names as libais prints them.
 */
const TEXT_TELEGRAM: MessageDef = {
  title: 'IFM 0 text telegram (addressed)',
  fields: [b('ack_required', 88), u('msg_seq', 89, 11)],
  out: [...raws('ack_required', 'msg_seq'), tailText('text', 100, 151)],
};

/** Area notice sub-areas are 87 bits, from bit 111; the first 3 bits give the shape. */
const SUB_AREA_AT = 111;
const SUB_AREA_BITS = 87;
/** Scale factor, position (1/1000 minute) and precision, common to circle, rectangle and sector. */
const SUB_AREA_HEAD: readonly BitField[] = [u('scale_factor', 3, 2), i('lon', 5, 25), i('lat', 30, 24), u('precision', 54, 3)];
const SUB_AREA_FIELDS: readonly (readonly BitField[])[] = [
  [...SUB_AREA_HEAD, u('radius', 57, 12)],
  [...SUB_AREA_HEAD, u('e_dim_m', 57, 8), u('n_dim_m', 65, 8), u('orient_deg', 73, 9)],
  [...SUB_AREA_HEAD, u('radius', 57, 12), u('left_bound_deg', 69, 9), u('right_bound_deg', 78, 9)],
];
/** Distances count in units of 10^scale_factor metres (scale factor 0-3). */
const metres = (raw: number, scale: number): number => raw * 10 ** scale;

/**
 * One sub-area of an area notice (IMO SN.1/Circ.289, area notice): circle/point, rectangle,
 * sector, polyline, polygon or 14 characters of associated text. Scaled: positions in degrees,
 * distances in metres, polyline angles in degrees; unscaled: the raw counts (with
 * `scale_factor` to read the distances by).
 */
function subArea(sb: Uint8Array, at: number, scaled: boolean): Decoded {
  const shape = uint(sb, at, 3);
  const o: Decoded = { sub_area_type: shape };
  const head = SUB_AREA_FIELDS[shape];
  if (head) {
    const r = readFields(sb, head, at);
    const scale = r.scale_factor as number;
    o.sub_area_type_text = shape === 0 && r.radius === 0 ? 'point' : AREA_SHAPES[shape];
    o.scale_factor = scale;
    if (scaled) {
      putFixed(o, 'lon', (r.lon as number) / MIN1000, POS_DP);
      putFixed(o, 'lat', (r.lat as number) / MIN1000, POS_DP);
    } else {
      o.lon = r.lon;
      o.lat = r.lat;
    }
    o.precision = r.precision;
    for (const k of ['radius', 'e_dim_m', 'n_dim_m'] as const) if (k in r) o[k] = scaled ? metres(r[k] as number, scale) : r[k];
    for (const k of ['orient_deg', 'left_bound_deg', 'right_bound_deg'] as const) if (k in r) o[k] = r[k];
  } else if (shape === 3 || shape === 4) {
    // up to four points, each a bearing (0.5 degree steps) and distance from the previous
    // point; a zero distance marks the unused ones
    o.sub_area_type_text = AREA_SHAPES[shape];
    const scale = uint(sb, at + 3, 2);
    o.scale_factor = scale;
    const angles: number[] = [];
    const dists: number[] = [];
    for (let k = 0; k < 4; k++) {
      const angle = uint(sb, at + 5 + 20 * k, 10);
      const dist = uint(sb, at + 15 + 20 * k, 10);
      if (dist === 0) break;
      angles.push(scaled ? angle / 2 : angle);
      dists.push(scaled ? metres(dist, scale) : dist);
    }
    o.angles = angles;
    o.dists_m = dists;
  } else if (shape === 5) {
    o.sub_area_type_text = AREA_SHAPES[shape];
    // text runs on across consecutive text sub-areas, so its spaces are kept; '@' is padding
    const s = rawText(sb, at + 3, 14);
    const pad = s.indexOf('@');
    o.text = pad < 0 ? s : s.slice(0, pad);
  } else o.sub_area_type_text = legendOf(AREA_SHAPES, shape);
  return o;
}

/**
 * IMO289 Area notice (8/1/22): what, when (start month/day/hour/minute UTC and a duration in
 * minutes) and where (up to 10 sub-areas of 87 bits). gpsd prints it as `data`; the keys
 * are libais's, with gpsd's conventions (`lon`/`lat`, `*_text` legends).
 */
const AREA_NOTICE: MessageDef = {
  title: 'IMO289 area notice (broadcast)',
  fields: [u('link_id', 56, 10), u('notice_type', 66, 7), u('month', 73, 4), u('day', 77, 5), u('hour', 82, 5), u('minute', 87, 6), u('duration_minutes', 93, 18)],
  accept: (nbits) => nbits >= SUB_AREA_AT,
  out: [
    raw('link_id'),
    coded('notice_type', AREA_NOTICE_TYPES),
    ...raws('month', 'day', 'hour', 'minute', 'duration_minutes'),
    (_r, scaled, o, m) => {
      const n = Math.floor((m.nbits - SUB_AREA_AT) / SUB_AREA_BITS);
      const areas: Decoded[] = [];
      for (let k = 0; k < n; k++) areas.push(subArea(m.sb, SUB_AREA_AT + SUB_AREA_BITS * k, scaled));
      o.sub_areas = areas;
    },
  ],
};

// ---------------------------------------------------------------- dispatch

export const DAC1_ADDRESSED: ReadonlyMap<number, MessageDef> = new Map([
  [12, DANGEROUS_CARGO_236],
  [14, TIDAL_WINDOW_236],
  [15, EXT_STATIC_236_ADDRESSED],
  [16, PERSONS_ADDRESSED],
  [18, CLEARANCE_289],
  [20, BERTHING_289],
  [25, DANGEROUS_CARGO_289],
  [28, routeInfo('IMO289 route information (addressed)', 88)],
  [30, textDescription('IMO289 text description (addressed)', 98, 153)],
  [32, TIDAL_WINDOW_289],
]);

export const DAC1_BROADCAST: ReadonlyMap<number, MessageDef> = new Map([
  [11, MET_HYDRO_236],
  [13, FAIRWAY_CLOSED_236],
  [15, EXT_STATIC_236],
  [17, VTS_TARGETS_289],
  [19, TRAFFIC_SIGNAL_289],
  [16, PERSONS_BROADCAST],
  [27, routeInfo('IMO289 route information (broadcast)', 56)],
  [29, textDescription('IMO289 text description (broadcast)', 66, 161)],
  [31, MET_HYDRO_289],
]);

/** DAC 1 messages gpsd prints as `data`, decoded only in extended mode. */
export const DAC1_ADDRESSED_EXTENDED: ReadonlyMap<number, MessageDef> = new Map([[0, TEXT_TELEGRAM]]);
export const DAC1_BROADCAST_EXTENDED: ReadonlyMap<number, MessageDef> = new Map([[22, AREA_NOTICE]]);
