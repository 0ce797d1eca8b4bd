/**
 * The traffic layer: geography learned from the positions themselves (DESIGN.md, "traffic
 * layer"), because static masks are wrong exactly where ships go: Natural Earth's land covers
 * rivers, canals, harbour basins and berths (the Kiel Canal, the Houston Ship Channel, the
 * Mississippi at New Orleans), and a frozen reception layer cannot say whether the user's own
 * data could have heard a vessel.
 *
 * Per fine cell (traffic-grid.ts: near-equal-area cells of `cellM` = 500 m by default, fine
 * enough to follow a canal, about the S2 level-14 cells GFW's anchorages use) it keeps, for
 * moving (1-30 kn) and stationary (< 0.5 kn) positions of vessel MMSIs, the distinct vessels,
 * distinct vessel-hours, positions and first/last time. Per coarse cell (`coverageCellM` = 16 km
 * by default, ~256 km^2: the scale of a terrestrial receiver's footprint) and hour: the distinct
 * vessels and positions heard. Per hour, layer-wide: whether any data exists at all.
 *
 * Cost: the layer is fed every position ingested (`analyze` of 10M positions has a 30 s budget,
 * of which the layer may take 1-2 s), so `add` must cost ~100-200 ns. Hence a hand-written
 * grid, not H3: h3-js's latLngToCell costs ~1-10 us a call (asm.js, a string result), this
 * grid's key a few float operations and no allocation. The fine cells live in flat typed arrays
 * (one 64-byte stride per cell and activity class, an open-addressing index), holding their
 * first two distinct vessels and vessel-hours inline and spilling to a sketch only when a third
 * comes; each cell and hour bucket remembers the last member added, so the commonest case, the
 * same vessel again in the same cell and hour, only bumps counters. h3-js is used nowhere.
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
import { DarkfleetError, SourceError } from '../errors.js';
import type { Position } from '../records.js';
import { classifyMmsi } from '../ref/mmsi.js';
import { learnAnchorages, type LearnedAnchorage, type LearnedAnchorageOptions, type StopCell } from './traffic-anchorages.js';
import { TrafficGrid } from './traffic-grid.js';
import { Distinct } from './traffic-sketch.js';

export { TERRITORIAL_SEA_M, scaledMinVessels, type AnchorageGeo, type LearnedAnchorage, type LearnedAnchorageOptions } from './traffic-anchorages.js';
export { TrafficGrid } from './traffic-grid.js';

const HOUR_MS = 3_600_000;
/** vessel-hour member = mmsi * 2^23 + epoch hour: exact below 2^53 until the year 2927 */
const HOUR_SPAN = 2 ** 23;

export interface TrafficLayerOptions {
  /** fine (water and stop) cell size, metres (traffic-grid.ts); default 500: a canal or a berth basin is a cell or two wide */
  cellM?: number;
  /** coverage cell size, metres; default 16,000 (~256 km^2, H3 res 5's area): about one shore receiver's reach at sea level */
  coverageCellM?: number;
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
   * also count vessels of the cells up to `ring` neighbour steps away; default 0 (the cell
   * itself). 1 widens each piece of evidence by one cell (~0.5 km by default): for sparse data or
   * noisy GPS, at the cost of calling water the bank next to a narrow canal.
   */
  ring?: number;
}

export interface CoverageOptions {
  /** coarse cells around the point: 0 = its own, 1 (default) = with its ~8 neighbours (~48 km across by default) */
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
  /** the coarse cells consulted (keys of the coverage grid) */
  cells: number[];
}

export interface DataCoverage {
  hours: number;
  hoursWithData: number;
  fraction: number;
  /** runs of hours without any data, [fromMs, toMs) */
  missing: { fromMs: number; toMs: number }[];
}

/** Vessels and positions in one bucket; `lastMmsi` skips re-adding the vessel just added. */
interface HeardBucket {
  vessels: Distinct;
  positions: number;
  lastMmsi: number;
}

/** One coarse cell: its hour buckets, and the last one used (positions come mostly in time order). */
interface CoarseCell {
  hour: number;
  bucket: HeardBucket | null;
  byHour: Map<number, HeardBucket>;
}

