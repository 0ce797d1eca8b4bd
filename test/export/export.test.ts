/**
 * `darkfleet export` over the bundled Nampo sample (a simulated scenario), analysed and screened
 * against a small FtM list, and over a real MarineCadastre file: every format opens as its
 * readers expect (RFC 7946 shapes, KML with gx:Track, GeoParquet read back with hyparquet,
 * FtM lines against FtM's schema) and carries exactly what the store holds.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { parquetMetadataAsync, parquetReadObjects } from 'hyparquet';
import type { Feature, FeatureCollection, Geometry, LineString, Point } from 'geojson';
import { main } from '../../src/cli/index.js';
import { openStore } from '../../src/store/index.js';
import type { Event } from '../../src/events.js';
import { TRACK_BREAK_MS } from '../../src/track/breaks.js';
import { buildSampleStore, HIT, HIT_MMSI, root } from '../api/sample.js';
import { sharedData } from '../geo/shared-data.js';
import { rfc7946Problems } from './rfc7946.js';
import { ftmProblems } from './ftm-check.js';

const OWNERS = path.join(root, 'test/fixtures/export/nampo_owners.ftm.jsonl');
/** KUM UN SAN 5, MYONG RYU GANG's partner in the sample's night encounter, listed directly in OWNERS */
const PARTNER = 445976077;
const ENCOUNTER = 'encounter:445783662-445976077:2026-03-01T08:40:00Z';

let dir = '';
let db = '';
let positions = 0;
let events: Event[] = [];
let firstFix: { t: number; lat: number; lon: number } | undefined;
let hitPositions = 0;

