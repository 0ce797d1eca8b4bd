/**
 * The shape every reader shares: a reader takes a ByteSource and yields SourceBatches of
 * normalised records, counted rejects and progress, so an ingest can store a batch and record
 * how far it got.
 */
import type { Position, PositionColumns, VesselStatic } from '../records.js';

/** Formats `--format` names; 'auto' sniffs the content (sniff.ts). */
export type SourceFormat = 'nmea' | 'marinecadastre' | 'dma' | 'aisstream';

export type Compression = 'none' | 'gzip' | 'zstd' | 'zip';

/** Decompressed bytes of one input (file, stdin or socket: open.ts), with enough bookkeeping for progress bars. */
export interface ByteSource {
  /** path as given, '-' for stdin, or a label */
  readonly name: string;
  readonly compression: Compression;
  /** size on disk in bytes when known (compressed size for compressed files) */
  readonly size: number | undefined;
  /** bytes read from disk/stdin so far (compressed), for progress against `size` */
  rawBytesRead(): number;
  /** the decompressed content, once; starts with any bytes already peeked */
  chunks(): AsyncIterable<Uint8Array>;
  /** up to `n` decompressed bytes from the start, without consuming them */
  peek(n: number): Promise<Uint8Array>;
  /** stops a live input (closes its socket, so chunks() ends); files and stdin end on their own */
  close(): void;
}

/** Why a row or line was rejected. Readers use these; others may be added with a comment. */
export type RejectReason =
  | 'column_count' // CSV row with fewer/more columns than the header
  | 'bad_mmsi' // missing, not an integer, 0, or more than 9 digits
  | 'bad_time' // missing or unparseable timestamp, impossible date
  | 'bad_position' // latitude/longitude not numbers or out of range (the 91/181 sentinels are not rejects)
  | 'bad_number' // another numeric column holds text
  | 'bad_json' // a line that does not parse as JSON
  | 'bad_message' // JSON that is not an AISStream message (no MessageType/Message), or Valid=false
  | 'bad_quote' // a quoted CSV field never closed (fields spanning lines are not joined)
  // NMEA (src/ais/stream.ts): checksum, no_checksum, truncated, too_long, bad_length, bad_format,
  // bad_armour, bad_tagblock, bad_part, missing_fragment, not_nmea, unsupported_type
  | NmeaRejectReason;

export type NmeaRejectReason =
  | 'checksum'
  | 'no_checksum'
  | 'truncated'
  | 'too_long'
  | 'bad_length'
  | 'bad_format'
  | 'bad_armour'
  | 'bad_tagblock'
  | 'bad_part'
  | 'missing_fragment'
  | 'not_nmea'
  | 'unsupported_type';

export interface Reject {
  /** 1-based line number in the decompressed input */
  lineNo: number;
  reason: RejectReason;
  /** which column or what was wrong, for the reject file and logs */
  detail: string;
}

/** Receives each rejected raw line (without its line ending) with why; see rejects.ts. */
export type RejectSink = (raw: string, reject: Reject, sourceName: string) => void;

export interface SourceBatch {
  positions: Position[];
  /** the batch's positions as columns instead, `positions` empty (readers asked for ReaderOptions.columnar that can) */
  columns?: PositionColumns;
  statics: VesselStatic[];
  /** every reject in this batch, in line order */
  rejects: Reject[];
  /**
   * Rows read that gave no position, by why, which are not errors: 'no_position' (lat 91 /
   * lon 181, static-only rows), 'header', 'blank', 'comment', 'not_position_message' (AISStream
   * types without a position such as binary messages).
   */
  skipped: Record<string, number>;
  progress: {
    /** decompressed bytes consumed through the end of the last line of this batch */
    bytesRead: number;
    /** lines fully consumed through bytesRead (the last line number of this batch, 1-based) */
    lineNo: number;
    /** compressed bytes read so far (ByteSource.rawBytesRead) */
    rawBytesRead: number;
  };
}

export interface ReaderOptions {
  /** Position.source / VesselStatic.source; defaults to the ByteSource name */
  source?: string;
  /** called for every rejected line, e.g. to write --reject-file */
  onReject?: RejectSink;
  /** NMEA without receive times: epoch ms to start the clock at (`--assume-start`); otherwise such input is refused */
  assumeStart?: number;
  /**
   * Lines of the input before its first byte read here (an NMEA ingest resumed mid-file): added
   * to every line number (records' lineNo, progress) so they count from the input's start. Default 0.
   */
  lineOffset?: number;
  /**
   * A live feed (a socket): records are handed on as each chunk of input yields them, not held
   * for a store-sized batch (which a feed would fill only after minutes, or when it drops).
   */
  live?: boolean;
  /**
   * Hand positions over as SourceBatch.columns where the reader can (NMEA): what the store takes
   * fastest. Readers that cannot fill `positions` as always.
   */
  columnar?: boolean;
}

export type Reader = (input: ByteSource, opts?: ReaderOptions) => AsyncGenerator<SourceBatch>;

export function emptyBatch(): SourceBatch {
  return { positions: [], statics: [], rejects: [], skipped: {}, progress: { bytesRead: 0, lineNo: 0, rawBytesRead: 0 } };
}
