/**
 * The payload of one JetStream message: a run of one partition's items in feed order. Records
 * travel as compact JSON (a position as an array of its fields: a third of the bytes of an
 * object), with the feed clock's marks between them:
 * - `["k", t]` the feed clock: the feed's first time in each new minute, sent to every partition
 *   (Runner.advance), so each partition's runner turns its UTC hours at the same times as a
 *   single runner fed everything would, and a quiet partition still closes what time alone
 *   closes (an encounter whose vessels went silent);
 * - `["e", t]` end of the feed (a file read to its end): flush the detectors.
 * `a` is the wall time (epoch ms) the feed delivered the message's first record, for latency;
 * `id`/`n` name the publishing run and the message's number in its partition, so a message
 * published twice (a retry across a broker restart) is processed once.
 */
import type { Position, VesselStatic } from '../records.js';
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

export function encodePayload(p: Payload): Uint8Array {
  const r: Wire[] = [];
  for (const it of p.items) {
    if (it.k === 'p') {
      const x = it.r;
      r.push([x.t, x.mmsi, x.lat, x.lon, x.sog, x.cog, x.heading, x.navStatus, x.msgType ?? null]);
    } else if (it.k === 's') {
      const { source: _source, ...s } = it.r;
      r.push({ s });
    } else r.push([it.k, it.t]);
  }
  return Buffer.from(JSON.stringify({ a: p.a, id: p.id, n: p.n, src: p.src, r }));
}

export function decodePayload(data: Uint8Array): Payload {
  let o: { a: number; id: string; n: number; src: string; r: Wire[] };
  try {
    o = JSON.parse(Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('utf8')) as typeof o;
  } catch (err) {
    throw new DarkfleetError('live_bad_message', `a stream message is not darkfleet's JSON: ${String(err)}`, { cause: err });
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
