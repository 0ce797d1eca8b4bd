/** `darkfleet events`: stored events, filtered, as a table, JSON lines, GeoJSON, CSV or KML. */
import type { Command } from 'commander';
import { DEFAULT_DB, openStore } from '../store/index.js';
import type { BBox, EventFilter } from '../store/types.js';
import { EVENT_FORMATS, formatEvents, type EventFormat } from '../export/events.js';
import { UsageError } from '../errors.js';

export interface EventsCliOptions {
  db: string;
  type?: string;
  mmsi?: string;
  bbox?: string;
  from?: string;
  to?: string;
  format: string;
  limit?: string;
}

export function parseBbox(s: string): BBox {
  const v = s.split(',').map(Number);
  if (v.length !== 4 || v.some((x) => !Number.isFinite(x))) throw new UsageError(`--bbox: expected W,S,E,N in degrees, got "${s}"`);
  const [w, so, e, n] = v as [number, number, number, number];
  if (so > n || so < -90 || n > 90 || w < -180 || e > 180) throw new UsageError(`--bbox: "${s}" is not a box (W,S,E,N)`);
  return [w, so, e, n];
}

function parseTime(s: string, opt: string): string {
  const t = Date.parse(s);
  if (Number.isNaN(t)) throw new UsageError(`${opt}: cannot read "${s}" as a date-time (ISO 8601)`);
  return new Date(t).toISOString();
}

export function eventFilter(o: EventsCliOptions): EventFilter {
  const f: EventFilter = {};
  if (o.type) f.type = o.type.split(',');
  if (o.mmsi) {
    if (!/^\d{1,9}$/.test(o.mmsi)) throw new UsageError(`--mmsi: "${o.mmsi}" is not an MMSI`);
    f.mmsi = Number(o.mmsi);
  }
  if (o.bbox) f.bbox = parseBbox(o.bbox);
  if (o.from) f.from = parseTime(o.from, '--from');
  if (o.to) f.to = parseTime(o.to, '--to');
  if (o.limit) f.limit = Number(o.limit);
  return f;
}

export function register(program: Command): void {
  program
    .command('events')
    .description('list stored events (filters; table, jsonl, geojson, csv or kml)')
    .option('--db <path>', 'store file', DEFAULT_DB)
    .option('--type <types>', 'event types, comma separated (encounter,gap,...)')
    .option('--mmsi <mmsi>', 'events involving this MMSI')
    .option('--bbox <W,S,E,N>', 'events inside this box')
    .option('--from <time>', 'events ending at or after this time')
    .option('--to <time>', 'events starting at or before this time')
    .option('--limit <n>', 'at most n events')
    .option('--format <format>', EVENT_FORMATS.join('|'), 'table')
    .action(async (opts: EventsCliOptions) => {
      if (!EVENT_FORMATS.includes(opts.format as EventFormat)) throw new UsageError(`--format must be one of ${EVENT_FORMATS.join(', ')}`);
      const store = await openStore(opts.db, { mustExist: true });
      try {
        const events = await store.events(eventFilter(opts));
        const text = formatEvents(events, opts.format as EventFormat);
        process.stdout.write(text ? `${text}\n` : '');
      } finally {
        await store.close();
      }
    });
}
