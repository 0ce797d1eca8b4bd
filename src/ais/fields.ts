/**
 * AIS messages declared once as tables of bit fields (pyais style). A table drives:
 *  - decoding: compiled once into a straight-line function per (table, scaled) so the hot
 *    path has no per-field interpretation (hand-tuned because decoding must run at >1.5M msg/s);
 *  - encoding: `encodeFields` walks the same table (used by round-trip tests and the simulator).
 */
import { uint, int, putUint, putInt, putText, SIXBIT_CHARS } from './bits.js';
import { DarkfleetError } from '../errors.js';

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
  /** not printed by gpsd, printed with the `extended` option (and in raw mode) */
  extra?: boolean;
  /** may lie past the end of a short message: read when the message has more than `at` bits
   *  (or at least `minBits` when given), else 0/''/false, as gpsd does */
  optional?: boolean;
  minBits?: number;
  /** special scaled rendering (gpsd prints some values as strings) */
  render?: (raw: number) => unknown;
  /** a second view of bits already covered by another field, read at this absolute bit
   *  (type 24's model/serial inside vendorid): takes no room, so the encoder skips it */
  at?: number;
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
export type TableDecoder = (sb: Uint8Array, nbits: number, type: number, repeat: number, mmsi: number, rxtime: string | undefined, lead?: unknown) => Decoded;

/**
 * Shape variants of a compiled decoder, so callers never have to copy or spread an object
 * (object rest/spread costs a runtime call per message): `lead` prints the 7th argument under
 * this name right after `scaled` (type 24's `part`, or the cached `shipname` when merging);
 * `open` leaves out `rxtime` so the caller appends its own fields and then `rxtime`.
 */
export interface Variant {
  lead?: string;
  open?: boolean;
}

const KEY_OK = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * JavaScript expression for the unsigned value of `bits` bits at bit `at` of the 6-bit array
 * `sb`, with every index and shift resolved at compile time (no calls, no loops). Fields of
 * up to 31 bits stay in 32-bit integer arithmetic; wider ones fall back to `U()`.
 */
export function bitExpr(at: number, bits: number): string {
  if (bits > 31) return `U(sb, ${at}, ${bits})`;
  const first = Math.floor(at / 6);
  const off = at - first * 6;
  if (off + bits <= 6) {
    const shift = 6 - off - bits;
    const mask = (1 << bits) - 1;
    return shift ? `((sb[${first}] >> ${shift}) & ${mask})` : `(sb[${first}] & ${mask})`;
  }
  const terms: string[] = [];
  let left = bits - (6 - off);
  terms.push(off ? `((sb[${first}] & ${(1 << (6 - off)) - 1}) << ${left})` : `(sb[${first}] << ${left})`);
  let idx = first + 1;
  while (left >= 6) {
    left -= 6;
    terms.push(left ? `(sb[${idx}] << ${left})` : `sb[${idx}]`);
    idx++;
  }
  if (left > 0) terms.push(`(sb[${idx}] >> ${6 - left})`);
  return `(${terms.join(' | ')})`;
}

/** 6-bit text of `n` characters at bit `at`, gpsd style (stops at '@', trailing spaces trimmed). */
function text6(sb: Uint8Array, at: number, n: number): string {
  const first = (at / 6) | 0;
  const off = at - first * 6;
  let s = '';
  let end = 0;
  for (let k = 0; k < n; k++) {
    const i = first + k;
    const v = off ? ((sb[i]! << off) | (sb[i + 1]! >> (6 - off))) & 63 : sb[i]!;
    if (v === 0) break;
    s += CHARS[v]!;
    if (v !== 32) end = k + 1;
  }
  return end === s.length ? s : s.slice(0, end);
}
const CHARS: readonly string[] = Array.from(SIXBIT_CHARS);

/**
 * Builds the straight-line decoder for a table. The generated body reads each field once
 * into a local and returns one object literal, so every message of a type has the same shape.
 */
