/**
 * NMEA framing and multipart reassembly on raw bytes, feeding PayloadDecoder.
 *
 * Hand-written for speed (the whole file is the decode hot path): lines are scanned as bytes,
 * payloads are unarmoured straight from the input buffer, no per-line strings are made on the
 * happy path. Handles NMEA 4.0 tag blocks, any talker (`!AIVDM`, `!BSVDM`, `!ABVDO`...),
 * prefixed lines (timestamps, gpsd logs), Gatehouse `$PGHP` time lines, trailing receive-time
 * fields (USCG/exactEarth), and other NMEA sentences mixed in (counted, not decoded).
 *
 * Every input line ends in exactly one bucket: part of a decoded message (`ok`), a reject by
 * reason, or `other` (blank, comment, non-AIS sentence, timestamp line).
 */
import { ARMOUR } from './bits.js';
import { PayloadDecoder, type DecodeOptions } from './decode.js';
import type { ByteSink, Decoded } from './fields.js';
import { parseTagBlock, hexVal, type TagBlock } from './tagblock.js';
import { NmeaError } from '../errors.js';

export type Emit<T = Decoded> = (msg: T) => void;

export interface StreamOptions extends DecodeOptions {
  /** only emit these message types */
  types?: ReadonlySet<number> | null;
  /** receives every rejected line with its reason (for `--reject-file`) */
  onReject?: (line: string, reason: string) => void;
  /** a multipart group still incomplete after this many further lines is dropped (`missing_fragment`) */
  maxPendingLines?: number;
  /** throw NmeaError on the first reject instead of counting it */
  strict?: boolean;
  /** add `rxtime` (ISO 8601) to messages; record readers that use `currentTime` turn it off. Default true. */
  isoTimes?: boolean;
}

export interface StreamStats {
  lines: number;
  /** lines consumed by decoded messages (multipart fragments and held type 24 parts included) */
  ok: number;
  messages: number;
  rejects: Record<string, number>;
  /** lines that are not AIS sentences: blank, comment, nmea (other sentences), time (PGHP), tagblock */
  other: Record<string, number>;
  /** lines still waiting for the rest of their multipart group (0 after end()) */
  pending: number;
}

interface Group {
  total: number;
  next: number;
  /** 6-bit values so far */
  sb: Uint8Array;
  len: number;
  time: number;
  /** tag block `s:` of the first fragment */
  station: string | undefined;
  /** absolute byte offset of the first fragment's line (see safeOffset) */
  firstOffset: number;
  firstLine: number;
  lineCount: number;
  raw: string[] | null;
}

const MAX_SIXBITS = 1024;
/** zeroed 6-bit values after a payload (covers the longest optional tail read) */
const PAD = 8;
const NO_TIME = -1;

/**
 * Streaming decoder. `AisStream` emits message objects; `AisJsonStream` emits gpsd-style JSON text.
 */
export class AisStream<T = Decoded> {
  readonly stats: StreamStats = { lines: 0, ok: 0, messages: 0, rejects: {}, other: {}, pending: 0 };
  private readonly dec: PayloadDecoder;
  protected get decoder(): PayloadDecoder {
    return this.dec;
  }
  private readonly types: ReadonlySet<number> | null;
  private readonly onReject: ((line: string, reason: string) => void) | undefined;
  private readonly strict: boolean;
  private readonly maxPending: number;
  private readonly isoTimes: boolean;
  private readonly sb = new Uint8Array(MAX_SIXBITS + PAD);
  /** first fragment of a multipart group, before it is known to be valid */
  private readonly scratch = new Uint8Array(MAX_SIXBITS + PAD);
  private readonly groups = new Map<string | number, Group>();
  /** 6-bit buffers of finished groups, reused: allocating a typed array per group costs more than framing a line */
  private readonly freeBufs: Uint8Array[] = [];
  private rest: Buffer | null = null;
  /** time from a `$PGHP` line or a bare tag block, for the next sentence */
  private pendingTime = NO_TIME;
  private lastMs = NaN;
  private lastIso = '';
  /** bytes pushed so far, and the absolute offset of the buffer being scanned */
  private pushed = 0;
  private base = 0;
  /** receive time (epoch ms, -1 when none) of the message being emitted: for record readers */
  currentTime = -1;
  /** 1-based line of the message being emitted (its first sentence's): for record readers */
  currentLine = 0;

