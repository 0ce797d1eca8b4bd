/**
 * `darkfleet serve` as a real process (the built CLI: `npm run build` first) on an ephemeral
 * loopback port: the start-up rule for non-loopback addresses, the token, 1,000 hostile
 * requests that leave it answering, and a clean stop on SIGTERM.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSampleStore, HIT_MMSI, root, SAMPLE_POSITIONS } from './sample.js';

const BIN = path.join(root, 'bin/darkfleet.js');
const built = existsSync(path.join(root, 'dist/cli/serve.js'));

let dir: string;
let db: string;

beforeAll(async () => {
  if (!built) return;
  ({ dir, db } = await buildSampleStore());
});
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

interface Served {
  proc: ChildProcess;
  url: string;
  stderr: () => string;
  stop: () => Promise<number | null>;
}

/** Starts `darkfleet serve ARGS` and resolves when it prints its URL line. */
function serve(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Served> {
  const proc = spawn(process.execPath, [BIN, 'serve', ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  proc.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((res) => proc.once('exit', (code) => res(code)));
  return new Promise((resolve, reject) => {
    proc.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n')[0];
      if (out.includes('\n') && line) {
        const { url } = JSON.parse(line) as { url: string };
        resolve({
          proc,
          url: url.replace(/\/api\/$/, ''),
          stderr: () => err,
          stop: () => {
            proc.kill('SIGTERM');
            return exited;
          },
        });
      }
    });
    void exited.then((code) => reject(new Error(`serve exited ${code} before listening: ${err}`)));
  });
}

function runCli(args: string[], env: NodeJS.ProcessEnv = {}): { status: number | null; stderr: string; stdout: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, encoding: 'utf8', timeout: 30_000 });
  return { status: r.status, stderr: r.stderr, stdout: r.stdout };
}

/** Hostile requests: injection, traversal, bad dates and boxes, huge limits and ranges, unknown MMSIs, junk encodings, writes. */
function hostileRequests(n: number): { path: string; method: string }[] {
  const values = ["' OR '1'='1", '1; DROP TABLE events; --', '../../etc/passwd', '%00', '9'.repeat(300), '-1', 'NaN', '2024-02-30', '1,2,3', '0,10,1,5', '<script>', '%E0%A4%A', '%'];
  const templates = [
    (v: string) => `/api/events?type=${v}`,
    (v: string) => `/api/events?mmsi=${v}`,
    (v: string) => `/api/events?bbox=${v}`,
    (v: string) => `/api/events?from=${v}`,
    (v: string) => `/api/events?to=${v}`,
    (v: string) => `/api/events?flags=${v}`,
    (v: string) => `/api/events?minConfidence=${v}`,
    (v: string) => `/api/events?limit=${v}`,
    (v: string) => `/api/events?cursor=${v}`,
    (v: string) => `/api/events?format=${v}`,
    (v: string) => `/api/events/${v}`,
    (v: string) => `/api/vessels?q=ab&limit=${v}`,
    (v: string) => `/api/vessels/${v}`,
    (v: string) => `/api/vessels/${v}/track`,
    (v: string) => `/api/vessels/${HIT_MMSI}/track?from=${v}`,
    (v: string) => `/api/vessels/${HIT_MMSI}/track?zoom=${v}`,
    () => '/api/events?limit=100000000',
    () => `/api/vessels/${HIT_MMSI}/track?from=1990-01-01&to=2030-01-01`,
    () => '/api/vessels/636999999',
    () => `/api/events?${'x'.repeat(5000)}=1`,
    () => '/api/../../etc/passwd',
    () => '/api/events?type=gap&type=gap',
  ];
  const out: { path: string; method: string }[] = [];
  for (let i = 0; out.length < n; i++) {
    const t = templates[i % templates.length]!;
    const v = values[Math.floor(i / templates.length) % values.length]!;
    // half the values raw (as an attacker types them), half encoded
    const enc = i % 2 ? encodeURIComponent(v) : v.replace(/ /g, '%20').replace(/#/g, '%23');
    out.push({ path: t(enc), method: i % 17 === 0 ? 'DELETE' : i % 19 === 0 ? 'POST' : 'GET' });
  }
  return out;
}

/** A raw request line or header block no HTTP client would send. */
function rawRequest(port: number, text: string): Promise<string> {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1', () => s.end(text));
    let got = '';
    s.on('data', (d: Buffer) => (got += d.toString()));
    s.on('close', () => resolve(got));
    s.on('error', () => resolve(got));
    s.setTimeout(5000, () => s.destroy());
  });
}

