/**
 * A vessel's dossier from an open store, the one home of "everything the store knows of one
 * hull" for every reader (the API's /api/vessels/:mmsi, `darkfleet vessel MMSI|IMO`): what the
 * store holds of it, its identity timeline, its events, its screening hits (with their
 * ownership paths) and its risk score, whose every point names the event or list entity behind
 * it. An identity the store never saw has no dossier (null), never a clean score.
 */
import { isoTime, type Event } from '../events.js';
import type { Hit } from '../screen/types.js';
import { riskScore, type RiskScore } from '../screen/risk.js';
import type { IdentityPeriod, IdentityQuery, Store } from '../store/types.js';

/** Most events the API's dossier lists (the risk score counts them all; page the rest with /api/events?mmsi=). */
export const DOSSIER_MAX_EVENTS = 500;

/** What the store holds of the vessel's own reports, and when it first and last heard it (epoch ms). */
export interface DossierSeen {
  positions: number;
  statics: number;
  /** first and last position or static report */
  firstSeen: number;
  lastSeen: number;
}

export interface VesselDossier {
  query: IdentityQuery;
  /** the MMSIs the dossier covers: the one asked for, or every MMSI that reported the IMO asked for */
  mmsis: number[];
  /** null when the store knows the vessel only through events or screening hits */
  seen: DossierSeen | null;
  /** identity periods of those MMSIs, oldest first */
  identities: IdentityPeriod[];
  /** other MMSIs that reported one of the vessel's IMO numbers (the same hull), ascending */
  sameImo: number[];
  /** events involving the MMSIs, by (start, id); at most `maxEvents`, the earliest */
  events: Event[];
  eventsTotal: number;
  /** screening hits on the MMSIs or on one of their IMO numbers, best first */
  screeningHits: Hit[];
  /** the score over the period the store holds data of the vessel for (its events' span when it holds only events) */
  risk: RiskScore & { period: { from: string; to: string } | null };
}

const byStartId = (a: Event, b: Event): number => (a.start < b.start ? -1 : a.start > b.start ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
const hitKey = (h: Hit): string => `${h.entity.id}|${JSON.stringify(h.query)}`;

/** The dossier of one MMSI or IMO, or null when the store holds nothing of it. */
export async function vesselDossier(store: Store, q: IdentityQuery, o: { maxEvents?: number } = {}): Promise<VesselDossier | null> {
  const identities = await store.vesselIdentity(q);
  const mmsis = [...new Set(['mmsi' in q ? [q.mmsi] : [], identities.map((p) => p.mmsi)].flat())].sort((a, b) => a - b);
  let positions = 0;
  let statics = 0;
  let lo = Infinity;
  let hi = -Infinity;
  let known = false;
  for (const m of mmsis) {
    const s = await store.vesselSeen(m);
    if (!s) continue;
    known = true;
    positions += s.positions;
    statics += s.statics;
    if (s.firstSeen !== null) lo = Math.min(lo, s.firstSeen);
    if (s.lastSeen !== null) hi = Math.max(hi, s.lastSeen);
  }
  if (!known) return null;
  for (const p of identities) {
    lo = Math.min(lo, p.from);
    hi = Math.max(hi, p.to);
  }
  const seen = positions + statics > 0 && Number.isFinite(lo) ? { positions, statics, firstSeen: lo, lastSeen: hi } : null;

  const imos = [...new Set(identities.map((p) => p.imo).filter((x): x is number => x !== null))];
  const covered = new Set(mmsis);
  const sameImo = new Set<number>();
  const hits = new Map<string, Hit>();
  for (const m of mmsis) for (const h of await store.screeningHits({ mmsi: m })) hits.set(hitKey(h), h);
  for (const imo of imos) {
    if ('mmsi' in q) for (const p of await store.vesselIdentity({ imo })) if (!covered.has(p.mmsi)) sameImo.add(p.mmsi);
    for (const h of await store.screeningHits({ imo })) hits.set(hitKey(h), h);
  }
  const screeningHits = [...hits.values()].sort((a, b) => b.score - a.score || (a.entity.id < b.entity.id ? -1 : a.entity.id > b.entity.id ? 1 : 0));

  const byId = new Map<string, Event>();
  for (const m of mmsis) for (const e of await store.events({ mmsi: m })) byId.set(e.id, e);
  const events = [...byId.values()].sort(byStartId);
  let from = seen?.firstSeen ?? Infinity;
  let to = seen?.lastSeen ?? -Infinity;
  for (const e of events) {
    from = Math.min(from, Date.parse(e.start));
    to = Math.max(to, Date.parse(e.end));
  }
  const period = Number.isFinite(from) && Number.isFinite(to) ? { from: isoTime(from), to: isoTime(to) } : null;
  const latest = identities[identities.length - 1];
  // a hull under several MMSIs: the score counts the events of all of them (they are the hull's already)
  const identity = { mmsi: mmsis.length === 1 ? mmsis[0]! : null, imo: 'imo' in q ? q.imo : (latest?.imo ?? null), name: latest?.name ?? null, callsign: latest?.callsign ?? null, flag: latest?.flag ?? null };
  const score = riskScore(identity, screeningHits, events);
  return {
    query: q,
    mmsis,
    seen,
    identities,
    sameImo: [...sameImo].sort((a, b) => a - b),
    events: events.slice(0, o.maxEvents ?? Infinity),
    eventsTotal: events.length,
    screeningHits,
    risk: { ...score, period },
  };
}

/** The dossier as JSON for readers: times as ISO 8601 UTC. */
export function dossierJson(d: VesselDossier): Omit<VesselDossier, 'seen' | 'identities'> & {
  seen: (Omit<DossierSeen, 'firstSeen' | 'lastSeen'> & { firstSeen: string; lastSeen: string }) | null;
  identities: (Omit<IdentityPeriod, 'from' | 'to'> & { from: string; to: string })[];
} {
  return {
    ...d,
    seen: d.seen ? { ...d.seen, firstSeen: isoTime(d.seen.firstSeen), lastSeen: isoTime(d.seen.lastSeen) } : null,
    identities: d.identities.map((p) => ({ ...p, from: isoTime(p.from), to: isoTime(p.to) })),
  };
}
