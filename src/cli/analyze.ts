/**
 * `darkfleet analyze INPUT...`: ingest (idempotent), run every detector over the store's data
 * in time order, store the events; `--out` also writes them as JSON lines. The last stdout line
 * is the JSON summary with event counts.
 */
import type { Command } from 'commander';
import { writeFileSync } from 'node:fs';
import { runIngest, type IngestCliOptions } from './ingest.js';
import { analyze } from '../pipeline/analyze.js';
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
  const ing = inputs.length ? await runIngest(inputs, opts) : { read: 0, inserted: 0, duplicates: 0, rejected: {}, skippedInputs: 0, seconds: 0 };
  const store = await openStore(opts.db, { threads: 1 });
  try {
    const { events, summary } = await analyze(store, {
      profile: opts.profile,
      ...(opts.zones ? { zonesFile: opts.zones } : {}),
      ...(opts.twilight ? { twilight: opts.twilight as Twilight } : {}),
    });
    if (opts.out) writeFileSync(opts.out, events.map((e) => `${JSON.stringify(e)}\n`).join(''));
    return {
      read: ing.read,
      inserted: ing.inserted,
      duplicates: ing.duplicates,
      rejected: ing.rejected,
      skippedInputs: ing.skippedInputs,
      positions: summary.positions,
      events: summary.events,
      notUsed: summary.notUsed,
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
