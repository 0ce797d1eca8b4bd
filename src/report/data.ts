/**
 * What `darkfleet report` shows, gathered from an open store in one pass over the positions
 * (src/analytics/presence.ts, which also hands the report its tracks) plus event, identity,
 * screening and ingest-log reads: the figures, the tables, the map's inputs and the methods.
 * Rendering is html.ts; nothing here formats.
 */
import type { Event } from '../events.js';
import type { Area } from '../analytics/area.js';
import { eventsInArea, presence, type Presence } from '../analytics/presence.js';
import { riskScore, type RiskComponent } from '../screen/risk.js';
import type { Hit } from '../screen/types.js';
import { breaksAt } from '../track/breaks.js';
import { flagOfMmsi } from '../ref/mmsi.js';
import type { IdentityPeriod, IngestedSource, Store, StoreStats } from '../store/types.js';
import type { Box } from '../geo/clip.js';
import type { MapTrack } from './svg.js';
import { readEvaluation, type Evaluation } from './evaluation.js';
import { VERSION } from '../version.js';

/** Tracks keep a fix at most this often (the map cannot show more at a bay's scale). */
export const TRACK_THIN_MS = 5 * 60_000;
/** Rows of the longer tables. */
export const TOP_RISK = 15;
export const MAX_ROWS = 50;

export interface RiskRow {
  mmsi: number;
  name: string | null;
  flag: string | null;
  score: number;
  reasons: RiskComponent[];
  events: number;
}

export interface IdentityRow {
  mmsi: number;
  events: number;
  periods: IdentityPeriod[];
}

export interface RuleUsed {
  name: string;
  profile: string | null;
  params: Record<string, unknown>;
  events: number;
}

export interface ReportData {
  title: string;
  generated: string;
  version: string;
  store: string;
  presence: Presence;
  /** events in the area and period, all types */
  events: Event[];
  stats: StoreStats;
  topRisk: RiskRow[];
  /** vessels scored (every vessel with an event in the area and period) */
  riskScored: number;
  encounters: Event[];
  convoys: Event[];
  identity: IdentityRow[];
  names: Map<number, string | null>;
  rules: RuleUsed[];
  sources: IngestedSource[];
  evaluation: Evaluation | null;
  map: { view: Box; tracks: MapTrack[]; areaRings: [number, number][][]; areaLabel: string };
}

export interface ReportOptions {
  area: Area;
  from?: number;
  to?: number;
  title?: string;
  /** the evaluation to embed (default: the bundled data/evaluation.json) */
  evaluation?: Evaluation | null;
}

const byStart = (a: Event, b: Event): number => (a.start < b.start ? -1 : a.start > b.start ? 1 : a.id < b.id ? -1 : 1);

/** A view around what is drawn: the area's box, else the data's, padded and never smaller than ~0.2 degree. */
function viewOf(area: Area, lats: number[], lons: number[]): Box {
  let w: number, s: number, e: number, n: number;
  if (area.bbox && area.kind !== 'shore_zone') [w, s, e, n] = area.bbox;
  else if (lats.length) {
    // 1st-99th percentile: one spoofed fix on another continent must not shrink the bay to a dot
    const q = (xs: number[], f: number): number => xs[Math.min(xs.length - 1, Math.max(0, Math.floor(f * (xs.length - 1))))]!;
    const la = [...lats].sort((a, b) => a - b);
    const lo = [...lons].sort((a, b) => a - b);
    [w, s, e, n] = [q(lo, 0.01), q(la, 0.01), q(lo, 0.99), q(la, 0.99)];
  } else [w, s, e, n] = area.bbox ?? [124, 38, 125.8, 39.9];
  const pad = Math.max(0.1, 0.06 * Math.max(e - w, n - s));
  return [Math.max(-180, w - pad), Math.max(-85, s - pad), Math.min(180, e + pad), Math.min(85, n + pad)];
}

