/**
 * The ground-truth contract written as `ground-truth.json` beside the simulated NMEA and CSV
 * (shared with the detectors; see src/sim/score.ts for how detected events are scored).
 */
export type EventType = 'encounter' | 'loitering' | 'gap' | 'identity_change' | 'spoofing' | 'port_visit' | 'zone_entry' | 'zone_exit';

export interface TruthEvent {
  type: EventType | string;
  /** vessels involved, ascending */
  mmsi: number[];
  /** ISO 8601 UTC */
  start: string;
  end: string;
  lat?: number;
  lon?: number;
  flags?: string[];
  /** spoofing: two_places | on_land | invalid_mmsi | invalid_imo | circle; encounter (realism): dark_rendezvous */
  kind?: string;
  zone?: string;
  /**
   * an entry or exit of a default zone (the 12 nm line) that `analyze` reports only when it
   * runs without a zones file; `score` counts it only when told the analysis had none
   */
  withoutZonesFile?: boolean;
  imo?: number;
  /**
   * true when a detector may reasonably report it or not (e.g. loitering by a partner whose
   * AIS was silent most of the time): a detection matching it is neither a hit nor a false
   * alarm, and missing it costs no recall.
   */
  optional?: boolean;
  note?: string;
}

export interface TruthNegative {
  /** realism adds berth | river_transit | trawling | no_coverage */
  kind: 'pair_trawl' | 'passing' | 'anchored_pair' | 'short_gap' | 'short_stop' | 'berth' | 'river_transit' | 'trawling' | 'no_coverage' | string;
  mmsi: number[];
  start: string;
  end: string;
  mustNotFire: string[];
  note?: string;
}

export interface TruthVessel {
  mmsi: number;
  imo: number | null;
  name: string;
  callsign: string;
  shipType: number;
  flag: string | null;
  role: string;
  cls: 'A' | 'B';
}

export interface GroundTruth {
  seed: number;
  start: string;
  hours: number;
  generator: Record<string, unknown>;
  vessels: TruthVessel[];
  events: TruthEvent[];
  negatives: TruthNegative[];
  stats: { positions: number; statics: number; nmeaLines: number; malformedLines: number; csvRows: number; lostMessages: number };
}
