/**
 * Normalised records that flow between pipeline stages (DESIGN.md "Normalised records").
 * Every source (NMEA, CSV, JSON) yields these; the store and detectors consume them.
 */

/** One position fix of one transmitter. Unavailable values are null, never AIS sentinels. */
export interface Position {
  mmsi: number;
  /** receive or report time, epoch milliseconds UTC */
  t: number;
  lat: number;
  lon: number;
  /** speed over ground, knots */
  sog: number | null;
  /** course over ground, degrees true */
  cog: number | null;
  /** true heading, degrees */
  heading: number | null;
  /** AIS navigational status code 0-15, null when unknown */
  navStatus: number | null;
  /** where the record came from: file name, feed URL or format tag */
  source: string;
  /** AIS message type when known (1,2,3,18,19,27, ...) */
  msgType?: number;
  /** 1-based line of the (decompressed) input it was read from; for a multi-sentence NMEA message its first sentence's line */
  lineNo?: number;
}

/** Static and voyage data as reported by a transmitter at time t. */
export interface VesselStatic {
  mmsi: number;
  t: number;
  imo: number | null;
  name: string | null;
  callsign: string | null;
  shipType: number | null;
  /** metres */
  length: number | null;
  width: number | null;
  draught: number | null;
  destination: string | null;
  /** ISO 3166 alpha-2 (or country name when no code is known) from the MMSI's MID */
  flag: string | null;
  source: string;
  /** 1-based input line of the report that gave this record (as Position.lineNo) */
  lineNo?: number;
}

/** A record a source yields: a position, a static report, or a counted reject. */
export type SourceRecord =
  | { kind: 'position'; rec: Position }
  | { kind: 'static'; rec: VesselStatic };
