/**
 * A vessel's track as one GeoJSON Feature for the map: a LineString (or a MultiLineString when
 * the track breaks), simplified with Douglas-Peucker in Web Mercator pixels so it draws the
 * same at the zoom it is asked for, and capped in points when large. Pure functions: the route
 * reads the positions, this shapes them.
 */
import type { Feature, LineString, MultiLineString } from 'geojson';
import { splitAtBreaks } from '../track/breaks.js';
/** Most points a track returns; a larger track is simplified until it fits. */
export const MAX_TRACK_POINTS = 5000;

export interface Fix {
  t: number;
  lat: number;
  lon: number;
}

export interface TrackProperties {
  mmsi: number;
  from: string;
  to: string;
  /** fixes stored in the range */
  positions: number;
  /** points drawn */
  points: number;
  /** Douglas-Peucker tolerance in Web Mercator units where the world is 256 wide (zoom-0 pixels); 0 when nothing was dropped */
  tolerancePx: number;
  zoom: number | null;
  /** epoch ms of every drawn point, one array per line, parallel to the coordinates */
  times: number[][];
  /** fixes with no neighbour within TRACK_BREAK_MS: [lon, lat, epoch ms] */
  lone: [number, number, number][];
}

export type TrackFeature = Feature<LineString | MultiLineString | null, TrackProperties>;

/** Web Mercator at zoom 0: x, y in 0..256. */
function mercX(lon: number): number {
  return ((lon + 180) / 360) * 256;
}
function mercY(lat: number): number {
  const s = Math.sin((Math.max(-85.05, Math.min(85.05, lat)) * Math.PI) / 180);
  return (0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)) * 256;
}

/**
 * Douglas-Peucker importance of each point (zoom-0 pixels): the point survives a
 * simplification with tolerance tol exactly when importance > tol. Ends are Infinity; a
 * point's importance is capped by its parent's, so the thresholds nest as DP's results do.
 */
export function importance(xs: Float64Array, ys: Float64Array): Float64Array {
  const n = xs.length;
  const imp = new Float64Array(n);
  if (n === 0) return imp;
  imp[0] = Infinity;
  imp[n - 1] = Infinity;
  const stack: [number, number, number][] = [[0, n - 1, Infinity]];
  while (stack.length) {
    const [a, b, cap] = stack.pop()!;
    if (b - a < 2) continue;
    const ax = xs[a]!, ay = ys[a]!, dx = xs[b]! - ax, dy = ys[b]! - ay;
    const len2 = dx * dx + dy * dy;
    let best = -1;
    let bestD = -1;
    for (let i = a + 1; i < b; i++) {
      const px = xs[i]! - ax, py = ys[i]! - ay;
      let d2: number;
      if (len2 === 0) d2 = px * px + py * py;
      else {
        const u = Math.max(0, Math.min(1, (px * dx + py * dy) / len2));
        const qx = px - u * dx, qy = py - u * dy;
        d2 = qx * qx + qy * qy;
      }
      if (d2 > bestD) {
        bestD = d2;
        best = i;
      }
    }
    const d = Math.min(Math.sqrt(bestD), cap);
    imp[best] = d;
    stack.push([a, best, d], [best, b, d]);
  }
  return imp;
}

/**
 * The track Feature of time-ordered fixes. With `zoom`, points closer than one pixel at that
 * zoom to the simplified line are dropped; in any case at most `maxPoints` are kept (the most
 * important, by raising the tolerance).
 */
export function trackFeature(mmsi: number, from: number, to: number, fixes: readonly Fix[], zoom?: number, maxPoints = MAX_TRACK_POINTS): TrackFeature {
  const parts = splitAtBreaks(fixes);
  const lines = parts.filter((p) => p.length >= 2);
  const lone = parts.filter((p) => p.length === 1).map((p): [number, number, number] => [p[0]!.lon, p[0]!.lat, p[0]!.t]);
  const imps = lines.map((p) => importance(Float64Array.from(p, (f) => mercX(f.lon)), Float64Array.from(p, (f) => mercY(f.lat))));
  // tolerance in zoom-0 pixels: one pixel at the asked zoom, raised until the cap is met
  let tol = zoom === undefined ? 0 : 1 / 2 ** zoom;
  const total = imps.reduce((s, a) => s + a.length, 0);
  if (total > maxPoints) {
    const all = new Float64Array(total);
    let k = 0;
    for (const a of imps) {
      all.set(a, k);
      k += a.length;
    }
    all.sort();
    // keep the maxPoints most important: the threshold is the next one down
    tol = Math.max(tol, all[total - maxPoints - 1]!);
  }
  const coords: [number, number][][] = [];
  const times: number[][] = [];
  lines.forEach((p, li) => {
    const imp = imps[li]!;
    const c: [number, number][] = [];
    const ts: number[] = [];
    for (let i = 0; i < p.length; i++) {
      if (tol === 0 || imp[i]! > tol) {
        c.push([p[i]!.lon, p[i]!.lat]);
        ts.push(p[i]!.t);
      }
    }
    coords.push(c);
    times.push(ts);
  });
  const points = coords.reduce((s, c) => s + c.length, 0);
  return {
    type: 'Feature',
    id: `track:${mmsi}`,
    geometry: coords.length === 0 ? null : coords.length === 1 ? { type: 'LineString', coordinates: coords[0]! } : { type: 'MultiLineString', coordinates: coords },
    properties: {
      mmsi,
      from: new Date(from).toISOString(),
      to: new Date(to).toISOString(),
      positions: fixes.length,
      points,
      tolerancePx: points < total ? tol : 0,
      zoom: zoom ?? null,
      times,
      lone,
    },
  };
}
