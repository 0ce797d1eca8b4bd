/**
 * IMO ship identification numbers, the one home for their rules: 7 digits, the last a check
 * digit (sum of the first six digits times 7,6,5,4,3,2, modulo 10). Readers keep an IMO as
 * reported (`parseImo`: a wrong check digit is evidence for the spoofing detector); screening
 * keys lists by the seven digits (`imoDigits`) and trusts only numbers that pass the check.
 */

/** True when imo is a 7-digit number (or a string of exactly 7 digits) whose check digit is right. */
export function isValidImo(imo: number | string): boolean {
  if (typeof imo === 'string') {
    if (!/^\d{7}$/.test(imo)) return false;
    imo = Number(imo);
  }
  if (!Number.isInteger(imo) || imo < 1_000_000 || imo > 9_999_999) return false;
  let sum = 0;
  let rest = Math.floor(imo / 10);
  for (let weight = 2; weight <= 7; weight++) {
    sum += (rest % 10) * weight;
    rest = Math.floor(rest / 10);
  }
  return sum % 10 === imo % 10;
}

/**
 * The digits of an IMO as sources write it: 'IMO9307839', 'IMO 9307839', 'imo: 9307839',
 * ' 9307839 ', 9307839 (the prefix and spacing dropped); null when what is left is not
 * 1-10 digits. Leading zeros are kept.
 */
function imoText(value: unknown): string | null {
  let s: string;
  if (typeof value === 'number') {
    if (!Number.isInteger(value) || value <= 0) return null;
    s = String(value);
  } else if (typeof value === 'string') {
    s = value.trim();
    // 'I' 'M' 'O' in either case, then any spaces, colons, dots or dashes
    if (s.length >= 3 && (s.charCodeAt(0) | 0x20) === 0x69 && (s.charCodeAt(1) | 0x20) === 0x6d && (s.charCodeAt(2) | 0x20) === 0x6f) {
      s = s.slice(3).replace(/^[\s:.-]+/, '');
    }
  } else return null;
  return /^\d{1,10}$/.test(s) ? s : null;
}

/**
 * IMO number from how sources write it (see imoText). Returns the number as reported (check
 * digit NOT enforced: a wrong one is evidence for the spoofing detector), or null when absent:
 * empty, 0, 'Unknown', or not a number at all.
 */
export function parseImo(value: string | number | null | undefined): number | null {
  const s = imoText(value);
  if (s === null) return null;
  const n = Number(s);
  return n > 0 ? n : null;
}

/** An IMO as seven digits (zero-padded, as lists key vessels), or null when the value holds none or more than seven. */
export function imoDigits(value: unknown): string | null {
  const s = imoText(value);
  if (s === null || s.length > 7 || /^0+$/.test(s)) return null;
  return s.padStart(7, '0');
}

/** The AIS type 5 "IMO not available" value, 2^30 - 1 (ITU-R M.1371-5): no IMO, never an invalid one. */
export const IMO_NOT_AVAILABLE = 1_073_741_823;

/**
 * What a reported IMO field says about the vessel's identity data:
 * - `none`: no IMO (absent, 0, or the AIS "not available" value 1073741823);
 * - `valid`: seven digits with a right check digit;
 * - `misformatted`: a valid IMO keyed with trailing zeros (x10, x100, x1000: 812064800 is
 *   8120648): the identity is intact, the field is junk;
 * - `invalid_check_digit`: anything else (a wrong check digit, a truncated number, bit junk).
 */
export type ImoQuality = 'none' | 'valid' | 'misformatted' | 'invalid_check_digit';

export function imoQuality(imo: number | null | undefined): ImoQuality {
  if (imo == null || imo === 0 || imo === IMO_NOT_AVAILABLE) return 'none';
  if (isValidImo(imo)) return 'valid';
  for (let k = 10; k <= 1000 && imo >= 10_000_000; k *= 10) if (imo % k === 0 && isValidImo(imo / k)) return 'misformatted';
  return 'invalid_check_digit';
}

/** What decides whether a vessel must carry an IMO number, from its AIS statics. */
export interface ImoCarriage {
  /** AIS ship type code */
  shipType: number | null;
  /** overall length, metres (bow + stern) */
  length: number | null;
  /** a class A transponder (messages 1-3, 5); false when known class B (18, 19, 24); null when unknown */
  classA: boolean | null;
}

/**
 * SOLAS XI-1/3 and V/19 in AIS terms: cargo ships and tankers of 300 GT and upwards and
 * passenger ships must carry an IMO number. AIS has no tonnage, so: ship types 60-69
 * (passenger) and 70-89 (cargo, tanker) of at least `minLengthM` (a ship of 300 GT is about
 * 45-50 m long), or of unknown length on a transponder not known to be class B. Fishing
 * vessels (IMO numbers only required since 2017-2018 for >= 100 GT), pleasure craft, tugs,
 * pilots and other service craft are not taken to need one.
 */
export function mustCarryImo(v: ImoCarriage, minLengthM: number): boolean {
  const t = v.shipType;
  if (t == null || t < 60 || t > 89) return false;
  if (v.length != null && v.length > 0) return v.length >= minLengthM;
  return v.classA !== false;
}
