/**
 * Calls to the darkfleet API of the server that served this page (same origin only: the page's
 * Content-Security-Policy allows nothing else). With a token, `#token=...` in the address is
 * read once, kept for the tab (sessionStorage) and removed from the address, so a shared view
 * link never carries it; every call sends it as `Authorization: Bearer`.
 */
import type { Event as ApiEvent } from '../../src/events.js';
import type { PathStep } from '../../src/screen/types.js';

const TOKEN_KEY = 'darkfleet.token';

/** Reads `token=` from the hash into the tab's storage and returns the hash without it. */
export function takeToken(hash: string): string {
  const p = new URLSearchParams(hash.replace(/^#/, ''));
  const t = p.get('token');
  if (t) {
    sessionStorage.setItem(TOKEN_KEY, t);
    p.delete('token');
  }
  return p.toString();
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** The Authorization header of the tab's token (none without one). */
export function authHeaders(): Record<string, string> {
  const token = sessionStorage.getItem(TOKEN_KEY);
  return token ? { Authorization: `Bearer ${token}` } : {};
}

/** GET an API path (starting with /api/), JSON body; a non-2xx answer is an ApiError with the server's message. */
export async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  const res = await fetch(new URL(`.${path}`, document.baseURI), {
    headers: authHeaders(),
    ...(signal ? { signal } : {}),
  });
  if (!res.ok) {
    let msg = `${res.status} ${res.statusText}`;
    try {
      const body = (await res.json()) as { error?: { message?: string } };
      if (body.error?.message) msg = body.error.message;
    } catch {
      // not JSON: keep the status line
    }
    throw new ApiError(res.status, msg);
  }
  return (await res.json()) as T;
}

// The shapes the map reads (the server's OpenAPI document at /api/openapi.json is the reference).

export interface Stats {
  positions: number;
  vessels: number;
  events: Record<string, number>;
  timeRange: { from: string; to: string } | null;
  version: string;
}

export interface TrackProps {
  mmsi: number;
  name: string | null;
  flag: string | null;
  shipType: number | null;
  category: string;
  times: number[][];
  lone: [number, number, number][];
}

export interface TrackCollection {
  type: 'FeatureCollection';
  features: { type: 'Feature'; geometry: { type: 'LineString'; coordinates: [number, number][] } | { type: 'MultiLineString'; coordinates: [number, number][][] } | null; properties: TrackProps }[];
  darkfleet: { from: string; to: string; positions: number; vessels: number; vesselLimitReached: boolean };
}

export interface IdentityPeriod {
  from: string;
  to: string;
  name: string | null;
  callsign: string | null;
  imo: number | null;
  flag: string | null;
  shipType: number | null;
  reports: number;
}

export interface Dossier {
  mmsi: number;
  seen: { positions: number; statics: number; events: number; screeningHits: number; firstSeen: string | null; lastSeen: string | null };
  identities: IdentityPeriod[];
  sameImo: number[];
  events: ApiEvent[];
  eventsTotal: number;
  screeningHits: { entity: { id: string; schema: string; name: string; source: string }; score: number; reasons: string[]; path: PathStep[] }[];
  risk: { score: number; period: { from: string; to: string } | null; components: { points: number; category: string; reason: string; evidence?: Record<string, unknown> }[] };
}

export interface VesselMatch {
  mmsi: number;
  name: string | null;
  flag: string | null;
  imo: number | null;
  callsign: string | null;
}
