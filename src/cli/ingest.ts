/**
 * `darkfleet ingest INPUT...`: any AIS input into the store, idempotent and crash-safe. Every
 * input is tried; the summary line tells per input what was stored and rejected, and the exit
 * code is 1 (after the summary) when any input failed or stored nothing.
 */
import type { Command } from 'commander';
import cliProgress from 'cli-progress';
import { ingest, ingestSucceeded, type IngestSummary } from '../pipeline/ingest.js';
import { DEFAULT_DB, storeOnDemand } from '../store/index.js';
import { createRejectWriter } from '../sources/rejects.js';
import type { SourceFormat } from '../sources/types.js';
import { UsageError } from '../errors.js';

export interface IngestCliOptions {
  db: string;
  format: SourceFormat | 'auto';
  quiet?: boolean;
  rejectFile?: string;
  assumeStart?: string;
}

const FORMATS = ['auto', 'nmea', 'marinecadastre', 'dma', 'aisstream'];

export function parseAssumeStart(s: string | undefined): number | undefined {
  if (s === undefined) return undefined;
  const t = Date.parse(s);
  if (Number.isNaN(t)) throw new UsageError(`--assume-start: cannot read "${s}" as a date-time (use ISO 8601, e.g. 2024-03-01T00:00:00Z)`);
  return t;
}

/** Runs an ingest with a progress bar on stderr (files, TTY, not -q). */
export async function runIngest(inputs: string[], opts: IngestCliOptions, extra: Parameters<typeof ingest>[2] = {}): Promise<IngestSummary> {
  if (!FORMATS.includes(opts.format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}`);
  const assumeStart = parseAssumeStart(opts.assumeStart);
  const rejects = opts.rejectFile ? createRejectWriter(opts.rejectFile) : null;
  const showBar = !opts.quiet && process.stderr.isTTY === true;
  const bar = showBar
    ? new cliProgress.SingleBar(
        { format: '{input} [{bar}] {percentage}% | {mb}/{totalmb} MB | {rate} records/s', stream: process.stderr, hideCursor: true },
        cliProgress.Presets.shades_classic,
      )
    : null;
  const t0 = Date.now();
  let current = '';
  // opened when an input has something to store: a run over missing files creates no store
  const store = storeOnDemand(opts.db, { threads: 1 });
  try {
    return await ingest(() => store.open(), inputs, {
      ...extra,
      format: opts.format,
      assumeStart,
      onReject: rejects ? rejects.sink : undefined,
      onProgress: (p) => {
        if (!bar) return;
        const size = p.size ?? p.bytes;
        if (p.input !== current) {
          if (current) bar.stop();
          current = p.input;
          bar.start(size, 0, { input: p.input, mb: '0', totalmb: (size / 1e6).toFixed(1), rate: 0 });
        }
        const secs = (Date.now() - t0) / 1000 || 1;
        bar.update(Math.min(size, p.bytes), { mb: (p.bytes / 1e6).toFixed(1), rate: Math.round(p.records / secs) });
      },
    });
  } finally {
    bar?.stop();
    await rejects?.close();
    await store.close();
  }
}

export function register(program: Command): void {
  program
    .command('ingest')
    .description('load AIS (NMEA, MarineCadastre CSV, DMA CSV, AISStream JSON; plain, .gz, .zst) into the store')
    .argument('<inputs...>', 'files, or - for stdin')
    .option('--db <path>', 'store file', DEFAULT_DB)
    .option('--format <format>', `input format: ${FORMATS.join('|')}`, 'auto')
    .option('-q, --quiet', 'no progress bar')
    .option('--reject-file <file>', 'write rejected lines with their reason as JSON lines')
    .option('--assume-start <time>', 'NMEA without receive times: start the clock at this ISO time')
    .action(async (inputs: string[], opts: IngestCliOptions) => {
      const s = await runIngest(inputs, opts);
      process.stdout.write(`${JSON.stringify(ingestSummaryJson(s))}\n`);
      process.exitCode = reportInputProblems(s);
    });
}

/** The summary line's fields of an ingest (`analyze` adds its own after them). */
export function ingestSummaryJson(s: IngestSummary): Record<string, unknown> {
  return {
    read: s.read,
    inserted: s.inserted,
    duplicates: s.duplicates,
    rejected: s.rejected,
    skippedInputs: s.skippedInputs,
    failedInputs: s.failedInputs,
    inputs: s.inputs,
    seconds: Number(s.seconds.toFixed(3)),
  };
}

/**
 * One stderr line per input that failed or stored nothing; the exit code: 0 when every input
 * is stored (now or before), 1 otherwise. Called after the summary line is written.
 */
export function reportInputProblems(s: IngestSummary): number {
  for (const i of s.inputs) {
    if (i.status === 'failed') process.stderr.write(`darkfleet: ${i.reason ?? `${i.path}: failed`}\n`);
    else if (i.status === 'nothing_stored') process.stderr.write(`darkfleet: ${i.path}: nothing stored: ${i.reason ?? ''}\n`);
  }
  return ingestSucceeded(s) ? 0 : 1;
}