/** Expression reading a numeric or boolean field at bit `at` (text fields are read by the callers). */
function readExpr(f: FieldDef, at: number): string {
  switch (f.kind) {
    case 'uint':
      return bitExpr(at, f.bits);
    case 'int':
      return f.bits <= 31 ? `((${bitExpr(at, f.bits)} << ${32 - f.bits}) >> ${32 - f.bits})` : `I(sb, ${at}, ${f.bits})`;
    case 'bool':
      return `(${bitExpr(at, 1)} === 1)`;
    default:
      return `T(sb, ${at}, ${f.bits / 6})`;
  }
}

/** `const vN = <read>;`, guarded by the message length for optional fields. */
function readLine(f: FieldDef, v: string, at: number): string {
  const read = readExpr(f, at);
  const empty = f.kind === 'text' ? '""' : f.kind === 'bool' ? 'false' : '0';
  return f.optional ? `const ${v} = nbits ${f.minBits !== undefined ? `>= ${f.minBits}` : `> ${at}`} ? ${read} : ${empty};` : `const ${v} = ${read};`;
}

export type Mode = 'scaled' | 'unscaled' | 'raw';

export function compileTable(def: TableDef, mode: Mode, extended = false, variant: Variant = {}): TableDecoder {
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
    if (!KEY_OK.test(f.name)) throw new DarkfleetError('ais_field_table', `bad field name ${f.name}`);
    const at = f.at ?? pos;
    if (f.at === undefined) pos += f.bits;
    if (f.kind === 'spare') return;
    const v = `v${i}`;
    locals.set(f.name, v);
    lines.push(readLine(f, v, at));
  });
  const compositeAt = new Map<string, CompositeDef>();
  if (!raw) for (const c of def.composites ?? []) compositeAt.set(c.from[0]!, c);
  const props: string[] = ['class: "AIS"', 'type: type', 'repeat: repeat', 'mmsi: mmsi', `scaled: ${scaled}`];
  if (variant.lead !== undefined) {
    if (!KEY_OK.test(variant.lead)) throw new DarkfleetError('ais_field_table', `bad field name ${variant.lead}`);
    props.push(`${variant.lead}: lead`);
  }
  for (const f of def.fields) {
    if (f.kind === 'spare') continue;
    const v = locals.get(f.name)!;
    const comp = compositeAt.get(f.name);
    if (comp) {
      props.push(`${comp.name}: ${ref(comp.fmt)}(${comp.from.map((n) => locals.get(n)).join(', ')})`);
    }
    if ((f.hidden && !raw) || (f.extra && !raw && !extended)) continue;
    let val = v;
    if (scaled && f.render) val = `${ref(f.render)}(${v})`;
    else if (scaled && f.div !== undefined) {
      const p = 10 ** (f.decimals ?? 0);
      // round to the decimals gpsd prints: x * (p / div) keeps one multiplication
      val = f.decimals !== undefined ? `Math.round(${v} * ${p / f.div}) / ${p}` : `${v} / ${f.div}`;
    }
    props.push(`${f.name}: ${val}`);
    if (f.legend && !raw) {
      props.push(`${f.name}_text: (${v} < ${f.legend.length} ? ${ref(f.legend)}[${v}] : ${JSON.stringify(f.invalid ?? 'INVALID')})`);
    }
  }
  if (!variant.open) props.push('rxtime: rxtime');
  const body = `${lines.join('\n')}\nreturn { ${props.join(', ')} };`;
  const make = new Function('U', 'I', 'T', 'K', `return function decode(sb, nbits, type, repeat, mmsi, rxtime, lead) {\n${body}\n};`);
  return make(uint, int, text6, consts) as TableDecoder;
}

/** JSON text of a string; the 6-bit alphabet's only characters needing escapes are '"' and '\\'. */
export function quote(s: string): string {
  return s.indexOf('"') < 0 && s.indexOf('\\') < 0 ? `"${s}"` : JSON.stringify(s);
}

