/**
 * The traffic layer: geography learned from the positions themselves (DESIGN.md, "traffic
 * layer"), because static masks are wrong exactly where ships go: Natural Earth's land covers
 * rivers, canals, harbour basins and berths (the Kiel Canal, the Houston Ship Channel, the
 * Mississippi at New Orleans), and a frozen reception layer cannot say whether the user's own
 * data could have heard a vessel.
 *
 * Per H3 cell (res 8 by default, ~0.74 km^2, edge ~0.46 km: fine enough to follow a canal, about
 * the S2 level-14 cells GFW's anchorages use) it keeps, for moving (1-30 kn) and stationary
 * (< 0.5 kn) positions of vessel MMSIs, the distinct vessels, distinct vessel-hours, positions
 * and first/last time. Per coarse cell (res 5, ~250 km^2, edge ~9.9 km: the scale of a
 * terrestrial receiver's footprint) and hour: the distinct vessels and positions heard. Per
 * hour, layer-wide: whether any data exists at all.
 *
 * Questions it answers: `isWater` (navigable water evidence), `coverage` (could other vessels
 * be heard around here then?), `dataCoverage` (does the layer hold data for those hours at
 * all?), `learnedAnchorages` (traffic-anchorages.ts), `toGeoJSON` for review in QGIS.
 *
 * Contract (incremental, mergeable): positions may come in any order and in any batches.
 * Distinct counts (vessels, vessel-hours) and first/last times are idempotent: adding the same
 * position twice, or merging two layers built from overlapping data, changes none of them.
 * Position counters are plain sums: pass each position once (the store de-duplicates before
 * it feeds the layer), or they double. Distinct counts are exact up to 32 and HyperLogLog
 * estimates (6.5% standard error) above (traffic-sketch.ts); every threshold used lies below 32.
 */
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import { cellToBoundary, cellToParent, getResolution, gridDisk, isValidCell, latLngToCell } from 'h3-js';
import { SourceError } from '../errors.js';
import type { Position } from '../records.js';
import { classifyMmsi } from '../ref/mmsi.js';
import { normalizeLon } from './distance.js';
import { learnAnchorages, type LearnedAnchorage, type LearnedAnchorageOptions, type StopCell } from './traffic-anchorages.js';
import { Distinct } from './traffic-sketch.js';

export { TERRITORIAL_SEA_M, scaledMinVessels, type AnchorageGeo, type LearnedAnchorage, type LearnedAnchorageOptions } from './traffic-anchorages.js';

const HOUR_MS = 3_600_000;
/** vessel-hour member = mmsi * 2^23 + epoch hour: exact below 2^53 until the year 2927 */
const HOUR_SPAN = 2 ** 23;

export interface TrafficLayerOptions {
  /** H3 resolution of water and stop cells; default 8 (~0.74 km^2): a canal or a berth basin is a cell or two wide */
  res?: number;
  /** H3 resolution of coverage cells; default 5 (~250 km^2): about one shore receiver's reach at sea level */
  coverageRes?: number;
  /** moving: sog >= this, knots; default 1 (below it a ship drifts or swings at anchor) */
  movingMinKn?: number;
  /** moving: sog <= this, knots; default 30 (few merchant ships exceed it; above it positions are more likely jumps or aircraft) */
  movingMaxKn?: number;
  /** stationary: sog < this, knots; default 0.5 (GFW's stop-end speed, anchorages_pipeline) */
  stationaryMaxKn?: number;
  /** water evidence (isWater), see WaterOptions */
  water?: WaterOptions;
}

export interface WaterOptions {
  /**
   * distinct vessels that must have crossed the cell (with `ring`, the cell and its neighbours
   * together) moving at plausible speed; default 3: one transmitter can be a spoofer or a GPS
   * jump and two can be a spoofed pair, three independent hulls moving there is water
   */
  minVessels?: number;
  /**
   * also count vessels of the cells up to `ring` steps away (H3 k-ring); default 0 (the cell
   * itself). 1 widens each piece of evidence by ~0.8 km at res 8: for sparse data or noisy GPS,
   * at the cost of calling water the bank next to a narrow canal.
   */
  ring?: number;
}

