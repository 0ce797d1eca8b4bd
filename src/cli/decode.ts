/** `darkfleet decode`: AIS NMEA in, gpsd-style JSON lines out. */
import type { Command } from 'commander';
import { createWriteStream, type WriteStream } from 'node:fs';
import { openByteSource } from '../sources/open.js';
import { LineWriter } from './output.js';
import { AisJsonStream } from '../ais/stream.js';
import { SourceError, UsageError } from '../errors.js';

export interface DecodeCliOptions {
  unscaled?: boolean;
  split24?: boolean;
  extended?: boolean;
  types?: string;
  rejectFile?: string;
}

export function parseTypes(spec: string | undefined): Set<number> | null {
  if (!spec) return null;
  const set = new Set<number>();
  for (const part of spec.split(',')) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part.trim());
    if (!m) throw new UsageError(`--types: cannot read "${part}" (expected e.g. 1,2,3,5 or 1-3,5)`);
    const a = Number(m[1]);
    const b = m[2] ? Number(m[2]) : a;
    if (a < 1 || b > 27 || a > b) throw new UsageError(`--types: ${part} is outside message types 1-27`);
    for (let t = a; t <= b; t++) set.add(t);
  }
  return set;
}

export async function runDecode(input: string, opts: DecodeCliOptions): Promise<number> {
  const types = parseTypes(opts.types);
  let rejects: WriteStream | null = null;
  if (opts.rejectFile) rejects = createWriteStream(opts.rejectFile);
  const stream = new AisJsonStream({
    scaled: !opts.unscaled,
    split24: opts.split24 ?? false,
    extended: opts.extended ?? false,
    types,
    onReject: rejects ? (line, reason): void => void rejects.write(`${JSON.stringify({ reason, line })}\n`) : undefined,
  });
  const src = await openByteSource(input);
  const out = new LineWriter(process.stdout);
  const emit = (): void => undefined;
  const stop = (): void => src.close();
  // the reader of our output went away (`| head -1`): stop reading, quietly
  let outputClosed = false;
  process.once('SIGINT', stop);
  try {
    for await (const chunk of src.chunks()) {
      stream.push(chunk, emit);
      const b = stream.take(out.reusable());
      out.bytes(b, new Uint8Array(b.buffer, b.byteOffset, b.buffer.byteLength - b.byteOffset));
      await out.drain();
      if (out.closed) {
        outputClosed = true;
        break;
      }
    }
  } finally {
    process.off('SIGINT', stop);
  }
  // the line cut off where reading stopped early is not a reject of the input
  if (!outputClosed) {
    stream.end(emit);
    out.bytes(stream.take());
  }
  await out.flush();
  if (rejects) await new Promise<void>((r) => rejects.end(r));
  const st = stream.stats;
  process.stderr.write(
    `${JSON.stringify({ input: src.name, lines: st.lines, accepted: st.ok, messages: st.messages, rejected: Object.values(st.rejects).reduce((a, b) => a + b, 0), rejects: st.rejects, other: st.other })}\n`,
  );
  // an input with no AIS at all is a failure, as for `ingest` (exit code 1, after the summary)
  if (!outputClosed && st.ok === 0 && st.messages === 0) {
    if (st.lines === 0) throw new SourceError('empty', `${src.name}: the input is empty`);
    const why = Object.entries(st.rejects).map(([k, v]) => `${k}: ${v}`).join(', ');
    throw new SourceError('no_ais', `${src.name}: no AIS sentence in ${st.lines} line${st.lines === 1 ? '' : 's'}${why ? ` (${why})` : ''}; decode reads AIS NMEA (!AIVDM, !AIVDO)`);
  }
  return 0;
}

export function register(program: Command): void {
  program
    .command('decode')
    .description('decode AIS NMEA (file, .gz, -, tcp://host:port, udp://:port) to gpsd-style JSON lines')
    .argument('[input]', 'file, - (stdin), tcp://host:port or udp://:port', '-')
    .option('--unscaled', "gpsd's raw integer units (gpsdecode -u)")
    .option('--split24', 'emit type 24 parts A and B separately (gpsdecode -s)')
    .option('--extended', 'also what gpsd leaves out: radio communication state, 6/1/0 text telegrams, 8/1/22 area notices, type 9 alt_sensor, type 17 at full resolution')
    .option('--types <list>', 'only these message types, e.g. 1,2,3,5 or 1-3,18')
    .option('--reject-file <file>', 'write each rejected line, with its reason, as JSON lines')
    .action(async (input: string, opts: DecodeCliOptions) => {
      process.exitCode = await runDecode(input, opts);
    });
}
