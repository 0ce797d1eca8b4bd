/**
 * Traffic layer (src/geo/traffic.ts) costs on real data: the NOAA MarineCadastre 2022-01-03
 * excerpt (../shared/data/tracks/noaa_marinecadastre_2022-01-03_first100k.csv.gz, 100k
 * positions, U.S. waters). Reports ns per position added, ms to compile the water set, and ns per
 * isWater query (median of runs) on three point sets: the data's own positions (every query
 * lands near water cells: the worst case, one H3 lookup each), a U.S. Gulf coast box, and the
 * whole globe (mostly answered by the prefilter); then us per coverage query (12 h interval)
 * and ms to learn anchorages (land mask and port list already loaded). Finally ns per position
 * added on a synthetic stream (default 10M positions: 5000 vessels reporting every 30 s in
 * time order, each a correlated random walk, a quarter of them moored at any time), the scale
 * `analyze` feeds the layer at; positions are pre-generated in typed arrays and handed to `add`
 * through one reused Position object, so the figure is the layer's cost, not the generator's.
 * Wall and CPU time are both reported (the shared 2-core box runs other work; CPU time excludes
 * waiting for a core, not cache contention).
 * Usage: npm run bench -- traffic [--runs 5] [--file PATH] [--synthetic N] [--synthetic-runs 3]
 */
import path from 'node:path';
import { landModel } from '../src/geo/land.js';
import { defaultAnchorages } from '../src/geo/ports.js';
import { TrafficLayer } from '../src/geo/traffic.js';
import { readInput } from '../src/sources/read.js';
import type { Position } from '../src/records.js';
import { rng } from '../src/util/prng.js';

const repoRoot = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');

/** ns per get + set of a Map<number, number> holding 100k random integer keys: how loaded the box is (median of runs). */
function calibrate(runs: number): number {
  const r = rng(5);
  const keys = Float64Array.from({ length: 1_000_000 }, () => Math.floor(r() * 100_000) * 7919);
  const times: number[] = [];
  for (let k = 0; k < runs; k++) {
    const m = new Map<number, number>();
    const t = process.hrtime.bigint();
    for (let i = 0; i < keys.length; i++) m.set(keys[i]!, (m.get(keys[i]!) ?? 0) + 1);
    times.push(Number(process.hrtime.bigint() - t) / keys.length);
  }
  return Math.round(median(times));
}

