/**
 * Type 6/8 cases from gpsd's regression files: each case is one message's NMEA sentence(s)
 * and the JSON object gpsd printed for it. Two sources:
 *  - daemon logs (`*.log.chk`): input lines echoed, each followed by gpsd's JSON;
 *  - `sample.aivdm` with `sample.aivdm.js.chk` / `.ju.chk`: JSON lines in input order.
 * Also writes/reads the small extract kept in test/fixtures/ais-binary.
 */
import { ARMOUR, uint } from '../../src/ais/bits.js';

export interface GpsdCase {
  /** where the JSON line came from (file:line) */
  origin: string;
  /** the sentence(s) of the message, as in the file */
  sentences: string[];
  /** gpsd's JSON line, verbatim */
  json: string;
}

export interface Payload {
  sb: Uint8Array;
  nbits: number;
}

/** The NMEA part of a line (drops an NMEA 4 tag block); null when it is not a VDM/VDO sentence. */
function sentence(line: string): string[] | null {
  let s = line.trim();
  if (s.startsWith('\\')) s = s.slice(s.indexOf('\\', 1) + 1);
  if (!/^!..VD[MO],/.test(s)) return null;
  const f = s.split(',');
  return f.length >= 7 ? f : null;
}

/** Concatenated 6-bit payload of a message's sentences; fill bits from the last one. */
export function payloadOf(sentences: readonly string[]): Payload {
  let armoured = '';
  let pad = 0;
  for (const line of sentences) {
    const f = sentence(line)!;
    armoured += f[5]!;
    pad = Number(f[6]!.split('*')[0] || 0);
  }
  const sb = new Uint8Array(armoured.length);
  for (let k = 0; k < armoured.length; k++) sb[k] = ARMOUR[armoured.charCodeAt(k)]!;
  return { sb, nbits: armoured.length * 6 - pad };
}

/** The last complete message (fragments n..1 in order) among `lines`, or null. */
function lastMessage(lines: readonly string[]): string[] | null {
  const out: string[] = [];
  let want = -1;
  let total = -1;
  for (let k = lines.length - 1; k >= 0; k--) {
    const f = sentence(lines[k]!);
    if (!f) continue;
    const n = Number(f[1]);
    const num = Number(f[2]);
    if (want < 0) {
      if (num !== n) return null;
      total = n;
      want = n;
    }
    if (n !== total || num !== want) return null;
    out.unshift(lines[k]!);
    want--;
    if (want === 0) return out;
  }
  return null;
}

const isBinary = (json: string): boolean => /"type":(6|8),/.test(json);

/**
 * Type 6/8 cases of a daemon log (.log.chk): for each JSON line, the nearest complete message
 * before it with the same type and MMSI (gpsd's output may trail its input echo by a few lines,
 * and repeats an object after GPS reports).
 */
export function daemonCases(text: string, name: string): GpsdCase[] {
  const cases: GpsdCase[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((line, k) => {
    if (!line.startsWith('{') || !isBinary(line)) return;
    const obj = JSON.parse(line) as { type: number; mmsi: number };
    for (let end = k; end > 0 && k - end < 400; end--) {
      const msg = lastMessage(lines.slice(Math.max(0, end - 8), end));
      if (!msg) continue;
      const { sb, nbits } = payloadOf(msg);
      if (nbits >= 38 && uint(sb, 0, 6) === obj.type && uint(sb, 8, 30) === obj.mmsi) {
        cases.push({ origin: `${name}:${k + 1}`, sentences: msg, json: line });
        return;
      }
    }
    throw new Error(`${name}:${k + 1}: no message for this JSON line`);
  });
  return cases;
}

/**
 * Type 6/8 cases of an input file and the JSON lines gpsd printed for it: messages are
 * reassembled in input order and aligned with the JSON lines by (type, mmsi), skipping
 * messages gpsd printed nothing for.
 */
export function sampleCases(input: string, chk: string, name: string): GpsdCase[] {
  const messages = messagesOf(input);
  const cases: GpsdCase[] = [];
  let next = 0;
  chk.split(/\r?\n/).forEach((json, k) => {
    if (!json.startsWith('{')) return;
    const obj = JSON.parse(json) as { type?: number; mmsi?: number };
    if (obj.type === undefined) return;
    for (let m = next; m < messages.length; m++) {
      const { sb, nbits } = payloadOf(messages[m]!);
      if (nbits >= 38 && uint(sb, 0, 6) === obj.type && uint(sb, 8, 30) === obj.mmsi) {
        if (isBinary(json)) cases.push({ origin: `${name}:${k + 1}`, sentences: messages[m]!, json });
        next = m + 1;
        return;
      }
    }
    throw new Error(`${name}:${k + 1}: no input message for type ${obj.type} mmsi ${obj.mmsi}`);
  });
  return cases;
}

/** Complete messages of an NMEA text in input order, fragments reassembled per radio channel
 *  as gpsd does (the gpsd sample interleaves channels A and B). */
export function messagesOf(input: string): string[][] {
  const messages: string[][] = [];
  const groups = new Map<string, string[]>();
  for (const line of input.split(/\r?\n/)) {
    const f = sentence(line);
    if (!f) continue;
    const n = Number(f[1]);
    const num = Number(f[2]);
    const channel = f[4]!;
    if (num === 1) groups.set(channel, []);
    const group = groups.get(channel);
    if (!group) continue;
    group.push(line);
    if (num === n) {
      if (group.length === n) messages.push(group);
      groups.delete(channel);
    }
  }
  return messages;
}

/** The fixture extract: per case a provenance comment, the sentences, the JSON line (daemon-log shape). */
export function formatCases(cases: readonly GpsdCase[]): string {
  return cases.map((c) => `# ${c.origin}\n${c.sentences.join('\n')}\n${c.json}\n`).join('');
}

/** Reads a fixture extract back (origins restored from the comments). */
export function parseFixture(text: string): GpsdCase[] {
  const cases: GpsdCase[] = [];
  let origin = '';
  let sentences: string[] = [];
  for (const line of text.split('\n')) {
    if (line.startsWith('# ')) origin = line.slice(2);
    else if (line.startsWith('{')) {
      cases.push({ origin, sentences, json: line });
      sentences = [];
    } else if (line !== '') sentences.push(line);
  }
  return cases;
}
