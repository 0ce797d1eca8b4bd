/**
 * Land mask, distance to shore and the 12 nm territorial-sea test, from Natural Earth
 * 1:10m land (world-atlas `land-10m.json`, public domain), loaded lazily once.
 *
 * Written by hand because detectors ask these per position, millions of times:
 * - `isOnLand` uses a 0.25° grid. Every cell stores the land/sea state of one
 *   reference point (found by one scanline sweep per grid row at build time) and the
 *   polygon edges that touch it. A query counts edge crossings along an L-shaped path
 *   from the reference point to the query point inside its cell, so it tests only that
 *   cell's few edges (even-odd rule: holes and lakes work) instead of whole polygons.
 * - `distanceToCoastM` walks a flatbush R-tree of coastline segments best-first, nodes
 *   ordered by a spherical lower bound of their distance (flatbush's own `neighbors` is
 *   planar in degrees, wrong away from the equator): exact for the data, and the
 *   `maxSearchM` bound prunes far-offshore queries early.
 *
 * Geometry: world-atlas rings are spherical (merged across the antimeridian; Antarctica
 * encircles the South Pole). Rings are unwrapped in longitude, closed through the pole
 * when they encircle it, and clipped into [-180, 180] for the planar land mask. Coastline
 * segments are split at the antimeridian; the pole and clip edges are not coastline.
 *
 * Limitations (documented, by design of the data): the 1:10m layer omits islands and
 * rocks smaller than its resolution (roughly < 0.5 km), and it draws coasts to ~1 km.
 * Natural Earth "land" also covers lakes (the Great Lakes, Lake Victoria: only the Caspian
 * is water), rivers and canals (Suez, Panama, the Elbe to Hamburg, the Taedong above its
 * mouth): a ship on an inland waterway reads as on land. Rules such as "position on land"
 * should therefore ask for a depth inland (`distanceToCoastM` of a land point) and keep in
 * mind known inland traffic. Ports, narrow estuaries and docks may be land or sea at 1:10m. The territorial
 * sea here is measured from the coastline, not from the legal baselines (straight
 * baselines, low-tide elevations and small islands extend real limits): it is an
 * approximation of UNCLOS art. 3. Checked against NOAA's official U.S. limits
 * (test/geo/territorial-sea.test.ts): on open coasts the 12 nm and 24 nm lines lie at a
 * median 12.2 and 24.2 nm from the 1:10m coast, >= 75% of points within 1.5 nm; around
 * atolls missing at 1:10m (Northwestern Hawaiian Islands) the test fails by design.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import Flatbush from 'flatbush';
import { feature } from 'topojson-client';
import type { Topology, GeometryCollection } from 'topojson-specification';
import type { FeatureCollection, MultiPolygon, Polygon, Position as GeoPos } from 'geojson';
import { EARTH_RADIUS_M, M_PER_NM, haversineM, normalizeLon } from './distance.js';
import { nearestInIndex } from './nearest.js';
import { cachedLandModel } from './land-cache.js';

const D2R = Math.PI / 180;
/** radius of the first, plain box search around a query (most AIS positions are near a coast) */
const NEAR_M = 10_000;
const R2D = 180 / Math.PI;

/** Built land model: planar edges + grid for the mask, coastline segments + index for distances. */
export interface LandModel {
  /** planar polygon edges, stride 4: x1, y1, x2, y2 (lon/lat degrees, within [-180, 180]) */
  edges: Float64Array;
  cellSize: number;
  nx: number;
  ny: number;
  /** CSR offsets into cellEdges, length nx*ny+1 */
  cellStart: Int32Array;
  cellEdges: Int32Array;
  /** land (1) or sea (0) at each cell's reference point */
  cellRef: Uint8Array;
  /** cache: distance from each cell centre to the coast (NaN until first asked; Infinity = none within 500 km) */
  centreDist: Float32Array;
  /** cache: half diagonal of a cell in each grid row, metres (0 until first asked) */
  rowHalfDiagM: Float64Array;
  /** coastline segments, stride 4: lon1, lat1, lon2, lat2 (one side of the antimeridian) */
  coast: Float64Array;
  coastIndex: Flatbush;
}

export interface BuildOptions {
  /** grid cell size in degrees (default 0.25) */
  cellSize?: number;
}

