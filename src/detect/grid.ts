/**
 * The neighbour grid of the pairwise detectors (encounter, convoy): vessels go into cells
 * `cellM` tall (a degree of latitude is M_PER_DEG_LAT metres), and a vessel is compared only
 * with those of its own and the neighbouring cells, so a tick costs O(vessels), not
 * O(vessels^2). A cell is as many degrees of longitude as of latitude, so it is narrower than
 * cellM away from the equator: `lonSpan` says how many columns either side reach cellM.
 * A neutral module: detectors never import one another.
 */
import { M_PER_DEG_LAT } from '../geo/distance.js';

/** columns per row in a key: far more than a cell grid of the Earth at any cell size used */
export const GRID_ROW = 100_000;

export class NeighbourGrid<T extends { lat: number; lon: number }> {
  readonly cellDeg: number;
  private readonly cells = new Map<number, T[]>();

  constructor(cellM: number) {
    this.cellDeg = cellM / M_PER_DEG_LAT;
  }

  add(v: T): void {
    const key = cellKey(v.lat, v.lon, this.cellDeg);
    const cell = this.cells.get(key);
    if (cell) cell.push(v);
    else this.cells.set(key, [v]);
  }

  /** Calls `f` for every item in the cells around (lat, lon): a superset of those within cellM. */
  forNear(lat: number, lon: number, f: (u: T) => void): void {
    const row = Math.floor(lat / this.cellDeg);
    const col = Math.floor(lon / this.cellDeg);
    const kx = lonSpan(lat);
    for (let dr = -1; dr <= 1; dr++) {
      for (let dc = -kx; dc <= kx; dc++) {
        const cell = this.cells.get((row + dr) * GRID_ROW + col + dc);
        if (cell) for (const u of cell) f(u);
      }
    }
  }
}

/** The key of the cell holding (lat, lon) in a grid of `cellDeg` cells. */
export function cellKey(lat: number, lon: number, cellDeg: number): number {
  return Math.floor(lat / cellDeg) * GRID_ROW + Math.floor(lon / cellDeg);
}

/** Columns either side that reach one cell height east and west at this latitude (capped near the poles). */
export function lonSpan(lat: number): number {
  return Math.min(50, Math.ceil(1 / Math.max(0.02, Math.cos((lat * Math.PI) / 180))));
}
