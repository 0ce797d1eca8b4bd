/**
 * Whole-file reading for sanctions lists and CSV inputs, synchronous (the lists are read once,
 * before screening). Compression is told by src/sources/compression.ts, the sniffer every
 * input shares: gzip is read here; a list compressed otherwise is refused with the command
 * that decompresses it. Streamed lists (FollowTheMoney JSON lines) open through src/sources,
 * which also reads zstd and zip.
 */
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { constants, gunzipSync } from 'node:zlib';
import { SourceError } from '../errors.js';
import { decompressHint, sniffCompression } from '../sources/compression.js';

/** gzip: true; plain: false; anything else is refused. */
function isGzip(file: string, head: Uint8Array): boolean {
  const kind = sniffCompression(head);
  if (kind === 'none') return false;
  if (kind === 'gzip') return true;
  throw new SourceError('unsupported_compression', `${file}: ${kind}-compressed; decompress it first (${decompressHint(kind)})`);
}

/** The whole file as text, gunzipped when it is gzip. */
export function readText(file: string, encoding: BufferEncoding = 'utf8'): string {
  const buf = readFileSync(file);
  return (isGzip(file, buf) ? gunzipSync(buf) : buf).toString(encoding);
}

/** Up to `bytes` bytes from the start of the (decompressed) file, for format sniffing. */
export function readHead(file: string, bytes = 4096): Buffer {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    const n = readSync(fd, buf, 0, bytes, 0);
    const head = buf.subarray(0, n);
    if (!isGzip(file, head)) return head;
    // a truncated gzip member: flush what inflates so far
    return gunzipSync(head, { finishFlush: constants.Z_SYNC_FLUSH }).subarray(0, bytes);
  } finally {
    closeSync(fd);
  }
}