/** Output bytes for JSON text: a growable buffer the byte writers append to. */
export interface ByteSink {
  buf: Uint8Array;
  pos: number;
  /** a DataView of `buf` (made by `viewOf` when `buf` changes) */
  dv?: DataView;
  dvOf?: Uint8Array;
}

/** The sink's DataView, for writers that store constant text four bytes at a time. */
export function viewOf(sink: ByteSink): DataView {
  if (sink.dvOf !== sink.buf || sink.dv === undefined) {
    sink.dv = new DataView(sink.buf.buffer, sink.buf.byteOffset, sink.buf.byteLength);
    sink.dvOf = sink.buf;
  }
  return sink.dv;
}

/** "00".."99": two digits per division when printing numbers */
const DIGITS2 = Uint8Array.from({ length: 200 }, (_, i) => 48 + (i & 1 ? (i >> 1) % 10 : Math.floor((i >> 1) / 10)));

/** Writes the decimal digits of a non-negative integer (32-bit fast path: every AIS field fits). */
function wInt(o: Uint8Array, p: number, n: number): number {
  if (n < 10) {
    o[p] = 48 + n;
    return p + 1;
  }
  if (n > 0x7fffffff) return wStr(o, p, `${n}`);
  const len = n < 100 ? 2 : n < 1000 ? 3 : n < 10000 ? 4 : n < 100000 ? 5 : n < 1000000 ? 6 : n < 10000000 ? 7 : n < 100000000 ? 8 : n < 1000000000 ? 9 : 10;
  let q = p + len;
  let v = n;
  while (v >= 100) {
    const d = (v / 100) | 0;
    const r = (v - d * 100) << 1;
    o[--q] = DIGITS2[r + 1]!;
    o[--q] = DIGITS2[r]!;
    v = d;
  }
  if (v >= 10) {
    o[--q] = DIGITS2[(v << 1) + 1]!;
    o[--q] = DIGITS2[v << 1]!;
  } else o[--q] = 48 + v;
  return p + len;
}

/** Writes a signed integer. */
function wSigned(o: Uint8Array, p: number, n: number): number {
  if (n < 0) {
    o[p] = 45;
    return wInt(o, p + 1, -n);
  }
  return wInt(o, p, n);
}

/** Writes an integer count of 10^-d units as fixed-point text (gpsd's "%.<d>f"). */
export function wFixed(o: Uint8Array, p: number, n: number, d: number): number {
  if (n < 0) {
    o[p++] = 45;
    n = -n;
  }
  const f = POW10[d]!;
  const whole = Math.floor(n / f);
  p = wInt(o, p, whole);
  o[p++] = 46;
  let frac = n - whole * f;
  let k = d;
  while (k >= 2) {
    const q = (frac / 100) | 0;
    const r = (frac - q * 100) << 1;
    o[p + k - 1] = DIGITS2[r + 1]!;
    o[p + k - 2] = DIGITS2[r]!;
    frac = q;
    k -= 2;
  }
  if (k === 1) o[p] = 48 + frac;
  return p + d;
}
const POW10 = [1, 10, 100, 1000, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9];

/** Writes 6-bit text as a JSON string, gpsd style (stops at '@', trailing spaces trimmed). */
function wText(o: Uint8Array, p: number, sb: Uint8Array, at: number, n: number): number {
  const first = (at / 6) | 0;
  const off = at - first * 6;
  // find the end: first '@', then back over trailing spaces
  let end = 0;
  for (let k = 0; k < n; k++) {
    const i = first + k;
    const v = off ? ((sb[i]! << off) | (sb[i + 1]! >> (6 - off))) & 63 : sb[i]!;
    if (v === 0) break;
    if (v !== 32) end = k + 1;
  }
  o[p++] = 34;
  for (let k = 0; k < end; k++) {
    const i = first + k;
    const v = off ? ((sb[i]! << off) | (sb[i + 1]! >> (6 - off))) & 63 : sb[i]!;
    const c = v < 32 ? v + 64 : v;
    if (c === 34 || c === 92) o[p++] = 92;
    o[p++] = c;
  }
  o[p++] = 34;
  return p;
}

