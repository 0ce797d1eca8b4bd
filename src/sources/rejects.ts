/**
 * Reject bookkeeping shared by ingest and decode: counts by reason for the summary line, and a
 * --reject-file writer (one JSON object a line: file, line, reason, detail, raw) so nothing
 * rejected vanishes.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Reject, RejectSink, SourceBatch } from './types.js';
import { SourceError } from '../errors.js';

/** Add a batch's rejects into a reason -> count table (the ingest summary's "rejected"). */
export function countRejects(batch: Pick<SourceBatch, 'rejects'>, into: Record<string, number> = {}): Record<string, number> {
  for (const r of batch.rejects) into[r.reason] = (into[r.reason] ?? 0) + 1;
  return into;
}

/** The JSON line written for one reject. */
export function rejectLine(raw: string, reject: Reject, sourceName: string): string {
  return `${JSON.stringify({ file: sourceName, line: reject.lineNo, reason: reject.reason, detail: reject.detail, raw })}\n`;
}

export interface RejectWriter {
  sink: RejectSink;
  /** how many rejects were written */
  count(): number;
  close(): Promise<void>;
}

/** Write rejects to a file as JSON lines; call close() when the run ends. */
export function createRejectWriter(path: string): RejectWriter {
  const out: WriteStream = createWriteStream(path, { flags: 'w' });
  let n = 0;
  let failure: Error | undefined;
  out.on('error', (err) => (failure = err));
  return {
    sink(raw, reject, sourceName) {
      n++;
      out.write(rejectLine(raw, reject, sourceName));
    },
    count: () => n,
    async close() {
      out.end();
      if (!out.closed) await once(out, 'close');
      if (failure) throw new SourceError('reject_file', `cannot write the reject file ${path}: ${failure.message}`, { cause: failure });
    },
  };
}
