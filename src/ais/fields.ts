/**
 * AIS messages declared once as tables of bit fields (pyais style). A table drives:
 *  - decoding: compiled once into a straight-line function per (table, scaled) so the hot
 *    path has no per-field interpretation (hand-tuned because decoding must run at >1.5M msg/s);
 *  - encoding: `encodeFields` walks the same table (used by round-trip tests and the simulator).
 */
import { int, uint, bool, text, putUint, putInt, putText } from './bits.js';
import { legend } from './legends.js';

export type FieldKind = 'uint' | 'int' | 'bool' | 'text' | 'spare';

export interface FieldDef {
  name: string;
  kind: FieldKind;
  /** width in bits (text: 6 per character) */
  bits: number;
  /** scaled value = raw / div */
  div?: number;
  /** decimals kept in the scaled value */
  decimals?: number;
  /** adds `<name>_text` from this legend (gpsd's *_text fields) */
  legend?: readonly string[];
  /** legend text for codes past the end of the table */
  invalid?: string;
  /** decoded (available to composites and the encoder) but not printed, as gpsd does */
  hidden?: boolean;
  /** may lie past the end of a short message: read when the message has more than `at` bits
   *  (or at least `minBits` when given), else 0/''/false, as gpsd does */
  optional?: boolean;
  minBits?: number;
  /** special scaled rendering (gpsd prints some values as strings) */
  render?: (raw: number) => unknown;
}

/** A printed value built from several hidden fields, e.g. type 4's ISO timestamp. */
export interface CompositeDef {
  name: string;
  from: readonly string[];
  fmt: (...v: number[]) => string;
}

export interface TableDef {
  /** fields in bit order, starting at `start` */
  fields: readonly FieldDef[];
  /** first bit of the first field (38 after the common header) */
  start?: number;
  /** printed values built from hidden fields, placed where the first `from` field stands */
  composites?: readonly CompositeDef[];
}

export type Decoded = Record<string, unknown>;
/** Compiled decoder for a table: header values are passed in and printed first. */
export type TableDecoder = (sb: Uint8Array, nbits: number, type: number, repeat: number, mmsi: number, rxtime: string | undefined) => Decoded;

const KEY_OK = /^[A-Za-z_][A-Za-z0-9_]*$/;

function round(v: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(v * f) / f;
}

/**
 * Builds the straight-line decoder for a table. The generated body reads each field once
 * into a local and returns one object literal, so every message of a type has the same shape.
 */
export type Mode = 'scaled' | 'unscaled' | 'raw';

export function compileTable(def: TableDef, mode: Mode): TableDecoder {
  const scaled = mode === 'scaled';
  const raw = mode === 'raw';
  const start0 = def.start ?? 38;
  const consts: unknown[] = [];
  const ref = (v: unknown): string => {
    consts.push(v);
    return `K[${consts.length - 1}]`;
  };
  const lines: string[] = [];
  const locals = new Map<string, string>();
  let pos = start0;
  def.fields.forEach((f, i) => {
    if (!KEY_OK.test(f.name)) throw new Error(`bad field name ${f.name}`);
    const at = pos;
    pos += f.bits;
    if (f.kind === 'spare') return;
    const v = `v${i}`;
    locals.set(f.name, v);
    let read: string;
    switch (f.kind) {
      case 'uint':
        read = `U(sb, ${at}, ${f.bits})`;
        break;
      case 'int':
        read = `I(sb, ${at}, ${f.bits})`;
        break;
      case 'bool':
        read = `B(sb, ${at})`;
        break;
      case 'text':
        read = `T(sb, ${at}, ${f.bits / 6})`;
        break;
    }
    const empty = f.kind === 'text' ? '""' : f.kind === 'bool' ? 'false' : '0';
    lines.push(f.optional ? `const ${v} = nbits ${f.minBits !== undefined ? `>= ${f.minBits}` : `> ${at}`} ? ${read} : ${empty};` : `const ${v} = ${read};`);
  });
  const compositeAt = new Map<string, CompositeDef>();
  if (!raw) for (const c of def.composites ?? []) compositeAt.set(c.from[0]!, c);
  const props: string[] = ['class: "AIS"', 'type: type', 'repeat: repeat', 'mmsi: mmsi', `scaled: ${scaled}`];
  for (const f of def.fields) {
    if (f.kind === 'spare') continue;
    const v = locals.get(f.name)!;
    const comp = compositeAt.get(f.name);
    if (comp) {
      props.push(`${comp.name}: ${ref(comp.fmt)}(${comp.from.map((n) => locals.get(n)).join(', ')})`);
    }
    if (f.hidden && !raw) continue;
    let val = v;
    if (scaled && f.render) val = `${ref(f.render)}(${v})`;
    else if (scaled && f.div !== undefined) {
      val = f.decimals !== undefined ? `R(${v} / ${f.div}, ${f.decimals})` : `${v} / ${f.div}`;
    }
    props.push(`${f.name}: ${val}`);
    if (f.legend && !raw) props.push(`${f.name}_text: L(${ref(f.legend)}, ${v}, ${JSON.stringify(f.invalid ?? 'INVALID')})`);
  }
  props.push('rxtime: rxtime');
  const body = `${lines.join('\n')}\nreturn { ${props.join(', ')} };`;
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  const make = new Function('U', 'I', 'B', 'T', 'L', 'R', 'K', `return function decode(sb, nbits, type, repeat, mmsi, rxtime) {\n${body}\n};`);
  return make(uint, int, bool, text, legend, round, consts) as TableDecoder;
}

/** Total bits a table spans from its start. */
export function tableBits(def: TableDef): number {
  return def.fields.reduce((n, f) => n + f.bits, 0);
}

/**
 * Writes raw (unscaled) field values of `msg` into the 6-bit array following the table.
 * Missing numeric fields encode as 0, missing text as '@' padding.
 */
export function encodeFields(def: TableDef, msg: Decoded, sb: Uint8Array): number {
  let pos = def.start ?? 38;
  for (const f of def.fields) {
    const value = msg[f.name];
    switch (f.kind) {
      case 'spare':
        putUint(sb, pos, f.bits, 0);
        break;
      case 'uint':
        putUint(sb, pos, f.bits, typeof value === 'number' ? value : 0);
        break;
      case 'int':
        putInt(sb, pos, f.bits, typeof value === 'number' ? value : 0);
        break;
      case 'bool':
        putUint(sb, pos, 1, value ? 1 : 0);
        break;
      case 'text':
        putText(sb, pos, f.bits / 6, typeof value === 'string' ? value : '');
        break;
    }
    pos += f.bits;
  }
  return pos;
}
