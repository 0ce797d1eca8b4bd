/**
 * Compression told from an input's first bytes, never its name: the one sniffer every file
 * reader uses (open.ts for AIS inputs, screen/read.ts for sanctions lists and CSV files).
 */
import type { Compression } from './types.js';

/** Bytes `sniffCompression` needs to judge. */
export const COMPRESSION_MAGIC_BYTES = 6;

/** gzip 1f8b, zstd 28b52ffd, zip 504b0304; xz and bzip2 are recognised so they can be refused by name. */
export function sniffCompression(b: Uint8Array): Compression | 'xz' | 'bzip2' {
  if (b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b) return 'gzip';
  if (b.length >= 4 && b[0] === 0x28 && b[1] === 0xb5 && b[2] === 0x2f && b[3] === 0xfd) return 'zstd';
  if (b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04) return 'zip';
  if (b.length >= 6 && b[0] === 0xfd && b[1] === 0x37 && b[2] === 0x7a && b[3] === 0x58 && b[4] === 0x5a) return 'xz';
  if (b.length >= 3 && b[0] === 0x42 && b[1] === 0x5a && b[2] === 0x68) return 'bzip2';
  return 'none';
}

/** How to decompress a format darkfleet does not read itself. */
export function decompressHint(kind: 'xz' | 'bzip2' | Compression): string {
  return kind === 'xz' ? 'xz -d' : kind === 'bzip2' ? 'bunzip2' : kind === 'zstd' ? 'zstd -d' : kind === 'zip' ? 'unzip' : 'gunzip';
}
