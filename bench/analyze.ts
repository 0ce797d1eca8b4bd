/**
 * `npm run bench -- analyze [N]`: `darkfleet analyze` end to end (NMEA with tag-block times ->
 * DuckDB -> every detector on the real map -> events stored) on N positions (default 10M) and
 * on N/2 for the scaling ratio, 3 alternating runs each (`runs=K` to change), medians; whole
 * process, peak RSS from GNU time. The NMEA (2000 vessels
 * under way, anchored or drifting off Nampo, class A every 10-30 s, some meeting for hours) is
 * generated once into .bench/. LAST line: {"bench":"analyze",...}.
 */
import { createWriteStream, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodeSentences } from '../src/ais/encode.js';
import { rng } from '../src/util/prng.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const T0 = Date.UTC(2026, 2, 1);

interface Ship {
  mmsi: number;
  lat: number;
  lon: number;
  sog: number;
  cog: number;
  every: number;
  next: number;
}

/** The NMEA corpus of n positions, generated once into .bench/ (bench/detections.ts reuses it). */
export async function corpus(n: number): Promise<string> {
  const file = path.join(root, '.bench', `analyze-${n}.nmea`);
  if (existsSync(file)) return file;
  mkdirSync(path.dirname(file), { recursive: true });
  const r = rng(42);
  const ships: Ship[] = Array.from({ length: 2000 }, (_, i) => {
    const kind = r();
    const sog = kind < 0.3 ? 0.05 : kind < 0.4 ? 1.5 : 6 + r() * 8;
    return { mmsi: (i % 3 === 0 ? 412000000 : i % 3 === 1 ? 445000000 : 511000000) + i, lat: 37.2 + r() * 1.6, lon: 122.8 + r() * 1.9, sog, cog: r() * 360, every: sog < 1 ? 180_000 : sog < 3 ? 30_000 : 10_000, next: T0 + Math.floor(r() * 10_000) };
  });
  const tmp = `${file}.part`;
  const out = createWriteStream(tmp);
  let written = 0;
  let buf: string[] = [];
  // time-ordered: advance in 10 s ticks (every cadence is a multiple of 10 s)
  for (let t = T0; written < n; t += 10_000) {
    for (const s of ships) {
      if (s.next > t || written >= n) continue;
      const dtH = s.every / 3_600_000;
      s.cog = (s.cog + (r() - 0.5) * 4 + 360) % 360;
      s.lat += (s.sog * dtH * Math.cos((s.cog * Math.PI) / 180)) / 60;
      s.lon += (s.sog * dtH * Math.sin((s.cog * Math.PI) / 180)) / 60 / Math.cos((s.lat * Math.PI) / 180);
      if (s.lat < 37 || s.lat > 39 || s.lon < 122.6 || s.lon > 124.9) s.cog = (s.cog + 180) % 360;
      let lat = s.lat;
      let lon = s.lon;
      // 40 pairs: every 50th ship shadows the one before it 150 m to the north
      const i = s.mmsi % 1000000;
      if (i % 50 === 1) {
        const lead = ships[i - 1]!;
        lat = lead.lat + 0.00135;
        lon = lead.lon;
      }
      buf.push(
        ...encodeSentences(
          { type: 1, mmsi: s.mmsi, status: s.sog < 0.5 ? 1 : 0, turn: -128, speed: Math.round(s.sog * 10), lon: Math.round(lon * 600000), lat: Math.round(lat * 600000), course: Math.round(s.cog * 10), heading: Math.round(s.cog) % 360, second: 60 },
          { time: s.next, source: 'bench' },
        ),
      );
      written++;
      s.next += s.every;
    }
    if (buf.length >= 50_000) {
      if (!out.write(`${buf.join('\n')}\n`)) await new Promise<void>((res) => out.once('drain', () => res()));
      buf = [];
    }
  }
  out.write(buf.length ? `${buf.join('\n')}\n` : '');
  await new Promise<void>((res) => out.end(res));
  renameSync(tmp, file);
  return file;
}