export interface CoverageOptions {
  /** coarse cells around the point: 0 = its own, 1 (default) = with its 6 neighbours (~30 km across at res 5) */
  ring?: number;
  /** the vessel whose reception is judged: its own positions do not count as "heard" */
  excludeMmsi?: number;
}

export interface Coverage {
  /** hour buckets the interval touches (UTC hours) */
  hours: number;
  /** of those, hours in which the layer holds any position at all, anywhere */
  hoursWithData: number;
  /** hours in which at least one vessel (other than excludeMmsi) was heard in the cells around the point */
  hoursHeard: number;
  /** hoursHeard / hours (0 for an empty interval) */
  fraction: number;
  /** mean distinct vessels heard per hour around the point (other than excludeMmsi) */
  vesselsPerHour: number;
  /** the coarse cells consulted */
  cells: string[];
}

export interface DataCoverage {
  hours: number;
  hoursWithData: number;
  fraction: number;
  /** runs of hours without any data, [fromMs, toMs) */
  missing: { fromMs: number; toMs: number }[];
}

/** One activity class (moving or stationary) of a cell. */
class Activity {
  vessels = new Distinct();
  vesselHours = new Distinct();
  positions = 0;
  firstMs = Infinity;
  lastMs = -Infinity;

  add(mmsi: number, hour: number, t: number): void {
    this.vessels.add(mmsi);
    this.vesselHours.add(mmsi * HOUR_SPAN + hour);
    this.positions++;
    if (t < this.firstMs) this.firstMs = t;
    if (t > this.lastMs) this.lastMs = t;
  }

  merge(o: Activity): void {
    this.vessels.merge(o.vessels);
    this.vesselHours.merge(o.vesselHours);
    this.positions += o.positions;
    this.firstMs = Math.min(this.firstMs, o.firstMs);
    this.lastMs = Math.max(this.lastMs, o.lastMs);
  }
}

interface CellCounters {
  moving: Activity | null;
  stationary: Activity | null;
}

interface HeardBucket {
  vessels: Distinct;
  positions: number;
}

/** Rows for a store: one per cell; sketches are text (`e:` exact members, `h:` HyperLogLog). */
export interface TrafficCellRow {
  cell: string;
  movingVessels: number;
  movingHours: number;
  movingPositions: number;
  movingFirstMs: number | null;
  movingLastMs: number | null;
  movingVesselSketch: string;
  movingHourSketch: string;
  stationaryVessels: number;
  stationaryHours: number;
  stationaryPositions: number;
  stationaryFirstMs: number | null;
  stationaryLastMs: number | null;
  stationaryVesselSketch: string;
  stationaryHourSketch: string;
}

/** Vessels and positions heard in one coarse cell during one UTC hour (epoch hours). */
export interface TrafficCoverageRow {
  cell: string;
  hour: number;
  vessels: number;
  positions: number;
  vesselSketch: string;
}

/** Layer-wide: positions of any transmitter during one UTC hour. */
export interface TrafficHourRow {
  hour: number;
  vessels: number;
  positions: number;
  vesselSketch: string;
}

export interface TrafficRows {
  version: 1;
  params: Required<Omit<TrafficLayerOptions, 'water'>>;
  cells: TrafficCellRow[];
  coverage: TrafficCoverageRow[];
  hours: TrafficHourRow[];
}

export interface TrafficGeoJsonOptions {
  /** include the water cells as polygons; default true */
  water?: boolean;
  /** include each anchorage's cells as polygons; default false */
  anchorageCells?: boolean;
  anchorages?: LearnedAnchorageOptions;
}

// Quanta of the negative prefilter: 1/32 degree (~3.5 km), far larger than a res-8 cell.
const Q = 32;
const QX = 360 * Q;
const quantum = (lat: number, lon: number): number =>
  Math.min(180 * Q - 1, Math.floor((lat + 90) * Q)) * QX + Math.min(QX - 1, Math.floor((normalizeLon(lon) + 180) * Q));

