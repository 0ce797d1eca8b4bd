/**
 * `darkfleet events`: stored events, filtered, as a table, JSON lines, GeoJSON, CSV or KML.
 * Filters go through the one validation the API shares (src/query/filters.ts); no match writes
 * "no events match" on stderr and exits 3.
 */
import type { Command } from 'commander';
import { DEFAULT_DB, openStore } from '../store/index.js';
import type { BBox, EventFilter } from '../store/types.js';
import { EVENT_FORMATS, formatEvents, type EventFormat } from '../export/events.js';
import { EVENT_TYPES } from '../events.js';
import { parseEventQuery, MAX_LIMIT, type EventQuery } from '../query/filters.js';
import { UsageError } from '../errors.js';
import { nothingFound } from './output.js';

export interface EventsCliOptions {
  db: string;
  type?: string;
  mmsi?: string;
  bbox?: string;
  from?: string;
  to?: string;
  flags?: string;
  minConfidence?: string;
  format: string;
  limit?: string;
}

/** `--bbox W,S,E,N` as the event filter reads it (for commands that take a box alone). */
export function parseBbox(s: string): BBox {
  const q = parseEventQuery({ bbox: s }, 'cli');
  return q.bbox!;
}

/** A validated query as the store's filter. */
export function toEventFilter(q: EventQuery): EventFilter {
  const f: EventFilter = {};
  if (q.type) f.type = q.type;
  if (q.mmsi !== undefined) f.mmsi = q.mmsi;
  if (q.bbox) f.bbox = q.bbox;
  if (q.from !== undefined) f.from = q.from;
  if (q.to !== undefined) f.to = q.to;
  if (q.flags?.length) f.flags = q.flags;
  if (q.minConfidence !== undefined) f.minConfidence = q.minConfidence;
  if (q.limit !== undefined) f.limit = q.limit;
  return f;
}

/** The command's options as a store filter; a bad value is a UsageError naming its option. */
export function eventFilter(o: EventsCliOptions): EventFilter {
  return toEventFilter(
    parseEventQuery({ type: o.type, mmsi: o.mmsi, bbox: o.bbox, from: o.from, to: o.to, flags: o.flags, minConfidence: o.minConfidence, limit: o.limit }, 'cli'),
  );
}

/** Prints the matching events; resolves to the exit code (3: none match). */
export async function runEvents(opts: EventsCliOptions): Promise<number> {
  if (!EVENT_FORMATS.includes(opts.format as EventFormat)) throw new UsageError(`--format must be one of ${EVENT_FORMATS.join(', ')}`);
  const filter = eventFilter(opts);
  const store = await openStore(opts.db, { mustExist: true });
  try {
    const events = await store.events(filter);
    if (events.length === 0) return nothingFound('no events match');
    process.stdout.write(`${formatEvents(events, opts.format as EventFormat)}\n`);
    return 0;
  } finally {
    await store.close();
  }
}

export function register(program: Command): void {
  program
    .command('events')
    .description('list stored events (filters; table, jsonl, geojson, csv or kml); exit code 3 when none match')
    .option('--db <path>', 'store file', DEFAULT_DB)
    .option('--type <types>', `event types, comma separated: ${EVENT_TYPES.join(',')}`)
    .option('--mmsi <mmsi>', 'events involving this MMSI (9 digits)')
    .option('--bbox <W,S,E,N>', 'events inside this box (degrees)')
    .option('--from <time>', 'events ending at or after this ISO 8601 date or time (UTC unless an offset is given)')
    .option('--to <time>', 'events starting at or before this ISO 8601 date or time')
    .option('--flags <flags>', 'events carrying all these flags, comma separated (night,outside_territorial_sea,...)')
    .option('--min-confidence <x>', 'events with confidence at or above x (0..1)')
    .option('--limit <n>', `at most n events (1..${MAX_LIMIT})`)
    .option('--format <format>', EVENT_FORMATS.join('|'), 'table')
    .action(async (opts: EventsCliOptions) => {
      process.exitCode = await runEvents(opts);
    });
}
