/**
 * The payload of one JetStream message: a run of one partition's items in feed order, in the
 * binary layout of `encodePayload` (positions as numbers in one typed array, the rest in a small
 * JSON header), with the feed clock's marks between the records:
 * - `k` the feed clock: the feed's first time in each new minute, sent to every partition
 *   (Runner.advance), so each partition's runner turns its UTC hours at the same times as a
 *   single runner fed everything would, and a quiet partition still closes what time alone
 *   closes (an encounter whose vessels went silent);
 * - `e` end of the feed (a file read to its end): flush the detectors.
 * `a` is the wall time (epoch ms) the feed delivered the message's first record, for latency;
 * `id`/`n` name the publishing run and the message's number in its partition, so a message
 * published twice (a retry across a broker restart) is processed once. A stream written by an
 * older darkfleet (a JSON payload: one array per position) is still read.
 */
import { newPosition, type Position, type VesselStatic } from '../records.js';
import { DarkfleetError } from '../errors.js';

export type Item =
  | { k: 'p'; r: Position }
  | { k: 's'; r: VesselStatic }
  | { k: 'k' | 'e'; t: number };

type Wire = (number | null)[] | ['k' | 'e', number] | { s: Omit<VesselStatic, 'source'> };

export interface Payload {
  /** wall ms when the first record of the message was received */
  a: number;
  /** publishing run */
  id: string;
  /** number of the message in its partition, from 1 */
  n: number;
  /** the feed's name (Position.source / VesselStatic.source) */
  src: string;
  items: Item[];
}

/** First byte of a binary payload (a JSON one starts with `{`). */
const BINARY_V1 = 1;
/** Numbers per position in a binary payload: t, mmsi, lat, lon, sog, cog, heading, navStatus, msgType. */
const FIELDS = 9;

/**
 * A payload in binary: byte 0 the version, bytes 4-7 the header's length (little-endian), the
 * header (JSON: a, id, n, src, `kinds` with one letter per item in order: p, s, k or e, the
 * static reports `s` and the clock marks `t`), zero padding to a multiple of 8, then every
 * position as 9 little-endian float64s (NaN for null). Why not JSON throughout: a worker parsed
 * every record of every partition it holds (4.1 per position with the default plan), and
 * JSON.parse plus the object it built was a tenth of its main thread; the positions now come
 * out of one typed array, exactly the numbers sent.
 */
export function encodePayload(p: Payload): Uint8Array {
  let kinds = '';
  const statics: Omit<VesselStatic, 'source'>[] = [];
  const marks: number[] = [];
  let n = 0;
  for (const it of p.items) {
    kinds += it.k;
    if (it.k === 'p') n++;
    else if (it.k === 's') {
      const { source: _source, ...rest } = it.r;
      statics.push(rest);
    } else marks.push(it.t);
  }
  const header = Buffer.from(JSON.stringify({ a: p.a, id: p.id, n: p.n, src: p.src, kinds, s: statics, t: marks }));
  const off = (8 + header.length + 7) & ~7;
  // a fresh ArrayBuffer (not Buffer.alloc's pool) starts aligned, so the Float64Array fits
  const out = new Uint8Array(off + n * FIELDS * 8);
  out[0] = BINARY_V1;
  new DataView(out.buffer).setUint32(4, header.length, true);
  out.set(header, 8);
  const f = new Float64Array(out.buffer, off, n * FIELDS);
  let j = 0;
  for (const it of p.items) {
    if (it.k !== 'p') continue;
    const x = it.r;
    f[j] = x.t;
    f[j + 1] = x.mmsi;
    f[j + 2] = x.lat;
    f[j + 3] = x.lon;
    f[j + 4] = x.sog ?? Number.NaN;
    f[j + 5] = x.cog ?? Number.NaN;
    f[j + 6] = x.heading ?? Number.NaN;
    f[j + 7] = x.navStatus ?? Number.NaN;
    f[j + 8] = x.msgType ?? Number.NaN;
    j += FIELDS;
  }
  return out;
}