export class TrafficLayer {
  readonly res: number;
  readonly coverageRes: number;
  readonly movingMinKn: number;
  readonly movingMaxKn: number;
  readonly stationaryMaxKn: number;
  readonly minWaterVessels: number;
  readonly waterRing: number;

  private readonly cells = new Map<string, CellCounters>();
  /** coarse cell -> epoch hour -> heard */
  private readonly heard = new Map<string, Map<number, HeardBucket>>();
  /** epoch hour -> any data */
  private readonly hourData = new Map<number, HeardBucket>();
  private readonly vesselMmsi = new Map<number, boolean>();
  private readonly parentOf = new Map<string, string>();

  private water: Set<string> | null = null;
  private waterQuanta: Set<number> | null = null;

  constructor(opts: TrafficLayerOptions = {}) {
    this.res = opts.res ?? 8;
    this.coverageRes = opts.coverageRes ?? 5;
    this.movingMinKn = opts.movingMinKn ?? 1;
    this.movingMaxKn = opts.movingMaxKn ?? 30;
    this.stationaryMaxKn = opts.stationaryMaxKn ?? 0.5;
    this.minWaterVessels = opts.water?.minVessels ?? 3;
    this.waterRing = opts.water?.ring ?? 0;
    for (const [k, v] of [['res', this.res], ['coverageRes', this.coverageRes]] as const) {
      if (!Number.isInteger(v) || v < 0 || v > 15) throw new RangeError(`${k} must be an H3 resolution 0-15, got ${v}`);
    }
    if (this.coverageRes > this.res) throw new RangeError(`coverageRes (${this.coverageRes}) must not be finer than res (${this.res})`);
    if (!(this.stationaryMaxKn <= this.movingMinKn && this.movingMinKn <= this.movingMaxKn)) {
      throw new RangeError('speed thresholds must satisfy stationaryMaxKn <= movingMinKn <= movingMaxKn');
    }
  }

  /** Build options, for a layer of the same shape (merge needs equal ones). */
  get params(): TrafficRows['params'] {
    return {
      res: this.res,
      coverageRes: this.coverageRes,
      movingMinKn: this.movingMinKn,
      movingMaxKn: this.movingMaxKn,
      stationaryMaxKn: this.stationaryMaxKn,
    };
  }

  /** Vessel MMSIs only (ships, auxiliary craft): not aircraft, aids to navigation, base stations, SARTs, placeholders. */
  private isVessel(mmsi: number): boolean {
    let v = this.vesselMmsi.get(mmsi);
    if (v === undefined) {
      const info = classifyMmsi(mmsi);
      v = info.problem !== 'repeated_digits' && (info.pattern === 'ship' || info.pattern === 'auxiliary_craft');
      this.vesselMmsi.set(mmsi, v);
    }
    return v;
  }

  private coarse(cell: string): string {
    let p = this.parentOf.get(cell);
    if (p === undefined) {
      p = cellToParent(cell, this.coverageRes);
      if (this.parentOf.size > 1_000_000) this.parentOf.clear();
      this.parentOf.set(cell, p);
    }
    return p;
  }

  /** Adds one position (see the contract in the file header). Invalid coordinates or times are ignored. */
  add(p: Position): void {
    const { lat, lon, t, mmsi } = p;
    if (!(Math.abs(lat) <= 90) || !(Math.abs(lon) <= 180) || !Number.isFinite(t) || t < 0) return;
    const hour = Math.floor(t / HOUR_MS);
    if (hour >= HOUR_SPAN) return;
    const any = bucket(this.hourData, hour);
    any.positions++;
    any.vessels.add(mmsi);
    this.water = null;
    if (!this.isVessel(mmsi)) return;
    const sog = p.sog;
    const moving = sog !== null && sog >= this.movingMinKn && sog <= this.movingMaxKn;
    const stationary = sog !== null && sog >= 0 && sog < this.stationaryMaxKn;
    let coarse: string;
    if (moving || stationary) {
      const cell = latLngToCell(lat, lon, this.res);
      let c = this.cells.get(cell);
      if (!c) this.cells.set(cell, (c = { moving: null, stationary: null }));
      if (moving) (c.moving ??= new Activity()).add(mmsi, hour, t);
      else (c.stationary ??= new Activity()).add(mmsi, hour, t);
      coarse = this.coarse(cell);
    } else {
      coarse = latLngToCell(lat, lon, this.coverageRes);
    }
    let byHour = this.heard.get(coarse);
    if (!byHour) this.heard.set(coarse, (byHour = new Map()));
    const b = bucket(byHour, hour);
    b.vessels.add(mmsi);
    b.positions++;
  }

