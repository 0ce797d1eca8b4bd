/**
 * Independent oracle: the simulator's own land test (same Natural Earth 1:10m data as src/geo, none of its code).
 *
 * Land mask and distance to shore from Natural Earth 1:10m land as shipped in the `world-atlas`
 * npm package, cut to a box around West Korea Bay. Planned legs are checked against it so open-sea
 * tracks stay at sea.
 *
 * Point-in-land is ray casting over edges bucketed by latitude band; distance to shore is a
 * flatbush nearest-edge search in a local equirectangular projection (km), refined with
 * haversine to the nearest point found.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import Flatbush from 'flatbush';
import { feature } from 'topojson-client';
import type { Topology, GeometryObject } from 'topojson-specification';
import type { MultiPolygon, Polygon, Feature, FeatureCollection } from 'geojson';
import { distanceM, type LatLon } from './geodesy.js';

/** lon/lat box the simulator works in: [west, south, east, north] */
const REGION: readonly [number, number, number, number] = [118, 35, 128.5, 41.5];

const LAT0 = 38.5;
const LON0 = 124;
const KX = 111.32 * Math.cos((LAT0 * Math.PI) / 180);
const KY = 110.574;
const BAND = 0.02;

export class LandMask {
  /** edges as flat [lon1, lat1, lon2, lat2] */
  private readonly edges: Float64Array;
  private readonly bands: Int32Array[];
  private readonly index: Flatbush;

  constructor(rings: number[][][]) {
    const [w, s, , n] = REGION;
    const out: number[] = [];
    for (const ring of rings) {
      for (let k = 0; k + 1 < ring.length; k++) {
        const [x1, y1] = ring[k] as [number, number];
        const [x2, y2] = ring[k + 1] as [number, number];
        // edges wholly west of the box never cross an eastward ray from inside it
        if (Math.max(x1, x2) < w || Math.max(y1, y2) < s - 1 || Math.min(y1, y2) > n + 1) continue;
        out.push(x1, y1, x2, y2);
      }
    }
    this.edges = Float64Array.from(out);
    const count = out.length / 4;
    const nb = Math.ceil((n - s) / BAND);
    const lists: number[][] = Array.from({ length: nb }, () => []);
    let inBox = 0;
    for (let i = 0; i < count; i++) {
      const y1 = this.edges[4 * i + 1]!;
      const y2 = this.edges[4 * i + 3]!;
      const b0 = Math.max(0, Math.floor((Math.min(y1, y2) - s) / BAND));
      const b1 = Math.min(nb - 1, Math.floor((Math.max(y1, y2) - s) / BAND));
      for (let b = b0; b <= b1; b++) lists[b]!.push(i);
      if (this.nearBox(i)) inBox++;
    }
    this.bands = lists.map((l) => Int32Array.from(l));
    this.index = new Flatbush(Math.max(1, inBox));
    this.boxIds = new Int32Array(inBox);
    let j = 0;
    for (let i = 0; i < count; i++) {
      if (!this.nearBox(i)) continue;
      const ax = px(this.edges[4 * i]!);
      const ay = py(this.edges[4 * i + 1]!);
      const bx = px(this.edges[4 * i + 2]!);
      const by = py(this.edges[4 * i + 3]!);
      this.index.add(Math.min(ax, bx), Math.min(ay, by), Math.max(ax, bx), Math.max(ay, by));
      this.boxIds[j++] = i;
    }
    if (inBox === 0) this.index.add(0, 0, 0, 0);
    this.index.finish();
  }

  private readonly boxIds: Int32Array;

  private nearBox(i: number): boolean {
    const [w, s, e, n] = REGION;
    const x1 = this.edges[4 * i]!;
    const x2 = this.edges[4 * i + 2]!;
    const y1 = this.edges[4 * i + 1]!;
    const y2 = this.edges[4 * i + 3]!;
    return Math.max(x1, x2) >= w - 2 && Math.min(x1, x2) <= e + 2 && Math.max(y1, y2) >= s - 2 && Math.min(y1, y2) <= n + 2;
  }

