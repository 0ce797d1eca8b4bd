/**
 * Events as DESIGN.md defines them (`darkfleet analyze --out events.jsonl`), and the
 * `sanctions_hit` event a screening hit becomes, with a deterministic id
 * `sanctions_hit:<mmsi-or-imo>:<entity id>` so storing it twice adds nothing.
 */
import type { Event } from '../events.js';
import type { Hit } from './types.js';

export interface HitEventContext {
  /** when the screened identity was seen (ISO 8601 UTC); the list date when unknown */
  start: string;
  end?: string;
  threshold: number;
  hops: number;
  /** list files screened against */
  lists: string[];
}

/** The vessel key of a hit: its MMSI, else its IMO, else null (no event possible). */
export function hitVesselKey(hit: Hit): string | null {
  const q = hit.query;
  const mmsi = String(q['mmsi'] ?? '').trim();
  if (/^\d{9}$/.test(mmsi)) return mmsi;
  const imo = String(q['imo'] ?? '').trim().replace(/^IMO\s*/i, '');
  if (/^\d{7}$/.test(imo)) return imo;
  return null;
}

export function sanctionsHitEvent(hit: Hit, ctx: HitEventContext): Event | null {
  const key = hitVesselKey(hit);
  if (key === null) return null;
  const mmsi = /^\d{9}$/.test(key) ? [Number(key)] : [];
  const flags = [hit.path.length === 0 ? 'direct' : 'indirect'];
  for (const r of hit.reasons) {
    const tag = r.slice(0, r.indexOf(':'));
    if (['imo', 'mmsi', 'name', 'renamed', 'callsign'].includes(tag)) {
      const f = tag === 'renamed' ? 'renamed' : `${tag}_match`;
      if (!flags.includes(f)) flags.push(f);
    }
    if (tag === 'flag' && r.includes(' differs ') && !flags.includes('flag_mismatch')) flags.push('flag_mismatch');
  }
  return {
    id: `sanctions_hit:${key}:${hit.entity.id}`,
    type: 'sanctions_hit',
    start: ctx.start,
    end: ctx.end ?? ctx.start,
    mmsi,
    lat: null,
    lon: null,
    confidence: hit.score,
    flags,
    rule: { name: 'screen', params: { threshold: ctx.threshold, hops: ctx.hops, lists: ctx.lists } },
    evidence: { query: hit.query, entity: hit.entity, reasons: hit.reasons, path: hit.path },
  };
}