  addAll(positions: Iterable<Position>): this {
    for (const p of positions) this.add(p);
    return this;
  }

  /** Adds everything `other` holds (same build options required). Distinct counts stay exact (see header). */
  merge(other: TrafficLayer): this {
    const a = this.params, b = other.params;
    for (const k of Object.keys(a) as (keyof typeof a)[]) {
      if (a[k] !== b[k]) throw new SourceError('traffic_mismatch', `cannot merge traffic layers with different ${k}: ${a[k]} vs ${b[k]}`);
    }
    for (const [cell, oc] of other.cells) {
      let c = this.cells.get(cell);
      if (!c) this.cells.set(cell, (c = { moving: null, stationary: null }));
      if (oc.moving) (c.moving ??= new Activity()).merge(oc.moving);
      if (oc.stationary) (c.stationary ??= new Activity()).merge(oc.stationary);
    }
    for (const [cell, ohours] of other.heard) {
      let byHour = this.heard.get(cell);
      if (!byHour) this.heard.set(cell, (byHour = new Map()));
      for (const [h, ob] of ohours) mergeBucket(byHour, h, ob);
    }
    for (const [h, ob] of other.hourData) mergeBucket(this.hourData, h, ob);
    this.water = null;
    return this;
  }

  /** Cells with moving or stationary traffic. */
  get size(): number {
    return this.cells.size;
  }

  /** Counters of the cell containing (lat, lon), for inspection. */
  cellAt(lat: number, lon: number): { cell: string; movingVessels: number; movingHours: number; stationaryVessels: number; stationaryHours: number } {
    const cell = latLngToCell(lat, lon, this.res);
    const c = this.cells.get(cell);
    return {
      cell,
      movingVessels: c?.moving?.vessels.count() ?? 0,
      movingHours: c?.moving?.vesselHours.count() ?? 0,
      stationaryVessels: c?.stationary?.vessels.count() ?? 0,
      stationaryHours: c?.stationary?.vesselHours.count() ?? 0,
    };
  }

  // ---- water evidence ----

  private compileWater(): Set<string> {
    const min = this.minWaterVessels, ring = this.waterRing;
    const water = new Set<string>();
    if (ring === 0) {
      for (const [cell, c] of this.cells) if (c.moving && c.moving.vessels.count() >= min) water.add(cell);
    } else {
      // the union of distinct vessels over each cell's k-ring; cells strong on their own mark their whole ring
      const acc = new Map<string, Distinct>();
      for (const [cell, c] of this.cells) {
        if (!c.moving) continue;
        const strong = c.moving.vessels.count() >= min;
        for (const n of gridDisk(cell, ring)) {
          if (water.has(n)) continue;
          if (strong) {
            water.add(n);
            acc.delete(n);
            continue;
          }
          let d = acc.get(n);
          if (!d) acc.set(n, (d = new Distinct()));
          d.merge(c.moving.vessels);
          if (d.count() >= min) {
            water.add(n);
            acc.delete(n);
          }
        }
      }
    }
    // negative prefilter: the 1/32-degree quanta each water cell's bounding box touches
    const quanta = new Set<number>();
    for (const cell of water) {
      let s = 90, n = -90, w = Infinity, e = -Infinity;
      const b = cellToBoundary(cell);
      const wraps = b.some(([, lo]) => lo > 90) && b.some(([, lo]) => lo < -90);
      for (const [la, lo0] of b) {
        const lo = wraps && lo0 < 0 ? lo0 + 360 : lo0;
        if (la < s) s = la;
        if (la > n) n = la;
        if (lo < w) w = lo;
        if (lo > e) e = lo;
      }
      const eps = 1e-6;
      const y0 = Math.max(0, Math.floor((s - eps + 90) * Q)), y1 = Math.min(180 * Q - 1, Math.floor((n + eps + 90) * Q));
      const x0 = Math.floor((w - eps + 180) * Q), x1 = Math.floor((e + eps + 180) * Q);
      for (let y = y0; y <= y1; y++) for (let x = x0; x <= x1; x++) quanta.add(y * QX + (((x % QX) + QX) % QX));
    }
    this.waterQuanta = quanta;
    this.water = water;
    return water;
  }

