/**
 * The map's reference geography from GET /api/geography: the 12 nm territorial-sea line, the
 * zones (Nampo port and anchorage, the West Sea Barrage) and the anchorages learned from the
 * store's traffic, with HTML labels (the style has no fonts).
 */
import * as maplibregl from 'maplibre-gl';
import type { Map as MlMap } from 'maplibre-gl';
import type { FeatureCollection, Point } from 'geojson';
import { getJson } from './api';
import { BASE } from './colors';
import { h } from './dom';

export async function addGeography(map: MlMap, before: string): Promise<void> {
  const fc = await getJson<FeatureCollection>('/api/geography');
  map.addSource('geography', { type: 'geojson', data: fc });
  map.addLayer({ id: 'zones-fill', type: 'fill', source: 'geography', filter: ['==', ['get', 'kind'], 'zone'], paint: { 'fill-color': BASE.zone, 'fill-opacity': 0.12 } }, before);
  map.addLayer({ id: 'zones-line', type: 'line', source: 'geography', filter: ['==', ['get', 'kind'], 'zone'], paint: { 'line-color': BASE.zone, 'line-width': 1.2, 'line-opacity': 0.8 } }, before);
  map.addLayer({ id: 'territorial', type: 'line', source: 'geography', filter: ['==', ['get', 'kind'], 'shore_zone'], paint: { 'line-color': BASE.territorial, 'line-width': 1.3, 'line-dasharray': [4, 3], 'line-opacity': 0.85 } }, before);
  map.addLayer({ id: 'anchorages', type: 'circle', source: 'geography', filter: ['==', ['get', 'kind'], 'learned_anchorage'], paint: { 'circle-radius': 7, 'circle-color': 'rgba(0,0,0,0)', 'circle-stroke-color': BASE.anchorage, 'circle-stroke-width': 2 } }, before);
  for (const f of fc.features) {
    const p = f.properties ?? {};
    let at: [number, number] | null = null;
    let text = '';
    let cls = 'label';
    let anchor: 'top' | 'bottom' = 'bottom';
    if (p.kind === 'learned_anchorage' && f.geometry.type === 'Point') {
      at = (f.geometry as Point).coordinates as [number, number];
      text = `learned anchorage · ${String(p.distinctVessels)} vessels`;
      cls += ' label-anchorage';
      anchor = 'top';
    } else if (p.kind === 'zone' && Array.isArray(p.bbox) === false) {
      const lat = typeof p.center_lat === 'number' ? p.center_lat : null;
      const lon = typeof p.center_lon === 'number' ? p.center_lon : null;
      if (lat !== null && lon !== null) at = [lon, lat];
      text = String(p.name);
      cls += ' label-zone';
    }
    if (at) new maplibregl.Marker({ element: h('div', { class: cls }, text), anchor, offset: [0, anchor === 'top' ? 9 : -14] }).setLngLat(at).addTo(map);
  }
}
