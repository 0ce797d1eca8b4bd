/**
 * Danish Maritime Authority AIS CSV (aisdk-YYYY-MM-DD.csv), columns found by header name:
 *   # Timestamp,Type of mobile,MMSI,Latitude,Longitude,Navigational status,ROT,SOG,COG,Heading,
 *   IMO,Callsign,Name,Ship type,Cargo type,Width,Length,Type of position fixing device,Draught,
 *   Destination,ETA,Data source type,A,B,C,D
 * Times are 'DD/MM/YYYY hh:mm:ss' UTC; statuses and ship types are text (AisLib's wording);
 * 'Unknown' stands for absent IMO/call sign/destination; rows of static reports carry lat 91.
 * Older exports separate with TAB and write decimal commas: both are recognised.
 */
import { parseImo } from '../ref/imo.js';
import { cleanName, cleanText } from '../ref/names.js';
import { navStatusFromText } from '../ref/navstatus.js';
import { dmaShipTypeCode } from '../ref/shiptype.js';
import {
  optNum,
  parseMmsi,
  reject,
  runCsv,
  sizeOrNull,
  skip,
  csvPosition,
  sourceLabel,
  type LineOutcome,
} from './common.js';
import { csvHeaderKeys, type CsvLayout } from './csv.js';
import { StaticTracker } from './statics.js';
import { parseDmyTime } from './time.js';
import type { ByteSource, ReaderOptions, SourceBatch } from './types.js';

const COLUMNS = {
  time: ['timestamp'],
  mobile: ['typeofmobile'],
  mmsi: ['mmsi'],
  lat: ['latitude'],
  lon: ['longitude'],
  status: ['navigationalstatus'],
  sog: ['sog'],
  cog: ['cog'],
  heading: ['heading'],
  imo: ['imo'],
  callsign: ['callsign'],
  name: ['name'],
  shipType: ['shiptype'],
  cargoType: ['cargotype'],
  width: ['width'],
  length: ['length'],
  draught: ['draught'],
  destination: ['destination'],
  a: ['a', 'sizea'],
  b: ['b', 'sizeb'],
  c: ['c', 'sizec'],
  d: ['d', 'sized'],
} as const;
type Col = keyof typeof COLUMNS;
const REQUIRED: Col[] = ['time', 'mmsi', 'lat', 'lon'];