// Reference point offsets inside a cell: near the centre, at odd fractions so that no
// vertex of the data (quantised to 1e-3..1e-5 degree steps) lies on the reference lines.
const REF_FX = 0.5 + 1.2345678e-7;
const REF_FY = 0.5 + 2.3456789e-7;

/**
 * Builds a land model from polygons in lon/lat (GeoJSON order). Rings may cross the
 * antimeridian or encircle a pole (spherical rings, as world-atlas writes them), or be
 * already cut at ±180 (as Natural Earth GeoJSON is).
 */
export function buildLandModel(polygons: GeoPos[][][], opts: BuildOptions = {}): LandModel {
  const cellSize = opts.cellSize ?? 0.25;
  const planar: number[] = [];
  const coast: number[] = [];
  for (const poly of polygons) {
    for (const ring of poly) {
      addRing(ring, planar, coast);
    }
  }
  const edges = Float64Array.from(planar);
  const grid = buildGrid(edges, cellSize);
  const coastArr = Float64Array.from(coast);
  const nCoast = coastArr.length / 4;
  const coastIndex = new Flatbush(Math.max(1, nCoast));
  for (let k = 0; k < nCoast; k++) {
    const x1 = coastArr[4 * k]!, y1 = coastArr[4 * k + 1]!, x2 = coastArr[4 * k + 2]!, y2 = coastArr[4 * k + 3]!;
    coastIndex.add(Math.min(x1, x2), Math.min(y1, y2), Math.max(x1, x2), Math.max(y1, y2));
  }
  if (nCoast === 0) coastIndex.add(1000, 1000, 1000, 1000); // empty model: a dummy far away
  coastIndex.finish();
  const centreDist = new Float32Array(grid.nx * grid.ny).fill(NaN);
  return { edges, ...grid, centreDist, rowHalfDiagM: new Float64Array(grid.ny), coast: coastArr, coastIndex };
}

/** Shortest signed longitude step from a to b, in [-180, 180]. */
function lonStep(a: number, b: number): number {
  let d = b - a;
  if (d > 180) d -= 360;
  else if (d < -180) d += 360;
  return d;
}

function addRing(ring: GeoPos[], planar: number[], coast: number[]): void {
  const n = ring.length;
  if (n < 3) return;
  // unwrap longitudes so consecutive vertices never jump across the antimeridian
  const ux: number[] = new Array<number>(n);
  const uy: number[] = new Array<number>(n);
  ux[0] = ring[0]![0]!;
  uy[0] = ring[0]![1]!;
  for (let i = 1; i < n; i++) {
    ux[i] = ux[i - 1]! + lonStep(ring[i - 1]![0]!, ring[i]![0]!);
    uy[i] = ring[i]![1]!;
  }
  // the ring repeats its first vertex at the end (GeoJSON); tolerate rings that do not
  const closed = ring[n - 1]![0] === ring[0]![0] && ring[n - 1]![1] === ring[0]![1];
  const m0 = closed ? n - 1 : n;
  // unwrapped position of the first vertex when the ring comes back to it
  const endX = closed ? ux[n - 1]! : ux[n - 1]! + lonStep(ring[n - 1]![0]!, ring[0]![0]!);
  // coastline: every real edge, shifted into [-180, 180] and split at the antimeridian
  for (let i = 1; i < m0; i++) addCoastSegment(ux[i - 1]!, uy[i - 1]!, ux[i]!, uy[i]!, coast);
  addCoastSegment(ux[m0 - 1]!, uy[m0 - 1]!, endX, uy[0]!, coast);

  // planar polygon; a ring that winds once around a pole is closed through that pole
  const px: number[] = ux.slice(0, m0);
  const py: number[] = uy.slice(0, m0);
  const net = endX - ux[0]!;
  if (Math.abs(net) > 180) {
    let meanLat = 0;
    for (const y of py) meanLat += y;
    const poleLat = meanLat / py.length < 0 ? -90 : 90;
    px.push(endX, endX, ux[0]!);
    py.push(uy[0]!, poleLat, poleLat);
  }
  let minX = Infinity, maxX = -Infinity;
  for (const x of px) {
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
  }
  for (const shift of [-360, 0, 360]) {
    if (maxX + shift <= -180 || minX + shift >= 180) continue;
    const sx = px.map((x) => x + shift);
    const clipped = clipX(clipX({ x: sx, y: py }, -180, true), 180, false);
    const m = clipped.x.length;
    for (let i = 0; i < m; i++) {
      const j = (i + 1) % m;
      const x1 = clipped.x[i]!, y1 = clipped.y[i]!, x2 = clipped.x[j]!, y2 = clipped.y[j]!;
      if (x1 === x2 && y1 === y2) continue;
      planar.push(x1, y1, x2, y2);
    }
  }
}

