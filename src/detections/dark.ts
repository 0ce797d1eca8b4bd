/**
 * Who an unmatched (dark) detection might be, how likely it is clutter, and whether it sits
 * beside a vessel that is loitering or in an encounter (a dark rendezvous).
 *
 * Candidates (best first, at most maxCandidates), each scored by how likely the vessel is to
 * be at the detection, as a density relative to a vessel known within 2 km:
 *   - `gap`: a vessel silent across the detection time (longer than the interpolation limit,
 *     up to maxCandidateGapMs) whose off and on fixes make the detection reachable at a
 *     believed speed (1.5x the fastest of its reported speeds at the two fixes and its implied
 *     speed between them, within [minDarkKnots, maxDarkKnots]). Where it could be is a Brownian
 *     bridge between the two fixes: centred on the straight line at the time's fraction,
 *     variance v^2 L tau (1 - tau) T (v its observed speed, L = 2 h the time it keeps a course),
 *     so a long silence spreads the vessel over more sea and weighs less than a short one.
 *   - `went_dark` / `appeared`: only the fix before (or after) is in the span read: a random
 *     walk from it (variance v^2 L dt), weighed 0.8.
 *   - `haunt`: a vessel silent at the time that was heard for hours in the detection's area
 *     (3x3 cells of 0.1 degree); score 0.4 h / (h + 6). Haunts add up to 0.05 to the others.
 * The density is multiplied by how well the detection's length fits the vessel's AIS length
 * (a Gaussian of the relative difference, spread 20%), when both are known.
 * A density ratio f maps to the score 1 / (1 + max(0, -log10 f) / 3): 1 within the 2 km
 * reference, 0.75 at a tenth of it, 0.5 at a thousandth.
 *
 * Vessel probability (the event's confidence; 1 minus the clutter likelihood): the detector's
 * own confidence (0.7 when the layout has none), times 0.5 for a length under 8 m and 0.8 under
 * 15 m (sea clutter, wakes and buoys are small), times 0.2 when the layout labels it not a
 * vessel; a strong candidate (score >= 0.6) removes 15% of what is left of the clutter doubt.
 */
import { flatM, knots } from '../geo/distance.js';
import { positionId, type Event } from '../events.js';
import { interpolateAt, type TrackFix } from '../track/interpolate.js';
import type { Detection } from './layout.js';
import type { DetectionParams } from './params.js';
import { hauntCell, HAUNT_DEG, type Gap, type Offer, type SweepResult } from './sweep.js';

export interface Candidate {
  mmsi: number;
  score: number;
  reason: string;
  /** the fixes the reason rests on */
  fixes: string[];
}

export interface DarkPartner {
  mmsi: number;
  distanceM: number;
  event: string;
  eventType: string;
}

const round3 = (x: number): number => Math.round(x * 1000) / 1000;
const KM = (m: number): string => `${(m / 1000).toFixed(1)} km`;

/** A sorted index of every vessel's silences, by the time they start. */
export class GapIndex {
  private readonly gaps: Gap[];
  private readonly maxLen: number;
  constructor(sw: SweepResult) {
    this.gaps = [...sw.vessels.values()].flatMap((v) => v.gaps).sort((a, b) => a.off.t - b.off.t);
    this.maxLen = this.gaps.reduce((m, g) => Math.max(m, g.on.t - g.off.t), 0);
  }
  /** silences that span t */
  at(t: number): Gap[] {
    const g = this.gaps;
    let lo = 0;
    let hi = g.length;
    const from = t - this.maxLen;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (g[mid]!.off.t < from) lo = mid + 1;
      else hi = mid;
    }
    const out: Gap[] = [];
    for (let i = lo; i < g.length && g[i]!.off.t < t; i++) if (g[i]!.on.t > t) out.push(g[i]!);
    return out;
  }
}

/** Vessels by the time of their last and of their first fix in the span read (one-sided candidates). */
export class EndIndex {
  private readonly byLast: { t: number; mmsi: number }[];
  private readonly byFirst: { t: number; mmsi: number }[];
  constructor(sw: SweepResult) {
    this.byLast = [...sw.vessels].map(([mmsi, v]) => ({ t: v.last.t, mmsi })).sort((a, b) => a.t - b.t);
    this.byFirst = [...sw.vessels].map(([mmsi, v]) => ({ t: v.first.t, mmsi })).sort((a, b) => a.t - b.t);
  }
  private static range(xs: readonly { t: number; mmsi: number }[], lo: number, hi: number): number[] {
    let a = 0;
    let b = xs.length;
    while (a < b) {
      const m = (a + b) >> 1;
      if (xs[m]!.t < lo) a = m + 1;
      else b = m;
    }
    const out: number[] = [];
    for (let i = a; i < xs.length && xs[i]!.t <= hi; i++) out.push(xs[i]!.mmsi);
    return out;
  }
  /** vessels last heard in [lo, hi] */
  lastIn(lo: number, hi: number): number[] {
    return EndIndex.range(this.byLast, lo, hi);
  }
  /** vessels first heard in [lo, hi] */
  firstIn(lo: number, hi: number): number[] {
    return EndIndex.range(this.byFirst, lo, hi);
  }
}

