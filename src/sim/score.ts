/**
 * Scores detected events against a simulator's ground truth (the contract of issue C).
 *
 * A detected event matches a truth event when the types are equal, the MMSI sets are equal
 * (identity_change: they share the IMO or any MMSI) and the time ranges overlap (ends
 * included). Precision = matched detected / detected; recall = matched truth / truth, per
 * type. Truth events marked `optional` count for neither: a detection matching only optional
 * truth is set aside, and missing one costs nothing. With nothing to find and nothing found,
 * precision and recall are both 1.
 *
 * A negative is reported when a detected event of a type in its `mustNotFire` has the
 * negative's MMSI set and overlaps its time range.
 */
import type { GroundTruth, TruthEvent, TruthNegative } from './truth-types.js';
import { DarkfleetError } from '../errors.js';

/** the fields of a detected event (DESIGN.md event schema) the score reads */
export interface DetectedEvent {
  id?: string;
  type: string;
  start: string;
  end: string;
  mmsi: number[];
  imo?: number | null;
  evidence?: Record<string, unknown>;
}

export interface TypeScore {
  truth: number;
  detected: number;
  matchedTruth: number;
  matchedDetected: number;
  /** detections that matched only optional truth */
  setAside: number;
  precision: number;
  recall: number;
  missed: TruthEvent[];
  falseAlarms: DetectedEvent[];
}

export interface NegativeHit {
  negative: TruthNegative;
  events: DetectedEvent[];
}

export interface ScoreReport {
  byType: Record<string, TypeScore>;
  negatives: { total: number; reported: NegativeHit[] };
}

interface Span {
  t0: number;
  t1: number;
}

function span(e: { start: string; end: string }): Span {
  const t0 = Date.parse(e.start);
  const t1 = Date.parse(e.end);
  if (Number.isNaN(t0) || Number.isNaN(t1)) throw new DarkfleetError('bad_time', `cannot read time range ${e.start} .. ${e.end}`);
  return t0 <= t1 ? { t0, t1 } : { t0: t1, t1: t0 };
}

export function overlaps(a: { start: string; end: string }, b: { start: string; end: string }): boolean {
  const x = span(a);
  const y = span(b);
  return x.t0 <= y.t1 && y.t0 <= x.t1;
}

export function sameMmsiSet(a: readonly number[], b: readonly number[]): boolean {
  const x = new Set(a);
  const y = new Set(b);
  if (x.size !== y.size) return false;
  for (const m of x) if (!y.has(m)) return false;
  return true;
}

/** the IMO a detected event names: a top-level `imo` or `evidence.imo` */
function imoOf(d: DetectedEvent): number | null {
  if (typeof d.imo === 'number') return d.imo;
  const e = d.evidence?.imo;
  return typeof e === 'number' ? e : null;
}

export function matches(truth: TruthEvent, det: DetectedEvent): boolean {
  if (truth.type !== det.type) return false;
  if (!overlaps(truth, det)) return false;
  if (truth.type === 'identity_change') {
    const imo = imoOf(det);
    if (truth.imo !== undefined && imo !== null && imo === truth.imo) return true;
    return det.mmsi.some((m) => truth.mmsi.includes(m));
  }
  return sameMmsiSet(truth.mmsi, det.mmsi);
}

export interface ScoreOptions {
  /**
   * the analysis ran without a zones file, so the default zones (the 12 nm line) applied and
   * their truth events count; default false (the scenario's zones.geojson was given)
   */
  withoutZonesFile?: boolean;
}

export function score(truthIn: Pick<GroundTruth, 'events' | 'negatives'>, detected: readonly DetectedEvent[], opts: ScoreOptions = {}): ScoreReport {
  const truth = { ...truthIn, events: truthIn.events.filter((e) => (opts.withoutZonesFile ? !e.zonesFileOnly : !e.withoutZonesFile)) };
  const types = new Set<string>([...truth.events.map((e) => e.type), ...detected.map((d) => d.type)]);
  const byType: Record<string, TypeScore> = {};
  for (const type of [...types].sort()) {
    const req = truth.events.filter((e) => e.type === type && !e.optional);
    const opt = truth.events.filter((e) => e.type === type && e.optional);
    const det = detected.filter((d) => d.type === type);
    const hitTruth = new Set<TruthEvent>();
    let matchedDetected = 0;
    let setAside = 0;
    const falseAlarms: DetectedEvent[] = [];
    for (const d of det) {
      let hit = false;
      for (const t of req) {
        if (matches(t, d)) {
          hitTruth.add(t);
          hit = true;
        }
      }
      if (hit) matchedDetected++;
      else if (opt.some((t) => matches(t, d))) setAside++;
      else falseAlarms.push(d);
    }
    const counted = det.length - setAside;
    byType[type] = {
      truth: req.length,
      detected: counted,
      matchedTruth: hitTruth.size,
      matchedDetected,
      setAside,
      precision: counted === 0 ? 1 : matchedDetected / counted,
      recall: req.length === 0 ? 1 : hitTruth.size / req.length,
      missed: req.filter((t) => !hitTruth.has(t)),
      falseAlarms,
    };
  }
  const reported: NegativeHit[] = [];
  for (const n of truth.negatives) {
    // every vessel of the negative takes part: a lone ship's short stop is broken by an encounter with anyone
    const events = detected.filter((d) => n.mustNotFire.includes(d.type) && n.mmsi.every((m) => d.mmsi.includes(m)) && overlaps(n, d));
    if (events.length) reported.push({ negative: n, events });
  }
  return { byType, negatives: { total: truth.negatives.length, reported } };
}

/** one line per type: `type  P 0.97  R 1.00  (truth n, detected m)` and the negatives reported */
export function formatScore(r: ScoreReport): string {
  const lines = Object.entries(r.byType).map(
    ([t, s]) => `${t.padEnd(16)} P ${s.precision.toFixed(3)}  R ${s.recall.toFixed(3)}  (truth ${s.truth}, detected ${s.detected}${s.setAside ? `, ${s.setAside} set aside` : ''})`,
  );
  lines.push(`negatives reported: ${r.negatives.reported.length} of ${r.negatives.total}`);
  return lines.join('\n');
}