function addCoastSegment(x1: number, y1: number, x2: number, y2: number, coast: number[]): void {
  if (x1 === x2 && y1 === y2) return;
  // edges along the antimeridian or a pole are where data already cut at ±180 (Natural Earth
  // GeoJSON) closes its polygons: not coastline
  if (x1 === x2 && Math.abs(normalizeLon(x1)) === 180) return;
  if (y1 === y2 && Math.abs(y1) === 90) return;
  // shift so the first end lies in [-180, 180)
  const s = normalizeLon(x1) - x1;
  x1 += s;
  x2 += s;
  if (x2 > 180 || x2 < -180) {
    const edge = x2 > 180 ? 180 : -180;
    const t = (edge - x1) / (x2 - x1);
    const yc = y1 + t * (y2 - y1);
    coast.push(x1, y1, edge, yc);
    coast.push(-edge, yc, x2 - 2 * edge, y2);
  } else {
    coast.push(x1, y1, x2, y2);
  }
}

/** Sutherland-Hodgman against one vertical half-plane: keep x >= bound (keepAbove) or x <= bound. */
function clipX(poly: { x: number[]; y: number[] }, bound: number, keepAbove: boolean): { x: number[]; y: number[] } {
  const out = { x: [] as number[], y: [] as number[] };
  const n = poly.x.length;
  if (n === 0) return out;
  const inside = (x: number): boolean => (keepAbove ? x >= bound : x <= bound);
  for (let i = 0; i < n; i++) {
    const cx = poly.x[i]!, cy = poly.y[i]!;
    const prev = (i + n - 1) % n;
    const qx = poly.x[prev]!, qy = poly.y[prev]!;
    const cIn = inside(cx), qIn = inside(qx);
    if (cIn !== qIn) {
      const t = (bound - qx) / (cx - qx);
      out.x.push(bound);
      out.y.push(qy + t * (cy - qy));
    }
    if (cIn) {
      out.x.push(cx);
      out.y.push(cy);
    }
  }
  return out;
}

function buildGrid(edges: Float64Array, cellSize: number): Pick<LandModel, 'cellSize' | 'nx' | 'ny' | 'cellStart' | 'cellEdges' | 'cellRef'> {
  const nx = Math.round(360 / cellSize);
  const ny = Math.round(180 / cellSize);
  const nEdges = edges.length / 4;
  const ci = (x: number): number => Math.min(nx - 1, Math.max(0, Math.floor((x + 180) / cellSize)));
  const cj = (y: number): number => Math.min(ny - 1, Math.max(0, Math.floor((y + 90) / cellSize)));
  const counts = new Int32Array(nx * ny + 1);
  const forEachCell = (k: number, fn: (c: number) => void): void => {
    const x1 = edges[4 * k]!, y1 = edges[4 * k + 1]!, x2 = edges[4 * k + 2]!, y2 = edges[4 * k + 3]!;
    const i0 = ci(Math.min(x1, x2)), i1 = ci(Math.max(x1, x2));
    const j0 = cj(Math.min(y1, y2)), j1 = cj(Math.max(y1, y2));
    for (let j = j0; j <= j1; j++) for (let i = i0; i <= i1; i++) fn(j * nx + i);
  };
  for (let k = 0; k < nEdges; k++) forEachCell(k, (c) => counts[c + 1]!++);
  for (let c = 0; c < nx * ny; c++) counts[c + 1]! += counts[c]!;
  const cellStart = counts;
  const fill = cellStart.slice(0, nx * ny);
  const cellEdges = new Int32Array(cellStart[nx * ny]!);
  for (let k = 0; k < nEdges; k++) forEachCell(k, (c) => (cellEdges[fill[c]!++] = k));

  // one scanline per row at the reference latitude: parity of crossings west of each reference point
  const cellRef = new Uint8Array(nx * ny);
  const seen = new Int32Array(nEdges).fill(-1);
  let xs = new Float64Array(1024);
  for (let j = 0; j < ny; j++) {
    const yr = -90 + (j + REF_FY) * cellSize;
    let m = 0;
    const rowStart = cellStart[j * nx]!, rowEnd = cellStart[(j + 1) * nx]!;
    for (let p = rowStart; p < rowEnd; p++) {
      const k = cellEdges[p]!;
      if (seen[k] === j) continue;
      seen[k] = j;
      const x1 = edges[4 * k]!, y1 = edges[4 * k + 1]!, x2 = edges[4 * k + 2]!, y2 = edges[4 * k + 3]!;
      if (y1 > yr !== y2 > yr) {
        if (m === xs.length) {
          const bigger = new Float64Array(xs.length * 2);
          bigger.set(xs);
          xs = bigger;
        }
        xs[m++] = x1 + ((yr - y1) * (x2 - x1)) / (y2 - y1);
      }
    }
    const sorted = xs.subarray(0, m).sort();
    let q = 0;
    for (let i = 0; i < nx; i++) {
      const xr = -180 + (i + REF_FX) * cellSize;
      while (q < m && sorted[q]! < xr) q++;
      cellRef[j * nx + i] = q & 1;
    }
  }
  return { cellSize, nx, ny, cellStart, cellEdges, cellRef };
}

