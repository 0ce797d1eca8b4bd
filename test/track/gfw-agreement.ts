/**
 * Runs our segmenter over a GFW gpsdio-segment regression file and measures
 * how far our grouping agrees with GFW's `expected` segment ids.
 *
 * Agreement is the Rand index: over all pairs of messages, the fraction where
 * "same segment" (ours) equals "same segment" (GFW). It is computed exactly
 * from the contingency table (no pair sampling needed, even for 5 000-message
 * files).
 *
 * How messages count:
 * - GFW gives no segment (null) to messages its message processor skips as
 *   duplicates (same msgid, or a moving vessel repeating a position). They
 *   have no GFW grouping, so they are left out of the pairs; whether we drop
 *   them too is reported separately (duplicate recall / precision).
 * - GFW puts identity-only messages (type 5/24), bad, noise and lookback-dropped
 *   messages in singleton segments (named by their timestamp, so those at the
 *   same instant share an id). We do the same for the pairs: an identity
 *   message is never a member of a position segment (our segmenter attaches
 *   its *content* to a segment, which is checked separately), and a fix we
 *   reject or drop is a singleton, labelled by its time like GFW's.
 * - `positionsOnly` repeats the figure over position messages GFW kept: the
 *   harder number, as singletons make many easy "different" pairs.
 */
import fs from 'node:fs';
import type { Position, VesselStatic } from '../../src/records.js';
import { Segmenter, type SegmenterOptions } from '../../src/track/segmenter.js';

export interface RegrMessage {
  t: number;
  mmsi: number;
  msgType: number | undefined;
  lat: number | null;
  lon: number | null;
  sog: number | null;
  cog: number | null;
  heading: number | null;
  shipname: string | null;
  callsign: string | null;
  imo: number | null;
  expected: string | null;
}

function num(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

function str(v: unknown): string | null {
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : null;
}

/** Parse a regression file: JSON lines with bare NaN tokens (Python's json.dump). */
export function loadRegression(file: string): RegrMessage[] {
  const out: RegrMessage[] = [];
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const m = JSON.parse(line.replace(/\bNaN\b/g, 'null')) as Record<string, unknown>;
    const ts = String(m.timestamp).replace(' ', 'T');
    const t = Date.parse(/Z|[+-]\d\d:\d\d$/.test(ts) ? ts : `${ts}Z`);
    const type = typeof m.type === 'string' ? Number(m.type.replace(/^AIS\./, '')) : undefined;
    const exp = m.expected ?? m.segment;
    out.push({
      t,
      mmsi: Number(m.ssvid),
      msgType: type !== undefined && Number.isFinite(type) ? type : undefined,
      lat: num(m.lat),
      lon: num(m.lon),
      sog: num(m.speed),
      cog: num(m.course),
      heading: num(m.heading),
      shipname: str(m.shipname),
      callsign: str(m.callsign),
      imo: num(m.imo),
      expected: typeof exp === 'string' ? exp : null,
    });
  }
  // stable: ties keep file order, as GFW's sorted input did
  return out.map((m, i) => ({ m, i })).sort((a, b) => a.m.t - b.m.t || a.i - b.i).map((x) => x.m);
}

export interface Agreement {
  messages: number;
  /** messages GFW gave a segment */
  scored: number;
  pairs: number;
  agreement: number;
  positionsOnly: { messages: number; pairs: number; agreement: number };
  /** written by GFW's older segmenter: position-less messages are members of a segment */
  legacy: boolean;
  gfwSegments: number;
  ourSegments: number;
  /** GFW-null messages we also dropped as duplicates / all GFW-null messages */
  duplicateRecall: number | null;
  /** of the messages we dropped as duplicates, the share GFW dropped too */
  duplicatePrecision: number | null;
  identityAttached: number;
  identityMessages: number;
}

/** Rand index of two labelings over the same items, exact, via the contingency table. */
export function randIndex(ours: string[], theirs: string[]): { pairs: number; agreement: number } {
  const n = ours.length;
  const pairs = (n * (n - 1)) / 2;
  if (pairs === 0) return { pairs: 0, agreement: 1 };
  const c2 = (k: number): number => (k * (k - 1)) / 2;
  const count = (labels: string[]): Map<string, number> => {
    const m = new Map<string, number>();
    for (const l of labels) m.set(l, (m.get(l) ?? 0) + 1);
    return m;
  };
  const joint = count(ours.map((o, i) => `${o}\u0000${theirs[i]}`));
  let both = 0;
  for (const v of joint.values()) both += c2(v);
  let sameOurs = 0;
  for (const v of count(ours).values()) sameOurs += c2(v);
  let sameTheirs = 0;
  for (const v of count(theirs).values()) sameTheirs += c2(v);
  const disagree = sameOurs - both + (sameTheirs - both);
  return { pairs, agreement: (pairs - disagree) / pairs };
}