  /** decode one payload to the emitted form (object or JSON text) */
  protected decodeOne: (sb: Uint8Array, nbits: number, rxtime?: string, station?: string) => T | null;

  constructor(opts: StreamOptions = {}) {
    this.dec = new PayloadDecoder(opts);
    const dec = this.dec;
    this.decodeOne = ((sb: Uint8Array, nbits: number, rxtime?: string, station?: string) => {
      const m = dec.tryDecode(sb, nbits, rxtime);
      // the receiving station named by the tag block (`s:`), as libais's tagblock_station
      if (m && station !== undefined) m.station = station;
      return m;
    }) as unknown as (sb: Uint8Array, nbits: number, rxtime?: string, station?: string) => T | null;
    this.types = opts.types ?? null;
    this.onReject = opts.onReject;
    this.strict = opts.strict ?? false;
    this.maxPending = opts.maxPendingLines ?? 200;
    this.isoTimes = opts.isoTimes ?? true;
  }

  /** Feeds a chunk of bytes; complete lines are processed, a trailing partial line is kept. */
  push(chunk: Uint8Array, emit: Emit<T>): void {
    let buf: Uint8Array = chunk;
    this.base = this.pushed;
    this.pushed += chunk.length;
    if (this.rest) {
      this.base -= this.rest.length;
      buf = Buffer.concat([this.rest, chunk]);
      this.rest = null;
    }
    let s = 0;
    const n = buf.length;
    while (s < n) {
      const nl = buf.indexOf(10, s);
      if (nl < 0) {
        this.rest = Buffer.from(buf.subarray(s));
        return;
      }
      this.line(buf, s, nl, emit);
      s = nl + 1;
    }
  }

  /**
   * Byte offset from which a restarted reader loses nothing: the start of the oldest
   * incomplete multipart group, else the end of the last complete line.
   */
  safeOffset(): number {
    let off = this.pushed - (this.rest ? this.rest.length : 0);
    for (const g of this.groups.values()) if (g.firstOffset < off) off = g.firstOffset;
    return off;
  }

  /** Lines before safeOffset(): where a reader restarted there resumes its line count. */
  safeLine(): number {
    let lines = this.stats.lines;
    for (const g of this.groups.values()) if (g.firstLine - 1 < lines) lines = g.firstLine - 1;
    return lines;
  }

  /** Processes a trailing line without newline and drops incomplete groups (`missing_fragment`). */
  end(emit: Emit<T>): void {
    if (this.rest) {
      const r = this.rest;
      this.rest = null;
      this.base = this.pushed - r.length;
      this.line(r, 0, r.length, emit);
    }
    for (const [k, g] of this.groups) this.dropGroup(k, g, 'missing_fragment');
  }

  /** Decodes every line of `text` (convenience for tests and small inputs). */
  decodeAll(input: string | Uint8Array): T[] {
    const out: T[] = [];
    const emit: Emit<T> = (m) => out.push(m);
    this.push(typeof input === 'string' ? Buffer.from(input, 'latin1') : input, emit);
    this.end(emit);
    return out;
  }

  private other(kind: string): void {
    this.stats.other[kind] = (this.stats.other[kind] ?? 0) + 1;
  }

  private reject(reason: string, buf: Uint8Array, s: number, e: number): void {
    this.stats.rejects[reason] = (this.stats.rejects[reason] ?? 0) + 1;
    if (this.strict || this.onReject) {
      const line = Buffer.from(buf.buffer, buf.byteOffset + s, e - s).toString('latin1');
      if (this.strict) throw new NmeaError(reason, `${reason}: ${line}`);
      this.onReject!(line, reason);
    }
  }

