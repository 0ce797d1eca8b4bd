/**
 * Pieces every text reader shares: the batch loop over line blocks with reject bookkeeping,
 * field parsers that tell "empty" (null) from "junk" (undefined), and AIS sentinels.
 */
import { basename } from 'node:path';
import { SourceError } from '../errors.js';
import { csvLayout, csvRow, type CsvLayout } from './csv.js';
import { readLineBlocks } from './lines.js';
import type { Position, VesselStatic } from '../records.js';
import type { ByteSource, ReaderOptions, Reject, RejectReason, SourceBatch } from './types.js';
import { emptyBatch } from './types.js';

const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

/**
 * Plain decimals ('-70.75733', '511.0', '12') parsed by hand: the hot path of every CSV row.
 * Exact: an integer mantissa below 2^53 divided by an exact power of ten is correctly rounded,
 * the same double Number() gives. NaN for anything else (exponents, spaces, junk).
 */
export function fastDecimal(s: string): number {
  const n = s.length;
  let i = 0;
  let neg = false;
  const c0 = s.charCodeAt(0);
  if (c0 === 45 || c0 === 43) {
    neg = c0 === 45;
    i = 1;
  }
  let m = 0;
  let digits = 0;
  let scale = -1;
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      m = m * 10 + (c - 48);
      digits++;
      if (scale >= 0) scale++;
    } else if (c === 46 && scale < 0) scale = 0;
    else return NaN;
  }
  if (digits === 0 || digits > 15 || scale > 15) return NaN;
  const v = scale > 0 ? m / (POW10[scale] as number) : m;
  return neg ? -v : v;
}

/** Parse a number field: '' -> null, text that is not a number -> undefined. */
export function optNum(s: string | undefined): number | null | undefined {
  if (s === undefined || s === '') return null;
  const f = fastDecimal(s);
  if (f === f) return f;
  // Number() reads '' and '   ' as 0: blank is "no value" here
  if (s.trim() === '') return null;
  const v = +s;
  return Number.isFinite(v) ? v : undefined;
}

/** Speed over ground in knots; 102.3 (not available) and negatives -> null. */
export function sogOrNull(v: number | null): number | null {
  return v === null || v < 0 || v >= 102.3 ? null : v;
}

/** SOG for a record of `mmsi`: SAR aircraft (111MIDxxx) report whole knots up to 1022, ships up to 102.2. */
export function speedFor(mmsi: number, v: number | null): number | null {
  if (mmsi >= 111_000_000 && mmsi < 112_000_000) return v === null || v < 0 || v >= 1023 ? null : v;
  return sogOrNull(v);
}

/** Course over ground; 360 (not available) and anything outside [0, 360) -> null. */
export function cogOrNull(v: number | null): number | null {
  return v === null || v < 0 || v >= 360 ? null : v;
}

/** True heading; 511 (not available) and anything outside [0, 360) -> null. */
export function headingOrNull(v: number | null): number | null {
  return v === null || v < 0 || v >= 360 ? null : v;
}

/** A dimension or draught in metres; 0 means "not available" in AIS -> null. */
export function sizeOrNull(v: number | null): number | null {
  return v === null || !(v > 0) ? null : v;
}

/** Nav status code 0-15 (CSV exports write "15.0"); anything else -> null. */
export function navOrNull(v: number | null): number | null {
  return v !== null && Number.isInteger(v) && v >= 0 && v <= 15 ? v : null;
}

/** Ship type 1-99 (0 is "not available") -> code; else null. */
export function shipTypeOrNull(v: number | null): number | null {
  return v !== null && Number.isInteger(v) && v > 0 && v <= 99 ? v : null;
}

/** MMSI: a positive integer of at most 9 digits, else undefined. */
export function parseMmsi(s: string | undefined): number | undefined {
  if (s === undefined) return undefined;
  const v = +s;
  return Number.isInteger(v) && v > 0 && v <= 999_999_999 && s.trim() !== '' ? v : undefined;
}

/**
 * A position from a CSV row's numbers: speed, course and heading cleaned of their "not available"
 * values. lineNo is set by runLines; made here so every record has one shape.
 */
export function csvPosition(mmsi: number, t: number, lat: number, lon: number, sog: number | null, cog: number | null, heading: number | null, navStatus: number | null, source: string): Position {
  return { mmsi, t, lat, lon, sog: speedFor(mmsi, sog), cog: cogOrNull(cog), heading: headingOrNull(heading), navStatus, source, lineNo: 0 };
}

