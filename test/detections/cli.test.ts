/** `darkfleet detections` as a user runs it: the sample store, a small review file, exit codes. */
import { afterAll, describe, expect, it } from 'vitest';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { darkfleet } from '../cli/run.js';
import { repoRoot } from '../ais/paths.js';

const dir = mkdtempSync(path.join(tmpdir(), 'darkfleet-detcli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('darkfleet detections', () => {
  it('matches a detection on a track, stores the others as dark_detection events, counts bad rows, writes --out', () => {
    const db = path.join(dir, 'nampo.duckdb');
    const nmea = path.join(repoRoot, 'data/sample/nampo/ais.nmea');
    const ing = darkfleet(['ingest', nmea, '--db', db, '-q']);
    expect(ing.code).toBe(0);
    // one fix of the sample, to put a detection on
    const ev = darkfleet(['decode', nmea, '--types', '1']);
    const fix = JSON.parse(ev.stdout.split('\n')[500]!) as { mmsi: number; lat: number; lon: number; rxtime: string };
    const csv = path.join(dir, 'review.csv');
    writeFileSync(csv, `time,lat,lon,length_m,confidence,note\n${fix.rxtime},${fix.lat},${fix.lon},,0.9,on a track\n${fix.rxtime},37.3,123.0,60,0.95,open sea\nnot a time,1,2,,,bad\n`);
    const out = path.join(dir, 'det.jsonl');
    const r = darkfleet(['detections', csv, '--db', db, '--out', out, '-q']);
    expect(r.code).toBe(0);
    const s = r.summary();
    expect(s).toMatchObject({ layout: 'generic', read: 3, detections: 2, rejected: { bad_time: 1 }, matched: 1, dark: 1 });
    const lines = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { detection: Record<string, string>; match: { mmsi: number; distanceM: number; timeOffsetS: number } | null; candidates: unknown[] });
    expect(lines[0]!.detection.note).toBe('on a track');
    expect(lines[0]!.match).toMatchObject({ mmsi: fix.mmsi, timeOffsetS: 0 });
    expect(lines[0]!.match!.distanceM).toBeLessThan(5);
    expect(lines[1]!.match).toBeNull();
    const listed = darkfleet(['events', '--db', db, '--type', 'dark_detection', '--format', 'jsonl']);
    expect(listed.code).toBe(0);
    expect(listed.stdout.trim().split('\n')).toHaveLength(1);
  }, 120_000);

  it('a file that fits no layout exits 1 naming the columns expected; a bad option exits 2', () => {
    const db = path.join(dir, 'empty.duckdb');
    copyFileSync(path.join(dir, 'nampo.duckdb'), db);
    const csv = path.join(dir, 'ais.csv');
    writeFileSync(csv, 'MMSI,BaseDateTime,LAT,LON\n412000001,2024-03-01T00:00:00,38,124\n');
    const r = darkfleet(['detections', csv, '--db', db]);
    expect(r.code).toBe(1);
    expect(r.errLines).toHaveLength(1);
    expect(r.errLines[0]).toMatch(/not the header of a detections layout.*generic: time\|timestamp/);
    expect(darkfleet(['detections', csv, '--db', db, '--radius-km', 'x']).code).toBe(2);
  });
});
