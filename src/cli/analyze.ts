/**
 * `darkfleet analyze INPUT...`: ingest (idempotent), run every detector over the store's data
 * in time order, store the events; `--out` also writes them as JSON lines. The last stdout line
 * is the JSON summary with event counts.
 */
import type { Command } from 'commander';
import { existsSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { toColumns, transferList } from '../analyze/columns.js';
import type { Event } from '../detect/index.js';
import type { DarkEvent } from '../store/types.js';
import { runIngest, type IngestCliOptions } from './ingest.js';
import { detect } from '../analyze/analyze.js';
import { DEFAULT_DB, openStore } from '../store/index.js';
import { UsageError } from '../errors.js';
import type { Twilight } from '../geo/sun.js';

export interface AnalyzeCliOptions extends IngestCliOptions {
  profile: string;
  zones?: string;
  out?: string;
  twilight?: string;
}

const PROFILES = ['gfw', 'skylight', 'strict'];
const TWILIGHTS = ['none', 'civil', 'nautical', 'astronomical'];

export async function runAnalyze(inputs: string[], opts: AnalyzeCliOptions): Promise<Record<string, unknown>> {
  if (!PROFILES.includes(opts.profile)) throw new UsageError(`--profile must be one of ${PROFILES.join(', ')}`);
  if (opts.twilight && !TWILIGHTS.includes(opts.twilight)) throw new UsageError(`--twilight must be one of ${TWILIGHTS.join(', ')}`);
  const detectOpts = {
    profile: opts.profile,
    ...(opts.zones ? { zonesFile: opts.zones } : {}),
    ...(opts.twilight ? { twilight: opts.twilight as Twilight } : {}),
  };
  // One time-ordered input into a store with nothing else in it: the detectors run in a worker
  // thread on the batches as they are stored (both cores busy). Otherwise, or when that input
  // turns out not to be in time order, they replay the whole store in time order afterwards.
  const workerUrl = new URL('../analyze/worker.js', import.meta.url);
  let parallel = inputs.length === 1 && inputs[0] !== '-' && existsSync(fileURLToPath(workerUrl));
  if (parallel) {
    const s0 = await openStore(opts.db);
    parallel = (await s0.stats()).positions === 0;
    await s0.close();
  }
  let worker: Worker | null = null;
  let reply: Promise<{ kind: 'events'; events: Event[]; stats: { positions: number } } | { kind: 'error'; message: string }> | null = null;
  if (parallel) {
    const w = new Worker(workerUrl);
    worker = w;
    reply = new Promise((resolve) => {
      w.once('message', resolve);
      w.once('error', (err) => resolve({ kind: 'error', message: err.message }));
    });
    w.postMessage({ kind: 'init', ...detectOpts });
  }
  const ing = inputs.length
    ? await runIngest(inputs, opts, worker ? { onRecords: (ps, ss) => {
        const cols = toColumns(ps, inputs[0]!);
        worker!.postMessage({ kind: 'batch', cols, statics: ss }, transferList(cols));
      } } : {})
    : { read: 0, inserted: 0, duplicates: 0, rejected: {}, skippedInputs: 0, seconds: 0 };
  const store = await openStore(opts.db);
  try {
    const t1 = process.hrtime.bigint();
    let result: { events: Event[]; summary: { positions: number; events: Record<string, number>; seconds: number } } | null = null;
    if (worker && reply && ing.skippedInputs === 0) {
      worker.postMessage({ kind: 'end' });
      const r = await reply;
      if (r.kind === 'events') {
        if (r.events.length) await store.putEvents(r.events as unknown as DarkEvent[]);
        const counts: Record<string, number> = {};
        for (const e of r.events) counts[e.type] = (counts[e.type] ?? 0) + 1;
        result = { events: r.events, summary: { positions: r.stats.positions, events: counts, seconds: Number(process.hrtime.bigint() - t1) / 1e9 } };
      } else process.stderr.write(`darkfleet: detecting while ingesting stopped (${r.message}); replaying the store in time order\n`);
    }
    if (worker) await worker.terminate();
    const { events, summary } = result ?? (await detect(store, detectOpts));
    if (opts.out) writeFileSync(opts.out, events.map((e) => `${JSON.stringify(e)}\n`).join(''));
    return {
      read: ing.read,
      inserted: ing.inserted,
      duplicates: ing.duplicates,
      rejected: ing.rejected,
      skippedInputs: ing.skippedInputs,
      positions: summary.positions,
      events: summary.events,
      seconds: Number((ing.seconds + summary.seconds).toFixed(3)),
    };
  } finally {
    await store.close();
  }
}

export function register(program: Command): void {
  program
    .command('analyze')
    .description('ingest AIS and detect encounters, loitering, gaps, identity changes, spoofing, port visits and zone entries')
    .argument('[inputs...]', 'files (any format darkfleet ingest reads); none: analyze what the store holds')
    .option('--db <path>', 'store file', DEFAULT_DB)
    .option('--format <format>', 'input format: auto|nmea|marinecadastre|dma|aisstream', 'auto')
    .option('--profile <name>', `detector parameters: ${PROFILES.join('|')}`, 'gfw')
    .option('--zones <file>', 'GeoJSON zones for zone_entry/zone_exit (replaces the bundled Nampo zones)')
    .option('--twilight <kind>', `night for the night flag: ${TWILIGHTS.join('|')}`)
    .option('--out <file>', 'also write the events as JSON lines')
    .option('-q, --quiet', 'no progress bar')
    .option('--reject-file <file>', 'write rejected input lines with their reason')
    .option('--assume-start <time>', 'NMEA without receive times: start the clock at this ISO time')
    .action(async (inputs: string[], opts: AnalyzeCliOptions) => {
      const s = await runAnalyze(inputs, opts);
      process.stdout.write(`${JSON.stringify(s)}\n`);
    });
}
