/**
 * Differential test against gpsd itself (Debian's `gpsdecode`, gpsd-clients): random type 6
 * and 8 messages for every DAC/FID we decode (and some we do not), at their standard lengths
 * and at random lengths, scaled and unscaled. Our `decodeBinary` + `gpsdText` (or
 * `binaryData`) must give gpsd's values after `"fid":N`, in gpsd's key order.
 *
 * Debian's gpsd (3.22) differs from the regression files we follow in known ways, normalised
 * here: it prints positions in 1/1000 minute with 4 decimals (the files, and we, print 6),
 * omits the comma before 8/1/19's "nextsignal_text" and prints its legends and 6/200/21-22
 * texts unescaped. One deliberate divergence: for 8/1/16 gpsd prints `persons` from the type 6
 * member of its union (always 0); we print the decoded count.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BINARY_MESSAGES, binaryData, decodeBinary, gpsdText } from '../../src/ais/binary/index.js';
import { ARMOUR_CHARS, putUint, uint } from '../../src/ais/bits.js';
import { messagesOf, payloadOf } from './binary-cases.js';
import { shared } from './paths.js';

/** Real NMEA files of ../shared/data with type 6/8 messages (about 270 of them). */
const REAL = [
  'ais-decoding/libais/typeexamples.nmea',
  'ais-decoding/libais/test.aivdm',
  'ais-decoding/dma-aislib/ais250.txt',
  'ais-decoding/dma-aislib/decode_encode_messages.txt',
  'ais-decoding/dma-aislib/stream_example.txt',
  'tracks/amsa/exact-earth-augmented.txt',
  'tracks/amsa/exact-earth-augmented-2.txt',
  'tracks/amsa/exact-earth-augmented-3.txt',
  'ais-decoding/gpsd/sample.aivdm',
];

/** Type 6/8 messages (within gpsd's length limits) of the real files present. */
function realSamples(): Sample[] | null {
  const present = REAL.map((f) => path.join(shared, f)).filter((f) => existsSync(f));
  if (present.length === 0) return null;
  const out: Sample[] = [];
  for (const file of present) {
    const raw = readFileSync(file);
    const text = (file.endsWith('.gz') ? gunzipSync(raw) : raw).toString('latin1');
    for (const msg of messagesOf(text)) {
      const { sb, nbits } = payloadOf(msg);
      if (nbits < 56 || sb.some((v) => v === 255)) continue;
      const type = uint(sb, 0, 6);
      const start = type === 6 ? 88 : 56;
      if ((type !== 6 && type !== 8) || nbits < start || nbits > 1008) continue;
      out.push({ type, dac: uint(sb, start - 16, 10), fid: uint(sb, start - 6, 6), sb, nbits });
    }
  }
  return out;
}

const hasGpsdecode = spawnSync('gpsdecode', ['-V']).status === 0;
if (!hasGpsdecode) {
  if (process.env.CI === 'true') throw new Error('CI=true but gpsdecode (Debian gpsd-clients) is not installed');
  console.warn('skipping: gpsdecode is not installed (apt-get install gpsd-clients)');
}

interface Sample {
  type: 6 | 8;
  dac: number;
  fid: number;
  sb: Uint8Array;
  nbits: number;
}

/** NMEA sentences of a payload: 60 characters a fragment, fill bits in the last. */
function sentences(s: Sample, seq: number): string[] {
  const chars = Math.ceil(s.nbits / 6);
  let armoured = '';
  for (let k = 0; k < chars; k++) armoured += ARMOUR_CHARS[s.sb[k]!];
  const parts = armoured.match(/.{1,60}/g)!;
  return parts.map((p, k) => {
    const pad = k === parts.length - 1 ? chars * 6 - s.nbits : 0;
    const body = `AIVDM,${parts.length},${k + 1},${parts.length > 1 ? seq : ''},A,${p},${pad}`;
    let cs = 0;
    for (let c = 0; c < body.length; c++) cs ^= body.charCodeAt(c);
    return `!${body}*${cs.toString(16).toUpperCase().padStart(2, '0')}`;
  });
}

