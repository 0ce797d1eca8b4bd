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
import type { Decoded } from './fields.js';
import { parseTagBlock, hexVal, type TagBlock } from './tagblock.js';
import { NmeaError } from '../errors.js';

export type Emit = (msg: Decoded) => void;

export interface StreamOptions extends DecodeOptions {
  /** only emit these message types */
  types?: ReadonlySet<number> | null;
  /** receives every rejected line with its reason (for `--reject-file`) */
  onReject?: (line: string, reason: string) => void;
  /** a multipart group still incomplete after this many further lines is dropped (`missing_fragment`) */
  maxPendingLines?: number;
  /** throw NmeaError on the first reject instead of counting it */
  strict?: boolean;
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
  firstLine: number;
  lineCount: number;
  raw: string[] | null;
}

const MAX_SIXBITS = 1024;
/** zeroed 6-bit values after a payload (covers the longest optional tail read) */
const PAD = 40;
const NO_TIME = -1;

export class AisStream {
  readonly stats: StreamStats = { lines: 0, ok: 0, messages: 0, rejects: {}, other: {}, pending: 0 };
  private readonly dec: PayloadDecoder;
  private readonly types: ReadonlySet<number> | null;
  private readonly onReject: ((line: string, reason: string) => void) | undefined;
  private readonly strict: boolean;
  private readonly maxPending: number;
  private readonly sb = new Uint8Array(MAX_SIXBITS + PAD);
  private readonly groups = new Map<string, Group>();
  private rest: Buffer | null = null;
  /** time from a `$PGHP` line or a bare tag block, for the next sentence */
  private pendingTime = NO_TIME;
  private lastMs = NaN;
  private lastIso = '';

  constructor(opts: StreamOptions = {}) {
    this.dec = new PayloadDecoder(opts);
    this.types = opts.types ?? null;
    this.onReject = opts.onReject;
    this.strict = opts.strict ?? false;
    this.maxPending = opts.maxPendingLines ?? 200;
  }

