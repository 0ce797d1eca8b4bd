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

/**
 * A Position from its fields (msgType undefined: unknown), as one object literal per shape: a
 * property set after the literal moves the object to another map and gives it a property
 * store of its own, one more allocation per position where millions are made (the replay's
 * threads, a worker's stream messages).
 */
export function newPosition(
  mmsi: number, t: number, lat: number, lon: number, sog: number | null, cog: number | null, heading: number | null,
  navStatus: number | null, source: string, msgType: number | undefined,
): Position {
  return msgType === undefined
    ? { mmsi, t, lat, lon, sog, cog, heading, navStatus, source }
    : { mmsi, t, lat, lon, sog, cog, heading, navStatus, source, msgType };
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

/**
 * The motion fields of positions as columns, `n` rows, a speed or course not reported NaN: what
 * a sweep over millions of fixes reads (Store.positionColumns), no object per row.
 * PositionColumns holds these and the rest.
 */
export interface MotionColumns {
  n: number;
  mmsi: Float64Array;
  t: Float64Array;
  lat: Float64Array;
  lon: Float64Array;
  sog: Float64Array;
  cog: Float64Array;
}

/**
 * Positions column by column: how a reader hands the store its bulk batches (the NMEA reader's
 * ingest batches, ReaderOptions.columnar). Half a million Position objects alive at once cost
 * ~0.6 µs each to create (old-space allocation and marking of the objects and their boxed
 * doubles), ten times their decoding; filled typed arrays cost nothing to keep. Every column
 * is a Float64Array so any Position round-trips exactly; NaN stands for null (and for an absent
 * msgType or lineNo). `source` indexes `sources`.
 */
export class PositionColumns implements MotionColumns {
  n = 0;
  mmsi: Float64Array;
  t: Float64Array;
  lat: Float64Array;
  lon: Float64Array;
  sog: Float64Array;
  cog: Float64Array;
  heading: Float64Array;
  navStatus: Float64Array;
  msgType: Float64Array;
  lineNo: Float64Array;
  source: Int32Array;
  readonly sources: string[] = [];
  private lastSource: string | null = null;
  private lastSourceId = -1;

  constructor(capacity = 1024) {
    const n = Math.max(16, capacity);
    this.mmsi = new Float64Array(n);
    this.t = new Float64Array(n);
    this.lat = new Float64Array(n);
    this.lon = new Float64Array(n);
    this.sog = new Float64Array(n);
    this.cog = new Float64Array(n);
    this.heading = new Float64Array(n);
    this.navStatus = new Float64Array(n);
    this.msgType = new Float64Array(n);
    this.lineNo = new Float64Array(n);
    this.source = new Int32Array(n);
  }

  static of(list: readonly Position[]): PositionColumns {
    const c = new PositionColumns(list.length);
    for (const p of list) c.push(p);
    return c;
  }

  /** The id of a source name in this batch (`source` column). */
  sourceId(name: string): number {
    if (name === this.lastSource) return this.lastSourceId;
    let id = this.sources.indexOf(name);
    if (id < 0) id = this.sources.push(name) - 1;
    this.lastSource = name;
    this.lastSourceId = id;
    return id;
  }

  /** The index of a new row, room made for it; the caller sets every column of it. */
  row(): number {
    if (this.n === this.mmsi.length) this.grow();
    return this.n++;
  }

  push(p: Position): void {
    const i = this.row();
    this.mmsi[i] = p.mmsi;
    this.t[i] = p.t;
    this.lat[i] = p.lat;
    this.lon[i] = p.lon;
    this.sog[i] = p.sog ?? NaN;
    this.cog[i] = p.cog ?? NaN;
    this.heading[i] = p.heading ?? NaN;
    this.navStatus[i] = p.navStatus ?? NaN;
    this.msgType[i] = p.msgType ?? NaN;
    this.lineNo[i] = p.lineNo ?? NaN;
    this.source[i] = this.sourceId(p.source);
  }

  get(i: number): Position {
    const nn = (v: number): number | null => (Number.isNaN(v) ? null : v);
    const p: Position = {
      mmsi: this.mmsi[i]!,
      t: this.t[i]!,
      lat: this.lat[i]!,
      lon: this.lon[i]!,
      sog: nn(this.sog[i]!),
      cog: nn(this.cog[i]!),
      heading: nn(this.heading[i]!),
      navStatus: nn(this.navStatus[i]!),
      source: this.sources[this.source[i]!]!,
    };
    if (!Number.isNaN(this.msgType[i]!)) p.msgType = this.msgType[i]!;
    if (!Number.isNaN(this.lineNo[i]!)) p.lineNo = this.lineNo[i]!;
    return p;
  }

  toPositions(): Position[] {
    const out = new Array<Position>(this.n);
    for (let i = 0; i < this.n; i++) out[i] = this.get(i);
    return out;
  }

  private grow(): void {
    const n = this.mmsi.length * 2;
    const f = (a: Float64Array): Float64Array => {
      const b = new Float64Array(n);
      b.set(a);
      return b;
    };
    this.mmsi = f(this.mmsi);
    this.t = f(this.t);
    this.lat = f(this.lat);
    this.lon = f(this.lon);
    this.sog = f(this.sog);
    this.cog = f(this.cog);
    this.heading = f(this.heading);
    this.navStatus = f(this.navStatus);
    this.msgType = f(this.msgType);
    this.lineNo = f(this.lineNo);
    const s = new Int32Array(n);
    s.set(this.source);
    this.source = s;
  }
}

/** Positions as a batch may carry them: objects, or columns (PositionColumns). */
export type PositionBatch = readonly Position[] | PositionColumns;

export function positionColumns(b: PositionBatch): PositionColumns {
  return b instanceof PositionColumns ? b : PositionColumns.of(b);
}

export function positionCount(b: PositionBatch): number {
  return b instanceof PositionColumns ? b.n : b.length;
}

/** The source names of a batch's positions (each once or more), for a store to register. */
export function positionSourceNames(b: PositionBatch): Iterable<string> {
  if (b instanceof PositionColumns) return b.n > 0 ? b.sources : [];
  return b.map((p) => p.source);
}

export function positionList(b: PositionBatch): readonly Position[] {
  return b instanceof PositionColumns ? b.toPositions() : b;
}