  private dropGroup(key: string | number, g: Group, reason: string): void {
    this.groups.delete(key);
    this.release(g);
    this.stats.pending -= g.lineCount;
    this.stats.rejects[reason] = (this.stats.rejects[reason] ?? 0) + g.lineCount;
    if (this.strict) throw new NmeaError(reason, `${reason}: incomplete multipart group of ${g.total}`);
    if (this.onReject && g.raw) for (const l of g.raw) this.onReject(l, reason);
  }

  private release(g: Group): void {
    if (this.freeBufs.length < 64) this.freeBufs.push(g.sb);
  }

  private iso(ms: number): string | undefined {
    if (ms === NO_TIME || !this.isoTimes) return undefined;
    if (ms !== this.lastMs) {
      const d = new Date(ms);
      if (Number.isNaN(d.getTime())) return undefined;
      this.lastMs = ms;
      this.lastIso = d.toISOString();
    }
    return this.lastIso;
  }

  private line(buf: Uint8Array, s0: number, e0: number, emit: Emit<T>): void {
    if ((++this.stats.lines & 1023) === 0 && this.groups.size > 0) this.expire();
    let s = s0;
    let e = e0;
    while (e > s && buf[e - 1]! <= 32) e--;
    while (s < e && buf[s]! <= 32) s++;
    if (s >= e) return this.other('blank');
    const c0 = buf[s]!;
    if (c0 === 35 /* # */) return this.other('comment');
    let tag: TagBlock | null = null;
    let p = s;
    let prefixTime = NO_TIME;
    if (c0 !== 33 /* ! */ && c0 !== 36 /* $ */) {
      // tag block, or a prefix (timestamp, log decoration) before the sentence
      let k = s;
      while (k < e && buf[k] !== 33 && buf[k] !== 92 /* \ */ && buf[k] !== 36) k++;
      if (k >= e) return this.reject('not_nmea', buf, s0, e0);
      if (k > s) prefixTime = parsePrefixTime(buf, s, k);
      if (buf[k] === 92) {
        const close = buf.indexOf(92, k + 1);
        if (close < 0 || close > e) return this.reject('bad_tagblock', buf, s0, e0);
        tag = parseTagBlock(buf, k + 1, close);
        if (!tag) return this.reject('bad_tagblock', buf, s0, e0);
        p = close + 1;
        if (p >= e) {
          if (tag.time !== undefined) this.pendingTime = tag.time;
          return this.other('tagblock');
        }
      } else p = k;
    }
    const start = buf[p];
    if (start !== 33 && start !== 36) return this.reject('not_nmea', buf, s0, e0);
    // sentence formatter: 2-char talker + VDM/VDO
    const isVdm = e - p > 7 && buf[p + 3] === 86 && buf[p + 4] === 68 && (buf[p + 5] === 77 || buf[p + 5] === 79) && buf[p + 6] === 44;
    if (!isVdm) {
      if (start === 36 && buf[p + 1] === 80 && buf[p + 2] === 71 && buf[p + 3] === 72 && buf[p + 4] === 80) {
        const t = parsePghp(buf, p, e);
        if (t !== NO_TIME) this.pendingTime = t;
        return this.other('time');
      }
      return this.other('nmea');
    }
    // One pass: header fields, then the payload unarmoured straight into its target buffer
    // while the checksum accumulates; nothing is committed until the checksum holds.
    let cs = buf[p + 1]! ^ buf[p + 2]! ^ buf[p + 3]! ^ buf[p + 4]! ^ buf[p + 5]! ^ 44;
    let f = p + 7;
    const cTotal = buf[f]!;
    const cNum = buf[f + 2]!;
    const total = cTotal - 48;
    const num = cNum - 48;
    if (total < 1 || total > 9 || num < 1 || num > total || buf[f + 1] !== 44 || buf[f + 3] !== 44) {
      return this.reject(this.hasStar(buf, p, e) ? 'bad_format' : 'no_checksum', buf, s0, e0);
    }
    cs ^= cTotal ^ cNum;
    f += 4;
    const seqStart = f;
    while (f < e && buf[f] !== 44) cs ^= buf[f++]!;
    const seqLen = f - seqStart;
    if (f >= e || seqLen > 2) return this.reject(this.hasStar(buf, p, e) ? 'bad_format' : 'no_checksum', buf, s0, e0);
    f++;
    let chan = 0;
    if (buf[f] !== 44) {
      chan = buf[f]!;
      cs ^= chan;
      f++;
    }
    if (buf[f] !== 44) return this.reject(this.hasStar(buf, p, e) ? 'bad_format' : 'no_checksum', buf, s0, e0);
    f++;
    // target: the shared buffer for single-sentence messages, the group's for fragments
    let key: string | number = 0;
    let g: Group | undefined;
    let out: Uint8Array = this.sb;
    let at = 0;
    if (total > 1) {
      // sequence id (0-2 bytes) and channel as one number; tag-block groups by their id
      key = tag?.group ? `g${tag.group.id}` : (((seqLen ? buf[seqStart]! : 0) << 16) | ((seqLen > 1 ? buf[seqStart + 1]! : 0) << 8) | chan);
      g = this.groups.get(key);
      if (g && num > 1) {
        out = g.sb;
        at = g.len;
      } else out = this.scratch;
    }
    // payload up to the next comma, unarmoured while the checksum accumulates; a payload too
    // long for the buffer is read on (for the checksum) and marked bad
    const room = out.length - PAD - at;
    const lim = e - f > room ? f + room : e;
    let bad = 0;
    for (; f < lim; f++) {
      const c = buf[f]!;
      if (c === 44) break;
      cs ^= c;
      const v = ARMOUR[c]!;
      bad |= v;
      out[at++] = v;
    }
    // ARMOUR marks non-armour bytes 255: any of them sets the high bits
    let badArmour = (bad & 0xc0) !== 0;
    if (f === lim && lim < e && buf[f] !== 44) {
      badArmour = true;
      while (f < e && buf[f] !== 44) cs ^= buf[f++]!;
    }
    if (f + 3 >= e || buf[f + 2] !== 42) {
      return this.reject(this.hasStar(buf, p, e) ? (f + 3 >= e ? 'truncated' : 'bad_format') : 'no_checksum', buf, s0, e0);
    }
    const cFill = buf[f + 1]!;
    cs ^= 44 ^ cFill;
    const h1 = hexVal(buf[f + 3]!);
    const h2 = f + 4 < e ? hexVal(buf[f + 4]!) : -1;
    if (h1 < 0 || h2 < 0) return this.reject('bad_format', buf, s0, e0);
    if (h1 * 16 + h2 !== cs) return this.reject('checksum', buf, s0, e0);
    const fill = cFill - 48;
    if (fill < 0 || fill > 5) return this.reject('bad_format', buf, s0, e0);
    if (badArmour) {
      if (g && num > 1) this.dropGroup(key, g, 'missing_fragment');
      return this.reject('bad_armour', buf, s0, e0);
    }
    const star = f + 2;
    // receive time: tag block c:, trailing field, prefix, or the last $PGHP / bare tag block
    let time = tag?.time ?? NO_TIME;
    if (time === NO_TIME && star + 3 < e) time = parseSuffixTime(buf, star + 3, e);
    if (time === NO_TIME) time = prefixTime;
    if (time === NO_TIME) time = this.pendingTime;
    this.pendingTime = NO_TIME;

    if (total === 1) return this.finish(this.sb, at * 6 - fill, time, tag?.source, 1, emit, buf, s0, e0);
    // multipart
    if (num === 1) {
      if (g) this.dropGroup(key, g, 'missing_fragment');
      g = { total, next: 1, sb: this.freeBufs.pop() ?? new Uint8Array(MAX_SIXBITS + PAD), len: 0, time, station: tag?.source, firstOffset: this.base + s0, firstLine: this.stats.lines, lineCount: 0, raw: this.onReject ? [] : null };
      const gsb = g.sb;
      const scratch = this.scratch;
      for (let k = 0; k < at; k++) gsb[k] = scratch[k]!;
      this.groups.set(key, g);
      if (this.groups.size > 64) this.expire();
    } else if (g && this.stats.lines - g.firstLine > this.maxPending) {
      // the group waited too long: its fragments are stale, and so is this one
      this.dropGroup(key, g, 'missing_fragment');
      return this.reject('missing_fragment', buf, s0, e0);
    } else if (!g || g.next !== num || g.total !== total) {
      if (g) this.dropGroup(key, g, 'missing_fragment');
      return this.reject('missing_fragment', buf, s0, e0);
    }
    g.len = at;
    g.next++;
    g.lineCount++;
    this.stats.pending++;
    if (g.raw) g.raw.push(Buffer.from(buf.buffer, buf.byteOffset + s0, e0 - s0).toString('latin1'));
    if (num < total) return;
    this.groups.delete(key);
    this.stats.pending -= g.lineCount;
    this.finish(g.sb, g.len * 6 - fill, g.time, g.station, g.lineCount, emit, buf, s0, e0, g);
    this.release(g);
  }

