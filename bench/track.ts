/**
 * Positions per second through the track segmenter (`npm run bench -- track [N]`).
 * Synthetic feed: 2000 MMSIs sailing straight-ish lines with noise, ~2% of
 * them shared by two transmitters far apart, merged in time order; N positions
 * (default 5 000 000). Generation is outside the timing. Median of 3 runs.
 */
import type { Position } from '../src/records.js';
import { Segmenter } from '../src/track/segmenter.js';
import { rng } from '../src/util/prng.js';

const DEG = Math.PI / 180;


interface Ship {
  mmsi: number;
  lat: number;
  lon: number;
  sog: number;
  cog: number;
  t: number;
  everyMs: number;
  msgType: number;
}

function generate(n: number, vessels = 2000, sharedEvery = 50): Position[] {
  const r = rng(42);
  const ships: Ship[] = [];
  for (let v = 0; v < vessels; v++) {
    const mmsi = 200000000 + v;
    const mk = (): Ship => ({
      mmsi,
      lat: -60 + 120 * r(),
      lon: -180 + 360 * r(),
      sog: r() < 0.3 ? 0 : 4 + 14 * r(),
      cog: 360 * r(),
      t: Date.UTC(2024, 0, 1) + Math.floor(r() * 60_000),
      everyMs: (r() < 0.7 ? 10 : 180) * 1000 * (0.5 + r()),
      msgType: r() < 0.7 ? 1 : 18,
    });
    ships.push(mk());
    if (v % sharedEvery === 0) ships.push(mk()); // a second transmitter on the same MMSI
  }
  // time-ordered merge: ships report on their own clocks; a binary heap would be
  // faster but generation is not timed
  const out: Position[] = new Array<Position>(n);
  const heap = ships.slice().sort((a, b) => a.t - b.t);
  for (let i = 0; i < n; i++) {
    const s = heap[0]!;
    const jitter = (r() - 0.5) * 2e-5;
    out[i] = {
      mmsi: s.mmsi,
      t: Math.round(s.t),
      lat: s.lat + jitter,
      lon: s.lon + jitter,
      sog: s.sog,
      cog: s.sog === 0 ? null : s.cog,
      heading: null,
      navStatus: null,
      source: 'bench',
      msgType: s.msgType,
    };
    // advance the ship
    const h = s.everyMs / 3_600_000;
    const nm = s.sog * h;
    s.lat += (Math.cos(s.cog * DEG) * nm) / 60;
    s.lon += (Math.sin(s.cog * DEG) * nm) / 60 / Math.max(0.1, Math.cos(s.lat * DEG));
    if (s.lat > 80 || s.lat < -80) s.cog = (180 - s.cog + 360) % 360;
    if (s.lon > 180) s.lon -= 360;
    if (s.lon < -180) s.lon += 360;
    s.cog = (s.cog + (r() - 0.5) * 4 + 360) % 360;
    s.t += s.everyMs;
    // sift down
    let k = 0;
    const m = heap.length;
    while (true) {
      const l = 2 * k + 1;
      if (l >= m) break;
      const c = l + 1 < m && heap[l + 1]!.t < heap[l]!.t ? l + 1 : l;
      if (heap[c]!.t >= heap[k]!.t) break;
      [heap[c], heap[k]] = [heap[k]!, heap[c]!];
      k = c;
    }
  }
  return out;
}


export async function run(args: string[]): Promise<void> {
  const n = Number(args[0] ?? 5_000_000);
  const t0 = performance.now();
  const positions = generate(n);
  process.stdout.write(`generated ${n} positions (2000 MMSIs, every 50th shared by two transmitters) in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
  const rates: number[] = [];
  for (let runNo = 0; runNo < 3; runNo++) {
    const seg = new Segmenter();
    const start = performance.now();
    for (let i = 0; i < positions.length; i++) seg.push(positions[i]!);
    seg.flush();
    const s = (performance.now() - start) / 1000;
    rates.push(n / s);
    const st = seg.stats;
    process.stdout.write(
      `run ${runNo + 1}: ${s.toFixed(2)} s, ${Math.round(n / s).toLocaleString('en')} positions/s, ` +
        `${st.segmentsOpened} segments, ${st.ambiguous} ambiguous, ${st.discarded} discarded, rejected ${JSON.stringify(st.rejected.byReason)}\n`,
    );
  }
  rates.sort((a, b) => a - b);
  const median = Math.round(rates[1]!);
  process.stdout.write(`${JSON.stringify({ bench: 'track', positions: n, positionsPerSec: median })}\n`);
}