async function quiet<T>(f: () => Promise<T>): Promise<{ value: T; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((c: string | Uint8Array) => (out.push(Buffer.from(c).toString('utf8')), true));
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((c: string | Uint8Array) => (err.push(Buffer.from(c).toString('utf8')), true));
  try {
    const value = await f();
    return { value, out: out.join(''), err: err.join('') };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

/** Runs `darkfleet export ARGS --db DB [--out dir/NAME]`; `process.exitCode` is reset around it. */
async function runExport(args: string[], out?: string, store = db): Promise<{ code: number; out: string; err: string; file?: string }> {
  process.exitCode = undefined;
  const file = out ? path.join(dir, out) : undefined;
  const r = await quiet(() => main(['node', 'darkfleet', 'export', '--db', store, ...args, ...(file ? ['--out', file] : [])]));
  process.exitCode = undefined;
  return { code: r.value, out: r.out, err: r.err, file };
}

beforeAll(async () => {
  ({ dir, db } = await buildSampleStore());
  const s = await quiet(() => main(['node', 'darkfleet', 'screen', '--list', OWNERS, '--db', db]));
  process.exitCode = undefined;
  if (s.value !== 0) throw new Error(`screen exited ${s.value}: ${s.err}`);
  const store = await openStore(db, { threads: 1 });
  try {
    positions = (await store.stats()).positions;
    events = await store.events();
    for await (const p of store.positions({ mmsi: HIT_MMSI, order: 'vessel' })) {
      firstFix ??= p;
      hitPositions++;
    }
  } finally {
    await store.close();
  }
}, 600_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

type TrackProps = { mmsi: number; segment: number; name: string | null; points: number; times: number[]; start: string; end: string };

function readGeoJson(file: string): FeatureCollection<Geometry | null, Record<string, unknown>> {
  return JSON.parse(readFileSync(file, 'utf8')) as FeatureCollection<Geometry | null, Record<string, unknown>>;
}

function coordsOf(g: Geometry | null): number[][] {
  if (!g) return [];
  if (g.type === 'Point') return [g.coordinates];
  return (g as LineString).coordinates;
}

describe('export --tracks', () => {
  let tracks: Feature<Geometry, TrackProps>[] = [];
  beforeAll(async () => {
    const r = await runExport(['--tracks', '--format', 'geojson'], 'tracks.geojson');
    expect(r.code).toBe(0);
    tracks = readGeoJson(r.file!).features as Feature<Geometry, TrackProps>[];
  });

  it('GeoJSON: RFC 7946 shapes, every stored position once, lines cut at silences, identity from statics', () => {
    const doc = readGeoJson(path.join(dir, 'tracks.geojson'));
    expect(rfc7946Problems(doc)).toEqual([]);
    expect(tracks.reduce((s, f) => s + f.properties.points, 0)).toBe(positions);
    for (const f of tracks) {
      const c = coordsOf(f.geometry);
      expect(c.length).toBe(f.properties.points);
      expect(f.properties.times.length).toBe(c.length);
      expect(f.geometry.type).toBe(c.length === 1 ? 'Point' : 'LineString');
      for (let i = 1; i < f.properties.times.length; i++) expect(f.properties.times[i]! - f.properties.times[i - 1]!).toBeLessThanOrEqual(TRACK_BREAK_MS);
    }
    // consecutive lines of one vessel are separated by more than the break time
    for (let i = 1; i < tracks.length; i++) {
      const a = tracks[i - 1]!.properties, b = tracks[i]!.properties;
      if (a.mmsi === b.mmsi) {
        expect(b.segment).toBe(a.segment + 1);
        expect(b.times[0]! - a.times[a.times.length - 1]!).toBeGreaterThan(TRACK_BREAK_MS);
      } else expect(b.segment).toBe(0);
    }
    const mine = tracks.filter((f) => f.properties.mmsi === HIT_MMSI);
    expect(mine.reduce((s, f) => s + f.properties.points, 0)).toBe(hitPositions);
    expect(mine[0]!.properties.name).toBe('MYONG RYU GANG');
    expect(mine[0]!.properties).toMatchObject({ imo: 9566203, flag: 'KP', shipType: 70 });
    expect(coordsOf(mine[0]!.geometry)[0]).toEqual([firstFix!.lon, firstFix!.lat]);
    expect(mine[0]!.properties.start).toBe(new Date(firstFix!.t).toISOString().replace('.000Z', 'Z'));
  });

  it('KML: gx:Track with one when per gx:coord, a Folder per vessel', async () => {
    const r = await runExport(['--tracks', '--format', 'kml'], 'tracks.kml');
    expect(r.code).toBe(0);
    const text = readFileSync(r.file!, 'utf8');
    const always = new Set(['Folder', 'Placemark', 'when', 'gx:coord']);
    const doc = new XMLParser({ isArray: (name) => always.has(name) }).parse(text) as {
      kml: { Document: { Folder: { name: string; Placemark: { 'gx:Track': { when: string[]; 'gx:coord': string[] } }[] }[] } };
    };
    const folders = doc.kml.Document.Folder;
    expect(folders.length).toBe(new Set(tracks.map((f) => f.properties.mmsi)).size);
    const marks = folders.flatMap((f) => f.Placemark);
    expect(marks.length).toBe(tracks.length);
    let n = 0;
    for (const m of marks) {
      expect(m['gx:Track'].when.length).toBe(m['gx:Track']['gx:coord'].length);
      n += m['gx:Track'].when.length;
    }
    expect(n).toBe(positions);
    const mine = folders.find((f) => f.name === `MYONG RYU GANG (${HIT_MMSI})`)!;
    expect(mine.Placemark[0]!['gx:Track']['gx:coord'][0]).toBe(`${firstFix!.lon} ${firstFix!.lat} 0`);
    expect(mine.Placemark[0]!['gx:Track'].when[0]).toBe(new Date(firstFix!.t).toISOString());
  });

  it('GeoParquet 1.1: WKB geometry, geo metadata, one row per line (read back with hyparquet)', async () => {
    const r = await runExport(['--tracks', '--format', 'geoparquet'], 'tracks.parquet');
    expect(r.code).toBe(0);
    const buf = readFileSync(r.file!);
    const file = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength);
    const md = await parquetMetadataAsync(file);
    const geo = JSON.parse(md.key_value_metadata!.find((k) => k.key === 'geo')!.value!) as {
      version: string; primary_column: string; columns: { geometry: { encoding: string; geometry_types: string[]; bbox: number[]; crs?: unknown } };
    };
    expect(geo.version).toBe('1.1.0');
    expect(geo.primary_column).toBe('geometry');
    expect(geo.columns.geometry.encoding).toBe('WKB');
    expect('crs' in geo.columns.geometry).toBe(false);
    expect(geo.columns.geometry.geometry_types).toEqual([...new Set(tracks.map((f) => f.geometry.type))].sort());
    const all = tracks.flatMap((f) => coordsOf(f.geometry));
    expect(geo.columns.geometry.bbox).toEqual([Math.min(...all.map((c) => c[0]!)), Math.min(...all.map((c) => c[1]!)), Math.max(...all.map((c) => c[0]!)), Math.max(...all.map((c) => c[1]!))]);
    // the geometry column is plain BYTE_ARRAY (WKB) as GeoParquet 1.1 asks
    expect(md.schema.find((s) => s.name === 'geometry')!.type).toBe('BYTE_ARRAY');
    const rows = (await parquetReadObjects({ file })) as { mmsi: bigint | number; segment: bigint | number; name: string | null; points: bigint | number; start: Date; geometry: Geometry; bbox: { xmin: number } }[];
    expect(rows.length).toBe(tracks.length);
    expect(rows.reduce((s, x) => s + Number(x.points), 0)).toBe(positions);
    const mine = rows.find((x) => Number(x.mmsi) === HIT_MMSI && Number(x.segment) === 0)!;
    expect(mine.name).toBe('MYONG RYU GANG');
    expect(mine.geometry).toEqual(tracks.find((f) => f.properties.mmsi === HIT_MMSI)!.geometry);
    expect(mine.start.getTime()).toBe(firstFix!.t);
    expect(mine.bbox.xmin).toBe(Math.min(...coordsOf(mine.geometry).map((c) => c[0]!)));
  });

  it('kepler-csv: one row per fix with vessel and line ids', async () => {
    const r = await runExport(['--tracks', '--format', 'kepler-csv'], 'tracks.csv');
    expect(r.code).toBe(0);
    const lines = readFileSync(r.file!, 'utf8').trimEnd().split('\n');
    expect(lines[0]).toBe('vessel_id,segment_id,timestamp,lat,lon,sog,cog,name,callsign,imo,flag,ship_type');
    expect(lines.length - 1).toBe(positions);
    const mine = lines.find((l) => l.startsWith(`${HIT_MMSI},`))!.split(',');
    expect(mine.slice(0, 5)).toEqual([String(HIT_MMSI), `${HIT_MMSI}-0`, new Date(firstFix!.t).toISOString(), String(firstFix!.lat), String(firstFix!.lon)]);
    expect(mine[7]).toBe('MYONG RYU GANG');
  });

  it('filters: several MMSIs, a time range, a box; stdout when no --out', async () => {
    const r = await runExport(['--tracks', '--format', 'geojson', '--mmsi', String(HIT_MMSI), String(PARTNER)]);
    expect(r.code).toBe(0);
    const fc = JSON.parse(r.out) as FeatureCollection<Geometry, TrackProps>;
    expect(rfc7946Problems(fc)).toEqual([]);
    expect([...new Set(fc.features.map((f) => f.properties.mmsi))]).toEqual([HIT_MMSI, PARTNER]);
    expect(fc.features).toEqual(tracks.filter((f) => f.properties.mmsi === HIT_MMSI || f.properties.mmsi === PARTNER));

    const from = '2026-03-01T10:00:00Z', to = '2026-03-01T12:00:00Z';
    const t = await runExport(['--tracks', '--format', 'geojson', '--mmsi', String(HIT_MMSI), '--from', from, '--to', to]);
    const times = (JSON.parse(t.out) as FeatureCollection<Geometry, TrackProps>).features.flatMap((f) => f.properties.times);
    expect(times.length).toBeGreaterThan(0);
    expect(times.every((x) => x >= Date.parse(from) && x <= Date.parse(to))).toBe(true);
    expect(times.length).toBe(tracks.filter((f) => f.properties.mmsi === HIT_MMSI).flatMap((f) => f.properties.times).filter((x) => x >= Date.parse(from) && x <= Date.parse(to)).length);

    const b = await runExport(['--tracks', '--format', 'geojson', '--bbox', '124.3,37.7,124.4,37.8']);
    const pts = (JSON.parse(b.out) as FeatureCollection<Geometry, TrackProps>).features.flatMap((f) => coordsOf(f.geometry));
    expect(pts.length).toBeGreaterThan(0);
    expect(pts.every(([x, y]) => x! >= 124.3 && x! <= 124.4 && y! >= 37.7 && y! <= 37.8)).toBe(true);
  });
});

describe('export --events', () => {
  it('GeoJSON: every stored event, placeless ones with a null geometry, never 0,0', async () => {
    const r = await runExport(['--events', '--format', 'geojson'], 'events.geojson');
    expect(r.code).toBe(0);
    const fc = readGeoJson(r.file!);
    expect(rfc7946Problems(fc)).toEqual([]);
    expect(fc.features.map((f) => f.id)).toEqual(events.map((e) => e.id));
    const hits = fc.features.filter((f) => f.properties.type === 'sanctions_hit');
    expect(hits.length).toBeGreaterThanOrEqual(2);
    for (const f of hits) expect(f.geometry).toBeNull();
    const enc = events.find((e) => e.id === ENCOUNTER)!;
    expect((fc.features.find((f) => f.id === ENCOUNTER)!.geometry as Point).coordinates).toEqual([enc.lon, enc.lat]);
  });

  it('KML: Placemarks with TimeSpan; GeoParquet and Kepler CSV rows', async () => {
    const k = await runExport(['--events', '--format', 'kml', '--type', 'encounter'], 'events.kml');
    const marks = (new XMLParser({ isArray: (n) => n === 'Placemark' }).parse(readFileSync(k.file!, 'utf8')) as { kml: { Document: { Placemark: { TimeSpan: { begin: string; end: string } }[] } } }).kml.Document.Placemark;
    const encounters = events.filter((e) => e.type === 'encounter');
    expect(marks.map((m) => m.TimeSpan.begin)).toEqual(encounters.map((e) => e.start));

    const p = await runExport(['--events', '--format', 'geoparquet'], 'events.parquet');
    expect(p.code).toBe(0);
    const buf = readFileSync(p.file!);
    const file = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength);
    const geo = JSON.parse((await parquetMetadataAsync(file)).key_value_metadata!.find((x) => x.key === 'geo')!.value!) as { columns: { geometry: { geometry_types: string[] } } };
    expect(geo.columns.geometry.geometry_types).toEqual(['Point']);
    const rows = (await parquetReadObjects({ file })) as { id: string; type: string; geometry: Point | null; start: Date }[];
    expect(rows.map((x) => x.id)).toEqual(events.map((e) => e.id));
    for (const x of rows) if (x.type === 'sanctions_hit') expect(x.geometry).toBeNull();
    const enc = rows.find((x) => x.id === ENCOUNTER)!;
    expect(enc.geometry!.coordinates).toEqual([events.find((e) => e.id === ENCOUNTER)!.lon, events.find((e) => e.id === ENCOUNTER)!.lat]);
    expect(enc.start.toISOString()).toBe('2026-03-01T08:40:00.000Z');

    const c = await runExport(['--events', '--format', 'kepler-csv'], 'events.csv');
    const lines = readFileSync(c.file!, 'utf8').trimEnd().split('\n');
    expect(lines[0]).toBe('event_id,type,timestamp,end_timestamp,hours,lat,lon,vessel_ids,confidence,flags');
    expect(lines.length - 1).toBe(events.length);
    for (const l of lines.filter((x) => x.includes(',sanctions_hit,'))) expect(l.split(',').slice(5, 7)).toEqual(['', '']);
  });
});

describe('export --format ftm', () => {
  function entities(text: string): { id: string; schema: string; properties: Record<string, string[]> }[] {
    return text.trimEnd().split('\n').map((l) => JSON.parse(l) as { id: string; schema: string; properties: Record<string, string[]> });
  }

  it('every line is a valid FtM entity; vessels, owners, ownership chain and sanctions', async () => {
    const r = await runExport(['--tracks', '--format', 'ftm'], 'vessels.ftm.jsonl');
    expect(r.code).toBe(0);
    const text = readFileSync(r.file!, 'utf8');
    for (const line of text.trimEnd().split('\n')) expect([line.slice(0, 80), ftmProblems(line)]).toEqual([line.slice(0, 80), []]);
    const es = entities(text);
    const ids = new Set(es.map((e) => e.id));
    expect(ids.size).toBe(es.length);
    // every reference names an entity of the file
    for (const e of es) for (const k of ['owner', 'asset', 'subject', 'object', 'entity', 'director', 'organization']) for (const v of e.properties[k] ?? []) expect(ids.has(v)).toBe(true);
    const vessels = es.filter((e) => e.id.startsWith('darkfleet-mmsi-'));
    const store = await openStore(db, { threads: 1 });
    const mmsis = new Set<number>();
    try {
      for await (const b of store.positionBatches({ order: 'vessel' })) for (const p of b) mmsis.add(p.mmsi);
    } finally {
      await store.close();
    }
    expect(vessels.length).toBe(mmsis.size);
    const mine = es.find((e) => e.id === `darkfleet-mmsi-${HIT_MMSI}`)!;
    expect(mine.properties).toMatchObject({ name: ['MYONG RYU GANG'], imoNumber: ['9566203'], mmsi: [String(HIT_MMSI)], callSign: ['HMB384'], flag: ['kp'] });
    const owns = (owner: string, asset: string): boolean => es.some((e) => e.schema === 'Ownership' && e.properties.owner?.[0] === owner && e.properties.asset?.[0] === asset);
    // the list's chain: Korea Test Trading owns Taedong, which owns the listed MYONG RYU GANG, matched to the AIS vessel
    expect(owns('sim-nampo-co-korea-trading', 'sim-nampo-co-taedong')).toBe(true);
    expect(owns('sim-nampo-co-taedong', 'sim-nampo-vessel-myong-ryu-gang')).toBe(true);
    expect(es.some((e) => e.schema === 'UnknownLink' && e.properties.subject?.[0] === mine.id && e.properties.object?.[0] === 'sim-nampo-vessel-myong-ryu-gang' && e.properties.role?.[0] === 'screening match')).toBe(true);
    // the API sample's hit: its owner is the sanctioned company directly
    expect(owns(HIT.entity.id, mine.id)).toBe(true);
    const sanctioned = es.filter((e) => e.schema === 'Sanction').map((e) => e.properties.entity![0]).sort();
    expect(sanctioned).toEqual([HIT.entity.id, 'sim-nampo-co-korea-trading', 'sim-nampo-vessel-kum-un-san-5'].sort());
    expect(es.find((e) => e.id === 'sim-nampo-co-korea-trading')!.properties.topics).toEqual(['sanction']);
  });

  it('--events: the vessels of the matching events and their links only', async () => {
    const r = await runExport(['--events', '--format', 'ftm', '--type', 'encounter', '--mmsi', String(HIT_MMSI)]);
    expect(r.code).toBe(0);
    const es = entities(r.out);
    for (const line of r.out.trimEnd().split('\n')) expect(ftmProblems(line)).toEqual([]);
    expect(es.filter((e) => e.schema === 'Vessel' && e.id.startsWith('darkfleet-mmsi-')).map((e) => e.id)).toEqual([`darkfleet-mmsi-${HIT_MMSI}`, `darkfleet-mmsi-${PARTNER}`]);
    expect(es.some((e) => e.schema === 'Sanction' && e.properties.entity?.[0] === 'sim-nampo-vessel-kum-un-san-5')).toBe(true);
  });
});

describe('export: arguments and exit codes', () => {
  it('bad arguments exit 2 naming the option; nothing matching exits 3 and writes no file', async () => {
    const cases: [string[], RegExp][] = [
      [['--format', 'geojson'], /one of --tracks or --events/],
      [['--tracks', '--events', '--format', 'geojson'], /one of --tracks or --events/],
      [['--tracks'], /--format is required/],
      [['--tracks', '--format', 'shp'], /--format must be one of/],
      [['--tracks', '--format', 'geoparquet'], /give --out/],
      [['--tracks', '--format', 'geojson', '--type', 'gap'], /--type filters events/],
      [['--events', '--format', 'geojson', '--break-minutes', '30'], /--break-minutes cuts tracks/],
      [['--tracks', '--format', 'geojson', '--mmsi', '12345'], /--mmsi: expected an MMSI of 9 digits/],
      [['--tracks', '--format', 'geojson', '--bbox', '1,2,3'], /--bbox/],
      [['--events', '--format', 'geojson', '--from', '2026-02-30'], /--from/],
      [['--tracks', '--format', 'geojson', '--break-minutes', '0'], /--break-minutes/],
    ];
    for (const [args, msg] of cases) {
      const r = await runExport(args);
      expect([args.join(' '), r.code]).toEqual([args.join(' '), 2]);
      expect(r.err).toMatch(msg);
    }
    const none = await runExport(['--events', '--format', 'geojson', '--type', 'dark_detection'], 'none.geojson');
    expect(none.code).toBe(3);
    expect(none.err).toBe('darkfleet: no events match\n');
    expect(existsSync(none.file!)).toBe(false);
    const noPos = await runExport(['--tracks', '--format', 'geoparquet', '--from', '2030-01-01'], 'none.parquet');
    expect(noPos.code).toBe(3);
    expect(noPos.err).toBe('darkfleet: no positions match\n');
    expect(existsSync(noPos.file!)).toBe(false);
  });

  it('--break-minutes cuts tracks at a shorter silence', async () => {
    const r = await runExport(['--tracks', '--format', 'geojson', '--mmsi', String(HIT_MMSI), '--break-minutes', '6']);
    const fs = (JSON.parse(r.out) as FeatureCollection<Geometry, TrackProps>).features;
    for (const f of fs) for (let i = 1; i < f.properties.times.length; i++) expect(f.properties.times[i]! - f.properties.times[i - 1]!).toBeLessThanOrEqual(6 * 60_000);
    expect(fs.reduce((s, f) => s + f.properties.points, 0)).toBe(hitPositions);
  });
});

describe('export of a real MarineCadastre file', () => {
  const csv = sharedData('tracks/noaa_marinecadastre_sample_20230111.csv');
  it.skipIf(!csv)('tracks hold every stored position; a known vessel starts where the file says', async () => {
    const realDb = path.join(dir, 'noaa.duckdb');
    const ing = await quiet(() => main(['node', 'darkfleet', 'ingest', csv!, '--db', realDb, '-q']));
    process.exitCode = undefined;
    expect(ing.value).toBe(0);
    const store = await openStore(realDb, { threads: 1 });
    const stored = (await store.stats()).positions;
    await store.close();
    // the file's first row: its vessel's earliest fix in the file
    const rows = readFileSync(csv!, 'utf8').trimEnd().split('\n').slice(1).map((l) => l.split(','));
    const mmsi = rows[0]![0]!;
    const own = rows.filter((r) => r[0] === mmsi).sort((a, b) => (a[1]! < b[1]! ? -1 : a[1]! > b[1]! ? 1 : 0));
    const r = await runExport(['--tracks', '--format', 'geojson'], 'noaa.geojson', realDb);
    expect(r.code).toBe(0);
    const fc = readGeoJson(r.file!);
    expect(rfc7946Problems(fc)).toEqual([]);
    expect(fc.features.reduce((s, f) => s + Number(f.properties.points), 0)).toBe(stored);
    const first = fc.features.find((f) => f.properties.mmsi === Number(mmsi))!;
    expect(coordsOf(first.geometry)[0]).toEqual([Number(own[0]![3]), Number(own[0]![2])]);
    expect(first.properties.name).toBe(own[0]![7]);
    const p = await runExport(['--tracks', '--format', 'geoparquet'], 'noaa.parquet', realDb);
    const buf = readFileSync(p.file!);
    const rowsPq = (await parquetReadObjects({ file: buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) })) as { points: bigint | number }[];
    expect(rowsPq.length).toBe(fc.features.length);
    expect(rowsPq.reduce((s, x) => s + Number(x.points), 0)).toBe(stored);
  });
});