function analyzeOnce(file: string): { seconds: number; cpuSeconds: number | null; rssMB: number | null; summary: Record<string, unknown> } {
  const db = path.join(root, '.bench', 'analyze.duckdb');
  rmSync(db, { force: true });
  rmSync(`${db}.wal`, { force: true });
  const hasTime = spawnSync('/usr/bin/time', ['-f', '%M', 'true']).status === 0;
  const argv = [...(hasTime ? ['-f', 'maxrss_kb=%M cpu_s=%U+%S', process.execPath] : []), path.join(root, 'bin/darkfleet.js'), 'analyze', file, '--db', db, '-q'];
  const t0 = process.hrtime.bigint();
  const res = spawnSync(hasTime ? '/usr/bin/time' : process.execPath, argv, { encoding: 'utf8', maxBuffer: 1 << 24 });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (res.status !== 0) throw new Error(`analyze failed: ${res.stderr}`);
  rmSync(db, { force: true });
  const m = /maxrss_kb=(\d+)/.exec(res.stderr);
  // user + system CPU seconds: on a shared machine wall time says how busy the others were, this does not
  const c = /cpu_s=([\d.]+)\+([\d.]+)/.exec(res.stderr);
  return { seconds, cpuSeconds: c ? Number(c[1]) + Number(c[2]) : null, rssMB: m ? Number(m[1]) / 1024 : null, summary: JSON.parse(res.stdout.trim().split('\n').pop()!) as Record<string, unknown> };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

export async function run(args: string[]): Promise<void> {
  const n = Number(args.find((a) => /^\d+$/.test(a)) ?? 10_000_000);
  const runs = Number(args.find((a) => /^runs=\d+$/.test(a))?.slice(5) ?? 3);
  const half = Math.floor(n / 2);
  const [fHalf, fFull] = [await corpus(half), await corpus(n)];
  // alternating runs, medians: these machines are shared and noisy
  const as: ReturnType<typeof analyzeOnce>[] = [];
  const bs: ReturnType<typeof analyzeOnce>[] = [];
  for (let r = 0; r < runs; r++) {
    const a = analyzeOnce(fHalf);
    console.log(`run ${r + 1}: ${half} positions: ${a.seconds.toFixed(2)} s (CPU ${a.cpuSeconds?.toFixed(1) ?? 'n/a'} s), peak RSS ${a.rssMB?.toFixed(0) ?? 'n/a'} MB, events ${JSON.stringify(a.summary.events)}`);
    const b = analyzeOnce(fFull);
    console.log(`run ${r + 1}: ${n} positions: ${b.seconds.toFixed(2)} s (CPU ${b.cpuSeconds?.toFixed(1) ?? 'n/a'} s), peak RSS ${b.rssMB?.toFixed(0) ?? 'n/a'} MB, events ${JSON.stringify(b.summary.events)}`);
    as.push(a);
    bs.push(b);
  }
  const aSec = median(as.map((x) => x.seconds));
  const bSec = median(bs.map((x) => x.seconds));
  const rss = Math.max(...bs.map((x) => x.rssMB ?? 0), ...as.map((x) => x.rssMB ?? 0));
  const ratio = bSec / aSec;
  console.log(`medians of ${runs}: ${half} in ${aSec.toFixed(2)} s, ${n} in ${bSec.toFixed(2)} s (target <= 30 s); 2x input costs ${ratio.toFixed(2)}x time (target <= 2.2); peak RSS ${rss.toFixed(0)} MB (target <= 2048)`);
  console.log(
    JSON.stringify({
      bench: 'analyze',
      positions: n,
      runs,
      seconds: Number(bSec.toFixed(2)),
      positionsPerSec: Math.round(n / bSec),
      peakRssMB: rss ? Math.round(rss) : null,
      halfSeconds: Number(aSec.toFixed(2)),
      ratio2x: Number(ratio.toFixed(2)),
      allSeconds: bs.map((x) => Number(x.seconds.toFixed(2))),
      cpuSeconds: median(bs.map((x) => x.cpuSeconds ?? Number.NaN)),
      loadAverage: Number(loadavg()[0]!.toFixed(1)),
    }),
  );
}
