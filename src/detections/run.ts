/**
 * Satellite detections against the AIS in a store: the sweep puts every track at each
 * detection's time (sweep.ts), each pass is assigned one-to-one at minimum total distance
 * (assign.ts), and each detection left over becomes a `dark_detection` event with its ranked
 * candidates, clutter likelihood and dark partner (dark.ts).
 */
import { eventId, isoTime, type Event, type EvidenceValue } from '../events.js';
import type { Store } from '../store/types.js';
import { assignMinCost, connectedComponents, type Edge } from './assign.js';
import { activityIndex, darkPartner, EndIndex, GapIndex, rankCandidates, vesselProbability, type Candidate, type DarkPartner } from './dark.js';
import type { Detection } from './layout.js';
import type { DetectionParams } from './params.js';
import { sweep, type Offer } from './sweep.js';

export interface LengthCheck {
  detectionM: number;
  aisM: number;
  /** |detection - AIS| / AIS within lengthTolerance */
  ok: boolean;
}

export interface DetectionMatch {
  mmsi: number;
  distanceM: number;
  timeOffsetS: number;
  how: Offer['how'];
  lengthCheck: LengthCheck | null;
}

export interface DetectionResult {
  detection: Detection;
  match: DetectionMatch | null;
  candidates: Candidate[];
  /** the dark_detection event of an unmatched detection */
  event: Event | null;
}

export interface DetectionRun {
  results: DetectionResult[];
  events: Event[];
  positions: number;
  matched: number;
  dark: number;
  darkPartners: number;
}

/** Length mismatch penalty in the assignment cost, as a fraction of the radius (a tie-breaker among fleets). */
const LENGTH_WEIGHT = 0.25;
/** Cost of leaving a detection unmatched, as a multiple of the radius: above any candidate pair's cost. */
const UNMATCHED_COST = 1.5;

function lengthCheck(d: Detection, ais: number | undefined, p: DetectionParams): LengthCheck | null {
  if (d.lengthM === null || ais === undefined || !(ais > 0)) return null;
  return { detectionM: d.lengthM, aisM: ais, ok: Math.abs(d.lengthM - ais) / ais <= p.lengthTolerance };
}

function pairCost(d: Detection, o: Offer, ais: number | undefined, p: DetectionParams): number {
  let cost = o.distanceM;
  if (d.lengthM !== null && ais !== undefined && ais > 0) {
    const rel = Math.abs(d.lengthM - ais) / ais;
    cost += p.radiusM * LENGTH_WEIGHT * Math.min(1, Math.max(0, (rel - 0.25) / 0.75));
  }
  return cost;
}

/** The rule record every dark_detection event carries. */
export function ruleParams(p: DetectionParams): Record<string, number> {
  return {
    radiusM: p.radiusM,
    timeToleranceMin: p.timeToleranceMs / 60_000,
    maxInterpolationGapMin: p.maxInterpolationGapMs / 60_000,
    maxKnots: p.maxKnots,
    maxCandidateGapH: p.maxCandidateGapMs / 3_600_000,
    maxDarkKnots: p.maxDarkKnots,
    minDarkKnots: p.minDarkKnots,
    partnerRadiusM: p.partnerRadiusM,
  };
}

