/**
 * AIS encoder driven by the same field tables as the decoder (./messages.ts). Takes raw
 * (unscaled, gpsd `-u`) values, as `new PayloadDecoder({ raw: true })` returns them, and
 * produces armoured payloads and `!AIVDM` sentences. Used by round-trip tests and the simulator.
 */
import { ARMOUR_CHARS, putUint, putText } from './bits.js';
import { encodeFields, tableBits, type Decoded, type TableDef } from './fields.js';
import * as M from './messages.js';
import { isAuxiliaryMmsi } from './decode.js';
import { NmeaError } from '../errors.js';

const TABLES: Record<number, TableDef> = {
  1: M.POSITION_A, 2: M.POSITION_A, 3: M.POSITION_A, 4: M.BASE_STATION, 11: M.BASE_STATION, 5: M.STATIC_VOYAGE,
  7: M.ACK, 13: M.ACK, 9: M.SAR_AIRCRAFT, 10: M.UTC_INQUIRY, 15: M.INTERROGATION, 16: M.ASSIGNMENT, 18: M.POSITION_B,
  19: M.POSITION_B_EXTENDED, 20: M.DATALINK, 21: M.ATON, 23: M.GROUP_ASSIGNMENT, 27: M.LONG_RANGE,
};

function hexToBits(sb: Uint8Array, start: number, data: string): number {
  const m = /^(\d+):([0-9a-f]*)$/.exec(data);
  if (!m) throw new NmeaError('bad_value', `data must be "<bits>:<hex>", got ${JSON.stringify(data)}`);
  const nbits = Number(m[1]);
  const hex = m[2]!;
  for (let k = 0; k < nbits; k += 8) {
    const byte = parseInt(hex.slice(k / 4, k / 4 + 2) || '0', 16);
    const take = Math.min(8, nbits - k);
    putUint(sb, start + k, take, byte >>> (8 - take));
  }
  return start + nbits;
}

/** Encodes a raw message object into 6-bit values; returns the bit length. */
export function encodeBits(msg: Decoded, sb: Uint8Array): number {
  const type = Number(msg.type);
  putUint(sb, 0, 6, type);
  putUint(sb, 6, 2, Number(msg.repeat ?? 0));
  putUint(sb, 8, 30, Number(msg.mmsi));
  const simple = TABLES[type];
  if (simple) {
    let end = encodeFields(simple, msg, sb);
    if (type === 21 && typeof msg.name === 'string' && msg.name.length > 20) {
      const ext = msg.name.slice(20);
      putText(sb, 272, ext.length, ext);
      end = 272 + ext.length * 6;
    }
    if (type === 5 && msg.dte === undefined) end = 420;
    return end;
  }
  switch (type) {
    case 6:
      return hexToBits(sb, encodeFields(M.BINARY_ADDRESSED_HEADER, msg, sb), String(msg.data ?? '0:'));
    case 8:
      return hexToBits(sb, encodeFields(M.BINARY_BROADCAST_HEADER, msg, sb), String(msg.data ?? '0:'));
    case 12:
    case 14: {
      let pos = 38;
      if (type === 12) {
        putUint(sb, 38, 2, Number(msg.seqno ?? 0));
        putUint(sb, 40, 30, Number(msg.dest_mmsi ?? 0));
        putUint(sb, 70, 2, msg.retransmit ? 2 : 0);
        pos = 72;
      } else {
        putUint(sb, 38, 2, 0);
        pos = 40;
      }
      const s = String(msg.text ?? '');
      putText(sb, pos, s.length, s);
      return pos + 6 * s.length;
    }
    case 17:
      return hexToBits(sb, encodeFields(M.DGNSS_HEADER, msg, sb), String(msg.data ?? '0:'));
    case 22:
      putUint(sb, 38, 2, 0);
      return encodeFields(msg.addressed ? M.CHANNEL_ADDRESSED : M.CHANNEL_AREA, msg, sb);
    case 24: {
      const part = msg.part === 'B' || msg.partno === 1 ? 1 : 0;
      if (part === 0) return encodeFields(M.STATIC_B_PART_A, { ...msg, partno: 0 }, sb);
      const end = encodeFields(isAuxiliaryMmsi(Number(msg.mmsi)) ? M.STATIC_B_PART_B_AUX : M.STATIC_B_PART_B, { ...msg, partno: 1 }, sb);
      return end;
    }
    case 25:
    case 26: {
      putUint(sb, 38, 1, msg.addressed ? 1 : 0);
      putUint(sb, 39, 1, msg.structured ? 1 : 0);
      let pos = 40;
      if (msg.addressed) {
        putUint(sb, 40, 30, Number(msg.dest_mmsi ?? 0));
        pos = 70;
      }
      if (msg.structured) {
        putUint(sb, pos, 16, Number(msg.app_id ?? 0));
        pos += 16;
      }
      pos = hexToBits(sb, pos, String(msg.data ?? '0:'));
      if (type === 26) {
        putUint(sb, pos, 20, Number(msg.radio ?? 0));
        pos += 20;
      }
      return pos;
    }
  }
  throw new NmeaError('unsupported_type', `cannot encode message type ${type}`);
}

