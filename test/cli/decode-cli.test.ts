import { describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import net from 'node:net';
import dgram from 'node:dgram';
import path from 'node:path';
import { fixtures, repoRoot } from '../ais/paths.js';

const BIN = path.join(repoRoot, 'bin/darkfleet.js');
const SAMPLE = path.join(fixtures, 'ais/gpsd/daemon/ais-raw-messages.log');

function run(args: string[], input?: Buffer): { code: number | null; out: string[]; err: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { input, encoding: 'latin1', maxBuffer: 1 << 28 });
  return { code: r.status, out: r.stdout.split('\n').filter((l) => l !== ''), err: r.stderr };
}

function summary(err: string): Record<string, unknown> {
  return JSON.parse(err.trim().split('\n').pop()!) as Record<string, unknown>;
}

describe('darkfleet decode', () => {
  const plain = run(['decode', SAMPLE]);

  it('decodes a file to JSON lines and prints a one-line summary on stderr', () => {
    expect(plain.code).toBe(0);
    expect(plain.out.length).toBe(108);
    for (const l of plain.out) expect(JSON.parse(l)).toHaveProperty('class', 'AIS');
    expect(summary(plain.err)).toMatchObject({ messages: 108, rejected: 0 });
  });

  it('reads gzip (by magic bytes, whatever the name) and stdin the same way', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'darkfleet-cli-'));
    const gz = path.join(dir, 'capture.log');
    writeFileSync(gz, gzipSync(readFileSync(SAMPLE)));
    expect(run(['decode', gz]).out).toEqual(plain.out);
    expect(run(['decode', '-'], readFileSync(SAMPLE)).out).toEqual(plain.out);
  });

  it('--types, --unscaled and --reject-file', () => {
    const t = run(['decode', SAMPLE, '--types', '1-3']);
    expect(t.out.every((l) => [1, 2, 3].includes((JSON.parse(l) as { type: number }).type))).toBe(true);
    expect(JSON.parse(run(['decode', SAMPLE, '--unscaled']).out[0]!)).toHaveProperty('scaled', false);
    const dir = mkdtempSync(path.join(tmpdir(), 'darkfleet-cli-'));
    const bad = path.join(dir, 'bad.nmea');
    writeFileSync(bad, '!AIVDM,1,1,,A,15N1u<PP1FJuvSRHOE6QIwwh0HQ6,0*31\nhello\n!AIVDM,1,1,,A,15N1u<PP1FJuvSRHOE6QIwwh0HQ6,0*30\n');
    const rej = path.join(dir, 'rejects.jsonl');
    const r = run(['decode', bad, '--reject-file', rej]);
    expect(r.code).toBe(0);
    expect(r.out).toHaveLength(1);
    expect(summary(r.err)).toMatchObject({ lines: 3, messages: 1, rejected: 2, rejects: { checksum: 1, not_nmea: 1 } });
    const rejects = readFileSync(rej, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { reason: string; line: string });
    expect(rejects.map((x) => x.reason)).toEqual(['checksum', 'not_nmea']);
    expect(rejects[1]!.line).toBe('hello');
  });

  it('--extended adds what gpsd leaves out (here: the 8/1/22 area notice of libais typeexamples)', () => {
    const area = Buffer.from('!AIVDM,1,1,,B,803Ovrh0EP:024`@02PN04da=3V<>N0000,4*39\n');
    const [plainMsg] = run(['decode', '-'], area).out.map((l) => JSON.parse(l) as Record<string, unknown>);
    const [ext] = run(['decode', '-', '--extended'], area).out.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(plainMsg).not.toHaveProperty('sub_areas');
    expect(ext).toMatchObject({ ...plainMsg, notice_type: 0, duration_minutes: 20 });
    expect(ext!.sub_areas).toEqual([expect.objectContaining({ sub_area_type: 0, radius: 9260 })]);
  });

  it('fails clearly on a missing file and on bad options', () => {
    const r = run(['decode', '/nonexistent/file.nmea']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/\/nonexistent\/file\.nmea: cannot open: no such file/);
    const u = run(['decode', SAMPLE, '--types', 'x']);
    expect(u.code).toBe(2);
    expect(u.err).toMatch(/--types/);
  });

  it('reads a TCP feed (client) and a UDP feed (listener) on loopback', async () => {
    const data = readFileSync(SAMPLE);
    const server = net.createServer((sock) => sock.end(data));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as net.AddressInfo).port;
    const tcp = await new Promise<string>((resolve) => {
      const p = spawn(process.execPath, [BIN, 'decode', `tcp://127.0.0.1:${port}`]);
      let out = '';
      p.stdout.on('data', (d: Buffer) => (out += d.toString('latin1')));
      p.on('close', () => resolve(out));
    });
    server.close();
    expect(tcp.split('\n').filter((l) => l !== '')).toEqual(plain.out);

    const udpPort = 20000 + Math.floor(Math.random() * 20000);
    const p = spawn(process.execPath, [BIN, 'decode', `udp://127.0.0.1:${udpPort}`]);
    let out = '';
    p.stdout.on('data', (d: Buffer) => (out += d.toString('latin1')));
    const count = (): number => out.split('\n').filter((l) => l !== '').length;
    const sock = dgram.createSocket('udp4');
    const send = (l: string): Promise<void> => new Promise<void>((r) => sock.send(`${l}\r\n`, udpPort, '127.0.0.1', () => r()));
    const lines = data.toString('latin1').split('\n').filter((l) => l.startsWith('!'));
    // no fixed sleep (a loaded machine starts node slower): a single-sentence probe is sent
    // until the listener answers it, then the feed; each step waits, bounded, for its output
    const until = async (ok: () => boolean, what: string, ms = 30_000): Promise<void> => {
      const end = Date.now() + ms;
      while (!ok()) {
        if (Date.now() > end) throw new Error(`timed out waiting for ${what} (output lines ${count()})`);
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    const probe = lines.find((l) => /^!AIVDM,1,1,/.test(l))!;
    const t0 = Date.now();
    while (count() === 0) {
      if (Date.now() - t0 > 30_000) throw new Error('the UDP listener never answered');
      await send(probe);
      await new Promise((r) => setTimeout(r, 200));
    }
    await new Promise((r) => setTimeout(r, 300));
    const before = count();
    for (const l of lines) await send(l);
    await until(() => count() - before >= plain.out.length, 'the feed decoded');
    out = out.split('\n').filter((l) => l !== '').slice(before).join('\n');
    sock.close();
    p.kill('SIGINT');
    await new Promise((r) => p.on('close', r));
    expect(out.split('\n').filter((l) => l !== '').length).toBe(plain.out.length);
  });
});