/** Rows for a store: one per non-empty fine cell; sketches are text (`e:` exact members, `h:` HyperLogLog). */
export interface TrafficCellRow {
  /** key of the fine grid (TrafficGrid of params.cellM) */
  cell: number;
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
  /** key of the coverage grid (TrafficGrid of params.coverageCellM) */
  cell: number;
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
  version: 2;
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

/** A well-mixed 32-bit hash of an integer below 2^53, for IntIndex. */
const mix = (k: number): number => Math.imul((k >>> 0) ^ Math.imul((k / 4294967296) >>> 0, 0x85ebca6b), 0x9e3779b1);

/**
 * Open-addressing index of integer keys (>= 0, below 2^53) to dense slots 0, 1, 2, ... in
 * insertion order: [key, slot] pairs in one Float64Array, linear probing, load <= 1/2. The
 * caller gives each key's 32-bit hash h: its high bits choose a group of 16 entries (256
 * bytes), its low 4 bits the entry in the group, so a grid can keep a 4 x 4 block of cells in
 * one group (TrafficGrid.cellOf): a vessel's next cell is then mostly in a cache line already
 * touched, where a scattering hash costs a cache miss per new cell.
 */
class IntIndex {
  private tab: Float64Array;
  private mask: number;
  private shift: number;
  /** slot -> key, slot -> hash */
  keys: Float64Array;
  private hs: Int32Array;
  n = 0;
  added = false;

  constructor(capacity = 256) {
    const bits = Math.max(5, Math.ceil(Math.log2(capacity * 2)));
    this.tab = new Float64Array(2 << bits).fill(-1);
    this.mask = (1 << bits) - 1;
    this.shift = 32 - bits;
    this.keys = new Float64Array(capacity);
    this.hs = new Int32Array(capacity);
  }

  private pos(h: number): number {
    return ((h >>> this.shift) & ~15) | (h & 15);
  }

  /** Slot of `key` (hash h), or -1. */
  find(key: number, h: number): number {
    const tab = this.tab;
    for (let i = this.pos(h); ; i = (i + 1) & this.mask) {
      const k = tab[2 * i]!;
      if (k === key) return tab[2 * i + 1]!;
      if (k === -1) return -1;
    }
  }

  /** Slot of `key` (hash h), added (with `added` set) if new. */
  slot(key: number, h: number): number {
    const tab = this.tab;
    let i = this.pos(h);
    for (;;) {
      const k = tab[2 * i]!;
      if (k === key) {
        this.added = false;
        return tab[2 * i + 1]!;
      }
      if (k === -1) break;
      i = (i + 1) & this.mask;
    }
    const s = this.n++;
    if (s >= this.keys.length) {
      const keys = new Float64Array(this.keys.length * 2);
      keys.set(this.keys);
      this.keys = keys;
      const hs = new Int32Array(this.hs.length * 2);
      hs.set(this.hs);
      this.hs = hs;
    }
    this.keys[s] = key;
    this.hs[s] = h;
    tab[2 * i] = key;
    tab[2 * i + 1] = s;
    if (2 * this.n > this.mask) this.grow();
    this.added = true;
    return s;
  }

  private grow(): void {
    const size = (this.mask + 1) * 2;
    const tab = new Float64Array(2 * size).fill(-1);
    this.tab = tab;
    this.mask = size - 1;
    this.shift--;
    for (let s = 0; s < this.n; s++) {
      let i = this.pos(this.hs[s]!);
      while (tab[2 * i] !== -1) i = (i + 1) & this.mask;
      tab[2 * i] = this.keys[s]!;
      tab[2 * i + 1] = s;
    }
  }
}

/** Fields of one activity slot (stride S): counters, the last member, two inline members of each sketch. */
const POS = 0, FIRST = 1, LAST = 2, LAST_MEMBER = 3, V0 = 4, H0 = 6;
const S = 8;

/**
 * One activity class (moving or stationary) of all fine cells: cell key -> slot, and per slot S
 * float64s (64 bytes) plus, for cells with more than two vessels or vessel-hours, spilled
 * sketches. Members are positive integers (vessel MMSIs >= 2e8, vessel-hours above), so 0 marks
 * an empty inline member.
 */
class Activities {
  readonly index = new IntIndex(1024);
  f = new Float64Array(1024 * S);
  vSpill: (Distinct | undefined)[] = [];
  hSpill: (Distinct | undefined)[] = [];

