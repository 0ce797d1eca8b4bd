/**
 * Split decompressed bytes into lines, a block per input chunk (~1 MiB), keeping the exact
 * byte offset of each block's end so an ingest can record how far it got. Hand-written because
 * it is the hot path of every text reader: one utf8 decode and one split per chunk.
 */
import { SourceError } from '../errors.js';
import type { ByteSource } from './types.js';

export interface LineBlock {
  /** lines without their '\n' / '\r\n' */
  lines: string[];
  /** 1-based number of lines[0] */
  firstLineNo: number;
  /** decompressed bytes consumed through the end of the last line */
  endByte: number;
}

/** Longest line accepted; anything longer is not a text format darkfleet reads. */
export const MAX_LINE_BYTES = 16 << 20;

function asBuffer(c: Uint8Array): Buffer {
  return Buffer.isBuffer(c) ? c : Buffer.from(c.buffer, c.byteOffset, c.length);
}

function toLines(text: string): string[] {
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i] as string;
    if (l.length && l.charCodeAt(l.length - 1) === 13) lines[i] = l.slice(0, -1);
  }
  return lines;
}

export async function* readLineBlocks(src: ByteSource): AsyncGenerator<LineBlock> {
  let carry: Buffer | undefined;
  let lineNo = 1;
  let consumed = 0;
  let first = true;
  for await (const chunk of src.chunks()) {
    let buf = asBuffer(chunk);
    if (carry) buf = Buffer.concat([carry, buf]);
    const nl = buf.lastIndexOf(10);
    if (nl < 0) {
      if (buf.length > MAX_LINE_BYTES) {
        throw new SourceError('line_too_long', `${src.name}: line ${lineNo} is longer than ${MAX_LINE_BYTES >> 20} MiB: not a text file darkfleet reads`);
      }
      carry = buf;
      continue;
    }
    let text = buf.toString('utf8', 0, nl);
    if (first) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      first = false;
    }
    const lines = toLines(text);
    consumed += nl + 1;
    yield { lines, firstLineNo: lineNo, endByte: consumed };
    lineNo += lines.length;
    carry = nl + 1 < buf.length ? buf.subarray(nl + 1) : undefined;
  }
  if (carry && carry.length) {
    let text = carry.toString('utf8');
    if (first && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    consumed += carry.length;
    yield { lines: toLines(text), firstLineNo: lineNo, endByte: consumed };
  }
}