  /** Whether a '*' follows p on the line (tells 'no_checksum' from malformed fields). */
  private hasStar(buf: Uint8Array, p: number, e: number): boolean {
    for (let i = p; i < e; i++) if (buf[i] === 42) return true;
    return false;
  }

  /** Drops groups that waited more than maxPendingLines lines. */
  private expire(): void {
    const limit = this.stats.lines - this.maxPending;
    for (const [k, g] of this.groups) if (g.firstLine < limit) this.dropGroup(k, g, 'missing_fragment');
  }

  private finish(sb: Uint8Array, nbits: number, time: number, station: string | undefined, lines: number, emit: Emit<T>, buf: Uint8Array, s0: number, e0: number, g?: Group): void {
    // gpsd reads short messages' missing bits as zeros: clear what follows the payload
    const used = Math.ceil(nbits / 6);
    for (let k = used; k < used + PAD; k++) sb[k] = 0;
    if (this.types && !this.types.has(sb[0]!)) {
      this.stats.ok += lines;
      return;
    }
    this.currentTime = time;
    this.currentLine = g ? g.firstLine : this.stats.lines;
    const msg = this.decodeOne(sb, nbits, this.iso(time), station);
    if (msg === null && this.dec.reason) {
      const reason = this.dec.reason;
      if (this.strict) throw new NmeaError(reason, this.dec.detail);
      this.stats.rejects[reason] = (this.stats.rejects[reason] ?? 0) + lines;
      if (this.onReject) {
        if (g?.raw) for (const l of g.raw) this.onReject(l, reason);
        else this.onReject(Buffer.from(buf.buffer, buf.byteOffset + s0, e0 - s0).toString('latin1'), reason);
      }
      return;
    }
    this.stats.ok += lines;
    if (msg) {
      this.stats.messages++;
      emit(msg);
    }
  }
}