  get n(): number {
    return this.index.n;
  }

  /** slot -> cell key */
  cell(s: number): number {
    return this.index.keys[s]!;
  }

  find(cell: number, h: number): number {
    return this.index.find(cell, h);
  }

  /** Slot of `cell` (hash h, TrafficGrid), created empty if new. */
  slot(cell: number, h: number): number {
    const s = this.index.slot(cell, h);
    if (this.index.added) {
      if ((s + 1) * S > this.f.length) {
        const f = new Float64Array(this.f.length * 2);
        f.set(this.f);
        this.f = f;
      }
      this.f[s * S + FIRST] = Infinity;
      this.f[s * S + LAST] = -Infinity;
    }
    return s;
  }

  /** One position of `mmsi` (vessel-hour `member`) at time t in `cell`; returns the cell's slot. */
  add(cell: number, h: number, mmsi: number, member: number, t: number): number {
    const s = this.slot(cell, h);
    const f = this.f;
    const o = s * S;
    f[o + POS]!++;
    if (t < f[o + FIRST]!) f[o + FIRST] = t;
    if (t > f[o + LAST]!) f[o + LAST] = t;
    if (f[o + LAST_MEMBER] === member) return s; // same vessel and hour as this cell's last position
    f[o + LAST_MEMBER] = member;
    addMember(f, o + V0, this.vSpill, s, mmsi);
    addMember(f, o + H0, this.hSpill, s, member);
    return s;
  }

  /** Another position in slot s of a vessel-hour already counted there. */
  bump(s: number, t: number): void {
    const f = this.f;
    const o = s * S;
    f[o + POS]!++;
    if (t < f[o + FIRST]!) f[o + FIRST] = t;
    if (t > f[o + LAST]!) f[o + LAST] = t;
  }

  vessels(s: number): Distinct {
    return this.vSpill[s] ?? inline(this.f, s * S + V0);
  }

  vesselHours(s: number): Distinct {
    return this.hSpill[s] ?? inline(this.f, s * S + H0);
  }

  vesselCount(s: number): number {
    return this.vSpill[s]?.count() ?? inlineCount(this.f, s * S + V0);
  }

  hourCount(s: number): number {
    return this.hSpill[s]?.count() ?? inlineCount(this.f, s * S + H0);
  }

  positions(s: number): number {
    return this.f[s * S + POS]!;
  }

  firstMs(s: number): number {
    return this.f[s * S + FIRST]!;
  }

  lastMs(s: number): number {
    return this.f[s * S + LAST]!;
  }

