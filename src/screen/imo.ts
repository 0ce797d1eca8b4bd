/**
 * IMO and MMSI identifiers as screening handles them: digit strings, as lists write them.
 * The check-digit rule itself lives in src/ref/imo.ts.
 */
import { isValidImo as validImoNumber } from '../ref/imo.js';

/** True when `n` is a seven-digit IMO number whose check digit is right. */
export function isValidImo(n: string): boolean {
  return /^\d{7}$/.test(n) && validImoNumber(Number(n));
}

/** Digits of an IMO given as `9187629`, `IMO 9187629` or a number; null when none. */
export function imoDigits(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  const s = String(v).trim().replace(/^IMO[\s:.-]*/i, '');
  if (!/^\d{1,7}$/.test(s)) return null;
  if (/^0+$/.test(s)) return null;
  return s.padStart(7, '0');
}

/** MMSI as nine digits, or null when the value is not one. */
export function mmsiDigits(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  const s = String(v).trim();
  if (!/^\d{9}$/.test(s)) return null;
  if (/^0+$/.test(s)) return null;
  return s;
}
