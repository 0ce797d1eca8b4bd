/**
 * Live network inputs: `tcp://host:port` (we connect as a client) and `udp://[host]:port` (we
 * listen). open.ts wraps what these return into a ByteSource like any file.
 */
import net from 'node:net';
import dgram from 'node:dgram';
import { Readable } from 'node:stream';
import { SourceError } from '../errors.js';

/** The raw bytes of a live input and how to stop it. */
export interface NetInput {
  raw: AsyncIterable<Uint8Array>;
  close: () => void;
}

export function isNetInput(spec: string): boolean {
  return spec.startsWith('tcp://') || spec.startsWith('udp://');
}

export function openNetInput(spec: string): Promise<NetInput> {
  return spec.startsWith('tcp://') ? openTcp(spec) : openUdp(spec);
}

function parseHostPort(spec: string, scheme: string): { host: string; port: number } {
  const m = new RegExp(`^${scheme}://(\\[[^\\]]+\\]|[^:/]*):(\\d+)/?$`).exec(spec);
  if (!m) throw new SourceError('bad_address', `cannot parse ${spec}: expected ${scheme}://host:port`);
  const port = Number(m[2]);
  if (port < 1 || port > 65535) throw new SourceError('bad_address', `bad port in ${spec}`);
  return { host: m[1]!.replace(/^\[|\]$/g, ''), port };
}

function openTcp(spec: string): Promise<NetInput> {
  const { host, port } = parseHostPort(spec, 'tcp');
  return new Promise((resolve, reject) => {
    const sock = net.connect({ host: host || '127.0.0.1', port });
    sock.once('error', (err) => reject(new SourceError('unreachable', `cannot connect to ${spec}: ${err.message}`, { cause: err })));
    sock.once('connect', () => resolve({ raw: sock as AsyncIterable<Buffer>, close: () => sock.destroy() }));
  });
}

/** Bytes of datagrams waiting to be read, at most; then new ones are dropped. */
const UDP_BACKLOG_BYTES = 4 << 20;
let udpDropped = 0;

/** Datagrams dropped because the reader was behind (since the process started). */
export function udpDroppedCount(): number {
  return udpDropped;
}

function openUdp(spec: string): Promise<NetInput> {
  const { host, port } = parseHostPort(spec, 'udp');
  return new Promise((resolve, reject) => {
    const sock = dgram.createSocket(host.includes(':') ? 'udp6' : 'udp4');
    const stream = new Readable({ read() {} });
    sock.on('message', (msg: Buffer) => {
      // a sender cannot be paused: beyond a bounded backlog datagrams are dropped (counted)
      if (stream.readableLength > UDP_BACKLOG_BYTES) {
        udpDropped++;
        return;
      }
      // a datagram may omit the final newline: make each one end a line
      stream.push(msg[msg.length - 1] === 10 ? msg : Buffer.concat([msg, Buffer.from('\n')]));
    });
    sock.once('error', (err) => reject(new SourceError('unreachable', `cannot listen on ${spec}: ${err.message}`, { cause: err })));
    sock.once('close', () => stream.push(null));
    sock.bind(port, host || undefined, () => resolve({ raw: stream, close: () => sock.close() }));
  });
}