export async function matchDetections(store: Store, dets: readonly Detection[], p: DetectionParams): Promise<DetectionRun> {
  const sw = await sweep(store, dets, p);

  // one assignment problem per pass: a vessel explains at most one detection of a pass
  const byScene = new Map<string, Detection[]>();
  for (const d of dets) {
    let l = byScene.get(d.scene);
    if (!l) byScene.set(d.scene, (l = []));
    l.push(d);
  }
  const matched: (DetectionMatch | null)[] = new Array<DetectionMatch | null>(dets.length).fill(null);
  const usedInScene = new Map<string, Set<number>>();
  for (const [scene, list] of byScene) {
    const colOf = new Map<number, number>();
    const mmsiOf: number[] = [];
    const edges: Edge[] = [];
    list.forEach((d, row) => {
      const offers = sw.offers[d.index];
      if (!offers) return;
      for (const o of offers.values()) {
        let c = colOf.get(o.mmsi);
        if (c === undefined) {
          c = mmsiOf.length;
          colOf.set(o.mmsi, c);
          mmsiOf.push(o.mmsi);
        }
        edges.push({ row, col: c, cost: pairCost(d, o, sw.lengths.get(o.mmsi), p) });
      }
    });
    const used = new Set<number>();
    usedInScene.set(scene, used);
    if (edges.length === 0) continue;
    const comps = connectedComponents(list.length, mmsiOf.length, edges);
    // each component's edges, in one pass (not one pass over the scene per component)
    const compOf = new Int32Array(list.length);
    comps.forEach((comp, c) => {
      for (const r of comp) compOf[r] = c;
    });
    const compEdges: Edge[][] = comps.map(() => []);
    for (const e of edges) compEdges[compOf[e.row]!]!.push(e);
    comps.forEach((comp, ci) => {
      const rowIx = new Map<number, number>();
      comp.forEach((r, k) => rowIx.set(r, k));
      const colIx = new Map<number, number>();
      const sub: Edge[] = [];
      for (const e of compEdges[ci]!) {
        const r = rowIx.get(e.row)!;
        let c = colIx.get(e.col);
        if (c === undefined) colIx.set(e.col, (c = colIx.size));
        sub.push({ row: r, col: c, cost: e.cost });
      }
      const cols = [...colIx.entries()].sort((a, b) => a[1] - b[1]).map(([global]) => global);
      const a = assignMinCost(comp.length, cols.length, sub, p.radiusM * UNMATCHED_COST);
      comp.forEach((r, k) => {
        const c = a[k]!;
        if (c < 0) return;
        const d = list[r]!;
        const mmsi = mmsiOf[cols[c]!]!;
        const o = sw.offers[d.index]!.get(mmsi)!;
        used.add(mmsi);
        matched[d.index] = {
          mmsi,
          distanceM: Math.round(o.distanceM),
          timeOffsetS: Math.round(o.timeOffsetS),
          how: o.how,
          lengthCheck: lengthCheck(d, sw.lengths.get(mmsi), p),
        };
      });
    });
  }

  const gaps = new GapIndex(sw);
  const ends = new EndIndex(sw);
  const t0 = dets.reduce((m, d) => Math.min(m, d.t), Infinity);
  const t1 = dets.reduce((m, d) => Math.max(m, d.t), -Infinity);
  const act = dets.length ? activityIndex(await store.events({ type: ['loitering', 'encounter'], from: t0 - 86_400_000, to: t1 + 86_400_000 })) : new Map();
  const results: DetectionResult[] = [];
  const events: Event[] = [];
  let darkPartners = 0;
  const rule = { name: 'dark_detection', params: ruleParams(p) };
  for (const d of dets) {
    const m = matched[d.index] ?? null;
    if (m) {
      results.push({ detection: d, match: m, candidates: [], event: null });
      continue;
    }
    const candidates = rankCandidates(d, sw, gaps, ends, p, usedInScene.get(d.scene) ?? new Set());
    const partner = darkPartner(d, sw.offers[d.index], act, p);
    const conf = vesselProbability(d, candidates[0]);
    const flags: string[] = [];
    if (partner) flags.push('dark_partner');
    if (conf < 0.5) flags.push('likely_clutter');
    if (d.flags.includes('non_vessel')) flags.push('non_vessel');
    const positions = [...new Set([...candidates.flatMap((c) => c.fixes), ...(partner?.fixes ?? [])])];
    const evidence: Record<string, EvidenceValue> = {
      source: d.source,
      scene: d.scene,
      line: d.line,
      lengthM: d.lengthM,
      detectorConfidence: d.confidence,
      clutterLikelihood: Math.round((1 - conf) * 1000) / 1000,
      candidates: candidates.map(({ mmsi, score, reason }) => ({ mmsi, score, reason })),
      nearbyVessels: [...(sw.offers[d.index]?.values() ?? [])].map((o) => ({ mmsi: o.mmsi, distanceM: Math.round(o.distanceM) })),
      detection: d.row,
      positions,
    };
    if (partner) {
      const dp: DarkPartner = { mmsi: partner.mmsi, distanceM: partner.distanceM, event: partner.event, eventType: partner.eventType };
      evidence.darkPartner = { ...dp };
      darkPartners++;
    }
    const e: Event = {
      id: eventId('dark_detection', [], d.t, `${d.lat.toFixed(5)},${d.lon.toFixed(5)}`),
      type: 'dark_detection',
      start: isoTime(d.t),
      end: isoTime(d.t),
      mmsi: partner ? [partner.mmsi] : [],
      lat: d.lat,
      lon: d.lon,
      confidence: conf,
      flags,
      rule,
      evidence,
    };
    events.push(e);
    results.push({ detection: d, match: null, candidates, event: e });
  }
  return { results, events, positions: sw.positions, matched: results.filter((r) => r.match).length, dark: events.length, darkPartners };
}