  /**
   * Navigable-water evidence: the res cell of (lat, lon) (with `water.ring`, its k-ring) was
   * crossed by >= `water.minVessels` distinct vessels moving at 1-30 kn. True whatever the land
   * mask says; false means "no evidence", not "land". The first call after new data compiles a
   * set of water cells (~1-5 us a cell); queries then cost one H3 lookup where water cells lie
   * nearby and a hash probe elsewhere.
   */
  isWater(lat: number, lon: number): boolean {
    const water = this.water ?? this.compileWater();
    if (!(Math.abs(lat) <= 90) || !(Math.abs(lon) <= 180)) return false;
    if (!this.waterQuanta!.has(quantum(lat, lon))) return false;
    return water.has(latLngToCell(lat, lon, this.res));
  }

  /** The cells isWater accepts (compiled), for export and review. */
  waterCells(): ReadonlySet<string> {
    return this.water ?? this.compileWater();
  }

  // ---- coverage ----

  /**
   * Reception around (lat, lon) during [fromMs, toMs]: over the coarse cell of the point and its
   * `ring` neighbours and each UTC hour the interval touches, whether any vessel (other than
   * `excludeMmsi`) was heard, and how many. A gap detector judges "reception was good" from
   * `fraction` and `vesselsPerHour`, and refuses hours the layer holds no data for
   * (`hoursWithData < hours`, or dataCoverage).
   */
  coverage(lat: number, lon: number, fromMs: number, toMs: number, opts: CoverageOptions = {}): Coverage {
    const ring = opts.ring ?? 1;
    const cells = Math.abs(lat) <= 90 && Math.abs(lon) <= 180 ? gridDisk(latLngToCell(lat, lon, this.coverageRes), ring) : [];
    const maps = cells.map((c) => this.heard.get(c)).filter((m): m is Map<number, HeardBucket> => m !== undefined);
    const [h0, h1] = hourRange(fromMs, toMs);
    let hours = 0, hoursWithData = 0, hoursHeard = 0, vessels = 0;
    const ex = opts.excludeMmsi;
    for (let h = h0; h <= h1; h++) {
      hours++;
      if (this.hourData.has(h)) hoursWithData++;
      let u: Distinct | null = null, cloned = false;
      for (const m of maps) {
        const b = m.get(h);
        if (!b) continue;
        if (u === null) u = b.vessels;
        else {
          if (!cloned) {
            u = u.clone();
            cloned = true;
          }
          u.merge(b.vessels);
        }
      }
      if (u === null) continue;
      const n = u.count() - (ex !== undefined && u.has(ex) === true ? 1 : 0);
      if (n > 0) {
        hoursHeard++;
        vessels += n;
      }
    }
    return { hours, hoursWithData, hoursHeard, fraction: hours > 0 ? hoursHeard / hours : 0, vesselsPerHour: hours > 0 ? vessels / hours : 0, cells };
  }

  /** Layer-wide: which hours of [fromMs, toMs] hold any position at all (any transmitter, anywhere). */
  dataCoverage(fromMs: number, toMs: number): DataCoverage {
    const [h0, h1] = hourRange(fromMs, toMs);
    let hours = 0, hoursWithData = 0;
    const missing: DataCoverage['missing'] = [];
    for (let h = h0; h <= h1; h++) {
      hours++;
      if (this.hourData.has(h)) {
        hoursWithData++;
        continue;
      }
      const last = missing[missing.length - 1];
      if (last && last.toMs === h * HOUR_MS) last.toMs += HOUR_MS;
      else missing.push({ fromMs: h * HOUR_MS, toMs: (h + 1) * HOUR_MS });
    }
    return { hours, hoursWithData, fraction: hours > 0 ? hoursWithData / hours : 0, missing };
  }