/** Land (true) or sea (false) at (lat, lon) for a given model. */
export function isOnLandIn(model: LandModel, lat: number, lon: number): boolean {
  if (!Number.isFinite(lat) || !Number.isFinite(lon) || lat > 90 || lat < -90) return false;
  const x = normalizeLon(lon);
  const y = lat;
  const { cellSize, nx, ny, edges } = model;
  let i = Math.floor((x + 180) / cellSize);
  let j = Math.floor((y + 90) / cellSize);
  if (i >= nx) i = nx - 1;
  if (j >= ny) j = ny - 1;
  else if (j < 0) j = 0;
  const c = j * nx + i;
  let inside = model.cellRef[c]! === 1;
  const s = model.cellStart[c]!, e = model.cellStart[c + 1]!;
  if (s === e) return inside;
  const xr = -180 + (i + REF_FX) * cellSize;
  const yr = -90 + (j + REF_FY) * cellSize;
  const xlo = xr < x ? xr : x, xhi = xr < x ? x : xr;
  const ylo = yr < y ? yr : y, yhi = yr < y ? y : yr;
  const cellEdges = model.cellEdges;
  for (let p = s; p < e; p++) {
    const k = cellEdges[p]! * 4;
    const x1 = edges[k]!, y1 = edges[k + 1]!, x2 = edges[k + 2]!, y2 = edges[k + 3]!;
    // horizontal leg: y = lat, between the reference longitude and the query longitude
    if (y1 > y !== y2 > y) {
      const xi = x1 + ((y - y1) * (x2 - x1)) / (y2 - y1);
      if (xi > xlo && xi <= xhi) inside = !inside;
    }
    // vertical leg: x = reference longitude, between the reference latitude and the query latitude
    if (x1 > xr !== x2 > xr) {
      const yi = y1 + ((xr - x1) * (y2 - y1)) / (x2 - x1);
      if (yi > ylo && yi <= yhi) inside = !inside;
    }
  }
  return inside;
}

/**
 * Distance in metres from (lat, lon) to the nearest coastline segment of a model, land or
 * sea alike; Infinity when no coastline lies within `maxSearchM`. Spherical (mean
 * radius): within 0.5% of the WGS84 geodesic distance.
 */
export function distanceToCoastIn(model: LandModel, lat: number, lon: number, maxSearchM = Infinity): number {
  if (!Number.isFinite(lat) || !Number.isFinite(lon) || lat > 90 || lat < -90) return NaN;
  const x = normalizeLon(lon);
  const y = lat;
  const [lo, hi] = cellBounds(model, y, x);
  if (lo > maxSearchM) return Infinity;
  return nearestCoastM(model, y, x, Math.min(maxSearchM, hi));
}

