/**
 * Reading a detections file (plain or compressed, any of , ; TAB): the header picks the layout
 * (GFW SAR, xView3, VIIRS, else the generic one), each row becomes a Detection or a reject
 * counted by reason (never fatal), and detections without a scene id are grouped into passes
 * by time. A header that fits no layout is one SourceError listing every layout's columns.
 */
import { SourceError } from '../errors.js';
import { csvLayout, csvRow, splitCsvLine, detectDelimiter } from '../sources/csv.js';
import { readLineBlocks } from '../sources/lines.js';
import { openByteSource, byteSourceFromBytes } from '../sources/open.js';
import type { ByteSource } from '../sources/types.js';
import { GENERIC } from './generic.js';
import { GFW_SAR } from './gfw-sar.js';
import { XVIEW3 } from './xview3.js';
import { VIIRS } from './viirs.js';
import { headerKey, type Detection, type DetectionLayout, type DetectionReject } from './layout.js';

/** Tried in this order: the specific layouts by their tell-tale columns, then the generic one. */
export const LAYOUTS: readonly DetectionLayout[] = [GFW_SAR, XVIEW3, VIIRS, GENERIC] as readonly DetectionLayout[];

/** Detections without a scene id are one pass while each is within this of the previous one... */
export const PASS_GAP_MS = 10 * 60_000;
/** ...and the pass spans at most this (a Sentinel-1 IW slice is ~25 s, a VIIRS granule 6 min). */
export const PASS_SPAN_MS = 30 * 60_000;

export interface LoadedDetections {
  layout: string;
  detections: Detection[];
  /** data rows read (accepted + rejected) */
  read: number;
  rejects: Partial<Record<DetectionReject, number>>;
  /** the first few rejects, for the user: line, reason */
  examples: { line: number; reason: DetectionReject }[];
}

/** What each layout expects, for the error of a header that fits none. */
export function expectedColumns(): string {
  return LAYOUTS.map((l) => `${l.name}: ${l.required.map((c) => (l.columns as Record<string, readonly string[]>)[c]!.join('|')).join(', ')}`).join('; ');
}

export async function loadDetectionsFile(path: string): Promise<LoadedDetections> {
  const src = await openByteSource(path);
  try {
    return await loadDetections(src);
  } finally {
    src.close();
  }
}

/** From text in memory (tests). */
export function loadDetectionsText(name: string, text: string): Promise<LoadedDetections> {
  return loadDetections(byteSourceFromBytes(name, text));
}

export async function loadDetections(src: ByteSource): Promise<LoadedDetections> {
  let layout: DetectionLayout | undefined;
  let ix: Record<string, number> = {};
  let names: string[] = [];
  let delim = ',';
  let headerLine = '';
  const out: LoadedDetections = { layout: '', detections: [], read: 0, rejects: {}, examples: [] };
  const reject = (line: number, reason: DetectionReject): void => {
    out.rejects[reason] = (out.rejects[reason] ?? 0) + 1;
    if (out.examples.length < 5) out.examples.push({ line, reason });
  };
  for await (const block of readLineBlocks(src)) {
    for (let i = 0; i < block.lines.length; i++) {
      const line = block.lines[i]!;
      const lineNo = block.firstLineNo + i;
      if (line.trim() === '') continue;
      if (!layout) {
        delim = detectDelimiter(line);
        const keys = new Set((splitCsvLine(line, delim) ?? []).map(headerKey));
        for (const l of LAYOUTS) {
          if (!l.fits(keys)) continue;
          const lay = csvLayout(line, l.columns as Record<string, readonly string[]>, l.required as string[], headerKey);
          if (lay.missing.length === 0) {
            layout = l;
            ix = lay.idx;
            names = lay.names.map((n) => n.trim());
            break;
          }
        }
        if (!layout) {
          throw new SourceError('detections_layout', `${src.name}: line ${lineNo} is not the header of a detections layout darkfleet reads. Expected columns (a|b: either name) — ${expectedColumns()}`);
        }
        headerLine = line;
        out.layout = layout.name;
        continue;
      }
      if (line === headerLine) continue;
      out.read++;
      const f = csvRow(line, delim, names.length);
      if (!Array.isArray(f)) {
        reject(lineNo, f.reject);
        continue;
      }
      const r = layout.read(f, ix);
      if (typeof r === 'string') {
        reject(lineNo, r);
        continue;
      }
      const row: Record<string, string> = {};
      for (let k = 0; k < names.length; k++) row[names[k]!] = f[k] ?? '';
      out.detections.push({ ...r, index: out.detections.length, line: lineNo, scene: r.scene ?? '', row });
    }
  }
  if (!layout) throw new SourceError('empty', `${src.name}: no header line: the input is empty`);
  assignPasses(out.detections);
  return out;
}

/**
 * Detections without a scene id get one by time, per source: a pass continues while each
 * detection is within PASS_GAP_MS of the previous one and PASS_SPAN_MS of the first.
 */
export function assignPasses(ds: Detection[]): void {
  const open = ds.filter((d) => d.scene === '').sort((a, b) => (a.source < b.source ? -1 : a.source > b.source ? 1 : a.t - b.t));
  let first = NaN;
  let prev = NaN;
  let source = '';
  let k = 0;
  for (const d of open) {
    if (d.source !== source || d.t - prev > PASS_GAP_MS || d.t - first > PASS_SPAN_MS) {
      source = d.source;
      first = d.t;
      k++;
    }
    prev = d.t;
    d.scene = `${d.source}:pass${k}`;
  }
}
