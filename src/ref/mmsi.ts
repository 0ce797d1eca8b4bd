/**
 * MMSI rules, the one home for them (readers label records with a flag, the detectors judge
 * the MMSI a position report comes from, screening takes a flag from a query's MMSI).
 *
 * The rule (ITU-R M.585, Annex 1-2):
 * - **kind** from the digit pattern: ship `MIDxxxxxx` (first digit 2-7), group `0MIDxxxxx`,
 *   coast station `00MIDxxxx`, SAR aircraft `111MIDxxx`, aid to navigation `99MIDxxxx`,
 *   craft associated with a parent ship `98MIDxxxx`, handheld `8MIDxxxxx`, SART `970xxyyyy`,
 *   MOB `972xxyyyy`, EPIRB-AIS `974xxyyyy`, autonomous maritime radio device (group B, such
 *   as fishing-net buoys) `979xxyyyy` (the last four carry no MID).
 * - **flag**: the ISO alpha-2 code of the MID (src/ref/mid.ts), for every kind that has one.
 * - **invalid** (`problem`), no station can have the number:
 *   `not_9_digits` (not 1-999 999 999), `out_of_range` (no M.585 format starts this way:
 *   1xxxxxxxx other than 111, 9xxxxxxxx other than 970/972/974/979/98/99), `unassigned_mid`
 *   (the format has a MID that ITU had not allocated as of MID_TABLE, e.g. 200, 400, 776-799),
 *   `repeated_digits` (placeholders: one digit nine times, 111111111 ... 999999999, or a
 *   counting run, 123456789, 987654321, 012345678, 234567890).
 * - **suspicious default** (`suspicion`), a valid number that is nevertheless what a
 *   transponder holds when nobody entered the ship's own identity: `mid_only`, the MID
 *   followed by six equal digits (412000000, 445000000, 316999999), what an installer types
 *   who knows only the country prefix; `repeated_block`, one three-digit block three times
 *   (574574574). Such numbers stay valid ships with their flag (412000000 is a Chinese ship
 *   station identity by the format, and M.585 gives ships with trailing zeros to
 *   Inmarsat-capable stations), but one of them is typically heard from many hulls at once,
 *   so the spoofing detector reports them as `default_mmsi`, apart from `invalid_mmsi`.
 */
import { lookupMid } from './mid.js';

export type MmsiKind =
  | 'ship' // MIDxxxxxx
  | 'group' // 0MIDxxxxx, a group of ships
  | 'coast_station' // 00MIDxxxx
  | 'sar_aircraft' // 111MIDxxx
  | 'aton' // 99MIDxxxx, aid to navigation
  | 'auxiliary_craft' // 98MIDxxxx, craft associated with a parent ship
  | 'handheld' // 8MIDxxxxx, handheld VHF with DSC and GNSS
  | 'sart' // 970xxyyyy, AIS search and rescue transmitter
  | 'mob' // 972xxyyyy, man overboard device
  | 'epirb' // 974xxyyyy, EPIRB-AIS
  | 'amrd' // 979xxyyyy, autonomous maritime radio device group B (M.585-9: net buoys and the like)
  | 'invalid';

/** Why no station can have the number (see the rule above). */
export type MmsiProblem = 'not_9_digits' | 'out_of_range' | 'unassigned_mid' | 'repeated_digits';

/** Why a valid number is still probably a default rather than a ship's own identity. */
export type MmsiSuspicion = 'mid_only' | 'repeated_block';

export interface MmsiInfo {
  mmsi: number;
  kind: MmsiKind;
  /** the kind the digit pattern alone suggests, also for invalid MMSIs (e.g. 'ship' for 299123456) */
  pattern: Exclude<MmsiKind, 'invalid'> | null;
  /** 3-digit MID, null for SART/MOB/EPIRB/AMRD (no MID) and unparseable numbers */
  mid: number | null;
  /** ISO 3166-1 alpha-2 from the MID, null when the MID is unassigned or absent */
  flag: string | null;
  /** country or territory as ITU names it */
  country: string | null;
  /** why the MMSI is invalid; null when valid */
  problem: MmsiProblem | null;
  /** why a valid ship MMSI looks like a default; null when it does not (always null when invalid) */
  suspicion: MmsiSuspicion | null;
}

