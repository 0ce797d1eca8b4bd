/**
 * Field tables for the application payloads of binary messages 6 and 8.
 *
 * A message is two tables:
 *  - `BitField[]`: where each raw value lies (absolute bit offset in the whole message, as
 *    gpsd's driver_ais.c counts them), read into a `Raw` record;
 *  - `Out[]`: what gpsd prints, in gpsd's key order, scaled (default) or unscaled (`-u`).
 * Repeated groups (tidal windows, waypoints, cargos, gauges, targets) are a `group` output
 * with their own pair of tables, relative to the start of each element.
 */
import { uint, int, text, putUint, putInt, putText } from '../bits.js';
import { DarkfleetError } from '../../errors.js';

export type Kind = 'u' | 'i' | 'b' | 't';

/** One raw field. `t` is 6-bit text of `bits / 6` characters read gpsd-style (stops at '@',
 *  trailing spaces trimmed). */
export interface BitField {
  name: string;
  at: number;
  bits: number;
  kind: Kind;
}

export type Raw = Record<string, number | string | boolean>;
export type Decoded = Record<string, unknown>;

export const u = (name: string, at: number, bits: number): BitField => ({ name, at, bits, kind: 'u' });
export const i = (name: string, at: number, bits: number): BitField => ({ name, at, bits, kind: 'i' });
export const b = (name: string, at: number): BitField => ({ name, at, bits: 1, kind: 'b' });
export const t = (name: string, at: number, nchars: number): BitField => ({ name, at, bits: 6 * nchars, kind: 't' });

/** Reads `fields` at `base + field.at`. */
export function readFields(sb: Uint8Array, fields: readonly BitField[], base = 0): Raw {
  return readerFor(fields)(sb, base);
}

type Reader = (sb: Uint8Array, base: number) => Raw;
const readers = new WeakMap<readonly BitField[], Reader>();
const NAME_OK = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * A reader compiled once per field table: one object literal, so every record of a table
 * has the same shape (generic keyed stores made decoding 2x slower). Names are checked
 * identifiers and offsets numbers, so the generated source holds nothing but them.
 */
function readerFor(fields: readonly BitField[]): Reader {
  let reader = readers.get(fields);
  if (reader) return reader;
  const props = fields.map((f) => {
    if (!NAME_OK.test(f.name) || !Number.isInteger(f.at) || !Number.isInteger(f.bits)) throw new DarkfleetError('ais_field_table', `bad field ${f.name}`);
    const at = `base + ${f.at}`;
    switch (f.kind) {
      case 'u':
        return `${f.name}: U(sb, ${at}, ${f.bits})`;
      case 'i':
        return `${f.name}: I(sb, ${at}, ${f.bits})`;
      case 'b':
        return `${f.name}: U(sb, ${at}, 1) === 1`;
      case 't':
        return `${f.name}: T(sb, ${at}, ${f.bits / 6})`;
    }
  });
  const make = new Function('U', 'I', 'T', `return function read(sb, base) { return { ${props.join(', ')} }; };`) as (u: unknown, i: unknown, t: unknown) => Reader;
  reader = make(uint, int, text);
  readers.set(fields, reader);
  return reader;
}

/** Writes raw values at their fields (the encoder the tests and simulators use); absent names write 0. */
export function writeFields(sb: Uint8Array, fields: readonly BitField[], r: Raw, base = 0): void {
  for (const f of fields) {
    const at = base + f.at;
    const v = r[f.name];
    if (f.kind === 't') putText(sb, at, f.bits / 6, typeof v === 'string' ? v : '');
    else if (f.kind === 'i') putInt(sb, at, f.bits, typeof v === 'number' ? v : 0);
    else putUint(sb, at, f.bits, typeof v === 'number' ? v : v === true ? 1 : 0);
  }
}

/** The whole message, for outputs that depend on its length (texts, repeated groups). */
export interface Msg {
  sb: Uint8Array;
  nbits: number;
}