function headerKey(name: string): string {
  return name.replace(/^\s*#/, '').toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** True when a header line is a DMA header. */
export function isDmaHeader(line: string): boolean {
  const keys = csvHeaderKeys(line, headerKey);
  return keys.has('timestamp') && keys.has('typeofmobile') && keys.has('mmsi');
}

/** 'Unknown' / 'Undefined' are DMA's words for an absent value. */
function absent(s: string | undefined): boolean {
  return s === undefined || s === '' || s === 'Unknown' || s === 'Undefined' || s === 'Unknown value';
}

export async function* readDma(src: ByteSource, opts?: ReaderOptions): AsyncGenerator<SourceBatch> {
  const source = sourceLabel(src, opts);
  const statics = new StaticTracker();
  const lastStatic = new Map<number, string[]>();
  let staticCols: number[] = [];
  let decimalComma = false;

  // a day holds ~15 distinct status texts in millions of rows: look each up once
  const statusCodes = new Map<string, number | null>();
  const statusCode = (text: string): number | null => {
    let code = statusCodes.get(text);
    if (code === undefined) {
      code = navStatusFromText(text) ?? null;
      statusCodes.set(text, code);
    }
    return code;
  };
  const num = (s: string | undefined): number | null | undefined =>
    decimalComma && s !== undefined ? optNum(s.replace(',', '.')) : optNum(s);
  const col = (f: string[], i: number): string | undefined => (i < 0 ? undefined : f[i]);

  const header = (layout: CsvLayout<Col>): void => {
    decimalComma = layout.delim !== ',';
    const c = layout.idx;
    staticCols = [c.imo, c.callsign, c.name, c.shipType, c.cargoType, c.width, c.length, c.draught, c.destination, c.a, c.b, c.c, c.d].filter((i) => i >= 0);
  };

  const row = (f: string[], ix: Record<Col, number>, names: readonly string[], batch: SourceBatch): LineOutcome => {
    const mmsi = parseMmsi(f[ix.mmsi]);
    if (mmsi === undefined) return reject('bad_mmsi', `MMSI=${f[ix.mmsi]}`);
    const t = parseDmyTime(f[ix.time] as string);
    if (Number.isNaN(t)) return reject('bad_time', `Timestamp=${f[ix.time]}`);
    const lat = num(f[ix.lat]);
    const lon = num(f[ix.lon]);
    if (lat === null || lat === undefined || lon === null || lon === undefined) {
      return reject('bad_position', `Latitude=${f[ix.lat]} Longitude=${f[ix.lon]}`);
    }
    // DMA writes lat 91 with lon 0 (or 181) when the report has no position
    const noFix = lat === 91 || lon === 181;
    if (!noFix && (lat < -90 || lat > 90 || lon < -180 || lon > 180)) {
      return reject('bad_position', `Latitude=${f[ix.lat]} Longitude=${f[ix.lon]}`);
    }
    const sog = num(col(f, ix.sog));
    if (sog === undefined) return reject('bad_number', `SOG=${col(f, ix.sog)}`);
    const cog = num(col(f, ix.cog));
    if (cog === undefined) return reject('bad_number', `COG=${col(f, ix.cog)}`);
    const heading = num(col(f, ix.heading));
    if (heading === undefined) return reject('bad_number', `Heading=${col(f, ix.heading)}`);

    // static columns repeat on every row: compare raw text with the MMSI's last row first
    let prev = lastStatic.get(mmsi);
    let same = prev !== undefined;
    for (let k = 0; same && k < staticCols.length; k++) {
      if ((prev as string[])[k] !== f[staticCols[k] as number]) same = false;
    }
    if (!same) {
      const width = num(col(f, ix.width));
      const length = num(col(f, ix.length));
      const draught = num(col(f, ix.draught));
      const a = num(col(f, ix.a));
      const b = num(col(f, ix.b));
      const c = num(col(f, ix.c));
      const d = num(col(f, ix.d));
      for (const [v, i] of [[width, ix.width], [length, ix.length], [draught, ix.draught], [a, ix.a], [b, ix.b], [c, ix.c], [d, ix.d]] as const) {
        if (v === undefined) return reject('bad_number', `${names[i]}=${f[i]}`);
      }
      const imoText = col(f, ix.imo);
      const imo = absent(imoText) ? null : parseImo(imoText);
      if (imo === null && !absent(imoText)) return reject('bad_number', `IMO=${imoText}`);
      const shipTypeText = col(f, ix.shipType) ?? '';
      const shipType = dmaShipTypeCode(shipTypeText, col(f, ix.cargoType) ?? '') ?? null;
      prev = staticCols.map((i) => f[i] as string);
      lastStatic.set(mmsi, prev);
      // Length/Width are DMA's; fall back to the antenna offsets A+B, C+D when only those are given
      const len = sizeOrNull(length ?? null) ?? (a !== null && b !== null ? sizeOrNull((a ?? 0) + (b ?? 0)) : null);
      const wid = sizeOrNull(width ?? null) ?? (c !== null && d !== null ? sizeOrNull((c ?? 0) + (d ?? 0)) : null);
      const cs = col(f, ix.callsign);
      const dest = col(f, ix.destination);
      const st = statics.update(
        mmsi,
        t,
        {
          imo,
          callsign: absent(cs) ? null : cleanText(cs),
          name: cleanName(col(f, ix.name)),
          shipType,
          length: len,
          width: wid,
          draught: sizeOrNull(draught ?? null),
          destination: absent(dest) ? null : cleanText(dest),
        },
        source,
      );
      if (st) batch.statics.push(st);
    }
    if (noFix) return skip('no_position');
    // Class B and other non-class-A stations send no status; DMA still writes "Unknown value"
    const statusText = col(f, ix.status) ?? '';
    const mobile = col(f, ix.mobile);
    const navStatus =
      absent(statusText) && mobile !== undefined && mobile !== 'Class A' ? null : statusText === '' ? null : statusCode(statusText);
    batch.positions.push(csvPosition(mmsi, t, lat, lon, sog, cog, heading, navStatus, source));
    return undefined;
  };

  yield* runCsv(src, opts, { what: 'DMA', columns: COLUMNS, required: REQUIRED, key: headerKey, header, row });
}
