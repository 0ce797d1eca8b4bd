/**
 * The traffic layer's grid (traffic.ts): near-equal-area cells with an integer key computed by a
 * few float operations, no allocation. It replaces H3 (h3-js) on the layer's hot path: the layer
 * is fed every position ingested (10M positions must cost 1-2 s in all), and h3-js costs ~1-10
 * us per latLngToCell (asm.js, a string result); this key costs ~5 ns.
 *
 * Definition, for a cell size `cellM` (metres): the globe is cut into `rows` = ceil(pi R /
 * cellM) rows of equal latitude height 180 / rows degrees (R = 6,371,008.8 m, so a row is at
 * most cellM tall); row r (from the south pole) is cut into cols(r) = max(1, round(360 cos(phi_r)
 * / height)) columns of equal longitude width, phi_r the latitude of the row's middle, so a cell
 * is about cellM x cellM everywhere (within 0.5 / cols(r) in width; only the few rows nearest a
 * pole, where cols(r) is small, are irregular). Columns start at 180W. A cell's key is the
 * number of cells in the rows south of it plus its column: 0 .. size - 1, where size ~ 4 pi R^2 /
 * cellM^2 (2.04e9 at 500 m, 2.0e6 at 16 km); keys are exact integers (and below 2^31, V8's small
 * integers, from ~490 m up).
 *
 * Neighbours are the cells sharing an edge or a corner: two in the row, and in each adjacent row
 * the cells whose longitude span overlaps or touches the cell's (two or three: columns of adjacent
 * rows are offset like bricks), 6-8 in all. `disk(cell, k)` is the cells up to k neighbour steps
 * away (k = 1: 7-9 cells, ~3 cellM across).
 */
import { DarkfleetError } from '../errors.js';
import { EARTH_RADIUS_M } from './distance.js';

const grids = new Map<number, TrafficGrid>();

/**
 * A 32-bit hash of cell (row r, column c) for the layer's open-addressing indexes: the high 28
 * bits mix the 4 x 4 block (r >> 2, c >> 2), the low 4 bits are the cell's place in the block,
 * so the cells of a block share one 16-entry group of the index (see IntIndex in traffic.ts).
 * Columns of adjacent rows nearly line up (their counts differ by < 0.1% at 500 m), so a block
 * is about 4 x 4 cells of the map.
 */
const blockHash = (r: number, c: number): number => (Math.imul(Math.imul(r >> 2, 0x632be5ab) ^ (c >> 2), 0x9e3779b1) & ~15) | ((r & 3) << 2) | (c & 3);

export class TrafficGrid {
  /** nominal cell size, metres (rows are at most this tall) */
  readonly cellM: number;
  readonly rows: number;
  /** number of cells: keys are 0 .. size - 1 */
  readonly size: number;
  /** row height, degrees */
  readonly rowDeg: number;
  /** rows per degree of latitude */
  readonly rowsPerDeg: number;
  /** columns of each row */
  private readonly cols: Float64Array;
  /** columns of each row per degree of longitude */
  private readonly colsPerDeg: Float64Array;
  /** key of each row's first cell; rows + 1 entries (the last is size) */
  private readonly rowStart: Float64Array;
  /** per row [first key, columns per degree, columns]: what cellOf reads, in one cache line */
  private readonly tab: Float64Array;

  /** The grid of a cell size, shared (a 500 m grid's row tables take ~1 ms to build). */
  static of(cellM: number): TrafficGrid {
    let g = grids.get(cellM);
    if (g === undefined) grids.set(cellM, (g = new TrafficGrid(cellM)));
    return g;
  }

  constructor(cellM: number) {
    if (!(cellM >= 50 && cellM <= 1_000_000)) throw new DarkfleetError('traffic_params', `grid cell size must be 50 m to 1000 km, got ${cellM}`);
    this.cellM = cellM;
    this.rows = Math.ceil((Math.PI * EARTH_RADIUS_M) / cellM);
    this.rowDeg = 180 / this.rows;
    this.rowsPerDeg = this.rows / 180;
    this.cols = new Float64Array(this.rows);
    this.colsPerDeg = new Float64Array(this.rows);
    this.rowStart = new Float64Array(this.rows + 1);
    let start = 0;
    for (let r = 0; r < this.rows; r++) {
      const mid = -90 + (r + 0.5) * this.rowDeg;
      const n = Math.max(1, Math.round((360 * Math.cos((mid * Math.PI) / 180)) / this.rowDeg));
      this.cols[r] = n;
      this.colsPerDeg[r] = n / 360;
      this.rowStart[r] = start;
      start += n;
    }
    this.rowStart[this.rows] = start;
    this.size = start;
    this.tab = new Float64Array(3 * this.rows);
    for (let r = 0; r < this.rows; r++) {
      this.tab[3 * r] = this.rowStart[r]!;
      this.tab[3 * r + 1] = this.colsPerDeg[r]!;
      this.tab[3 * r + 2] = this.cols[r]!;
    }
  }

  /** Of the cell the last cellOf returned: its hash (see blockHash), row, column, and the row's columns per degree. */
  hash = 0;
  row = 0;
  col = 0;
  colsPerDegOfRow = 0;

