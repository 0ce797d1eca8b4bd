/**
 * `darkfleet demo` (and `npm run demo`): the main job on the bundled sample. Analyzes the
 * simulated day off Nampo in data/sample/nampo (NMEA with tag blocks) into a throw-away store,
 * prints the events found, and scores them against the scenario's ground truth.
 */
import type { Command } from 'commander';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runAnalyze } from './analyze.js';
import { openStore } from '../store/index.js';
import { formatTable } from '../export/events.js';
import { score, formatScore } from '../sim/score.js';
import type { GroundTruth } from '../sim/truth-types.js';

export const SAMPLE_DIR = fileURLToPath(new URL('../../data/sample/nampo/', import.meta.url));

export async function runDemo(out: (s: string) => void): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'darkfleet-demo-'));
  const db = path.join(dir, 'demo.duckdb');
  try {
    out(`darkfleet demo: analyzing ${path.join(SAMPLE_DIR, 'ais.nmea')} (a simulated day off Nampo)\n`);
    const { summary } = await runAnalyze([path.join(SAMPLE_DIR, 'ais.nmea')], { db, format: 'auto', profile: 'gfw', zones: path.join(SAMPLE_DIR, 'zones.geojson'), quiet: true });
    const store = await openStore(db, { mustExist: true });
    const events = await store.events();
    await store.close();
    // zone entries and exits are many and plain: the table shows the behaviour events
    const zone = events.filter((e) => e.type === 'zone_entry' || e.type === 'zone_exit');
    out(formatTable(events.filter((e) => e.type !== 'zone_entry' && e.type !== 'zone_exit')));
    out(`  ... and ${zone.length} zone entries/exits (Nampo port, Nampo anchorage, West Sea Barrage)`);
    out('');
    const truth = JSON.parse(readFileSync(path.join(SAMPLE_DIR, 'ground-truth.json'), 'utf8')) as GroundTruth;
    out('Against the scenario ground truth (precision P, recall R by event type):');
    out(formatScore(score(truth, events)));
    out('');
    out(JSON.stringify(summary));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function register(program: Command): void {
  program
    .command('demo')
    .description('analyze the bundled Nampo sample, print the events and score them against its ground truth')
    .action(async () => {
      await runDemo((s) => process.stdout.write(`${s}\n`));
    });
}
