/**
 * Spoofing signs grouped into runs, shared by every kind: signs of one kind for one MMSI
 * less than `mergeGapH` apart are one run; a run closes by time (a later sign, the hourly
 * expiry, or the end of input) and becomes an event when it has enough signs.
 */
import type { Position } from '../../records.js';
import { HOUR_MS, ruleOf, type DetectContext, type ParamRef } from '../context.js';
import { eventId, isoTime, positionId, type EvidenceValue } from '../../events.js';
import { round, sample } from '../stats.js';

export type SpoofKind = 'two_places' | 'on_land' | 'invalid_mmsi' | 'default_mmsi' | 'invalid_imo' | 'circle' | 'hairpin';

export interface Run {
  kind: SpoofKind;
  startT: number;
  lastT: number;
  signs: number;
  latSum: number;
  lonSum: number;
  ids: string[];
  maxSpeedKn: number;
  maxDistanceM: number;
  /** two_places: the segments seen as the outer of an alternation (this, other, this): two for an event */
  outer: string[];
  extra: Record<string, EvidenceValue>;
}

/** The open runs of one MMSI. */
export interface Runs {
  runs: Partial<Record<SpoofKind, Run>>;
  nRuns: number;
}

/** One more sign of `kind` at fix p: extends the open run of that kind or opens one. */
export function sign(mmsi: number, st: Runs, kind: SpoofKind, p: Position, extra: Record<string, EvidenceValue>): Run {
  let run = st.runs[kind];
  if (!run) {
    run = { kind, startT: p.t, lastT: p.t, signs: 0, latSum: 0, lonSum: 0, ids: [], maxSpeedKn: 0, maxDistanceM: 0, outer: [], extra };
    st.runs[kind] = run;
    st.nRuns++;
  }
  run.lastT = p.t;
  run.signs++;
  run.latSum += p.lat;
  run.lonSum += p.lon;
  if (run.ids.length < 200) run.ids.push(positionId(mmsi, p.t));
  return run;
}

/** Close the runs idle for mergeGapH before feed time t. */
export function closeStale(ctx: DetectContext, mmsi: number, st: Runs, t: number): void {
  if (st.nRuns === 0) return;
  const gap = ctx.params.spoofing.mergeGapH * HOUR_MS;
  for (const k of Object.keys(st.runs) as SpoofKind[]) {
    const run = st.runs[k]!;
    if (t - run.lastT > gap) {
      delete st.runs[k];
      st.nRuns--;
      finish(ctx, mmsi, run);
    }
  }
}

/** Close every run (end of input). */
export function closeAll(ctx: DetectContext, mmsi: number, st: Runs): void {
  for (const run of Object.values(st.runs)) finish(ctx, mmsi, run);
  st.runs = {};
  st.nRuns = 0;
}

function finish(ctx: DetectContext, mmsi: number, run: Run): void {
  const P = ctx.params.spoofing;
  const need = run.kind === 'two_places' ? P.minClashes : run.kind === 'on_land' ? P.minOnLand : 1;
  // a sparse feed's spoof onto land: two fixes reached by a jump, far enough apart in time
  const sparseOnLand = run.kind === 'on_land' && run.extra['evidence'] === 'jump' && run.signs >= 2 && run.lastT - run.startT >= P.onLandSpanMin * 60_000;
  if (run.signs < need && !sparseOnLand) return;
  if (run.kind === 'two_places' && run.outer.length < 2) return;
  if (run.kind === 'on_land' && run.extra['evidence'] !== 'jump' && !P.onLandReportInland) return;
  emitRun(ctx, mmsi, run, run.kind);
}

/** How sure the sign is: a number that is wrong, certain; a default pattern, a coin toss; shapes and clashes grow with their signs. */
function confidence(run: Run): number {
  // an MMSI no station can have is a certain defect but, alone, no proof of deception: every one
  // the real-data review met was a typo, a factory default or a misconfigured set (an
  // identity-quality finding, flagged data_quality); a wrong IMO on a vessel that must carry one
  // is strong, not proof (a keying error on a real ship)
  if (run.kind === 'invalid_mmsi') return 0.5;
  if (run.kind === 'invalid_imo') return 0.8;
  if (run.kind === 'default_mmsi') return 0.5;
  // on land: reached by an impossible jump is evidence; a vessel inland from its first fix, with
  // no water evidence and no plausible departure, may be a transponder ashore
  if (run.kind === 'on_land') return run.extra['evidence'] === 'jump' ? 0.9 : 0.3;
  return round(Math.min(1, 0.5 + 0.05 * run.signs), 2);
}

/** The kind, and what held: `jump` (on land by an impossible jump), `data_quality` (a finding about the data, not a sign of deception). */
function flagsOf(run: Run): string[] {
  const flags: string[] = [run.kind];
  if (run.kind === 'on_land') flags.push(run.extra['evidence'] === 'jump' ? 'jump' : 'data_quality');
  if (run.kind === 'invalid_mmsi') flags.push('data_quality');
  return flags;
}

/** Every kind but invalid_imo (static reports) judges thinned fixes. */
const USES: readonly ParamRef[] = ['thinning.minIntervalS'];

export function emitRun(ctx: DetectContext, mmsi: number, run: Run, qualifier: string): void {
  const n = run.kind === 'invalid_imo' ? 1 : run.signs;
  const evidence: Record<string, EvidenceValue> = { kind: run.kind, signs: run.signs, ...run.extra };
  if (run.kind === 'two_places') {
    evidence['maxImpliedSpeedKn'] = round(run.maxSpeedKn, 1);
    evidence['maxDistanceKm'] = round(run.maxDistanceM / 1000, 2);
  }
  evidence['positionIds'] = sample([...new Set(run.ids)], 40);
  const lat = run.latSum / n;
  const lon = run.lonSum / n;
  ctx.emit({
    id: eventId('spoofing', [mmsi], run.startT, qualifier),
    type: 'spoofing',
    start: isoTime(run.startT),
    end: isoTime(run.lastT),
    mmsi: [mmsi],
    lat: Number.isNaN(lat) ? lat : round(lat, 5),
    lon: Number.isNaN(lon) ? lon : round(lon, 5),
    confidence: confidence(run),
    flags: flagsOf(run),
    rule: ruleOf(ctx, `spoofing.${run.kind}`, 'spoofing', run.kind === 'invalid_imo' ? [] : USES),
    evidence,
  });
}

/** Forget the open run of `kind` without an event (what looked like signs was explained). */
export function dropRun(st: Runs, kind: SpoofKind): void {
  if (!st.runs[kind]) return;
  delete st.runs[kind];
  st.nRuns--;
}
