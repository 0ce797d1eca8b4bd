/**
 * Detectors' share of `darkfleet analyze` (`npm run bench -- detect [N]`):
 * N synthetic positions (default 10 000 000) from 2000 vessels in a 3 x 3
 * degree sea off a straight coast, reporting every 10 s, 30 s or 3 min
 * (class A moving / slow / class B), a third of them stopped, 40 pairs
 * meeting for hours, static reports every 6 min, pushed through the detector
 * runner in chunks of 50 000 records with a fast synthetic GeoContext.
 * Generation runs between pushes and is not timed. Then 2N (twice the
 * duration, same fleet) for the scaling ratio. Prints positions/s, peak RSS,
 * events; last line JSON.
 */
import os from 'node:os';
import { SimpleGeo, createRunner } from '../src/detect/index.js';
import type { Position, VesselStatic } from '../src/records.js';
import { Segmenter } from '../src/track/segmenter.js';
import { rng } from '../src/util/prng.js';

const DEG = Math.PI / 180;


const T0 = Date.UTC(2026, 2, 1);
const BOX = { s: 36.8, n: 39.7, w: 122.5, e: 125.5 };

interface Ship {
  mmsi: number;
  t: number;
  lat: number;
  lon: number;
  sog: number;
  cog: number;
  everyMs: number;
  msgType: number;
  nextStatic: number;
}

/** Time-ordered record stream from a fleet, produced chunk by chunk. */
class Fleet {
  private readonly ships: Ship[] = [];
  private readonly r = rng(7);
  positions = 0;

  constructor(vessels: number) {
    const r = this.r;
    for (let v = 0; v < vessels; v++) {
      const kind = r();
      const every = kind < 0.3 ? 10_000 : kind < 0.7 ? 30_000 : 180_000;
      const stopped = r() < 0.33;
      this.ships.push({
        mmsi: 412_000_000 + v * 7,
        t: T0 + Math.floor(r() * every),
        lat: BOX.s + (BOX.n - BOX.s) * r(),
        lon: BOX.w + (BOX.e - BOX.w) * r(),
        sog: stopped ? 0 : 3 + 12 * r(),
        cog: 360 * r(),
        everyMs: every,
        msgType: every === 180_000 ? 18 : 1,
        nextStatic: T0 + Math.floor(r() * 360_000),
      });
    }
    // 40 meeting pairs: the partner sits 150 m from a stopped ship
    let pairs = 0;
    for (let i = 0; i < this.ships.length && pairs < 40; i++) {
      const a = this.ships[i]!;
      const b = this.ships[i + 1];
      if (a.sog !== 0 || !b) continue;
      b.sog = 0;
      b.lat = a.lat + 0.00135;
      b.lon = a.lon;
      pairs++;
      i++;
    }
    this.heapify();
  }

  private less(i: number, j: number): boolean {
    return this.ships[i]!.t < this.ships[j]!.t;
  }

  private heapify(): void {
    for (let i = (this.ships.length >> 1) - 1; i >= 0; i--) this.down(i);
  }

  private down(k: number): void {
    const h = this.ships;
    const n = h.length;
    for (;;) {
      const l = 2 * k + 1;
      if (l >= n) return;
      const c = l + 1 < n && this.less(l + 1, l) ? l + 1 : l;
      if (!this.less(c, k)) return;
      [h[c], h[k]] = [h[k]!, h[c]!];
      k = c;
    }
  }

  /** The next `n` positions (plus the static reports due among them). */
  next(n: number): (Position | VesselStatic)[] {
    const out: (Position | VesselStatic)[] = [];
    const r = this.r;
    for (let i = 0; i < n; i++) {
      const s = this.ships[0]!;
      if (s.t >= s.nextStatic) {
        out.push({
          mmsi: s.mmsi,
          t: s.t,
          imo: null,
          name: `SHIP ${s.mmsi}`,
          callsign: null,
          shipType: s.mmsi % 3 === 0 ? 80 : 70,
          length: 100,
          width: 20,
          draught: 8,
          destination: null,
          flag: 'CN',
          source: 'bench',
        });
        s.nextStatic += 360_000;
      }
      const j = (r() - 0.5) * 2e-5;
      out.push({
        mmsi: s.mmsi,
        t: s.t,
        lat: s.lat + j,
        lon: s.lon + j,
        sog: s.sog,
        cog: s.sog === 0 ? null : Math.round(s.cog * 10) / 10,
        heading: null,
        navStatus: s.sog === 0 ? 1 : 0,
        source: 'bench',
        msgType: s.msgType,
      });
      this.positions++;
      if (s.sog > 0) {
        const nm = (s.sog * s.everyMs) / 3_600_000;
        s.lat += (Math.cos(s.cog * DEG) * nm) / 60;
        s.lon += (Math.sin(s.cog * DEG) * nm) / 60 / Math.cos(s.lat * DEG);
        if (s.lat < BOX.s || s.lat > BOX.n) s.cog = (540 - s.cog) % 360;
        if (s.lon < BOX.w || s.lon > BOX.e) s.cog = (360 - s.cog) % 360;
        s.cog = (s.cog + (r() - 0.5) * 2 + 360) % 360;
      }
      s.t += s.everyMs;
      this.down(0);
    }
    return out;
  }
}

