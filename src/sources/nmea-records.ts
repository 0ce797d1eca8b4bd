/**
 * From decoded AIS messages (gpsd-style objects from src/ais) to the normalised records of
 * DESIGN.md: positions from class A (1-3), class B (18, 19), long-range (27) and SAR aircraft
 * (9) reports; static reports from types 5, 19 and 24. AIS "not available" codes become null.
 */
import { bitExpr, type Decoded } from '../ais/fields.js';
import type { Position, PositionColumns, VesselStatic } from '../records.js';

export type FlagOf = (mmsi: number) => string | null;

const POSITION_TYPES = new Set([1, 2, 3, 9, 18, 19, 27]);

/** A position, or null when the message has none (lat 91 / lon 181 = not available) or is no position report. */
export function toPosition(m: Decoded, t: number, source: string): Position | null {
  const type = m.type as number;
  if (!POSITION_TYPES.has(type)) return null;
  const lat = m.lat as number;
  const lon = m.lon as number;
  if (!(lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180)) return null;
  // scaled units (gpsd): speed knots (102.3 = n/a), course degrees (360 = n/a), heading 511 = n/a
  const sp = m.speed as number | string;
  let sog: number | null = null;
  if (typeof sp === 'number') {
    if (type === 27) sog = sp === 63 ? null : sp;
    else if (type === 9) sog = sp >= 1023 ? null : sp;
    else sog = sp >= 102.3 ? null : sp;
  }
  const co = m.course as number;
  const cog = typeof co === 'number' && co < 360 && !(type === 27 && co === 511) ? co : null;
  const hd = m.heading as number | undefined;
  const heading = typeof hd === 'number' && hd < 360 ? hd : null;
  const st = m.status as number | undefined;
  const navStatus = typeof st === 'number' && st !== 15 ? st : null;
  return { mmsi: m.mmsi as number, t, lat, lon, sog, cog, heading, navStatus, source, msgType: type };
}

/** AIS 6-bit names: trimmed of '@' padding and spaces, empty -> null. */
export function cleanName(s: unknown): string | null {
  if (typeof s !== 'string') return null;
  const v = s.replace(/@+$/, '').replace(/\s+/g, ' ').trim();
  return v === '' ? null : v;
}

/** A static report, or null when the message carries no identity (types other than 5, 19, 24). */
export function toStatic(m: Decoded, t: number, source: string, flagOf: FlagOf): VesselStatic | null {
  const type = m.type as number;
  if (type !== 5 && type !== 19 && type !== 24) return null;
  const mmsi = m.mmsi as number;
  const bow = (m.to_bow as number | undefined) ?? 0;
  const stern = (m.to_stern as number | undefined) ?? 0;
  const port = (m.to_port as number | undefined) ?? 0;
  const star = (m.to_starboard as number | undefined) ?? 0;
  const imo = type === 5 && typeof m.imo === 'number' && m.imo > 0 ? (m.imo as number) : null;
  const draught = type === 5 && typeof m.draught === 'number' && m.draught > 0 ? (m.draught as number) : null;
  const shipType = typeof m.shiptype === 'number' && m.shiptype > 0 ? (m.shiptype as number) : null;
  return {
    mmsi,
    t,
    imo,
    name: cleanName(m.shipname),
    callsign: cleanName(m.callsign),
    shipType,
    length: bow + stern > 0 ? bow + stern : null,
    width: port + star > 0 ? port + star : null,
    draught,
    destination: type === 5 ? cleanName(m.destination) : null,
    flag: flagOf(mmsi),
    source,
  };
}

/**
 * A clock for logs without receive times (`--assume-start`): starts at the given time and
 * advances with the UTC second that position reports carry (a wrap from 59 to 0 adds a minute).
 * Documented approximation: gaps longer than a minute without position reports are not seen.
 */
export class SecondClock {
  private t: number;
  private lastSecond = -1;
  constructor(start: number) {
    this.t = start;
  }
  now(m: Decoded): number {
    const s = m.second;
    if (typeof s === 'number' && s < 60) {
      if (this.lastSecond >= 0) {
        let d = s - this.lastSecond;
        if (d < -30) d += 60;
        if (d > 0) this.t += d * 1000;
      }
      this.lastSecond = s;
    }
    return this.t;
  }
}

/**
 * Straight from the bits of a class A (types 1-3) or class B (type 18) position report to a
 * row of PositionColumns, without the gpsd-style object in between: these are nearly all of a
 * feed, and a row of typed arrays costs a tenth of a Position object kept alive in a batch.
 * Same values as toPosition(decode()). Returns false, appending nothing, when the message is
 * not one of those or has no position (lat 91 / lon 181): the caller decodes it fully.
 */
export type FastPosition = (sb: Uint8Array, nbits: number, t: number, lineNo: number, sourceId: number, c: PositionColumns) => boolean;

function makeFastPosition(): FastPosition {
  const read = (at: number, bits: number, signed: boolean): string => {
    const e = bitExpr(at, bits);
    return signed ? `((${e} << ${32 - bits}) >> ${32 - bits})` : e;
  };
  // lat/lon: 1/10000 minute -> degrees at 7 decimals, as the decoder's scaled output
  const body = `
    const type = sb[0];
    let speed, lon, lat, course, heading, status;
    if (type >= 1 && type <= 3) {
      if (nbits < 168 || nbits > 204) return false;
      status = ${read(38, 4, false)}; speed = ${read(50, 10, false)}; lon = ${read(61, 28, true)}; lat = ${read(89, 27, true)};
      course = ${read(116, 12, false)}; heading = ${read(128, 9, false)};
    } else if (type === 18) {
      if (nbits < 168) return false;
      status = -1; speed = ${read(46, 10, false)}; lon = ${read(57, 28, true)}; lat = ${read(85, 27, true)};
      course = ${read(112, 12, false)}; heading = ${read(124, 9, false)};
    } else return false;
    const la = Math.round(lat * ${1e7 / 600000}) / 1e7;
    const lo = Math.round(lon * ${1e7 / 600000}) / 1e7;
    if (!(la >= -90 && la <= 90 && lo >= -180 && lo <= 180)) return false;
    const i = c.row();
    c.mmsi[i] = ${bitExpr(8, 30)};
    c.t[i] = t;
    c.lat[i] = la;
    c.lon[i] = lo;
    c.sog[i] = speed >= 1023 ? NaN : Math.round(speed) / 10;
    c.cog[i] = course >= 3600 ? NaN : Math.round(course) / 10;
    c.heading[i] = heading >= 360 ? NaN : heading;
    c.navStatus[i] = status < 0 || status === 15 ? NaN : status;
    c.msgType[i] = type;
    c.lineNo[i] = lineNo;
    c.source[i] = sourceId;
    return true;`;
  return new Function('sb', 'nbits', 't', 'lineNo', 'sourceId', 'c', body) as FastPosition;
}

export const fastPosition: FastPosition = makeFastPosition();
