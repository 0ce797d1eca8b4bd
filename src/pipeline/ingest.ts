/**
 * The ingest step (sources → store): every input, whatever its format, into the store, once.
 * Readers come from the one table in src/sources/read.ts. Each input is keyed by its
 * content (src/store/sourcekey.ts); a complete one is skipped, a partly stored one (killed run)
 * resumes after its last committed batch, and every batch is written with its progress in one
 * transaction, so a killed ingest leaves a consistent store.
 *
 * An input is done when its records are stored, not when it was read: one of which nothing is
 * stored (every record rejected, the wrong --format) is reported as `nothing_stored` and left
 * for a later run. A run never stops on one bad input: an unreadable input is reported as
 * `failed` with its reason and the others go on. The store is opened only when an input has
 * something to put in it, so a run over missing files creates no store.
 */
import { resolve } from 'node:path';
import { openByteSource, skipBytes } from '../sources/open.js';
import { readerFor, resolveFormat } from '../sources/read.js';
import { countRejects } from '../sources/rejects.js';
import type { ByteSource, ReaderOptions, SourceBatch, SourceFormat } from '../sources/types.js';
import { fileSourceKey } from '../store/sourcekey.js';
import type { Store } from '../store/types.js';
import { DarkfleetError, StoreError } from '../errors.js';
import { positionCount } from '../records.js';

export interface IngestOptions extends ReaderOptions {
  format?: SourceFormat | 'auto';
  /** called after every stored batch (progress bars) */
  onProgress?: (p: { input: string; bytes: number; size: number | undefined; records: number }) => void;
}

export type InputStatus = 'stored' | 'skipped_already_ingested' | 'nothing_stored' | 'failed';

/** What one input gave: what was read, stored and rejected in this run, and its outcome. */
export interface InputSummary {
  path: string;
  /** the format it was read as; null when it could not be opened or recognised */
  format: SourceFormat | null;
  read: number;
  inserted: number;
  duplicates: number;
  rejected: Record<string, number>;
  status: InputStatus;
  /** why nothing was stored, or why the input failed */
  reason?: string;
}

export interface IngestSummary {
  read: number;
  inserted: number;
  duplicates: number;
  rejected: Record<string, number>;
  /** inputs skipped because they were stored completely before */
  skippedInputs: number;
  /** inputs that could not be read (missing, unreadable, unknown format), with the reason */
  failedInputs: { path: string; reason: string }[];
  /** one entry per input, in the order given */
  inputs: InputSummary[];
  seconds: number;
}

/** The store to ingest into, or a function opening it when the first input has something to store. */
export type StoreSource = Store | (() => Promise<Store>);

/** Did every input store something (or was stored before)? False when any failed or stored nothing. */
export function ingestSucceeded(s: Pick<IngestSummary, 'inputs'>): boolean {
  return s.inputs.every((i) => i.status === 'stored' || i.status === 'skipped_already_ingested');
}

/** An input failure the run reports and goes on from; a store failure (or a bug) stops the run. */
function isInputError(err: unknown): err is DarkfleetError {
  return err instanceof DarkfleetError && !(err instanceof StoreError);
}

function nothingStoredReason(i: InputSummary, asked: SourceFormat | 'auto'): string {
  const as = i.format ?? 'any format';
  if (i.read === 0) return `no records in it read as ${as}`;
  const why = Object.entries(i.rejected).sort((a, b) => b[1] - a[1]).slice(0, 3).map(([k, v]) => `${k}: ${v}`).join(', ');
  return `every one of its ${i.read} records rejected read as ${as} (${why})${asked === 'auto' ? '' : '; try --format auto'}`;
}

