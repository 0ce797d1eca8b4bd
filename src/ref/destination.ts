/**
 * The AIS destination field (type 5, 20 six-bit characters, typed by the crew): what counts
 * as the same destination, for destination_change (src/detect/destination.ts).
 *
 * Crews write one port many ways: case and spacing ("Dalian", "DALIAN "), punctuation
 * ("DA-LIAN", "DALIAN."), UN/LOCODE with or without its separator ("CN DLC", "CNDLC",
 * "CN-DLC"), the country after the name ("DALIAN CN", "DALIAN,CHINA"). `destinationKey`
 * folds those into one key. Placeholders ("FOR ORDERS", "TBA", "UNKNOWN", "NONE", "-")
 * carry no destination: they count as blank, so flicker between a port and a placeholder or
 * blank is no change. `sameDestination` also takes a key one edit from another as the same
 * place (typo corrections, real AMSA data: "TORES STRAIT" -> "TORRES STRAIT"). Not folded: a LOCODE against the port's name (CNDLC vs DALIAN) needs
 * the UN/LOCODE table, which darkfleet does not bundle; such pairs read as a change.
 */

import { allMids } from './mid.js';
import { osaDistance } from '../screen/similarity.js';

/** country words crews append after a port name; a trailing ISO 3166 alpha-2 code (of the MID table) is dropped too */
const COUNTRY_WORDS = new Set(['CHINA', 'PRC', 'KOREA', 'DPRK', 'ROK', 'JAPAN', 'RUSSIA', 'USA', 'VIETNAM', 'TAIWAN']);
const PLACEHOLDERS = new Set(['FORORDERS', 'FORORDER', 'ORDERS', 'ORDER', 'TBA', 'TBN', 'TBC', 'NA', 'NONE', 'NIL', 'UNKNOWN', 'NODESTINATION', 'SEA', 'ATSEA']);

let codes: Set<string> | undefined;
function countryCodes(): Set<string> {
  codes ??= new Set(allMids().map((m) => m.iso2));
  return codes;
}

/**
 * The comparable key of a destination: upper case, letters and digits only, the country
 * after a name dropped; null for blank and placeholders.
 */
export function destinationKey(raw: string | null | undefined): string | null {
  if (raw == null) return null;
  const tokens = raw
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, ' ')
    .trim()
    .split(' ')
    .filter((t) => t !== '');
  if (tokens.length === 0) return null;
  // "DALIAN CN", "DALIAN CHINA": the country after the name (not "CN DLC", a LOCODE)
  if (tokens.length > 1 && tokens[0]!.length > 2) {
    const tail = tokens[tokens.length - 1]!;
    if (COUNTRY_WORDS.has(tail) || countryCodes().has(tail)) tokens.pop();
  }
  const key = tokens.join('');
  return PLACEHOLDERS.has(key) ? null : key;
}

/** keys this long or longer that differ by one edit are one place retyped ("TORES STRAIT" -> "TORRES STRAIT") */
const TYPO_MIN_LENGTH = 6;

/**
 * Two destination keys name the same place: equal, or long enough and one edit apart (a
 * letter added, dropped, changed or two swapped: a typo corrected, not a new destination).
 */
export function sameDestination(a: string, b: string): boolean {
  if (a === b) return true;
  return Math.min(a.length, b.length) >= TYPO_MIN_LENGTH && osaDistance(a, b, 1) <= 1;
}