  /** true when the point is on land (inside a Natural Earth land polygon) */
  isLand(lat: number, lon: number): boolean {
    const [, s] = REGION;
    const band = this.bands[Math.floor((lat - s) / BAND)];
    if (!band) return false;
    const e = this.edges;
    let inside = false;
    for (let k = 0; k < band.length; k++) {
      const i = 4 * band[k]!;
      const x1 = e[i]!;
      const y1 = e[i + 1]!;
      const x2 = e[i + 2]!;
      const y2 = e[i + 3]!;
      if (y1 > lat !== y2 > lat && lon < ((x2 - x1) * (lat - y1)) / (y2 - y1) + x1) inside = !inside;
    }
    return inside;
  }

  /** metres to the nearest coastline (0 on land) */
  distanceToShoreM(lat: number, lon: number): number {
    if (this.isLand(lat, lon)) return 0;
    return this.distanceToCoastM(lat, lon);
  }

  /** metres to the nearest coastline, at sea or on land (how far inside the mask a point lies) */
  distanceToCoastM(lat: number, lon: number): number {
    const x = px(lon);
    const y = py(lat);
    const first = this.index.neighbors(x, y, 1);
    if (first.length === 0) return Infinity;
    const seed = this.nearest(first[0]!, x, y);
    const ids = this.index.neighbors(x, y, Infinity, seed.d + 1e-9);
    let best = seed;
    for (const id of ids) {
      const c = this.nearest(id, x, y);
      if (c.d < best.d) best = c;
    }
    return distanceM({ lat, lon }, { lat: best.lat, lon: best.lon });
  }

  private nearest(id: number, x: number, y: number): { d: number; lat: number; lon: number } {
    const i = 4 * this.boxIds[id]!;
    const e = this.edges;
    const ax = px(e[i]!);
    const ay = py(e[i + 1]!);
    const bx = px(e[i + 2]!);
    const by = py(e[i + 3]!);
    const dx = bx - ax;
    const dy = by - ay;
    const len2 = dx * dx + dy * dy;
    const f = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / len2));
    const cx = ax + f * dx;
    const cy = ay + f * dy;
    return { d: Math.hypot(x - cx, y - cy), lat: cy / KY + LAT0, lon: cx / KX + LON0 };
  }

  /** every point every `stepM` along a -> b is at sea and at least `marginM` from the shore */
  legAtSea(a: LatLon, b: LatLon, marginM = 500, stepM = 250): boolean {
    const n = Math.max(1, Math.ceil(distanceM(a, b) / stepM));
    for (let k = 0; k <= n; k++) {
      const f = k / n;
      const lat = a.lat + (b.lat - a.lat) * f;
      const lon = a.lon + (b.lon - a.lon) * f;
      if (this.isLand(lat, lon)) return false;
      if (marginM > 0 && this.distanceToShoreM(lat, lon) < marginM) return false;
    }
    return true;
  }
}

function px(lon: number): number {
  return (lon - LON0) * KX;
}
function py(lat: number): number {
  return (lat - LAT0) * KY;
}

let cached: LandMask | null = null;

/** Natural Earth 1:10m land (world-atlas `land-10m.json`), loaded once. */
export function loadLand(): LandMask {
  if (cached) return cached;
  const require = createRequire(import.meta.url);
  const topo = JSON.parse(readFileSync(require.resolve('world-atlas/land-10m.json'), 'utf8')) as Topology;
  const obj = topo.objects.land as GeometryObject;
  const geo = feature(topo, obj) as Feature<Polygon | MultiPolygon> | FeatureCollection<Polygon | MultiPolygon>;
  const feats = geo.type === 'FeatureCollection' ? geo.features : [geo];
  const rings: number[][][] = [];
  const [w, s, e, n] = REGION;
  for (const f of feats) {
    const polys = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
    for (const poly of polys) {
      for (const ring of poly) {
        let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
        for (const p of ring) {
          x0 = Math.min(x0, p[0]!);
          x1 = Math.max(x1, p[0]!);
          y0 = Math.min(y0, p[1]!);
          y1 = Math.max(y1, p[1]!);
        }
        if (x1 < w || x0 > e || y1 < s || y0 > n) continue;
        rings.push(ring as number[][]);
      }
    }
  }
  cached = new LandMask(rings);
  return cached;
}