/** Writes one or more printed keys from a raw record. */
export type Out = (r: Raw, scaled: boolean, o: Decoded, m: Msg) => void;

const num = (r: Raw, name: string): number => r[name] as number;

const POW10 = [1, 10, 100, 1000, 1e4, 1e5, 1e6, 1e7, 1e8];

/**
 * `x` rounded as C's printf `%.<dp>f` renders it, returned as a number (so the caller's JSON
 * carries gpsd's printed value; trailing zeros such as "13.70" are a matter of formatting).
 * printf rounds the exact binary value: 0.15 is 0.1499.. and prints "0.1"; an exact half
 * (0.25) goes to the even digit ("0.2"). `Math.round` agrees away from halves, the fast path.
 */
export function fixed(x: number, dp: number): number {
  const p = POW10[dp]!;
  const y = x * p;
  const t = Math.trunc(y);
  if (Math.abs(Math.abs(y - t) - 0.5) > 1e-7) return Math.round(y) / p;
  // near a half: the exact decimal expansion decides
  const digits = Math.abs(x).toFixed(dp + 30).slice(-30);
  if (/^50*$/.test(digits)) {
    const down = Math.trunc(Math.abs(x) * p);
    return (Math.sign(x) * (down % 2 === 0 ? down : down + 1)) / p;
  }
  return Number(x.toFixed(dp));
}

/**
 * Decimals gpsd prints each scaled number with, per printed object (top level and array
 * elements), so `gpsdText` can reproduce gpsd's text ("13.70", "0.000000") exactly.
 */
export const printedDecimals = new WeakMap<object, Record<string, number>>();

/** Sets `o[key]` to `x` as gpsd's `%.<dp>f` prints it, remembering `dp`. */
export function putFixed(o: Decoded, key: string, x: number, dp: number): void {
  o[key] = fixed(x, dp);
  let d = printedDecimals.get(o);
  if (!d) printedDecimals.set(o, (d = {}));
  d[key] = dp;
}

/** Printed as read (integers, booleans, text). */
export const raw =
  (key: string, from = key): Out =>
  (r, _s, o) => {
    o[key] = r[from];
  };

/** Several keys printed as read. */
export const raws = (...keys: string[]): Out[] => keys.map((k) => raw(k));

/** Scaled: `(raw - offset) / div` (or `raw * mul`) printed with `dp` decimals; unscaled: raw. */
export const scaledNum =
  (key: string, opt: { div?: number; mul?: number; offset?: number; dp: number; from?: string }): Out =>
  (r, scaled, o) => {
    const v = num(r, opt.from ?? key);
    if (!scaled) {
      o[key] = v;
      return;
    }
    const x = opt.mul !== undefined ? (v - (opt.offset ?? 0)) * opt.mul : (v - (opt.offset ?? 0)) / (opt.div ?? 1);
    putFixed(o, key, x, opt.dp);
  };

/** Printed in both modes as an integer shifted by `add` (gpsd's "pressure - OFFSET" in scaled mode only). */
export const shifted =
  (key: string, add: number): Out =>
  (r, scaled, o) => {
    o[key] = scaled ? num(r, key) + add : num(r, key);
  };

/** A position in 1/`div` degree units, printed with `dp` decimals when scaled. */
export const coord = (key: string, div: number, dp: number, from = key): Out => scaledNum(key, { div, dp, from });

/** Legend lookup as gpsd's `X_DISPLAY(n)` macros: past the table end gives `invalid`. */
export function legendOf(legend: readonly string[], n: number, invalid = ''): string {
  return n < legend.length ? legend[n]! : invalid;
}

/** The code and its `<key>_text` legend, in both modes. */
export const coded =
  (key: string, legend: readonly string[], invalid = '', textKey = `${key}_text`): Out =>
  (r, _s, o) => {
    const n = num(r, key);
    o[key] = n;
    o[textKey] = legendOf(legend, n, invalid);
  };

