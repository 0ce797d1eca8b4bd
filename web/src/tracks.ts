/**
 * Tracks of many vessels on the map and their playback: every track drawn faint, the last hours
 * before the slider's time drawn bright (the trail), and each vessel's position at that time
 * (interpolated between its fixes) as a dot. Recomputed per frame from flat arrays, so a few
 * thousand vessels play smoothly.
 */
import type { Map as MlMap, GeoJSONSource, ExpressionSpecification } from 'maplibre-gl';
import type { FeatureCollection, Feature, LineString, Point } from 'geojson';
import type { TrackCollection } from './api';
import { CATEGORY_COLORS, OTHER, flagColors } from './colors';

/** How much of the past a trail shows. */
export const TRAIL_MS = 3 * 3_600_000;
/** A vessel silent longer than this before the shown time has no dot. */
const HEAD_MAX_AGE_MS = 3_600_000;

interface Part {
  t: Float64Array;
  x: Float64Array;
  y: Float64Array;
}
interface VesselTrack {
  mmsi: number;
  name: string | null;
  flag: string | null;
  category: string;
  parts: Part[];
}

export class TrackLayer {
  private vessels: VesselTrack[] = [];
  flagTable: Record<string, string> = {};
  range: { from: number; to: number } | null = null;

  constructor(private readonly map: MlMap) {
    const empty: FeatureCollection = { type: 'FeatureCollection', features: [] };
    map.addSource('tracks', { type: 'geojson', data: empty, tolerance: 0.5 });
    map.addSource('trails', { type: 'geojson', data: empty, tolerance: 0.3 });
    map.addSource('heads', { type: 'geojson', data: empty });
    map.addLayer({ id: 'tracks', type: 'line', source: 'tracks', layout: { 'line-join': 'round' }, paint: { 'line-color': OTHER, 'line-width': 0.8, 'line-opacity': 0.28 } });
    map.addLayer({ id: 'tracks-selected', type: 'line', source: 'tracks', filter: ['in', ['get', 'mmsi'], ['literal', []]], layout: { 'line-join': 'round', 'line-cap': 'round' }, paint: { 'line-color': '#ffffff', 'line-width': 2.5, 'line-opacity': 0.9 } });
    map.addLayer({ id: 'trails', type: 'line', source: 'trails', layout: { 'line-join': 'round', 'line-cap': 'round' }, paint: { 'line-color': OTHER, 'line-width': 1.8, 'line-opacity': 0.9 } });
    map.addLayer({ id: 'heads', type: 'circle', source: 'heads', paint: { 'circle-color': OTHER, 'circle-radius': ['interpolate', ['linear'], ['zoom'], 6, 2, 11, 4.5], 'circle-stroke-color': '#0b1723', 'circle-stroke-width': 1 } });
  }

  set(data: TrackCollection): void {
    this.vessels = [];
    for (const f of data.features) {
      const g = f.geometry;
      if (!g) continue;
      const lines = g.type === 'LineString' ? [g.coordinates] : g.coordinates;
      const parts = lines.map((c, i) => ({ t: Float64Array.from(f.properties.times[i] ?? []), x: Float64Array.from(c, (p) => p[0]), y: Float64Array.from(c, (p) => p[1]) }));
      this.vessels.push({ mmsi: f.properties.mmsi, name: f.properties.name, flag: f.properties.flag, category: f.properties.category, parts });
    }
    this.range = { from: Date.parse(data.darkfleet.from), to: Date.parse(data.darkfleet.to) };
    this.flagTable = flagColors(this.vessels.map((v) => v.flag));
    const fc: FeatureCollection = { type: 'FeatureCollection', features: data.features.filter((f) => f.geometry).map((f) => ({ type: 'Feature', geometry: f.geometry!, properties: { mmsi: f.properties.mmsi, flag: f.properties.flag ?? '', category: f.properties.category } })) };
    (this.map.getSource('tracks') as GeoJSONSource).setData(fc);
  }

  get count(): number {
    return this.vessels.length;
  }

  colorBy(by: 'flag' | 'category'): Record<string, string> {
    const table = by === 'flag' ? this.flagTable : CATEGORY_COLORS;
    const pairs = Object.entries(table).flat();
    const expr = (pairs.length ? ['match', ['get', by], ...pairs, OTHER] : OTHER) as unknown as ExpressionSpecification;
    for (const id of ['tracks', 'trails']) this.map.setPaintProperty(id, 'line-color', expr);
    this.map.setPaintProperty('heads', 'circle-color', expr);
    return table;
  }

  select(mmsis: number[]): void {
    this.map.setFilter('tracks-selected', ['in', ['get', 'mmsi'], ['literal', mmsis]]);
  }

  /** Trails and dots at time t (epoch ms). */
  showTime(t: number): void {
    const trails: Feature<LineString>[] = [];
    const heads: Feature<Point>[] = [];
    for (const v of this.vessels) {
      const props = { mmsi: v.mmsi, flag: v.flag ?? '', category: v.category, name: v.name ?? '' };
      for (const p of v.parts) {
        const n = p.t.length;
        if (n === 0 || p.t[0]! > t || p.t[n - 1]! < t - TRAIL_MS) continue;
        const lo = lowerBound(p.t, t - TRAIL_MS);
        const hi = lowerBound(p.t, t); // first fix at or after t
        const coords: [number, number][] = [];
        for (let i = lo; i < hi; i++) coords.push([p.x[i]!, p.y[i]!]);
        let head: [number, number] | null = null;
        if (hi < n && hi > 0) {
          const a = hi - 1, f = (t - p.t[a]!) / (p.t[hi]! - p.t[a]!);
          head = [p.x[a]! + f * (p.x[hi]! - p.x[a]!), p.y[a]! + f * (p.y[hi]! - p.y[a]!)];
        } else if (hi < n && p.t[hi] === t) head = [p.x[hi]!, p.y[hi]!];
        else if (hi === n && t - p.t[n - 1]! <= HEAD_MAX_AGE_MS) head = [p.x[n - 1]!, p.y[n - 1]!];
        if (head) coords.push(head);
        if (coords.length >= 2) trails.push({ type: 'Feature', geometry: { type: 'LineString', coordinates: coords }, properties: props });
        if (head) heads.push({ type: 'Feature', geometry: { type: 'Point', coordinates: head }, properties: props });
      }
    }
    (this.map.getSource('trails') as GeoJSONSource).setData({ type: 'FeatureCollection', features: trails });
    (this.map.getSource('heads') as GeoJSONSource).setData({ type: 'FeatureCollection', features: heads });
  }
}

function lowerBound(a: Float64Array, x: number): number {
  let lo = 0, hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