/** CPU time (user + system) of this process since c0, ns: less inflated than wall time on a shared, loaded box. */
function cpuNs(c0: NodeJS.CpuUsage): number {
  const c = process.cpuUsage(c0);
  return (c.user + c.system) * 1000;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

export async function run(args: string[]): Promise<void> {
  const arg = (name: string): string | undefined => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const runs = Number(arg('--runs') ?? 5);
  const synthN = Number(arg('--synthetic') ?? 10_000_000);
  const synthRuns = Number(arg('--synthetic-runs') ?? 3);
  const file = arg('--file') ?? path.resolve(repoRoot, '../shared/data/tracks/noaa_marinecadastre_2022-01-03_first100k.csv.gz');
  const ps: Position[] = [];
  for await (const b of readInput(file)) for (const p of b.positions) ps.push(p);

  const addNs: number[] = [], addCpuNs: number[] = [];
  let layer = new TrafficLayer().addAll(ps); // warm-up (JIT), untimed: in `analyze` the layer is fed millions
  for (let k = 0; k < runs; k++) {
    layer = new TrafficLayer();
    const c0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    layer.addAll(ps);
    addNs.push(Number(process.hrtime.bigint() - t0) / ps.length);
    addCpuNs.push(cpuNs(c0) / ps.length);
  }
  let t0 = performance.now();
  const water = layer.waterCells().size;
  const compileMs = performance.now() - t0;

  const r = rng(7);
  const sets: Record<string, Float64Array> = {
    ownPositions: Float64Array.from(ps.flatMap((p) => [p.lat, p.lon])),
    gulfCoast: Float64Array.from({ length: 200_000 }, (_, i) => (i % 2 ? -98 + 9 * r() : 26 + 5 * r())),
    globe: Float64Array.from({ length: 200_000 }, (_, i) => (i % 2 ? 360 * r() - 180 : (Math.asin(2 * r() - 1) * 180) / Math.PI)),
  };
  const isWaterNs: Record<string, number> = {};
  let sink = 0;
  for (const [name, pts] of Object.entries(sets)) {
    const n = pts.length / 2;
    const times: number[] = [];
    for (let k = 0; k < runs; k++) {
      const t = process.hrtime.bigint();
      for (let i = 0; i < n; i++) if (layer.isWater(pts[2 * i]!, pts[2 * i + 1]!)) sink++;
      times.push(Number(process.hrtime.bigint() - t) / n);
    }
    isWaterNs[name] = Math.round(median(times));
  }

  const covUs: number[] = [];
  const from = Date.UTC(2022, 0, 3, 0);
  for (let k = 0; k < runs; k++) {
    const t = process.hrtime.bigint();
    for (let i = 0; i < 2000; i++) {
      const p = ps[(i * 37) % ps.length]!;
      sink += layer.coverage(p.lat, p.lon, from, from + 12 * 3_600_000, { excludeMmsi: p.mmsi }).hoursHeard;
    }
    covUs.push(Number(process.hrtime.bigint() - t) / 2000 / 1000);
  }
  landModel(); // loaded once per process (~2 s): not part of a query
  defaultAnchorages();
  t0 = performance.now();
  const anchorages = layer.learnedAnchorages().length;
  const anchMs = performance.now() - t0;
  if (sink < 0) console.log(sink);
  const synthNs = synthN > 0 ? synthetic(synthN, synthRuns) : { addNs: 0, addCpuNs: 0, cells: 0 };

  const out = {
    calibrationMapNs: calibrate(runs),
    positions: ps.length,
    cells: layer.size,
    waterCells: water,
    anchorages,
    addNsPerPosition: Math.round(median(addNs)),
    addCpuNsPerPosition: Math.round(median(addCpuNs)),
    compileWaterMs: Math.round(compileMs),
    isWaterNs,
    coverageUsPer12h: Math.round(median(covUs) * 10) / 10,
    learnedAnchoragesMs: Math.round(anchMs),
    synthetic: { positions: synthN, cells: synthNs.cells, addNsPerPosition: Math.round(synthNs.addNs), addCpuNsPerPosition: Math.round(synthNs.addCpuNs) },
  };
  console.log(`calibration: ${out.calibrationMapNs} ns per Map<number, number> get + set over 100k random integer keys (how loaded the box is)`);
  console.log(`traffic layer on ${ps.length} NOAA positions: ${layer.size} cells, ${water} water cells, ${anchorages} anchorages`);
  console.log(`add ${out.addNsPerPosition} ns/position (CPU time ${out.addCpuNsPerPosition}); compile water ${out.compileWaterMs} ms; isWater ns/query ${JSON.stringify(isWaterNs)}; coverage ${out.coverageUsPer12h} us/query; anchorages ${out.learnedAnchoragesMs} ms`);
  console.log(`synthetic: ${synthN} positions of 5000 random-walking vessels: add ${out.synthetic.addNsPerPosition} ns/position (${(synthN * synthNs.addNs / 1e9).toFixed(2)} s; CPU time ${out.synthetic.addCpuNsPerPosition} ns), ${synthNs.cells} cells`);
  console.log(JSON.stringify(out));
}

/** 5000 vessels, one position each every 30 s, in time order; median ns per add over `runs` layers. */
function synthetic(n: number, runs: number): { addNs: number; addCpuNs: number; cells: number } {
  const V = 5000;
  const r = rng(11);
  const lat = new Float64Array(n), lon = new Float64Array(n), sog = new Float32Array(n);
  const vLat = Float64Array.from({ length: V }, () => -60 + 120 * r());
  const vLon = Float64Array.from({ length: V }, () => -180 + 360 * r());
  const vHdg = Float64Array.from({ length: V }, () => 2 * Math.PI * r());
  const vKn = Float64Array.from({ length: V }, () => (r() < 0.25 ? 0 : 8 + 8 * r()));
  const order = Array.from({ length: V }, (_, i) => i).sort(() => r() - 0.5);
  for (let i = 0; i < n; i++) {
    const v = order[i % V]!;
    if (r() < 0.001) vKn[v] = vKn[v]! === 0 ? 8 + 8 * r() : 0; // weigh anchor, or moor
    vHdg[v] = vHdg[v]! + (r() - 0.5) * 0.35;
    const kn = vKn[v]! === 0 ? 0.3 * r() : vKn[v]! + (r() - 0.5);
    const dM = kn * 1852 * (30 / 3600);
    let la = vLat[v]! + (dM * Math.cos(vHdg[v]!)) / 111_195;
    let lo = vLon[v]! + (dM * Math.sin(vHdg[v]!)) / (111_195 * Math.cos((la * Math.PI) / 180));
    if (la > 70 || la < -70) {
      la = Math.max(-70, Math.min(70, la));
      vHdg[v] = vHdg[v]! + Math.PI;
    }
    if (lo >= 180) lo -= 360;
    else if (lo < -180) lo += 360;
    vLat[v] = la;
    vLon[v] = lo;
    lat[i] = la;
    lon[i] = lo;
    sog[i] = kn;
  }
  const t0 = Date.UTC(2024, 0, 1);
  const p: Position = { mmsi: 0, t: 0, lat: 0, lon: 0, sog: 0, cog: null, heading: null, navStatus: null, source: 'synthetic' };
  const times: number[] = [], cpu: number[] = [];
  let cells = 0;
  for (let k = 0; k < runs; k++) {
    const layer = new TrafficLayer();
    const c0 = process.cpuUsage();
    const t = process.hrtime.bigint();
    for (let i = 0; i < n; i++) {
      p.mmsi = 211_000_000 + order[i % V]!;
      p.t = t0 + Math.floor(i / V) * 30_000;
      p.lat = lat[i]!;
      p.lon = lon[i]!;
      p.sog = sog[i]!;
      layer.add(p);
    }
    times.push(Number(process.hrtime.bigint() - t) / n);
    cpu.push(cpuNs(c0) / n);
    cells = layer.size;
  }
  return { addNs: median(times), addCpuNs: median(cpu), cells };
}
