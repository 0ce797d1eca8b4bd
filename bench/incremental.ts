/**
 * `npm run bench -- incremental [vessels=N] [runs=K]`: issue G's bar for incremental analysis.
 * A 6-day simulated scenario (src/sim) is split into six daily NMEA files by tag-block time;
 * days 1-5 are analysed a day at a time into a store, then the sixth day's `darkfleet analyze`
 * over those five days of history is timed against the same day analysed alone in a new store
 * (K alternating runs each, default 5, medians; wall and CPU seconds from GNU time, as bench/analyze.ts).
 * Bar: replayed positions and time of the incremental day <= 1.3x the day alone.
 * LAST line: {"bench":"incremental",...}.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { simulate } from '../src/sim/index.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dir = path.join(root, '.bench', 'incremental');
const START = Date.UTC(2026, 2, 1);
const DAY = 86_400_000;

function days(vessels: number): string[] {
  const sim = path.join(dir, `sim-${vessels}`);
  const files = Array.from({ length: 6 }, (_, i) => path.join(sim, `day${i + 1}.nmea`));
  if (files.every((f) => existsSync(f))) return files;
  simulate(sim, { seed: 11, hours: 144, vessels, intervalS: 60, staticIntervalS: 1800 });
  const out: string[][] = [];
  let day = 0;
  for (const line of readFileSync(path.join(sim, 'ais.nmea'), 'utf8').split('\n')) {
    if (!line) continue;
    const m = /[\\,]c:(\d+)/.exec(line);
    if (m) day = Math.floor((Number(m[1]) * 1000 - START) / DAY);
    (out[day] ??= []).push(line);
  }
  files.forEach((f, i) => writeFileSync(f, `${(out[i] ?? []).join('\n')}\n`));
  return files;
}

interface Run {
  seconds: number;
  cpuSeconds: number | null;
  summary: Record<string, unknown>;
}

function analyze(file: string, db: string, zones: string): Run {
  const hasTime = spawnSync('/usr/bin/time', ['-f', '%M', 'true']).status === 0;
  const argv = [...(hasTime ? ['-f', 'cpu_s=%U+%S', process.execPath] : []), path.join(root, 'bin/darkfleet.js'), 'analyze', file, '--db', db, '--zones', zones, '-q'];
  const t0 = process.hrtime.bigint();
  const res = spawnSync(hasTime ? '/usr/bin/time' : process.execPath, argv, { encoding: 'utf8', maxBuffer: 1 << 24 });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (res.status !== 0) throw new Error(`analyze failed: ${res.stderr}`);
  const c = /cpu_s=([\d.]+)\+([\d.]+)/.exec(res.stderr);
  return { seconds, cpuSeconds: c ? Number(c[1]) + Number(c[2]) : null, summary: JSON.parse(res.stdout.trim().split('\n').pop()!) as Record<string, unknown> };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function fresh(db: string): void {
  rmSync(db, { force: true });
  rmSync(`${db}.wal`, { force: true });
}

export async function run(args: string[]): Promise<void> {
  const vessels = Number(args.find((a) => /^vessels=\d+$/.test(a))?.slice(8) ?? 400);
  // 5 pairs: single runs of either vary by +-15% on these shared machines, more than the margin the bar leaves
  const runs = Number(args.find((a) => /^runs=\d+$/.test(a))?.slice(5) ?? 5);
  mkdirSync(dir, { recursive: true });
  const files = days(vessels);
  const zones = path.join(dir, `sim-${vessels}`, 'zones.geojson');
  // five days of history, a day at a time
  const history = path.join(dir, 'history.duckdb');
  fresh(history);
  for (const f of files.slice(0, 5)) {
    const r = analyze(f, history, zones);
    console.log(`${path.basename(f)}: ${r.seconds.toFixed(2)} s, replayed ${String(r.summary.replayed)} (${String(r.summary.reason)})`);
  }
  const inc: Run[] = [];
  const alone: Run[] = [];
  const work = path.join(dir, 'work.duckdb');
  for (let k = 0; k < runs; k++) {
    fresh(work);
    copyFileSync(history, work);
    const a = analyze(files[5]!, work, zones);
    console.log(`run ${k + 1}: day 6 over 5 days: ${a.seconds.toFixed(2)} s (CPU ${a.cpuSeconds?.toFixed(1) ?? 'n/a'} s), replayed ${String(a.summary.replayed)} (${String(a.summary.reason)}, from ${String(a.summary.resumedFrom)}), traffic ${JSON.stringify(a.summary.traffic ?? null)}`);
    inc.push(a);
    fresh(work);
    const b = analyze(files[5]!, work, zones);
    console.log(`run ${k + 1}: day 6 alone:       ${b.seconds.toFixed(2)} s (CPU ${b.cpuSeconds?.toFixed(1) ?? 'n/a'} s), replayed ${String(b.summary.replayed)}`);
    console.log(`  phases (s): over 5 days ${JSON.stringify(a.summary.phases ?? null)}; alone ${JSON.stringify(b.summary.phases ?? null)}`);
    alone.push(b);
  }
  fresh(work);
  const rep = (r: Run[]): number => median(r.map((x) => Number(x.summary.replayed)));
  const sec = (r: Run[]): number => median(r.map((x) => x.seconds));
  const cpu = (r: Run[]): number | null => (r.every((x) => x.cpuSeconds !== null) ? median(r.map((x) => x.cpuSeconds!)) : null);
  const replayedRatio = rep(inc) / rep(alone);
  const secondsRatio = sec(inc) / sec(alone);
  const ci = cpu(inc);
  const ca = cpu(alone);
  const cpuRatio = ci !== null && ca !== null ? ci / ca : null;
  console.log(`replayed ${rep(inc)} vs ${rep(alone)} (${replayedRatio.toFixed(2)}x); wall ${sec(inc).toFixed(2)} vs ${sec(alone).toFixed(2)} s (${secondsRatio.toFixed(2)}x); CPU ${ci?.toFixed(1) ?? 'n/a'} vs ${ca?.toFixed(1) ?? 'n/a'} s (${cpuRatio?.toFixed(2) ?? 'n/a'}x)`);
  console.log(
    JSON.stringify({
      bench: 'incremental',
      vessels,
      runs,
      replayedIncremental: rep(inc),
      replayedAlone: rep(alone),
      replayedRatio: Number(replayedRatio.toFixed(3)),
      secondsIncremental: Number(sec(inc).toFixed(3)),
      secondsAlone: Number(sec(alone).toFixed(3)),
      secondsRatio: Number(secondsRatio.toFixed(3)),
      cpuIncremental: ci,
      cpuAlone: ca,
      cpuRatio: cpuRatio === null ? null : Number(cpuRatio.toFixed(3)),
      reason: inc[0]?.summary.reason ?? null,
      pass: replayedRatio <= 1.3 && secondsRatio <= 1.3,
    }),
  );
}
