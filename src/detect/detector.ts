/**
 * The one shape of a detector, as the runner (runner.ts) drives every one of them from a
 * single time-ordered stream. A detector is a state machine: it reads the records it is
 * given and the DetectContext (parameters, map, vessel facts), emits events through
 * `ctx.emit`, and never calls another detector. What depends on two detectors' results is a
 * stage after them (stages.ts), fed their events.
 *
 * Call order for each record at feed time t: `expire(t)` when t starts a new UTC hour, then
 * `advanceTo(t)`, then `onPosition` (or `onRepeat`) / `onStatic`; `flush()` once at the end
 * of input. Every detector is called in the order of the runner's list.
 */
import type { Position, VesselStatic } from '../records.js';

/** What the track segmenter (GFW gpsdio-segment) says about an accepted fix. */
export interface Fix {
  /** the segment it joined: fixes of two transmitters sharing an MMSI land in different ones ('' when no detector of the runner reads segments) */
  segment: string;
}

/** Counters a detector adds to RunnerStats (look-ups and comparisons, for benches). */
export interface DetectorCounters {
  encounterTicks: number;
  encounterComparisons: number;
  anchorageLookups: number;
  zoneLookups: number;
  /** zone crossings of a second transmitter on an MMSI, not reported (zones.ts) */
  zoneSecondTransmitter: number;
  shoreLookups: number;
}

export interface Detector {
  /** the detector's name (its file), for stages that wait on it */
  readonly name: string;
  /**
   * which accepted fixes `onPosition` gets: `every` one, or `thinned`, at most one per vessel
   * every `thinning.minIntervalS` (dense terrestrial feeds add nothing to these detectors)
   */
  readonly feed: 'every' | 'thinned';
  /**
   * true when it reads which segment a fix joined (`fix.segment`, `onSegmentClosed`): a runner
   * none of whose detectors does skips the segment matching (src/track/filter.ts)
   */
  readonly segments?: boolean;
  /** housekeeping at the first record of each UTC hour: close what has been idle too long */
  expire?(t: number): void;
  /** feed time reaches t (before the record at t is given): time-driven work such as encounter ticks */
  advanceTo?(t: number): void;
  /** an accepted fix; `fix` is rewritten for the next one, so read it now, never keep it */
  onPosition?(p: Position, fix: Fix): void;
  /** a fix the segmenter set aside as a repeated reception (`duplicate`, `repeated_fix`) */
  onRepeat?(p: Position): void;
  onStatic?(s: VesselStatic): void;
  /** the segmenter closed a segment of this MMSI: no later fix will join it */
  onSegmentClosed?(mmsi: number, segment: string): void;
  /** end of input: emit everything still open */
  flush(): void;
  /**
   * Live only (a runner made with `notices`): feed time is t, at most once a feed minute. Post,
   * through `ctx.notice`, each event still open that already meets its rule and was not posted
   * before (an encounter at its minimum duration, a silence at the gap threshold): the early
   * alert, under the id its final event will have. Never changes what `flush` or `emit` give.
   */
  noticeAt?(t: number): void;
  /**
   * a low watermark: no event this detector emits from now on starts before the returned
   * time (epoch ms). Stages that hold events until another detector can no longer contradict
   * them read it.
   */
  watermark?(): number;
  counters?(): Partial<DetectorCounters>;
}