describe.skipIf(!built && !process.env.CI)('darkfleet serve (real server on loopback)', () => {
  it('refuses a non-loopback address without a token, in one line, exit 2', () => {
    for (const host of ['0.0.0.0', '::', '192.0.2.10']) {
      const r = runCli(['serve', '--db', db, '--host', host, '--port', '0'], { DARKFLEET_TOKEN: '' });
      expect(r.status, r.stderr).toBe(2);
      expect(r.stderr).toBe(`darkfleet: --host ${host} is not a loopback address: serving on it needs --token T (or DARKFLEET_TOKEN), and every call then needs Authorization: Bearer T\n`);
      expect(r.stdout).toBe('');
    }
    const short = runCli(['serve', '--db', db, '--host', '0.0.0.0', '--token', 'abc']);
    expect(short.status).toBe(2);
    expect(short.stderr).toMatch(/^darkfleet: --token: at least 16 characters/);
    const port = runCli(['serve', '--db', db, '--port', '99999']);
    expect(port.status).toBe(2);
    expect(port.stderr).toMatch(/^darkfleet: --port: /);
    const missing = runCli(['serve', '--db', path.join(dir, 'none.duckdb'), '--port', '0']);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/no store at/);
    expect(existsSync(path.join(dir, 'none.duckdb'))).toBe(false);
  });

  it('on another address with DARKFLEET_TOKEN, answers only calls with the bearer token', async () => {
    const token = 'f00dfeedcafebeef0123';
    const s = await serve(['--db', db, '--host', '0.0.0.0', '--port', '0'], { DARKFLEET_TOKEN: token });
    try {
      const port = new URL(s.url).port;
      const base = `http://127.0.0.1:${port}`;
      expect((await fetch(`${base}/api/stats`)).status).toBe(401);
      expect((await fetch(`${base}/api/stats`, { headers: { Authorization: 'Bearer nope' } })).status).toBe(401);
      const ok = await fetch(`${base}/api/stats`, { headers: { Authorization: `Bearer ${token}` } });
      expect(ok.status).toBe(200);
      expect(((await ok.json()) as { positions: number }).positions).toBe(SAMPLE_POSITIONS);
    } finally {
      expect(await s.stop()).toBe(0);
    }
  });

  it('survives 1,000 hostile requests (all 4xx, none 5xx) and still answers /api/stats; stops cleanly', async () => {
    const s = await serve(['--db', db, '--port', '0']);
    const statuses = new Map<number, number>();
    try {
      const reqs = hostileRequests(1000);
      let next = 0;
      const worker = async (): Promise<void> => {
        while (next < reqs.length) {
          const r = reqs[next++]!;
          const res = await fetch(`${s.url}${r.path}`, { method: r.method, ...(r.method === 'POST' ? { body: "'; DROP TABLE events; --" } : {}) });
          await res.arrayBuffer();
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
          if (res.status < 400 || res.status >= 500) throw new Error(`${r.method} ${r.path} -> ${res.status}`);
        }
      };
      await Promise.all(Array.from({ length: 16 }, worker));
      expect([...statuses.values()].reduce((a, b) => a + b, 0)).toBe(1000);
      // requests no client library would send
      const port = Number(new URL(s.url).port);
      for (const raw of ["GET /api/stats' OR 1=1 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", 'GARBAGE\r\n\r\n', `GET /api/events?type=${'A'.repeat(20_000)} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`, '\u0000\u0001\u0002\r\n\r\n']) {
        const got = await rawRequest(port, raw);
        expect(got === '' || /^HTTP\/1\.1 4\d\d/.test(got), got.slice(0, 80)).toBe(true);
      }
      const stats = await fetch(`${s.url}/api/stats`);
      expect(stats.status).toBe(200);
      expect(((await stats.json()) as { positions: number }).positions).toBe(SAMPLE_POSITIONS);
      const ev = await fetch(`${s.url}/api/events?type=encounter`);
      expect(((await ev.json()) as { events: unknown[] }).events.length).toBe(3);
    } finally {
      expect(await s.stop()).toBe(0);
    }
    expect(s.stderr()).not.toMatch(/Error|at /);
    // the store is whole after the server closed it
    const after = runCli(['stats', '--db', db]);
    expect(after.status).toBe(0);
    expect((JSON.parse(after.stdout) as { positions: number }).positions).toBe(SAMPLE_POSITIONS);
  });
});
