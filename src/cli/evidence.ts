/**
 * `darkfleet evidence EVENT_ID [--db PATH] [--format table|json]`: the raw input lines behind an
 * event (src/query/evidence.ts): file, line number, and the sentence or CSV row as read. A line
 * that cannot be shown (file moved, changed, a stream) says why instead. An event not in the
 * store is "nothing found" (exit 3).
 */
import type { Command } from 'commander';
import { DEFAULT_DB, openStore } from '../store/index.js';
import { eventIdParam } from '../api/params.js';
import { eventEvidence, type EventEvidence } from '../query/evidence.js';
import { UsageError } from '../errors.js';
import { nothingFound } from './output.js';

const FORMATS = ['table', 'json'] as const;

export interface EvidenceCliOptions {
  db: string;
  format: string;
}

/** One block per record: what it is, where it was read, then its text (or why there is none). */
export function formatEvidence(ev: EventEvidence): string {
  const out = [`Evidence of ${ev.id}: ${ev.records.length} record${ev.records.length === 1 ? '' : 's'}`];
  for (const r of ev.records) {
    const where = r.source.path ? `${r.source.path}${r.lineNo !== null ? `:${r.lineNo}` : ''}` : '(no source)';
    out.push('', `${r.kind} ${r.mmsi} ${r.t}  ${where}${r.source.format ? ` [${r.source.format}]` : ''}`);
    if (r.text !== null) for (const l of r.text.split('\n')) out.push(`  ${l}`);
    if (r.problem !== null) out.push(`  (${r.problem})`);
  }
  return out.join('\n');
}

/** Prints the evidence; resolves to the exit code (3: no such event). */
export async function runEvidence(id: string, opts: EvidenceCliOptions): Promise<number> {
  if (!(FORMATS as readonly string[]).includes(opts.format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}`);
  const eventId = eventIdParam(id);
  const store = await openStore(opts.db, { readOnly: true });
  try {
    const event = await store.event(eventId);
    if (!event) return nothingFound(`event ${JSON.stringify(eventId)} is not in this store`);
    const ev = await eventEvidence(store, event);
    process.stdout.write(`${opts.format === 'json' ? JSON.stringify(ev) : formatEvidence(ev)}\n`);
    return 0;
  } finally {
    await store.close();
  }
}

export function register(program: Command): void {
  program
    .command('evidence')
    .description('the raw input lines (file, line number, text) of the positions and static reports behind an event; exit code 3 when the event is not stored')
    .argument('<event-id>', 'an event id as `darkfleet events` prints it, e.g. encounter:412000001-445123456:2024-03-01T14:00:00Z')
    .option('--db <path>', 'store file', DEFAULT_DB)
    .option('--format <format>', FORMATS.join('|'), 'table')
    .action(async (id: string, opts: EvidenceCliOptions) => {
      process.exitCode = await runEvidence(id, opts);
    });
}
