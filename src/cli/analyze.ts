/**
 * `darkfleet analyze INPUT...`: ingest (idempotent), run every detector over the store's data
 * in time order, store the events; `--out` also writes them as JSON lines. The last stdout line
 * is the JSON summary with event counts. Incremental: detector state is checkpointed in the store,
 * so a run replays only what new data can change (`replayed`); `--full` replays everything. An input that fails is reported and the rest analyzed;
 * the exit code is then 1. With no inputs, the store must exist (`darkfleet init` makes one).
 */
import type { Command } from 'commander';
import { existsSync, writeFileSync } from 'node:fs';
import { ingestSummaryJson, reportInputProblems, runIngest, type IngestCliOptions } from './ingest.js';
import { analyze } from '../pipeline/analyze.js';
import type { IngestSummary } from '../pipeline/ingest.js';
import { DEFAULT_DB, openStore, storeExists } from '../store/index.js';
import { UsageError } from '../errors.js';
import type { Twilight } from '../geo/sun.js';

export interface AnalyzeCliOptions extends IngestCliOptions {
  profile: string;
  zones?: string;
  out?: string;
  twilight?: string;
  /** ignore the checkpoints and replay everything the store holds */
  full?: boolean;
  /** threads running detectors (commander gives a string) */
  threads?: string | number;
  /** positions a store needs before threads are used (tests) */
  parallelMin?: number;
}

const PROFILES = ['gfw', 'skylight', 'strict'];
const TWILIGHTS = ['none', 'civil', 'nautical', 'astronomical'];

export interface AnalyzeCliResult {
  summary: Record<string, unknown>;
  /** 0, or 1 when an input failed or stored nothing (the analysis still ran over the rest) */
  exitCode: number;
}

export async function runAnalyze(inputs: string[], opts: AnalyzeCliOptions): Promise<AnalyzeCliResult> {
  if (!PROFILES.includes(opts.profile)) throw new UsageError(`--profile must be one of ${PROFILES.join(', ')}`);
  if (opts.twilight && !TWILIGHTS.includes(opts.twilight)) throw new UsageError(`--twilight must be one of ${TWILIGHTS.join(', ')}`);
  const threads = opts.threads === undefined ? undefined : Number(opts.threads);
  if (threads !== undefined && !(Number.isInteger(threads) && threads >= 1 && threads <= 64)) throw new UsageError('--threads must be a whole number from 1 to 64');
  if (opts.zones !== undefined && !existsSync(opts.zones)) throw new UsageError(`--zones: no such file ${opts.zones}`);
  if (inputs.length === 0 && !storeExists(opts.db)) {
    throw new UsageError(`--db ${opts.db}: no store there to analyze; give INPUT files to ingest, or create an empty store with darkfleet init --db ${opts.db}`);
  }
  const ing: IngestSummary = inputs.length
    ? await runIngest(inputs, opts)
    : { read: 0, inserted: 0, duplicates: 0, rejected: {}, skippedInputs: 0, failedInputs: [], inputs: [], seconds: 0 };
  const exitCode = inputs.length ? reportInputProblems(ing) : 0;
  // every input failed or stored nothing, and there was no store before: nothing to analyze
  if (!storeExists(opts.db)) {
    return { summary: { ...ingestSummaryJson(ing), positions: 0, events: {}, notUsed: {} }, exitCode };
  }
  const store = await openStore(opts.db, { threads: 1 });
  try {
    const { events, summary } = await analyze(store, {
      profile: opts.profile,
      ...(opts.zones ? { zonesFile: opts.zones } : {}),
      ...(opts.twilight ? { twilight: opts.twilight as Twilight } : {}),
      ...(opts.full ? { full: true } : {}),
      ...(threads !== undefined ? { threads } : {}),
      ...(opts.parallelMin !== undefined ? { parallelMin: opts.parallelMin } : {}),
    });
    if (opts.out) writeFileSync(opts.out, events.map((e) => `${JSON.stringify(e)}\n`).join(''));
    const ingested = ingestSummaryJson(ing);
    delete ingested.seconds;
    return {
      summary: {
        ...ingested,
        positions: summary.positions,
        replayed: summary.replayed,
        resumedFrom: summary.resumedFrom,
        reason: summary.reason,
        traffic: { refreshed: summary.traffic.refreshed, incremental: summary.traffic.incremental, seconds: summary.traffic.seconds },
        events: summary.events,
        notUsed: summary.notUsed,
        seconds: Number((ing.seconds + summary.seconds).toFixed(3)),
        phases: { ingest: Number(ing.seconds.toFixed(3)), ...summary.phases },
      },
      exitCode,
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
    .option('--out <file>', 'also write the events this run emitted as JSON lines')
    .option('--full', 'replay everything the store holds instead of resuming from the last checkpoint (same events)')
    .option('--threads <n>', 'threads running detectors on a store of 1M positions or more: the per-vessel ones on n - 1 threads, encounters and convoys beside the reading; same events, ~250 MB a thread (default: DARKFLEET_THREADS, else the cores, at most 4; 1: one thread)')
    .option('-q, --quiet', 'no progress bar')
    .option('--reject-file <file>', 'write rejected input lines with their reason')
    .option('--assume-start <time>', 'NMEA without receive times: start the clock at this ISO time')
    .action(async (inputs: string[], opts: AnalyzeCliOptions) => {
      const { summary, exitCode } = await runAnalyze(inputs, opts);
      process.stdout.write(`${JSON.stringify(summary)}\n`);
      process.exitCode = exitCode;
    });
}
