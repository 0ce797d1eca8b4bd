/**
 * NMEA reader: AIS sentences (any talker, tag blocks, prefixed lines, `$PGHP`, other sentences
 * mixed in) decoded by src/ais and normalised to Position / VesselStatic batches. Receive time
 * comes from the input (tag block `c:`, `$PGHP`, trailing or prefixed timestamps); an input with
 * none is refused unless `assumeStart` is given. Lines with no time after timed ones take the
 * last known time.
 */
import { AisStream } from '../ais/stream.js';
import type { Decoded } from '../ais/fields.js';
import { SourceError } from '../errors.js';
import { flagOfMmsi } from '../ref/mmsi.js';
import { SecondClock, fastPosition, toPosition, toStatic } from './nmea-records.js';
import { PositionColumns } from '../records.js';
import type { StreamOptions } from '../ais/stream.js';
import { StaticTracker } from './statics.js';
import { emptyBatch, type ByteSource, type NmeaRejectReason, type ReaderOptions, type SourceBatch } from './types.js';

/**
 * records per batch: one store transaction each. 500k, not the 250k DuckDB commits fastest at
 * alone (src/store): every append after the first one that leaves a row group part-filled
 * goes through DuckDB's WAL and is compressed again at its checkpoint, where one large append
 * is written straight to storage (350k positions added to a 5-day store: checkpoint 250 ms as
 * two statements, 10 ms as one). Measured: 5M positions ingested in 12.0-12.5 s vs 13.8-15.4 s,
 * peak RSS 1.27 vs 0.85-1.13 GB; analyze of 10M 53.4 s, peak RSS 1.48 GB.
 */
export const NMEA_BATCH = 500_000;
/** messages without any receive time before an untimed input is refused */
const NO_TIME_LIMIT = 1000;

/** What RecordStream emits for a position report the short cut put straight into the columns. */
const APPENDED = Symbol('appended');

/**
 * The decoder with a short cut: position reports of timed input go straight into the batch's
 * PositionColumns (fastPosition); everything else is decoded in full for toPosition/toStatic.
 */
class RecordStream extends AisStream<Decoded | typeof APPENDED> {
  /** the batch being filled, and its id of the records' source (set by fresh()) */
  cols!: PositionColumns;
  sourceId!: number;

  constructor(opts: StreamOptions, private readonly source: string, lineOffset: number) {
    super(opts);
    this.fresh();
    const dec = this.decoder;
    this.decodeOne = (sb, nbits, rxtime) => {
      // no position (lat 91 / lon 181) goes the long way, to be counted as such
      if (this.currentTime >= 0 && fastPosition(sb, nbits, this.currentTime, lineOffset + this.currentLine, this.sourceId, this.cols)) return APPENDED;
      return dec.tryDecode(sb, nbits, rxtime);
    };
  }

  /** Starts the next batch's columns. */
  fresh(capacity = 1024): void {
    this.cols = new PositionColumns(capacity);
    this.sourceId = this.cols.sourceId(this.source);
  }
}

export async function* readNmea(src: ByteSource, opts: ReaderOptions = {}): AsyncGenerator<SourceBatch> {
  const source = opts.source ?? src.name;
  const lineOffset = opts.lineOffset ?? 0;
  let batch = emptyBatch();
  const stream = new RecordStream({
    // times are taken as numbers (stream.currentTime): no ISO strings per message
    isoTimes: false,
    onReject: (line, reason) => {
      const reject = { lineNo: lineOffset + stream.stats.lines, reason: reason as NmeaRejectReason, detail: line.length > 80 ? `${line.slice(0, 80)}...` : line };
      batch.rejects.push(reject);
      opts.onReject?.(line, reject, src.name);
    },
  }, source, lineOffset);
  const statics = new StaticTracker();
  const clock = opts.assumeStart !== undefined ? new SecondClock(opts.assumeStart) : null;
  let lastTime = -1;
  let untimed = 0;
  let timed = 0;
  const skip = (why: string): void => {
    batch.skipped[why] = (batch.skipped[why] ?? 0) + 1;
  };
  const emit = (rec: Decoded | typeof APPENDED): void => {
    if (rec === APPENDED) {
      timed++;
      lastTime = stream.currentTime;
      return;
    }
    const m = rec;
    let t = stream.currentTime;
    if (t >= 0) {
      timed++;
      lastTime = t;
    } else if (clock) t = clock.now(m);
    else if (lastTime >= 0) t = lastTime;
    else {
      untimed++;
      if (untimed >= NO_TIME_LIMIT && timed === 0) {
        throw new SourceError(
          'no_time',
          `${src.name}: no receive time in the first ${NO_TIME_LIMIT} AIS messages (no tag block c:, $PGHP line or timestamp before/after the sentences); give --assume-start <ISO time> to ingest it with a clock started there`,
        );
      }
      skip('no_time');
      return;
    }
    const lineNo = lineOffset + stream.currentLine;
    const pos = toPosition(m, t, source);
    if (pos) {
      pos.lineNo = lineNo;
      stream.cols.push(pos);
      return;
    }
    const st = toStatic(m, t, source, flagOfMmsi);
    if (st) {
      const changed = statics.update(st.mmsi, t, st, source);
      if (changed) {
        // a merged report (type 24 A + B) points at the line of the part that changed it
        changed.lineNo = lineNo;
        batch.statics.push(changed);
      }
      else skip('static_unchanged');
      return;
    }
    skip(m.lat !== undefined && [1, 2, 3, 9, 18, 19, 27].includes(m.type as number) ? 'no_position' : 'not_position_message');
  };
  const progress = (): SourceBatch['progress'] => ({ bytesRead: stream.safeOffset(), lineNo: lineOffset + stream.safeLine(), rawBytesRead: src.rawBytesRead() });
  const other = stream.stats.other;
  const flushOther = (): void => {
    for (const [k, v] of Object.entries(other)) batch.skipped[k] = (batch.skipped[k] ?? 0) + v;
    for (const k of Object.keys(other)) delete other[k];
  };
  const batchSize = opts.live ? 1 : NMEA_BATCH;
  // the batch's positions: columns for the store (ReaderOptions.columnar), objects otherwise
  const positionsOut = (): void => {
    const n = stream.cols.n;
    if (opts.columnar) batch.columns = stream.cols;
    else batch.positions = stream.cols.toPositions();
    // the next batch will be about as long: room for it now, not by doubling
    stream.fresh(n + (n >> 3));
  };
  for await (const chunk of src.chunks()) {
    stream.push(chunk, emit);
    if (stream.cols.n + batch.statics.length >= batchSize) {
      flushOther();
      positionsOut();
      batch.progress = progress();
      yield batch;
      batch = emptyBatch();
    }
  }
  stream.end(emit);
  positionsOut();
  if (timed === 0 && untimed > 0 && !clock) {
    throw new SourceError('no_time', `${src.name}: no receive time on any AIS message; give --assume-start <ISO time> to ingest it with a clock started there`);
  }
  flushOther();
  batch.progress = progress();
  yield batch;
}