/** The outcome of one line: nothing to say, a reject, or a skip (not an error) by why. */
export type LineOutcome = undefined | { reject: RejectReason; detail: string } | { skip: string };

export const skip = (why: string): LineOutcome => ({ skip: why });
export const reject = (reason: RejectReason, detail: string): LineOutcome => ({ reject: reason, detail });

/** Default Position.source for an input: its file name, 'stdin' for '-'. */
export function sourceLabel(src: ByteSource, opts?: ReaderOptions): string {
  if (opts?.source) return opts.source;
  return src.name === '-' ? 'stdin' : basename(src.name);
}

/**
 * Drive a line-oriented reader: `handle` gets each line with its number and fills the batch;
 * the records it adds get the line's number (`lineNo`); rejects are collected, passed to
 * opts.onReject, and never stop the run.
 */
export async function* runLines(
  src: ByteSource,
  opts: ReaderOptions | undefined,
  handle: (line: string, lineNo: number, batch: SourceBatch) => LineOutcome,
): AsyncGenerator<SourceBatch> {
  const onReject = opts?.onReject;
  for await (const block of readLineBlocks(src)) {
    const batch = emptyBatch();
    const { lines, firstLineNo } = block;
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i] as string;
      const lineNo = firstLineNo + i;
      const np = batch.positions.length;
      const ns = batch.statics.length;
      const out = handle(line, lineNo, batch);
      // the records this line gave carry its number (evidence down to the raw line)
      for (let k = np; k < batch.positions.length; k++) (batch.positions[k] as Position).lineNo = lineNo;
      for (let k = ns; k < batch.statics.length; k++) (batch.statics[k] as VesselStatic).lineNo = lineNo;
      if (out === undefined) continue;
      if ('skip' in out) {
        batch.skipped[out.skip] = (batch.skipped[out.skip] ?? 0) + 1;
        continue;
      }
      const r: Reject = { lineNo, reason: out.reject, detail: out.detail };
      batch.rejects.push(r);
      if (onReject) onReject(line, r, src.name);
    }
    batch.progress = { bytesRead: block.endByte, lineNo: firstLineNo + lines.length - 1, rawBytesRead: src.rawBytesRead() };
    yield batch;
  }
}

/** A CSV format as its reader knows it (the DMA and MarineCadastre readers). */
export interface CsvFormat<C extends string> {
  /** the format's name in errors: "not a DMA header" */
  what: string;
  /** each column's accepted header names, normalised by `key` */
  columns: Readonly<Record<C, readonly string[]>>;
  required: readonly C[];
  key: (name: string) => string;
  /** called once with the header's layout */
  header?: (layout: CsvLayout<C>) => void;
  /** one data row split into its fields (as many as the header's) with the header's column indices */
  row: (f: string[], ix: Record<C, number>, names: readonly string[], batch: SourceBatch) => LineOutcome;
}

/**
 * Drive a CSV reader: blank lines are skipped, the first line is the header (a missing
 * required column is a SourceError), a repeated header (files joined with `cat`) is skipped, and
 * each other row is split and checked against the header before `row` sees it.
 */
export async function* runCsv<C extends string>(src: ByteSource, opts: ReaderOptions | undefined, format: CsvFormat<C>): AsyncGenerator<SourceBatch> {
  let layout: CsvLayout<C> | undefined;
  let headerLine = '';
  let ncols = 0;
  const handle = (line: string, lineNo: number, batch: SourceBatch): LineOutcome => {
    if (line.trim() === '') return skip('blank');
    if (!layout) {
      const l = csvLayout(line, format.columns, format.required, format.key);
      if (l.missing.length) {
        throw new SourceError('bad_header', `${src.name}: line ${lineNo} is not a ${format.what} header (no ${l.missing.join(', ')} column): ${shown(line)}`);
      }
      layout = l;
      headerLine = line;
      ncols = l.names.length;
      format.header?.(l);
      return skip('header');
    }
    if (line === headerLine) return skip('header');
    const f = csvRow(line, layout.delim, ncols);
    if (!Array.isArray(f)) return f;
    return format.row(f, layout.idx, layout.names, batch);
  };
  yield* runLines(src, opts, handle);
  if (!layout) throw new SourceError('empty', `${src.name}: no header line: the input is empty`);
}

/** First line shown in an error, cut to a readable length. */
export function shown(line: string): string {
  return JSON.stringify(line.length > 160 ? `${line.slice(0, 160)}...` : line);
}
