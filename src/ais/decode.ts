/**
 * From a complete AIS payload (6-bit values + bit count) to one message object with gpsd's
 * field names. Message layouts live in ./messages.ts; this file holds the dispatch by type,
 * gpsd's length rules, and the few types whose layout depends on their own bits
 * (6/8 binary, 12/14 text, 17/25/26 data, 21 name extension, 22 area/addressed, 24 parts).
 */
import { uint, bool, text, hexData, SIXBIT_CHARS } from './bits.js';
import { compileTable, compileTableBytes, viewOf, wStr, type ByteSink, type Decoded, type Mode, type TableBytes, type TableDecoder, type TableDef, type Variant } from './fields.js';
import * as M from './messages.js';
import { binaryData, decodeBinary, gpsdText } from './binary/index.js';
import { NmeaError } from '../errors.js';

export interface DecodeOptions {
  /** gpsd's scaled units (degrees, knots); false gives gpsd's raw integers (`gpsdecode -u`). Default true. */
  scaled?: boolean;
  /** 'raw': every table field as its raw integer, hidden ones included (for encoders and tests). */
  raw?: boolean;
  /** emit type 24 part A and part B separately (`gpsdecode -s`) instead of merging them. Default false. */
  split24?: boolean;
  /**
   * Also print what gpsd leaves out: the SOTDMA/ITDMA communication state of position reports
   * (`sync_state`, `slot_timeout`, `received_stations`, `slot_number`, `utc_hour`/`utc_min`,
   * `slot_offset`, `slot_increment`, `slots_to_allocate`, `keep_flag`, with libais's names) and
   * flags gpsd drops (`assigned`, type 23 `txrx`, type 9 `alt_sensor`), binary payloads gpsd
   * prints only as `data` (6/1/0 text telegram, 8/1/22 area notice: see binary/README.md), and
   * type 17's station position at its full 1/10-minute resolution (gpsd rounds it to 0.1
   * degree, i.e. 6 minutes). `received_stations` tells how busy the reception around a base
   * station or ship was. Default false.
   */
  extended?: boolean;
}

/** gpsd's length rules by type: shorter is `truncated`, longer is `too_long`. */
export const MIN_BITS: readonly number[] = [
  0, 163, 163, 163, 168, 420, 88, 72, 56, 168, 72, 168, 72, 72, 40, 88, 96, 80, 168, 312, 72, 272, 168, 160, 160, 40, 60, 96,
];
const INF = Number.MAX_SAFE_INTEGER;
export const MAX_BITS: readonly number[] = [
  0, 204, 204, 204, INF, INF, 1008, INF, 1008, INF, INF, INF, 1008, INF, 960, 168, 168, 816, INF, INF, 186, 368, INF, INF, INF, 168, 1004, 168,
];

type Key = 'scaled' | 'unscaled' | 'raw' | 'scaled+' | 'unscaled+' | 'raw+';
const cache = new Map<TableDef, Map<string, TableDecoder>>();
/** The table's decoder for a mode ('+' = extended) and shape variant, compiled on first use. */
function compiled(def: TableDef, key: Key, variant: '' | 'part' | 'shipname' | 'open' = ''): TableDecoder {
  let c = cache.get(def);
  if (!c) {
    c = new Map();
    cache.set(def, c);
  }
  const k = variant ? `${key}|${variant}` : key;
  let f = c.get(k);
  if (!f) {
    const v: Variant = variant === 'open' ? { open: true } : variant ? { lead: variant } : {};
    f = compileTable(def, key.replace('+', '') as Mode, key.endsWith('+'), v);
    c.set(k, f);
  }
  return f;
}

const bytesCache = new Map<TableDef, Map<string, TableBytes>>();
function bytesOf(def: TableDef, scaled: boolean, lead?: 'part' | 'shipname'): TableBytes {
  let c = bytesCache.get(def);
  if (!c) {
    c = new Map();
    bytesCache.set(def, c);
  }
  const k = `${scaled}|${lead ?? ''}`;
  let f = c.get(k);
  if (!f) {
    f = compileTableBytes(def, scaled, lead);
    c.set(k, f);
  }
  return f;
}

