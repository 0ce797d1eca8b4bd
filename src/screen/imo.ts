/**
 * IMO ship numbers: seven digits, the last a check digit (sum of the first six digits
 * weighted 7..2, modulo 10). Private to screening; src/ref has the shared version.
 */

/** True when `n` is a seven-digit IMO number whose check digit is right. */
export function isValidImo(n: string): boolean {
  if (!/^\d{7}$/.test(n)) return false;
  let sum = 0;
  for (let i = 0; i < 6; i++) sum += (n.charCodeAt(i) - 48) * (7 - i);
  return sum % 10 === n.charCodeAt(6) - 48;
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
