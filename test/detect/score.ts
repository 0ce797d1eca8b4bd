/**
 * The simulator contract's scoring rule (issue C, shared with the `sim`
 * branch's src/sim/score.ts; copied here until merge): a detected event
 * matches a truth event when the type is equal, the MMSI sets are equal (for
 * identity_change: they share the IMO or any MMSI) and the time ranges overlap.
 */
import type { Event } from '../../src/events.js';

export interface TruthEvent {
  type: Event['type'];
  mmsi: number[];
  start: string;
  end: string;
  imo?: number;
}

export interface Negative {
  kind: string;
  mmsi: number[];
  start: string;
  end: string;
  mustNotFire: Event['type'][];
}

function overlaps(a: { start: string; end: string }, b: { start: string; end: string }): boolean {
  return Date.parse(a.start) <= Date.parse(b.end) && Date.parse(b.start) <= Date.parse(a.end);
}

function sameSet(a: readonly number[], b: readonly number[]): boolean {
  const x = [...a].sort();
  const y = [...b].sort();
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

export function matches(d: Event, t: TruthEvent): boolean {
  if (d.type !== t.type || !overlaps(d, t)) return false;
  if (d.type === 'identity_change') {
    const imo = d.evidence['imo'];
    return (t.imo != null && imo === t.imo) || d.mmsi.some((m) => t.mmsi.includes(m));
  }
  return sameSet(d.mmsi, t.mmsi);
}

export interface Score {
  precision: number;
  recall: number;
  detected: number;
  truth: number;
}

export function score(detected: readonly Event[], truth: readonly TruthEvent[]): Partial<Record<Event['type'], Score>> {
  const out: Partial<Record<Event['type'], Score>> = {};
  const types = new Set([...truth.map((t) => t.type), ...detected.map((d) => d.type)]);
  for (const type of types) {
    const d = detected.filter((e) => e.type === type);
    const t = truth.filter((e) => e.type === type);
    const md = d.filter((e) => t.some((x) => matches(e, x))).length;
    const mt = t.filter((x) => d.some((e) => matches(e, x))).length;
    out[type] = { precision: d.length ? md / d.length : 1, recall: t.length ? mt / t.length : 1, detected: d.length, truth: t.length };
  }
  return out;
}

/** Negatives some detected event of a forbidden type reports (same MMSI set, overlapping time). */
export function reportedNegatives(detected: readonly Event[], negatives: readonly Negative[]): Negative[] {
  return negatives.filter((n) => detected.some((d) => n.mustNotFire.includes(d.type) && sameSet(d.mmsi, n.mmsi) && overlaps(d, n)));
}