/** Armoured payload and fill bits for a raw message. */
export function encodePayload(msg: Decoded): { payload: string; fill: number } {
  const sb = new Uint8Array(200);
  const nbits = encodeBits(msg, sb);
  const chars = Math.ceil(nbits / 6);
  let payload = '';
  for (let k = 0; k < chars; k++) payload += ARMOUR_CHARS[sb[k]!];
  return { payload, fill: chars * 6 - nbits };
}

export function checksum(body: string): string {
  let cs = 0;
  for (let k = 0; k < body.length; k++) cs ^= body.charCodeAt(k);
  return cs.toString(16).toUpperCase().padStart(2, '0');
}

export interface SentenceOptions {
  talker?: string;
  channel?: string;
  /** sequence id for multipart messages (0-9) */
  seqId?: number;
  /** receive time (epoch ms): written as an NMEA 4.0 tag block `c:` (seconds) */
  time?: number;
  /** tag block source `s:` */
  source?: string;
  /** maximum payload characters per sentence (NMEA 82-char limit: 60) */
  maxChars?: number;
}

/** Complete `!AIVDM` sentences (split into fragments as needed) for a raw message. */
export function encodeSentences(msg: Decoded, opts: SentenceOptions = {}): string[] {
  const { payload, fill } = encodePayload(msg);
  const max = opts.maxChars ?? 60;
  const parts: string[] = [];
  for (let k = 0; k < payload.length; k += max) parts.push(payload.slice(k, k + max));
  if (parts.length === 0) parts.push('');
  const total = parts.length;
  const seq = total > 1 ? String(opts.seqId ?? 0) : '';
  const talker = opts.talker ?? 'AIVDM';
  const chan = opts.channel ?? 'A';
  return parts.map((p, k) => {
    const body = `${talker},${total},${k + 1},${seq},${chan},${p},${k === total - 1 ? fill : 0}`;
    const sentence = `!${body}*${checksum(body)}`;
    if (opts.time === undefined && opts.source === undefined) return sentence;
    const tags: string[] = [];
    if (total > 1) tags.push(`g:${k + 1}-${total}-${opts.seqId ?? 0}`);
    if (opts.source !== undefined) tags.push(`s:${opts.source}`);
    if (opts.time !== undefined) tags.push(`c:${Math.floor(opts.time / 1000)}`);
    const tb = tags.join(',');
    return `\\${tb}*${checksum(tb)}\\${sentence}`;
  });
}

/** Bits of a table-driven message type (for generators). */
export function bitsOfType(type: number): number | null {
  const t = TABLES[type];
  return t ? 38 + tableBits(t) : null;
}
