/**
 * The ingest log's arithmetic, shared by every store driver: a source's totals, what a batch
 * adds to them, and whether anything of the source is stored.
 */
import type { Batch, BatchResult, SourceTotals } from './types.js';
import { addCounts } from './json.js';

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
    read: t.read + (batch.read ?? batch.positions.length + batch.statics.length + readerRejects),
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
