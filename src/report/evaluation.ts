/**
 * The evaluation the package ships (data/evaluation.json, written by `npm run evaluate`,
 * scripts/evaluate.ts): precision and recall per event type on fresh simulator seeds, with and
 * without the zones file, the real-data results, and the benchmark figures when they were run.
 * The report embeds it, so a reader sees how far each kind of finding can be trusted.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** data/evaluation.json, two levels above src/report and dist/report alike. */
export const EVALUATION_FILE = fileURLToPath(new URL('../../data/evaluation.json', import.meta.url));

export interface TypeScoreSummary {
  truth: number;
  detected: number;
  matchedTruth: number;
  matchedDetected: number;
  precision: number;
  recall: number;
}

export interface ScenarioEvaluation {
  seeds: number[];
  hours: number;
  vessels: number;
  realism: boolean;
  /** scores summed over the seeds (precision and recall of the sums), per event type */
  byType: Record<string, TypeScoreSummary>;
  negatives: { total: number; reported: number };
}

export interface Evaluation {
  generated: string;
  version: string;
  commit: string | null;
  seconds: number;
  scenario: { withZones: ScenarioEvaluation; withoutZones: ScenarioEvaluation };
  real: {
    gpsd?: { files: number; objects: number; matchedObjects: number; fields: number; equalFields: number };
    gfwSegments?: { files: number; pairs: number; agreement: number; shared: boolean };
    dma?: { cases: number; passed: number; names: { name: string; passed: boolean }[] };
    /** the hand reviews of events found in real files (test/fixtures/real-review/review.jsonl), per event type */
    reviews?: Record<string, { reviewed: number; plausible: number; share: number }>;
  };
  /** the benches run with --bench (scripts/evaluate-bench.ts), by name */
  bench?: Record<string, BenchRun>;
}

/** One bench as `npm run evaluate --bench` ran it. */
export interface BenchRun {
  args: string[];
  /** the bench's last stdout line; null when it was skipped or failed */
  result: Record<string, unknown> | null;
  /** why it did not run (a peer missing) */
  skipped?: string;
  error?: string;
  /** 1-minute load average at start and end, and the machine's cores: wall-clock figures follow the load */
  load: { start: number; end: number; cores: number };
  wallSeconds: number;
}

/** The bundled evaluation, or null when none was generated. */
export function readEvaluation(file = EVALUATION_FILE): Evaluation | null {
  if (!existsSync(file)) return null;
  return JSON.parse(readFileSync(file, 'utf8')) as Evaluation;
}
