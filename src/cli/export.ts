/**
 * `darkfleet export (--tracks | --events) --format geojson|kml|geoparquet|kepler-csv|ftm`:
 * stored tracks or events for QGIS (GeoJSON, GeoParquet), Google Earth (KML with gx:Track),
 * Kepler.gl (CSV) and FollowTheMoney tools (JSON lines of vessels, owners and sanctions).
 * Filters are the `events` command's, validated by src/query/filters.ts; `--mmsi` takes several.
 * Output goes to stdout, or to `--out FILE` (required for binary GeoParquet), written under a
 * temporary name and renamed when complete, so a failed export leaves no half file.
 * Exit codes: 2 bad arguments, 3 nothing matches ("no events match", "no positions match").
 */
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { finished } from 'node:stream/promises';
import type { Writable } from 'node:stream';
import type { Command } from 'commander';
import { DEFAULT_DB, openStore } from '../store/index.js';
import type { EventFilter, Store } from '../store/types.js';
import type { Event } from '../events.js';
import { EVENT_TYPES } from '../events.js';
import { parseEventQuery, type EventQuery } from '../query/filters.js';
import { DarkfleetError, UsageError } from '../errors.js';
import { LineWriter, nothingFound } from './output.js';
import { toEventFilter } from './events.js';
import { TRACK_BREAK_MS } from '../track/breaks.js';
import { identitiesByVessel, segmentProperties, trackSegments, type TrackQuery, type TrackSegment } from '../export/tracks.js';
import { eventFeature, FeatureCollectionWriter, segmentFeature, segmentGeometry } from '../export/geojson.js';
import { formatKml, KmlTrackWriter } from '../export/kml.js';
import { KEPLER_EVENT_HEAD, KEPLER_TRACK_HEAD, keplerEventRow, keplerTrackRows } from '../export/kepler.js';
import { GeoParquetWriter, type ColumnSpec } from '../export/geoparquet.js';
import { addHit, FtmGraph, vesselEntity } from '../export/ftm.js';
import { eventCsvCells } from '../export/csv.js';
import type { Hit } from '../screen/types.js';

