/**
 * One entry for every input: open (decompressing by magic bytes), pick the format (given or
 * sniffed), and hand over to that format's reader. The reader table lives here only:
 * registerReader reaches every caller (readInput, the ingest step).
 */
import { SourceError } from '../errors.js';
import { readAisStream } from './aisstream.js';
import { readDma } from './dma.js';
import { readMarineCadastre } from './marinecadastre.js';
import { readNmea } from './nmea.js';
import { openByteSource } from './open.js';
import { sniffFormat } from './sniff.js';
import type { ByteSource, Reader, ReaderOptions, SourceBatch, SourceFormat } from './types.js';

/** Readers by format; registerReader adds or replaces one. */
const READERS: Partial<Record<SourceFormat, Reader>> = {
  nmea: readNmea,
  marinecadastre: readMarineCadastre,
  dma: readDma,
  aisstream: readAisStream,
};

export function registerReader(format: SourceFormat, reader: Reader): void {
  READERS[format] = reader;
}

export interface ReadInputOptions extends ReaderOptions {
  format?: SourceFormat | 'auto';
}

/** The format an input will be read as: the one asked for, else sniffed from its content (from its first few sentences when `live`). */
export async function resolveFormat(src: ByteSource, format: SourceFormat | 'auto' = 'auto', live = false): Promise<SourceFormat> {
  return format === 'auto' ? sniffFormat(src, live) : format;
}

/** The registered reader of a format; SourceError when none is. */
export function readerFor(format: SourceFormat, inputName: string): Reader {
  const reader = READERS[format];
  if (!reader) throw new SourceError('unsupported_format', `${inputName}: ${format} input is recognised but no ${format} reader is registered`);
  return reader;
}

/** Read an input (path, '-', tcp:// or udp:// address) or an open ByteSource as normalised batches. */
export async function* readInput(input: string | ByteSource, opts: ReadInputOptions = {}): AsyncGenerator<SourceBatch> {
  const src = typeof input === 'string' ? await openByteSource(input) : input;
  const format = await resolveFormat(src, opts.format, opts.live);
  yield* readerFor(format, src.name)(src, opts);
}
