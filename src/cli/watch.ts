/**
 * `darkfleet watch INPUT... [--db] [--alert stdout|URL] [--profile] [--replay-speed N]
 * [--publish nats://...]`: live monitoring. Inputs are tcp://, udp://, aisstream:// feeds or
 * files (read as fast as they go, or replayed at --replay-speed times real time). Without
 * --publish the detectors run here, positions and events go to the store and each event is an
 * alert when it closes (JSON line on stdout, or POSTed to a webhook), encounters and gaps also
 * as they start (flag `ongoing`, same id; --no-early turns that off); with --publish the
 * records go to a JetStream stream for `darkfleet worker`s. Logs go to stderr; the last stdout
 * line is a JSON summary once every input has ended (files) or on SIGINT/SIGTERM (feeds).
 * `--serve PORT` also serves the API and the map on 127.0.0.1 with the alerts as server-sent
 * events at /api/alerts (src/api/routes/alerts.ts).
 */
import type { Command } from 'commander';
import { DEFAULT_DB, openStore } from '../store/index.js';
import type { Store } from '../store/types.js';
import { UsageError } from '../errors.js';
import { AlertHub, TeeSink, alertSink, latencySummary, type AlertSink } from '../live/alerts.js';
import { createApp } from '../api/app.js';
import { startServer, type RunningServer } from '../api/server.js';
import { liveGeo } from '../live/geo.js';
import { watch } from '../live/watch.js';
import { DEFAULT_PLAN, checkPlan, type PartitionPlan } from '../live/partition.js';
import { DEFAULT_STREAM } from '../live/nats.js';
import type { SourceFormat } from '../sources/types.js';

export interface WatchCliOptions {
  db: string;
  alert: string;
  profile: string;
  zones?: string;
  replaySpeed?: string;
  reorderS: string;
  publish?: string;
  stream: string;
  plan?: string;
  format: string;
  assumeStart?: string;
  serve?: string;
  /** commander's --no-early */
  early?: boolean;
  quiet?: boolean;
}

const PROFILES = ['gfw', 'skylight', 'strict'];

/** `--plan mmsi=4,cells=4,cellDeg=1,marginDeg=0.25,groups=1` over the defaults. */
export function parsePlan(spec: string | undefined): PartitionPlan {
  const plan: PartitionPlan = { ...DEFAULT_PLAN };
  for (const part of (spec ?? '').split(',').filter(Boolean)) {
    const [k, v] = part.split('=');
    if (!k || v === undefined || !(k in plan) || !Number.isFinite(Number(v))) throw new UsageError(`--plan: "${part}" is not one of mmsi=N, cells=N, cellDeg=D, marginDeg=D, groups=0|1`);
    plan[k as keyof PartitionPlan] = Number(v);
  }
  try {
    return checkPlan(plan);
  } catch (err) {
    throw new UsageError(`--plan: ${err instanceof Error ? err.message : String(err)}`);
  }
}

