/**
 * Isolines of a function sampled on a regular lon/lat grid (marching squares with linear
 * interpolation), joined into polylines: how the map draws a line that exists only as a rule,
 * such as the 12 nm territorial sea (distance to the coast = 22 224 m), which src/geo tests
 * point by point and never stores as a polygon.
 */

export interface IsolineGrid {
  /** [west, south, east, north], degrees */
  bbox: readonly [number, number, number, number];
  /** grid step, degrees */
  step: number;
}

type Pt = [number, number];

/** Segment table of marching squares: corner bits (sw 1, se 2, ne 4, nw 8) to edge pairs (0 s, 1 e, 2 n, 3 w). */
const CASES: readonly (readonly [number, number][])[] = [
  [], [[3, 0]], [[0, 1]], [[3, 1]], [[1, 2]], [[3, 2], [0, 1]], [[0, 2]], [[3, 2]],
  [[2, 3]], [[2, 0]], [[2, 1], [0, 3]], [[2, 1]], [[1, 3]], [[1, 0]], [[0, 3]], [],
];

/**
 * Lines where `f(lat, lon)` crosses `level`, as [lon, lat] polylines (closed rings end where
 * they start). `f` is called once per grid node; values above the level count as outside.
 * Coordinates are rounded to 1e-5 degrees (about a metre).
 */
export function isolines(grid: IsolineGrid, f: (lat: number, lon: number) => number, level: number): Pt[][] {
  const [w, s, e, n] = grid.bbox;
  const nx = Math.max(1, Math.round((e - w) / grid.step));
  const ny = Math.max(1, Math.round((n - s) / grid.step));
  const dx = (e - w) / nx, dy = (n - s) / ny;
  const v = new Float64Array((nx + 1) * (ny + 1));
  for (let j = 0; j <= ny; j++) {
    for (let i = 0; i <= nx; i++) {
      const d = f(s + j * dy, w + i * dx) - level;
      // a node exactly on the level counts as just outside: the line then passes by it once, never through it twice
      v[j * (nx + 1) + i] = d === 0 ? Number.MIN_VALUE : d;
    }
  }
  const at = (i: number, j: number): number => v[j * (nx + 1) + i]!;
  const r5 = (x: number): number => Math.round(x * 1e5) / 1e5;
  // where an edge of cell (i, j) crosses the level
  const cross = (i: number, j: number, edge: number): Pt => {
    const [i0, j0, i1, j1] = edge === 0 ? [i, j, i + 1, j] : edge === 1 ? [i + 1, j, i + 1, j + 1] : edge === 2 ? [i, j + 1, i + 1, j + 1] : [i, j, i, j + 1];
    const a = at(i0, j0), b = at(i1, j1);
    const t = a === b ? 0.5 : a / (a - b);
    return [r5(w + (i0 + t * (i1 - i0)) * dx), r5(s + (j0 + t * (j1 - j0)) * dy)];
  };
  const segs: [Pt, Pt][] = [];
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) {
      const c = (at(i, j) <= 0 ? 1 : 0) | (at(i + 1, j) <= 0 ? 2 : 0) | (at(i + 1, j + 1) <= 0 ? 4 : 0) | (at(i, j + 1) <= 0 ? 8 : 0);
      for (const [a, b] of CASES[c]!) {
        const p = cross(i, j, a), q = cross(i, j, b);
        // a segment shorter than the rounding (the line grazing a node) would only fork the join
        if (p[0] !== q[0] || p[1] !== q[1]) segs.push([p, q]);
      }
    }
  }
  return joinSegments(segs);
}

/** Joins segments sharing end points into the fewest polylines (each end point shared by at most two). */
function joinSegments(segs: [Pt, Pt][]): Pt[][] {
  const key = (p: Pt): string => `${p[0]},${p[1]}`;
  const ends = new Map<string, number[]>();
  segs.forEach(([a, b], k) => {
    for (const p of [a, b]) {
      const list = ends.get(key(p));
      if (list) list.push(k);
      else ends.set(key(p), [k]);
    }
  });
  const used = new Uint8Array(segs.length);
  const next = (p: Pt): Pt | null => {
    for (const k of ends.get(key(p)) ?? []) {
      if (used[k]) continue;
      used[k] = 1;
      const [a, b] = segs[k]!;
      return key(a) === key(p) ? b : a;
    }
    return null;
  };
  const lines: Pt[][] = [];
  for (let k = 0; k < segs.length; k++) {
    if (used[k]) continue;
    used[k] = 1;
    const line: Pt[] = [segs[k]![0], segs[k]![1]];
    for (let p = next(line[line.length - 1]!); p; p = next(line[line.length - 1]!)) line.push(p);
    for (let p = next(line[0]!); p; p = next(line[0]!)) line.unshift(p);
    lines.push(line);
  }
  return lines;
}