/** Lengths worth testing for a DAC/FID: the ones gpsd accepts, their neighbours, random ones. */
function lengthsFor(type: 6 | 8, dac: number, fid: number): number[] {
  const start = type === 6 ? 88 : 56;
  const def = BINARY_MESSAGES[type].get(dac)?.get(fid);
  const end = def ? Math.max(start, ...def.fields.map((f) => f.at + f.bits)) : start + 64;
  const standard = [168, 136 + start, 72 + start, 232, 248, 256, 360, 472, end, end + 1, end + 5];
  return [...new Set(standard.flatMap((n) => [n - 1, n, n + 1]))].filter((n) => n >= start && n <= 1008);
}

function samples(): Sample[] {
  const kinds: [6 | 8, number, number][] = [
    ...([6, 8] as const).flatMap((type) => [...BINARY_MESSAGES[type]].flatMap(([dac, fids]) => [...fids.keys()].map((fid): [6 | 8, number, number] => [type, dac, fid]))),
    [6, 1, 23],
    [8, 1, 22],
    [8, 366, 56],
    [6, 669, 11],
  ];
  const out: Sample[] = [];
  const rnd = fc.sample(fc.uint8Array({ minLength: 170, maxLength: 170 }), { numRuns: 4000, seed: 6008 });
  let r = 0;
  for (const [type, dac, fid] of kinds) {
    const start = type === 6 ? 88 : 56;
    const lengths = lengthsFor(type, dac, fid);
    for (let k = 0; k < 60; k++) {
      const bytes = rnd[r++ % rnd.length]!;
      const sb = bytes.map((x) => x & 63);
      // a third at random lengths, the rest at the lengths gpsd checks for
      const nbits = k % 3 === 0 ? start + (bytes[169]! * 4 + bytes[168]!) % (1008 - start + 1) : lengths[k % lengths.length]!;
      putUint(sb, 0, 6, type);
      putUint(sb, start - 16, 10, dac);
      putUint(sb, start - 6, 6, fid);
      // inland static data: also give gpsd's hazard check sane values half the time
      if (type === 8 && dac === 200 && fid === 10 && k % 2 === 0) putUint(sb, 141, 3, k % 6);
      out.push({ type, dac, fid, sb, nbits });
    }
  }
  return out;
}

/** gpsd 3.22's text of a payload made parseable: the missing comma, unescaped inland texts. */
function repair(text: string): string {
  let s = text.replace(/"nextsignal":(\d+)"nextsignal_text"/, '"nextsignal":$1,"nextsignal_text"');
  s = s.replace(/("signal_text":")(.*?)(","hour":)/, (_m, a: string, v: string, b: string) => a + JSON.stringify(v).slice(1, -1) + b);
  s = s.replace(/("nextsignal_text":")(.*)"$/, (_m, a: string, v: string) => `${a + JSON.stringify(v).slice(1, -1)}"`);
  const inland = ['country', 'locode', 'section', 'terminal', 'hectometre', 'eta'];
  for (let k = 0; k + 1 < inland.length; k++) {
    const open = `"${inland[k]}":"`;
    const close = `","${inland[k + 1]}":"`;
    const a = s.indexOf(open);
    const b = s.indexOf(close, a + open.length);
    if (a >= 0 && b > a) s = `${s.slice(0, a + open.length)}${JSON.stringify(s.slice(a + open.length, b)).slice(1, -1)}${s.slice(b)}`;
  }
  return s;
}

/** Decimals printed for each key (same key, same format, in arrays too). */
function decimals(text: string): Map<string, number> {
  const m = new Map<string, number>();
  for (const x of text.matchAll(/"(\w+)":-?\d+(?:\.(\d+))?/g)) m.set(x[1]!, x[2]?.length ?? 0);
  return m;
}

function equal(a: unknown, b: unknown, key: string, dec: Map<string, number>): boolean {
  if (typeof a === 'number' && typeof b === 'number') return Math.abs(a - b) <= 0.5 * 10 ** -(dec.get(key) ?? 0) + 1e-9;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, k) => equal(v, b[k], key, dec));
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const x = a as Record<string, unknown>;
    const y = b as Record<string, unknown>;
    return Object.keys(x).join() === Object.keys(y).join() && Object.keys(y).every((k) => equal(x[k], y[k], k, dec));
  }
  return a === b;
}

