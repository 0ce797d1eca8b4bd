/**
 * Bit-level reading of an AIS payload held as 6-bit values (one per armoured character).
 * Hand-written because it is the innermost loop of decoding: every field of every
 * message passes through `uint`. Values up to 53 bits are exact (multiplication, not
 * 32-bit shifts, accumulates them).
 */
import { DarkfleetError } from '../errors.js';

/** ASCII code of an armoured character -> 6-bit value, or 255 when the character is not armour. */
export const ARMOUR = new Uint8Array(256).fill(255);
for (let c = 48; c <= 87; c++) ARMOUR[c] = c - 48;
for (let c = 96; c <= 119; c++) ARMOUR[c] = c - 56;

/** 6-bit value -> armoured ASCII character (for the encoder). */
export const ARMOUR_CHARS = Array.from({ length: 64 }, (_, v) => String.fromCharCode(v < 40 ? v + 48 : v + 56)).join('');

/** AIS 6-bit text alphabet (ITU-R M.1371 table 47). */
export const SIXBIT_CHARS = '@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_ !"#$%&\'()*+,-./0123456789:;<=>?';

/** Unsigned integer of `len` bits (1..53) starting at bit `start`. */
export function uint(sb: Uint8Array, start: number, len: number): number {
  let idx = (start / 6) | 0;
  const off = start - idx * 6;
  const avail = 6 - off;
  const first = sb[idx]! & ((1 << avail) - 1);
  if (len <= avail) return first >>> (avail - len);
  let v = first;
  let rem = len - avail;
  idx++;
  while (rem >= 6) {
    v = v * 64 + sb[idx++]!;
    rem -= 6;
  }
  if (rem > 0) v = v * (1 << rem) + (sb[idx]! >>> (6 - rem));
  return v;
}

/** Two's complement signed integer of `len` bits. */
export function int(sb: Uint8Array, start: number, len: number): number {
  const u = uint(sb, start, len);
  const half = 2 ** (len - 1);
  return u >= half ? u - half * 2 : u;
}

/** One bit as a boolean. */
export function bool(sb: Uint8Array, start: number): boolean {
  const idx = (start / 6) | 0;
  return ((sb[idx]! >>> (5 - (start - idx * 6))) & 1) === 1;
}

/**
 * 6-bit text of `nchars` characters as gpsd renders it: stops at the first '@'
 * (the AIS padding character) and trims trailing spaces.
 */
export function text(sb: Uint8Array, start: number, nchars: number): string {
  let s = '';
  for (let i = 0; i < nchars; i++) {
    const v = uint(sb, start + 6 * i, 6);
    if (v === 0) break;
    s += SIXBIT_CHARS[v];
  }
  let end = s.length;
  while (end > 0 && s.charCodeAt(end - 1) === 32) end--;
  return end === s.length ? s : s.slice(0, end);
}

/** 6-bit text without any trimming (every character, '@' included). */
export function rawText(sb: Uint8Array, start: number, nchars: number): string {
  let s = '';
  for (let i = 0; i < nchars; i++) s += SIXBIT_CHARS[uint(sb, start + 6 * i, 6)];
  return s;
}

const HEX = '0123456789abcdef';

/**
 * Binary payload as gpsd prints it: `"<bitcount>:<hex>"`, the bits packed MSB first
 * into whole bytes, the last byte zero-padded (`maskLast`) or, as gpsd does for types
 * 17/25/26, filled with the bits that follow.
 */
export function hexData(sb: Uint8Array, start: number, nbits: number, maskLast = true): string {
  let out = '';
  let pos = start;
  let left = nbits;
  while (left > 0) {
    const take = left >= 8 || !maskLast ? 8 : left;
    const byte = uint(sb, pos, take) << (8 - take);
    out += HEX[byte >>> 4]! + HEX[byte & 15]!;
    pos += take;
    left -= take;
  }
  return `${nbits}:${out}`;
}

/**
 * Fills `out` with the 6-bit values of armoured payload bytes `buf[from..to)`, starting at
 * `out[at]`. Returns the new fill position, or -1 when a byte is not valid armour.
 */
export function unarmour(buf: Uint8Array, from: number, to: number, out: Uint8Array, at: number): number {
  for (let i = from; i < to; i++) {
    const v = ARMOUR[buf[i]!]!;
    if (v === 255) return -1;
    out[at++] = v;
  }
  return at;
}

/** Writes unsigned `value` into `len` bits at `start` of a 6-bit array (used by the encoder). */
export function putUint(sb: Uint8Array, start: number, len: number, value: number): void {
  let v = value;
  for (let i = len - 1; i >= 0; i--) {
    const bit = v % 2;
    v = Math.floor(v / 2);
    const pos = start + i;
    const idx = (pos / 6) | 0;
    const shift = 5 - (pos - idx * 6);
    sb[idx] = bit ? sb[idx]! | (1 << shift) : sb[idx]! & ~(1 << shift);
  }
}

/** Writes a signed value in two's complement. */
export function putInt(sb: Uint8Array, start: number, len: number, value: number): void {
  putUint(sb, start, len, value < 0 ? value + 2 ** len : value);
}

/** Writes 6-bit text, padded with '@' to `nchars`; a character outside the alphabet throws. */
export function putText(sb: Uint8Array, start: number, nchars: number, s: string): void {
  for (let i = 0; i < nchars; i++) {
    let v = 0;
    if (i < s.length) {
      v = SIXBIT_CHARS.indexOf(s[i]!);
      if (v < 0) throw new DarkfleetError('ais_encode', `character ${JSON.stringify(s[i])} is not in the AIS 6-bit alphabet`);
    }
    putUint(sb, start + 6 * i, 6, v);
  }
}