export async function runWatch(inputs: string[], opts: WatchCliOptions, signal: AbortSignal): Promise<Record<string, unknown>> {
  if (inputs.length === 0) throw new UsageError('watch needs at least one INPUT (tcp://, udp://, aisstream://... or a file)');
  if (!PROFILES.includes(opts.profile)) throw new UsageError(`--profile must be one of ${PROFILES.join(', ')}`);
  if (opts.alert !== 'stdout' && !/^https?:\/\//.test(opts.alert)) throw new UsageError('--alert must be stdout or an http(s):// URL');
  const speed = opts.replaySpeed === undefined ? 0 : Number(opts.replaySpeed);
  if (!(speed >= 0)) throw new UsageError('--replay-speed must be a number >= 0 (0: as fast as it reads)');
  const reorderS = Number(opts.reorderS);
  if (!(reorderS >= 0)) throw new UsageError('--reorder-s must be a number >= 0');
  if (opts.publish !== undefined && !opts.publish.startsWith('nats://')) throw new UsageError('--publish must be a nats:// URL');
  const assumeStart = opts.assumeStart === undefined ? undefined : Date.parse(opts.assumeStart);
  if (assumeStart !== undefined && !Number.isFinite(assumeStart)) throw new UsageError('--assume-start must be an ISO time');
  if (opts.serve !== undefined && (!/^\d{1,5}$/.test(opts.serve) || Number(opts.serve) > 65535)) throw new UsageError(`--serve: "${opts.serve}" is not a port number (0-65535; 0 picks a free one)`);
  if (opts.serve !== undefined && opts.publish) throw new UsageError('--serve: with --publish the workers run the detectors; serve their store with darkfleet serve');
  const log = opts.quiet ? undefined : (line: string): void => void process.stderr.write(`${line}\n`);
  const lines = alertSink(opts.alert, (line) => void process.stdout.write(line));
  const hub = opts.serve !== undefined ? new AlertHub() : undefined;
  const alert: AlertSink = hub ? new TeeSink([lines, hub]) : lines;
  let store: Store | undefined;
  let server: RunningServer | undefined;
  try {
    if (!opts.publish) store = await openStore(opts.db);
    if (hub && store) {
      server = await startServer(createApp({ store, alerts: hub }), '127.0.0.1', Number(opts.serve));
      log?.(`darkfleet watch: alerts at ${server.url}/api/alerts (server-sent events), map at ${server.url}/`);
    }
    const summary = await watch({
      inputs,
      profile: opts.profile,
      alert,
      early: opts.early !== false,
      reorderMs: reorderS * 1000,
      format: opts.format as SourceFormat | 'auto',
      ...(speed > 0 ? { replaySpeed: speed } : {}),
      ...(assumeStart !== undefined ? { assumeStart } : {}),
      ...(store ? { store, geo: await liveGeo(store, { ...(opts.zones ? { zonesFile: opts.zones } : {}), refresh: true }) } : {}),
      ...(opts.publish ? { publish: { url: opts.publish, stream: opts.stream, plan: parsePlan(opts.plan) } } : {}),
      signal,
      onConnection: (input, event, detail) => log?.(`darkfleet watch: ${input} ${event}${detail ? `: ${detail}` : ''}`),
      ...(log ? { log } : {}),
    });
    await alert.close();
    return { ...summary, alerts: { ...alert.stats, latencyMs: latencySummary(alert.latencies) } };
  } finally {
    await server?.close();
    await store?.close();
  }
}

export function register(program: Command): void {
  program
    .command('watch')
    .description('watch live AIS (tcp://, udp://, aisstream://, or a file replayed): detect as it comes and alert, or publish to NATS for workers')
    .argument('<inputs...>', 'tcp://host:port, udp://[host]:port, aisstream://?key=K&bbox=W,S,E,N, or files')
    .option('--db <path>', 'store (DuckDB file or postgres:// URL)', DEFAULT_DB)
    .option('--alert <where>', 'stdout (JSON lines) or an http(s):// webhook URL', 'stdout')
    .option('--no-early', 'alert encounters and gaps only when final, not also as they start (an encounter at its minimum duration, a silence at the gap threshold)')
    .option('--profile <name>', `detector parameters: ${PROFILES.join('|')}`, 'gfw')
    .option('--zones <file>', 'GeoJSON zones for zone_entry/zone_exit')
    .option('--replay-speed <n>', 'files: replay at n times real time by their timestamps (default: as fast as they read)')
    .option('--reorder-s <s>', 'hold records this many seconds of feed time to put receivers in order', '10')
    .option('--publish <url>', 'publish normalised records to NATS JetStream (nats://host:port) for darkfleet worker')
    .option('--stream <name>', 'JetStream stream name', DEFAULT_STREAM)
    .option('--plan <spec>', 'partitions of a new stream: mmsi=4,cells=4,cellDeg=1,marginDeg=0.25,groups=1')
    .option('--format <format>', 'input format: auto|nmea|marinecadastre|dma|aisstream', 'auto')
    .option('--serve <port>', 'also serve the API and map on 127.0.0.1:<port>, with the alerts as server-sent events at /api/alerts')
    .option('--assume-start <time>', 'NMEA without receive times: start the clock at this ISO time (sockets: the connect time)')
    .option('-q, --quiet', 'no logs on stderr')
    .action(async (inputs: string[], opts: WatchCliOptions) => {
      const ac = new AbortController();
      process.once('SIGINT', () => ac.abort());
      process.once('SIGTERM', () => ac.abort());
      const summary = await runWatch(inputs, opts, ac.signal);
      process.stdout.write(`${JSON.stringify(summary)}\n`);
    });
}
