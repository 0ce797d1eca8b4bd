/**
 * GeoJSON (RFC 7946, opens in QGIS and Kepler.gl): events as points, vessel tracks as lines.
 * Positions are [lon, lat]; no `crs` member (RFC 7946 is WGS 84 only). An event with no
 * place (a sanctions hit) has a null geometry, never a point at 0,0; a track line of a single
 * fix (nothing within the break time either side) is a Point, since a LineString needs two.
 */
import type { Feature, Geometry } from 'geojson';
import { eventHours, type Event } from '../events.js';
import type { TrackSegment } from './tracks.js';
import { segmentProperties } from './tracks.js';

export function eventFeature(e: Event): Feature<Geometry | null> {
  return {
    type: 'Feature',
    id: e.id,
    geometry: e.lat === null || e.lon === null ? null : { type: 'Point', coordinates: [e.lon, e.lat] },
    properties: {
      id: e.id,
      type: e.type,
      start: e.start,
      end: e.end,
      hours: Number(eventHours(e).toFixed(3)),
      mmsi: e.mmsi.join(' '),
      confidence: e.confidence,
      flags: e.flags.join(','),
      rule: JSON.stringify(e.rule),
      evidence: JSON.stringify(e.evidence),
    },
  };
}

/** A FeatureCollection of event points with every event field as a property. */
export function formatGeoJson(events: readonly Event[]): string {
  return JSON.stringify({ type: 'FeatureCollection', features: events.map(eventFeature) });
}

/** The geometry of one track line: a LineString, or a Point for a lone fix. */
export function segmentGeometry(s: TrackSegment): Geometry {
  if (s.t.length === 1) return { type: 'Point', coordinates: [s.lon[0]!, s.lat[0]!] };
  const coordinates: [number, number][] = new Array<[number, number]>(s.t.length);
  for (let i = 0; i < s.t.length; i++) coordinates[i] = [s.lon[i]!, s.lat[i]!];
  return { type: 'LineString', coordinates };
}

/** One track line as a Feature: the vessel's identity at the time, its time span, and each point's epoch ms in `times`. */
export function segmentFeature(s: TrackSegment): Feature<Geometry> {
  return {
    type: 'Feature',
    id: `track:${s.mmsi}:${s.index}`,
    geometry: segmentGeometry(s),
    properties: { ...segmentProperties(s), times: s.t },
  };
}

/**
 * Streams a FeatureCollection one feature a line: the opening, then each feature (a comma
 * before all but the first), then the closing. `line` is the writer's; it returns true when
 * the caller should wait for the output to drain.
 */
export class FeatureCollectionWriter {
  private n = 0;
  constructor(private readonly line: (s: string) => boolean) {}

  open(): boolean {
    return this.line('{"type":"FeatureCollection","features":[');
  }

  feature(f: Feature<Geometry | null>): boolean {
    return this.line(`${this.n++ === 0 ? '' : ','}${JSON.stringify(f)}`);
  }

  close(): boolean {
    return this.line(']}');
  }
}