function geo(): SimpleGeo {
  return new SimpleGeo({
    land: [[120, 39.8, 127, 42]],
    anchorages: [
      { label: 'NAMPO', iso3: 'PRK', lat: 38.72, lon: 125.38 },
      { label: 'DALIAN', iso3: 'CHN', lat: 38.93, lon: 121.65 },
      { label: 'INCHEON', iso3: 'KOR', lat: 37.45, lon: 126.6 },
    ],
    zones: [
      { name: 'box', ring: [[124, 38], [124.5, 38], [124.5, 38.5], [124, 38.5], [124, 38]] },
    ],
  });
}

interface Result {
  positions: number;
  seconds: number;
  /** CPU seconds (user + system) spent in the runner: steadier than wall time on a shared machine */
  cpuSeconds: number;
  events: Record<string, number>;
  records: number;
}

function once(n: number): Result {
  const fleet = new Fleet(2000);
  const runner = createRunner({ geo: geo() });
  const chunk = 50_000;
  let seconds = 0;
  let cpu = 0;
  let events = 0;
  let records = 0;
  while (fleet.positions < n) {
    const recs = fleet.next(Math.min(chunk, n - fleet.positions));
    records += recs.length;
    const t = performance.now();
    const c = process.cpuUsage();
    events += runner.push(recs).length;
    const dc = process.cpuUsage(c);
    cpu += (dc.user + dc.system) / 1e6;
    seconds += (performance.now() - t) / 1000;
    if (process.env['BENCH_TRACE'] && fleet.positions % 1_000_000 === 0) {
      const g = (globalThis as { gc?: () => void }).gc;
      g?.();
      process.stderr.write(`${fleet.positions / 1e6}M cpu ${cpu.toFixed(2)} s heap ${Math.round(process.memoryUsage().heapUsed / 1e6)} MB\n`);
    }
  }
  const t = performance.now();
  const c = process.cpuUsage();
  events += runner.flush().length;
  const dc = process.cpuUsage(c);
  cpu += (dc.user + dc.system) / 1e6;
  seconds += (performance.now() - t) / 1000;
  void events;
  return { positions: fleet.positions, seconds, cpuSeconds: cpu, events: runner.stats.events as Record<string, number>, records };
}

/** The track segmenter alone on the same stream: the part of the runner's time that is src/track's. */
function segmenterOnly(n: number): number {
  const fleet = new Fleet(2000);
  const seg = new Segmenter({ requireSpeed: false });
  let cpu = 0;
  while (fleet.positions < n) {
    const recs = fleet.next(Math.min(50_000, n - fleet.positions));
    const c = process.cpuUsage();
    for (const r of recs) if ('lat' in r) seg.push(r);
    const dc = process.cpuUsage(c);
    cpu += (dc.user + dc.system) / 1e6;
  }
  return cpu;
}

export async function run(args: string[]): Promise<void> {
  const n = Number(args[0] ?? 10_000_000);
  const segCpu = segmenterOnly(n);
  process.stdout.write(`track segmenter alone on the same ${n.toLocaleString('en')} positions: ${segCpu.toFixed(2)} s CPU\n`);
  const one = once(n);
  const rate = one.positions / one.seconds;
  process.stdout.write(
    `${one.positions.toLocaleString('en')} positions (${one.records.toLocaleString('en')} records, 2000 vessels) through the detectors: ` +
      `${one.seconds.toFixed(2)} s wall (${one.cpuSeconds.toFixed(2)} s CPU), ${Math.round(rate).toLocaleString('en')} positions/s; ` +
      `events ${JSON.stringify(one.events)}\n`,
  );
  const two = once(2 * n);
  const ratio = two.seconds / one.seconds;
  const cpuRatio = two.cpuSeconds / one.cpuSeconds;
  const rssMB = Math.round(process.resourceUsage().maxRSS / 1024);
  process.stdout.write(
    `${two.positions.toLocaleString('en')} positions: ${two.seconds.toFixed(2)} s wall (${two.cpuSeconds.toFixed(2)} s CPU); ` +
      `2x/1x time ratio ${ratio.toFixed(2)} (CPU ${cpuRatio.toFixed(2)}); peak RSS ${rssMB} MB; load average ${os.loadavg()[0]!.toFixed(1)}\n`,
  );
  process.stdout.write(
    `${JSON.stringify({
      bench: 'detect',
      part: 'detectors',
      positions: one.positions,
      seconds: Number(one.seconds.toFixed(2)),
      cpuSeconds: Number(one.cpuSeconds.toFixed(2)),
      positionsPerSec: Math.round(rate),
      positionsPerCpuSec: Math.round(one.positions / one.cpuSeconds),
      segmenterCpuSeconds: Number(segCpu.toFixed(2)),
      ratio2x: Number(ratio.toFixed(2)),
      ratio2xCpu: Number(cpuRatio.toFixed(2)),
      loadAverage: Number(os.loadavg()[0]!.toFixed(1)),
      peakRssMB: rssMB,
      events: one.events,
    })}\n`,
  );
}