/** Same keys in the same order, same values at gpsd's printed precision. */
function sameValues(ours: string, gpsd: string): boolean {
  const fixed = repair(gpsd);
  try {
    return equal(JSON.parse(`{${ours.slice(1)}}`), JSON.parse(`{${fixed.slice(1)}}`), '', decimals(fixed));
  } catch {
    return false;
  }
}

interface Outcome {
  equal: number;
  identical: number;
  persons: number;
  structured: number;
  diffs: string[];
}

/** Runs gpsdecode on the messages and compares each object's text after "fid". */
function compareWithGpsd(msgs: readonly Sample[], scaled: boolean): Outcome {
  const input = msgs.flatMap((m, k) => sentences(m, k % 10)).join('\n') + '\n';
  const res = spawnSync('gpsdecode', scaled ? ['-j'] : ['-j', '-u'], { input, maxBuffer: 1 << 28, encoding: 'utf8' });
  expect(res.status).toBe(0);
  const lines = res.stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => l.trimEnd());
  expect(lines.length).toBe(msgs.length);
  const o: Outcome = { equal: 0, identical: 0, persons: 0, structured: 0, diffs: [] };
  msgs.forEach((m, k) => {
    const line = lines[k]!;
    const start = m.type === 6 ? 88 : 56;
    const ours = decodeBinary(m.type, m.dac, m.fid, m.sb, m.nbits, start, scaled);
    const tail = ours ? gpsdText(ours) : `,"data":"${binaryData(m.type, m.sb, m.nbits)}"`;
    if (ours) o.structured++;
    const want = line.slice(line.indexOf(`"fid":${m.fid}`) + `"fid":${m.fid}`.length, -1);
    if (tail === want) o.identical++;
    else if (m.type === 8 && m.dac === 1 && m.fid === 16 && want === ',"persons":0') o.persons++;
    else if (!sameValues(tail, want)) {
      o.diffs.push(`${m.type}/${m.dac}/${m.fid} ${m.nbits} bits ${sentences(m, 0).join(' ')}\n  ours ${tail}\n  gpsd ${want}`);
      return;
    }
    o.equal++;
  });
  return o;
}

function report(what: string, msgs: readonly Sample[], o: Outcome): void {
  const kinds = new Set(msgs.map((m) => `${m.type}/${m.dac}/${m.fid}`)).size;
  console.log(
    `${what}: ${o.equal}/${msgs.length} equal (${kinds} DAC/FIDs, ${o.structured} structured), ${o.identical} byte-identical, ` +
      `${o.persons} 8/1/16 counts gpsd prints as 0, the rest differ only in gpsd 3.22's known ways`,
  );
  for (const d of o.diffs.slice(0, 12)) console.log(d);
}

describe.skipIf(!hasGpsdecode)("binary payloads agree with Debian's gpsdecode", () => {
  for (const scaled of [true, false]) {
    const mode = scaled ? 'gpsdecode -j' : 'gpsdecode -j -u';

    it(`random type 6/8 messages of every DAC/FID (${mode})`, () => {
      const msgs = samples();
      const o = compareWithGpsd(msgs, scaled);
      report(`${mode}, random`, msgs, o);
      expect(msgs.length).toBe(1920);
      expect(o.diffs).toEqual([]);
    });

    it(`real type 6/8 messages of ../shared (${mode})`, (ctx) => {
      const msgs = realSamples();
      if (!msgs) {
        if (process.env.CI === 'true') throw new Error(`CI=true but ${shared} is missing`);
        console.warn(`skipping: ${shared} is absent`);
        return ctx.skip();
      }
      const o = compareWithGpsd(msgs, scaled);
      report(`${mode}, real`, msgs, o);
      expect(msgs.length).toBeGreaterThan(200);
      expect(o.diffs).toEqual([]);
    });
  }
});