// Counting runs transponders are shipped with or users type in; no station has them.
const COUNTING_RUNS = new Set(['123456789', '987654321', '012345678', '234567890']);

function structure(s: string): { pattern: MmsiInfo['pattern']; midStr: string | null } {
  if (s.startsWith('00')) return { pattern: 'coast_station', midStr: s.slice(2, 5) };
  if (s.startsWith('0')) return { pattern: 'group', midStr: s.slice(1, 4) };
  if (s.startsWith('111')) return { pattern: 'sar_aircraft', midStr: s.slice(3, 6) };
  if (s.startsWith('970')) return { pattern: 'sart', midStr: null };
  if (s.startsWith('972')) return { pattern: 'mob', midStr: null };
  if (s.startsWith('974')) return { pattern: 'epirb', midStr: null };
  if (s.startsWith('979')) return { pattern: 'amrd', midStr: null };
  if (s.startsWith('99')) return { pattern: 'aton', midStr: s.slice(2, 5) };
  if (s.startsWith('98')) return { pattern: 'auxiliary_craft', midStr: s.slice(2, 5) };
  if (s.startsWith('8')) return { pattern: 'handheld', midStr: s.slice(1, 4) };
  const d = s.charCodeAt(0);
  if (d >= 0x32 && d <= 0x37) return { pattern: 'ship', midStr: s.slice(0, 3) };
  return { pattern: null, midStr: null };
}

function suspicionOf(s: string): MmsiSuspicion | null {
  if (/^\d{3}(\d)\1{5}$/.test(s)) return 'mid_only';
  if (s.slice(0, 3) === s.slice(3, 6) && s.slice(3, 6) === s.slice(6, 9)) return 'repeated_block';
  return null;
}

/** Classify an MMSI given as a number (leading zeros implied) or a digit string. */
export function classifyMmsi(input: number | string): MmsiInfo {
  const n = typeof input === 'number' ? input : /^\d{1,9}$/.test(input.trim()) ? Number(input.trim()) : NaN;
  const base = { mmsi: Number.isFinite(n) ? n : -1 };
  if (!Number.isInteger(n) || n <= 0 || n > 999_999_999) {
    return { ...base, kind: 'invalid', pattern: null, mid: null, flag: null, country: null, problem: 'not_9_digits', suspicion: null };
  }
  const s = String(n).padStart(9, '0');
  const { pattern, midStr } = structure(s);
  const mid = midStr === null ? null : Number(midStr);
  const entry = mid === null ? undefined : lookupMid(mid);
  const flag = entry?.iso2 ?? null;
  const country = entry?.country ?? null;
  let problem: MmsiProblem | null = null;
  if (/^(\d)\1{8}$/.test(s) || COUNTING_RUNS.has(s)) problem = 'repeated_digits';
  else if (pattern === null) problem = 'out_of_range';
  else if (mid !== null && !entry) problem = 'unassigned_mid';
  const suspicion = problem === null && pattern === 'ship' ? suspicionOf(s) : null;
  return { mmsi: n, kind: problem ? 'invalid' : (pattern ?? 'invalid'), pattern, mid, flag, country, problem, suspicion };
}

/**
 * An invalid or default-pattern MMSI (1193046, 412000000): one number heard from several hulls
 * at once, so what it reports over time (names, destinations) is no one vessel's history.
 */
export function isSharedMmsi(mmsi: number): boolean {
  const info = classifyMmsi(mmsi);
  return info.problem !== null || info.suspicion !== null;
}

/** ISO alpha-2 flag from an MMSI's MID, or null (no MID, unassigned MID, invalid number). */
export function flagOfMmsi(mmsi: number): string | null {
  return classifyMmsi(mmsi).flag;
}

/** Flag of a ship-pattern MMSI (first digit 2-7) only, as screening takes it for a query without one. */
export function shipFlagOfMmsi(mmsi: number | string): string | null {
  const info = classifyMmsi(mmsi);
  return info.pattern === 'ship' ? info.flag : null;
}

/** An MMSI as lists write it, as nine digits (leading zeros kept), or null when the value is not one. */
export function mmsiDigits(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  const s = String(v).trim();
  if (!/^\d{9}$/.test(s)) return null;
  if (/^0+$/.test(s)) return null;
  return s;
}
