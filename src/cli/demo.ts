/**
 * `darkfleet demo` (and `npm run demo`): the main job on the bundled sample. Until the
 * detectors land it decodes the bundled AIS stream and prints what it holds.
 */
import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { AisStream } from '../ais/stream.js';

export const SAMPLE = fileURLToPath(new URL('../../data/sample/dma_stream_example.nmea', import.meta.url));

export function summarise(path: string): string {
  const stream = new AisStream({});
  const byType = new Map<number, number>();
  const mmsis = new Set<number>();
  let first = '';
  let last = '';
  const started = process.hrtime.bigint();
  stream.push(readFileSync(path), (m) => {
    byType.set(m.type as number, (byType.get(m.type as number) ?? 0) + 1);
    mmsis.add(m.mmsi as number);
    const t = m.rxtime as string | undefined;
    if (t) {
      if (!first || t < first) first = t;
      if (!last || t > last) last = t;
    }
  });
  stream.end(() => undefined);
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const st = stream.stats;
  const rows = [...byType.entries()].sort((a, b) => a[0] - b[0]);
  const lines = [
    `darkfleet demo: ${path}`,
    `  ${st.lines} lines -> ${st.messages} AIS messages from ${mmsis.size} transmitters in ${ms.toFixed(1)} ms`,
    `  received ${first || '?'} .. ${last || '?'}`,
    '',
    '  type  messages',
    ...rows.map(([t, n]) => `  ${String(t).padStart(4)}  ${String(n).padStart(8)}`),
    '',
    `  rejected: ${JSON.stringify(st.rejects)}   other lines: ${JSON.stringify(st.other)}`,
  ];
  return lines.join('\n');
}

export function register(program: Command): void {
  program
    .command('demo')
    .description('run darkfleet on the bundled sample and print what it finds')
    .action(() => {
      process.stdout.write(`${summarise(SAMPLE)}\n`);
    });
}
