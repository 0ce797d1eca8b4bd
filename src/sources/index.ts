/** Sources: every input kind (files, stdin, TCP, UDP) opened once, and the readers that turn them into normalised Position / VesselStatic batches. */
export type { ByteSource, Compression, Reader, ReaderOptions, Reject, RejectReason, RejectSink, SourceBatch, SourceFormat } from './types.js';
export { openByteSource, byteSourceFromBytes, byteSourceFromIterable, skipBytes } from './open.js';
export { sniffCompression } from './compression.js';
export { sniffFormat, sniffLines } from './sniff.js';
export { readInput, readerFor, registerReader, resolveFormat, type ReadInputOptions } from './read.js';
export { readMarineCadastre } from './marinecadastre.js';
export { readDma } from './dma.js';
export { readAisStream } from './aisstream.js';
export { readLineBlocks, type LineBlock } from './lines.js';
export { splitCsvLine } from './csv.js';
export { parseIsoTime, parseDmyTime } from './time.js';
export { StaticTracker, type StaticFields } from './statics.js';
export { countRejects, createRejectWriter, rejectLine, type RejectWriter } from './rejects.js';
export { readNmea } from './nmea.js';
