/**
 * NMEA 4.0 tag blocks: `\c:1418169601,s:rORBCOMM008,g:1-2-1604*37\` before a sentence.
 * `c:` is the receive time in Unix seconds (or milliseconds when 13 digits), `s:` the source
 * station, `g:` (or `G:`) the sentence group `n-total-id` used to reassemble multipart messages.
 */
export interface TagBlock {
  /** receive time, epoch ms */
  time?: number;
  source?: string;
  group?: { num: number; total: number; id: string };
  /** `T:` relative/human time as sent, `q:` quality, `n:` line count... kept as strings */
  other?: Record<string, string>;
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
  const s = Buffer.from(buf.buffer, buf.byteOffset + from, end - from).toString('latin1');
  const tb: TagBlock = {};
  for (const part of s.split(',')) {
    if (part === '') continue;
    // keys are one letter in NMEA 4.0; some networks use longer ones (DMA writes `si:`)
    const colon = part.indexOf(':');
    if (colon < 1 || colon > 8) return null;
    const key = part.slice(0, colon);
    const val = part.slice(colon + 1);
    switch (key) {
      case 'c': {
        if (!/^\d{1,13}(\.\d+)?$/.test(val)) return null;
        const n = Number(val);
        tb.time = val.length >= 13 && !val.includes('.') ? n : Math.round(n * 1000);
        break;
      }
      case 's':
        tb.source = val;
        break;
      case 'g':
      case 'G': {
        const m = /^(\d+)-(\d+)-(\w+)$/.exec(val);
        if (!m) return null;
        tb.group = { num: Number(m[1]), total: Number(m[2]), id: m[3]! };
        break;
      }
      default:
        (tb.other ??= {})[key] = val;
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