  /** The cell holding (lat, lon); lat in [-90, 90], lon in [-180, 180] (callers check). Sets `hash`. */
  cellOf(lat: number, lon: number): number {
    let r = Math.floor((lat + 90) * this.rowsPerDeg);
    if (r >= this.rows) r = this.rows - 1;
    const tab = this.tab, o = 3 * r;
    const k = tab[o + 1]!;
    let c = Math.floor((lon + 180) * k);
    if (c >= tab[o + 2]!) c = lon < 180 ? tab[o + 2]! - 1 : 0; // rounding just below 180E; 180E is 180W
    this.hash = blockHash(r, c);
    this.row = r;
    this.col = c;
    this.colsPerDegOfRow = k;
    return tab[o]! + c;
  }

  /**
   * The grid as SQL, from the same constants as cellOf, so a database can key its rows by the
   * same cells (src/store/duckdb/traffic.ts). `rows` is the row table (rowTable(): one row per
   * grid row r with its first key `start`, columns per degree `k` and columns `cols`, given as
   * the float64s cellOf reads, so nothing is recomputed in SQL), joined as alias `g` on
   * `g.r = <row>`; `cell` is then the key. lat/lon are SQL DOUBLE expressions in range.
   * Constants are written as DOUBLE casts of JS's shortest round-trip text, so SQL's
   * arithmetic is cellOf's to the last bit (test/geo/traffic-sql.test.ts). `double` names the
   * 64-bit float type in the database's dialect (PostgreSQL: DOUBLE PRECISION).
   */
  sql(lat: string, lon: string, g = 'g', double = 'DOUBLE'): { row: string; cell: string } {
    const d = (x: number): string => `CAST('${String(x)}' AS ${double})`;
    const c = `CAST(floor((${lon} + ${d(180)}) * ${g}.k) AS BIGINT)`;
    return {
      row: `LEAST(CAST(floor((${lat} + ${d(90)}) * ${d(this.rowsPerDeg)}) AS BIGINT), ${this.rows - 1})`,
      cell: `(${g}.start + CASE WHEN ${c} >= ${g}.cols THEN (CASE WHEN ${lon} < ${d(180)} THEN ${g}.cols - 1 ELSE 0 END) ELSE ${c} END)`,
    };
  }

  /** Per row: [first key, columns per degree, columns], the table sql() joins. */
  rowTable(): { start: Float64Array; k: Float64Array; cols: Float64Array } {
    return { start: this.rowStart.slice(0, this.rows), k: this.colsPerDeg.slice(), cols: this.cols.slice() };
  }

  /** The hash cellOf gives `cell`. */
  hashOf(cell: number): number {
    const r = this.rowOf(cell);
    return blockHash(r, cell - this.rowStart[r]!);
  }

  isCell(cell: number): boolean {
    return Number.isSafeInteger(cell) && cell >= 0 && cell < this.size;
  }

  /** Row of a cell (binary search over the rows' first keys). */
  rowOf(cell: number): number {
    let lo = 0, hi = this.rows - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (this.rowStart[mid]! <= cell) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** [south, west, north, east] of a cell, degrees (west >= -180, east <= 180). */
  bounds(cell: number): [number, number, number, number] {
    const r = this.rowOf(cell);
    const c = cell - this.rowStart[r]!;
    const w = 360 / this.cols[r]!;
    const s = -90 + r * this.rowDeg;
    return [s, -180 + c * w, r === this.rows - 1 ? 90 : s + this.rowDeg, c === this.cols[r]! - 1 ? 180 : -180 + (c + 1) * w];
  }

  /** [lat, lon] of the cell's middle. */
  center(cell: number): [number, number] {
    const [s, w, n, e] = this.bounds(cell);
    return [(s + n) / 2, (w + e) / 2];
  }

  /** Closed [lon, lat] ring of the cell (GeoJSON order, counter-clockwise). */
  polygon(cell: number): [number, number][] {
    const [s, w, n, e] = this.bounds(cell);
    return [[w, s], [e, s], [e, n], [w, n], [w, s]];
  }

  /** Cells sharing an edge or a corner with `cell`. */
  neighbours(cell: number): number[] {
    const r = this.rowOf(cell);
    const n = this.cols[r]!;
    const c = cell - this.rowStart[r]!;
    const out: number[] = [];
    const push = (k: number): void => {
      if (k !== cell && !out.includes(k)) out.push(k);
    };
    push(this.rowStart[r]! + ((c + n - 1) % n));
    push(this.rowStart[r]! + ((c + 1) % n));
    const w = -180 + (c * 360) / n, e = -180 + ((c + 1) * 360) / n;
    for (const rr of [r - 1, r + 1]) {
      if (rr < 0 || rr >= this.rows) continue;
      const nn = this.cols[rr]!, k = this.colsPerDeg[rr]!;
      // cells whose span overlaps or touches [w, e]; 1e-9 columns of slack so that aligned corners count on both sides
      const c0 = Math.ceil((w + 180) * k - 1e-9) - 1, c1 = Math.floor((e + 180) * k + 1e-9);
      if (c1 - c0 + 1 >= nn) {
        for (let j = 0; j < nn; j++) push(this.rowStart[rr]! + j);
      } else {
        for (let j = c0; j <= c1; j++) push(this.rowStart[rr]! + (((j % nn) + nn) % nn));
      }
    }
    return out;
  }

  /** `cell` and the cells up to `k` neighbour steps from it (cell first). */
  disk(cell: number, k: number): number[] {
    const out = [cell];
    if (k <= 0) return out;
    const seen = new Set(out);
    let frontier = out.slice();
    for (let step = 0; step < k; step++) {
      const next: number[] = [];
      for (const x of frontier) {
        for (const y of this.neighbours(x)) {
          if (seen.has(y)) continue;
          seen.add(y);
          out.push(y);
          next.push(y);
        }
      }
      frontier = next;
    }
    return out;
  }
}
