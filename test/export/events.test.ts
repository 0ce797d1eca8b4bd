import { describe, expect, it } from 'vitest';
import { XMLParser } from 'fast-xml-parser';
import { formatTable, formatJsonl } from '../../src/export/events.js';
import { formatCsv } from '../../src/export/csv.js';
import { formatGeoJson } from '../../src/export/geojson.js';
import { formatKml } from '../../src/export/kml.js';
import { parseVesselId } from '../../src/cli/vessel.js';
import { parseBbox } from '../../src/cli/events.js';
import type { Event } from '../../src/events.js';

const events: Event[] = [
  {
    id: 'encounter:412000001-445123456:2024-03-01T14:00:00Z',
    type: 'encounter',
    start: '2024-03-01T14:00:00Z',
    end: '2024-03-01T18:10:00Z',
    mmsi: [412000001, 445123456],
    lat: 38.21,
    lon: 124.63,
    confidence: 0.92,
    flags: ['night', 'outside_territorial_sea'],
    rule: { name: 'encounter', params: { maxDistanceM: 500, maxSpeedKn: 2, minDurationH: 2 } },
    evidence: { medianDistanceM: 87, note: 'said "alongside", <close> & dark' },
  },
  {
    id: 'gap:445000001:2024-03-02T00:00:00Z',
    type: 'gap',
    start: '2024-03-02T00:00:00Z',
    end: '2024-03-03T06:00:00Z',
    mmsi: [445000001],
    lat: 37.5,
    lon: 123.9,
    confidence: 0.8,
    flags: ['likely_disabling'],
    rule: { name: 'gap', params: { minGapH: 12 } },
    evidence: { impliedSpeedKn: 3.1 },
  },
];

describe('event exports', () => {
  it('table and JSON lines', () => {
    const t = formatTable(events).split('\n');
    expect(t[0]).toMatch(/^type\s+start \(UTC\)\s+duration/);
    expect(t[2]).toContain('4.2 h');
    expect(formatJsonl(events).split('\n').map((l) => JSON.parse(l) as Event)).toEqual(events);
  });

  it('GeoJSON points carry every field, rule and evidence included', () => {
    const g = JSON.parse(formatGeoJson(events)) as { type: string; features: { geometry: { coordinates: number[] }; properties: Record<string, string | number> }[] };
    expect(g.type).toBe('FeatureCollection');
    expect(g.features[0]!.geometry.coordinates).toEqual([124.63, 38.21]);
    expect(g.features[1]!.properties.hours).toBe(30);
    expect(JSON.parse(g.features[0]!.properties.rule as string)).toEqual(events[0]!.rule);
  });

  it('CSV quotes what needs quoting', () => {
    const rows = formatCsv(events).split('\n');
    expect(rows[0]).toBe('id,type,start,end,hours,mmsi,lat,lon,confidence,flags,rule,evidence');
    expect(rows[1]).toContain('"{""medianDistanceM"":87');
    expect(rows).toHaveLength(3);
  });

  it('KML is well-formed XML with escaped text', () => {
    const kml = formatKml(events);
    const doc = new XMLParser().parse(kml) as { kml: { Document: { Placemark: { name: string; Point: { coordinates: string } }[] } } };
    expect(doc.kml.Document.Placemark).toHaveLength(2);
    expect(doc.kml.Document.Placemark[0]!.Point.coordinates).toBe('124.63,38.21,0');
    expect(kml).toContain('&lt;close&gt; &amp; dark');
  });

  it('parses vessel ids and boxes', () => {
    expect(parseVesselId('445123456')).toEqual({ mmsi: 445123456 });
    expect(parseVesselId('IMO 9305609')).toEqual({ imo: 9305609 });
    expect(parseVesselId('9305609')).toEqual({ imo: 9305609 });
    expect(() => parseVesselId('12345')).toThrow(/neither an MMSI/);
    expect(parseBbox('123.5,37,125.5,39')).toEqual([123.5, 37, 125.5, 39]);
    expect(() => parseBbox('1,2,3')).toThrow(/W,S,E,N/);
  });
});
