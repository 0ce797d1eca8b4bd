/**
 * The offline basemap from the package's own world-atlas files (Natural Earth, public domain),
 * shipped as built assets: 1:110m land for the whole world (the first paint: 55 kB, which the
 * map's worker tiles in a few milliseconds, where 1:50m took over a second), then 1:10m land
 * and coastline clipped to a box around where the map opens (src/clip.ts), which is what an
 * analyst zooms into. The style has only GeoJSON sources and fill, line and circle layers: no tile, glyph,
 * font or sprite URL, so the map needs no server but this one (labels are HTML markers).
 */
import type { Map as MlMap, StyleSpecification } from 'maplibre-gl';
import { feature } from 'topojson-client';
import type { Topology, GeometryCollection } from 'topojson-specification';
import type { FeatureCollection } from 'geojson';
import land10Url from 'world-atlas/land-10m.json?url';
import land110Url from 'world-atlas/land-110m.json?url';
import { BASE } from './colors';
import { clipLand, type Box } from '../../src/geo/clip';

/** Half-size of the detailed box around the opening view, degrees (about 2,100 x 1,800 km at 38 N). */
const DETAIL_HALF: [number, number] = [12, 8];

async function topo(url: string): Promise<FeatureCollection> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`land polygons: ${res.status}`);
  const t = (await res.json()) as Topology<{ land: GeometryCollection }>;
  return feature(t, t.objects.land) as FeatureCollection;
}

/** The whole world at 1:110m: small, so the first paint waits for nothing else. */
export function loadWorld(): Promise<FeatureCollection> {
  return topo(land110Url);
}

/** 1:10m land and coastline clipped to a box around `center`. */
export async function loadDetail(center: [number, number]): Promise<{ fill: FeatureCollection; coast: FeatureCollection; box: Box }> {
  const box: Box = [center[0] - DETAIL_HALF[0], Math.max(-85, center[1] - DETAIL_HALF[1]), center[0] + DETAIL_HALF[0], Math.min(85, center[1] + DETAIL_HALF[1])];
  return { box, ...clipLand(await topo(land10Url), box) };
}

/** The style of the first paint: sea and the 1:110m world (with its coast). */
export function baseStyle(world: FeatureCollection): StyleSpecification {
  return {
    version: 8,
    sources: { world: { type: 'geojson', data: world, tolerance: 0.5 } },
    layers: [
      { id: 'sea', type: 'background', paint: { 'background-color': BASE.sea } },
      { id: 'world', type: 'fill', source: 'world', paint: { 'fill-color': BASE.land, 'fill-antialias': false } },
      { id: 'world-coast', type: 'line', source: 'world', paint: { 'line-color': BASE.coast, 'line-width': 0.6 } },
    ],
  };
}

/**
 * Adds the 1:10m detail below `before` once loaded; from then on the coarse world shows only
 * zoomed out, where the view is wider than the detail box (a few pixels off the 1:10m coast at most).
 */
export async function addDetail(map: MlMap, center: [number, number], before: string): Promise<void> {
  const d = await loadDetail(center);
  map.addSource('land', { type: 'geojson', data: d.fill, tolerance: 0.25, buffer: 8 });
  map.addSource('coast', { type: 'geojson', data: d.coast, tolerance: 0.25, buffer: 8 });
  map.addLayer({ id: 'land', type: 'fill', source: 'land', paint: { 'fill-color': BASE.land, 'fill-antialias': false } }, before);
  map.addLayer({ id: 'coast', type: 'line', source: 'coast', paint: { 'line-color': BASE.coast, 'line-width': ['interpolate', ['linear'], ['zoom'], 4, 0.4, 10, 1.2] } }, before);
  map.setLayerZoomRange('world', 0, 6.5);
  map.setLayerZoomRange('world-coast', 0, 6.5);
}
