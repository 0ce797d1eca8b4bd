/**
 * `npm run bench -- simulate [hours] [vessels]`: generates a scenario in memory (no disk)
 * and reports lines per second and peak RSS. Last line: JSON.
 */
import { generate } from '../src/sim/index.js';

export async function run(args: string[]): Promise<void> {
  const hours = Number(args[0] ?? 24);
  const vessels = Number(args[1] ?? 400);
  let bytes = 0;
  const t0 = process.hrtime.bigint();
  const g = generate({ seed: 1, hours, vessels }, { nmea: (c) => void (bytes += c.length), csv: () => undefined });
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  const st = g.truth.stats;
  const rssMb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(`simulate: ${hours} h, ${vessels} vessels: ${st.nmeaLines} NMEA lines (${(bytes / 1e6).toFixed(1)} MB), ${st.positions} positions in ${s.toFixed(2)} s = ${Math.round(st.nmeaLines / s)} lines/s, peak RSS ${rssMb.toFixed(0)} MB\n`);
  await Promise.resolve();
  process.stdout.write(`${JSON.stringify({ bench: 'simulate', hours, vessels, lines: st.nmeaLines, positions: st.positions, seconds: s, linesPerSec: Math.round(st.nmeaLines / s), peakRssMb: Math.round(rssMb) })}\n`);
}
