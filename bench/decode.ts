/**
 * `npm run bench -- decode`: AIS decoding throughput, ours vs the npm peers ggencoder and
 * ais-stream-decoder on the same ~1M real lines, and `darkfleet decode FILE > /dev/null` vs
 * `gpsdecode -j` (when installed). Medians of several runs; LAST line is the JSON summary.
 */
import { readFileSync, openSync, closeSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
// the compiled library (dist/), as users run it: tsx's module wrappers would slow the hot path
import { AisStream } from '../dist/ais/stream.js';
import { corpusPath } from './corpus.js';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function timeIt(runs: number, fn: () => number): { seconds: number; count: number } {
  const times: number[] = [];
  let count = 0;
  for (let r = 0; r < runs; r++) {
    const t0 = process.hrtime.bigint();
    count = fn();
    times.push(Number(process.hrtime.bigint() - t0) / 1e9);
  }
  return { seconds: median(times), count };
}

export async function run(args: string[]): Promise<void> {
  const lines = Number(args.find((a) => /^\d+$/.test(a)) ?? 1_000_000);
  const file = corpusPath(lines);
  const buf = readFileSync(file);
  const text = buf.toString('latin1');
  const sentences = text.split('\n').filter((l) => l !== '');
  console.log(`corpus: ${file} (${sentences.length} lines, ${(buf.length / 1e6).toFixed(1)} MB)`);

  // Every decoder's messages are consumed the same way: every field read. (A decoder that
  // computed fields lazily, or one measured without reading, would otherwise look faster.)
  let sink = 0;
  const readAll = (m: Record<string, unknown>): void => {
    for (const k in m) {
      const v = m[k];
      if (typeof v === 'number') sink += v;
      else if (typeof v === 'string') sink += v.length;
      else if (v === true) sink++;
    }
  };

  // ours: library decode to typed objects
  const ours = timeIt(5, () => {
    const s = new AisStream({});
    let n = 0;
    const emit = (m: Record<string, unknown>): void => {
      n++;
      readAll(m);
    };
    s.push(buf, emit);
    s.end(emit);
    return n;
  });
  const oursRate = ours.count / ours.seconds;
  console.log('library decode, every field of every message read (the same loop for each decoder)');
  console.log(`darkfleet library: ${ours.count} messages in ${ours.seconds.toFixed(3)} s = ${Math.round(oursRate)} msg/s`);

  // ggencoder: one AisDecode per sentence, a session object for multipart
  const { AisDecode } = require('ggencoder') as { AisDecode: new (s: string, session?: object) => { valid: boolean } & Record<string, unknown> };
  const gg = timeIt(5, () => {
    let n = 0;
    let session: Record<string, unknown> = {};
    for (const l of sentences) {
      const d = new AisDecode(l, session);
      if (d.valid) {
        n++;
        readAll(d);
        session = {};
      }
    }
    return n;
  });
  const ggRate = gg.count / gg.seconds;
  console.log(`ggencoder:         ${gg.count} messages in ${gg.seconds.toFixed(3)} s = ${Math.round(ggRate)} msg/s`);

  // ais-stream-decoder: its transform called directly (no stream overhead: its best case)
  const AisDecoder = (require('ais-stream-decoder') as { default: new (o: object) => unknown }).default;
  const asd = timeIt(3, () => {
    const d = new AisDecoder({ silent: true }) as {
      _transform: (c: string, e: string, cb: (err?: unknown) => void) => void;
      push: (m: unknown) => boolean;
    };
    let n = 0;
    d.push = (m: unknown): boolean => {
      if (m !== null) {
        n++;
        readAll(m as Record<string, unknown>);
      }
      return true;
    };
    const cb = (): void => undefined;
    for (const l of sentences) d._transform(l, 'utf8', cb);
    return n;
  });
  const asdRate = asd.count / asd.seconds;
  console.log(`ais-stream-decoder: ${asd.count} messages in ${asd.seconds.toFixed(3)} s = ${Math.round(asdRate)} msg/s (supports types 1-5, 8, 18, 24 only)`);

  // CLI vs gpsdecode -j, whole process, output to /dev/null
  const cli = (cmd: string, argv: string[], stdinFile: string | null): number => {
    const times: number[] = [];
    for (let r = 0; r < 3; r++) {
      const devnull = openSync('/dev/null', 'w');
      const input = stdinFile ? openSync(stdinFile, 'r') : 'ignore';
      const t0 = process.hrtime.bigint();
      const res = spawnSync(cmd, argv, { stdio: [input, devnull, 'ignore'] });
      times.push(Number(process.hrtime.bigint() - t0) / 1e9);
      closeSync(devnull);
      if (typeof input === 'number') closeSync(input);
      if (res.status !== 0) return NaN;
    }
    return median(times);
  };
  const cliSeconds = cli(process.execPath, [path.join(root, 'bin/darkfleet.js'), 'decode', file], null);
  const hasGpsd = spawnSync('gpsdecode', ['-V']).status === 0;
  const gpsdSeconds = hasGpsd ? cli('gpsdecode', ['-j'], file) : NaN;
  console.log(`darkfleet decode FILE > /dev/null: ${cliSeconds.toFixed(3)} s (${Math.round(sentences.length / cliSeconds)} lines/s)`);
  if (hasGpsd) console.log(`gpsdecode -j < FILE > /dev/null:   ${gpsdSeconds.toFixed(3)} s (${Math.round(sentences.length / gpsdSeconds)} lines/s)`);
  else console.log('gpsdecode not installed (apt-get install gpsd-clients): CLI comparison skipped');
  console.log(`ratios: library vs ggencoder ${(oursRate / ggRate).toFixed(1)}x, vs ais-stream-decoder ${(oursRate / asdRate).toFixed(1)}x` + (hasGpsd ? `; CLI vs gpsdecode -j ${(gpsdSeconds / cliSeconds).toFixed(2)}x faster` : ''));
  if (sink === 42) console.log('');
  console.log(
    JSON.stringify({
      bench: 'decode',
      lines: sentences.length,
      messages: ours.count,
      msgsPerSec: Math.round(oursRate),
      peers: { ggencoder: Math.round(ggRate), 'ais-stream-decoder': Math.round(asdRate) },
      ratio: { ggencoder: Number((oursRate / ggRate).toFixed(2)), 'ais-stream-decoder': Number((oursRate / asdRate).toFixed(2)) },
      cli: { seconds: Number(cliSeconds.toFixed(3)), gpsdecodeSeconds: hasGpsd ? Number(gpsdSeconds.toFixed(3)) : null, speedup: hasGpsd ? Number((gpsdSeconds / cliSeconds).toFixed(2)) : null },
    }),
  );
}