/** Characters outside printable ASCII (JSON output is written as single bytes). */
const NON_ASCII = /[^ -~]/g;
const HAS_NON_ASCII = /[^ -~]/;

/** Adds `"station":...` before the closing brace just written. */
function appendStation(sink: ByteSink, station: string): void {
  const text = `,"station":${JSON.stringify(station).replace(NON_ASCII, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}}`;
  if (sink.buf.length - sink.pos < text.length + 2) growSink(sink, text.length + 2);
  sink.pos = wStr(sink.buf, sink.pos - 1, text);
}

function growSink(sink: ByteSink, need: number): void {
  const next = new Uint8Array(Math.max(sink.buf.length * 2, sink.pos + need + 4096));
  next.set(sink.buf.subarray(0, sink.pos));
  sink.buf = next;
}

/** Simple types: table only. */
const SIMPLE: (TableDef | undefined)[] = [];
SIMPLE[1] = SIMPLE[2] = SIMPLE[3] = M.POSITION_A;
SIMPLE[4] = SIMPLE[11] = M.BASE_STATION;
SIMPLE[5] = M.STATIC_VOYAGE;
SIMPLE[7] = SIMPLE[13] = M.ACK;
SIMPLE[9] = M.SAR_AIRCRAFT;
SIMPLE[10] = M.UTC_INQUIRY;
SIMPLE[15] = M.INTERROGATION;
SIMPLE[16] = M.ASSIGNMENT;
SIMPLE[18] = M.POSITION_B;
SIMPLE[19] = M.POSITION_B_EXTENDED;
SIMPLE[20] = M.DATALINK;
SIMPLE[23] = M.GROUP_ASSIGNMENT;
SIMPLE[27] = M.LONG_RANGE;
/** Table-driven types whose bytes writer covers every case the checks in writeJson let through. */
const BYTES: (TableDef | undefined)[] = [...SIMPLE];
BYTES[21] = M.ATON;

/** The header's MMSI, bits 8-37, read straight from the 6-bit values (the hot paths' uint(sb, 8, 30)). */
function headerMmsi(sb: Uint8Array): number {
  return ((sb[1]! & 15) << 26) | (sb[2]! << 20) | (sb[3]! << 14) | (sb[4]! << 8) | (sb[5]! << 2) | (sb[6]! >> 4);
}

/** Is this MMSI an auxiliary craft (98MIDxxxx), whose type 24 part B carries a mothership MMSI? */
export function isAuxiliaryMmsi(mmsi: number): boolean {
  return mmsi >= 980000000 && mmsi < 990000000;
}

/**
 * Decodes payloads to message objects. Holds the type 24 part-A cache, so use one decoder
 * per input stream. `decode` throws NmeaError with the reject reason as its code.
 */
export class PayloadDecoder {
  readonly mode: Mode;
  readonly split24: boolean;
  readonly extended: boolean;
  /** compiled-decoder key: the mode, '+' when extended */
  private readonly key: Key;
  private readonly simple: (TableDecoder | undefined)[];
  /** type 24 part A names waiting for their part B, by MMSI */
  private readonly partA = new Map<number, string>();

  private bytesSimple: (TableBytes | undefined)[] | null = null;

  constructor(opts: DecodeOptions = {}) {
    this.mode = opts.raw ? 'raw' : opts.scaled === false ? 'unscaled' : 'scaled';
    this.split24 = opts.split24 ?? false;
    this.extended = opts.extended ?? false;
    this.key = `${this.mode}${this.extended ? '+' : ''}` as Key;
    this.simple = SIMPLE.map((d) => (d ? compiled(d, this.key) : undefined));
  }

