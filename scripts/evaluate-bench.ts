/**
 * The benchmark part of `npm run evaluate --bench` (scripts/evaluate.ts): which benches run,
 * with which peers beside them, and how their last JSON lines become the README's table.
 *
 * A bench runs when what it compares against is here: `decode` needs its npm peers
 * (ggencoder, ais-stream-decoder; gpsdecode is compared when installed, else the bench says
 * so), `pg` a reachable PostgreSQL (DARKFLEET_TEST_PG). Benches without peers are measured
 * against the bounds (screen 10 s, ingest 500k rows/s, report 10 s). The long benches
 * (analyze, api, detections and detect on 10M positions: many minutes each) run only with
 * `--bench-long`. The package is built once, then each bench runs as `node --import tsx
 * bench/run.ts NAME` (what `npm run bench` does after its build) and its last stdout line is
 * kept, with the 1-minute load average before and after: on a shared machine wall-clock
 * figures follow the load.
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { cpus, loadavg } from 'node:os';
import pg from 'pg';
import type { BenchRun } from '../src/report/evaluation.js';

interface BenchSpec {
  name: string;
  args: string[];
  long?: boolean;
  /** what is compared: shown in the table */
  what: string;
  /** null when the bench can run, else why not */
  missing: () => Promise<string | null>;
  /** the table's two cells: darkfleet's figure, the peers' (or the bound) */
  cells: (r: Record<string, unknown>) => [string, string];
}

const require = createRequire(import.meta.url);
const resolvable = (m: string): boolean => {
  try {
    require.resolve(m);
    return true;
  } catch {
    return false;
  }
};
const none = (): Promise<null> => Promise.resolve(null);
const num = (x: unknown): string => (typeof x === 'number' ? x.toLocaleString('en-US') : '?');
const obj = (x: unknown): Record<string, unknown> => (x && typeof x === 'object' ? (x as Record<string, unknown>) : {});

async function pgMissing(): Promise<string | null> {
  const url = process.env.DARKFLEET_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/test';
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await c.connect();
    return null;
  } catch (err) {
    return `PostgreSQL unreachable at ${url} (${err instanceof Error ? err.message : String(err)})`;
  } finally {
    await c.end().catch(() => undefined);
  }
}

export const BENCHES: readonly BenchSpec[] = [
  {
    name: 'decode',
    args: [],
    what: 'AIS decoding, ~1M real lines: library msg/s; CLI to /dev/null',
    missing: () => Promise.resolve(['ggencoder', 'ais-stream-decoder'].filter((m) => !resolvable(m)).map((m) => `npm peer ${m} not installed`).join(', ') || null),
    cells: (r) => {
      const p = obj(r.peers);
      const x = obj(r.ratio);
      const cli = obj(r.cli);
      const gpsd = typeof cli.gpsdecodeSeconds === 'number' ? `; \`gpsdecode -j\` ${cli.gpsdecodeSeconds} s (darkfleet CLI ${num(cli.speedup)}x faster)` : '; gpsdecode not installed';
      return [`${num(r.msgsPerSec)} msg/s; CLI ${num(cli.seconds)} s`, `ggencoder ${num(p.ggencoder)} msg/s (${num(x.ggencoder)}x), ais-stream-decoder ${num(p['ais-stream-decoder'])} msg/s (${num(x['ais-stream-decoder'])}x)${gpsd}`];
    },
  },
  {
    name: 'pg',
    args: ['--positions', '300000'],
    what: 'store writes and time-ordered read-back, 300k synthetic positions',
    missing: pgMissing,
    cells: (r) => {
      const d = obj(r.duckdb);
      const p = obj(r.postgres);
      return [
        `DuckDB ${num(d.positionsPerSec)} positions/s written, ${num(d.readPerSec)}/s read back`,
        `PostgreSQL + PostGIS ${num(p.positionsPerSec)} positions/s written (${num(p.positionsPerCpuSec)} per CPU-second, client + server), ${num(p.readPerSec)}/s read back`,
      ];
    },
  },
  {
    name: 'screen',
    args: [],
    what: 'screening 100k identities against 50k list entities, lists loaded and indexed',
    missing: none,
    cells: (r) => [`${num(r.totalSeconds)} s (${num(r.identitiesPerSecond)} identities/s screening)`, `bound 10 s: ${r.pass === true ? 'met' : 'not met'}`],
  },
  {
    name: 'ingest',
    args: ['1000000'],
    what: 'NMEA into a new DuckDB store, 1M sentences, whole process',
    missing: none,
    cells: (r) => [`${num(r.rowsPerSec)} rows/s, peak RSS ${num(r.peakRssMB)} MB`, `target ${num(r.target)} rows/s`],
  },
  {
    name: 'report',
    args: [],
    what: 'the HTML report of a simulated day (300 vessels)',
    missing: none,
    cells: (r) => [`${num(r.seconds)} s`, 'bound 10 s'],
  },
  { name: 'analyze', args: [], long: true, what: 'darkfleet analyze end to end, 10M positions (and 5M)', missing: none, cells: (r) => [JSON.stringify(r).slice(0, 200), '-'] },
  { name: 'detections', args: [], long: true, what: '100k satellite detections against 10M positions', missing: none, cells: (r) => [JSON.stringify(r).slice(0, 200), 'target 20 s'] },
  { name: 'api', args: [], long: true, what: 'the map API over 10M positions (p50/p99)', missing: none, cells: (r) => [JSON.stringify(r).slice(0, 200), '-'] },
];

