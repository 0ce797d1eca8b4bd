/**
 * `darkfleet demo` (and `npm run demo`): the main job on the bundled sample. Analyzes the
 * simulated day off Nampo in data/sample/nampo (NMEA with tag blocks) into a throw-away store,
 * prints the events found, scores them against the scenario's ground truth, writes the report
 * (darkfleet-demo-report.html in the current directory), and then serves the
 * store (API and map on 127.0.0.1, port 8080 or any free one) until Ctrl-C. With `--no-serve`,
 * or under CI=true, it exits after the analysis, so scripts and CI can run it.
 */
import type { Command } from 'commander';
import { accessSync, constants, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runAnalyze } from './analyze.js';
import { runServe } from './serve.js';
import { runReport } from './report.js';
import { DarkfleetError, UsageError } from '../errors.js';
import { openStore } from '../store/index.js';
import { formatTable } from '../export/events.js';
import { score, formatScore } from '../sim/score.js';
import type { GroundTruth } from '../sim/truth-types.js';

export const SAMPLE_DIR = fileURLToPath(new URL('../../data/sample/nampo/', import.meta.url));

export interface DemoOptions {
  /** serve the analysed store until `stop` settles (default: no) */
  serve?: boolean;
  /** port to try first (default 8080); when taken, any free one */
  port?: number;
  stop?: Promise<unknown>;
  /** where darkfleet-demo-report.html goes (default: the current directory) */
  reportDir?: string;
}

export const DEMO_REPORT = 'darkfleet-demo-report.html';

async function demoReport(db: string, where: string, fallback: string): Promise<string> {
  const title = 'darkfleet demo: a simulated day off Nampo';
  try {
    accessSync(where, constants.W_OK);
    return (await runReport({ db, out: path.join(where, DEMO_REPORT), title })).result.out;
  } catch (err) {
    if (err instanceof DarkfleetError) throw err;
    // not writable here: keep it beside the demo store's directory, which the demo prints
    const out = path.join(path.dirname(fallback), DEMO_REPORT);
    return (await runReport({ db, out, title })).result.out;
  }
}

export async function runDemo(out: (s: string) => void, opts: DemoOptions = {}): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'darkfleet-demo-'));
  const db = path.join(dir, 'demo.duckdb');
  try {
    out(`darkfleet demo: analyzing ${path.join(SAMPLE_DIR, 'ais.nmea')} (a simulated day off Nampo)\n`);
    const { summary } = await runAnalyze([path.join(SAMPLE_DIR, 'ais.nmea')], { db, format: 'auto', profile: 'gfw', zones: path.join(SAMPLE_DIR, 'zones.geojson'), quiet: true });
    const store = await openStore(db, { mustExist: true });
    const events = await store.events();
    await store.close();
    // zone entries and exits are many and plain: the table shows the behaviour events
    const zone = events.filter((e) => e.type === 'zone_entry' || e.type === 'zone_exit');
    out(formatTable(events.filter((e) => e.type !== 'zone_entry' && e.type !== 'zone_exit')));
    out(`  ... and ${zone.length} zone entries/exits (Nampo port, Nampo anchorage, West Sea Barrage)`);
    out('');
    const truth = JSON.parse(readFileSync(path.join(SAMPLE_DIR, 'ground-truth.json'), 'utf8')) as GroundTruth;
    out('Against the scenario ground truth (precision P, recall R by event type):');
    out(formatScore(score(truth, events)));
    out('');
    // the report an analyst would forward, written where the demo runs (or the temp dir when that is read-only)
    const report = await demoReport(db, opts.reportDir ?? process.cwd(), dir);
    out(`Report written: ${report} (one self-contained HTML file; open it in any browser, offline)`);
    out('');
    out(JSON.stringify(summary));
    if (opts.serve) {
      out('');
      out('Serving the analysed sample (the map at the "map" address below; Ctrl-C stops and deletes the store):');
      const stop = opts.stop ?? new Promise(() => undefined);
      try {
        await runServe({ db, host: '127.0.0.1', port: String(opts.port ?? 8080) }, stop);
      } catch (err) {
        // the usual port is taken (another darkfleet?): any free one will do for a demo
        if (!(err instanceof DarkfleetError && err.code === 'serve_listen')) throw err;
        await runServe({ db, host: '127.0.0.1', port: '0' }, stop);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function register(program: Command): void {
  program
    .command('demo')
    .description('analyze the bundled Nampo sample, print the events, score them against its ground truth, then serve the map (Ctrl-C stops)')
    .option('--no-serve', 'exit after the analysis (also under CI=true)')
    .option('--port <n>', 'port to serve on, when free (default 8080; otherwise any free one)', '8080')
    .action(async (o: { serve: boolean; port: string }) => {
      const port = Number(o.port);
      if (!/^\d{1,5}$/.test(o.port) || port > 65535) throw new UsageError(`--port: "${o.port}" is not a port number (0-65535)`);
      const stop = new Promise((res) => {
        process.once('SIGINT', res);
        process.once('SIGTERM', res);
      });
      await runDemo((s) => process.stdout.write(`${s}\n`), { serve: o.serve && process.env.CI !== 'true', port, stop });
    });
}