  /**
   * As `tryDecode`, but appends the message as one line of gpsd-style JSON to `sink`. The
   * table-driven types are written straight from the bits as bytes (no strings, no objects:
   * this is `decode`'s output path); the others go through their object. Returns false when
   * nothing was written (see `reason`).
   */
  writeJson(sb: Uint8Array, nbits: number, rxtime: string | undefined, sink: ByteSink, station?: string): boolean {
    if (sink.buf.length - sink.pos < 4096) growSink(sink, 4096);
    const type = nbits >= 38 ? sb[0]! : 0;
    if (
      !this.extended &&
      type >= 1 &&
      type <= 27 &&
      nbits >= MIN_BITS[type]! &&
      nbits <= MAX_BITS[type]! &&
      (type > 3 || nbits >= 168) &&
      (type !== 27 || nbits === 96 || nbits === 168) &&
      (type !== 21 || nbits < 278 || !fullText(sb, 43, 20))
    ) {
      this.bytesSimple ??= BYTES.map((d) => (d ? bytesOf(d, this.mode === 'scaled') : undefined));
      const w = this.bytesSimple[type];
      if (w) {
        this.reason = '';
        const mmsi = headerMmsi(sb);
        sink.pos = w(sb, nbits, type, (sb[1]! >> 4) & 3, mmsi, rxtime, sink.buf, sink.pos, undefined, viewOf(sink));
        if (station !== undefined) appendStation(sink, station);
        sink.buf[sink.pos++] = 10;
        return true;
      }
    }
    if (type === 24 && !this.extended && this.mode !== 'raw' && nbits >= MIN_BITS[24]! && nbits <= MAX_BITS[24]!) {
      // type 24 parts straight to bytes, as tryDecode shapes them (merged unless split24)
      const part = (sb[6]! >> 2) & 3;
      const scaled = this.mode === 'scaled';
      const mmsi = headerMmsi(sb);
      let w: TableBytes | null = null;
      let lead = '';
      this.reason = '';
      if (part === 0) {
        if (!this.split24) {
          this.holdPartA(mmsi, sb);
          return false;
        }
        w = bytesOf(M.STATIC_B_PART_A, scaled, 'part');
        lead = 'A';
      } else if (part === 1 && nbits >= 168) {
        const bdef = isAuxiliaryMmsi(mmsi) ? M.STATIC_B_PART_B_AUX : M.STATIC_B_PART_B;
        if (this.split24) {
          w = bytesOf(bdef, scaled, 'part');
          lead = 'B';
        } else {
          const name = this.partA.get(mmsi);
          if (name === undefined) return false;
          w = bytesOf(bdef, scaled, 'shipname');
          lead = name;
        }
      }
      if (w) {
        sink.pos = w(sb, nbits, type, (sb[1]! >> 4) & 3, mmsi, rxtime, sink.buf, sink.pos, lead, viewOf(sink));
        if (station !== undefined) appendStation(sink, station);
        sink.buf[sink.pos++] = 10;
        return true;
      }
    }
    if (!this.extended && (type === 6 || type === 8) && nbits >= MIN_BITS[type]! && nbits <= MAX_BITS[type]!) {
      // binary messages: header from its table, then gpsd's own text of the payload
      this.reason = '';
      const start = type === 6 ? 88 : 56;
      const scaled = this.mode === 'scaled';
      const app = decodeBinary(type, uint(sb, start - 16, 10), uint(sb, start - 6, 6), sb, nbits, start, scaled);
      const tail = app ? gpsdText(app) : `,"data":"${binaryData(type, sb, nbits)}"`;
      const head = bytesOf(type === 6 ? M.BINARY_ADDRESSED_HEADER : M.BINARY_BROADCAST_HEADER, scaled);
      const mmsi = headerMmsi(sb);
      sink.pos = head(sb, nbits, type, (sb[1]! >> 4) & 3, mmsi, undefined, sink.buf, sink.pos, undefined, viewOf(sink)) - 1;
      const text = HAS_NON_ASCII.test(tail) ? tail.replace(NON_ASCII, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) : tail;
      if (sink.buf.length - sink.pos < text.length + 128) growSink(sink, text.length + 128);
      sink.pos = wStr(sink.buf, sink.pos, text);
      if (rxtime !== undefined) sink.pos = wStr(sink.buf, sink.pos, `,"rxtime":"${rxtime}"`);
      sink.buf[sink.pos++] = 125;
      if (station !== undefined) appendStation(sink, station);
      sink.buf[sink.pos++] = 10;
      return true;
    }
    const m = this.tryDecode(sb, nbits, rxtime);
    if (m === null) return false;
    if (station !== undefined) m.station = station;
    let text = JSON.stringify(m);
    // keep the output ASCII (it is written as single bytes)
    if (HAS_NON_ASCII.test(text)) text = text.replace(NON_ASCII, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
    if (sink.buf.length - sink.pos < text.length + 2) growSink(sink, text.length + 2);
    sink.pos = wStr(sink.buf, sink.pos, text);
    sink.buf[sink.pos++] = 10;
    return true;
  }

  /** Why the last `tryDecode` returned null ('' when the message was held back, not rejected). */
  reason = '';
  detail = '';

  private fail(reason: string, detail: string): null {
    this.reason = reason;
    this.detail = detail;
    return null;
  }

  /**
   * Decodes one complete payload. Returns null when the message is held back (type 24 part A
   * waiting for part B when not splitting). Throws NmeaError (code = reject reason) when the
   * payload is invalid.
   */
  decode(sb: Uint8Array, nbits: number, rxtime?: string): Decoded | null {
    const m = this.tryDecode(sb, nbits, rxtime);
    if (m === null && this.reason) throw new NmeaError(this.reason, this.detail);
    return m;
  }

  /**
   * As `decode`, without exceptions (the streaming hot path: throwing costs microseconds):
   * null with `reason` set means rejected, null with `reason === ''` means held back.
   */
  tryDecode(sb: Uint8Array, nbits: number, rxtime?: string): Decoded | null {
    this.reason = '';
    if (nbits < 38) return this.fail('truncated', `payload of ${nbits} bits is shorter than the 38-bit header`);
    const type = sb[0]!;
    if (type < 1 || type > 27) return this.fail('unsupported_type', `message type ${type} is not defined`);
    if (nbits < MIN_BITS[type]!) return this.fail('truncated', `type ${type} needs ${MIN_BITS[type]} bits, got ${nbits}`);
    if (nbits > MAX_BITS[type]!) return this.fail('too_long', `type ${type} has at most ${MAX_BITS[type]} bits, got ${nbits}`);
    if (type === 27 && nbits !== 96 && nbits !== 168) return this.fail('bad_length', `type 27 must be 96 (or 168) bits, got ${nbits}`);
    const repeat = (sb[1]! >> 4) & 3;
    const mmsi = headerMmsi(sb);
    const simple = this.simple[type];
    if (simple) {
      const m = simple(sb, nbits, type, repeat, mmsi, rxtime);
      // gpsd reads what there is of the radio field of short (163-167 bit) position reports
      if (type <= 3 && nbits < 168) m.radio = uint(sb, 149, nbits - 149);
      if (this.extended) addCommState(m, sb, type, nbits);
      return m;
    }
    const mode = this.mode;
    switch (type) {
      case 6:
      case 8: {
        const head = compiled(type === 6 ? M.BINARY_ADDRESSED_HEADER : M.BINARY_BROADCAST_HEADER, this.key, 'open')(sb, nbits, type, repeat, mmsi, rxtime);
        const start = type === 6 ? 88 : 56;
        const dac = uint(sb, start - 16, 10);
        const fid = uint(sb, start - 6, 6);
        const app = mode === 'raw' ? null : decodeBinary(type, dac, fid, sb, nbits, start, mode === 'scaled', this.extended);
        if (app) return merge(head, app, rxtime);
        head.data = binaryData(type, sb, nbits);
        head.rxtime = rxtime;
        return head;
      }
      case 12: {
        const s = mode === 'scaled';
        const t = text(sb, 72, Math.floor((nbits - 72) / 6));
        return { class: 'AIS', type, repeat, mmsi, scaled: s, seqno: uint(sb, 38, 2), dest_mmsi: uint(sb, 40, 30), retransmit: bool(sb, 70), text: t, rxtime };
      }
      case 14:
        return { class: 'AIS', type, repeat, mmsi, scaled: mode === 'scaled', text: text(sb, 40, Math.floor((nbits - 40) / 6)), rxtime };
      case 17: {
        const head = compiled(this.extended ? M.DGNSS_HEADER_FULL : M.DGNSS_HEADER, this.key, 'open')(sb, nbits, type, repeat, mmsi, rxtime);
        head.data = hexData(sb, 80, nbits - 80, false);
        head.rxtime = rxtime;
        return head;
      }
      case 21: {
        const msg = this.simple21(sb, nbits, type, repeat, mmsi, rxtime);
        // the name extension follows only a full 20-character name (no '@' padding)
        if (nbits > 272 && fullText(sb, 43, 20)) {
          msg.name = `${rawUntilAt(sb, 43, 20)}${rawUntilAt(sb, 272, Math.floor((nbits - 272) / 6))}`.replace(/ +$/, '');
        }
        return msg;
      }
      case 22:
        return compiled(bool(sb, 139) ? M.CHANNEL_ADDRESSED : M.CHANNEL_AREA, this.key)(sb, nbits, type, repeat, mmsi, rxtime);
      case 24:
        return this.type24(sb, nbits, type, repeat, mmsi, rxtime);
      case 25:
      case 26:
        return this.binarySlot(sb, nbits, type, repeat, mmsi, rxtime);
    }
    return this.fail('unsupported_type', `message type ${type} is not supported`);
  }

  private simple21(sb: Uint8Array, nbits: number, type: number, repeat: number, mmsi: number, rxtime?: string): Decoded {
    return compiled(M.ATON, this.key)(sb, nbits, type, repeat, mmsi, rxtime);
  }

  private type24(sb: Uint8Array, nbits: number, type: number, repeat: number, mmsi: number, rxtime?: string): Decoded | null {
    const part = uint(sb, 38, 2);
    const mode = this.mode;
    if (part === 0) {
      if (this.split24 || mode === 'raw') return compiled(M.STATIC_B_PART_A, this.key, 'part')(sb, nbits, type, repeat, mmsi, rxtime, 'A');
      this.holdPartA(mmsi, sb);
      return null;
    }
    if (part !== 1) return this.fail('bad_part', `type 24 part number ${part} is neither A (0) nor B (1)`);
    if (nbits < 168) return this.fail('truncated', `type 24 part B needs 168 bits, got ${nbits}`);
    const bdef = isAuxiliaryMmsi(mmsi) ? M.STATIC_B_PART_B_AUX : M.STATIC_B_PART_B;
    if (this.split24 || mode === 'raw') return compiled(bdef, this.key, 'part')(sb, nbits, type, repeat, mmsi, rxtime, 'B');
    const name = this.partA.get(mmsi);
    if (name === undefined) return null;
    return compiled(bdef, this.key, 'shipname')(sb, nbits, type, repeat, mmsi, rxtime, name);
  }

  /** Keeps a type 24 part A's name until its part B (bounded: the oldest go first). */
  private holdPartA(mmsi: number, sb: Uint8Array): void {
    this.partA.set(mmsi, text(sb, 40, 20));
    if (this.partA.size > 100_000) this.partA.delete(this.partA.keys().next().value as number);
  }

  private binarySlot(sb: Uint8Array, nbits: number, type: number, repeat: number, mmsi: number, rxtime?: string): Decoded | null {
    const addressed = bool(sb, 38);
    const structured = bool(sb, 39);
    let pos = 40;
    let dest = 0;
    if (addressed) {
      dest = uint(sb, 40, 30);
      pos = 70;
    }
    let app = 0;
    if (structured) {
      app = uint(sb, pos, 16);
      pos += 16;
    }
    const end = type === 26 ? nbits - 20 : nbits;
    if (end < pos) return this.fail('truncated', `type ${type} too short for its header`);
    const msg: Decoded = { class: 'AIS', type, repeat, mmsi, scaled: this.mode === 'scaled', addressed, structured, dest_mmsi: dest, app_id: app, data: hexData(sb, pos, end - pos, false) };
    if (type === 26) msg.radio = uint(sb, end, 20);
    if (this.extended) {
      // structured payloads start with an application id: DAC (10 bits) + FID (6 bits)
      if (structured) {
        msg.dac = app >> 6;
        msg.fid = app & 63;
      }
      if (type === 26) {
        const itdma = uint(sb, end, 1) === 1;
        msg.commstate_flag = itdma ? 1 : 0;
        addCommStateAt(msg, sb, end + 1, itdma);
      }
    }
    msg.rxtime = rxtime;
    return msg;
  }
}

/**
 * The communication state in the radio field of position reports (ITU-R M.1371 3.3.7.2):
 * SOTDMA for types 1, 2, 4, 11 (and 9/18 with the selector bit 0), ITDMA for type 3 (and 9/18
 * with selector 1). Names as libais prints them.
 */
function addCommState(m: Decoded, sb: Uint8Array, type: number, nbits: number): void {
  let at: number;
  let itdma: boolean;
  if (type === 9 || type === 18) {
    if (nbits < 168) return;
    if (type === 18 && m.cs === true) {
      m.commstate_cs_fill = uint(sb, 149, 19);
      return;
    }
    itdma = uint(sb, 148, 1) === 1;
    m.commstate_flag = itdma ? 1 : 0;
    at = 149;
  } else if (type <= 4 || type === 11) {
    if (nbits < 168) return;
    itdma = type === 3;
    at = 149;
  } else return;
  addCommStateAt(m, sb, at, itdma);
}

function addCommStateAt(m: Decoded, sb: Uint8Array, at: number, itdma: boolean): void {
  m.sync_state = uint(sb, at, 2);
  if (itdma) {
    m.slot_increment = uint(sb, at + 2, 13);
    m.slots_to_allocate = uint(sb, at + 15, 3);
    m.keep_flag = uint(sb, at + 18, 1) === 1;
    return;
  }
  const timeout = uint(sb, at + 2, 3);
  m.slot_timeout = timeout;
  const sub = at + 5;
  if (timeout === 3 || timeout === 5 || timeout === 7) m.received_stations = uint(sb, sub, 14);
  else if (timeout === 2 || timeout === 4 || timeout === 6) m.slot_number = uint(sb, sub, 14);
  else if (timeout === 1) {
    m.utc_hour = uint(sb, sub, 5);
    m.utc_min = uint(sb, sub + 5, 7);
    m.utc_spare = uint(sb, sub + 12, 2);
  } else m.slot_offset = uint(sb, sub, 14);
}

/** True when none of the `n` characters is '@' (padding). */
function fullText(sb: Uint8Array, start: number, n: number): boolean {
  for (let k = 0; k < n; k++) if (uint(sb, start + 6 * k, 6) === 0) return false;
  return true;
}

/** 6-bit text up to the first '@', untrimmed. */
function rawUntilAt(sb: Uint8Array, start: number, n: number): string {
  let s = '';
  for (let k = 0; k < n; k++) {
    const v = uint(sb, start + 6 * k, 6);
    if (v === 0) break;
    s += SIXBIT_CHARS[v];
  }
  return s;
}

const mergers = new Map<string, (h: Decoded, a: Decoded, rxtime: string | undefined) => Decoded>();

/**
 * Header + application fields + rxtime in one object that stays in V8's fast mode. Adding
 * more than a dozen fields one by one (Object.assign, spread) turns an object into a
 * dictionary, and every reader of the message pays microseconds for it (the met-hydro
 * messages have 40 fields); so larger layouts get a literal compiled once per key list.
 */
function merge(head: Decoded, app: Decoded, rxtime: string | undefined): Decoded {
  // most layouts are small: count up to 11 keys without building the key list
  let n = 0;
  for (const _ in app) if (++n > 10) break;
  const keys = n > 10 ? Object.keys(app) : null;
  if (keys && keys.every((k) => KEY.test(k))) {
    const sig = `${head.type}:${keys.join(',')}`;
    let f = mergers.get(sig);
    if (!f && mergers.size < 4096) {
      const hk = Object.keys(head).filter((k) => !(k in app) && k !== 'rxtime');
      const props = [...hk.map((k) => `${k}: h.${k}`), ...keys.map((k) => `${k}: a.${k}`), 'rxtime: r'];
      f = new Function('h', 'a', 'r', `return { ${props.join(', ')} };`) as (h: Decoded, a: Decoded, r: string | undefined) => Decoded;
      mergers.set(sig, f);
    }
    if (f) return f(head, app, rxtime);
  }
  Object.assign(head, app);
  head.rxtime = rxtime;
  return head;
}
const KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;
