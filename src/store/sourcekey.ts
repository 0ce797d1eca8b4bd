/**
 * Source keys for the ingest log. A file's key is its content, not its name: the same file
 * copied, renamed or given again is recognised (and skipped when complete), while a file that
 * grew or changed gets a new key (and is read again; key-based dedupe drops what is stored).
 *
 * key = "file:" + sha256(size, first 1 MiB, last 1 MiB) in hex, + ":" + size
 * Hashing head and tail keeps keying O(1) in the file size.
 */
import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';

const EDGE_BYTES = 1 << 20;

export async function fileSourceKey(path: string): Promise<string> {
  const fh = await open(path, 'r');
  try {
    const { size } = await fh.stat();
    const hash = createHash('sha256');
    hash.update(`${size}\n`);
    const head = Buffer.alloc(Math.min(size, EDGE_BYTES));
    await fh.read(head, 0, head.length, 0);
    hash.update(head);
    if (size > EDGE_BYTES) {
      const tailStart = Math.max(EDGE_BYTES, size - EDGE_BYTES);
      const tail = Buffer.alloc(size - tailStart);
      await fh.read(tail, 0, tail.length, tailStart);
      hash.update(tail);
    }
    return `file:${hash.digest('hex')}:${size}`;
  } finally {
    await fh.close();
  }
}