function believedKnots(a: TrackFix, b: TrackFix | null, p: DetectionParams): number {
  let v = Math.max(a.sog ?? 0, b?.sog ?? 0);
  if (b) v = Math.max(v, knots(flatM(a.lat, a.lon, b.lat, b.lon), b.t - a.t));
  return Math.min(p.maxDarkKnots, Math.max(p.minDarkKnots, 1.5 * v));
}

/** The 3x3 haunt cells around the detection. */
function hauntCells(sw: SweepResult, d: Detection): Map<number, number>[] {
  const out: Map<number, number>[] = [];
  for (const dl of [-HAUNT_DEG, 0, HAUNT_DEG]) {
    for (const dn of [-HAUNT_DEG, 0, HAUNT_DEG]) {
      const m = sw.haunts.get(hauntCell(d.lat + dl, d.lon + dn));
      if (m) out.push(m);
    }
  }
  return out;
}

/** hours the vessel was heard in those cells */
function hauntHours(cells: readonly Map<number, number>[], mmsi: number): number {
  let h = 0;
  for (const m of cells) h += m.get(mmsi) ?? 0;
  return h;
}

const hauntScore = (h: number): number => h / (h + 6);

/** How long a vessel keeps a course, s: the correlation time of the random walk. */
const COURSE_KEEP_S = 2 * 3600;
/** Position spread at the fixes themselves, metres. */
const SIGMA0_M = 500;
/** The reference spread: a vessel known within this is a density ratio of 1, metres. */
const SIGMA_REF_M = 2000;

/** Observed speed around a silence, m/s: the fastest reported or implied, at least 2 kn. */
function observedMs(a: TrackFix, b: TrackFix | null): number {
  let v = Math.max(a.sog ?? 0, b?.sog ?? 0, 2);
  if (b && b.t > a.t) v = Math.max(v, knots(flatM(a.lat, a.lon, b.lat, b.lon), b.t - a.t));
  return (v * 1852) / 3600;
}

/** Gaussian density at distance dM with variance sigma2 (m²), relative to the reference spread, at most 1. */
function density(dM: number, sigma2: number): number {
  return Math.min(1, ((SIGMA_REF_M * SIGMA_REF_M) / sigma2) * Math.exp((-dM * dM) / (2 * sigma2)));
}

/** Relative spread of a detector's length estimate around the AIS length (SAR lengths are within ~15-25%). */
const LENGTH_SPREAD = 0.2;

/** How well a detection's length fits a vessel's AIS length (1 when either is unknown). */
export function lengthLikelihood(detM: number | null, aisM: number | undefined): number {
  if (detM === null || aisM === undefined || !(aisM > 0)) return 1;
  const r = (detM - aisM) / aisM;
  return Math.exp((-r * r) / (2 * LENGTH_SPREAD * LENGTH_SPREAD));
}

const densityScore = (f: number): number => 1 / (1 + Math.max(0, -Math.log10(Math.max(f, 1e-300))) / 3);

