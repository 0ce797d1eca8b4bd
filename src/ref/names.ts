/**
 * Text fields from AIS (names, call signs, destinations) arrive padded with '@' (6-bit zero)
 * and spaces; CSV exports keep the padding. One cleaner for all sources. Case is kept as sent.
 */

// '@' padding and whitespace at either end.
const EDGES = /^[@\s]+|[@\s]+$/g;
// eslint-disable-next-line no-control-regex
const HAS_CONTROL = /[\u0000-\u001f\u007f]/;
// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u001f\u007f]/g;
const HAS_RUN = /\s{2}/;
const RUNS = /\s+/g;

/** Trim '@' padding and spaces, turn control characters to spaces, collapse inner whitespace; '' -> null. */
export function cleanText(value: string | null | undefined): string | null {
  if (value === null || value === undefined || value === '') return null;
  let s = value;
  if (HAS_CONTROL.test(s)) s = s.replace(CONTROLS, ' ');
  s = s.replace(EDGES, '');
  if (s === '') return null;
  if (HAS_RUN.test(s)) s = s.replace(RUNS, ' ');
  return s;
}

/** A vessel name or call sign: cleanText (kept as its own name so callers say what they clean). */
export const cleanName = cleanText;
