/**
 * NMEA 4.0 tag blocks: `\c:1418169601,s:rORBCOMM008,g:1-2-1604*37\` before a sentence.
 * `c:` is the receive time in Unix seconds (or milliseconds when 13 digits), `s:` the source
 * station, `g:` (or `G:`) the sentence group `n-total-id` used to reassemble multipart messages.
 * Parsed on bytes (every line of a tagged feed has one): numbers without strings, and the
 * station string reused while it repeats.
 */
export interface TagBlock {
  /** receive time, epoch ms */
  time?: number;
  source?: string;
  group?: { num: number; total: number; id: string };
  /** `T:` relative/human time as sent, `q:` quality, `n:` line count... kept as strings */
  other?: Record<string, string>;
}

let lastSource = '';
let lastSourceBytes = new Uint8Array(0);

function latin1(buf: Uint8Array, from: number, to: number): string {
  return Buffer.from(buf.buffer, buf.byteOffset + from, to - from).toString('latin1');
}

/** The station string for buf[from..to), reusing the previous one when the bytes repeat. */
function station(buf: Uint8Array, from: number, to: number): string {
  const n = to - from;
  if (n === lastSourceBytes.length) {
    let same = true;
    for (let i = 0; i < n; i++) {
      if (buf[from + i] !== lastSourceBytes[i]) {
        same = false;
        break;
      }
    }
    if (same) return lastSource;
  }
  lastSourceBytes = buf.slice(from, to);
  lastSource = latin1(buf, from, to);
  return lastSource;
}

/** `c:` value: digits with an optional fraction; seconds, or ms when 13+ integer digits. */
function parseTime(buf: Uint8Array, from: number, to: number): number {
  let v = 0;
  let i = from;
  while (i < to && buf[i]! >= 48 && buf[i]! <= 57) v = v * 10 + (buf[i++]! - 48);
  const intDigits = i - from;
  if (intDigits === 0 || intDigits > 13) return NaN;
  let frac = 0;
  let scale = 1;
  if (i < to && buf[i] === 46) {
    i++;
    while (i < to && buf[i]! >= 48 && buf[i]! <= 57) {
      frac = frac * 10 + (buf[i++]! - 48);
      scale *= 10;
    }
  }
  if (i !== to) return NaN;
  if (intDigits >= 13 && scale === 1) return v;
  return Math.round((v + frac / scale) * 1000);
}

/**
 * Parses the content between the backslashes (`buf[from..to)`, without them). Returns null
 * when the checksum is present and wrong or the content is not key:value pairs.
 */
export function parseTagBlock(buf: Uint8Array, from: number, to: number): TagBlock | null {
  let end = to;
  // optional *hh checksum over the content before '*'
  if (end - from >= 3 && buf[end - 3] === 42) {
    let cs = 0;
    for (let i = from; i < end - 3; i++) cs ^= buf[i]!;
    const want = hexVal(buf[end - 2]!) * 16 + hexVal(buf[end - 1]!);
    if (want < 0 || want !== cs) return null;
    end -= 3;
  }
  const tb: TagBlock = {};
  let i = from;
  while (i < end) {
    // keys are one letter in NMEA 4.0; some networks use longer ones (DMA writes `si:`)
    const k0 = i;
    while (i < end && buf[i] !== 58 && buf[i] !== 44) i++;
    if (i >= end || buf[i] !== 58 || i === k0 || i - k0 > 8) {
      if (i === k0 && buf[i] === 44) {
        i++;
        continue;
      }
      return null;
    }
    const keyLen = i - k0;
    const key = buf[k0]!;
    const v0 = ++i;
    while (i < end && buf[i] !== 44) i++;
    const v1 = i;
    i++;
    if (keyLen === 1 && key === 99 /* c */) {
      const t = parseTime(buf, v0, v1);
      if (Number.isNaN(t)) return null;
      tb.time = t;
    } else if (keyLen === 1 && key === 115 /* s */) {
      tb.source = station(buf, v0, v1);
    } else if (keyLen === 1 && (key === 103 || key === 71) /* g G */) {
      const m = /^(\d+)-(\d+)-(\w+)$/.exec(latin1(buf, v0, v1));
      if (!m) return null;
      tb.group = { num: Number(m[1]), total: Number(m[2]), id: m[3]! };
    } else {
      (tb.other ??= {})[latin1(buf, k0, k0 + keyLen)] = latin1(buf, v0, v1);
    }
  }
  return tb;
}

export function hexVal(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 65 && c <= 70) return c - 55;
  if (c >= 97 && c <= 102) return c - 87;
  return -1;
}