export async function buildReport(store: Store, o: ReportOptions): Promise<ReportData> {
  // tracks from the presence pass: fixes inside the area, thinned, cut at silences
  const lines = new Map<number, [number, number][][]>();
  let lastT = -Infinity;
  let lastM = -1;
  let cur: [number, number][] | null = null;
  const sampleLat: number[] = [];
  const sampleLon: number[] = [];
  const visit = (p: { mmsi: number; t: number; lat: number; lon: number }, inside: boolean): void => {
    if (!inside) return;
    if (p.mmsi !== lastM || breaksAt(lastT, p.t) || !cur) {
      cur = [];
      const l = lines.get(p.mmsi) ?? [];
      l.push(cur);
      lines.set(p.mmsi, l);
    } else if (p.t - lastT < TRACK_THIN_MS) return;
    cur.push([p.lon, p.lat]);
    sampleLat.push(p.lat);
    sampleLon.push(p.lon);
    lastM = p.mmsi;
    lastT = p.t;
  };
  const q = { area: o.area, ...(o.from !== undefined ? { from: o.from } : {}), ...(o.to !== undefined ? { to: o.to } : {}) };
  const pres = await presence(store, { ...q, visit });
  const events = (await eventsInArea(store, q)).sort(byStart);
  const stats = await store.stats();
  const names = new Map<number, string | null>(pres.vesselList.map((v) => [v.mmsi, v.name]));
  const category = new Map(pres.vesselList.map((v) => [v.mmsi, v.category as string]));

  // risk: every vessel with an event here, scored on its events here and its screening hits
  const hits = await store.screeningHits();
  const hitsOf = new Map<number, Hit[]>();
  for (const h of hits) {
    const m = Number(h.query['mmsi']);
    if (Number.isFinite(m)) hitsOf.set(m, [...(hitsOf.get(m) ?? []), h]);
  }
  const evOf = new Map<number, Event[]>();
  for (const e of events) for (const m of e.mmsi) evOf.set(m, [...(evOf.get(m) ?? []), e]);
  const risk: RiskRow[] = [];
  for (const [mmsi, evs] of evOf) {
    const r = riskScore({ mmsi, name: names.get(mmsi) ?? null, flag: flagOfMmsi(mmsi) }, hitsOf.get(mmsi) ?? [], evs);
    if (r.score > 0) risk.push({ mmsi, name: names.get(mmsi) ?? null, flag: flagOfMmsi(mmsi), score: r.score, reasons: [...r.components].sort((a, b) => b.points - a.points), events: evs.length });
  }
  risk.sort((a, b) => b.score - a.score || a.mmsi - b.mmsi);

  // identity changes: the names and flags over time of every vessel with one
  const idVessels = [...new Set(events.filter((e) => e.type === 'identity_change').flatMap((e) => e.mmsi))].sort((a, b) => a - b);
  const identity: IdentityRow[] = [];
  for (const mmsi of idVessels) {
    identity.push({ mmsi, events: events.filter((e) => e.type === 'identity_change' && e.mmsi.includes(mmsi)).length, periods: await store.vesselIdentity({ mmsi }) });
  }

  // methods: the rules and parameters behind the events shown
  const rules = new Map<string, RuleUsed>();
  for (const e of events) {
    const key = JSON.stringify([e.rule.name, e.rule.profile ?? null, e.rule.params]);
    const r = rules.get(key);
    if (r) r.events++;
    else rules.set(key, { name: e.rule.name, profile: e.rule.profile ?? null, params: e.rule.params, events: 1 });
  }
  for (const e of events) for (const m of e.mmsi) if (!names.has(m)) names.set(m, null);

  const tracks: MapTrack[] = [...lines].map(([mmsi, l]) => ({ category: category.get(mmsi) ?? 'unknown', lines: l.filter((x) => x.length > 1) }));
  for (const e of events) {
    if (e.lat !== null && e.lon !== null && e.type !== 'zone_entry' && e.type !== 'zone_exit') {
      sampleLat.push(e.lat);
      sampleLon.push(e.lon);
    }
  }
  return {
    title: o.title ?? `darkfleet report: ${o.area.name}`,
    generated: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
    version: VERSION,
    store: store.location,
    presence: pres,
    events,
    stats,
    topRisk: risk.slice(0, TOP_RISK),
    riskScored: evOf.size,
    encounters: events.filter((e) => e.type === 'encounter'),
    convoys: events.filter((e) => (e.type as string) === 'convoy'),
    identity,
    names,
    rules: [...rules.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : b.events - a.events)),
    sources: await store.ingestedSources(),
    evaluation: o.evaluation === undefined ? readEvaluation() : o.evaluation,
    map: { view: viewOf(o.area, sampleLat, sampleLon), tracks, areaRings: o.area.rings, areaLabel: o.area.name },
  };
}
