/** Small helpers shared by store drivers: canonical JSON, ISO times, reject merging. */

/** JSON with object keys sorted at every level, so equal values give equal strings. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value).sort()) out[k] = sortKeys((value as Record<string, unknown>)[k]);
    return out;
  }
  return value;
}

/** ISO 8601 UTC as DESIGN.md writes it: whole seconds without a fraction. */
export function isoUtc(ms: number): string {
  const s = new Date(ms).toISOString();
  return s.endsWith('.000Z') ? `${s.slice(0, -5)}Z` : s;
}

/** epoch ms from epoch ms or an ISO string; NaN when unreadable. */
export function toEpochMs(v: number | string): number {
  return typeof v === 'number' ? v : Date.parse(v);
}

export function addCounts(into: Record<string, number>, from: Readonly<Record<string, number>> | undefined): void {
  if (!from) return;
  for (const [k, v] of Object.entries(from)) into[k] = (into[k] ?? 0) + v;
}

/** A copy with keys in sorted order, for stable printed JSON. */
export function sortedCounts(counts: Readonly<Record<string, number>>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k of Object.keys(counts).sort()) out[k] = counts[k]!;
  return out;
}

/** An integer id from a number or a digit string ("IMO 9123456" reads as 9123456); null otherwise. */
export function intOrNull(v: unknown): number | null {
  if (typeof v === 'number') return Number.isInteger(v) ? v : null;
  if (typeof v === 'string') {
    const m = /^\s*(?:imo\s*)?(\d{1,10})\s*$/i.exec(v);
    return m ? Number(m[1]) : null;
  }
  return null;
}
