/**
 * NOAA / Colorado School of Mines Earth Observation Group's VIIRS Boat Detection (VBD) nightly
 * CSV (eogdata.mines.edu/products/vbd; Elvidge et al. 2015, Remote Sensing 7(3)), as GFW keeps
 * it (GFW technical documentation, "VIIRS boat detections"): `id_Key, Date_Mscan (UTC at the
 * middle of the DNB scan), Lat_DNB, Lon_DNB, Rad_DNB (day/night band radiance, nW/cm²/sr),
 * QF_Detect, ...`, and GFW's `GranuleID` / `OrbitNumber` (one pass) when present. Every other
 * column is carried through.
 *
 * VIIRS gives no length; the radiance is the confidence signal: rad / (rad + 5), so a faint
 * light of 1 nW reads 0.17, a lit boat of 50 nW 0.91 (a boat's lights are typically tens to
 * thousands of nW, EOG's weak detections a few). QF_Detect: 1 boat; 2 weak, 3 blurry,
 * 10 weak and blurry lower the confidence (x0.7); 4 gas flare, 7 glow, 8 recurring light,
 * 11 platform are EOG's own "not a boat" and mark the detection `non_vessel`.
 */
import { clamp01, optColumn, optText, parseDetectionTime, readLatLon, type DetectionLayout } from './layout.js';

const COLUMNS = {
  time: ['date_mscan'],
  lat: ['lat_dnb'],
  lon: ['lon_dnb'],
  radiance: ['rad_dnb'],
  qf: ['qf_detect'],
  scene: ['granuleid', 'orbitnumber'],
} as const;
type Col = keyof typeof COLUMNS;

/** Radiance (nW/cm²/sr) at which the confidence is one half. */
export const VIIRS_HALF_RADIANCE = 5;
const WEAK = new Set([2, 3, 10]);
const NOT_A_BOAT = new Set([4, 7, 8, 11]);

export const VIIRS: DetectionLayout<Col> = {
  name: 'viirs',
  columns: COLUMNS,
  required: ['time', 'lat', 'lon', 'radiance'],
  fits: (keys) => keys.has('lat_dnb') && keys.has('lon_dnb'),
  read(f, ix) {
    const t = parseDetectionTime(f[ix.time]);
    if (Number.isNaN(t)) return 'bad_time';
    const p = readLatLon(f[ix.lat], f[ix.lon]);
    if (!p) return 'bad_position';
    const rad = optColumn(f, ix.radiance);
    const qf = optColumn(f, ix.qf);
    if (rad === undefined || qf === undefined) return 'bad_number';
    let confidence = rad === null ? null : clamp01(Math.max(0, rad) / (Math.max(0, rad) + VIIRS_HALF_RADIANCE));
    const flags: string[] = [];
    if (qf !== null && confidence !== null && WEAK.has(qf)) confidence *= 0.7;
    if (qf !== null && NOT_A_BOAT.has(qf)) flags.push('non_vessel');
    return { t, lat: p.lat, lon: p.lon, lengthM: null, confidence, source: 'viirs', scene: optText(f, ix.scene), flags };
  },
};
