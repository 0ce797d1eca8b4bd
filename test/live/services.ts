/**
 * Services for the live tests: a NATS server with JetStream of the test's own (a free port,
 * file storage in a temporary directory, so a test may stop and restart it), PostgreSQL from
 * test/store/pg.ts, and the CLI as child processes. Absent services skip with a printed reason,
 * except under CI=true, where they fail (.ci/run starts them).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { repoRoot } from '../ais/paths.js';

export const NATS_BIN = process.env.DARKFLEET_NATS_SERVER ?? '/usr/sbin/nats-server';

/** Say why a test cannot run: skip (printed) locally, fail under CI=true. */
export function unavailable(why: string): undefined {
  if (process.env.CI === 'true') throw new Error(`CI=true and ${why}`);
  console.warn(`skipping: ${why}`);
  return undefined;
}

export function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.once('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => res(port));
    });
  });
}

export interface Nats {
  url: string;
  stop(): Promise<void>;
  start(): Promise<void>;
}

/** A JetStream server on a free port with its own store directory; undefined (printed) when the binary is missing. */
export async function startNats(): Promise<Nats | undefined> {
  if (!existsSync(NATS_BIN)) return unavailable(`no nats-server at ${NATS_BIN} (set DARKFLEET_NATS_SERVER)`);
  const port = await freePort();
  const dir = mkdtempSync(path.join(tmpdir(), 'df-nats-'));
  let proc: ChildProcess | null = null;
  const start = async (): Promise<void> => {
    proc = spawn(NATS_BIN, ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', dir], { stdio: 'ignore' });
    for (let i = 0; i < 100; i++) {
      if (await canConnect(port)) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('nats-server did not start');
  };
  await start();
  return {
    url: `nats://127.0.0.1:${port}`,
    start,
    stop: async () => {
      const p = proc;
      if (!p || p.exitCode !== null) return;
      await new Promise<void>((res) => {
        p.once('exit', () => res());
        p.kill('SIGTERM');
      });
    },
  };
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((res) => {
    import('node:net').then(({ connect }) => {
      const s = connect({ host: '127.0.0.1', port });
      s.once('connect', () => (s.destroy(), res(true)));
      s.once('error', () => res(false));
    });
  });
}

export interface Proc {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

/** `darkfleet ARGS` from source, as a child process. */
export function cli(args: string[]): Proc {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'test/live/cli.ts'), ...args], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  // stderr lines stamped with the seconds since spawn, so a failure shows when each step happened
  const t0 = Date.now();
  let partial = '';
  child.stderr!.on('data', (d: Buffer) => {
    const lines = (partial + d.toString()).split('\n');
    partial = lines.pop()!;
    for (const l of lines) err += `[${((Date.now() - t0) / 1000).toFixed(1)}s] ${l}\n`;
  });
  const exited = new Promise<number | null>((res) => child.once('exit', (code) => res(code)));
  return { child, stdout: () => out, stderr: () => err + partial, exited };
}

/** The last stdout line as JSON. */
export function lastJson(p: Proc): Record<string, unknown> {
  return JSON.parse(p.stdout().trim().split('\n').pop()!) as Record<string, unknown>;
}

/** Polls `cond` every 100 ms; throws naming `what` (and `detail()`) when `ms` pass first. */
export async function waitFor(cond: () => boolean | Promise<boolean>, ms: number, what: string, detail: () => string = () => ''): Promise<void> {
  const until = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > until) throw new Error(`waited ${ms} ms for ${what}${detail() ? `\n${detail()}` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The process's exit code within `ms`; past it the process is killed and the error names `what` with its stderr's tail. */
export async function exitWithin(p: Proc, ms: number, what: string): Promise<number | null> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((res) => (timer = setTimeout(() => res('late'), ms)));
  const r = await Promise.race([p.exited, late]);
  clearTimeout(timer);
  if (r !== 'late') return r;
  p.child.kill('SIGKILL');
  throw new Error(`waited ${ms} ms for ${what} to exit; its stderr ends:\n${p.stderr().split('\n').slice(-25).join('\n')}`);
}
