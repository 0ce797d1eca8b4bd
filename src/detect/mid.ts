/**
 * MMSI checks and the flag state from the MMSI's Maritime Identification Digits, on the
 * shared MID table (src/ref/mid.ts); VesselStatic.flag wins when a source set it.
 */
import { lookupMid } from '../ref/mid.js';
import { isValidImo } from '../ref/imo.js';

/** ISO alpha-2 flag of an assigned MID, or null. */
export function midFlag(mid: number): string | null {
  const e = lookupMid(mid);
  return e && e.iso2 ? e.iso2 : null;
}

/**
 * MID of an MMSI by its kind (ITU-R M.585): ship 9 digits MIDxxxxxx; coast
 * station 00MIDxxxx; group 0MIDxxxxx; SAR aircraft 111MIDxxx; craft associated
 * with a parent ship 98MIDxxxx; aids to navigation 99MIDxxxx; handheld 8MIDxxxxx.
 */
export function mmsiMid(mmsi: number): number | null {
  if (!Number.isInteger(mmsi) || mmsi <= 0 || mmsi > 999_999_999) return null;
  const s = String(mmsi).padStart(9, '0');
  if (s.startsWith('00')) return Number(s.slice(2, 5));
  if (s.startsWith('0')) return Number(s.slice(1, 4));
  if (s.startsWith('111')) return Number(s.slice(3, 6));
  if (s.startsWith('98') || s.startsWith('99')) return Number(s.slice(2, 5));
  if (s.startsWith('8')) return Number(s.slice(1, 4));
  return Number(s.slice(0, 3));
}

/** Flag (alpha-2) from an MMSI's MID, null when the MID is unassigned. */
export function flagFromMmsi(mmsi: number): string | null {
  const mid = mmsiMid(mmsi);
  return mid == null ? null : midFlag(mid);
}

export type MmsiProblem = 'out_of_range' | 'unassigned_mid' | 'repeated_digits';

/**
 * Why an MMSI that sends ship position reports cannot be a real ship's, or
 * null. Ships are 201000000-775999999 (MIDs 2xx-7xx); other MMSI kinds
 * (coast stations, SAR aircraft, aids to navigation, craft of a parent ship,
 * handhelds, SART/MOB/EPIRB 97x) are legitimate but not ships and are not
 * reported here. "Repeated digits": the six digits after the MID all equal
 * (412000000, 273333333), a three-digit block repeated (574574574), or a
 * counting run (123456789): defaults and placeholders typed into transponders.
 */
export function mmsiProblem(mmsi: number): MmsiProblem | null {
  const s = String(mmsi).padStart(9, '0');
  if (/^(\d)\1{8}$/.test(s)) return 'repeated_digits';
  if (!(mmsi >= 201_000_000 && mmsi <= 775_999_999)) {
    if (s.length !== 9 || !/^(0|111|98|99|97|8)/.test(s)) return 'out_of_range';
    // another kind of station: fine when its MID is assigned (97x SART/MOB/EPIRB carry none)
    if (s.startsWith('97')) return null;
    const mid = mmsiMid(mmsi);
    return mid != null && midFlag(mid) != null ? null : 'unassigned_mid';
  }
  if (midFlag(Number(s.slice(0, 3))) == null) return 'unassigned_mid';
  const tail = s.slice(3);
  if (/^(\d)\1{5}$/.test(tail)) return 'repeated_digits';
  if (s.slice(0, 3) === s.slice(3, 6) && s.slice(3, 6) === s.slice(6, 9)) return 'repeated_digits';
  if (s === '123456789' || s === '987654321') return 'repeated_digits';
  return null;
}

/** IMO number check digit (src/ref/imo.ts). */
export const validImo = isValidImo;
