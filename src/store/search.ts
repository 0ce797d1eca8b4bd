/**
 * Vessel search rules shared by every store driver (the API's search box): how the typed text is
 * read (an MMSI, an IMO, a name fragment) and how the vessels the SQL found are described (latest
 * identity, former names, what matched, positions seen). Each driver's SQL finds the MMSIs.
 */
import type { VesselStatic } from '../records.js';
import type { IdentityPeriod, VesselMatch, VesselMatchField } from './types.js';
import { identityPeriods } from './identity.js';

/** `%` `_` and `\` taken literally in a LIKE pattern (ESCAPE '\'). */
export function likeLiteral(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export interface SearchTerms {
  /** the query, trimmed and upper-cased */
  text: string;
  /** the query when it is 1-9 digits */
  digits: string | null;
  asMmsi: number | null;
  asImo: number | null;
}

/** How a search query reads; null for an empty one. */
export function searchTerms(q: string): SearchTerms | null {
  const text = q.trim().toUpperCase();
  if (text === '') return null;
  const digits = /^\d{1,9}$/.test(text) ? text : null;
  const asMmsi = digits && digits.length === 9 ? Number(digits) : null;
  const asImo = digits && digits.length === 7 ? Number(digits) : /^IMO\s*\d{7}$/.test(text) ? Number(text.replace(/\D/g, '')) : null;
  return { text, digits, asMmsi, asImo };
}

/** The found MMSIs (in rank order) described from their static reports (ordered by mmsi, t) and position spans. */
export function vesselMatches(
  mmsis: readonly number[],
  reports: readonly VesselStatic[],
  seen: ReadonlyMap<number, { n: number; lo: number; hi: number }>,
  { text, digits, asImo }: SearchTerms,
): VesselMatch[] {
  const periods = new Map<number, IdentityPeriod[]>();
  for (const p of identityPeriods(reports)) {
    const list = periods.get(p.mmsi) ?? [];
    list.push(p);
    periods.set(p.mmsi, list);
  }
  return mmsis.map((mmsi) => {
    const ps = periods.get(mmsi) ?? [];
    const cur = ps[ps.length - 1];
    const formerNames = [...new Set(ps.slice(0, -1).map((p) => p.name).filter((n): n is string => !!n && n !== cur?.name))];
    const formerCallsigns = [...new Set(ps.slice(0, -1).map((p) => p.callsign).filter((n): n is string => !!n && n !== cur?.callsign))];
    const matched: VesselMatchField[] = [];
    const has = (v: string | null | undefined): v is string => !!v && v.toUpperCase().includes(text);
    if (digits && String(mmsi).startsWith(digits)) matched.push({ field: 'mmsi', value: String(mmsi) });
    const imos = [...new Set(ps.map((p) => p.imo).filter((x): x is number => x !== null))];
    for (const imo of imos) if (imo === asImo) matched.push({ field: 'imo', value: String(imo) });
    if (has(cur?.name)) matched.push({ field: 'name', value: cur.name });
    for (const n of formerNames) if (has(n)) matched.push({ field: 'former_name', value: n });
    if (has(cur?.callsign)) matched.push({ field: 'callsign', value: cur.callsign });
    for (const c of formerCallsigns) if (has(c)) matched.push({ field: 'former_callsign', value: c });
    const span = seen.get(mmsi);
    return {
      mmsi,
      name: cur?.name ?? null,
      callsign: cur?.callsign ?? null,
      imo: cur?.imo ?? null,
      flag: cur?.flag ?? null,
      shipType: cur?.shipType ?? null,
      formerNames,
      matched,
      positions: span?.n ?? 0,
      firstSeen: span?.lo ?? null,
      lastSeen: span?.hi ?? null,
    };
  });
}
