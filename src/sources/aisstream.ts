/**
 * AISStream.io captures: one websocket message a line, as aisstream.io sends it
 * ({"MessageType": T, "MetaData": {MMSI, ShipName, latitude, longitude, time_utc}, "Message": {T: {...}}},
 * field names per aisstream/ais-message-models type-definition.yaml). The time is MetaData.time_utc
 * ('2024-09-17 14:38:55.281038479 +0000 UTC', Go's format). Positions come from position reports
 * (1-3, 18, 19, 27, 9, 21); statics from 5, 24 A/B, 19 and 21, merged per MMSI.
 */
import type { Position } from '../records.js';
import { parseImo } from '../ref/imo.js';
import { cleanName, cleanText } from '../ref/names.js';
import {
  cogOrNull,
  headingOrNull,
  navOrNull,
  parseMmsi,
  reject,
  runLines,
  shipTypeOrNull,
  sizeOrNull,
  skip,
  speedFor,
  sourceLabel,
  type LineOutcome,
} from './common.js';
import { StaticTracker, type StaticFields } from './statics.js';
import { parseIsoTime } from './time.js';
import type { ByteSource, ReaderOptions, SourceBatch } from './types.js';

type Obj = Record<string, unknown>;

const POSITION_TYPES = new Set([
  'PositionReport',
  'StandardClassBPositionReport',
  'ExtendedClassBPositionReport',
  'LongRangeAisBroadcastMessage',
  'StandardSearchAndRescueAircraftReport',
  'AidsToNavigationReport',
  'BaseStationReport',
]);

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function numOrNull(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

function strOrNull(v: unknown): string | null {
  return typeof v === 'string' ? v : null;
}

/** Length and width from the A/B/C/D antenna offsets; 0 means not available. */
function dims(d: unknown): { length: number | null; width: number | null } {
  if (!isObj(d)) return { length: null, width: null };
  const a = numOrNull(d.A) ?? 0;
  const b = numOrNull(d.B) ?? 0;
  const c = numOrNull(d.C) ?? 0;
  const e = numOrNull(d.D) ?? 0;
  return { length: sizeOrNull(a + b), width: sizeOrNull(c + e) };
}

function aircraftSpeed(v: number | null): number | null {
  return v === null || v < 0 || v >= 1023 ? null : v;
}

/** True when a line looks like an AISStream message. */
export function isAisStreamLine(line: string): boolean {
  const s = line.trim();
  if (!s.startsWith('{')) return false;
  try {
    const v: unknown = JSON.parse(s);
    return isObj(v) && typeof v.MessageType === 'string' && isObj(v.Message);
  } catch {
    return s.includes('"MessageType"') && s.includes('"Message"');
  }
}

export async function* readAisStream(src: ByteSource, opts?: ReaderOptions): AsyncGenerator<SourceBatch> {
  const source = sourceLabel(src, opts);
  const statics = new StaticTracker();

  const handle = (line: string, _lineNo: number, batch: SourceBatch): LineOutcome => {
    const s = line.trim();
    if (s === '') return skip('blank');
    let v: unknown;
    try {
      v = JSON.parse(s);
    } catch (err) {
      return reject('bad_json', (err as Error).message);
    }
    if (!isObj(v)) return reject('bad_message', 'not a JSON object');
    const type = v.MessageType;
    const meta = v.MetaData;
    if (typeof type !== 'string' || !isObj(v.Message) || !isObj(meta)) {
      return reject('bad_message', 'no MessageType, Message or MetaData');
    }
    const msg = v.Message[type];
    if (!isObj(msg)) return reject('bad_message', `Message has no ${type} object`);
    if (msg.Valid === false) return reject('bad_message', `${type} has Valid=false`);

    const idRaw = msg.UserID ?? meta.MMSI ?? meta.MMSI_String;
    const mmsi = parseMmsi(typeof idRaw === 'number' || typeof idRaw === 'string' ? String(idRaw) : undefined);
    if (mmsi === undefined) return reject('bad_mmsi', `UserID=${String(idRaw)}`);
    const timeText = meta.time_utc;
    const t = typeof timeText === 'string' ? parseIsoTime(timeText) : NaN;
    if (Number.isNaN(t)) return reject('bad_time', `time_utc=${String(timeText)}`);
    const msgType = numOrNull(msg.MessageID);

    // static content first, so a record is stored with the identity its own message carried
    let report: Partial<StaticFields> | undefined;
    if (type === 'ShipStaticData') {
      report = {
        imo: parseImo(numOrNull(msg.ImoNumber)),
        callsign: cleanText(strOrNull(msg.CallSign)),
        name: cleanName(strOrNull(msg.Name)),
        shipType: shipTypeOrNull(numOrNull(msg.Type)),
        ...dims(msg.Dimension),
        draught: sizeOrNull(numOrNull(msg.MaximumStaticDraught)),
        destination: cleanText(strOrNull(msg.Destination)),
      };
    } else if (type === 'StaticDataReport') {
      const a = msg.ReportA;
      const b = msg.ReportB;
      report = {};
      if (isObj(a) && a.Valid !== false) report.name = cleanName(strOrNull(a.Name));
      if (isObj(b) && b.Valid !== false) {
        report.callsign = cleanText(strOrNull(b.CallSign));
        report.shipType = shipTypeOrNull(numOrNull(b.ShipType));
        Object.assign(report, dims(b.Dimension));
      }
    } else if (type === 'ExtendedClassBPositionReport') {
      report = { name: cleanName(strOrNull(msg.Name)), shipType: shipTypeOrNull(numOrNull(msg.Type)), ...dims(msg.Dimension) };
    } else if (type === 'AidsToNavigationReport') {
      const name = (strOrNull(msg.Name) ?? '') + (strOrNull(msg.NameExtension) ?? '');
      report = { name: cleanName(name), ...dims(msg.Dimension) };
    }
    if (report) {
      const st = statics.update(mmsi, t, report, source);
      if (st) batch.statics.push(st);
    }

    if (!POSITION_TYPES.has(type)) return report ? undefined : skip('not_position_message');
    const lat = numOrNull(msg.Latitude);
    const lon = numOrNull(msg.Longitude);
    if (lat === null || lon === null) return reject('bad_position', `Latitude=${String(msg.Latitude)} Longitude=${String(msg.Longitude)}`);
    if (lat === 91 || lon === 181) return skip('no_position');
    if (lat < -90 || lat > 90 || lon < -180 || lon > 180) return reject('bad_position', `Latitude=${lat} Longitude=${lon}`);
    const p: Position = {
      mmsi,
      t,
      lat,
      lon,
      // aircraft (type 9) report whole knots up to 1022; 1023 is "not available"
      sog: type === 'StandardSearchAndRescueAircraftReport' ? aircraftSpeed(numOrNull(msg.Sog)) : speedFor(mmsi, numOrNull(msg.Sog)),
      cog: cogOrNull(numOrNull(msg.Cog)),
      heading: headingOrNull(numOrNull(msg.TrueHeading)),
      navStatus: navOrNull(numOrNull(msg.NavigationalStatus)),
      source,
    };
    if (msgType !== null) p.msgType = msgType;
    batch.positions.push(p);
    return undefined;
  };

  yield* runLines(src, opts, handle);
}
