/**
 * MMSI classes per ITU-R M.585 (Annex 1-2): which kind of station an MMSI names, its MID and
 * so its flag. Used to label records with a flag and by the spoofing detector to flag invalid ids.
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
  | 'invalid';

export type MmsiProblem = 'not_9_digits' | 'repeated_digits' | 'unassigned_mid' | 'unknown_prefix';

export interface MmsiInfo {
  mmsi: number;
  kind: MmsiKind;
  /** the kind the digit pattern alone suggests, also for invalid MMSIs (e.g. 'ship' for 299123456) */
  pattern: Exclude<MmsiKind, 'invalid'> | null;
  /** 3-digit MID, null for SART/MOB/EPIRB (no MID) and unparseable numbers */
  mid: number | null;
  /** ISO 3166-1 alpha-2 from the MID, null when the MID is unassigned or absent */
  flag: string | null;
  /** country or territory as ITU names it */
  country: string | null;
  /** why the MMSI is invalid; null when valid */
  problem: MmsiProblem | null;
}

// Placeholder numbers transponders are shipped with or users type in; no station has them.
const PLACEHOLDERS = new Set(['123456789', '987654321', '012345678', '234567890']);

function structure(s: string): { pattern: MmsiInfo['pattern']; midStr: string | null } {
  if (s.startsWith('00')) return { pattern: 'coast_station', midStr: s.slice(2, 5) };
  if (s.startsWith('0')) return { pattern: 'group', midStr: s.slice(1, 4) };
  if (s.startsWith('111')) return { pattern: 'sar_aircraft', midStr: s.slice(3, 6) };
  if (s.startsWith('970')) return { pattern: 'sart', midStr: null };
  if (s.startsWith('972')) return { pattern: 'mob', midStr: null };
  if (s.startsWith('974')) return { pattern: 'epirb', midStr: null };
  if (s.startsWith('99')) return { pattern: 'aton', midStr: s.slice(2, 5) };
  if (s.startsWith('98')) return { pattern: 'auxiliary_craft', midStr: s.slice(2, 5) };
  if (s.startsWith('8')) return { pattern: 'handheld', midStr: s.slice(1, 4) };
  const d = s.charCodeAt(0);
  if (d >= 0x32 && d <= 0x37) return { pattern: 'ship', midStr: s.slice(0, 3) };
  return { pattern: null, midStr: null };
}

/** Classify an MMSI given as a number (leading zeros implied) or a digit string. */
export function classifyMmsi(input: number | string): MmsiInfo {
  const n = typeof input === 'number' ? input : /^\d{1,9}$/.test(input.trim()) ? Number(input.trim()) : NaN;
  const base = { mmsi: Number.isFinite(n) ? n : -1 };
  if (!Number.isInteger(n) || n <= 0 || n > 999_999_999) {
    return { ...base, kind: 'invalid', pattern: null, mid: null, flag: null, country: null, problem: 'not_9_digits' };
  }
  const s = String(n).padStart(9, '0');
  const { pattern, midStr } = structure(s);
  const mid = midStr === null ? null : Number(midStr);
  const entry = mid === null ? undefined : lookupMid(mid);
  const flag = entry?.iso2 ?? null;
  const country = entry?.country ?? null;
  let problem: MmsiProblem | null = null;
  if (/^(\d)\1{8}$/.test(s) || PLACEHOLDERS.has(s)) problem = 'repeated_digits';
  else if (pattern === null) problem = 'unknown_prefix';
  else if (mid !== null && !entry) problem = 'unassigned_mid';
  return { mmsi: n, kind: problem ? 'invalid' : (pattern ?? 'invalid'), pattern, mid, flag, country, problem };
}

/** ISO alpha-2 flag from an MMSI's MID, or null (no MID, unassigned MID, invalid number). */
export function flagOfMmsi(mmsi: number): string | null {
  return classifyMmsi(mmsi).flag;
}
