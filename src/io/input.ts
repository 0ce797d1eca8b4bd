/**
 * Byte inputs named the way the CLI takes them: a file (plain, gzip or zstd, told apart by
 * magic bytes, not the name), `-` for stdin, `tcp://host:port` (client) or `udp://[host]:port`
 * (listen). Every input is an async iterable of byte chunks.
 */
import { createReadStream, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import net from 'node:net';
import dgram from 'node:dgram';
import { Readable } from 'node:stream';
import { SourceError } from '../errors.js';

export interface ByteInput {
  /** what the user named */
  name: string;
  /** compressed size in bytes for files, else null */
  size: number | null;
  chunks: AsyncIterable<Buffer>;
  /** bytes read so far from the underlying file (compressed), for progress */
  bytesRead(): number;
  close(): void;
}

export type Compression = 'none' | 'gzip' | 'zstd';

export async function sniffCompression(path: string): Promise<Compression> {
  const fh = await open(path, 'r');
  try {
    const head = Buffer.alloc(4);
    const { bytesRead } = await fh.read(head, 0, 4, 0);
    if (bytesRead >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
    if (bytesRead >= 4 && head.readUInt32LE(0) === 0xfd2fb528) return 'zstd';
    return 'none';
  } finally {
    await fh.close();
  }
}

async function* zstdChunks(raw: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  const { Decompress } = await import('fzstd');
  const out: Buffer[] = [];
  const d = new Decompress((chunk: Uint8Array) => {
    out.push(Buffer.from(chunk));
  });
  for await (const c of raw) {
    d.push(c);
    while (out.length) yield out.shift()!;
  }
  d.push(new Uint8Array(0), true);
  while (out.length) yield out.shift()!;
}

export async function openInput(spec: string): Promise<ByteInput> {
  if (spec === '-') {
    let n = 0;
    const stdin = process.stdin;
    return {
      name: 'stdin',
      size: null,
      chunks: (async function* () {
        for await (const c of stdin as AsyncIterable<Buffer>) {
          n += c.length;
          yield c;
        }
      })(),
      bytesRead: () => n,
      close: () => stdin.destroy(),
    };
  }
  if (spec.startsWith('tcp://')) return openTcp(spec);
  if (spec.startsWith('udp://')) return openUdp(spec);
  let size: number;
  try {
    const st = statSync(spec);
    if (!st.isFile()) throw new SourceError('unreadable', `${spec} is not a file`);
    size = st.size;
  } catch (err) {
    if (err instanceof SourceError) throw err;
    throw new SourceError('unreadable', `cannot read ${spec}: ${(err as Error).message}`, { cause: err });
  }
  const comp = await sniffCompression(spec);
  const raw = createReadStream(spec, { highWaterMark: 1 << 18 });
  let chunks: AsyncIterable<Buffer>;
  if (comp === 'gzip') chunks = raw.pipe(createGunzip({ chunkSize: 1 << 18 }));
  else if (comp === 'zstd') chunks = zstdChunks(raw);
  else chunks = raw;
  return { name: spec, size, chunks, bytesRead: () => raw.bytesRead, close: () => raw.destroy() };
}

function parseHostPort(spec: string, scheme: string): { host: string; port: number } {
  const m = new RegExp(`^${scheme}://(\\[[^\\]]+\\]|[^:/]*):(\\d+)/?$`).exec(spec);
  if (!m) throw new SourceError('bad_address', `cannot parse ${spec}: expected ${scheme}://host:port`);
  const port = Number(m[2]);
  if (port < 1 || port > 65535) throw new SourceError('bad_address', `bad port in ${spec}`);
  return { host: m[1]!.replace(/^\[|\]$/g, ''), port };
}

function openTcp(spec: string): Promise<ByteInput> {
  const { host, port } = parseHostPort(spec, 'tcp');
  return new Promise((resolve, reject) => {
    let n = 0;
    const sock = net.connect({ host: host || '127.0.0.1', port });
    sock.once('error', (err) => reject(new SourceError('unreachable', `cannot connect to ${spec}: ${err.message}`, { cause: err })));
    sock.once('connect', () => {
      resolve({
        name: spec,
        size: null,
        chunks: (async function* () {
          for await (const c of sock as AsyncIterable<Buffer>) {
            n += c.length;
            yield c;
          }
        })(),
        bytesRead: () => n,
        close: () => sock.destroy(),
      });
    });
  });
}

function openUdp(spec: string): Promise<ByteInput> {
  const { host, port } = parseHostPort(spec, 'udp');
  return new Promise((resolve, reject) => {
    let n = 0;
    const sock = dgram.createSocket(host.includes(':') ? 'udp6' : 'udp4');
    const stream = new Readable({ read() {} });
    sock.on('message', (msg: Buffer) => {
      n += msg.length;
      // a datagram may omit the final newline: make each one end a line
      stream.push(msg[msg.length - 1] === 10 ? msg : Buffer.concat([msg, Buffer.from('\n')]));
    });
    sock.once('error', (err) => reject(new SourceError('unreachable', `cannot listen on ${spec}: ${err.message}`, { cause: err })));
    sock.once('close', () => stream.push(null));
    sock.bind(port, host || undefined, () => {
      resolve({ name: spec, size: null, chunks: stream, bytesRead: () => n, close: () => sock.close() });
    });
  });
}