  /** Adds a whole activity (from another layer or a row) to `cell`. */
  mergeInto(cell: number, h: number, vessels: Distinct, vesselHours: Distinct, positions: number, firstMs: number, lastMs: number): void {
    const s = this.slot(cell, h);
    const o = s * S;
    const f = this.f;
    f[o + POS]! += positions;
    if (firstMs < f[o + FIRST]!) f[o + FIRST] = firstMs;
    if (lastMs > f[o + LAST]!) f[o + LAST] = lastMs;
    mergeMembers(f, o + V0, this.vSpill, s, vessels);
    mergeMembers(f, o + H0, this.hSpill, s, vesselHours);
  }
}

function addMember(f: Float64Array, o: number, spill: (Distinct | undefined)[], s: number, x: number): void {
  const a = f[o]!;
  if (a === x) return;
  if (a === 0) {
    f[o] = x;
    return;
  }
  const b = f[o + 1]!;
  if (b === x) return;
  if (b === 0) {
    f[o + 1] = x;
    return;
  }
  let d = spill[s];
  if (d === undefined) {
    d = new Distinct();
    d.add(a);
    d.add(b);
    spill[s] = d;
  }
  d.add(x);
}

function mergeMembers(f: Float64Array, o: number, spill: (Distinct | undefined)[], s: number, d: Distinct): void {
  if (d.ids !== null && spill[s] === undefined && d.ids.every((x) => x > 0)) {
    for (const x of d.ids) addMember(f, o, spill, s, x);
    return;
  }
  let sp = spill[s];
  if (sp === undefined) spill[s] = sp = inline(f, o);
  sp.merge(d);
}

function inline(f: Float64Array, o: number): Distinct {
  const d = new Distinct();
  if (f[o]! > 0) d.add(f[o]!);
  if (f[o + 1]! > 0) d.add(f[o + 1]!);
  return d;
}

const inlineCount = (f: Float64Array, o: number): number => (f[o]! > 0 ? 1 : 0) + (f[o + 1]! > 0 ? 1 : 0);

/**
 * Per transmitter (stride VS, 64 bytes): the hour of its last position, whether it is a vessel,
 * the fine cell its last position counted in during that hour (activity class, slot, and the
 * cell's row, column and the row's columns per degree, so that "still in that cell" is two range
 * checks without a grid lookup), and its coarse cell. A position in the same hour and cells as
 * the transmitter's last one only bumps counters: its vessel and vessel-hour are already members.
 */
const V_HOUR = 0, V_IS = 1, V_CLS = 2, V_SLOT = 3, V_ROW = 4, V_K = 5, V_COL = 6, V_COARSE = 7;
const VS = 8;

const vesselVerdict = new Map<number, boolean>();

/**
 * Whether the layer counts a transmitter as a vessel (ships and auxiliary craft; not aircraft,
 * aids to navigation, base stations, SARTs, repeated-digit placeholders). Verdicts are cached
 * (classifyMmsi costs microseconds), shared by all layers and by the store's SQL build.
 */
export function isVesselMmsi(mmsi: number): boolean {
  let v = vesselVerdict.get(mmsi);
  if (v === undefined) {
    const info = classifyMmsi(mmsi);
    v = info.problem !== 'repeated_digits' && (info.pattern === 'ship' || info.pattern === 'auxiliary_craft');
    if (vesselVerdict.size >= 1_000_000) vesselVerdict.clear();
    vesselVerdict.set(mmsi, v);
  }
  return v;
}

export class TrafficLayer {
  readonly cellM: number;
  readonly coverageCellM: number;
  readonly movingMinKn: number;
  readonly movingMaxKn: number;
  readonly stationaryMaxKn: number;
  readonly minWaterVessels: number;
  readonly waterRing: number;
  /** the fine grid (water and stop cells) */
  readonly grid: TrafficGrid;
  /** the coarse grid (coverage cells) */
  readonly coverageGrid: TrafficGrid;

  private readonly moving = new Activities();
  private readonly stationary = new Activities();
  /** coarse cell -> slot of heardCells */
  private readonly heardIndex = new IntIndex(256);
  private readonly heardCells: CoarseCell[] = [];
  /** epoch hour -> any data */
  private readonly hourData = new Map<number, HeardBucket>();
  private lastHour = -1;
  private lastHourBucket: HeardBucket | null = null;
  /** MMSI -> slot of `vs` (VS float64s a transmitter: its last hour, cells and slots) and `vBucket` */
  private readonly vIndex = new IntIndex(1024);
  private vs = new Float64Array(1024 * VS);
  private readonly vBucket: (HeardBucket | undefined)[] = [];

  private water: Set<number> | null = null;

