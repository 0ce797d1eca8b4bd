/**
 * NOAA MarineCadastre AIS CSV, both layouts, columns found by header name:
 *   to 2023: MMSI,BaseDateTime,LAT,LON,SOG,COG,Heading,VesselName,IMO,CallSign,VesselType,Status,
 *            Length,Width,Draft,Cargo,TransceiverClass   (2023-01-11T00:00:00, sentinels as sent)
 *   2024 on: mmsi,base_date_time,longitude,latitude,sog,cog,heading,vessel_name,imo,call_sign,
 *            vessel_type,status,length,width,draft,cargo,transceiver   (longitude first, space in
 *            the time, sentinels already empty)
 * Each row yields a Position; a VesselStatic only when that MMSI's static columns change.
 */
import { parseImo } from '../ref/imo.js';
import { cleanName, cleanText } from '../ref/names.js';
import {
  navOrNull,
  optNum,
  parseMmsi,
  reject,
  runCsv,
  shipTypeOrNull,
  sizeOrNull,
  skip,
  csvPosition,
  sourceLabel,
  type LineOutcome,
} from './common.js';
import { csvHeaderKeys, type CsvLayout } from './csv.js';
import { StaticTracker } from './statics.js';
import { parseIsoTime } from './time.js';
import type { ByteSource, ReaderOptions, SourceBatch } from './types.js';

const COLUMNS = {
  mmsi: ['mmsi'],
  time: ['basedatetime'],
  lat: ['lat', 'latitude'],
  lon: ['lon', 'longitude'],
  sog: ['sog'],
  cog: ['cog'],
  heading: ['heading'],
  name: ['vesselname'],
  imo: ['imo'],
  callsign: ['callsign'],
  shipType: ['vesseltype'],
  status: ['status'],
  length: ['length'],
  width: ['width'],
  draught: ['draft', 'draught'],
} as const;
type Col = keyof typeof COLUMNS;
const REQUIRED: Col[] = ['mmsi', 'time', 'lat', 'lon'];

function headerKey(name: string): string {
  return name.trim().toLowerCase().replace(/[\s_]/g, '');
}

/** True when a header line is a MarineCadastre header (either layout). */
export function isMarineCadastreHeader(line: string): boolean {
  const keys = csvHeaderKeys(line, headerKey);
  return keys.has('mmsi') && keys.has('basedatetime');
}

export async function* readMarineCadastre(src: ByteSource, opts?: ReaderOptions): AsyncGenerator<SourceBatch> {
  const source = sourceLabel(src, opts);
  const statics = new StaticTracker();
  const lastStatic = new Map<number, string[]>();
  let staticCols: number[] = [];

  const header = (layout: CsvLayout<Col>): void => {
    const c = layout.idx;
    staticCols = [c.name, c.imo, c.callsign, c.shipType, c.length, c.width, c.draught].filter((i) => i >= 0);
  };

  const row = (f: string[], ix: Record<Col, number>, names: readonly string[], batch: SourceBatch): LineOutcome => {
    const mmsi = parseMmsi(f[ix.mmsi]);
    if (mmsi === undefined) return reject('bad_mmsi', `${names[ix.mmsi]}=${f[ix.mmsi]}`);
    const t = parseIsoTime(f[ix.time] as string);
    if (Number.isNaN(t)) return reject('bad_time', `${names[ix.time]}=${f[ix.time]}`);
    const lat = optNum(f[ix.lat]);
    const lon = optNum(f[ix.lon]);
    if (lat === null || lat === undefined || lon === null || lon === undefined) {
      return reject('bad_position', `${names[ix.lat]}=${f[ix.lat]} ${names[ix.lon]}=${f[ix.lon]}`);
    }
    const noFix = lat === 91 || lon === 181;
    if (!noFix && (lat < -90 || lat > 90 || lon < -180 || lon > 180)) {
      return reject('bad_position', `${names[ix.lat]}=${f[ix.lat]} ${names[ix.lon]}=${f[ix.lon]}`);
    }
    const sog = ix.sog < 0 ? null : optNum(f[ix.sog]);
    if (sog === undefined) return reject('bad_number', `${names[ix.sog]}=${f[ix.sog]}`);
    const cog = ix.cog < 0 ? null : optNum(f[ix.cog]);
    if (cog === undefined) return reject('bad_number', `${names[ix.cog]}=${f[ix.cog]}`);
    const heading = ix.heading < 0 ? null : optNum(f[ix.heading]);
    if (heading === undefined) return reject('bad_number', `${names[ix.heading]}=${f[ix.heading]}`);
    const status = ix.status < 0 ? null : optNum(f[ix.status]);
    if (status === undefined) return reject('bad_number', `${names[ix.status]}=${f[ix.status]}`);

    // Static columns repeat on every row: compare their raw text with the MMSI's last row
    // before parsing anything (no allocation when nothing changed, the common case).
    let prev = lastStatic.get(mmsi);
    let same = prev !== undefined;
    for (let k = 0; same && k < staticCols.length; k++) {
      if ((prev as string[])[k] !== f[staticCols[k] as number]) same = false;
    }
    if (!same) {
      const shipType = ix.shipType < 0 ? null : optNum(f[ix.shipType]);
      const length = ix.length < 0 ? null : optNum(f[ix.length]);
      const width = ix.width < 0 ? null : optNum(f[ix.width]);
      const draught = ix.draught < 0 ? null : optNum(f[ix.draught]);
      if (shipType === undefined) return reject('bad_number', `${names[ix.shipType]}=${f[ix.shipType]}`);
      if (length === undefined) return reject('bad_number', `${names[ix.length]}=${f[ix.length]}`);
      if (width === undefined) return reject('bad_number', `${names[ix.width]}=${f[ix.width]}`);
      if (draught === undefined) return reject('bad_number', `${names[ix.draught]}=${f[ix.draught]}`);
      prev = staticCols.map((c) => f[c] as string);
      lastStatic.set(mmsi, prev);
      const st = statics.update(
        mmsi,
        t,
        {
          name: ix.name < 0 ? null : cleanName(f[ix.name]),
          imo: ix.imo < 0 ? null : parseImo(f[ix.imo]),
          callsign: ix.callsign < 0 ? null : cleanText(f[ix.callsign]),
          shipType: shipTypeOrNull(shipType),
          length: sizeOrNull(length),
          width: sizeOrNull(width),
          draught: sizeOrNull(draught),
        },
        source,
      );
      if (st) batch.statics.push(st);
    }
    if (noFix) return skip('no_position');
    batch.positions.push(csvPosition(mmsi, t, lat, lon, sog, cog, heading, navOrNull(status), source));
    return undefined;
  };

  yield* runCsv(src, opts, { what: 'MarineCadastre', columns: COLUMNS, required: REQUIRED, key: headerKey, header, row });
}
