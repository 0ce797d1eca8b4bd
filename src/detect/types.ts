/**
 * The event every detector emits (DESIGN.md "Events"), and small helpers they
 * share: ids, times, rounding.
 */
import type { EventType } from '../events.js';

export type { EventType } from '../events.js';

/** Which rule fired, under which profile and parameters, so a result can be reproduced. */
export interface EventRule {
  name: string;
  profile: string;
  params: Record<string, number | string | boolean>;
}

/** Evidence values: numbers, strings, flags, and lists of raw position ids (`${mmsi}:${t}`). */
export type EvidenceValue = number | string | boolean | null | number[] | string[];

export interface Event {
  /** `${type}:${mmsi joined by '-'}:${start ISO}` (+ `:${qualifier}` where one vessel can have several at once); deterministic */
  id: string;
  type: EventType;
  /** ISO 8601 UTC */
  start: string;
  end: string;
  /** vessels involved, one or two */
  mmsi: number[];
  lat: number;
  lon: number;
  /** 0..1 */
  confidence: number;
  flags: string[];
  rule: EventRule;
  evidence: Record<string, EvidenceValue>;
}

/** ISO 8601 UTC, without milliseconds when they are zero (as DESIGN.md's examples). */
export function isoTime(t: number): string {
  const s = new Date(t).toISOString();
  return s.endsWith('.000Z') ? `${s.slice(0, -5)}Z` : s;
}

/** Id of a raw position in evidence: MMSI and epoch ms. */
export function positionId(mmsi: number, t: number): string {
  return `${mmsi}:${t}`;
}

export function eventId(type: EventType, mmsi: readonly number[], start: number, qualifier?: string): string {
  const base = `${type}:${mmsi.join('-')}:${isoTime(start)}`;
  return qualifier ? `${base}:${qualifier}` : base;
}

/** Round for output (evidence is for people; 1e-n steps keep JSON short and stable). */
export function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** Median of a numeric array (sorts a copy). NaN when empty. */
export function median(xs: readonly number[]): number {
  if (xs.length === 0) return Number.NaN;
  const s = Float64Array.from(xs).sort();
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** At most `n` evenly spread items of a list (evidence position ids stay bounded). */
export function sample<T>(xs: readonly T[], n: number): T[] {
  if (xs.length <= n) return xs.slice();
  const out: T[] = [];
  for (let i = 0; i < n; i++) out.push(xs[Math.round((i * (xs.length - 1)) / (n - 1))]!);
  return out;
}

/** Order events deterministically: by start, then id. */
export function sortEvents(events: Event[]): Event[] {
  return events.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
