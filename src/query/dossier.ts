/**
 * A vessel's dossier from an open store: what the store holds of it, its identity timeline,
 * its events, its screening hits (with their ownership paths) and its risk score, whose every
 * point names the event or list entity behind it. Meant for every reader of one vessel (the
 * API's /api/vessels/:mmsi now; `darkfleet vessel` can use it too), so the rule of what a
 * dossier holds lives in one place. An MMSI the store never saw has no dossier (null), never
 * a clean score.
 */
import { isoTime, type Event } from '../events.js';
import type { Hit } from '../screen/types.js';
import { riskScore, type RiskScore } from '../screen/risk.js';
import type { IdentityPeriod, Store, VesselSeen } from '../store/types.js';

/** Most events a dossier lists (the risk score counts them all; page the rest with /api/events?mmsi=). */
export const DOSSIER_MAX_EVENTS = 500;

export interface VesselDossier {
  mmsi: number;
  seen: VesselSeen;
  /** identity periods of this MMSI, oldest first */
  identities: IdentityPeriod[];
  /** other MMSIs that reported one of this vessel's IMO numbers (the same hull), ascending */
  sameImo: number[];
  /** events involving this MMSI, by start (at most DOSSIER_MAX_EVENTS, the earliest) */
  events: Event[];
  eventsTotal: number;
  /** screening hits on this MMSI or on one of its IMO numbers, best first */
  screeningHits: Hit[];
  /** the score over the period the store holds data of the vessel for (the events' span when it holds only events) */
  risk: RiskScore & { period: { from: string; to: string } | null };
}

export async function vesselDossier(store: Store, mmsi: number): Promise<VesselDossier | null> {
  const seen = await store.vesselSeen(mmsi);
  if (!seen) return null;
  const identities = await store.vesselIdentity({ mmsi });
  const imos = [...new Set(identities.map((p) => p.imo).filter((x): x is number => x !== null))];
  const sameImo = new Set<number>();
  const hits = new Map<string, Hit>();
  const key = (h: Hit): string => `${h.entity.id}|${JSON.stringify(h.query)}`;
  for (const h of await store.screeningHits({ mmsi })) hits.set(key(h), h);
  for (const imo of imos) {
    for (const p of await store.vesselIdentity({ imo })) if (p.mmsi !== mmsi) sameImo.add(p.mmsi);
    for (const h of await store.screeningHits({ imo })) hits.set(key(h), h);
  }
  const screeningHits = [...hits.values()].sort((a, b) => b.score - a.score || (a.entity.id < b.entity.id ? -1 : a.entity.id > b.entity.id ? 1 : 0));
  const events = await store.events({ mmsi });
  const latest = identities[identities.length - 1];
  let lo = Math.min(seen.firstSeen ?? Infinity, identities[0]?.from ?? Infinity);
  let hi = Math.max(seen.lastSeen ?? -Infinity, latest?.to ?? -Infinity);
  for (const e of events) {
    lo = Math.min(lo, Date.parse(e.start));
    hi = Math.max(hi, Date.parse(e.end));
  }
  const period = Number.isFinite(lo) && Number.isFinite(hi) ? { from: isoTime(lo), to: isoTime(hi) } : null;
  const score = riskScore({ mmsi, imo: latest?.imo ?? null, name: latest?.name ?? null, callsign: latest?.callsign ?? null, flag: latest?.flag ?? null }, screeningHits, events);
  return {
    mmsi,
    seen,
    identities,
    sameImo: [...sameImo].sort((a, b) => a - b),
    events: events.slice(0, DOSSIER_MAX_EVENTS),
    eventsTotal: events.length,
    screeningHits,
    risk: { ...score, period },
  };
}