/**
 * True when the coastline is within `withinM` metres of (lat, lon). Usually answered from
 * the cell's cached distance bounds without a search.
 */
export function isCoastWithinIn(model: LandModel, lat: number, lon: number, withinM: number): boolean {
  if (!Number.isFinite(lat) || !Number.isFinite(lon) || lat > 90 || lat < -90) return false;
  const x = normalizeLon(lon);
  const y = lat;
  const [lo, hi] = cellBounds(model, y, x);
  if (hi <= withinM) return true;
  if (lo > withinM) return false;
  return nearestCoastM(model, y, x, withinM) <= withinM;
}

/** Beyond this the per-cell cache records only "no coast within" (keeps its fill cheap). */
const CELL_CAP_M = 500_000;
const boundsOut: [number, number] = [0, 0];

/**
 * Lower and upper bounds of the coast distance anywhere in the grid cell of (y, x), from
 * the distance at the cell centre (computed on first use, then cached) plus or minus
 * the cell's half diagonal.
 */
function cellBounds(model: LandModel, y: number, x: number): [number, number] {
  const { cellSize, nx, ny } = model;
  let i = Math.floor((x + 180) / cellSize);
  let j = Math.floor((y + 90) / cellSize);
  if (i >= nx) i = nx - 1;
  if (j >= ny) j = ny - 1;
  const c = j * nx + i;
  let dc = model.centreDist[c]!;
  const yc = -90 + (j + 0.5) * cellSize;
  const xc = -180 + (i + 0.5) * cellSize;
  if (Number.isNaN(dc)) {
    dc = nearestCoastM(model, yc, xc, CELL_CAP_M);
    model.centreDist[c] = dc;
  }
  // the corner nearer the equator is the farthest from the centre; margin for float32 rounding
  let halfDiag = model.rowHalfDiagM[j]!;
  if (halfDiag === 0) {
    const yEq = yc >= 0 ? yc - cellSize / 2 : yc + cellSize / 2;
    halfDiag = haversineM(yc, xc, yEq, xc + cellSize / 2);
    model.rowHalfDiagM[j] = halfDiag;
  }
  // margin: float32 rounding of dc, and the segment metric being a hair above the true minimum
  const half = halfDiag + 1 + dc * 1e-4;
  if (dc === Infinity) {
    boundsOut[0] = CELL_CAP_M - half;
    boundsOut[1] = Infinity;
  } else {
    boundsOut[0] = dc - half;
    boundsOut[1] = dc + half;
  }
  return boundsOut;
}

/** Exact nearest-coast search; Infinity when nothing lies within `maxSearchM`. */
function nearestCoastM(model: LandModel, y: number, x: number, maxSearchM: number): number {
  const cosY = Math.cos(y * D2R);
  const coast = model.coast;
  const index = model.coastIndex;
  let best = Infinity;
  // most queries near a coast end here: one small box search settles them
  const r0 = Math.min(NEAR_M, maxSearchM);
  const dLat = (r0 / EARTH_RADIUS_M) * R2D;
  const dLon = cosY > 0.05 ? (dLat / cosY) * 1.01 : 360; // 1% pad: the cap is a hair wider than dLat/cos
  if (x - dLon >= -180 && x + dLon <= 180) {
    index.search(x - dLon, y - dLat, x + dLon, y + dLat, (k) => {
      const d = pointSegmentM(y, x, cosY, coast, k * 4);
      if (d < best) best = d;
      return false;
    });
    if (best <= r0) return best;
  }
  const bound = Math.min(best, maxSearchM);
  const found = nearestInIndex(index, y, x, bound, (k) => pointSegmentM(y, x, cosY, coast, k * 4));
  if (found.distanceM < best) best = found.distanceM;
  return best <= maxSearchM ? best : Infinity;
}


/**
 * Distance from point P to segment k: the closest point is found in a local
 * equirectangular frame (scaled at the mean latitude), then measured with the haversine.
 */