export function segmentAndCompare(msgs: RegrMessage[], opts: SegmenterOptions = {}): Agreement {
  const ours: (string | null)[] = new Array<string | null>(msgs.length).fill(null);
  const index = new Map<Position, number>();
  const dupDropped: boolean[] = new Array<boolean>(msgs.length).fill(false);
  let identityAttached = 0;
  let identityMessages = 0;
  // Files written by GFW's older segmenter (no message `type`) put messages
  // without a position in the segment of the fix they follow; newer ones make
  // them singletons. Score each file by the convention that produced it.
  const legacy = msgs.every((m) => m.msgType === undefined);
  const staticIndex = new Map<VesselStatic, number>();
  const seg = new Segmenter({
    ...opts,
    onDiscard: (p) => {
      const i = index.get(p);
      if (i !== undefined) ours[i] = null;
    },
    onIdentity: (rec, id) => {
      identityAttached++;
      const i = staticIndex.get(rec);
      if (legacy && i !== undefined) ours[i] = id;
    },
  });
  const isPosition: boolean[] = [];
  msgs.forEach((m, i) => {
    const hasPos = m.lat != null && m.lon != null;
    isPosition.push(hasPos);
    if (!hasPos) {
      if (legacy || m.msgType === 5 || m.msgType === 19 || m.msgType === 24) {
        identityMessages++;
        const rec: VesselStatic = {
          mmsi: m.mmsi,
          t: m.t,
          imo: m.imo,
          name: m.shipname,
          callsign: m.callsign,
          shipType: null,
          length: null,
          width: null,
          draught: null,
          destination: null,
          flag: null,
          source: 'gfw-regression',
        };
        staticIndex.set(rec, i);
        seg.pushStatic(rec, m.msgType);
      }
      return;
    }
    const p: Position = {
      mmsi: m.mmsi,
      t: m.t,
      lat: m.lat!,
      lon: m.lon!,
      sog: m.sog,
      cog: m.cog,
      heading: m.heading,
      navStatus: null,
      source: 'gfw-regression',
      msgType: m.msgType,
    };
    index.set(p, i);
    ours[i] = seg.push(p);
    if (ours[i] === null && (seg.lastReason === 'duplicate' || seg.lastReason === 'repeated_fix')) dupDropped[i] = true;
  });
  seg.flush();

  // GFW names every segment `${ssvid}-${first timestamp}` and bumps the time
  // only against *open* segments, so its singleton segments (identity-only,
  // bad and noise messages) at one timestamp share an id. Mirror that: our
  // singletons are labelled by their time.
  const label = (i: number): string => ours[i] ?? `single@${msgs[i]!.t}`;
  const scoredIdx: number[] = [];
  const posIdx: number[] = [];
  msgs.forEach((m, i) => {
    if (m.expected === null) return;
    scoredIdx.push(i);
    if (isPosition[i]) posIdx.push(i);
  });
  const all = randIndex(
    scoredIdx.map(label),
    scoredIdx.map((i) => msgs[i]!.expected!),
  );
  const pos = randIndex(
    posIdx.map(label),
    posIdx.map((i) => msgs[i]!.expected!),
  );
  const gfwNull = msgs.map((m, i) => (m.expected === null ? i : -1)).filter((i) => i >= 0);
  const ourDup = dupDropped.map((d, i) => (d ? i : -1)).filter((i) => i >= 0);
  const bothDup = gfwNull.filter((i) => dupDropped[i]).length;
  return {
    messages: msgs.length,
    scored: scoredIdx.length,
    pairs: all.pairs,
    agreement: all.agreement,
    legacy,
    positionsOnly: { messages: posIdx.length, pairs: pos.pairs, agreement: pos.agreement },
    gfwSegments: new Set(scoredIdx.map((i) => msgs[i]!.expected)).size,
    ourSegments: new Set(scoredIdx.map(label)).size,
    duplicateRecall: gfwNull.length ? bothDup / gfwNull.length : null,
    duplicatePrecision: ourDup.length ? bothDup / ourDup.length : null,
    identityAttached,
    identityMessages,
  };
}
