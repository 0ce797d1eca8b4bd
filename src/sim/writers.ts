/**
 * Output formats of `darkfleet simulate`: NMEA 0183 `!AIVDM` sentences with NMEA 4.0 tag
 * blocks (`s:` station, `c:` receive time; type 5 in two fragments), and MarineCadastre CSV
 * with the pre-2024 header, one row for every position report that decodes.
 */
import { encodeSentences } from '../ais/encode.js';
import type { Decoded } from '../ais/fields.js';
import type { Rng } from './prng.js';
import type { PositionReport, Report, StaticReport } from './reports.js';

export const CSV_HEADER = 'MMSI,BaseDateTime,LAT,LON,SOG,COG,Heading,VesselName,IMO,CallSign,VesselType,Status,Length,Width,Draft,Cargo,TransceiverClass';

export function rawPosition(r: PositionReport): Decoded {
  const second = Math.floor(r.t / 1000) % 60;
  if (r.cls === 'B') {
    return {
      type: 18, repeat: 0, mmsi: r.id.mmsi, reserved: 0, speed: r.speed, accuracy: false, lon: r.lon, lat: r.lat, course: r.course, heading: 511,
      second, regional: 0, cs: true, display: false, dsc: true, band: true, msg22: true, assigned: false, raim: false, radio: r.radio,
    };
  }
  return {
    type: 1, repeat: 0, mmsi: r.id.mmsi, status: r.status, turn: -128, speed: r.speed, accuracy: false, lon: r.lon, lat: r.lat, course: r.course,
    heading: r.heading, second, maneuver: 0, raim: false, radio: r.radio,
  };
}

export function rawStatic(r: StaticReport): Decoded {
  const id = r.id;
  const dims = { to_bow: id.toBow, to_stern: id.toStern, to_port: id.toPort, to_starboard: id.toStarboard };
  if (r.part === 0) return { type: 24, repeat: 0, mmsi: id.mmsi, partno: 0, part: 'A', shipname: id.name };
  if (r.part === 1) return { type: 24, repeat: 0, mmsi: id.mmsi, partno: 1, part: 'B', shiptype: id.shipType, vendorid: '', callsign: id.callsign, ...dims };
  return {
    type: 5, repeat: 0, mmsi: id.mmsi, ais_version: 0, imo: id.imo ?? 0, callsign: id.callsign, shipname: id.name, shiptype: id.shipType, ...dims,
    epfd: 1, month: 0, day: 0, hour: 24, minute: 60, draught: Math.round(id.draught * 10), destination: id.destination, dte: 0,
  };
}

function isoSecond(t: number): string {
  return new Date(t).toISOString().slice(0, 19);
}

export function csvRow(r: PositionReport): string {
  const id = r.id;
  const a = r.cls === 'A';
  return [
    id.mmsi,
    isoSecond(r.t),
    (r.lat / 600000).toFixed(5),
    (r.lon / 600000).toFixed(5),
    (r.speed / 10).toFixed(1),
    (r.course / 10).toFixed(1),
    r.heading,
    id.name,
    id.imo ? `IMO${id.imo}` : '',
    id.callsign,
    id.shipType,
    a ? r.status : '',
    id.toBow + id.toStern,
    id.toPort + id.toStarboard,
    a ? id.draught.toFixed(1) : '',
    a ? id.shipType : '',
    r.cls,
  ].join(',');
}

/** receives output text in chunks of about 1 MB, each ending with a newline */
export type Sink = (chunk: string) => void;

export interface NmeaResult {
  lines: number;
  malformed: number;
  /** index into `reports` of each position report whose line was corrupted */
  corrupted: Set<number>;
}

/**
 * Encodes every report. `malformed` single-sentence position reports chosen at random get
 * a wrong checksum, so an ingest has rejects to count (and must not decode them).
 */
export function writeNmea(reports: readonly Report[], rng: Rng, malformed: number, source: string, sink: Sink): NmeaResult {
  const candidates: number[] = [];
  for (let k = 0; k < reports.length; k++) if (reports[k]!.kind === 'pos') candidates.push(k);
  const corrupted = new Set<number>();
  const want = Math.min(malformed, candidates.length);
  while (corrupted.size < want) corrupted.add(candidates[rng.int(0, candidates.length - 1)]!);
  let buf: string[] = [];
  let size = 0;
  let lines = 0;
  let seqId = 0;
  for (let k = 0; k < reports.length; k++) {
    const r = reports[k]!;
    const raw = r.kind === 'pos' ? rawPosition(r) : rawStatic(r);
    const multi = r.kind === 'static' && r.part < 0;
    const sentences = encodeSentences(raw, { seqId: multi ? seqId : undefined, channel: rng.chance(0.5) ? 'A' : 'B', time: r.t, source });
    if (multi) seqId = (seqId + 1) % 10;
    for (let s of sentences) {
      if (corrupted.has(k)) s = corrupt(s);
      buf.push(s);
      size += s.length + 1;
      lines++;
    }
    if (size > 1 << 20) {
      sink(`${buf.join('\n')}\n`);
      buf = [];
      size = 0;
    }
  }
  if (buf.length) sink(`${buf.join('\n')}\n`);
  return { lines, malformed: corrupted.size, corrupted };
}

/** flips the sentence checksum (the last two hex digits) to a wrong value */
function corrupt(sentence: string): string {
  const cs = parseInt(sentence.slice(-2), 16);
  return `${sentence.slice(0, -2)}${((cs + 0x5a) & 0xff).toString(16).toUpperCase().padStart(2, '0')}`;
}

export function writeCsv(reports: readonly Report[], corrupted: ReadonlySet<number>, sink: Sink): { rows: number } {
  let buf: string[] = [CSV_HEADER];
  let rows = 0;
  for (let k = 0; k < reports.length; k++) {
    const r = reports[k]!;
    if (r.kind !== 'pos' || corrupted.has(k)) continue;
    buf.push(csvRow(r));
    rows++;
    if (buf.length >= 10000) {
      sink(`${buf.join('\n')}\n`);
      buf = [];
    }
  }
  if (buf.length) sink(`${buf.join('\n')}\n`);
  return { rows };
}