/** Trailing `,1327992119173` (ms) or USCG `,...,r003669946,1325394060` (s): first 10/13-digit integer field. */
function parseSuffixTime(buf: Uint8Array, from: number, to: number): number {
  let i = from;
  while (i < to) {
    if (buf[i] !== 44) return NO_TIME;
    let j = i + 1;
    let v = 0;
    while (j < to && buf[j]! >= 48 && buf[j]! <= 57) v = v * 10 + (buf[j++]! - 48);
    const digits = j - i - 1;
    if ((j === to || buf[j] === 44) && (digits === 10 || digits === 13)) return digits === 10 ? v * 1000 : v;
    while (j < to && buf[j] !== 44) j++;
    i = j;
  }
  return NO_TIME;
}

/** `$PGHP,1,yyyy,m,d,h,mi,s,ms,...` (Gatehouse) -> epoch ms */
function parsePghp(buf: Uint8Array, p: number, e: number): number {
  const parts = Buffer.from(buf.buffer, buf.byteOffset + p, e - p).toString('latin1').split(',');
  if (parts.length < 9 || parts[1] !== '1') return NO_TIME;
  const n = parts.slice(2, 9).map(Number);
  if (n.some((v) => !Number.isFinite(v))) return NO_TIME;
  const t = Date.UTC(n[0]!, n[1]! - 1, n[2]!, n[3]!, n[4]!, n[5]!, n[6]!);
  return Number.isNaN(t) ? NO_TIME : t;
}

