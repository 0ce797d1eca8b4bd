/**
 * File reading for list and CSV inputs: plain or gzip (told by its magic bytes, not the
 * name), as DESIGN.md asks of every FILE input.
 */
import { closeSync, createReadStream, openSync, readFileSync, readSync } from 'node:fs';
import { constants, createGunzip, gunzipSync } from 'node:zlib';
import type { Readable } from 'node:stream';

function isGzip(buf: Buffer): boolean {
  return buf.length >= 2 && buf[0] === 0x1f && buf[1] === 0x8b;
}

/** The whole file as text, gunzipped when it is gzip. */
export function readText(file: string, encoding: BufferEncoding = 'utf8'): string {
  const buf = readFileSync(file);
  return (isGzip(buf) ? gunzipSync(buf) : buf).toString(encoding);
}

/** Up to `bytes` bytes from the start of the (decompressed) file, for format sniffing. */
export function readHead(file: string, bytes = 4096): Buffer {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    const n = readSync(fd, buf, 0, bytes, 0);
    const head = buf.subarray(0, n);
    if (!isGzip(head)) return head;
    // a truncated gzip member: flush what inflates so far
    return gunzipSync(head, { finishFlush: constants.Z_SYNC_FLUSH }).subarray(0, bytes);
  } finally {
    closeSync(fd);
  }
}

/** A byte stream of the (decompressed) file. */
export function openStream(file: string): Readable {
  const fd = openSync(file, 'r');
  const magic = Buffer.alloc(2);
  const n = readSync(fd, magic, 0, 2, 0);
  closeSync(fd);
  const raw = createReadStream(file);
  return isGzip(magic.subarray(0, n)) ? raw.pipe(createGunzip()) : raw;
}
