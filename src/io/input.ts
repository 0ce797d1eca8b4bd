/**
 * Byte inputs named the way the CLI takes them: a file (plain, gzip, zstd or zip, told apart by
 * magic bytes: src/sources/open.ts), `-` for stdin, `tcp://host:port` (client) or
 * `udp://[host]:port` (listen). Every input is an async iterable of byte chunks.
 */
import net from 'node:net';
import dgram from 'node:dgram';
import { Readable } from 'node:stream';
import { SourceError } from '../errors.js';
import { openByteSource } from '../sources/open.js';

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

export async function openInput(spec: string): Promise<ByteInput> {
  if (spec.startsWith('tcp://')) return openTcp(spec);
  if (spec.startsWith('udp://')) return openUdp(spec);
  // files and stdin: the sources' opener (decompression told by magic bytes)
  const src = await openByteSource(spec);
  return { name: src.name, size: src.size ?? null, chunks: src.chunks() as AsyncIterable<Buffer>, bytesRead: () => src.rawBytesRead(), close: () => undefined };
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