export async function ingest(storeOrOpen: StoreSource, inputs: readonly string[], opts: IngestOptions = {}): Promise<IngestSummary> {
  const t0 = process.hrtime.bigint();
  const sum: IngestSummary = { read: 0, inserted: 0, duplicates: 0, rejected: {}, skippedInputs: 0, failedInputs: [], inputs: [], seconds: 0 };
  let store: Store | null = typeof storeOrOpen === 'function' ? null : storeOrOpen;
  const open = async (): Promise<Store> => (store ??= await (storeOrOpen as () => Promise<Store>)());
  for (const input of inputs) {
    const one: InputSummary = { path: input, format: null, read: 0, inserted: 0, duplicates: 0, rejected: {}, status: 'failed' };
    sum.inputs.push(one);
    let begun: { store: Store; key: string } | null = null;
    try {
      const src0 = await openByteSource(input);
      const format = await resolveFormat(src0, opts.format ?? 'auto');
      one.format = format;
      // stdin and sockets have no content to key by before they are read: each run is its own source
      const live = src0.size === undefined;
      const key = live ? `${input === '-' ? 'stdin' : input}:${Date.now()}` : await fileSourceKey(input);
      const st = await open();
      // the absolute path and the records' label let `darkfleet evidence` find each record's line again
      const state = await st.beginSource(key, { path: live ? input : resolve(input), name: opts.source ?? input, format, sizeBytes: src0.size ?? null });
      if (state.alreadyComplete) {
        one.status = 'skipped_already_ingested';
        sum.skippedInputs++;
        continue;
      }
      begun = { store: st, key };
      const resume = state.format === format ? state.resumeFrom : null;
      const end = await readInto(st, key, src0, format, { byteOffset: resume?.byteOffset ?? 0, lineNo: resume?.lineNo ?? 0 }, input, one, opts);
      begun = null;
      if (end) {
        one.status = 'stored';
      } else {
        one.status = 'nothing_stored';
        one.reason = nothingStoredReason(one, opts.format ?? 'auto');
      }
    } catch (err) {
      if (!isInputError(err)) throw err;
      if (begun) await begun.store.abortSource(begun.key);
      one.status = 'failed';
      one.reason = err.message;
      sum.failedInputs.push({ path: input, reason: err.message });
    } finally {
      sum.read += one.read;
      sum.inserted += one.inserted;
      sum.duplicates += one.duplicates;
      for (const [k, v] of Object.entries(one.rejected)) sum.rejected[k] = (sum.rejected[k] ?? 0) + v;
    }
  }
  sum.seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  return sum;
}

/** Reads one begun source into the store, counting into `one`; true when records of it are stored. */
async function readInto(
  store: Store,
  key: string,
  src0: ByteSource,
  format: SourceFormat,
  resumeAt: { byteOffset: number; lineNo: number },
  input: string,
  one: InputSummary,
  opts: IngestOptions,
): Promise<boolean> {
  // NMEA lines stand alone, so a killed NMEA ingest resumes at its last safe offset; CSV and
  // JSON readers need their header: they start over and the store drops what it has
  const base = format === 'nmea' ? resumeAt.byteOffset : 0;
  // the lines before that offset, so record line numbers count from the input's start
  const lineOffset = base > 0 ? resumeAt.lineNo : 0;
  const src = skipBytes(src0, base);
  let records = 0;
  let last: SourceBatch['progress'] | null = null;
  // pipelined: the next batch is read and parsed while the store commits the previous one
  let inflight: Promise<void> | null = null;
  const reader = readerFor(format, src0.name);
  try {
    for await (const batch of reader(src, { source: opts.source ?? input, onReject: opts.onReject, assumeStart: opts.assumeStart, lineOffset, columnar: true })) {
      const rejects = countRejects(batch);
      const positions = batch.columns ?? batch.positions;
      const read = positionCount(positions) + batch.statics.length + batch.rejects.length;
      const written = store.writeBatch({
        sourceKey: key,
        positions,
        statics: batch.statics,
        rejects,
        read,
        progress: { byteOffset: base + batch.progress.bytesRead, lineNo: batch.progress.lineNo },
      });
      if (inflight) await inflight;
      inflight = written.then((res) => {
        one.read += read;
        one.inserted += res.positionsInserted + res.staticsInserted;
        one.duplicates += res.positionsDuplicate + res.staticsDuplicate;
        for (const [k, v] of Object.entries(rejects)) one.rejected[k] = (one.rejected[k] ?? 0) + v;
        for (const [k, v] of Object.entries(res.rejects)) one.rejected[k] = (one.rejected[k] ?? 0) + v;
        records += read;
        opts.onProgress?.({ input, bytes: src.rawBytesRead(), size: src.size, records });
      });
      last = batch.progress;
    }
  } finally {
    // a batch in flight is committed (or fails) before the source is ended or aborted
    if (inflight) await inflight;
  }
  const end = await store.endSource(key, last ? { byteOffset: base + last.bytesRead, lineNo: last.lineNo } : undefined);
  return end.complete;
}
