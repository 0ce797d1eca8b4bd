/**
 * The event of DESIGN.md "Events": one type for detectors, screening, the store and every
 * export, and the helpers that make its fields (deterministic ids, ISO times, ordering).
 */

/** The event types: one list for detectors, store, screening, filters and exports. */
export const EVENT_TYPES = [
  'encounter',
  'loitering',
  'gap',
  'identity_change',
  'spoofing',
  'port_visit',
  'zone_entry',
  'zone_exit',
  'dark_detection',
  'sanctions_hit',
] as const;

export type EventType = (typeof EVENT_TYPES)[number];

export function isEventType(s: string): s is EventType {
  return (EVENT_TYPES as readonly string[]).includes(s);
}

/** A rule parameter: a number, a string, a flag, or a list of them (screening's list files). */
export type ParamValue = number | string | boolean | readonly string[] | readonly number[];

/** Which rule fired, under which profile and parameters, so a result can be reproduced. */
export interface EventRule {
  name: string;
  /** the named parameter set (detectors: gfw, skylight, strict); absent for rules without profiles */
  profile?: string;
  params: Record<string, ParamValue>;
}

/** Evidence values: numbers, strings, flags, lists of raw position ids (`${mmsi}:${t}`), or nested records (screening). */
export type EvidenceValue = number | string | boolean | null | number[] | string[] | { readonly [k: string]: unknown } | readonly unknown[];

export interface Event {
  /** `${type}:${mmsi joined by '-'}:${start ISO}` (+ `:${qualifier}` where one vessel can have several at once); deterministic */
  id: string;
  type: EventType;
  /** ISO 8601 UTC */
  start: string;
  end: string;
  /** vessels involved, one or two (none for a screening hit known only by IMO) */
  mmsi: number[];
  /** where it happened; null for events with no place (a sanctions hit) */
  lat: number | null;
  lon: number | null;
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

/** How long an event lasted, in hours. */
export function eventHours(e: Pick<Event, 'start' | 'end'>): number {
  return (Date.parse(e.end) - Date.parse(e.start)) / 3_600_000;
}

/** Id of a raw position in evidence: MMSI and epoch ms. */
export function positionId(mmsi: number, t: number): string {
  return `${mmsi}:${t}`;
}

export function eventId(type: EventType, mmsi: readonly number[], start: number, qualifier?: string): string {
  const base = `${type}:${mmsi.join('-')}:${isoTime(start)}`;
  return qualifier ? `${base}:${qualifier}` : base;
}