/** Writes an ASCII string's bytes (keys, legends, already-formatted values). */
export function wStr(o: Uint8Array, p: number, s: string): number {
  // a native copy pays off past ~30 characters (it costs ~40 ns to call)
  if (s.length > 32) return p + LATIN1_WRITE.call(o, s, p);
  for (let k = 0; k < s.length; k++) o[p++] = s.charCodeAt(k);
  return p;
}
const LATIN1_WRITE = (Buffer.prototype as unknown as { latin1Write: (this: Uint8Array, s: string, offset: number) => number }).latin1Write;

/** Writes bytes of a constant. */
function wBytes(o: Uint8Array, p: number, b: Uint8Array): number {
  const n = b.length;
  // TypedArray.set (a memcpy) beats a byte loop from ~12 bytes on
  if (n > 12) {
    o.set(b, p);
    return p + n;
  }
  for (let k = 0; k < n; k++) o[p++] = b[k]!;
  return p;
}

export type TableBytes = (sb: Uint8Array, nbits: number, type: number, repeat: number, mmsi: number, rx: string | undefined, o: Uint8Array, p: number, lead: string | undefined, dv: DataView) => number;

/**
 * Builds a function that writes a message as gpsd-style JSON bytes straight from its bits
 * into an output buffer: no strings, no objects (the `decode` command's hot path; the caller
 * guarantees 2 KB of room). Same text as compileTableJson.
 */
