/**
 * Global Fishing Watch's Sentinel-1 SAR vessel detections, in both of the layouts GFW publishes:
 *   - the Data Download Portal / Paolo et al. 2024 (Nature) CSV: `scene_id, timestamp, lat, lon,
 *     presence_score, length_m, mmsi, matching_score, fishing_score, matched_category`;
 *   - the BigQuery tables of GFW's technical documentation ("SAR object detections",
 *     globalfishingwatch.github.io/GFW_technical_documentation/SAR-object-detections.html):
 *     `scene_id, detect_id (scene_id;lon;lat), detect_lon, detect_lat, detect_timestamp, ssvid,
 *     presence, length_m ...`.
 * `presence_score` (or `presence`) is the detector's confidence; GFW's own AIS match (`mmsi`,
 * `ssvid`, `matching_score`, `matched_category`) is carried through in the row, not trusted:
 * darkfleet matches against the AIS it holds.
 */
import { clamp01, optColumn, optText, parseDetectionTime, readLatLon, type DetectionLayout } from './layout.js';

const COLUMNS = {
  time: ['detect_timestamp', 'timestamp'],
  lat: ['detect_lat', 'lat'],
  lon: ['detect_lon', 'lon'],
  length: ['length_m'],
  presence: ['presence_score', 'presence'],
  scene: ['scene_id'],
} as const;
type Col = keyof typeof COLUMNS;

/** Columns only GFW's layouts have: one of them tells the layout. */
const TELLS = ['presence_score', 'presence', 'matching_score', 'fishing_score', 'matched_category', 'detect_timestamp'];

export const GFW_SAR: DetectionLayout<Col> = {
  name: 'gfw_sar',
  columns: COLUMNS,
  required: ['time', 'lat', 'lon'],
  fits: (keys) => TELLS.some((k) => keys.has(k)),
  read(f, ix) {
    const t = parseDetectionTime(f[ix.time]);
    if (Number.isNaN(t)) return 'bad_time';
    const p = readLatLon(f[ix.lat], f[ix.lon]);
    if (!p) return 'bad_position';
    const lengthM = optColumn(f, ix.length);
    const presence = optColumn(f, ix.presence);
    if (lengthM === undefined || presence === undefined || (lengthM !== null && lengthM < 0)) return 'bad_number';
    return {
      t,
      lat: p.lat,
      lon: p.lon,
      lengthM: lengthM === null || lengthM === 0 ? null : lengthM,
      confidence: presence === null ? null : clamp01(presence),
      source: 'sar',
      scene: optText(f, ix.scene),
      flags: [],
    };
  },
};
