/**
 * Parameters of the API beyond the shared event filter (src/query/filters.ts, which every
 * event route uses with style 'api'): the query string read strictly (no unknown or repeated
 * keys), page sizes, the opaque events cursor, path ids, vessel search text and track ranges.
 * Every failure is a UsageError whose message starts with the parameter's name.
 */
import { UsageError } from '../errors.js';
import { EVENT_TYPES } from '../events.js';
import { parseIsoStrict } from '../query/filters.js';
import type { EventKey } from '../store/types.js';

/** Largest page of /api/events (the shared filter allows more for files; a page is a screenful). */
export const MAX_PAGE = 1000;
export const DEFAULT_PAGE = 100;
/** Largest page of /api/vessels. */
export const MAX_SEARCH = 100;
export const DEFAULT_SEARCH = 20;
/** A track covers at most this many days; without from/to it is the vessel's last 24 hours. */
export const MAX_TRACK_DAYS = 31;
export const DEFAULT_TRACK_MS = 24 * 3_600_000;
/** Longest time range of /api/tracks: the map plays days, not months. */
export const MAX_MAP_DAYS = 7;
/** Most positions /api/tracks reads for one answer; past it, a 400 asks for less. */
export const MAX_MAP_POSITIONS = 3_000_000;
/** Vessels per answer: default and ceiling. */
export const DEFAULT_MAP_VESSELS = 2000;
export const MAX_MAP_VESSELS = 10_000;
/** Points returned over all tracks; each vessel gets a share (at least MIN_POINTS_PER_VESSEL). */
export const MAX_MAP_POINTS = 400_000;
/** Longest request target the API reads (longer: 414). */
export const MAX_URL_LENGTH = 4096;

const DAY_MS = 86_400_000;

function show(s: string): string {
  return JSON.stringify(s.length > 60 ? `${s.slice(0, 60)}...` : s);
}

/**
 * The query string as one string per key. A key the route does not take, or one given twice,
 * is refused: a filter silently ignored would answer a question the user did not ask.
 */
export function strictQuery(all: Record<string, string[]>, allowed: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, vs] of Object.entries(all)) {
    if (!allowed.includes(k)) throw new UsageError(`unknown parameter ${show(k)}; this route takes ${allowed.join(', ') || 'none'}`);
    if (vs.length > 1) throw new UsageError(`${k}: given ${vs.length} times; give it once`);
    out[k] = vs[0] ?? '';
  }
  return out;
}

export function pageSize(raw: string | undefined, name: string, dflt: number, max: number): number {
  if (raw === undefined || raw === '') return dflt;
  if (!/^\d{1,9}$/.test(raw) || Number(raw) < 1 || Number(raw) > max) {
    throw new UsageError(`${name}: ${show(raw)} is not a whole number from 1 to ${max}${name === 'limit' && /^\d+$/.test(raw) ? '; page with cursor' : ''}`);
  }
  return Number(raw);
}

/** Flag names are snake_case words (`night`, `outside_territorial_sea`). */
export function checkFlags(flags: readonly string[] | undefined): void {
  for (const f of flags ?? []) {
    if (!/^[a-z][a-z0-9_]{0,63}$/.test(f)) throw new UsageError(`flags: ${show(f)} is not a flag name (lower-case words joined by _, e.g. night,outside_territorial_sea)`);
  }
  if ((flags?.length ?? 0) > 20) throw new UsageError('flags: at most 20 flags');
}

export function encodeCursor(k: EventKey): string {
  return Buffer.from(JSON.stringify([k.start, k.id]), 'utf8').toString('base64url');
}

export function decodeCursor(s: string): EventKey {
  const bad = new UsageError('cursor: not a cursor of this API (pass the `next` of the previous page as it was given)');
  if (s.length > 1200 || !/^[A-Za-z0-9_-]+$/.test(s)) throw bad;
  let v: unknown;
  try {
    v = JSON.parse(Buffer.from(s, 'base64url').toString('utf8'));
  } catch {
    throw bad;
  }
  if (!Array.isArray(v) || v.length !== 2 || typeof v[0] !== 'number' || !Number.isSafeInteger(v[0]) || typeof v[1] !== 'string' || v[1].length > 512) throw bad;
  return { start: v[0], id: v[1] };
}

/** An MMSI in a path: nine digits. */
export function mmsiParam(s: string): number {
  if (!/^\d{9}$/.test(s)) throw new UsageError(`mmsi: ${show(s)} is not an MMSI (9 digits)`);
  return Number(s);
}

/** An event id in a path: `type:...` as the detectors make them, printable, at most 512 characters. */
export function eventIdParam(s: string): string {
  const type = s.slice(0, s.indexOf(':'));
  if (s.length > 512 || !(EVENT_TYPES as readonly string[]).includes(type) || !/^[\x20-\x7e\u00a0-\uffff]+$/.test(s)) {
    throw new UsageError(`id: ${show(s)} is not an event id (type:mmsi:start, e.g. encounter:412000001-445123456:2024-03-01T14:00:00Z)`);
  }
  return s;
}

/** Vessel search text: 2 to 64 printable characters. */
export function searchText(s: string | undefined): string {
  if (s === undefined || s.trim() === '') throw new UsageError('q: required: a name, former name, call sign, MMSI or IMO (at least 2 characters)');
  const t = s.trim();
  if (t.length < 2 || t.length > 64 || [...t].some((ch) => ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f)) throw new UsageError(`q: ${show(t)} must be 2 to 64 printable characters`);
  return t;
}

function time(s: string, name: string): number {
  const t = parseIsoStrict(s);
  if (t === null) throw new UsageError(`${name}: ${show(s)} is not a valid ISO 8601 date or date-time (e.g. 2024-03-01 or 2024-03-01T14:00:00Z)`);
  return t;
}

/**
 * The time range of a track: both ends given, or one end and 24 hours from it, or (neither)
 * the 24 hours up to `lastSeen`. At most MAX_TRACK_DAYS.
 */
export function trackRange(fromS: string | undefined, toS: string | undefined, lastSeen: number): { from: number; to: number } {
  const f = fromS ? time(fromS, 'from') : undefined;
  const t = toS ? time(toS, 'to') : undefined;
  const from = f ?? (t ?? lastSeen) - DEFAULT_TRACK_MS;
  const to = t ?? (f !== undefined ? f + DEFAULT_TRACK_MS : lastSeen);
  if (from > to) throw new UsageError(`from: ${new Date(from).toISOString()} is after to ${new Date(to).toISOString()}`);
  if (to - from > MAX_TRACK_DAYS * DAY_MS) {
    throw new UsageError(`to: the range from ${new Date(from).toISOString()} to ${new Date(to).toISOString()} is longer than ${MAX_TRACK_DAYS} days; ask for less`);
  }
  return { from, to };
}

export function zoomParam(s: string | undefined): number | undefined {
  if (s === undefined || s === '') return undefined;
  if (!/^\d{1,2}$/.test(s) || Number(s) > 22) throw new UsageError(`zoom: ${show(s)} is not a whole number from 0 to 22`);
  return Number(s);
}

export type EventOutput = 'json' | 'geojson' | 'csv';
export function formatParam(s: string | undefined): EventOutput {
  if (s === undefined || s === '' || s === 'json') return 'json';
  if (s === 'geojson' || s === 'csv') return s;
  throw new UsageError(`format: ${show(s)} is not one of json, geojson, csv`);
}
