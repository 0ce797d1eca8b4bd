/**
 * Tell an input's format from its first lines, never its name: MarineCadastre and DMA by their
 * CSV headers, AISStream by its JSON envelope, NMEA by VDM/VDO sentences (bare, behind NMEA 4
 * tag blocks, after $PGHP or other prefixes). Anything else is one SourceError naming the file
 * and showing its first line.
 */
import { SourceError } from '../errors.js';
import { isAisStreamLine } from './aisstream.js';
import { shown } from './common.js';
import { isDmaHeader } from './dma.js';
import { isMarineCadastreHeader } from './marinecadastre.js';
import type { ByteSource, SourceFormat } from './types.js';

/** How much of the start of an input is looked at. */
export const SNIFF_BYTES = 64 * 1024;
const SNIFF_LINES = 50;

// an AIS sentence anywhere on the line: !AIVDM, !BSVDM, $AIVDO, ... with its first comma
const VDM = /[!$][A-Z]{2}VD[MO],/;
// NMEA 4.0 tag block, Gatehouse $PGHP header
const NMEA_OTHER = /^\\[a-zA-Z]:|^\$PGHP,/;

/** Format of a text whose first lines are given; undefined when none fits. */
export function sniffLines(lines: string[]): SourceFormat | undefined {
  const content = lines.map((l) => l.replace(/^\uFEFF/, '')).filter((l) => l.trim() !== '');
  const first = content[0];
  if (first === undefined) return undefined;
  if (first.trimStart().startsWith('{')) return isAisStreamLine(first) ? 'aisstream' : undefined;
  if (isDmaHeader(first)) return 'dma';
  if (isMarineCadastreHeader(first)) return 'marinecadastre';
  // NMEA logs may open with comments, GPS sentences or junk: look further
  if (content.slice(0, SNIFF_LINES).some((l) => VDM.test(l) || NMEA_OTHER.test(l))) return 'nmea';
  return undefined;
}

/**
 * Sniff a ByteSource (peeks, consumes nothing). Throws SourceError when the format is unknown.
 * `live` (a socket): decide on the first whole line rather than 64 KB, which a quiet feed could
 * take minutes to send.
 */
export async function sniffFormat(src: ByteSource, live = false): Promise<SourceFormat> {
  let asked = live ? 128 : SNIFF_BYTES;
  let head = await src.peek(asked);
  while (live && head.length >= asked && !head.includes(10) && asked < SNIFF_BYTES) {
    asked *= 2;
    head = await src.peek(asked);
  }
  const text = Buffer.from(head.buffer, head.byteOffset, head.length).toString('utf8');
  const lines = text.split(/\r?\n/);
  // the last line may be cut by the peek limit; keep it only when it is the whole input
  if (head.length >= asked && lines.length > 1) lines.pop();
  const fmt = sniffLines(lines);
  if (fmt) return fmt;
  const firstLine = lines.find((l) => l.trim() !== '');
  if (firstLine === undefined) throw new SourceError('empty', `${src.name}: the input is empty`);
  // control characters or undecodable bytes near the start: a binary file
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000e-\u001a\u001c-\u001f\ufffd]/.test(text.slice(0, 4096))) {
    throw new SourceError('unknown_format', `${src.name}: line 1 is binary data, not a format darkfleet reads (NMEA, MarineCadastre CSV, DMA CSV, AISStream JSON lines; plain, gzip, zstd or zip)`);
  }
  const lineNo = lines.indexOf(firstLine) + 1;
  throw new SourceError(
    'unknown_format',
    `${src.name}: cannot tell the format from line ${lineNo}: ${shown(firstLine)}; expected NMEA (!AIVDM), a MarineCadastre header (MMSI,BaseDateTime,... or mmsi,base_date_time,...), a DMA header (# Timestamp,Type of mobile,MMSI,...) or AISStream JSON lines`,
  );
}
