/**
 * Application-specific payloads of binary messages 6 (addressed) and 8 (broadcast), decoded
 * per DAC/FID exactly as gpsd does (field tables per DAC family in dac*.ts).
 */
import { DAC1_ADDRESSED, DAC1_ADDRESSED_EXTENDED, DAC1_BROADCAST, DAC1_BROADCAST_EXTENDED } from './dac1.js';
import { DAC200_ADDRESSED, DAC200_BROADCAST } from './dac200.js';
import { GLA_ADDRESSED } from './dac235.js';
import { decodeDef, printedDecimals, type MessageDef } from './table.js';
import { uint } from '../bits.js';

export type { MessageDef } from './table.js';

/** Structured messages by message type, then DAC, then FID. */
export const BINARY_MESSAGES: Readonly<Record<6 | 8, ReadonlyMap<number, ReadonlyMap<number, MessageDef>>>> = {
  6: new Map([
    [1, DAC1_ADDRESSED],
    [200, DAC200_ADDRESSED],
    [235, GLA_ADDRESSED],
    [250, GLA_ADDRESSED],
  ]),
  8: new Map([
    [1, DAC1_BROADCAST],
    [200, DAC200_BROADCAST],
  ]),
};

/**
 * Messages gpsd prints as `"data"` but other decoders (libais) decode: decoded only with the
 * `extended` option, after gpsd's `data` string, so extended output stays a superset of gpsd's.
 */
export const EXTENDED_BINARY_MESSAGES: Readonly<Record<6 | 8, ReadonlyMap<number, ReadonlyMap<number, MessageDef>>>> = {
  6: new Map([[1, DAC1_ADDRESSED_EXTENDED]]),
  8: new Map([[1, DAC1_BROADCAST_EXTENDED]]),
};

/** Largest bit offset any definition may read (route waypoints: 31 elements from bit 149). */
const MAX_READ_BITS = 149 + 31 * 55 + 64;
let scratch = new Uint8Array(Math.ceil(MAX_READ_BITS / 6));

/**
 * The payload as gpsd's bit buffer holds it: the message's characters (fill bits of the last
 * one included), then zeros. gpsd reads fields past the end of short messages and gets
 * zeros; the caller's buffer may hold anything there.
 */
function zeroPadded(sb: Uint8Array, nbits: number): Uint8Array {
  const chars = Math.min(Math.ceil(nbits / 6), sb.length);
  const size = Math.max(Math.ceil(MAX_READ_BITS / 6), chars + 16);
  if (scratch.length < size) scratch = new Uint8Array(size);
  scratch.fill(0);
  scratch.set(sb.subarray(0, chars));
  return scratch;
}

/**
 * Fields gpsd prints after "dac","fid" for a structured (decoded) binary message, in gpsd's
 * key order, or null when gpsd does not decode this DAC/FID or the length/values are not
 * accepted (the caller then prints "data":"<bits>:<hex>" of the bits after dac/fid).
 * `start` = first bit after the 16 dac/fid bits (88 for type 6, 56 for type 8).
 * `scaled` = gpsd's scaled (default) vs unscaled (-u) output. Scaled values are rounded to
 * the decimals gpsd prints. `extended` also decodes EXTENDED_BINARY_MESSAGES (their result
 * starts with gpsd's `data`).
 */
export function decodeBinary(
  type: 6 | 8,
  dac: number,
  fid: number,
  sb: Uint8Array,
  nbits: number,
  start: number,
  scaled: boolean,
  extended = false,
): Record<string, unknown> | null {
  if (nbits < start) return null;
  const def = BINARY_MESSAGES[type]?.get(dac)?.get(fid);
  if (def) return decodeDef(def, zeroPadded(sb, nbits), nbits, scaled);
  const more = extended ? EXTENDED_BINARY_MESSAGES[type]?.get(dac)?.get(fid) : undefined;
  if (!more) return null;
  const data = binaryData(type, sb, nbits);
  const o = decodeDef(more, zeroPadded(sb, nbits), nbits, scaled);
  return o && { data, ...o };
}

const HEX = '0123456789abcdef';

/**
 * gpsd's `"data"` string for a binary message it does not decode: `"<bits>:<hex>"` of the
 * bits after dac/fid, packed into whole bytes. gpsd zeroes the unused bits of the last byte
 * for type 8 but not for type 6, where they carry the fill bits of the last character.
 */
export function binaryData(type: 6 | 8, sb: Uint8Array, nbits: number): string {
  const start = type === 6 ? 88 : 56;
  const count = Math.max(0, nbits - start);
  const view = zeroPadded(sb, nbits);
  let out = '';
  for (let pos = start, left = count; left > 0; pos += 8, left -= 8) {
    let byte = uint(view, pos, 8);
    if (type === 8 && left < 8) byte &= (0xff << (8 - left)) & 0xff;
    out += HEX[byte >>> 4]! + HEX[byte & 15]!;
  }
  return `${count}:${out}`;
}

/** Markdown rows (type | DAC | FID | message) of every structured message, for the docs. */
export function binaryCatalogue(): string {
  const rows: string[] = ['| type | DAC | FID | message |', '| --- | --- | --- | --- |'];
  for (const [table, note] of [
    [BINARY_MESSAGES, ''],
    [EXTENDED_BINARY_MESSAGES, ' (extended only; gpsd prints `data`)'],
  ] as const) {
    for (const type of [6, 8] as const) {
      for (const [dac, fids] of table[type]) {
        for (const [fid, def] of [...fids].sort((a, b) => a[0] - b[0])) rows.push(`| ${type} | ${dac} | ${fid} | ${def.title}${note} |`);
      }
    }
  }
  return rows.join('\n');
}

/** A number as C's printf prints it: `%.<dp>f` (sign of -0 kept) or an integer. */
function printNumber(v: number, dp: number | undefined): string {
  if (dp === undefined) return String(v);
  const s = Math.abs(v).toFixed(dp);
  return v < 0 || Object.is(v, -0) ? `-${s}` : s;
}

function printValue(v: unknown, dp: number | undefined): string {
  if (typeof v === 'number') return printNumber(v, dp);
  if (Array.isArray(v)) return `[${v.map((e) => `{${printFields(e as Record<string, unknown>).slice(1)}}`).join(',')}]`;
  return JSON.stringify(v);
}

function printFields(o: Record<string, unknown>): string {
  const dec = printedDecimals.get(o);
  let s = '';
  for (const k of Object.keys(o)) s += `,"${k}":${printValue(o[k], dec?.[k])}`;
  return s;
}

/**
 * The text gpsd prints for a `decodeBinary` result, from the comma after `"fid":N` up to
 * (not including) the closing brace: scaled numbers with gpsd's decimals ("13.70",
 * "0.000000"), so a caller can reproduce gpsd's lines byte for byte. Pass the object
 * `decodeBinary` returned, not a copy: the decimals are remembered per returned object.
 */
export function gpsdText(fields: Record<string, unknown>): string {
  return printFields(fields);
}
