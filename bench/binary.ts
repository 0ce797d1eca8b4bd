/**
 * `npm run bench -- binary [rounds]`: throughput of `decodeBinary` (types 6/8 application
 * payloads) on the 212 real messages of gpsd's regression files (test/fixtures/ais-binary),
 * scaled and unscaled. Median of 5 runs; LAST line is the JSON summary.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
// the compiled library (dist/), as users run it
import { decodeBinary } from '../dist/ais/binary/index.js';
import { ARMOUR, uint } from '../dist/ais/bits.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

interface Payload {
  type: 6 | 8;
  dac: number;
  fid: number;
  sb: Uint8Array;
  nbits: number;
}

/** The messages of the fixture extract (sentences before each JSON line). */
function load(file: string): Payload[] {
  const out: Payload[] = [];
  let armoured = '';
  let pad = 0;
  for (const line of readFileSync(path.join(root, 'test/fixtures/ais-binary', file), 'utf8').split('\n')) {
    if (line.startsWith('!')) {
      const f = line.split(',');
      armoured += f[5]!;
      pad = Number(f[6]!.split('*')[0]);
    } else if (line.startsWith('{')) {
      const sb = new Uint8Array(armoured.length);
      for (let k = 0; k < armoured.length; k++) sb[k] = ARMOUR[armoured.charCodeAt(k)]!;
      const type = uint(sb, 0, 6) as 6 | 8;
      const start = type === 6 ? 88 : 56;
      out.push({ type, dac: uint(sb, start - 16, 10), fid: uint(sb, start - 6, 6), sb, nbits: armoured.length * 6 - pad });
      armoured = '';
    }
  }
  return out;
}

export async function run(args: string[]): Promise<void> {
  const rounds = Number(args[0] ?? 2000);
  const msgs = [...load('gpsd-scaled.log.chk'), ...load('gpsd-unscaled.log.chk')];
  const structured = msgs.filter((m) => decodeBinary(m.type, m.dac, m.fid, m.sb, m.nbits, m.type === 6 ? 88 : 56, true) !== null).length;
  const rates: Record<string, number> = {};
  for (const scaled of [true, false]) {
    const times: number[] = [];
    let sink = 0;
    for (let r = 0; r < 5; r++) {
      const t0 = process.hrtime.bigint();
      for (let k = 0; k < rounds; k++) {
        for (const m of msgs) if (decodeBinary(m.type, m.dac, m.fid, m.sb, m.nbits, m.type === 6 ? 88 : 56, scaled)) sink++;
      }
      times.push(Number(process.hrtime.bigint() - t0) / 1e9);
    }
    times.sort((a, b) => a - b);
    const rate = (rounds * msgs.length) / times[2]!;
    rates[scaled ? 'scaled' : 'unscaled'] = Math.round(rate);
    console.log(`${scaled ? 'scaled  ' : 'unscaled'}: ${(rate / 1e6).toFixed(2)} M binary messages/s (median of 5, ${rounds * msgs.length} calls per run, ${sink} decoded)`);
  }
  console.log(JSON.stringify({ bench: 'binary', messages: msgs.length, structured, msgsPerSecScaled: rates.scaled, msgsPerSecUnscaled: rates.unscaled }));
}
