/** `darkfleet ingest INPUT...`: any AIS input into the store, idempotent and crash-safe. */
import type { Command } from 'commander';
import cliProgress from 'cli-progress';
import { ingest, type IngestSummary } from '../pipeline/ingest.js';
import { DEFAULT_DB, openStore } from '../store/index.js';
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
  const store = await openStore(opts.db, { threads: 1 });
  try {
    return await ingest(store, inputs, {
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
      process.stdout.write(`${JSON.stringify({ read: s.read, inserted: s.inserted, duplicates: s.duplicates, rejected: s.rejected, skippedInputs: s.skippedInputs, seconds: Number(s.seconds.toFixed(3)) })}\n`);
    });
}