  constructor(opts: TrafficLayerOptions = {}) {
    this.cellM = opts.cellM ?? 500;
    this.coverageCellM = opts.coverageCellM ?? 16_000;
    this.movingMinKn = opts.movingMinKn ?? 1;
    this.movingMaxKn = opts.movingMaxKn ?? 30;
    this.stationaryMaxKn = opts.stationaryMaxKn ?? 0.5;
    this.minWaterVessels = opts.water?.minVessels ?? 3;
    this.waterRing = opts.water?.ring ?? 0;
    for (const [k, v] of [['cellM', this.cellM], ['coverageCellM', this.coverageCellM]] as const) {
      if (!(v >= 50 && v <= 1_000_000)) throw new DarkfleetError('traffic_params', `${k} must be 50 m to 1000 km, got ${v}`);
    }
    if (this.coverageCellM < this.cellM) throw new DarkfleetError('traffic_params', `coverageCellM (${this.coverageCellM}) must not be finer than cellM (${this.cellM})`);
    if (!(this.stationaryMaxKn <= this.movingMinKn && this.movingMinKn <= this.movingMaxKn)) {
      throw new DarkfleetError('traffic_params', 'speed thresholds must satisfy stationaryMaxKn <= movingMinKn <= movingMaxKn');
    }
    this.grid = TrafficGrid.of(this.cellM);
    this.coverageGrid = TrafficGrid.of(this.coverageCellM);
  }

  /** Build options, for a layer of the same shape (merge needs equal ones). */
  get params(): TrafficRows['params'] {
    return {
      cellM: this.cellM,
      coverageCellM: this.coverageCellM,
      movingMinKn: this.movingMinKn,
      movingMaxKn: this.movingMaxKn,
      stationaryMaxKn: this.stationaryMaxKn,
    };
  }

  /**
   * Adds one position (see the contract in the file header); ~100-200 ns. Positions with invalid
   * coordinates, times or MMSIs are ignored; only vessel MMSIs (ships, auxiliary craft: not
   * aircraft, aids to navigation, base stations, SARTs, placeholders) count beyond "data exists".
   */
  add(p: Position): void {
    const lat = p.lat, lon = p.lon, t = p.t, mmsi = p.mmsi;
    if (!(lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180 && t >= 0 && mmsi >= 0)) return;
    const hour = Math.floor(t / HOUR_MS);
    if (hour >= HOUR_SPAN) return;
    this.water = null;
    const v = this.vIndex.slot(mmsi, mix(mmsi));
    let vs = this.vs;
    const o = v * VS;
    if (this.vIndex.added) {
      if (o + VS > vs.length) {
        vs = new Float64Array(vs.length * 2);
        vs.set(this.vs);
        this.vs = vs;
      }
      vs[o + V_HOUR] = -1;
      vs[o + V_IS] = isVesselMmsi(mmsi) ? 1 : 0;
    }
    let any = this.lastHourBucket;
    if (this.lastHour !== hour || any === null) {
      any = bucket(this.hourData, hour);
      this.lastHour = hour;
      this.lastHourBucket = any;
    }
    any.positions++;
    if (vs[o + V_HOUR] !== hour) {
      any.vessels.add(mmsi);
      vs[o + V_HOUR] = hour;
      vs[o + V_CLS] = 0;
      vs[o + V_COARSE] = -1;
    }
    if (vs[o + V_IS] === 0) return;
    const sog = p.sog;
    if (sog !== null) {
      const cls = sog >= this.movingMinKn && sog <= this.movingMaxKn ? 1 : sog >= 0 && sog < this.stationaryMaxKn ? 2 : 0;
      if (cls !== 0) {
        const act = cls === 1 ? this.moving : this.stationary;
        // the same arithmetic as TrafficGrid.cellOf, against the cell of this vessel's last position
        const y = (lat + 90) * this.grid.rowsPerDeg - vs[o + V_ROW]!, x = (lon + 180) * vs[o + V_K]! - vs[o + V_COL]!;
        if (vs[o + V_CLS] === cls && y >= 0 && y < 1 && x >= 0 && x < 1) act.bump(vs[o + V_SLOT]!, t);
        else {
          const g = this.grid;
          const cell = g.cellOf(lat, lon);
          vs[o + V_SLOT] = act.add(cell, g.hash, mmsi, mmsi * HOUR_SPAN + hour, t);
          vs[o + V_CLS] = cls;
          vs[o + V_ROW] = g.row;
          vs[o + V_K] = g.colsPerDegOfRow;
          vs[o + V_COL] = g.col;
        }
      }
    }
    const ck = this.coverageGrid.cellOf(lat, lon);
    if (vs[o + V_COARSE] === ck) this.vBucket[v]!.positions++;
    else {
      const b = this.heardBucket(ck, this.coverageGrid.hash, hour);
      b.positions++;
      if (b.lastMmsi !== mmsi) {
        b.lastMmsi = mmsi;
        b.vessels.add(mmsi);
      }
      this.vBucket[v] = b;
      vs[o + V_COARSE] = ck;
    }
  }

