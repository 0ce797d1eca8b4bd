/**
 * IMO ship identification numbers: 7 digits, the last a check digit
 * (sum of the first six digits times 7,6,5,4,3,2, modulo 10).
 */

/** True when imo is a 7-digit number whose check digit is right. */
export function isValidImo(imo: number): boolean {
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
 * IMO number from how sources write it: 'IMO9307839', 'IMO 9307839', '9307839', 9307839.
 * Returns the number as reported (check digit NOT enforced: a wrong one is evidence for the
 * spoofing detector), or null when absent: empty, 0, 'Unknown', or not a number at all.
 */
export function parseImo(value: string | number | null | undefined): number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return Number.isInteger(value) && value > 0 ? value : null;
  let s = value.trim();
  if (s.length >= 3 && (s.charCodeAt(0) | 0x20) === 0x69 && (s.charCodeAt(1) | 0x20) === 0x6d && (s.charCodeAt(2) | 0x20) === 0x6f) {
    s = s.slice(3).trim();
  }
  if (!/^\d{1,10}$/.test(s)) return null;
  const n = Number(s);
  return n > 0 ? n : null;
}
