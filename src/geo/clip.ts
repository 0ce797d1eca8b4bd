/**
 * Clips land polygons to a box: the web map (web/src/basemap.ts) around the area it opens on, the
 * report's static map (src/report/map.ts) to its view, so the detailed (1:10m) land drawn is
 * a region's worth, not the world's (whole-world 1:10m costs seconds before a first paint, and
 * megabytes in a report). Rings are clipped with Sutherland-Hodgman against the box (right for a
 * fill); the coastline is the rings cut as polylines, so the box edges are never drawn as coast.
 */
import type { Feature, FeatureCollection, MultiLineString, MultiPolygon, Polygon, Position } from 'geojson';

export type Box = [number, number, number, number];

function clipRing(ring: Position[], [w, s, e, n]: Box): Position[] {
  type Edge = { inside: (p: Position) => boolean; cut: (a: Position, b: Position) => Position };
  const at = (a: Position, b: Position, t: number): Position => [a[0]! + t * (b[0]! - a[0]!), a[1]! + t * (b[1]! - a[1]!)];
  const edges: Edge[] = [
    { inside: (p) => p[0]! >= w, cut: (a, b) => at(a, b, (w - a[0]!) / (b[0]! - a[0]!)) },
    { inside: (p) => p[0]! <= e, cut: (a, b) => at(a, b, (e - a[0]!) / (b[0]! - a[0]!)) },
    { inside: (p) => p[1]! >= s, cut: (a, b) => at(a, b, (s - a[1]!) / (b[1]! - a[1]!)) },
    { inside: (p) => p[1]! <= n, cut: (a, b) => at(a, b, (n - a[1]!) / (b[1]! - a[1]!)) },
  ];
  let out = ring;
  for (const edge of edges) {
    const input = out;
    out = [];
    for (let i = 0; i < input.length; i++) {
      const cur = input[i]!, prev = input[(i + input.length - 1) % input.length]!;
      const ci = edge.inside(cur), pi = edge.inside(prev);
      if (ci) {
        if (!pi) out.push(edge.cut(prev, cur));
        out.push(cur);
      } else if (pi) out.push(edge.cut(prev, cur));
    }
    if (out.length === 0) return out;
  }
  if (out.length) out.push(out[0]!);
  return out;
}

/** The parts of a ring's outline inside the box (whole segments whose both ends are inside, plus the cut ones). */
function clipOutline(ring: Position[], [w, s, e, n]: Box, lines: Position[][]): void {
  const inside = (p: Position): boolean => p[0]! >= w && p[0]! <= e && p[1]! >= s && p[1]! <= n;
  let cur: Position[] = [];
  for (let i = 0; i < ring.length; i++) {
    const p = ring[i]!;
    if (inside(p)) cur.push(p);
    else {
      // keep the segment into the outside point so the coast reaches the box edge
      if (cur.length) {
        cur.push(p);
        if (cur.length >= 2) lines.push(cur);
      }
      cur = [];
      const next = ring[i + 1];
      if (next && inside(next)) cur.push(p);
    }
  }
  if (cur.length >= 2) lines.push(cur);
}

const overlaps = (ring: Position[], [w, s, e, n]: Box): boolean => {
  let a = Infinity, b = Infinity, c = -Infinity, d = -Infinity;
  for (const p of ring) {
    if (p[0]! < a) a = p[0]!;
    if (p[0]! > c) c = p[0]!;
    if (p[1]! < b) b = p[1]!;
    if (p[1]! > d) d = p[1]!;
  }
  return !(c < w || a > e || d < s || b > n);
};

/** Land fill and coastline inside the box. */
export function clipLand(fc: FeatureCollection, box: Box): { fill: FeatureCollection; coast: FeatureCollection } {
  const polys: Position[][][] = [];
  const coast: Position[][] = [];
  for (const f of fc.features) {
    const g = f.geometry as Polygon | MultiPolygon;
    const list = g.type === 'Polygon' ? [g.coordinates] : g.type === 'MultiPolygon' ? g.coordinates : [];
    for (const poly of list) {
      if (!poly[0] || !overlaps(poly[0], box)) continue;
      const outer = clipRing(poly[0], box);
      if (outer.length < 4) continue;
      polys.push([outer, ...poly.slice(1).map((r) => clipRing(r, box)).filter((r) => r.length >= 4)]);
      for (const r of poly) clipOutline(r, box, coast);
    }
  }
  const fill: Feature<MultiPolygon> = { type: 'Feature', geometry: { type: 'MultiPolygon', coordinates: polys }, properties: {} };
  const line: Feature<MultiLineString> = { type: 'Feature', geometry: { type: 'MultiLineString', coordinates: coast }, properties: {} };
  return { fill: { type: 'FeatureCollection', features: [fill] }, coast: { type: 'FeatureCollection', features: [line] } };
}