/** A timestamp before the sentence: epoch seconds/ms or an ISO-like date-time. */
function parsePrefixTime(buf: Uint8Array, from: number, to: number): number {
  const s = Buffer.from(buf.buffer, buf.byteOffset + from, to - from).toString('latin1').trim().replace(/[;,:|\s]+$/, '');
  if (/^\d{10}(\.\d+)?$/.test(s)) return Math.round(Number(s) * 1000);
  if (/^\d{13}$/.test(s)) return Number(s);
  const m = /^(\d{4})[-/](\d\d)[-/](\d\d)[T ](\d\d):(\d\d):(\d\d)(\.\d+)?(Z|[+-]00:?00| UTC)?$/.exec(s);
  if (m) {
    const ms = m[7] ? Math.round(Number(m[7]) * 1000) : 0;
    return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]), ms);
  }
  return NO_TIME;
}

/**
 * Streaming decoder writing gpsd-style JSON lines as bytes (the `decode` command's fast
 * path): after each `push`, `take()` returns the bytes produced so far.
 */
export class AisJsonStream extends AisStream<number> {
  private readonly sink: ByteSink = { buf: new Uint8Array(1 << 20), pos: 0 };

  constructor(opts: StreamOptions = {}) {
    super(opts);
    const dec = this.decoder;
    const sink = this.sink;
    this.decodeOne = (sb, nbits, rxtime, station) => (dec.writeJson(sb, nbits, rxtime, sink, station) ? 1 : null);
  }

  /**
   * The JSON lines written since the last call. The buffer is handed over; `next` (e.g. one
   * the output stream has finished with) becomes the new one, else a new one is allocated.
   */
  take(next?: Uint8Array): Buffer {
    const out = Buffer.from(this.sink.buf.buffer, this.sink.buf.byteOffset, this.sink.pos);
    this.sink.buf = next && next.length >= this.sink.buf.length ? next : new Uint8Array(Math.max(1 << 20, this.sink.buf.length));
    this.sink.pos = 0;
    return out;
  }

  /** Decodes all of `input` and returns the JSON lines as strings (tests, small inputs). */
  decodeAllText(input: string | Uint8Array): string[] {
    this.decodeAll(input);
    return this.take().toString('latin1').split('\n').filter((l) => l !== '');
  }
}

/**
 * Strict decoding of one message given as its sentence line(s): throws NmeaError (code = the
 * reject reason) on any fault, including an incomplete multipart group.
 */
export function decodeSentence(lines: string | readonly string[], opts: DecodeOptions = {}): Decoded {
  const s = new AisStream({ ...opts, split24: opts.split24 ?? true, strict: true });
  const text = typeof lines === 'string' ? lines : lines.join('\n');
  const out = s.decodeAll(text);
  if (out.length !== 1) throw new NmeaError('no_message', `expected one AIS message, got ${out.length}`);
  return out[0]!;
}
