/**
 * The ingest step (sources → store): every input, whatever its format, into the store, once.
 * Readers come from the one table in src/sources/read.ts. Each input is keyed by its
 * content (src/store/sourcekey.ts); a complete one is skipped, a partly stored one (killed run)
 * resumes after its last committed batch, and every batch is written with its progress in one
 * transaction, so a killed ingest leaves a consistent store.
 */
import { openByteSource, skipBytes } from '../sources/open.js';
import { readerFor, resolveFormat } from '../sources/read.js';
import { countRejects } from '../sources/rejects.js';
import type { ReaderOptions, SourceBatch, SourceFormat } from '../sources/types.js';
import { fileSourceKey } from '../store/sourcekey.js';
import type { Store } from '../store/types.js';

export interface IngestOptions extends ReaderOptions {
  format?: SourceFormat | 'auto';
  /** called after every stored batch (progress bars) */
  onProgress?: (p: { input: string; bytes: number; size: number | undefined; records: number }) => void;
}

export interface IngestSummary {
  read: number;
  inserted: number;
  duplicates: number;
  rejected: Record<string, number>;
  /** inputs skipped because they were stored completely before */
  skippedInputs: number;
  seconds: number;
}

export async function ingest(store: Store, inputs: readonly string[], opts: IngestOptions = {}): Promise<IngestSummary> {
  const t0 = process.hrtime.bigint();
  const sum: IngestSummary = { read: 0, inserted: 0, duplicates: 0, rejected: {}, skippedInputs: 0, seconds: 0 };
  for (const input of inputs) {
    const src0 = await openByteSource(input);
    const format = await resolveFormat(src0, opts.format ?? 'auto');
    // stdin and sockets have no content to key by before they are read: each run is its own source
    const live = src0.size === undefined;
    const key = live ? `${input === '-' ? 'stdin' : input}:${Date.now()}` : await fileSourceKey(input);
    const state = await store.beginSource(key, { path: input, format, sizeBytes: src0.size ?? null });
    if (state.alreadyComplete) {
      sum.skippedInputs++;
      continue;
    }
    // NMEA lines stand alone, so a killed NMEA ingest resumes at its last safe offset; CSV and
    // JSON readers need their header: they start over and the store drops what it has
    const base = format === 'nmea' ? (state.resumeFrom?.byteOffset ?? 0) : 0;
    const src = skipBytes(src0, base);
    let records = 0;
    let last: SourceBatch['progress'] | null = null;
    // pipelined: the next batch is read and parsed while the store commits the previous one
    let inflight: Promise<void> | null = null;
    const reader = readerFor(format, src0.name);
    for await (const batch of reader(src, { source: opts.source ?? input, onReject: opts.onReject, assumeStart: opts.assumeStart })) {
      const rejects = countRejects(batch);
      const read = batch.positions.length + batch.statics.length + batch.rejects.length;
      const written = store.writeBatch({
        sourceKey: key,
        positions: batch.positions,
        statics: batch.statics,
        rejects,
        read,
        progress: { byteOffset: base + batch.progress.bytesRead, lineNo: batch.progress.lineNo },
      });
      if (inflight) await inflight;
      inflight = written.then((res) => {
        sum.read += read;
        sum.inserted += res.positionsInserted + res.staticsInserted;
        sum.duplicates += res.positionsDuplicate + res.staticsDuplicate;
        for (const [k, v] of Object.entries(rejects)) sum.rejected[k] = (sum.rejected[k] ?? 0) + v;
        for (const [k, v] of Object.entries(res.rejects)) sum.rejected[k] = (sum.rejected[k] ?? 0) + v;
        records += read;
        opts.onProgress?.({ input, bytes: src.rawBytesRead(), size: src.size, records });
      });
      last = batch.progress;
    }
    if (inflight) await inflight;
    await store.endSource(key, last ? { byteOffset: base + last.bytesRead, lineNo: last.lineNo } : undefined);
  }
  sum.seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  return sum;
}