export function compileTableBytes(def: TableDef, scaled: boolean, lead?: string): TableBytes {
  const start0 = def.start ?? 38;
  const consts: unknown[] = [];
  const ref = (v: unknown): string => {
    consts.push(v);
    return `K[${consts.length - 1}]`;
  };
  const ascii = (str: string): Uint8Array => Uint8Array.from(str, (ch) => ch.charCodeAt(0) & 255);
  const lines: string[] = [];
  const locals = new Map<string, string>();
  const textAt = new Map<string, number>();
  let pos = start0;
  def.fields.forEach((f, i) => {
    const at = f.at ?? pos;
    if (f.at === undefined) pos += f.bits;
    if (f.kind === 'spare') return;
    const v = `v${i}`;
    locals.set(f.name, v);
    if (f.kind === 'text') {
      textAt.set(f.name, at);
      return;
    }
    lines.push(readLine(f, v, at));
  });
  const compositeAt = new Map<string, CompositeDef>();
  for (const c of def.composites ?? []) compositeAt.set(c.from[0]!, c);

  // The output as segments: constant text, a choice among a few texts (booleans, legends,
  // rendered small fields), or code. Constants are merged into the choice before them, so
  // a message costs a handful of copies instead of one store per key and value.
  type Seg = { c: string } | { pick: string; of: string[] } | { code: string };
  const segs: Seg[] = [];
  const add = (g: Seg): void => {
    const last = segs[segs.length - 1];
    if ('c' in g && last && 'c' in last) last.c += g.c;
    else if ('c' in g && last && 'pick' in last) last.of = last.of.map((t) => t + g.c);
    else segs.push(g);
  };
  add({ c: '{"class":"AIS","type":' });
  add({ code: 'p = WI(o, p, type);' });
  add({ c: ',"repeat":' });
  add({ code: 'p = WI(o, p, repeat);' });
  add({ c: ',"mmsi":' });
  add({ code: 'p = WI(o, p, mmsi);' });
  add({ c: `,"scaled":${scaled}` });
  if (lead !== undefined) {
    // as compileTable's `lead` variant: the extra argument, a string, right after `scaled`
    add({ c: `,"${lead}":` });
    add({ code: 'p = WS(o, p, Q(x));' });
  }
  for (const f of def.fields) {
    if (f.kind === 'spare') continue;
    const v = locals.get(f.name)!;
    const comp = compositeAt.get(f.name);
    if (comp) {
      add({ c: `,"${comp.name}":"` });
      add({ code: `p = WS(o, p, ${ref(comp.fmt)}(${comp.from.map((n) => locals.get(n)).join(', ')}));` });
      add({ c: '"' });
    }
    if (f.hidden || f.extra) continue;
    add({ c: `,"${f.name}":` });
    if (f.kind === 'text') {
      const at = textAt.get(f.name)!;
      const n = f.bits / 6;
      add({ code: f.optional ? `p = nbits > ${at} ? WT(o, p, sb, ${at}, ${n}) : WS(o, p, '""');` : `p = WT(o, p, sb, ${at}, ${n});` });
    } else if (f.kind === 'bool') add({ pick: `${v} ? 1 : 0`, of: ['false', 'true'] });
    else if (scaled && f.render && f.bits <= 10) {
      // every raw value's rendering, computed once
      const render = f.render;
      const of = Array.from({ length: 2 ** f.bits }, (_, k) => JSON.stringify(render(f.kind === 'int' && k >= 2 ** (f.bits - 1) ? k - 2 ** f.bits : k)));
      add({ pick: f.kind === 'int' ? `${v} & ${2 ** f.bits - 1}` : v, of });
    } else if (scaled && f.render) add({ code: `p = WS(o, p, JSON.stringify(${ref(f.render)}(${v})));` });
    else if (scaled && f.div !== undefined) {
      const d = f.decimals ?? 6;
      add({ code: `p = WF(o, p, Math.round(${v} * ${10 ** d / f.div}), ${d});` });
    } else add({ code: f.kind === 'int' ? `p = WN(o, p, ${v});` : `p = WI(o, p, ${v});` });
    if (f.legend) {
      add({ c: `,"${f.name}_text":` });
      const legend = f.legend;
      add({ pick: `${v} < ${legend.length} ? ${v} : ${legend.length}`, of: [...legend.map(quote), quote(f.invalid ?? 'INVALID')] });
    }
  }
  const out: string[] = [];
  for (const g of segs) {
    if ('code' in g) out.push(g.code);
    else if ('pick' in g) out.push(`p = WB(o, p, ${ref(g.of.map(ascii))}[${g.pick}]);`);
    else if (g.c.length <= 24) {
      // little-endian 32-bit stores, then the odd bytes
      const b = ascii(g.c);
      const parts: string[] = [];
      let k = 0;
      for (; k + 4 <= b.length; k += 4) parts.push(`D.setUint32(p + ${k}, ${(b[k]! | (b[k + 1]! << 8) | (b[k + 2]! << 16) | (b[k + 3]! << 24)) >>> 0}, true);`);
      for (; k < b.length; k++) parts.push(`o[p + ${k}] = ${b[k]};`);
      out.push(`${parts.join(' ')} p += ${b.length};`);
    } else out.push(`p = WB(o, p, ${ref(ascii(g.c))});`);
  }
  out.push('if (rx !== undefined) { p = WB(o, p, RX); p = WS(o, p, rx); o[p++] = 34; }', 'o[p++] = 125;', 'return p;');
  const body = `${lines.join('\n')}\n${out.join('\n')}`;
  const make = new Function('I', 'WI', 'WN', 'WF', 'WT', 'WS', 'WB', 'K', 'RX', 'Q', `return function bytes(sb, nbits, type, repeat, mmsi, rx, o, p, x, D) {\n${body}\n};`);
  return make(int, wInt, wSigned, wFixed, wText, wStr, wBytes, consts, ascii(',"rxtime":"'), quote) as TableBytes;
}

/** Total bits a table spans from its start. */
export function tableBits(def: TableDef): number {
  return def.fields.reduce((n, f) => n + (f.at === undefined ? f.bits : 0), 0);
}

/**
 * Writes raw (unscaled) field values of `msg` into the 6-bit array following the table.
 * Missing numeric fields encode as 0, missing text as '@' padding.
 */
export function encodeFields(def: TableDef, msg: Decoded, sb: Uint8Array): number {
  let pos = def.start ?? 38;
  for (const f of def.fields) {
    if (f.at !== undefined) continue;
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
