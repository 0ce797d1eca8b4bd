/**
 * CSV as spreadsheets and Kepler.gl read it (RFC 4180): a cell with a comma, quote or line
 * break is quoted, quotes doubled. The events table is here; Kepler's files are in kepler.ts.
 */
import { eventHours, type Event } from '../events.js';

export function csvCell(v: string): string {
  return /[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** One CSV line of cells (null and undefined as empty). */
export function csvLine(cells: readonly (string | number | null | undefined)[]): string {
  return cells.map((c) => (c === null || c === undefined ? '' : csvCell(String(c)))).join(',');
}

export const EVENT_CSV_HEAD = ['id', 'type', 'start', 'end', 'hours', 'mmsi', 'lat', 'lon', 'confidence', 'flags', 'rule', 'evidence'];

/** An event as a row of EVENT_CSV_HEAD; a placeless event has empty lat and lon, never 0,0. */
export function eventCsvCells(e: Event): (string | number | null)[] {
  return [e.id, e.type, e.start, e.end, eventHours(e).toFixed(3), e.mmsi.join(' '), e.lat, e.lon, e.confidence, e.flags.join(' '), JSON.stringify(e.rule), JSON.stringify(e.evidence)];
}

export function formatCsv(events: readonly Event[]): string {
  return [EVENT_CSV_HEAD.join(','), ...events.map((e) => csvLine(eventCsvCells(e)))].join('\n');
}
