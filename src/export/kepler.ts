/**
 * CSV that Kepler.gl loads as it is (drag the file in): it finds the point columns by their
 * names `lat` and `lon`, and reads ISO 8601 `timestamp` columns as time, so a time-filter
 * playback works without any configuration.
 * - tracks: one row per fix, with `vessel_id` (the MMSI) and `segment_id` (`MMSI-n`, one line
 *   of the track). Any Kepler: Point layer coloured by vessel, played with a time filter on
 *   `timestamp`. kepler.gl 3.1 and later also build the Trip layer (animated paths) from such a
 *   table (Trip layer, column mode "table": id `segment_id`, `lat`, `lon`, `timestamp`); older
 *   versions take trips only as GeoJSON with a time as 4th coordinate, which RFC 7946 advises
 *   against, so the GeoJSON export does not write it.
 * - events: one row per event at its place (`lat`,`lon`), with `timestamp` = its start and
 *   `end_timestamp`; a placeless event (a sanctions hit) has empty lat and lon and Kepler
 *   leaves it off the map.
 */
import { eventHours, type Event } from '../events.js';
import { csvLine } from './csv.js';
import type { TrackSegment } from './tracks.js';

export const KEPLER_TRACK_HEAD = ['vessel_id', 'segment_id', 'timestamp', 'lat', 'lon', 'sog', 'cog', 'name', 'callsign', 'imo', 'flag', 'ship_type'];

/** The rows of one track line (without the header), one per fix. */
export function keplerTrackRows(s: TrackSegment): string[] {
  const id = s.identity;
  const rows: string[] = new Array<string>(s.t.length);
  for (let i = 0; i < s.t.length; i++) {
    rows[i] = csvLine([s.mmsi, `${s.mmsi}-${s.index}`, new Date(s.t[i]!).toISOString(), s.lat[i], s.lon[i], s.sog[i], s.cog[i], id.name, id.callsign, id.imo, id.flag, id.shipType]);
  }
  return rows;
}

export const KEPLER_EVENT_HEAD = ['event_id', 'type', 'timestamp', 'end_timestamp', 'hours', 'lat', 'lon', 'vessel_ids', 'confidence', 'flags'];

export function keplerEventRow(e: Event): string {
  return csvLine([e.id, e.type, e.start, e.end, Number(eventHours(e).toFixed(3)), e.lat, e.lon, e.mmsi.join(' '), e.confidence, e.flags.join(' ')]);
}