  /** True when every UTC hour [fromMs, toMs] touches holds some data: a gap over it is a vessel's silence, not the store's. */
  hasDataThroughout(fromMs: number, toMs: number): boolean {
    const [h0, h1] = hourRange(fromMs, toMs);
    for (let h = h0; h <= h1; h++) if (!this.hourData.has(h)) return false;
    return h1 >= h0;
  }

  /** Hours holding any data, layer-wide (the span anchorage thresholds scale with). */
  get dataHours(): number {
    return this.hourData.size;
  }

  // ---- anchorages ----

  /** Stop clusters near known ports and within 12 nm of the coast (traffic-anchorages.ts). */
  learnedAnchorages(opts: LearnedAnchorageOptions = {}): LearnedAnchorage[] {
    const stops: StopCell[] = [];
    for (const [cell, c] of this.cells) {
      const s = c.stationary;
      if (s) stops.push({ cell, vessels: s.vessels, vesselHours: s.vesselHours, positions: s.positions, firstMs: s.firstMs, lastMs: s.lastMs });
    }
    return learnAnchorages(stops, this.hourData.size, opts);
  }

  // ---- export ----

  /** Learned anchorages as points (and optionally water cells and anchorage cells as polygons), for QGIS. */
  toGeoJSON(opts: TrafficGeoJsonOptions = {}): FeatureCollection {
    const features: Feature<Geometry>[] = [];
    for (const a of this.learnedAnchorages(opts.anchorages)) {
      const props = {
        kind: 'learned_anchorage',
        port: a.label,
        iso3: a.iso3,
        portDistanceM: Math.round(a.portDistanceM),
        shoreDistanceM: Math.round(a.shoreDistanceM),
        distinctVessels: a.distinctVessels,
        hours: a.hours,
        positions: a.positions,
        cells: a.cells.length,
        first: new Date(a.firstMs).toISOString(),
        last: new Date(a.lastMs).toISOString(),
      };
      features.push({ type: 'Feature', geometry: { type: 'Point', coordinates: [round6(a.lon), round6(a.lat)] }, properties: props });
      if (opts.anchorageCells) {
        for (const cell of a.cells) features.push(cellFeature(cell, { kind: 'anchorage_cell', port: a.label, cell, stationaryVessels: this.cells.get(cell)?.stationary?.vessels.count() ?? 0 }));
      }
    }
    if (opts.water ?? true) {
      for (const cell of [...this.waterCells()].sort()) {
        const m = this.cells.get(cell)?.moving;
        features.push(cellFeature(cell, { kind: 'water', cell, movingVessels: m?.vessels.count() ?? 0, movingHours: m?.vesselHours.count() ?? 0 }));
      }
    }
    return { type: 'FeatureCollection', features };
  }

  // ---- serialization ----

  toRows(): TrafficRows {
    const cells: TrafficCellRow[] = [];
    for (const [cell, c] of this.cells) {
      const m = c.moving, s = c.stationary;
      cells.push({
        cell,
        movingVessels: m?.vessels.count() ?? 0,
        movingHours: m?.vesselHours.count() ?? 0,
        movingPositions: m?.positions ?? 0,
        movingFirstMs: m ? m.firstMs : null,
        movingLastMs: m ? m.lastMs : null,
        movingVesselSketch: m?.vessels.encode() ?? 'e:',
        movingHourSketch: m?.vesselHours.encode() ?? 'e:',
        stationaryVessels: s?.vessels.count() ?? 0,
        stationaryHours: s?.vesselHours.count() ?? 0,
        stationaryPositions: s?.positions ?? 0,
        stationaryFirstMs: s ? s.firstMs : null,
        stationaryLastMs: s ? s.lastMs : null,
        stationaryVesselSketch: s?.vessels.encode() ?? 'e:',
        stationaryHourSketch: s?.vesselHours.encode() ?? 'e:',
      });
    }
    const coverage: TrafficCoverageRow[] = [];
    for (const [cell, byHour] of this.heard) {
      for (const [hour, b] of byHour) coverage.push({ cell, hour, vessels: b.vessels.count(), positions: b.positions, vesselSketch: b.vessels.encode() });
    }
    const hours: TrafficHourRow[] = [];
    for (const [hour, b] of this.hourData) hours.push({ hour, vessels: b.vessels.count(), positions: b.positions, vesselSketch: b.vessels.encode() });
    return { version: 1, params: this.params, cells, coverage, hours };
  }