/** Runs the benches (the long ones too with `long`), building the package first. */
export async function runBenches(root: string, o: { long: boolean; only?: readonly string[]; log: (s: string) => void }): Promise<Record<string, BenchRun>> {
  const out: Record<string, BenchRun> = {};
  const chosen = BENCHES.filter((b) => (o.only ? o.only.includes(b.name) : o.long || !b.long));
  o.log('bench: npm run build ...');
  const build = spawnSync('npm', ['run', '--silent', 'build'], { cwd: root, encoding: 'utf8', maxBuffer: 64 << 20 });
  if (build.status !== 0) throw new Error(`npm run build failed: ${build.stderr.trim().split('\n').slice(-3).join(' ')}`);
  for (const b of chosen) {
    const load = { start: loadavg()[0]!, end: 0, cores: cpus().length };
    const t0 = performance.now();
    const why = await b.missing();
    if (why) {
      o.log(`bench ${b.name}: skipped (${why})`);
      out[b.name] = { args: b.args, result: null, skipped: why, load: { ...load, end: loadavg()[0]! }, wallSeconds: 0 };
      continue;
    }
    o.log(`bench ${b.name} ${b.args.join(' ')} (load ${load.start.toFixed(1)}) ...`);
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'bench/run.ts', b.name, ...b.args], { cwd: root, encoding: 'utf8', maxBuffer: 256 << 20 });
    const run: BenchRun = { args: b.args, result: null, load: { ...load, end: loadavg()[0]! }, wallSeconds: Number(((performance.now() - t0) / 1000).toFixed(1)) };
    const last = r.stdout.trim().split('\n').pop() ?? '';
    try {
      if (r.status !== 0) throw new Error('exit');
      run.result = JSON.parse(last) as Record<string, unknown>;
    } catch {
      run.error = `exit ${r.status}: ${r.stderr.trim().split('\n').pop() ?? ''}`;
    }
    out[b.name] = run;
  }
  return out;
}

/** The README's bench table (markdown lines). */
export function benchTable(runs: Record<string, BenchRun>): string[] {
  const lines = ['| bench | what | darkfleet | peers run beside it (or the bound) | load avg (1 min) at start / end, cores |', '| --- | --- | --- | --- | --- |'];
  for (const [name, run] of Object.entries(runs)) {
    const spec = BENCHES.find((b) => b.name === name);
    const cmd = `\`npm run bench -- ${[name, ...run.args].join(' ')}\``;
    const [ours, peers] = run.result && spec ? spec.cells(run.result) : [run.skipped ? `not run: ${run.skipped}` : `failed: ${run.error ?? '?'}`, '-'];
    lines.push(`| ${cmd} | ${spec?.what ?? ''} | ${ours} | ${peers} | ${run.load.start.toFixed(1)} / ${run.load.end.toFixed(1)}, ${run.load.cores} |`);
  }
  return lines;
}