export const EXPORT_FORMATS = ['geojson', 'kml', 'geoparquet', 'kepler-csv', 'ftm'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Longest break time `--break-minutes` accepts: a week. */
const MAX_BREAK_MINUTES = 10_080;

export interface ExportCliOptions {
  db: string;
  tracks?: boolean;
  events?: boolean;
  format?: string;
  bbox?: string;
  from?: string;
  to?: string;
  mmsi?: string[];
  type?: string;
  flags?: string;
  minConfidence?: string;
  breakMinutes?: string;
  out?: string;
}

/** Where the lines go: stdout, or a file written under a temporary name until `commit`. */
interface Sink {
  line(s: string): boolean;
  drain(): Promise<void>;
  commit(): Promise<void>;
  abort(): Promise<void>;
}

function tmpName(out: string): string {
  return `${out}.partial-${process.pid}`;
}

function openSink(out: string | undefined): Sink {
  if (!out) {
    const w = new LineWriter(process.stdout);
    return { line: (s) => w.line(s), drain: () => w.drain(), commit: () => w.flush(), abort: () => w.flush() };
  }
  const tmp = tmpName(out);
  const stream: Writable = createWriteStream(tmp);
  let failure: Error | null = null;
  stream.on('error', (err) => {
    failure = err;
  });
  const w = new LineWriter(stream);
  const check = (): void => {
    if (failure) throw new DarkfleetError('export_write', `cannot write ${out}: ${failure.message}`, { cause: failure });
  };
  return {
    line: (s) => w.line(s),
    drain: async () => {
      check();
      await w.drain();
    },
    commit: async () => {
      await w.flush();
      stream.end();
      await finished(stream).catch(() => undefined);
      check();
      await rename(tmp, out);
    },
    abort: async () => {
      stream.destroy();
      await rm(tmp, { force: true });
    },
  };
}

/** Options as validated filters; a bad one is a UsageError naming it. */
export function parseExportOptions(o: ExportCliOptions): { what: 'tracks' | 'events'; format: ExportFormat; query: EventQuery; mmsi: number[] | undefined; breakMs: number } {
  if (Boolean(o.tracks) === Boolean(o.events)) throw new UsageError('give one of --tracks or --events');
  const what = o.tracks ? 'tracks' : 'events';
  if (!o.format) throw new UsageError(`--format is required: ${EXPORT_FORMATS.join(', ')}`);
  if (!EXPORT_FORMATS.includes(o.format as ExportFormat)) throw new UsageError(`--format must be one of ${EXPORT_FORMATS.join(', ')}`);
  const format = o.format as ExportFormat;
  if (format === 'geoparquet' && !o.out) throw new UsageError('--format geoparquet is binary: give --out FILE');
  if (what === 'tracks') {
    for (const [k, v] of [['--type', o.type], ['--flags', o.flags], ['--min-confidence', o.minConfidence]] as const) {
      if (v !== undefined) throw new UsageError(`${k} filters events: use it with --events`);
    }
  } else if (o.breakMinutes !== undefined) {
    throw new UsageError('--break-minutes cuts tracks: use it with --tracks');
  }
  const query = parseEventQuery({ type: o.type, bbox: o.bbox, from: o.from, to: o.to, flags: o.flags, minConfidence: o.minConfidence }, 'cli');
  const mmsi = o.mmsi?.flatMap((m) => m.split(',')).map((m) => m.trim()).filter(Boolean).map((m) => parseEventQuery({ mmsi: m }, 'cli').mmsi!);
  let breakMs = TRACK_BREAK_MS;
  if (o.breakMinutes !== undefined) {
    const n = Number(o.breakMinutes);
    if (!/^\d+$/.test(o.breakMinutes.trim()) || n < 1 || n > MAX_BREAK_MINUTES) throw new UsageError(`--break-minutes: "${o.breakMinutes}" is not a whole number from 1 to ${MAX_BREAK_MINUTES}`);
    breakMs = n * 60_000;
  }
  return { what, format, query, mmsi: mmsi?.length ? [...new Set(mmsi)] : undefined, breakMs };
}

/** Matching events, each once, in (start, id) order; several MMSIs are read one by one. */
async function matchingEvents(store: Store, filter: EventFilter, mmsi: number[] | undefined): Promise<Event[]> {
  if (!mmsi) return store.events(filter);
  const byId = new Map<string, Event>();
  for (const m of mmsi) for (const e of await store.events({ ...filter, mmsi: m })) byId.set(e.id, e);
  return [...byId.values()].sort((a, b) => Date.parse(a.start) - Date.parse(b.start) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

const EVENT_COLUMNS: ColumnSpec[] = [
  { name: 'id', kind: 'text' },
  { name: 'type', kind: 'text' },
  { name: 'start', kind: 'time' },
  { name: 'end', kind: 'time' },
  { name: 'hours', kind: 'double' },
  { name: 'mmsi', kind: 'text' },
  { name: 'lat', kind: 'double' },
  { name: 'lon', kind: 'double' },
  { name: 'confidence', kind: 'double' },
  { name: 'flags', kind: 'text' },
  { name: 'rule', kind: 'text' },
  { name: 'evidence', kind: 'text' },
];

const TRACK_COLUMNS: ColumnSpec[] = [
  { name: 'mmsi', kind: 'int' },
  { name: 'segment', kind: 'int' },
  { name: 'name', kind: 'text' },
  { name: 'callsign', kind: 'text' },
  { name: 'imo', kind: 'int' },
  { name: 'flag', kind: 'text' },
  { name: 'ship_type', kind: 'int' },
  { name: 'ship_type_name', kind: 'text' },
  { name: 'other_names', kind: 'text' },
  { name: 'start', kind: 'time' },
  { name: 'end', kind: 'time' },
  { name: 'points', kind: 'int' },
];

async function writeEvents(store: Store, events: Event[], format: ExportFormat, sink: Sink, out: string | undefined): Promise<void> {
  switch (format) {
    case 'geojson': {
      const fc = new FeatureCollectionWriter((s) => sink.line(s));
      fc.open();
      for (const e of events) if (fc.feature(eventFeature(e))) await sink.drain();
      fc.close();
      return;
    }
    case 'kml':
      sink.line(formatKml(events));
      return;
    case 'kepler-csv':
      sink.line(KEPLER_EVENT_HEAD.join(','));
      for (const e of events) if (sink.line(keplerEventRow(e))) await sink.drain();
      return;
    case 'geoparquet': {
      const w = await GeoParquetWriter.create(tmpName(out!), EVENT_COLUMNS);
      try {
        for (const e of events) {
          const c = eventCsvCells(e);
          // the CSV cells, with times as epoch ms and numbers as numbers
          w.add([e.id, e.type, Date.parse(e.start), Date.parse(e.end), Number(c[4]), c[5]!, e.lat, e.lon, e.confidence, c[9]!, c[10]!, c[11]!], eventFeature(e).geometry);
        }
      } catch (err) {
        w.abort();
        throw err;
      }
      await w.close();
      return;
    }
    case 'ftm': {
      const vessels = new Map<number, undefined>();
      for (const e of events) for (const m of e.mmsi) vessels.set(m, undefined);
      await writeFtm(store, vessels, sink);
      return;
    }
  }
}

/** The FtM entities of these vessels (with their first and last position time when known) and their screening hits. */
async function writeFtm(store: Store, vessels: Map<number, { from: number; to: number } | undefined>, sink: Sink): Promise<void> {
  const list = [...vessels.keys()].sort((a, b) => a - b);
  // a long MMSI list is cheaper read whole than as one IN (...) of thousands
  const identities = await identitiesByVessel(store, list.length <= 1000 ? list : undefined);
  const hits = new Map<number, Hit[]>();
  for (const h of await store.screeningHits()) {
    const m = Number(h.query.mmsi);
    if (!vessels.has(m)) continue;
    const l = hits.get(m);
    if (l) l.push(h);
    else hits.set(m, [h]);
  }
  const g = new FtmGraph();
  for (const m of list) {
    g.add(vesselEntity(m, identities.get(m) ?? [], vessels.get(m)));
    for (const h of hits.get(m) ?? []) addHit(g, m, h);
  }
  for (const e of g.entities()) if (sink.line(JSON.stringify(e))) await sink.drain();
}

async function writeTracks(store: Store, first: TrackSegment, rest: AsyncIterator<TrackSegment>, format: ExportFormat, sink: Sink, out: string | undefined): Promise<void> {
  async function* all(): AsyncGenerator<TrackSegment> {
    yield first;
    for (let r = await rest.next(); !r.done; r = await rest.next()) yield r.value;
  }
  switch (format) {
    case 'geojson': {
      const fc = new FeatureCollectionWriter((s) => sink.line(s));
      fc.open();
      for await (const s of all()) if (fc.feature(segmentFeature(s))) await sink.drain();
      fc.close();
      return;
    }
    case 'kml': {
      const kml = new KmlTrackWriter((s) => sink.line(s));
      kml.open();
      for await (const s of all()) if (kml.segment(s)) await sink.drain();
      kml.close();
      return;
    }
    case 'kepler-csv':
      sink.line(KEPLER_TRACK_HEAD.join(','));
      for await (const s of all()) {
        let wait = false;
        for (const row of keplerTrackRows(s)) wait = sink.line(row) || wait;
        if (wait) await sink.drain();
      }
      return;
    case 'geoparquet': {
      const w = await GeoParquetWriter.create(tmpName(out!), TRACK_COLUMNS);
      try {
        for await (const s of all()) {
          const p = segmentProperties(s);
          w.add([s.mmsi, s.index, p.name!, p.callsign!, p.imo!, p.flag!, p.shipType!, p.shipTypeName!, p.otherNames!, s.t[0]!, s.t[s.t.length - 1]!, s.t.length], segmentGeometry(s));
        }
      } catch (err) {
        w.abort();
        throw err;
      }
      await w.close();
      return;
    }
    case 'ftm': {
      const seen = new Map<number, { from: number; to: number }>();
      for await (const s of all()) {
        const span = seen.get(s.mmsi);
        if (span) span.to = s.t[s.t.length - 1]!;
        else seen.set(s.mmsi, { from: s.t[0]!, to: s.t[s.t.length - 1]! });
      }
      await writeFtm(store, seen, sink);
      return;
    }
  }
}

/** Runs the export; resolves to the exit code (3: nothing matches). */
export async function runExport(o: ExportCliOptions): Promise<number> {
  const { what, format, query, mmsi, breakMs } = parseExportOptions(o);
  const store = await openStore(o.db, { mustExist: true });
  let sink: Sink | null = null;
  try {
    if (what === 'events') {
      const events = await matchingEvents(store, toEventFilter(query), mmsi);
      if (events.length === 0) return nothingFound('no events match');
      sink = openSink(o.out);
      await writeEvents(store, events, format, sink, o.out);
    } else {
      const q: TrackQuery = { breakMs };
      if (mmsi) q.mmsi = mmsi;
      if (query.from !== undefined) q.from = query.from;
      if (query.to !== undefined) q.to = query.to;
      if (query.bbox) q.bbox = query.bbox;
      const segments = trackSegments(store, q);
      const first = await segments.next();
      if (first.done) return nothingFound('no positions match');
      sink = openSink(o.out);
      await writeTracks(store, first.value, segments, format, sink, o.out);
    }
    await sink.commit();
    sink = null;
    return 0;
  } finally {
    if (sink) await sink.abort();
    await store.close();
  }
}

export function register(program: Command): void {
  program
    .command('export')
    .description('export tracks or events as GeoJSON, KML (gx:Track), GeoParquet, Kepler.gl CSV or FollowTheMoney JSON lines; exit code 3 when nothing matches')
    .option('--tracks', 'vessel tracks: lines per vessel, cut where it was silent (see --break-minutes)')
    .option('--events', 'stored events: points (none for placeless events such as sanctions hits)')
    .option('--format <format>', EXPORT_FORMATS.join('|'))
    .option('--db <path>', 'store file', DEFAULT_DB)
    .option('--bbox <W,S,E,N>', 'positions / events inside this box (degrees)')
    .option('--from <time>', 'from this ISO 8601 date or time (UTC unless an offset is given)')
    .option('--to <time>', 'to this ISO 8601 date or time')
    .option('--mmsi <mmsi...>', 'only these vessels (9 digits; several, space or comma separated)')
    .option('--type <types>', `events: these types, comma separated: ${EVENT_TYPES.join(',')}`)
    .option('--flags <flags>', 'events: carrying all these flags, comma separated')
    .option('--min-confidence <x>', 'events: confidence at or above x (0..1)')
    .option('--break-minutes <n>', `tracks: a silence longer than this starts a new line (default ${TRACK_BREAK_MS / 60_000})`)
    .option('--out <file>', 'write to this file instead of stdout (required for geoparquet)')
    .action(async (opts: ExportCliOptions) => {
      process.exitCode = await runExport(opts);
    });
}