  private heardBucket(cell: number, h: number, hour: number): HeardBucket {
    const s = this.heardIndex.slot(cell, h);
    if (this.heardIndex.added) this.heardCells.push({ hour: -1, bucket: null, byHour: new Map() });
    const cc = this.heardCells[s]!;
    let b = cc.bucket;
    if (cc.hour !== hour || b === null) {
      b = bucket(cc.byHour, hour);
      cc.hour = hour;
      cc.bucket = b;
    }
    return b;
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
    for (const [mine, theirs] of [[this.moving, other.moving], [this.stationary, other.stationary]] as const) {
      for (let s = 0; s < theirs.n; s++) mine.mergeInto(theirs.cell(s), this.grid.hashOf(theirs.cell(s)), theirs.vessels(s), theirs.vesselHours(s), theirs.positions(s), theirs.firstMs(s), theirs.lastMs(s));
    }
    for (let s = 0; s < other.heardIndex.n; s++) {
      for (const [h, ob] of other.heardCells[s]!.byHour) this.mergeHeard(other.heardIndex.keys[s]!, h, ob.vessels, ob.positions);
    }
    for (const [h, ob] of other.hourData) mergeBucket(this.hourData, h, ob.vessels, ob.positions);
    this.water = null;
    return this;
  }

  private mergeHeard(cell: number, hour: number, vessels: Distinct, positions: number): void {
    const b = this.heardBucket(cell, this.coverageGrid.hashOf(cell), hour);
    b.vessels.merge(vessels);
    b.positions += positions;
  }

  /** Cells with moving or stationary traffic. */
  get size(): number {
    let n = this.moving.n;
    for (let s = 0; s < this.stationary.n; s++) if (this.moving.find(this.stationary.cell(s), this.grid.hashOf(this.stationary.cell(s))) < 0) n++;
    return n;
  }

  /** Counters of the cell containing (lat, lon), for inspection. */
  cellAt(lat: number, lon: number): { cell: number; movingVessels: number; movingHours: number; stationaryVessels: number; stationaryHours: number } {
    const cell = this.grid.cellOf(lat, lon), h = this.grid.hash;
    const m = this.moving.find(cell, h), s = this.stationary.find(cell, h);
    return {
      cell,
      movingVessels: m < 0 ? 0 : this.moving.vesselCount(m),
      movingHours: m < 0 ? 0 : this.moving.hourCount(m),
      stationaryVessels: s < 0 ? 0 : this.stationary.vesselCount(s),
      stationaryHours: s < 0 ? 0 : this.stationary.hourCount(s),
    };
  }

  // ---- water evidence ----

  private compileWater(): Set<number> {
    const min = this.minWaterVessels, ring = this.waterRing, mv = this.moving;
    const water = new Set<number>();
    if (ring === 0) {
      for (let s = 0; s < mv.n; s++) if (mv.vesselCount(s) >= min) water.add(mv.cell(s));
    } else {
      // the union of distinct vessels over each cell's disk; cells strong on their own mark their whole disk
      const acc = new Map<number, Distinct>();
      for (let s = 0; s < mv.n; s++) {
        const strong = mv.vesselCount(s) >= min;
        const vessels = strong ? null : mv.vessels(s);
        for (const n of this.grid.disk(mv.cell(s), ring)) {
          if (water.has(n)) continue;
          if (vessels === null) {
            water.add(n);
            acc.delete(n);
            continue;
          }
          let d = acc.get(n);
          if (!d) acc.set(n, (d = new Distinct()));
          d.merge(vessels);
          if (d.count() >= min) {
            water.add(n);
            acc.delete(n);
          }
        }
      }
    }
    this.water = water;
    return water;
  }