  /** Feeds a chunk of bytes; complete lines are processed, a trailing partial line is kept. */
  push(chunk: Uint8Array, emit: Emit): void {
    let buf: Uint8Array = chunk;
    if (this.rest) {
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

  /** Processes a trailing line without newline and drops incomplete groups (`missing_fragment`). */
  end(emit: Emit): void {
    if (this.rest) {
      const r = this.rest;
      this.rest = null;
      this.line(r, 0, r.length, emit);
    }
    for (const [k, g] of this.groups) this.dropGroup(k, g, 'missing_fragment');
  }

  /** Decodes every line of `text` (convenience for tests and small inputs). */
  decodeAll(input: string | Uint8Array): Decoded[] {
    const out: Decoded[] = [];
    const emit: Emit = (m) => out.push(m);
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

  private dropGroup(key: string, g: Group, reason: string): void {
    this.groups.delete(key);
    this.stats.pending -= g.lineCount;
    this.stats.rejects[reason] = (this.stats.rejects[reason] ?? 0) + g.lineCount;
    if (this.strict) throw new NmeaError(reason, `${reason}: incomplete multipart group of ${g.total}`);
    if (this.onReject && g.raw) for (const l of g.raw) this.onReject(l, reason);
  }

  private iso(ms: number): string | undefined {
    if (ms === NO_TIME) return undefined;
    if (ms !== this.lastMs) {
      const d = new Date(ms);
      if (Number.isNaN(d.getTime())) return undefined;
      this.lastMs = ms;
      this.lastIso = d.toISOString();
    }
    return this.lastIso;
  }

  private line(buf: Uint8Array, s0: number, e0: number, emit: Emit): void {
    this.stats.lines++;
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
    // checksum over the bytes between the start character and '*'
    let cs = 0;
    let q = p + 1;
    while (q < e && buf[q] !== 42) cs ^= buf[q++]!;
    if (q >= e) return this.reject('no_checksum', buf, s0, e0);
    if (q + 2 >= e) return this.reject('truncated', buf, s0, e0);
    const h1 = hexVal(buf[q + 1]!);
    const h2 = hexVal(buf[q + 2]!);
    if (h1 < 0 || h2 < 0) return this.reject('bad_format', buf, s0, e0);
    if (h1 * 16 + h2 !== cs) return this.reject('checksum', buf, s0, e0);
    const star = q;
    // fields: total,num,seqid,channel,payload,fill
    let f = p + 7;
    const total = buf[f]! - 48;
    if (total < 1 || total > 9 || buf[f + 1] !== 44) return this.reject('bad_format', buf, s0, e0);
    f += 2;
    const num = buf[f]! - 48;
    if (num < 1 || num > total || buf[f + 1] !== 44) return this.reject('bad_format', buf, s0, e0);
    f += 2;
    let seq = '';
    const seqStart = f;
    while (f < star && buf[f] !== 44) f++;
    if (f - seqStart > 0) {
      if (f - seqStart > 2) return this.reject('bad_format', buf, s0, e0);
      seq = String.fromCharCode(buf[seqStart]!, ...(f - seqStart > 1 ? [buf[seqStart + 1]!] : []));
    }
    f++;
    let chan = 0;
    if (buf[f] !== 44) {
      chan = buf[f]!;
      f++;
    }
    if (buf[f] !== 44) return this.reject('bad_format', buf, s0, e0);
    f++;
    const payStart = f;
    while (f < star && buf[f] !== 44) f++;
    const payEnd = f;
    if (buf[f] !== 44 || f + 2 !== star) return this.reject('bad_format', buf, s0, e0);
    const fill = buf[f + 1]! - 48;
    if (fill < 0 || fill > 5) return this.reject('bad_format', buf, s0, e0);
    // receive time: tag block c:, trailing field, prefix, or the last $PGHP / bare tag block
    let time = tag?.time ?? NO_TIME;
    if (time === NO_TIME && star + 3 < e) time = parseSuffixTime(buf, star + 3, e);
    if (time === NO_TIME) time = prefixTime;
    if (time === NO_TIME) time = this.pendingTime;
    this.pendingTime = NO_TIME;

    if (total === 1) {
      const len = unarmourInto(buf, payStart, payEnd, this.sb, 0);
      if (len < 0) return this.reject('bad_armour', buf, s0, e0);
      return this.finish(this.sb, len * 6 - fill, time, 1, emit, buf, s0, e0);
    }
    // multipart: key by tag-block group id when present, else by channel + sequence id
    const key = tag?.group ? `g${tag.group.id}` : `${seq}/${chan}`;
    let g = this.groups.get(key);
    if (num === 1) {
      if (g) this.dropGroup(key, g, 'missing_fragment');
      g = { total, next: 1, sb: new Uint8Array(MAX_SIXBITS + PAD), len: 0, time, firstLine: this.stats.lines, lineCount: 0, raw: this.onReject ? [] : null };
      this.groups.set(key, g);
      if (this.groups.size > 64) this.expire();
    } else if (!g || g.next !== num || g.total !== total) {
      if (g) this.dropGroup(key, g, 'missing_fragment');
      return this.reject('missing_fragment', buf, s0, e0);
    }
    const len = unarmourInto(buf, payStart, payEnd, g.sb, g.len);
    if (len < 0) {
      this.dropGroup(key, g, 'missing_fragment');
      return this.reject('bad_armour', buf, s0, e0);
    }
    g.len = len;
    g.next++;
    g.lineCount++;
    this.stats.pending++;
    if (g.raw) g.raw.push(Buffer.from(buf.buffer, buf.byteOffset + s0, e0 - s0).toString('latin1'));
    if (num < total) return;
    this.groups.delete(key);
    this.stats.pending -= g.lineCount;
    this.finish(g.sb, g.len * 6 - fill, g.time, g.lineCount, emit, buf, s0, e0, g);
  }

  /** Drops groups that waited more than maxPendingLines lines. */
  private expire(): void {
    const limit = this.stats.lines - this.maxPending;
    for (const [k, g] of this.groups) if (g.firstLine < limit) this.dropGroup(k, g, 'missing_fragment');
  }

  private finish(sb: Uint8Array, nbits: number, time: number, lines: number, emit: Emit, buf: Uint8Array, s0: number, e0: number, g?: Group): void {
    // gpsd reads short messages' missing bits as zeros: clear what follows the payload
    const used = Math.ceil(nbits / 6);
    sb.fill(0, used, used + PAD);
    if (this.types && !this.types.has(sb[0]!)) {
      this.stats.ok += lines;
      return;
    }
    let msg: Decoded | null;
    try {
      msg = this.dec.decode(sb, nbits, this.iso(time));
    } catch (err) {
      if (!(err instanceof NmeaError) || this.strict) throw err;
      this.stats.rejects[err.code] = (this.stats.rejects[err.code] ?? 0) + lines;
      if (this.onReject) {
        if (g?.raw) for (const l of g.raw) this.onReject(l, err.code);
        else this.onReject(Buffer.from(buf.buffer, buf.byteOffset + s0, e0 - s0).toString('latin1'), err.code);
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

function unarmourInto(buf: Uint8Array, from: number, to: number, out: Uint8Array, at: number): number {
  if (at + (to - from) > out.length - PAD) return -1;
  let j = at;
  for (let i = from; i < to; i++) {
    const v = ARMOUR[buf[i]!]!;
    if (v === 255) return -1;
    out[j++] = v;
  }
  return j;
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
