/**
 * Open any input as a ByteSource of decompressed bytes: a file, `-` (stdin), `tcp://host:port`
 * (client) or `udp://[host]:port` (listener; net.ts). Compression is chosen from the first
 * bytes (compression.ts), never from the file name, so a renamed or extension-less file still
 * reads. gzip uses node:zlib (multi-member files too), zstd fzstd, zip fflate (one file inside,
 * as MarineCadastre's daily zips).
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { SourceError } from '../errors.js';
import { COMPRESSION_MAGIC_BYTES, decompressHint, sniffCompression } from './compression.js';
import { isNetInput, openNetInput } from './net.js';
import type { ByteSource, Compression } from './types.js';

const READ_CHUNK = 1 << 18;

/**
 * Open a file path, '-' for stdin, or a tcp:// / udp:// address. Throws SourceError naming the
 * input when it cannot be read.
 */
export async function openByteSource(path: string): Promise<ByteSource> {
  if (path === '-') return byteSourceFromIterable('-', process.stdin, undefined);
  if (isNetInput(path)) {
    const { raw, close } = await openNetInput(path);
    return byteSourceFromIterable(path, raw, undefined, close);
  }
  let size: number;
  try {
    const st = await stat(path);
    if (st.isDirectory()) throw new SourceError('not_a_file', `${path}: is a directory, not a file`);
    size = st.size;
  } catch (err) {
    if (err instanceof SourceError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : String(err);
    throw new SourceError('unreadable', `${path}: cannot open: ${why}`, { cause: err });
  }
  return byteSourceFromIterable(path, createReadStream(path, { highWaterMark: READ_CHUNK }), size);
}

/** A ByteSource over bytes already in memory (tests, small inputs). */
export function byteSourceFromBytes(name: string, bytes: Uint8Array | string): ByteSource {
  const buf = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes;
  async function* one(): AsyncGenerator<Uint8Array> {
    for (let i = 0; i < buf.length; i += READ_CHUNK) yield buf.subarray(i, i + READ_CHUNK);
  }
  return byteSourceFromIterable(name, one(), buf.length);
}

/**
 * Wrap any async iterable of (possibly compressed) bytes. `close` stops a live input (a
 * socket); without it close() does nothing and the input ends on its own.
 */
export function byteSourceFromIterable(
  name: string,
  raw: AsyncIterable<Uint8Array | string>,
  size: number | undefined,
  close?: () => void,
): ByteSource {
  return new StreamSource(name, raw, size, close);
}

/**
 * The same input with its first `skip` decompressed bytes dropped (resuming a killed ingest).
 * `peek` still shows the start of the input: sniffing looks at the header, wherever reading resumes.
 */
export function skipBytes(src: ByteSource, skip: number): ByteSource {
  if (skip <= 0) return src;
  return {
    name: src.name,
    get compression() {
      return src.compression;
    },
    size: src.size,
    rawBytesRead: () => src.rawBytesRead(),
    peek: (n: number) => src.peek(n),
    close: () => src.close(),
    chunks: async function* () {
      let left = skip;
      for await (const c of src.chunks()) {
        if (left >= c.length) {
          left -= c.length;
          continue;
        }
        yield left > 0 ? c.subarray(left) : c;
        left = 0;
      }
    },
  };
}

class StreamSource implements ByteSource {
  readonly name: string;
  readonly size: number | undefined;
  private kind: Compression | undefined;
  private raw: AsyncIterator<Uint8Array | string>;
  private rawCount = 0;
  private rawHead: Uint8Array[] = [];
  private decoded: AsyncIterator<Uint8Array> | undefined;
  private peeked: Uint8Array[] = [];
  private peekedLen = 0;
  private done = false;
  private started = false;

  constructor(
    name: string,
    raw: AsyncIterable<Uint8Array | string>,
    size: number | undefined,
    private readonly onClose?: () => void,
  ) {
    this.name = name;
    this.size = size;
    this.raw = raw[Symbol.asyncIterator]();
  }

  close(): void {
    this.onClose?.();
  }

  get compression(): Compression {
    return this.kind ?? 'none';
  }

  rawBytesRead(): number {
    return this.rawCount;
  }

  private async nextRaw(): Promise<Uint8Array | undefined> {
    const head = this.rawHead.shift();
    if (head) return head;
    return this.readRaw();
  }

  /** next chunk from the underlying stream, skipping rawHead */
  private async readRaw(): Promise<Uint8Array | undefined> {
    let r: IteratorResult<Uint8Array | string>;
    try {
      r = await this.raw.next();
    } catch (err) {
      throw new SourceError('unreadable', `${this.name}: read failed: ${(err as Error).message}`, { cause: err });
    }
    if (r.done) return undefined;
    const chunk = typeof r.value === 'string' ? Buffer.from(r.value, 'utf8') : r.value;
    this.rawCount += chunk.length;
    return chunk;
  }

  private async *rawChunks(): AsyncGenerator<Uint8Array> {
    for (let c = await this.nextRaw(); c; c = await this.nextRaw()) yield c;
  }

  /** Read raw bytes until the magic number can be judged, then set up decompression. */
  private async start(): Promise<AsyncIterator<Uint8Array>> {
    if (this.decoded) return this.decoded;
    let have = 0;
    while (have < COMPRESSION_MAGIC_BYTES) {
      const c = await this.readRaw();
      if (!c) break;
      // kept for replay: nextRaw() hands rawHead back first, in order
      this.rawHead.push(c);
      have += c.length;
    }
    const first = Buffer.concat(this.rawHead.map((c) => Buffer.from(c.buffer, c.byteOffset, c.length)));
    const m = sniffCompression(first.subarray(0, 8));
    if (m === 'xz' || m === 'bzip2') {
      throw new SourceError('unsupported_compression', `${this.name}: ${m}-compressed; decompress it first (${decompressHint(m)})`);
    }
    this.kind = m;
    const raw = this.rawChunks();
    const it =
      m === 'gzip' ? this.gunzip(raw) : m === 'zstd' ? this.unzstd(raw) : m === 'zip' ? this.unzip(raw) : raw;
    this.decoded = it[Symbol.asyncIterator]();
    return this.decoded;
  }

  private async *gunzip(raw: AsyncGenerator<Uint8Array>): AsyncGenerator<Uint8Array> {
    const gz = createGunzip({ chunkSize: READ_CHUNK });
    const input = Readable.from(raw, { objectMode: false });
    input.on('error', (err) => gz.destroy(err));
    input.pipe(gz);
    try {
      for await (const c of gz) yield c as Buffer;
    } catch (err) {
      if (err instanceof SourceError) throw err;
      throw new SourceError('bad_gzip', `${this.name}: gzip data is corrupt or truncated: ${(err as Error).message}`, { cause: err });
    } finally {
      // a reader that stops early must not leave the file open
      input.destroy();
      gz.destroy();
    }
  }

  private async *unzstd(raw: AsyncGenerator<Uint8Array>): AsyncGenerator<Uint8Array> {
    let out: Uint8Array[] = [];
    // loaded when needed: most inputs are plain or gzip, and start-up counts for `decode`
    const { Decompress: ZstdDecompress } = await import('fzstd');
    // fzstd may reuse its window buffer: copy what it hands over
    const dec = new ZstdDecompress((data) => {
      if (data.length) out.push(data.slice());
    });
    const push = (chunk: Uint8Array, final: boolean): void => {
      try {
        dec.push(chunk, final);
      } catch (err) {
        throw new SourceError('bad_zstd', `${this.name}: zstd data is corrupt or truncated: ${(err as Error).message}`, { cause: err });
      }
    };
    for await (const c of raw) {
      push(c, false);
      if (out.length) {
        const ready = out;
        out = [];
        yield* ready;
      }
    }
    push(new Uint8Array(0), true);
    yield* out;
  }

  private async *unzip(raw: AsyncGenerator<Uint8Array>): AsyncGenerator<Uint8Array> {
    let out: Uint8Array[] = [];
    let files = 0;
    let failure: unknown;
    const { Unzip, UnzipInflate, UnzipPassThrough } = await import('fflate');
    const uz = new Unzip((file) => {
      if (file.name.endsWith('/')) return;
      files++;
      if (files > 1) {
        failure = new SourceError('zip_many_files', `${this.name}: the zip holds more than one file (second: ${file.name}); unzip it and pass the files`);
        return;
      }
      file.ondata = (err, data) => {
        if (err) failure = err;
        else if (data.length) out.push(data);
      };
      try {
        file.start();
      } catch (err) {
        failure = new SourceError('unsupported_compression', `${this.name}: ${file.name} uses zip method ${file.compression}; only stored and deflate are read`, { cause: err });
      }
    });
    uz.register(UnzipInflate);
    uz.register(UnzipPassThrough);
    const push = (chunk: Uint8Array, final: boolean): void => {
      try {
        uz.push(chunk, final);
      } catch (err) {
        failure ??= err;
      }
      if (failure) {
        if (failure instanceof SourceError) throw failure;
        throw new SourceError('bad_zip', `${this.name}: zip data is corrupt or truncated: ${(failure as Error).message}`, { cause: failure });
      }
    };
    for await (const c of raw) {
      push(c, false);
      const ready = out;
      out = [];
      yield* ready;
    }
    push(new Uint8Array(0), true);
    yield* out;
    if (files === 0) throw new SourceError('bad_zip', `${this.name}: the zip holds no file`);
  }

  async peek(n: number): Promise<Uint8Array> {
    const it = await this.start();
    while (this.peekedLen < n && !this.done) {
      const r = await it.next();
      if (r.done) {
        this.done = true;
        break;
      }
      this.peeked.push(r.value);
      this.peekedLen += r.value.length;
    }
    const all = Buffer.concat(this.peeked.map((c) => Buffer.from(c.buffer, c.byteOffset, c.length)));
    return all.subarray(0, Math.min(n, all.length));
  }

  chunks(): AsyncIterable<Uint8Array> {
    if (this.started) throw new SourceError('reread', `${this.name}: the input can be read only once`);
    this.started = true;
    return this.iterate();
  }

  private async *iterate(): AsyncGenerator<Uint8Array> {
    try {
      const it = await this.start();
      while (this.peeked.length) yield this.peeked.shift() as Uint8Array;
      if (this.done) return;
      for (;;) {
        const r = await it.next();
        if (r.done) return;
        yield r.value;
      }
    } finally {
      // close the file or socket also when the reader stops early or fails
      await this.decoded?.return?.();
      await this.raw.return?.();
    }
  }
}