  /** Rebuilds a layer from toRows() output; counts are recomputed from the sketches. Water options are query-time, so given here. */
  static fromRows(rows: TrafficRows, water?: WaterOptions): TrafficLayer {
    if (rows.version !== 1) throw new SourceError('bad_traffic_rows', `traffic rows version ${String(rows.version)} is not 1`);
    const layer = new TrafficLayer({ ...rows.params, water });
    for (const r of rows.cells) {
      if (!isValidCell(r.cell) || getResolution(r.cell) !== layer.res) throw new SourceError('bad_traffic_rows', `traffic cell "${r.cell}" is not an H3 res ${layer.res} cell`);
      layer.cells.set(r.cell, {
        moving: r.movingPositions > 0 || r.movingFirstMs !== null ? activityFromRow(r.movingVesselSketch, r.movingHourSketch, r.movingPositions, r.movingFirstMs, r.movingLastMs, r.cell) : null,
        stationary:
          r.stationaryPositions > 0 || r.stationaryFirstMs !== null
            ? activityFromRow(r.stationaryVesselSketch, r.stationaryHourSketch, r.stationaryPositions, r.stationaryFirstMs, r.stationaryLastMs, r.cell)
            : null,
      });
    }
    for (const r of rows.coverage) {
      if (!isValidCell(r.cell) || getResolution(r.cell) !== layer.coverageRes) throw new SourceError('bad_traffic_rows', `coverage cell "${r.cell}" is not an H3 res ${layer.coverageRes} cell`);
      let byHour = layer.heard.get(r.cell);
      if (!byHour) layer.heard.set(r.cell, (byHour = new Map()));
      mergeBucket(byHour, r.hour, { vessels: Distinct.decode(r.vesselSketch, r.cell), positions: r.positions });
    }
    for (const r of rows.hours) mergeBucket(layer.hourData, r.hour, { vessels: Distinct.decode(r.vesselSketch, `hour ${r.hour}`), positions: r.positions });
    return layer;
  }
}

function bucket(m: Map<number, HeardBucket>, hour: number): HeardBucket {
  let b = m.get(hour);
  if (!b) m.set(hour, (b = { vessels: new Distinct(), positions: 0 }));
  return b;
}

function mergeBucket(m: Map<number, HeardBucket>, hour: number, o: HeardBucket): void {
  const b = bucket(m, hour);
  b.vessels.merge(o.vessels);
  b.positions += o.positions;
}

function activityFromRow(vs: string, hs: string, positions: number, firstMs: number | null, lastMs: number | null, where: string): Activity {
  const a = new Activity();
  a.vessels = Distinct.decode(vs, where);
  a.vesselHours = Distinct.decode(hs, where);
  a.positions = positions;
  a.firstMs = firstMs ?? Infinity;
  a.lastMs = lastMs ?? -Infinity;
  return a;
}

/** Epoch hours [first, last] an interval touches; an empty range (last < first) for a reversed or non-finite one. */
function hourRange(fromMs: number, toMs: number): [number, number] {
  if (!Number.isFinite(fromMs) || !Number.isFinite(toMs) || toMs < fromMs) return [0, -1];
  const h0 = Math.floor(fromMs / HOUR_MS);
  const h1 = toMs > fromMs ? Math.ceil(toMs / HOUR_MS) - 1 : h0;
  return [h0, Math.max(h0, h1)];
}

function cellFeature(cell: string, properties: Record<string, string | number>): Feature<Geometry> {
  const ring = cellToBoundary(cell, true).map(([lo, la]) => [round6(lo), round6(la)]);
  return { type: 'Feature', geometry: { type: 'Polygon', coordinates: [ring] }, properties };
}

const round6 = (x: number): number => Math.round(x * 1e6) / 1e6;

