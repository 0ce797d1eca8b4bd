/** `darkfleet simulate`: a seeded West Korea Bay scenario with ground truth (src/sim). */
import type { Command } from 'commander';
import { UsageError } from '../errors.js';
import { simulate, DEFAULT_START } from '../sim/index.js';

export interface SimulateCliOptions {
  seed: string;
  hours: string;
  out: string;
  vessels?: string;
  start?: string;
  interval?: string;
  staticInterval?: string;
  loss?: string;
  malformed?: string;
  realism?: boolean;
  movement?: boolean;
  routes?: boolean;
}

function num(name: string, v: string | undefined, lo: number, hi: number, int = false): number | undefined {
  if (v === undefined) return undefined;
  const x = Number(v);
  if (!Number.isFinite(x) || x < lo || x > hi || (int && !Number.isInteger(x))) {
    throw new UsageError(`--${name}: expected ${int ? 'an integer' : 'a number'} in ${lo}..${hi}, got "${v}"`);
  }
  return x;
}

export function runSimulate(opts: SimulateCliOptions): number {
  const seed = num('seed', opts.seed, 0, 2 ** 32 - 1, true)!;
  const hours = num('hours', opts.hours, 1, 24 * 31)!;
  if (opts.start !== undefined && Number.isNaN(Date.parse(opts.start))) throw new UsageError(`--start: cannot read "${opts.start}" as an ISO 8601 time`);
  const started = process.hrtime.bigint();
  const res = simulate(opts.out, {
    seed,
    hours,
    vessels: num('vessels', opts.vessels, 40, 100000, true),
    start: opts.start,
    intervalS: num('interval', opts.interval, 1, 3600, true),
    staticIntervalS: num('static-interval', opts.staticInterval, 6, 86400, true),
    loss: num('loss', opts.loss, 0, 0.5),
    malformed: num('malformed', opts.malformed, 0, 1e6, true),
    ...(opts.realism ? { realism: true } : {}),
    ...(opts.movement ? { movement: true } : {}),
    ...(opts.routes ? { routes: true } : {}),
  });
  const t = res.truth;
  const events: Record<string, number> = {};
  for (const e of t.events) if (!e.optional) events[e.type] = (events[e.type] ?? 0) + 1;
  const summary = {
    out: opts.out,
    seed,
    hours,
    identities: t.vessels.length,
    ...t.stats,
    events,
    negatives: t.negatives.length,
    seconds: Number(process.hrtime.bigint() - started) / 1e9,
  };
  process.stdout.write(`${JSON.stringify(summary)}\n`);
  return 0;
}

export function register(program: Command): void {
  program
    .command('simulate')
    .description('generate a seeded West Korea Bay (Nampo) AIS scenario: ais.nmea, ais.csv, ground-truth.json, zones.geojson, README.txt')
    .requiredOption('--seed <n>', 'random seed (same seed, same bytes)')
    .requiredOption('--hours <h>', 'scenario length in hours')
    .requiredOption('--out <dir>', 'output folder')
    .option('--vessels <n>', 'hulls to simulate, planted ones included (default 400)')
    .option('--start <iso>', `scenario start, UTC (default ${DEFAULT_START})`)
    .option('--interval <s>', 'thin position reports to at most one per vessel every s seconds (default 60)')
    .option('--static-interval <s>', 'seconds between static reports (default 360)')
    .option('--loss <p>', 'reception loss probability (default 0.03)')
    .option('--malformed <n>', 'lines written with a bad checksum (default 0.02% of positions, at least 3)')
    .option('--realism', 'plant the hard cases of real data: river berths on the land mask, offshore trawler fleets, dark partners, a learned anchorage, a coverage hole')
    .option('--routes', 'plant ships shuttling between Nampo and a Chinese anchorage (repeated routes) and one single round trip')
    .option('--movement', 'plant movement patterns: coal convoys toward Chinese waters, convoy look-alikes (lane sharing, crossings, a tug and tow, a fishing fleet), destination changes')
    .action((opts: SimulateCliOptions) => {
      process.exitCode = runSimulate(opts);
    });
}
