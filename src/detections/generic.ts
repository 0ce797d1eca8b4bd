/**
 * The generic detection CSV: `time, lat, lon` plus, when present, `length_m`, `confidence`
 * (0..1, or a percentage), `source` and `scene_id`; every other column is carried through in
 * the row. The layout analysts write by hand from an imagery review, and what Skylight-style
 * exports reduce to. Accepted header names: time | timestamp | datetime | date_time,
 * lat | latitude, lon | lng | longitude, length_m | length, confidence | score, source | sensor,
 * scene_id | scene.
 */
import { clamp01, optColumn, optText, parseDetectionTime, readLatLon, type DetectionLayout } from './layout.js';

const COLUMNS = {
  time: ['time', 'timestamp', 'datetime', 'date_time'],
  lat: ['lat', 'latitude'],
  lon: ['lon', 'lng', 'longitude'],
  length: ['length_m', 'length'],
  confidence: ['confidence', 'score'],
  source: ['source', 'sensor'],
  scene: ['scene_id', 'scene'],
} as const;
type Col = keyof typeof COLUMNS;

export const GENERIC: DetectionLayout<Col> = {
  name: 'generic',
  columns: COLUMNS,
  required: ['time', 'lat', 'lon'],
  fits: () => true,
  read(f, ix) {
    const t = parseDetectionTime(f[ix.time]);
    if (Number.isNaN(t)) return 'bad_time';
    const p = readLatLon(f[ix.lat], f[ix.lon]);
    if (!p) return 'bad_position';
    const lengthM = optColumn(f, ix.length);
    let confidence = optColumn(f, ix.confidence);
    if (lengthM === undefined || confidence === undefined || (lengthM !== null && lengthM < 0) || (confidence !== null && confidence < 0)) return 'bad_number';
    // a percentage (an analyst's 85) read as 0.85
    if (confidence !== null && confidence > 1) confidence = confidence <= 100 ? confidence / 100 : NaN;
    if (Number.isNaN(confidence)) return 'bad_number';
    return {
      t,
      lat: p.lat,
      lon: p.lon,
      lengthM: lengthM === null || lengthM === 0 ? null : lengthM,
      confidence: confidence === null ? null : clamp01(confidence),
      source: optText(f, ix.source) ?? 'detection',
      scene: optText(f, ix.scene),
      flags: [],
    };
  },
};