  /**
   * Navigable-water evidence: the fine cell of (lat, lon) (with `water.ring`, its disk) was
   * crossed by >= `water.minVessels` distinct vessels moving at 1-30 kn. True whatever the land
   * mask says; false means "no evidence", not "land". The first call after new data compiles a
   * set of water cells; a query then costs one grid key and one set probe.
   */
  isWater(lat: number, lon: number): boolean {
    const water = this.water ?? this.compileWater();
    if (!(lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180)) return false;
    return water.has(this.grid.cellOf(lat, lon));
  }

  /** The fine cells isWater accepts (compiled), for export and review. */
  waterCells(): ReadonlySet<number> {
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
    const cells = lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180 ? this.coverageGrid.disk(this.coverageGrid.cellOf(lat, lon), ring) : [];
    const maps: Map<number, HeardBucket>[] = [];
    for (const c of cells) {
      const s = this.heardIndex.find(c, this.coverageGrid.hashOf(c));
      if (s >= 0) maps.push(this.heardCells[s]!.byHour);
    }
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
    const st = this.stationary;
    const stops: StopCell[] = [];
    for (let s = 0; s < st.n; s++) {
      stops.push({ cell: st.cell(s), vessels: st.vessels(s), vesselHours: st.vesselHours(s), positions: st.positions(s), firstMs: st.firstMs(s), lastMs: st.lastMs(s) });
    }
    return learnAnchorages(stops, this.hourData.size, this.grid, opts);
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
        for (const cell of a.cells) {
          const s = this.stationary.find(cell, this.grid.hashOf(cell));
          features.push(this.cellFeature(cell, { kind: 'anchorage_cell', port: a.label, cell, stationaryVessels: s < 0 ? 0 : this.stationary.vesselCount(s) }));
        }
      }
    }
    if (opts.water ?? true) {
      for (const cell of [...this.waterCells()].sort((x, y) => x - y)) {
        const m = this.moving.find(cell, this.grid.hashOf(cell));
        features.push(this.cellFeature(cell, { kind: 'water', cell, movingVessels: m < 0 ? 0 : this.moving.vesselCount(m), movingHours: m < 0 ? 0 : this.moving.hourCount(m) }));
      }
    }
    return { type: 'FeatureCollection', features };
  }

  private cellFeature(cell: number, properties: Record<string, string | number>): Feature<Geometry> {
    const ring = this.grid.polygon(cell).map(([lo, la]) => [round6(lo), round6(la)]);
    return { type: 'Feature', geometry: { type: 'Polygon', coordinates: [ring] }, properties };
  }

  // ---- serialization ----

  /** One row per non-empty fine cell, per (coarse cell, hour) and per hour. */
  toRows(): TrafficRows {
    const cells: TrafficCellRow[] = [];
    const mv = this.moving, st = this.stationary;
    const row = (cell: number, m: number, s: number): TrafficCellRow => ({
      cell,
      movingVessels: m < 0 ? 0 : mv.vesselCount(m),
      movingHours: m < 0 ? 0 : mv.hourCount(m),
      movingPositions: m < 0 ? 0 : mv.positions(m),
      movingFirstMs: m < 0 ? null : mv.firstMs(m),
      movingLastMs: m < 0 ? null : mv.lastMs(m),
      movingVesselSketch: m < 0 ? 'e:' : mv.vessels(m).encode(),
      movingHourSketch: m < 0 ? 'e:' : mv.vesselHours(m).encode(),
      stationaryVessels: s < 0 ? 0 : st.vesselCount(s),
      stationaryHours: s < 0 ? 0 : st.hourCount(s),
      stationaryPositions: s < 0 ? 0 : st.positions(s),
      stationaryFirstMs: s < 0 ? null : st.firstMs(s),
      stationaryLastMs: s < 0 ? null : st.lastMs(s),
      stationaryVesselSketch: s < 0 ? 'e:' : st.vessels(s).encode(),
      stationaryHourSketch: s < 0 ? 'e:' : st.vesselHours(s).encode(),
    });
    const g = this.grid;
    for (let m = 0; m < mv.n; m++) cells.push(row(mv.cell(m), m, st.find(mv.cell(m), g.hashOf(mv.cell(m)))));
    for (let s = 0; s < st.n; s++) if (mv.find(st.cell(s), g.hashOf(st.cell(s))) < 0) cells.push(row(st.cell(s), -1, s));
    const coverage: TrafficCoverageRow[] = [];
    for (let s = 0; s < this.heardIndex.n; s++) {
      const cell = this.heardIndex.keys[s]!;
      for (const [hour, b] of this.heardCells[s]!.byHour) coverage.push({ cell, hour, vessels: b.vessels.count(), positions: b.positions, vesselSketch: b.vessels.encode() });
    }
    const hours: TrafficHourRow[] = [];
    for (const [hour, b] of this.hourData) hours.push({ hour, vessels: b.vessels.count(), positions: b.positions, vesselSketch: b.vessels.encode() });
    return { version: 2, params: this.params, cells, coverage, hours };
  }

  /** Rebuilds a layer from toRows() output; counts are recomputed from the sketches. Water options are query-time, so given here. */
  static fromRows(rows: TrafficRows, water?: WaterOptions): TrafficLayer {
    if (rows.version !== 2) throw new SourceError('bad_traffic_rows', `traffic rows version ${String(rows.version)} is not 2`);
    const layer = new TrafficLayer({ ...rows.params, water });
    const grid = layer.grid, cgrid = layer.coverageGrid;
    for (const r of rows.cells) {
      if (!grid.isCell(r.cell)) throw new SourceError('bad_traffic_rows', `traffic cell ${String(r.cell)} is not a cell of the ${grid.cellM} m grid`);
      const where = `cell ${r.cell}`;
      if (r.movingPositions > 0 || r.movingFirstMs !== null) {
        layer.moving.mergeInto(r.cell, grid.hashOf(r.cell), Distinct.decode(r.movingVesselSketch, where), Distinct.decode(r.movingHourSketch, where), r.movingPositions, r.movingFirstMs ?? Infinity, r.movingLastMs ?? -Infinity);
      }
      if (r.stationaryPositions > 0 || r.stationaryFirstMs !== null) {
        layer.stationary.mergeInto(
          r.cell,
          grid.hashOf(r.cell),
          Distinct.decode(r.stationaryVesselSketch, where),
          Distinct.decode(r.stationaryHourSketch, where),
          r.stationaryPositions,
          r.stationaryFirstMs ?? Infinity,
          r.stationaryLastMs ?? -Infinity,
        );
      }
    }
    for (const r of rows.coverage) {
      if (!cgrid.isCell(r.cell)) throw new SourceError('bad_traffic_rows', `coverage cell ${String(r.cell)} is not a cell of the ${cgrid.cellM} m grid`);
      layer.mergeHeard(r.cell, r.hour, Distinct.decode(r.vesselSketch, `coverage cell ${r.cell}`), r.positions);
    }
    for (const r of rows.hours) mergeBucket(layer.hourData, r.hour, Distinct.decode(r.vesselSketch, `hour ${r.hour}`), r.positions);
    return layer;
  }
}

function bucket(m: Map<number, HeardBucket>, hour: number): HeardBucket {
  let b = m.get(hour);
  if (!b) m.set(hour, (b = { vessels: new Distinct(), positions: 0, lastMmsi: -1 }));
  return b;
}

function mergeBucket(m: Map<number, HeardBucket>, hour: number, vessels: Distinct, positions: number): void {
  const b = bucket(m, hour);
  b.vessels.merge(vessels);
  b.positions += positions;
}

/** Epoch hours [first, last] an interval touches; an empty range (last < first) for a reversed or non-finite one. */
function hourRange(fromMs: number, toMs: number): [number, number] {
  if (!Number.isFinite(fromMs) || !Number.isFinite(toMs) || toMs < fromMs) return [0, -1];
  const h0 = Math.floor(fromMs / HOUR_MS);
  const h1 = toMs > fromMs ? Math.ceil(toMs / HOUR_MS) - 1 : h0;
  return [h0, Math.max(h0, h1)];
}

const round6 = (x: number): number => Math.round(x * 1e6) / 1e6;
