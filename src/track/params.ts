/**
 * Segmenter parameters and the named profiles that pin them (DESIGN.md
 * "Detector defaults": a profile reproduces a result anywhere).
 *
 * Defaults are GFW's gpsdio-segment matcher (GlobalFishingWatch/gpsdio-segment,
 * gpsdio_segment/matcher.py, develop branch): its authors tuned them by building
 * vessel tracks for a large fleet.
 */
import { DarkfleetError } from '../errors.js';

export interface SegmenterParams {
  /** A fix more than this many hours after a segment's last fix can never join it; the segment closes. GFW 24. */
  maxHours: number;
  /** Largest discrepancy rate accepted between fixes of one transmitter, knots. GFW 25. */
  maxKnots: number;
  /** Hours around which long intervals are shortened before dead reckoning. GFW 4. */
  penaltyHours: number;
  /** Exponent of that shortening. GFW 0.5. */
  hoursExp: number;
  /** Padding added (in quadrature) to the interval so near-simultaneous fixes get some slack, hours. GFW 0.25 (15 min). */
  bufferHours: number;
  /** Discrepancies above maxKnots / penaltySpeed (relative) are strongly discouraged. GFW 5. */
  penaltySpeed: number;
  /** How many of a segment's last fixes a new fix is compared with; matching an older one drops the fixes after it. GFW 5. */
  lookback: number;
  /** A match to the k-th older fix must be k * lookbackFactor times better. GFW 2. */
  lookbackFactor: number;
  /** Two candidate segments whose weighted scores are within this factor are ambiguous: both close, a new one starts. GFW 10. */
  ambiguityFactor: number;
  /** Segments with fewer fixes than this get a lower score. GFW 10. */
  shortSegThreshold: number;
  /** How far off-track / stopped hypotheses are penalised. GFW 4. */
  shapeFactor: number;
  /** Score multiplier when the fix's transponder class (A/B) matches none of the segment's recent fixes. GFW 0.1. */
  transponderMismatchWeight: number;
  /** A type 27 (long-range, coarse) fix less than this many hours after its match is noise. GFW 1. */
  minType27Hours: number;
  /** Open segments per MMSI; the stalest closes when more are needed. GFW 100. */
  maxOpenSegments: number;
  /** Window in which a repeated moving fix (same rounded position, course, speed, heading) is a duplicate, hours. GFW: one run (a day); bounded here. */
  duplicateWindowHours: number;
  /**
   * 1: predict each fix from the previous one's reported course and speed (GFW).
   * 0: ignore course and speed and score the plain distance, i.e. the implied
   * speed (for feeds whose course is missing or fake; GFW's pre-2018 rule).
   */
  useCourse: number;
  /**
   * 1: weight candidate segments by fix count the way GFW's code does (the k-th
   * matching segment gets the k-th open segment's count, a quirk its published
   * regression output depends on). 0: each segment its own count.
   */
  gfwCountPairing: number;
  /** Identity (type 5/24) reports attach to a segment with a fix of the same transponder class within this many minutes. GFW 15. */
  identityWindowMinutes: number;
}

export type SegmenterProfile = 'gfw' | 'aisdb' | 'strict';

const GFW: SegmenterParams = {
  maxHours: 24,
  maxKnots: 25,
  penaltyHours: 4,
  hoursExp: 0.5,
  bufferHours: 0.25,
  penaltySpeed: 5,
  lookback: 5,
  lookbackFactor: 2,
  ambiguityFactor: 10,
  shortSegThreshold: 10,
  shapeFactor: 4,
  transponderMismatchWeight: 0.1,
  minType27Hours: 1,
  maxOpenSegments: 100,
  duplicateWindowHours: 24,
  useCourse: 1,
  gfwCountPairing: 1,
  identityWindowMinutes: 15,
};

/**
 * - `gfw` (default): GFW gpsdio-segment as published.
 * - `aisdb`: tolerant of fast craft and coarse feeds: 50 kn, AISdb's speed
 *   threshold for splitting tracks (MERIDIAN AISdb `track_gen`).
 * - `strict`: shorter memory (12 h) and 20 kn, for dense terrestrial feeds
 *   where a long silence should start a new segment.
 */
export const SEGMENTER_PROFILES: Readonly<Record<SegmenterProfile, Readonly<SegmenterParams>>> = {
  gfw: GFW,
  aisdb: { ...GFW, maxKnots: 50, gfwCountPairing: 0 },
  strict: { ...GFW, maxHours: 12, maxKnots: 20, gfwCountPairing: 0 },
};

export function segmenterParams(
  profile: SegmenterProfile = 'gfw',
  overrides: Partial<SegmenterParams> = {},
): SegmenterParams {
  const base = SEGMENTER_PROFILES[profile];
  if (!base) throw new DarkfleetError('track_params', `unknown segmenter profile ${String(profile)}`);
  const p = { ...base, ...overrides };
  for (const [k, v] of Object.entries(p)) {
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
      throw new DarkfleetError('track_params', `segmenter parameter ${k} must be a finite number >= 0, got ${String(v)}`);
    }
  }
  if (p.lookback < 1 || p.maxOpenSegments < 1 || p.maxKnots <= 0 || p.penaltyHours <= 0) {
    throw new DarkfleetError('track_params', 'lookback and maxOpenSegments must be >= 1, maxKnots and penaltyHours > 0');
  }
  return p;
}
