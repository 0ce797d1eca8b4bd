/**
 * Risk score per vessel, 0-100, as a pure function of its identity, its screening hits and
 * its behaviour events. Every point is a component that names the rule and the evidence
 * (entity id or event id) that gave it, so the score can be argued with. Weights are the
 * named constants below; per-category caps keep one noisy detector from deciding alone.
 */
import type { Event } from '../events.js';
import type { Hit, VesselIdentity } from './types.js';

export interface RiskComponent {
  points: number;
  category: 'sanctions' | 'encounter' | 'gap' | 'identity' | 'spoofing' | 'loitering' | 'dark_rendezvous';
  reason: string;
  evidence: { entity?: string; event?: string; score?: number };
}

export interface RiskScore {
  score: number;
  /** sum before the 100 cap */
  uncapped: number;
  components: RiskComponent[];
}

export const RISK_WEIGHTS = {
  /** a listed vessel matched, times the hit score */
  sanctionsDirect: 60,
  /** a sanctioned entity one, two, three or more hops away, times the hit score */
  sanctionsByHops: [60, 40, 25, 15] as readonly number[],
  /** each further distinct sanctioned entity, up to sanctionsExtraCap */
  sanctionsExtra: 5,
  sanctionsExtraCap: 10,
  encounter: 4,
  encounterNight: 4,
  encounterOutsideTerritorialSea: 4,
  encounterDarkPartner: 4,
  encounterCap: 30,
  gapLikelyDisabling: 10,
  gapOther: 2,
  gapCap: 25,
  identityChange: 5,
  identityFlagHopping: 5,
  identityCap: 15,
  spoofing: 10,
  spoofingCap: 20,
  /** a spoofing event flagged data_quality (an invalid or unassigned MMSI, a transponder ashore): an identity defect, not deception */
  identityDefect: 3,
  loitering: 2,
  loiteringCap: 6,
  /** a dark satellite detection beside this vessel while it loitered or met another (dark_detection with dark_partner = this vessel) */
  darkRendezvous: 8,
  darkRendezvousCap: 24,
} as const;

export function riskScore(identity: VesselIdentity, hits: Hit[], events: Event[], w = RISK_WEIGHTS): RiskScore {
  const components: RiskComponent[] = [];
  const mmsi = Number(identity.mmsi);
  const mine = events
    .filter((e) => !Number.isFinite(mmsi) || mmsi === 0 || e.mmsi.length === 0 || e.mmsi.includes(mmsi))
    .sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

  // sanctions: hits given, else the sanctions_hit events already stored for this vessel
  const exposures = hits.length > 0
    ? hits.map((h) => ({ entity: h.entity.id, name: h.entity.name, score: h.score, hops: hopsOf(h.path.map((s) => s.relation)), event: undefined as string | undefined }))
    : mine.filter((e) => e.type === 'sanctions_hit').map((e) => {
        const ent = (e.evidence['entity'] ?? {}) as { id?: string; name?: string };
        const path = Array.isArray(e.evidence['path']) ? (e.evidence['path'] as { relation?: string | null }[]) : [];
        return { entity: ent.id ?? e.id, name: ent.name ?? '', score: e.confidence, hops: hopsOf(path.map((s) => s.relation ?? null)), event: e.id as string | undefined };
      });
  const seen = new Set<string>();
  const ranked = exposures
    .map((x) => ({ ...x, base: (x.hops === 0 ? w.sanctionsDirect : w.sanctionsByHops[Math.min(x.hops, w.sanctionsByHops.length - 1)]!) * x.score }))
    .sort((a, b) => b.base - a.base || (a.entity < b.entity ? -1 : 1));
  let extra = 0;
  for (const x of ranked) {
    if (seen.has(x.entity)) continue;
    seen.add(x.entity);
    const how = x.hops === 0 ? 'listed vessel matched' : `sanctioned entity ${x.hops} hop${x.hops > 1 ? 's' : ''} away`;
    const ev = { entity: x.entity, score: x.score, ...(x.event ? { event: x.event } : {}) };
    if (seen.size === 1) {
      components.push({ points: Math.round(x.base), category: 'sanctions', reason: `${how}: ${x.name} (hit score ${x.score})`, evidence: ev });
    } else if (extra < w.sanctionsExtraCap) {
      const p = Math.min(w.sanctionsExtra, w.sanctionsExtraCap - extra);
      extra += p;
      components.push({ points: p, category: 'sanctions', reason: `further exposure, ${how}: ${x.name}`, evidence: ev });
    }
  }

  const used: Record<string, number> = {};
  const add = (cat: RiskComponent['category'], cap: number, points: number, reason: string, e: Event): void => {
    const room = cap - (used[cat] ?? 0);
    if (room <= 0 || points <= 0) return;
    const p = Math.min(points, room);
    used[cat] = (used[cat] ?? 0) + p;
    components.push({ points: p, category: cat, reason: p < points ? `${reason} (category cap ${cap})` : reason, evidence: { event: e.id } });
  };
  for (const e of mine) {
    const f = new Set(e.flags);
    switch (e.type) {
      case 'encounter': {
        let p = w.encounter;
        const why = ['encounter'];
        if (f.has('night')) { p += w.encounterNight; why.push('at night'); }
        if (f.has('outside_territorial_sea')) { p += w.encounterOutsideTerritorialSea; why.push('outside 12 nm'); }
        if (f.has('dark_partner')) { p += w.encounterDarkPartner; why.push('with a dark partner'); }
        add('encounter', w.encounterCap, p, `${why.join(' ')} at ${e.start}`, e);
        break;
      }
      case 'gap':
        if (f.has('likely_disabling')) add('gap', w.gapCap, w.gapLikelyDisabling, `likely disabling AIS gap from ${e.start} to ${e.end}`, e);
        else if (!f.has('short')) add('gap', w.gapCap, w.gapOther, `AIS gap from ${e.start} to ${e.end}`, e);
        break;
      case 'identity_change':
        add('identity', w.identityCap, w.identityChange + (f.has('flag_hopping') ? w.identityFlagHopping : 0),
          `identity change at ${e.start}${f.has('flag_hopping') ? ' (flag hopping)' : ''}`, e);
        break;
      case 'spoofing':
        if (f.has('data_quality')) add('identity', w.identityCap, w.identityDefect, `identity defect (${String(e.evidence['kind'] ?? 'spoofing')}) at ${e.start}`, e);
        else add('spoofing', w.spoofingCap, w.spoofing, `spoofing or identity clash at ${e.start}`, e);
        break;
      case 'loitering':
        add('loitering', w.loiteringCap, w.loitering, `loitering at ${e.start}`, e);
        break;
      case 'dark_detection': {
        // only the vessel the dark detection sat beside: the event's candidates are not accused
        const partner = e.evidence['darkPartner'] as { mmsi?: number; distanceM?: number; eventType?: string } | undefined;
        if (f.has('dark_partner') && partner?.mmsi === mmsi) {
          add('dark_rendezvous', w.darkRendezvousCap, w.darkRendezvous,
            `dark vessel detected ${partner.distanceM ?? '?'} m away during its ${partner.eventType ?? 'activity'} at ${e.start}`, e);
        }
        break;
      }
      default:
        break;
    }
  }
  const uncapped = components.reduce((s, c) => s + c.points, 0);
  return { score: Math.min(100, uncapped), uncapped, components };
}

/** Ownership hops of a hit path: steps after the vessel itself, not counting `same vessel`. */
function hopsOf(relations: (string | null)[]): number {
  return relations.filter((r, i) => i > 0 && r !== 'same vessel').length;
}
