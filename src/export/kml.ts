/**
 * KML for Google Earth: events as Placemarks with a TimeSpan, vessel tracks as `gx:Track`
 * (one `when` and one `gx:coord` per fix), so Google Earth's time slider plays them. Tracks are
 * written as they stream: one Folder per vessel, one Placemark per line of its track.
 */
import type { Event } from '../events.js';
import type { TrackSegment } from './tracks.js';
import { segmentProperties } from './tracks.js';

export function xml(s: string): string {
  return s.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!);
}

const KML_OPEN = `<?xml version="1.0" encoding="UTF-8"?>
<kml xmlns="http://www.opengis.net/kml/2.2" xmlns:gx="http://www.google.com/kml/ext/2.2">
<Document>`;
const KML_CLOSE = `</Document>
</kml>`;

function eventPlacemark(e: Event): string {
  return `  <Placemark>
    <name>${xml(`${e.type} ${e.mmsi.join('-')}`)}</name>
    <TimeSpan><begin>${e.start}</begin><end>${e.end}</end></TimeSpan>
    <description>${xml(`${e.id}\nflags: ${e.flags.join(', ')}\nrule: ${JSON.stringify(e.rule)}\nevidence: ${JSON.stringify(e.evidence)}`)}</description>
    <ExtendedData>${['type', 'start', 'end', 'confidence'].map((k) => `<Data name="${k}"><value>${xml(String(e[k as keyof Event]))}</value></Data>`).join('')}<Data name="mmsi"><value>${e.mmsi.join(' ')}</value></Data></ExtendedData>
${e.lat === null || e.lon === null ? '' : `    <Point><coordinates>${e.lon},${e.lat},0</coordinates></Point>
`}  </Placemark>`;
}

/** Events as Placemarks with their TimeSpan; a placeless event (a sanctions hit) has no Point. */
export function formatKml(events: readonly Event[]): string {
  return `${KML_OPEN}
  <name>darkfleet events</name>
${events.map(eventPlacemark).join('\n')}
${KML_CLOSE}`;
}

function extendedData(props: Record<string, string | number | null>): string {
  const cells = Object.entries(props)
    .filter(([, v]) => v !== null)
    .map(([k, v]) => `<Data name="${k}"><value>${xml(String(v))}</value></Data>`);
  return `<ExtendedData>${cells.join('')}</ExtendedData>`;
}

/**
 * Streams tracks as KML: `open()`, then `segment()` for each line in vessel order, then
 * `close()`. Each method returns what `line` returned (true: wait for the output to drain).
 */
export class KmlTrackWriter {
  private mmsi: number | null = null;
  constructor(private readonly line: (s: string) => boolean) {}

  open(): boolean {
    return this.line(`${KML_OPEN}
  <name>darkfleet tracks</name>
  <Style id="track"><LineStyle><color>ff00aaff</color><width>2</width></LineStyle><IconStyle><scale>0.5</scale></IconStyle></Style>`);
  }

  segment(s: TrackSegment): boolean {
    const parts: string[] = [];
    if (s.mmsi !== this.mmsi) {
      if (this.mmsi !== null) parts.push('  </Folder>');
      const label = s.identity.name ? `${s.identity.name} (${s.mmsi})` : String(s.mmsi);
      parts.push(`  <Folder>\n    <name>${xml(label)}</name>`);
      this.mmsi = s.mmsi;
    }
    const props = segmentProperties(s);
    const when: string[] = [];
    const coord: string[] = [];
    for (let i = 0; i < s.t.length; i++) {
      when.push(`<when>${new Date(s.t[i]!).toISOString()}</when>`);
      coord.push(`<gx:coord>${s.lon[i]} ${s.lat[i]} 0</gx:coord>`);
    }
    parts.push(`    <Placemark>
      <name>${xml(`${s.identity.name ?? s.mmsi} ${props.start} – ${props.end}`)}</name>
      <styleUrl>#track</styleUrl>
      ${extendedData(props)}
      <gx:Track>
        ${when.join('')}
        ${coord.join('')}
      </gx:Track>
    </Placemark>`);
    return this.line(parts.join('\n'));
  }

  close(): boolean {
    return this.line(`${this.mmsi !== null ? '  </Folder>\n' : ''}${KML_CLOSE}`);
  }
}