const orNull = (v: number): number | null => (Number.isNaN(v) ? null : v);

/** Little-endian float64s in place (the payload's positions), whatever their alignment. */
class Float64Reader {
  readonly length: number;
  constructor(private readonly view: DataView) {
    this.length = view.byteLength / 8;
  }
  at(i: number): number {
    return this.view.getFloat64(i * 8, true);
  }
}

export function decodePayload(data: Uint8Array): Payload {
  return data[0] === BINARY_V1 ? decodeBinary(data) : decodeJson(data);
}

function badMessage(why: string, cause?: unknown): DarkfleetError {
  return new DarkfleetError('live_bad_message', `a stream message is not darkfleet's: ${why}`, cause === undefined ? undefined : { cause });
}

function decodeBinary(data: Uint8Array): Payload {
  if (data.byteLength < 8) throw badMessage(`${data.byteLength} bytes`);
  const view = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const len = view.readUInt32LE(4);
  let h: { a: number | null; id: string; n: number; src: string; kinds: string; s: Omit<VesselStatic, 'source'>[]; t: number[] };
  try {
    h = JSON.parse(view.toString('utf8', 8, 8 + len)) as typeof h;
  } catch (err) {
    throw badMessage(`its header is not JSON: ${String(err)}`, err);
  }
  const off = (8 + len + 7) & ~7;
  const bytes = data.byteLength - off;
  if (bytes < 0 || bytes % (FIELDS * 8) !== 0) throw badMessage(`${bytes} bytes of positions`);
  // read in place, aligned or not: a message's bytes sit anywhere in the connection's buffer, and
  // copying an unaligned one into a Float64Array was a fifth of what a worker allocated
  const f = new Float64Reader(new DataView(data.buffer, data.byteOffset + off, bytes));
  const src = h.src;
  const items: Item[] = [];
  let j = 0;
  let si = 0;
  let ti = 0;
  for (let i = 0; i < h.kinds.length; i++) {
    const k = h.kinds[i];
    if (k === 'p') {
      if (j + FIELDS > f.length) throw badMessage('fewer positions than its kinds say');
      const mt = f.at(j + 8);
      const p = newPosition(f.at(j + 1), f.at(j), f.at(j + 2), f.at(j + 3), orNull(f.at(j + 4)), orNull(f.at(j + 5)), orNull(f.at(j + 6)), orNull(f.at(j + 7)), src, Number.isNaN(mt) ? undefined : mt);
      items.push({ k: 'p', r: p });
      j += FIELDS;
    } else if (k === 's') items.push({ k: 's', r: { ...h.s[si++]!, source: src } });
    else if (k === 'k' || k === 'e') items.push({ k, t: h.t[ti++]! });
    else throw badMessage(`unknown item kind ${JSON.stringify(k)}`);
  }
  return { a: h.a ?? Number.NaN, id: h.id, n: h.n, src, items };
}

/** A payload of the JSON format published before the binary one (a stream written by an older darkfleet). */
function decodeJson(data: Uint8Array): Payload {
  let o: { a: number; id: string; n: number; src: string; r: Wire[] };
  try {
    o = JSON.parse(Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('utf8')) as typeof o;
  } catch (err) {
    throw badMessage(`not JSON: ${String(err)}`, err);
  }
  const src = o.src;
  const items: Item[] = [];
  for (const w of o.r) {
    if (Array.isArray(w)) {
      const k = w[0];
      if (k === 'k' || k === 'e') items.push({ k, t: w[1] as number });
      else {
        const [t, mmsi, lat, lon, sog, cog, heading, navStatus, msgType] = w as (number | null)[];
        const p: Position = { mmsi: mmsi!, t: t!, lat: lat!, lon: lon!, sog: sog ?? null, cog: cog ?? null, heading: heading ?? null, navStatus: navStatus ?? null, source: src };
        if (msgType != null) p.msgType = msgType;
        items.push({ k: 'p', r: p });
      }
    } else items.push({ k: 's', r: { ...w.s, source: src } });
  }
  return { a: o.a, id: o.id, n: o.n, src, items };
}
