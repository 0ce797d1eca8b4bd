/**
 * `darkfleet detections FILE`: satellite vessel detections (GFW SAR, xView3, VIIRS boat
 * detections, or a generic `time,lat,lon` CSV) against the AIS in the store. Unmatched
 * detections are stored as `dark_detection` events (`darkfleet events --type dark_detection`),
 * and lines of them moving together as `convoy` events flagged `dark` (src/detections/convoy.ts);
 * `--out` writes one JSON line per detection: the input row, its match or null, and the
 * candidates of a dark one. stdout ends with one JSON summary line; a file that fits no layout
 * is an error (exit 1), bad rows are counted in the summary.
 */
import type { Command } from 'commander';
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { DEFAULT_DB, openStore } from '../store/index.js';
import { UsageError } from '../errors.js';
import { loadDetectionsFile } from '../detections/load.js';
import { detectionParams } from '../detections/params.js';
import { matchDetections, type DetectionResult } from '../detections/run.js';
import { storeDarkConvoys } from '../detections/convoy.js';
import { liveGeo } from '../live/geo.js';

export interface DetectionsCliOptions {
  db: string;
  radiusKm?: string;
  timeToleranceMin?: string;
  out?: string;
  quiet?: boolean;
}

export interface DetectionsSummary {
  layout: string;
  read: number;
  detections: number;
  rejected: Record<string, number>;
  matched: number;
  dark: number;
  darkPartners: number;
  likelyClutter: number;
  events: { inserted: number; replaced: number };
  /** convoys among the dark detections (src/detections/convoy.ts), stored as `convoy` events flagged `dark` */
  darkConvoys: { found: number; singlePass: number; stayedPut: number; nearPort: number; crowded: number; inserted: number; replaced: number; removed: number };
  positions: number;
  seconds: number;
}

function positiveNumber(name: string, s: string | undefined): number | undefined {
  if (s === undefined) return undefined;
  const v = Number(s);
  if (!Number.isFinite(v) || v <= 0) throw new UsageError(`${name} must be a number > 0, got "${s}"`);
  return v;
}

/** The --out line of one detection (the contract in the issue and the README). */
export function resultLine(r: DetectionResult): string {
  return JSON.stringify({
    detection: r.detection.row,
    match: r.match,
    candidates: r.candidates.map(({ mmsi, score, reason }) => ({ mmsi, score, reason })),
    ...(r.event ? { event: r.event.id, confidence: r.event.confidence, flags: r.event.flags } : {}),
  });
}

export async function runDetections(file: string, opts: DetectionsCliOptions): Promise<DetectionsSummary> {
  const radiusKm = positiveNumber('--radius-km', opts.radiusKm);
  const tolMin = positiveNumber('--time-tolerance-min', opts.timeToleranceMin);
  const params = detectionParams({
    ...(radiusKm !== undefined ? { radiusM: radiusKm * 1000, partnerRadiusM: radiusKm * 1000 } : {}),
    ...(tolMin !== undefined ? { timeToleranceMs: tolMin * 60_000 } : {}),
  });
  const t0 = performance.now();
  const loaded = await loadDetectionsFile(file);
  if (!opts.quiet && loaded.examples.length) {
    process.stderr.write(`darkfleet: ${file}: ${Object.values(loaded.rejects).reduce((a, b) => a + (b ?? 0), 0)} rows rejected (first: ${loaded.examples.map((e) => `line ${e.line} ${e.reason}`).join(', ')})\n`);
  }
  const store = await openStore(opts.db, { mustExist: true });
  let run;
  let put = { inserted: 0, replaced: 0 };
  let convoys: DetectionsSummary['darkConvoys'] = { found: 0, singlePass: 0, stayedPut: 0, nearPort: 0, crowded: 0, inserted: 0, replaced: 0, removed: 0 };
  try {
    run = await matchDetections(store, loaded.detections, params);
    if (run.events.length) put = await store.putEvents(run.events);
    if (loaded.detections.length) {
      const t0 = loaded.detections.reduce((m, d) => Math.min(m, d.t), Infinity);
      const t1 = loaded.detections.reduce((m, d) => Math.max(m, d.t), -Infinity);
      // the map names the port a convoy makes for and keeps port queues out
      const c = await storeDarkConvoys(store, await liveGeo(store, { refresh: false }), t0, t1);
      convoys = { found: c.events.length, singlePass: c.events.filter((e) => e.flags.includes('single_pass')).length, stayedPut: c.stayedPut, nearPort: c.nearPort, crowded: c.crowded, inserted: c.inserted, replaced: c.replaced, removed: c.removed };
    }
  } finally {
    await store.close();
  }
  if (opts.out) {
    const out = createWriteStream(opts.out);
    for (const r of run.results) if (!out.write(`${resultLine(r)}\n`)) await once(out, 'drain');
    out.end();
    await once(out, 'finish');
  }
  return {
    layout: loaded.layout,
    read: loaded.read,
    detections: loaded.detections.length,
    rejected: loaded.rejects as Record<string, number>,
    matched: run.matched,
    dark: run.dark,
    darkPartners: run.darkPartners,
    likelyClutter: run.events.filter((e) => e.flags.includes('likely_clutter')).length,
    events: put,
    darkConvoys: convoys,
    positions: run.positions,
    seconds: Number(((performance.now() - t0) / 1000).toFixed(3)),
  };
}

export function register(program: Command): void {
  program
    .command('detections')
    .description('match satellite vessel detections (GFW SAR, xView3, VIIRS, generic CSV) against the AIS in the store; unmatched ones become dark_detection events')
    .argument('<file>', 'detections CSV (plain or compressed)')
    .option('--db <path>', 'store file', DEFAULT_DB)
    .option('--radius-km <km>', 'match a detection to a track within this distance', '1.5')
    .option('--time-tolerance-min <min>', 'a fix this close in time stands for the track when none brackets the detection', '10')
    .option('--out <file>', 'one JSON line per detection: detection, match, candidates')
    .option('-q, --quiet', 'no warnings on stderr')
    .action(async (file: string, opts: DetectionsCliOptions) => {
      const s = await runDetections(file, opts);
      process.stdout.write(`${JSON.stringify(s)}\n`);
    });
}
