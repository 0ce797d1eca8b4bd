/**
 * The ingest log's arithmetic, shared by every store driver: a source's totals, what a batch
 * adds to them, and whether anything of the source is stored.
 */
import type { Batch, BatchResult, IngestedSource, SourceTotals } from './types.js';
import { addCounts } from './json.js';
import { positionCount } from '../records.js';

export const emptyTotals = (): SourceTotals => ({
  read: 0,
  positionsInserted: 0,
  positionsDuplicate: 0,
  staticsInserted: 0,
  staticsDuplicate: 0,
  rejects: {},
});

/** Records of a source that are in the store: inserted by it, or already there when it came. */
export function storedOf(t: SourceTotals): number {
  return t.positionsInserted + t.positionsDuplicate + t.staticsInserted + t.staticsDuplicate;
}

/** The totals after `batch` was committed with `result`. */
export function totalsAfter(t: SourceTotals, batch: Batch, result: BatchResult): SourceTotals {
  let readerRejects = 0;
  for (const v of Object.values(batch.rejects ?? {})) readerRejects += v;
  const next: SourceTotals = {
    read: t.read + (batch.read ?? positionCount(batch.positions) + batch.statics.length + readerRejects),
    positionsInserted: t.positionsInserted + result.positionsInserted,
    positionsDuplicate: t.positionsDuplicate + result.positionsDuplicate,
    staticsInserted: t.staticsInserted + result.staticsInserted,
    staticsDuplicate: t.staticsDuplicate + result.staticsDuplicate,
    rejects: { ...t.rejects },
  };
  addCounts(next.rejects, batch.rejects);
  addCounts(next.rejects, result.rejects);
  return next;
}

/** A source's totals from its ingest_sources row (numbers, bigints or digit strings). */
export function totalsOf(row: Readonly<Record<string, unknown>>): SourceTotals {
  return {
    read: Number(row.records_read),
    positionsInserted: Number(row.positions_inserted),
    positionsDuplicate: Number(row.positions_duplicate),
    staticsInserted: Number(row.statics_inserted),
    staticsDuplicate: Number(row.statics_duplicate),
    rejects: JSON.parse(String(row.rejects)) as Record<string, number>,
  };
}

/** One ingest_sources row (selected as in the drivers' `ingestedSources`) as the Store returns it. */
export function ingestedSourceOf(r: Readonly<Record<string, unknown>>): IngestedSource {
  const n = (v: unknown): number => Number(v ?? 0);
  return {
    key: String(r.source_key),
    path: r.path == null ? null : String(r.path),
    name: r.source_name == null ? null : String(r.source_name),
    format: r.format == null ? null : String(r.format),
    sizeBytes: r.size_bytes == null ? null : n(r.size_bytes),
    completed: r.completed === true,
    read: n(r.records_read),
    positionsInserted: n(r.positions_inserted),
    staticsInserted: n(r.statics_inserted),
    updated: n(r.updated),
  };
}