function pointSegmentM(py: number, px: number, cosP: number, seg: Float64Array, o: number): number {
  const ax0 = seg[o]!, ay = seg[o + 1]!, bx0 = seg[o + 2]!, by = seg[o + 3]!;
  // longitudes relative to P, taking the short way round
  let ax = ax0 - px;
  if (ax > 180) ax -= 360;
  else if (ax < -180) ax += 360;
  const bx = ax + (bx0 - ax0);
  // the frame only picks the closest point (t); segments are ~1 km, so the query latitude scale is enough
  const k = cosP;
  const Ax = ax * k, Ay = ay - py, Bx = bx * k, By = by - py;
  const dx = Bx - Ax, dy = By - Ay;
  const len2 = dx * dx + dy * dy;
  let t = len2 > 0 ? -(Ax * dx + Ay * dy) / len2 : 0;
  if (t < 0) t = 0;
  else if (t > 1) t = 1;
  const qLat = ay + t * (by - ay);
  const qdLon = (ax + t * (bx - ax)) * D2R;
  const dLat = (qLat - py) * D2R;
  const s1 = Math.sin(dLat / 2), s2 = Math.sin(qdLon / 2);
  const h = s1 * s1 + cosP * Math.cos(qLat * D2R) * s2 * s2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

let defaultModel: LandModel | undefined;
let landFc: FeatureCollection | undefined;

/** world-atlas's land-10m.json (Natural Earth 1:10m land as TopoJSON). */
function landFile(): string {
  return createRequire(import.meta.url).resolve('world-atlas/land-10m.json');
}

/** Natural Earth 1:10m land (world-atlas land-10m) as GeoJSON, read once: the model's source, and what maps draw. */
export function landFeatures(): FeatureCollection {
  if (!landFc) {
    const topo = JSON.parse(readFileSync(landFile(), 'utf8')) as Topology<{ land: GeometryCollection }>;
    landFc = feature(topo, topo.objects.land);
  }
  return landFc;
}

/**
 * The Natural Earth 1:10m model (world-atlas land-10m), on first use read from the cache of a
 * previous run (land-cache.ts) or built (1-1.5 s), then kept.
 */
export function landModel(): LandModel {
  defaultModel ??= cachedLandModel([landFile(), fileURLToPath(import.meta.url)], 0.25, () => {
    const polys: GeoPos[][][] = [];
    for (const f of landFeatures().features) {
      const g = f.geometry as Polygon | MultiPolygon;
      if (g.type === 'Polygon') polys.push(g.coordinates);
      else if (g.type === 'MultiPolygon') polys.push(...g.coordinates);
    }
    return buildLandModel(polys, { cellSize: 0.25 });
  });
  return defaultModel;
}

/** True when (lat, lon) falls on Natural Earth 1:10m land. Non-finite input is not land. */
export function isOnLand(lat: number, lon: number): boolean {
  return isOnLandIn(landModel(), lat, lon);
}

/**
 * Distance from (lat, lon) to the nearest 1:10m coastline, metres, for land and sea
 * points alike; Infinity when none lies within `maxSearchM`.
 */
export function distanceToCoastM(lat: number, lon: number, maxSearchM = Infinity): number {
  return distanceToCoastIn(landModel(), lat, lon, maxSearchM);
}

/**
 * Distance from shore in metres as GFW uses it: 0 on land, else the distance to the
 * nearest coastline. Infinity when no coast lies within `maxSearchM` (pass the largest
 * threshold you compare against: the search then stops early far offshore).
 */
export function distanceToShoreM(lat: number, lon: number, maxSearchM = Infinity): number {
  const model = landModel();
  if (isOnLandIn(model, lat, lon)) return 0;
  return distanceToCoastIn(model, lat, lon, maxSearchM);
}

/**
 * True when (lat, lon) is within `nm` nautical miles of the coast or on land: the
 * coastline stands in for the legal baseline (see the file header for the limits).
 * A detector's `outside_territorial_sea` flag is the negation.
 */
export function isWithinTerritorialSea(lat: number, lon: number, nm = 12): boolean {
  return isNearShore(lat, lon, nm * M_PER_NM);
}

/**
 * True on land or when the coast is within `withinM` metres: the fast form of
 * `distanceToShoreM(lat, lon) <= withinM` for threshold rules (gap's 50 nm, 12 nm limit).
 */
export function isNearShore(lat: number, lon: number, withinM: number): boolean {
  const model = landModel();
  return isOnLandIn(model, lat, lon) || isCoastWithinIn(model, lat, lon, withinM);
}
