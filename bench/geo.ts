/**
 * Geo hot paths, ns per query (median of runs): land mask, distance to shore near a coast
 * and far offshore, the 12 nm test, nearest anchorage, night. Points come from a fixed
 * seed: "coast" = the Korea Bay / Yellow Sea box (36-40N, 122-127E), "ocean" = open
 * Pacific (10-40N, 150-200E minus nothing: some islands), "globe" = uniform on the sphere.
 * Usage: npm run bench -- geo [--n 100000] [--runs 5]
 */
import { landModel, isOnLand, distanceToShoreM, isWithinTerritorialSea } from '../src/geo/land.js';
import { defaultAnchorages, nearestAnchorage } from '../src/geo/ports.js';
import { isNight } from '../src/geo/sun.js';
import { geodesicDistanceM, haversineM, nmToM, normalizeLon } from '../src/geo/distance.js';
import { rng } from '../src/util/prng.js';


function points(n: number, kind: 'coast' | 'ocean' | 'globe', seed: number): Float64Array {
  const r = rng(seed);
  const out = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    let lat: number, lon: number;
    if (kind === 'coast') [lat, lon] = [36 + 4 * r(), 122 + 5 * r()];
    else if (kind === 'ocean') [lat, lon] = [10 + 30 * r(), normalizeLon(150 + 50 * r())];
    else [lat, lon] = [(Math.asin(2 * r() - 1) * 180) / Math.PI, 360 * r() - 180];
    out[2 * i] = lat;
    out[2 * i + 1] = lon;
  }
  return out;
}

function measure(runs: number, pts: Float64Array, fn: (lat: number, lon: number, i: number) => unknown): { nsMedian: number; nsFirst: number } {
  const n = pts.length / 2;
  const times: number[] = [];
  let sink = 0;
  for (let k = 0; k < runs; k++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < n; i++) if (fn(pts[2 * i]!, pts[2 * i + 1]!, i)) sink++;
    times.push(Number(process.hrtime.bigint() - t0) / n);
  }
  if (sink < 0) console.log(sink);
  const first = times[0]!;
  times.sort((a, b) => a - b);
  return { nsMedian: Math.round(times[Math.floor(times.length / 2)]!), nsFirst: Math.round(first) };
}

export async function run(args: string[]): Promise<void> {
  const arg = (name: string, dflt: number): number => {
    const i = args.indexOf(name);
    return i >= 0 && args[i + 1] ? Number(args[i + 1]) : dflt;
  };
  const n = arg('--n', 100_000);
  const runs = arg('--runs', 5);
  let t0 = performance.now();
  landModel();
  const landLoadMs = Math.round(performance.now() - t0);
  t0 = performance.now();
  defaultAnchorages();
  const anchLoadMs = Math.round(performance.now() - t0);

  const coast = points(n, 'coast', 1);
  const ocean = points(n, 'ocean', 2);
  const globe = points(n, 'globe', 3);
  const t = Date.parse('2024-03-01T14:00:00Z');
  const results: Record<string, { nsMedian: number; nsFirst: number }> = {
    isOnLand_globe: measure(runs, globe, (la, lo) => isOnLand(la, lo)),
    isOnLand_coast: measure(runs, coast, (la, lo) => isOnLand(la, lo)),
    distanceToShore_coast: measure(runs, coast, (la, lo) => distanceToShoreM(la, lo)),
    distanceToShore_coast_max50nm: measure(runs, coast, (la, lo) => distanceToShoreM(la, lo, nmToM(50))),
    distanceToShore_ocean_max50nm: measure(runs, ocean, (la, lo) => distanceToShoreM(la, lo, nmToM(50))),
    distanceToShore_ocean: measure(runs, ocean.subarray(0, Math.min(ocean.length, 20_000)), (la, lo) => distanceToShoreM(la, lo)),
    territorialSea12nm_coast: measure(runs, coast, (la, lo) => isWithinTerritorialSea(la, lo)),
    territorialSea12nm_globe: measure(runs, globe, (la, lo) => isWithinTerritorialSea(la, lo)),
    nearestAnchorage_coast: measure(runs, coast, (la, lo) => nearestAnchorage(la, lo)),
    nearestAnchorage_coast_max10km: measure(runs, coast, (la, lo) => nearestAnchorage(la, lo, 10_000)),
    nearestAnchorage_ocean_max10km: measure(runs, ocean, (la, lo) => nearestAnchorage(la, lo, 10_000)),
    haversine: measure(runs, globe, (la, lo) => haversineM(la, lo, 38.7, 125.2) > 1e6),
    geodesicDistance: measure(runs, globe.subarray(0, Math.min(globe.length, 40_000)), (la, lo) => geodesicDistanceM(la, lo, 38.7, 125.2) > 1e6),
    isNight_civil: measure(runs, globe, (la, lo, i) => isNight(t + i * 60_000, la, lo, { twilight: 'civil' })),
  };
  for (const [name, r] of Object.entries(results)) {
    console.log(`${name.padEnd(34)} ${String(r.nsMedian).padStart(7)} ns/query (first run ${r.nsFirst} ns)`);
  }
  console.log(`land model build ${landLoadMs} ms, anchorages load ${anchLoadMs} ms, ${n} points x ${runs} runs`);
  const nsPerQuery = Object.fromEntries(Object.entries(results).map(([k, v]) => [k, v.nsMedian]));
  const firstRunNs = Object.fromEntries(Object.entries(results).map(([k, v]) => [k, v.nsFirst]));
  console.log(JSON.stringify({ bench: 'geo', n, runs, nsPerQuery, firstRunNs, landLoadMs, anchLoadMs }));
}
