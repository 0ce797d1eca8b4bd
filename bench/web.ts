/**
 * `npm run bench -- web [runs]`: the map's first paint in Debian's Chromium (headless, no GPU),
 * from navigation to MapLibre's `load` (land drawn), over `darkfleet serve`'s app on a loopback
 * port and a store analysed from the bundled Nampo sample (built once into .bench/web/). Each run
 * is a fresh browser context (a cold cache: an analyst's first visit); default 7 runs, medians.
 * The issue's bound is 2 s. Last line: {"bench":"web",...}.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runAnalyze } from '../src/cli/analyze.js';
import { createApp } from '../src/api/app.js';
import { startServer } from '../src/api/server.js';
import { WEB_DIST } from '../src/api/routes/static.js';
import { openStore } from '../src/store/index.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const BOUND_MS = 2000;

interface Perf {
  scriptMs?: number;
  mapCreatedMs?: number;
  navigationToLoadMs?: number;
  navigationToIdleMs?: number;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function run(args: string[]): Promise<void> {
  const runs = Number(args[0] ?? 7);
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found (apt-get install -y chromium)`);
  if (!existsSync(path.join(WEB_DIST, 'index.html'))) throw new Error(`the web map is not built in ${WEB_DIST} (npm run build)`);
  const dir = path.join(root, '.bench', 'web');
  const db = path.join(dir, 'nampo.duckdb');
  if (!existsSync(db)) {
    mkdirSync(dir, { recursive: true });
    const sample = path.join(root, 'data/sample/nampo');
    await runAnalyze([path.join(sample, 'ais.nmea')], { db, format: 'auto', profile: 'gfw', zones: path.join(sample, 'zones.geojson'), quiet: true });
  }
  const store = await openStore(db, { readOnly: true, threads: 1 });
  const server = await startServer(createApp({ store }), '127.0.0.1', 0);
  // the server's one-off work (land model, 12 nm line) is not the page's
  await fetch(`${server.url}/api/geography`);
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
  const perfs: Perf[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
      const page = await context.newPage();
      await page.goto(`${server.url}/`);
      await page.waitForFunction(() => (globalThis as unknown as { darkfleet?: { perf: Perf } }).darkfleet?.perf.navigationToLoadMs !== undefined, null, { timeout: 60_000 });
      const p = await page.evaluate(() => (globalThis as unknown as { darkfleet: { perf: Perf } }).darkfleet.perf);
      perfs.push(p);
      console.log(`run ${i + 1}: first paint ${p.navigationToLoadMs!.toFixed(0)} ms (script ${p.scriptMs?.toFixed(0)} ms, map created ${p.mapCreatedMs?.toFixed(0)} ms)`);
      await context.close();
    }
  } finally {
    await browser.close();
    await server.close();
    await store.close();
  }
  const load = perfs.map((p) => p.navigationToLoadMs!);
  const med = median(load);
  console.log(`medians of ${runs}: first paint ${med.toFixed(0)} ms (bound ${BOUND_MS} ms), script ${median(perfs.map((p) => p.scriptMs ?? 0)).toFixed(0)} ms, map created ${median(perfs.map((p) => p.mapCreatedMs ?? 0)).toFixed(0)} ms; ${cpus().length} cores, load ${loadavg()[0]!.toFixed(1)}`);
  console.log(JSON.stringify({ bench: 'web', runs, firstPaintMs: Math.round(med), allMs: load.map(Math.round), scriptMs: Math.round(median(perfs.map((p) => p.scriptMs ?? 0))), mapCreatedMs: Math.round(median(perfs.map((p) => p.mapCreatedMs ?? 0))), withinBound: med <= BOUND_MS, cores: cpus().length, load1: Number(loadavg()[0]!.toFixed(2)) }));
}
