/**
 * What every detection layout shares: the normalised `Detection`, the shape of a layout
 * (its columns, how to tell it from a header, how to read a row), and the field parsers.
 * One file per layout family (generic.ts, gfw-sar.ts, xview3.ts, viirs.ts); load.ts picks one.
 */
import { optNum } from '../sources/common.js';
import { parseIsoTime } from '../sources/time.js';

/** One satellite (or imagery review) vessel detection, as every layout reads it. */
export interface Detection {
  /** 0-based position among the file's accepted rows */
  index: number;
  /** 1-based line in the file */
  line: number;
  /** epoch ms UTC */
  t: number;
  lat: number;
  lon: number;
  /** estimated length, metres (null when the layout or row has none) */
  lengthM: number | null;
  /** the detector's own confidence that this is a vessel, 0..1 (null when none) */
  confidence: number | null;
  /** sensor or product: sar, viirs, optical, the file's `source` column ... */
  source: string;
  /**
   * the pass (satellite scene) it belongs to: a vessel is matched to at most one detection of
   * a pass. The scene id when the file has one, else set by load.ts from the detection times.
   */
  scene: string;
  /** what the layout says beyond the numbers: `non_vessel` (the detector's own label, e.g. a VIIRS gas flare) */
  flags: string[];
  /** the input row, column name -> text as written */
  row: Record<string, string>;
}

/** A row's fields read by a layout: everything but index, line and row. */
export type DetectionFields = Omit<Detection, 'index' | 'line' | 'row' | 'scene'> & { scene: string | null };

/** Why a row is not a detection (counted, never fatal). */
export type DetectionReject = 'bad_time' | 'bad_position' | 'bad_number' | 'column_count' | 'bad_quote' | 'no_time';

export interface DetectionLayout<C extends string = string> {
  /** generic, gfw_sar, xview3, viirs */
  name: string;
  /** each column's accepted header names (lower case, spaces and dashes as `_`) */
  columns: Readonly<Record<C, readonly string[]>>;
  required: readonly C[];
  /** the header has this layout's tell-tale columns (checked in load.ts's order) */
  fits: (keys: ReadonlySet<string>) => boolean;
  /** one data row, with the header's index of each column (-1 when absent) */
  read: (f: readonly string[], ix: Readonly<Record<C, number>>) => DetectionFields | DetectionReject;
}

/** A header name as layouts list it: trimmed, lower case, spaces and dashes as `_`. */
export function headerKey(name: string): string {
  return name.trim().toLowerCase().replace(/[\s-]+/g, '_');
}

/**
 * A time as detection files write it: ISO 8601 (`T` or space, optional zone), the same with
 * slashes (`2024/03/01 12:00:00`), or epoch seconds / milliseconds. NaN when none of these.
 */
export function parseDetectionTime(s: string | undefined): number {
  if (s === undefined) return NaN;
  const v = s.trim();
  if (v === '') return NaN;
  if (/^\d{9,13}(\.\d+)?$/.test(v)) {
    const x = Number(v);
    return x > 1e11 ? Math.round(x) : Math.round(x * 1000);
  }
  const iso = /^\d{4}\/\d{2}\/\d{2}/.test(v) ? `${v.slice(0, 4)}-${v.slice(5, 7)}-${v.slice(8)}` : v;
  const t = parseIsoTime(iso);
  if (!Number.isNaN(t)) return t;
  // a date alone, or forms the fast parser does not take (e.g. `2024-03-01T12:00Z`)
  const d = Date.parse(iso);
  return /^\d{4}-\d{2}-\d{2}/.test(iso) && Number.isFinite(d) ? d : NaN;
}

/** Latitude and longitude from two fields, or null when either is missing or out of range. */
export function readLatLon(la: string | undefined, lo: string | undefined): { lat: number; lon: number } | null {
  const lat = optNum(la);
  const lon = optNum(lo);
  if (lat === null || lat === undefined || lon === null || lon === undefined) return null;
  if (lat < -90 || lat > 90 || lon < -180 || lon > 180) return null;
  return { lat, lon };
}

/** An optional number column: null when absent or empty, undefined when junk. */
export function optColumn(f: readonly string[], i: number): number | null | undefined {
  return i < 0 ? null : optNum(f[i]);
}

/** An optional text column, trimmed; null when absent or empty. */
export function optText(f: readonly string[], i: number): string | null {
  if (i < 0) return null;
  const s = (f[i] ?? '').trim();
  return s === '' ? null : s;
}

export const clamp01 = (x: number): number => (x < 0 ? 0 : x > 1 ? 1 : x);
