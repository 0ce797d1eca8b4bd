/**
 * The real files of ../shared/data analysed as a new user would (`darkfleet ingest` then
 * `analyze`, default profile, no zones file), one store per set. Used by the real-data test and
 * by the review script that lists events for an analyst's verdicts.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Event } from '../../src/events.js';
import { repoRoot, sharedData } from '../geo/shared-data.js';

export interface RealSet {
  /** the set's name in the review fixture */
  name: string;
  /** files under ../shared/data */
  files: string[];
}

export const REAL_SETS: readonly RealSet[] = [
  { name: 'dma_sample', files: ['tracks/dma_ais_sample_2013-11-12.txt.gz'] },
  { name: 'noaa_2023_sample', files: ['tracks/noaa_marinecadastre_sample_20230111.csv'] },
  { name: 'noaa_2022_first100k', files: ['tracks/noaa_marinecadastre_2022-01-03_first100k.csv.gz'] },
  { name: 'amsa_all', files: ['tracks/amsa/exact-earth-augmented.txt', 'tracks/amsa/exact-earth-augmented-2.txt', 'tracks/amsa/exact-earth-augmented-3.txt'] },
  { name: 'aisabnormal_212123000', files: ['behaviour/dma-aisabnormal/212123000_drift_1.ais'] },
  { name: 'aisabnormal_219165000', files: ['behaviour/dma-aisabnormal/219165000_ssc_1.ais'] },
  { name: 'aisabnormal_538004030', files: ['behaviour/dma-aisabnormal/538004030_drift_1.ais'] },
  // files 11 years apart in one store: nothing may bridge them
  { name: 'years_apart', files: ['tracks/amsa/exact-earth-augmented-2.txt', 'tracks/dma_ais_sample_2013-11-12.txt.gz', 'tracks/noaa_marinecadastre_sample_20230111.csv'] },
];

const BIN = path.join(repoRoot, 'bin/darkfleet.js');

/** The set's absolute paths, or undefined (skip, with a printed reason) when ../shared is absent. */
export function setFiles(set: RealSet): string[] | undefined {
  const out: string[] = [];
  for (const f of set.files) {
    const p = sharedData(f);
    if (!p) return undefined;
    out.push(p);
  }
  return out;
}

/** Ingest and analyze the set into a fresh store; the events as `analyze --out` wrote them. */
export function analyzeSet(files: string[]): { events: Event[]; summary: Record<string, unknown>; db: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'darkfleet-real-'));
  const db = path.join(dir, 'store.duckdb');
  const out = path.join(dir, 'events.jsonl');
  const r = spawnSync(process.execPath, [BIN, 'analyze', '-q', '--db', db, '--out', out, ...files], { encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`analyze exited ${r.status}: ${r.stderr}`);
  const lines = r.stdout.trim().split('\n');
  const summary = JSON.parse(lines[lines.length - 1]!) as Record<string, unknown>;
  const text = readFileSync(out, 'utf8').trim();
  const events = text ? text.split('\n').map((l) => JSON.parse(l) as Event) : [];
  return { events, summary, db };
}
