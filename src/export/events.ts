/**
 * Events out of the store in the formats analysts use: a terminal table, JSON lines, GeoJSON
 * (opens in QGIS), CSV and KML (Google Earth). Every format keeps the rule and its parameters,
 * so an exported event can still be defended.
 */
import type { Event } from '../events.js';

export type EventFormat = 'table' | 'jsonl' | 'geojson' | 'csv' | 'kml';
export const EVENT_FORMATS: readonly EventFormat[] = ['table', 'jsonl', 'geojson', 'csv', 'kml'];

function hours(e: Event): number {
  return (Date.parse(e.end) - Date.parse(e.start)) / 3_600_000;
}

export function formatTable(events: readonly Event[]): string {
  const rows = events.map((e) => [
    e.type,
    e.start.slice(0, 16).replace('T', ' '),
    `${hours(e).toFixed(1)} h`,
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

/**
 * A FeatureCollection of points (the event's position) with every event field as a property;
 * an event with no place (a sanctions hit) has a null geometry, never a point at 0,0.
 */
export function formatGeoJson(events: readonly Event[]): string {
  return JSON.stringify({
    type: 'FeatureCollection',
    features: events.map((e) => ({
      type: 'Feature',
      id: e.id,
      geometry: e.lat === null || e.lon === null ? null : { type: 'Point', coordinates: [e.lon, e.lat] },
      properties: {
        id: e.id,
        type: e.type,
        start: e.start,
        end: e.end,
        hours: Number(hours(e).toFixed(3)),
        mmsi: e.mmsi.join(' '),
        confidence: e.confidence,
        flags: e.flags.join(','),
        rule: JSON.stringify(e.rule),
        evidence: JSON.stringify(e.evidence),
      },
    })),
  });
}

function csvCell(v: string): string {
  return /[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

export function formatCsv(events: readonly Event[]): string {
  const head = ['id', 'type', 'start', 'end', 'hours', 'mmsi', 'lat', 'lon', 'confidence', 'flags', 'rule', 'evidence'];
  const rows = events.map((e) =>
    [e.id, e.type, e.start, e.end, hours(e).toFixed(3), e.mmsi.join(' '), e.lat === null ? '' : String(e.lat), e.lon === null ? '' : String(e.lon), String(e.confidence), e.flags.join(' '), JSON.stringify(e.rule), JSON.stringify(e.evidence)].map(csvCell).join(','),
  );
  return [head.join(','), ...rows].join('\n');
}

function xml(s: string): string {
  return s.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!);
}

export function formatKml(events: readonly Event[]): string {
  const marks = events.map(
    (e) => `  <Placemark>
    <name>${xml(`${e.type} ${e.mmsi.join('-')}`)}</name>
    <TimeSpan><begin>${e.start}</begin><end>${e.end}</end></TimeSpan>
    <description>${xml(`${e.id}\nflags: ${e.flags.join(', ')}\nrule: ${JSON.stringify(e.rule)}\nevidence: ${JSON.stringify(e.evidence)}`)}</description>
    <ExtendedData>${['type', 'start', 'end', 'confidence'].map((k) => `<Data name="${k}"><value>${xml(String(e[k as keyof Event]))}</value></Data>`).join('')}<Data name="mmsi"><value>${e.mmsi.join(' ')}</value></Data></ExtendedData>
${e.lat === null || e.lon === null ? '' : `    <Point><coordinates>${e.lon},${e.lat},0</coordinates></Point>
`}  </Placemark>`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>
<kml xmlns="http://www.opengis.net/kml/2.2">
<Document>
  <name>darkfleet events</name>
${marks.join('\n')}
</Document>
</kml>`;
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
