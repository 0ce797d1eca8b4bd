/** Runs the built CLI (bin/darkfleet.js, over dist/) as a user would, for the CLI tests. */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from '../ais/paths.js';

export const BIN = path.join(repoRoot, 'bin/darkfleet.js');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
  /** non-empty stderr lines */
  errLines: string[];
  /** the last stdout line as JSON (the summary line of ingest/analyze, the stats object) */
  summary: () => Record<string, unknown>;
}

export function darkfleet(args: string[], input?: string | Buffer): CliResult {
  const r = spawnSync(process.execPath, [BIN, ...args], { input, encoding: 'utf8', maxBuffer: 1 << 26 });
  const stdout = r.stdout;
  return {
    code: r.status,
    stdout,
    stderr: r.stderr,
    errLines: r.stderr.split('\n').filter((l) => l.trim() !== ''),
    summary: () => JSON.parse(stdout.trim().split('\n').pop()!) as Record<string, unknown>,
  };
}

/** `darkfleet stats --db DB` as an object; throws when it does not exit 0. */
export function stats(db: string): Record<string, unknown> {
  const r = darkfleet(['stats', '--db', db]);
  if (r.code !== 0) throw new Error(`darkfleet stats --db ${db} exited ${r.code}: ${r.stderr}`);
  return r.summary();
}
