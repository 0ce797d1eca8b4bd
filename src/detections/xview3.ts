/**
 * The xView3 dark-vessel challenge layout (DIUx-xView/xview3-reference; iuu.xview.us): labels
 * and predictions with `detect_lat, detect_lon, detect_scene_row, detect_scene_column,
 * scene_id, is_vessel, is_fishing, vessel_length_m`, labels also `detect_id, source
 * (ais | manual | ais/manual), confidence (HIGH | MEDIUM | LOW), distance_from_shore_km` and
 * predictions a numeric `score`.
 *
 * xView3 rows carry no time: it is read from a `timestamp` / `detect_timestamp` column when the
 * file has one, else from the scene id when it is a Sentinel-1 product name
 * (`S1A_IW_GRDH_1SDV_20200803T075720_...`: the acquisition start). A row with neither is
 * rejected as `no_time`. `is_vessel` false marks the detection `non_vessel`.
 */
import { clamp01, optColumn, optText, parseDetectionTime, readLatLon, type DetectionLayout } from './layout.js';

const COLUMNS = {
  lat: ['detect_lat'],
  lon: ['detect_lon'],
  time: ['timestamp', 'detect_timestamp', 'time'],
  length: ['vessel_length_m'],
  confidence: ['confidence'],
  score: ['score'],
  isVessel: ['is_vessel'],
  scene: ['scene_id'],
} as const;
type Col = keyof typeof COLUMNS;

/** HIGH / MEDIUM / LOW label confidence as a number (xView3's labelling guide: how sure the labeller was). */
const LABEL_CONFIDENCE: Record<string, number> = { high: 0.9, medium: 0.7, low: 0.4 };

/** Acquisition start of a Sentinel-1 product name, or NaN. */
export function sentinel1Time(scene: string | null): number {
  const m = scene ? /S1[ABCD]_\w+?_(\d{8}T\d{6})_/.exec(scene) : null;
  if (!m) return NaN;
  const s = m[1]!;
  return Date.UTC(+s.slice(0, 4), +s.slice(4, 6) - 1, +s.slice(6, 8), +s.slice(9, 11), +s.slice(11, 13), +s.slice(13, 15));
}

export const XVIEW3: DetectionLayout<Col> = {
  name: 'xview3',
  columns: COLUMNS,
  required: ['lat', 'lon'],
  fits: (keys) => keys.has('detect_lat') && keys.has('detect_lon') && (keys.has('vessel_length_m') || keys.has('detect_scene_row') || keys.has('is_vessel')),
  read(f, ix) {
    const scene = optText(f, ix.scene);
    let t = ix.time >= 0 ? parseDetectionTime(f[ix.time]) : NaN;
    if (Number.isNaN(t)) {
      if (ix.time >= 0 && optText(f, ix.time) !== null) return 'bad_time';
      t = sentinel1Time(scene);
      if (Number.isNaN(t)) return 'no_time';
    }
    const p = readLatLon(f[ix.lat], f[ix.lon]);
    if (!p) return 'bad_position';
    const lengthM = optColumn(f, ix.length);
    const score = optColumn(f, ix.score);
    if (lengthM === undefined || score === undefined || (lengthM !== null && lengthM < 0)) return 'bad_number';
    const label = optText(f, ix.confidence)?.toLowerCase();
    let confidence: number | null = score === null ? null : clamp01(score);
    if (confidence === null && label !== undefined) {
      const c = LABEL_CONFIDENCE[label] ?? Number(label);
      if (!Number.isFinite(c)) return 'bad_number';
      confidence = clamp01(c);
    }
    const isVessel = optText(f, ix.isVessel)?.toLowerCase();
    return {
      t,
      lat: p.lat,
      lon: p.lon,
      lengthM: lengthM === null || lengthM === 0 ? null : lengthM,
      confidence,
      source: 'sar',
      scene,
      flags: isVessel === 'false' || isVessel === '0' ? ['non_vessel'] : [],
    };
  },
};
