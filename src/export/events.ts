/**
 * Events out of the store in the formats analysts use: a terminal table, JSON lines, GeoJSON
 * (opens in QGIS), CSV and KML (Google Earth). Every format keeps the rule and its parameters,
 * so an exported event can still be defended. Each format has its own module (geojson.ts,
 * csv.ts, kml.ts), shared with `darkfleet export`; this one holds the text formats and the switch.
 */
import { eventHours, type Event } from '../events.js';
import { formatCsv } from './csv.js';
import { formatGeoJson } from './geojson.js';
import { formatKml } from './kml.js';

export type EventFormat = 'table' | 'jsonl' | 'geojson' | 'csv' | 'kml';
export const EVENT_FORMATS: readonly EventFormat[] = ['table', 'jsonl', 'geojson', 'csv', 'kml'];

export function formatTable(events: readonly Event[]): string {
  const rows = events.map((e) => [
    e.type,
    e.start.slice(0, 16).replace('T', ' '),
    `${eventHours(e).toFixed(1)} h`,
    e.mmsi.join(' '),
    e.lat === null || e.lon === null ? '-' : `${e.lat.toFixed(3)} ${e.lon.toFixed(3)}`,
    e.confidence.toFixed(2),
    e.flags.join(','),
  ]);
  const head = ['type', 'start (UTC)', 'duration', 'mmsi', 'lat lon', 'conf', 'flags'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]): string => r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

export function formatJsonl(events: readonly Event[]): string {
  return events.map((e) => JSON.stringify(e)).join('\n');
}

export function formatEvents(events: readonly Event[], format: EventFormat): string {
  switch (format) {
    case 'table':
      return formatTable(events);
    case 'jsonl':
      return formatJsonl(events);
    case 'geojson':
      return formatGeoJson(events);
    case 'csv':
      return formatCsv(events);
    case 'kml':
      return formatKml(events);
  }
}
