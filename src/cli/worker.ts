/**
 * `darkfleet worker --nats URL --db postgres://... [--partitions m.0,c.1] [--idle-exit S]`: a
 * scale-out worker (src/live/worker.ts): takes partitions of the stream by lease, runs the
 * detectors, writes positions and events to the store, acknowledges after the write. Several
 * run side by side, on any machines that reach the broker and the database. Logs on stderr;
 * alerts with --alert as `watch` sends them; one JSON summary line on stdout at exit
 * (--idle-exit, SIGINT or SIGTERM).
 */
import type { Command } from 'commander';
import { openStore } from '../store/index.js';
import { UsageError } from '../errors.js';
import { alertSink, latencySummary } from '../live/alerts.js';
import { liveGeo } from '../live/geo.js';
import { runWorker } from '../live/worker.js';
import { DEFAULT_STREAM } from '../live/nats.js';

export interface WorkerCliOptions {
  nats: string;
  db: string;
  stream: string;
  partitions?: string;
  idleExit?: string;
  profile: string;
  zones?: string;
  alert?: string;
  /** commander's --no-early */
  early?: boolean;
  quiet?: boolean;
}

export async function runWorkerCli(opts: WorkerCliOptions, signal: AbortSignal): Promise<Record<string, unknown>> {
  if (!opts.nats?.startsWith('nats://')) throw new UsageError('--nats must be a nats:// URL');
  if (!/^postgres(ql)?:\/\//.test(opts.db)) throw new UsageError('--db must be a postgres:// URL (workers share one database)');
  const idle = opts.idleExit === undefined ? undefined : Number(opts.idleExit);
  if (idle !== undefined && !(idle > 0)) throw new UsageError('--idle-exit must be a number of seconds > 0');
  const partitions = opts.partitions?.split(',').filter(Boolean);
  if (partitions?.some((p) => !/^[mc]\.\d+$/.test(p))) throw new UsageError('--partitions: a list like m.0,m.1,c.0');
  if (opts.alert !== undefined && opts.alert !== 'stdout' && !/^https?:\/\//.test(opts.alert)) throw new UsageError('--alert must be stdout or an http(s):// URL');
  const log = opts.quiet ? undefined : (line: string): void => void process.stderr.write(`${line}\n`);
  const alert = opts.alert ? alertSink(opts.alert, (line) => void process.stdout.write(line)) : undefined;
  const store = await openStore(opts.db);
  try {
    const geo = await liveGeo(store, { ...(opts.zones ? { zonesFile: opts.zones } : {}), refresh: false });
    const summary = await runWorker({
      nats: opts.nats,
      store,
      geo,
      stream: opts.stream,
      profile: opts.profile,
      ...(partitions ? { partitions } : {}),
      ...(idle !== undefined ? { idleExitS: idle } : {}),
      ...(alert ? { alert, early: opts.early !== false } : {}),
      ...(log ? { log } : {}),
      signal,
    });
    await alert?.close();
    return { ...summary, ...(alert ? { alerts: { ...alert.stats, latencyMs: latencySummary(alert.latencies) } } : {}) };
  } finally {
    await store.close();
  }
}

export function register(program: Command): void {
  program
    .command('worker')
    .description('scale-out worker: consume partitions of the NATS JetStream stream, detect, write to PostgreSQL')
    .requiredOption('--nats <url>', 'NATS server (nats://host:port)')
    .requiredOption('--db <url>', 'PostgreSQL store (postgres://...)')
    .option('--stream <name>', 'JetStream stream name', DEFAULT_STREAM)
    .option('--partitions <list>', 'only these partitions (m.0,c.1,...); default: a fair share of all, by lease')
    .option('--idle-exit <s>', 'exit after this many seconds with nothing to do')
    .option('--profile <name>', 'detector parameters: gfw|skylight|strict', 'gfw')
    .option('--zones <file>', 'GeoJSON zones for zone_entry/zone_exit')
    .option('--alert <where>', 'also send alerts: stdout or an http(s):// webhook URL')
    .option('--no-early', 'alert encounters and gaps only when final, not also as they start')
    .option('-q, --quiet', 'no logs on stderr')
    .action(async (opts: WorkerCliOptions) => {
      const ac = new AbortController();
      process.once('SIGINT', () => ac.abort());
      process.once('SIGTERM', () => ac.abort());
      const summary = await runWorkerCli(opts, ac.signal);
      process.stdout.write(`${JSON.stringify(summary)}\n`);
    });
}
