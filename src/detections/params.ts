/**
 * The parameters of detection matching and dark-detection ranking, with their documented
 * defaults (src/detections/README.md). Every dark_detection event records them.
 */
import { UsageError } from '../errors.js';

export interface DetectionParams {
  /** a detection and a vessel's track at its time match within this, metres (Skylight: 1.5 km) */
  radiusM: number;
  /** a fix this close in time to the detection may stand for the track when none brackets it (dead reckoned), ms */
  timeToleranceMs: number;
  /** longest interval between two fixes that is interpolated across, ms */
  maxInterpolationGapMs: number;
  /** fastest implied speed between two fixes that is interpolated across, knots (GFW segmenter: 25) */
  maxKnots: number;
  /** a vessel silent this long or less around the detection can be a dark candidate, ms */
  maxCandidateGapMs: number;
  /** fastest speed a dark candidate is believed to have made across its gap, knots */
  maxDarkKnots: number;
  /** slowest speed assumed for the reach of a dark candidate, knots (a drifting ship still moves) */
  minDarkKnots: number;
  /** a detection this far from a loitering or encounter vessel is its dark partner, metres */
  partnerRadiusM: number;
  /** candidates listed per dark detection */
  maxCandidates: number;
  /** a detection's length differs from the AIS length by more than this fraction: `lengthCheck.ok` false */
  lengthTolerance: number;
}

export const DETECTION_DEFAULTS: Readonly<DetectionParams> = {
  radiusM: 1500,
  timeToleranceMs: 10 * 60_000,
  maxInterpolationGapMs: 60 * 60_000,
  maxKnots: 25,
  maxCandidateGapMs: 72 * 3_600_000,
  maxDarkKnots: 25,
  minDarkKnots: 10,
  partnerRadiusM: 1500,
  maxCandidates: 5,
  lengthTolerance: 0.5,
};

export function detectionParams(over: Partial<DetectionParams> = {}): DetectionParams {
  const p = { ...DETECTION_DEFAULTS, ...over };
  for (const [k, v] of Object.entries(p)) {
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new UsageError(`detection parameter ${k} must be a finite number >= 0, got ${String(v)}`);
  }
  if (p.radiusM <= 0) throw new UsageError('--radius-km must be > 0');
  return p;
}