export function rankCandidates(d: Detection, sw: SweepResult, gaps: GapIndex, ends: EndIndex, p: DetectionParams, excluded: ReadonlySet<number>): Candidate[] {
  const cells = hauntCells(sw, d);
  const byMmsi = new Map<number, Candidate>();
  const put = (c: Candidate): void => {
    const prev = byMmsi.get(c.mmsi);
    if (!prev || prev.score < c.score) byMmsi.set(c.mmsi, c);
  };
  const hauntPart = (mmsi: number): number => hauntScore(hauntHours(cells, mmsi));
  const lengthPart = (mmsi: number): number => lengthLikelihood(d.lengthM, sw.lengths.get(mmsi));
  const inGap = new Set<number>();
  // vessels silent at the time: only they can be the dark one (haunts are looked up for them alone)
  const silent = new Set<number>();
  for (const g of gaps.at(d.t)) {
    if (excluded.has(g.mmsi)) continue;
    silent.add(g.mmsi);
    if (g.on.t - g.off.t > p.maxCandidateGapMs) continue;
    inGap.add(g.mmsi);
    const v = believedKnots(g.off, g.on, p);
    const T = g.on.t - g.off.t;
    const reachM = (v * 1852 * T) / 3_600_000;
    const d1 = flatM(g.off.lat, g.off.lon, d.lat, d.lon);
    const d2 = flatM(d.lat, d.lon, g.on.lat, g.on.lon);
    if (d1 + d2 > reachM) continue;
    const tau = (d.t - g.off.t) / T;
    const mid = interpolateAt(g.off, g.on, d.t);
    const vObs = observedMs(g.off, g.on);
    const sigma2 = vObs * vObs * COURSE_KEEP_S * tau * (1 - tau) * (T / 1000) + SIGMA0_M * SIGMA0_M;
    const f = density(flatM(mid.lat, mid.lon, d.lat, d.lon), sigma2) * lengthPart(g.mmsi);
    put({
      mmsi: g.mmsi,
      score: round3(Math.min(1, densityScore(f) + 0.05 * hauntPart(g.mmsi))),
      reason: `gap: silent ${(T / 3_600_000).toFixed(1)} h; off ${KM(d1)} and on ${KM(d2)} from the detection, ${KM(flatM(mid.lat, mid.lon, d.lat, d.lon))} from the straight line between them at its time`,
      fixes: [positionId(g.mmsi, g.off.t), positionId(g.mmsi, g.on.t)],
    });
  }
  // one-sided: the vessel's first or last fix in the span read is on one side of the detection
  const oneSided = [...ends.lastIn(d.t - p.maxCandidateGapMs, d.t - p.maxInterpolationGapMs - 1), ...ends.firstIn(d.t + p.maxInterpolationGapMs + 1, d.t + p.maxCandidateGapMs)];
  for (const mmsi of oneSided) {
    const v = sw.vessels.get(mmsi)!;
    if (excluded.has(mmsi) || inGap.has(mmsi)) continue;
    const dark = d.t - v.last.t;
    const before = v.first.t - d.t;
    if (dark > p.maxInterpolationGapMs || before > p.maxInterpolationGapMs) silent.add(mmsi);
    const fix = dark > p.maxInterpolationGapMs && dark <= p.maxCandidateGapMs ? v.last : before > p.maxInterpolationGapMs && before <= p.maxCandidateGapMs ? v.first : null;
    if (!fix) continue;
    const kn = believedKnots(fix, null, p);
    const dt = Math.abs(d.t - fix.t);
    const reachM = (kn * 1852 * dt) / 3_600_000;
    const dist = flatM(fix.lat, fix.lon, d.lat, d.lon);
    if (dist > reachM) continue;
    const vObs = observedMs(fix, null);
    const f = density(dist, vObs * vObs * COURSE_KEEP_S * (dt / 1000) + SIGMA0_M * SIGMA0_M) * lengthPart(mmsi);
    const went = fix === v.last;
    put({
      mmsi,
      score: round3(Math.min(1, 0.8 * densityScore(f) + 0.05 * hauntPart(mmsi))),
      reason: `${went ? 'went_dark' : 'appeared'}: ${went ? 'last' : 'first'} heard ${KM(dist)} away ${(dt / 3_600_000).toFixed(1)} h ${went ? 'before' : 'after'}`,
      fixes: [positionId(mmsi, fix.t)],
    });
  }
  for (const mmsi of silent) {
    if (byMmsi.has(mmsi)) continue;
    const h = hauntHours(cells, mmsi);
    if (h < 2) continue;
    put({ mmsi, score: round3(0.4 * hauntScore(h)), reason: `haunt: heard ${h} h within ~${Math.round(HAUNT_DEG * 111 * 1.5)} km of the detection and silent at its time`, fixes: [] });
  }
  return [...byMmsi.values()].sort((a, b) => b.score - a.score || a.mmsi - b.mmsi).slice(0, p.maxCandidates);
}

/** The vessel probability of a dark detection (see the header); clutter likelihood is 1 minus it. */
export function vesselProbability(d: Detection, top: Candidate | undefined): number {
  let pv = d.confidence ?? 0.7;
  if (d.lengthM !== null) pv *= d.lengthM < 8 ? 0.5 : d.lengthM < 15 ? 0.8 : 1;
  if (d.flags.includes('non_vessel')) pv *= 0.2;
  if (top && top.score >= 0.6) pv += (1 - pv) * 0.15;
  return round3(pv);
}

/** Stored events a detection's neighbour may be in: loitering and encounters, by vessel. */
export type ActivityIndex = Map<number, Event[]>;

export function activityIndex(events: readonly Event[]): ActivityIndex {
  const out: ActivityIndex = new Map();
  for (const e of events) {
    if (e.type !== 'loitering' && e.type !== 'encounter') continue;
    for (const m of e.mmsi) {
      let l = out.get(m);
      if (!l) out.set(m, (l = []));
      l.push(e);
    }
  }
  return out;
}

/** Events are matched to a detection time with this much slack either side (their ends are sampled). */
export const ACTIVITY_PAD_MS = 30 * 60_000;

/** The nearest vessel within partnerRadiusM of the detection that was loitering or in an encounter at its time. */
export function darkPartner(d: Detection, offers: Map<number, Offer> | undefined, act: ActivityIndex, p: DetectionParams): (DarkPartner & { fixes: string[] }) | null {
  if (!offers) return null;
  let best: (DarkPartner & { fixes: string[] }) | null = null;
  for (const o of offers.values()) {
    if (o.distanceM > p.partnerRadiusM || (best && best.distanceM <= o.distanceM)) continue;
    const e = act.get(o.mmsi)?.find((x) => Date.parse(x.start) - ACTIVITY_PAD_MS <= d.t && Date.parse(x.end) + ACTIVITY_PAD_MS >= d.t);
    if (e) best = { mmsi: o.mmsi, distanceM: Math.round(o.distanceM), event: e.id, eventType: e.type, fixes: o.fixes };
  }
  return best;
}
