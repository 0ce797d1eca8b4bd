/**
 * AIS navigational status (ITU-R M.1371-5, message 1-3 field "navigational status"):
 * code <-> name, and the text statuses of Danish DMA CSV exports.
 */
import { NAV_STATUS } from '../ais/legends.js';

/** Names as gpsd prints them as status_text (ITU-R M.1371 wording): one table, src/ais/legends.ts. */
export const NAV_STATUS_NAMES: readonly string[] = NAV_STATUS;

/** Name of a status code 0-15, 'Unknown' otherwise. */
export function navStatusName(code: number | null | undefined): string {
  if (code === null || code === undefined) return 'Unknown';
  return NAV_STATUS_NAMES[code] ?? 'Unknown';
}

// Key: lower case, letters and digits only. Covers ITU/gpsd names and DMA's texts
// ("Restricted maneuverability", "Reserved for future amendment [HSC]", "Unknown value", ...).
const ALIASES: Record<string, number> = {};
NAV_STATUS_NAMES.forEach((name, code) => (ALIASES[key(name)] = code));
for (const [text, code] of [
  ['Restricted manoeuverability', 3],
  ['Restricted manoeuvrability', 3],
  ['Reserved for future amendment [HSC]', 9],
  ['Reserved for future amendment [WIG]', 10],
  ['Reserved for future use', 13],
  ['AIS-SART', 14],
  ['AIS-SART (active)', 14],
  ['Unknown value', 15],
  ['Undefined', 15],
  ['Not defined (default)', 15],
] as const) {
  ALIASES[key(text)] = code;
}

function key(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/**
 * Status code from a text status (DMA, gpsd, ITU wording; case and punctuation ignored).
 * "Reserved for future use [11]" style texts give the bracketed code. Undefined when unknown.
 */
export function navStatusFromText(text: string): number | undefined {
  const bracket = /\[(\d{1,2})\]\s*$/.exec(text);
  if (bracket?.[1] !== undefined) {
    const n = Number(bracket[1]);
    if (n <= 15) return n;
  }
  return ALIASES[key(text)];
}
