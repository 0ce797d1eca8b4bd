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
  /**
   * an entry or exit of a zone only the scenario's zones.geojson defines (not one `analyze`
   * bundles: the Nampo anchorage circle of a scenario without realism); `score` counts it only
   * when the analysis had that file
   */
  zonesFileOnly?: boolean;
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
  /** with `detections: true`: every row of detections.csv */
  detections?: TruthDetection[];
  /** with `routes: true`: the ships planted shuttling between two ports, and the single round trip (behaviours/shuttles.ts) */
  routes?: TruthRoute[];
  /** with `darkConvoys: true`: the planted groups of dark detections (behaviours/dark-convoys.ts) */
  darkGroups?: TruthDarkGroup[];
  stats: { positions: number; statics: number; nmeaLines: number; malformedLines: number; csvRows: number; lostMessages: number };
}

/** One simulated satellite detection (`detections.csv`, row `detect_id` = id) and what it really is. */
export interface TruthDetection {
  id: string;
  /** ISO 8601 UTC */
  time: string;
  lat: number;
  lon: number;
  /**
   * broadcasting: a vessel heard around the time; dark: a vessel silent then; clutter: nothing there; dense: one of the dense
   * trawler fleet; dark_group: a vessel with no AIS at all in one of `darkGroups` (index `group`)
   */
  kind: 'broadcasting' | 'dark' | 'clutter' | 'dense' | 'dark_group';
  /** dark_group: its index in `darkGroups` */
  group?: number;
  mmsi: number | null;
  /** dark: the vessel it was in an encounter with at the time */
  partner?: number;
}

/** A planted group of dark detections (no AIS): a convoy, or a look-alike that must not be one. */
export interface TruthDarkGroup {
  /** dark_convoy: barges in line moving together; scattered: dark boats in no line; line_stays: in a line in one pass, still there and scattered in the next */
  kind: 'dark_convoy' | 'scattered' | 'line_stays';
  /** the ids (`detect_id`) of its detections */
  detections: string[];
  /** ISO 8601 UTC: a convoy under way from start to end; a look-alike between its two passes */
  start: string;
  end: string;
  /** the scene ids of the passes that saw it */
  passes: string[];
  courseDeg?: number;
  speedKn?: number;
  /** the Chinese port a convoy makes for */
  toward?: string;
  mustNotFire?: string[];
  note: string;
}

/** A ship's voyages between two ports (`routes: true`). */
export interface TruthRoute {
  mmsi: number;
  a: string;
  b: string;
  /** false: one round trip only, which a repeated-route report must not list */
  repeated: boolean;
  /** ISO 8601 UTC: leaving the anchorage it waited at, anchoring at the other end */
  voyages: { from: string; to: string; depart: string; arrive: string }[];
}