/** Scaled: the legend text in place of the code (gpsd's "pressuretend":"steady"); unscaled: the code. */
export const legendWhenScaled =
  (key: string, legend: readonly string[]): Out =>
  (r, scaled, o) => {
    const n = num(r, key);
    o[key] = scaled ? legendOf(legend, n) : n;
  };

const p2 = (n: number): string => (n < 10 ? `0${n}` : String(n));

/** gpsd's partial ISO 8601 stamps. `MM-DDThh:mmZ` style (zero-padded, `%02u`). */
export const stamp =
  (key: string, names: readonly string[], seps: readonly string[]): Out =>
  (r, _s, o) => {
    let s = '';
    names.forEach((n, k) => {
      s += p2(num(r, n)) + seps[k]!;
    });
    o[key] = s;
  };

/** Unpadded `%u-%uT%u:%u` stamps (gpsd's inland and berthing messages). */
export const loose =
  (key: string, names: readonly string[], seps: readonly string[]): Out =>
  (r, _s, o) => {
    let s = '';
    names.forEach((n, k) => {
      s += String(num(r, n)) + seps[k]!;
    });
    o[key] = s;
  };

/** `"MM-DDThh:mmZ"` from four raw fields. */
export const mdhm = (key: string, month: string, day: string, hour: string, minute: string): Out =>
  stamp(key, [month, day, hour, minute], ['-', 'T', ':', 'Z']);

/** A repeated element: `count` elements of `size` bits from `base`. */
export interface Group {
  key: string;
  base: number;
  size: number;
  count: (nbits: number, head: Raw) => number;
  fields: readonly BitField[];
  out: readonly Out[];
}

/** An output that prints a repeated group; the group's tables stay reachable (tests, docs). */
export type GroupOut = Out & { group: Group };

/** Prints a repeated group as `key: [ {...}, ... ]`. */
export function group(g: Group): GroupOut {
  const out: Out = (head, scaled, o, m) => {
    const n = g.count(m.nbits, head);
    const arr: Decoded[] = [];
    for (let k = 0; k < n; k++) {
      const r = readFields(m.sb, g.fields, g.base + g.size * k);
      const e: Decoded = {};
      for (const f of g.out) f(r, scaled, e, m);
      arr.push(e);
    }
    o[g.key] = arr;
  };
  return Object.assign(out, { group: g });
}

/** The repeated groups a message prints. */
export function groupsOf(def: MessageDef): Group[] {
  return def.out.flatMap((f) => ('group' in f ? [(f as GroupOut).group] : []));
}

/** gpsd's `endchars`: 6-bit text from bit `at` to the end of the message, at most `max` characters. */
export const tailText =
  (key: string, at: number, max: number): Out =>
  (_r, _s, o, m) => {
    o[key] = m.nbits > at ? text(m.sb, at, Math.min(Math.floor((m.nbits - at) / 6), max)) : '';
  };

/** One structured message: its raw layout and its printed keys, in order. */
export interface MessageDef {
  /** what it is, for documentation and test listings */
  title: string;
  fields: readonly BitField[];
  out: readonly Out[];
  /** gpsd decodes only when this holds (length and range checks); default: always */
  accept?: (nbits: number, r: Raw) => boolean;
}

/** Decodes one message definition (`sb` must read as zeros past `nbits`, as gpsd's buffer does). */
export function decodeDef(def: MessageDef, sb: Uint8Array, nbits: number, scaled: boolean): Decoded | null {
  const r = readFields(sb, def.fields);
  if (def.accept && !def.accept(nbits, r)) return null;
  const o: Decoded = {};
  const m: Msg = { sb, nbits };
  for (const f of def.out) f(r, scaled, o, m);
  return o;
}

/** Length check helper: exactly `n` bits. */
export const exactly =
  (n: number) =>
  (nbits: number): boolean =>
    nbits === n;
