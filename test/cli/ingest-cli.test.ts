/**
 * `ingest`, `analyze` and `init` say plainly what they did not do (issue T): an input is done
 * when its records are stored, a multi-input run finishes and reports each input, and nothing
 * creates a store it leaves empty. Each case asserts the exit code, the one-line message and
 * the store afterwards (file absent, or its stats).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fixtures, repoRoot } from '../ais/paths.js';
import { darkfleet, stats } from './run.js';

const dir = mkdtempSync(path.join(tmpdir(), 'darkfleet-ingest-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const mc = path.join(dir, 'mc.csv');
writeFileSync(mc, `${readFileSync(path.join(repoRoot, 'data/sample/nampo/ais.csv'), 'utf8').split('\n').slice(0, 201).join('\n')}\n`);
const dma = path.join(fixtures, 'sources/dma_aisdk_sample.csv');
const nmea = path.join(fixtures, 'ais/libais/tagblock.nmea');
const junk = path.join(dir, 'junk.txt');
writeFileSync(junk, 'hello\nworld\n');
const missing = path.join(dir, 'missing.nmea');
// the sample's first 200 CSV rows: 200 positions and the static reports of the identities they carry
const MC_RECORDS = 297;
const EMPTY_STATS = { positions: 0, statics: 0, vessels: 0, events: {}, rejects: {} };

let n = 0;
const newDb = (): string => path.join(dir, `s${n++}.duckdb`);

describe('darkfleet ingest: an input is done when its records are stored', () => {
  it('a wrong --format stores nothing, exits 1, creates no store, and does not lock the file out', () => {
    const db = newDb();
    const wrong = darkfleet(['ingest', mc, '--format', 'nmea', '--db', db, '-q']);
    expect(wrong.code).toBe(1);
    expect(wrong.errLines).toEqual([expect.stringMatching(/^darkfleet: .*mc\.csv: nothing stored: every one of its 201 records rejected read as nmea \(not_nmea: 201\); try --format auto$/)]);
    // the header line is one more line NMEA rejects
    expect(wrong.summary()).toMatchObject({ read: 201, inserted: 0, duplicates: 0, rejected: { not_nmea: 201 }, skippedInputs: 0, failedInputs: [] });
    expect(wrong.summary().inputs).toEqual([
      { path: mc, format: 'nmea', read: 201, inserted: 0, duplicates: 0, rejected: { not_nmea: 201 }, status: 'nothing_stored', reason: expect.stringMatching(/every one of its 201 records rejected/) },
    ]);
    expect(existsSync(db)).toBe(false);

    const right = darkfleet(['ingest', mc, '--db', db, '-q']);
    expect(right.code).toBe(0);
    expect(right.errLines).toEqual([]);
    // 200 rows: 200 positions and the static reports their vessel fields make
    expect(right.summary()).toMatchObject({ read: MC_RECORDS, inserted: MC_RECORDS, skippedInputs: 0, inputs: [{ path: mc, format: 'marinecadastre', status: 'stored', inserted: MC_RECORDS }] });
    expect(stats(db)).toMatchObject({ positions: expect.any(Number), rejects: {} });
    const st = stats(db);
    expect(st).toMatchObject({ positions: 200, statics: MC_RECORDS - 200 });

    const again = darkfleet(['ingest', mc, '--format', 'nmea', '--db', db, '-q']);
    expect(again.code).toBe(0);
    expect(again.summary()).toMatchObject({ inserted: 0, skippedInputs: 1, inputs: [{ status: 'skipped_already_ingested' }] });
    expect(stats(db)).toEqual(st);
  });

  it('into an existing store, a wrong --format leaves it as it was (no rejects counted)', () => {
    const db = newDb();
    expect(darkfleet(['ingest', nmea, '--db', db, '-q']).code).toBe(0);
    const before = stats(db);
    const r = darkfleet(['ingest', dma, '--format', 'aisstream', '--db', db, '-q']);
    expect(r.code).toBe(1);
    expect(r.summary().inputs).toEqual([expect.objectContaining({ status: 'nothing_stored', format: 'aisstream', rejected: { bad_json: 15 } })]);
    expect(stats(db)).toEqual(before);
    expect(darkfleet(['ingest', dma, '--db', db, '-q']).summary()).toMatchObject({ inputs: [{ status: 'stored', format: 'dma' }] });
  });

  it('a format whose header does not fit fails the input with the reason', () => {
    const db = newDb();
    const r = darkfleet(['ingest', dma, '--format', 'marinecadastre', '--db', db, '-q']);
    expect(r.code).toBe(1);
    expect(r.errLines).toEqual([expect.stringMatching(/^darkfleet: .*dma_aisdk_sample\.csv: line 1 is not a MarineCadastre header/)]);
    expect(r.summary().failedInputs).toEqual([{ path: dma, reason: expect.stringMatching(/not a MarineCadastre header/) }]);
    expect(existsSync(db)).toBe(false);
  });
});

describe('darkfleet ingest: a multi-input run finishes', () => {
  it('stores the good inputs, reports the missing and unreadable ones, then exits 1', () => {
    const db = newDb();
    const r = darkfleet(['ingest', mc, missing, junk, dma, '--db', db, '-q']);
    expect(r.code).toBe(1);
    expect(r.errLines).toEqual([
      `darkfleet: ${missing}: cannot open: no such file`,
      expect.stringMatching(new RegExp(`^darkfleet: ${junk.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: cannot tell the format from line 1`)),
    ]);
    const s = r.summary();
    expect(Object.keys(s)).toEqual(['read', 'inserted', 'duplicates', 'rejected', 'skippedInputs', 'failedInputs', 'inputs', 'seconds']);
    expect(s.failedInputs).toEqual([
      { path: missing, reason: `${missing}: cannot open: no such file` },
      { path: junk, reason: expect.stringMatching(/cannot tell the format/) },
    ]);
    expect((s.inputs as { path: string; status: string; format: string | null }[]).map((i) => [i.path, i.status, i.format])).toEqual([
      [mc, 'stored', 'marinecadastre'],
      [missing, 'failed', null],
      [junk, 'failed', null],
      [dma, 'stored', 'dma'],
    ]);
    expect(s.inserted).toBe(MC_RECORDS + 18);
    const st = stats(db);
    expect((st.positions as number) + (st.statics as number)).toBe(MC_RECORDS + 18);
  });

  it('an ingest of only missing inputs creates no store file', () => {
    const db = newDb();
    const r = darkfleet(['ingest', missing, path.join(dir, 'nope.csv'), '--db', db, '-q']);
    expect(r.code).toBe(1);
    expect(r.errLines).toHaveLength(2);
    expect(r.summary()).toMatchObject({ read: 0, inserted: 0, failedInputs: [{ path: missing }, { path: path.join(dir, 'nope.csv') }] });
    expect(existsSync(db)).toBe(false);
    expect(existsSync(`${db}.wal`)).toBe(false);
  });

  it('an empty input fails like an unreadable one', () => {
    const db = newDb();
    const empty = path.join(dir, 'empty.nmea');
    writeFileSync(empty, '');
    const r = darkfleet(['ingest', empty, '--db', db, '-q']);
    expect(r.code).toBe(1);
    expect(r.errLines).toEqual([`darkfleet: ${empty}: the input is empty`]);
    expect(existsSync(db)).toBe(false);
  });
});

describe('darkfleet analyze and init: no store left empty by mistake', () => {
  it('analyze with no inputs and no store is a usage error naming --db, and creates nothing', () => {
    const db = newDb();
    const r = darkfleet(['analyze', '--db', db, '-q']);
    expect(r.code).toBe(2);
    expect(r.errLines).toEqual([`darkfleet: --db ${db}: no store there to analyze; give INPUT files to ingest, or create an empty store with darkfleet init --db ${db}`]);
    expect(r.stdout).toBe('');
    expect(existsSync(db)).toBe(false);
  });

  it('analyze of only missing inputs writes its summary, exits 1 and creates nothing', () => {
    const db = newDb();
    const r = darkfleet(['analyze', missing, '--db', db, '-q']);
    expect(r.code).toBe(1);
    expect(r.errLines).toEqual([`darkfleet: ${missing}: cannot open: no such file`]);
    expect(r.summary()).toMatchObject({ inserted: 0, failedInputs: [{ path: missing }], positions: 0, events: {} });
    expect(existsSync(db)).toBe(false);
  });

  it('analyze goes on with the inputs that were stored and exits 1 for the one that failed', () => {
    const db = newDb();
    const r = darkfleet(['analyze', mc, missing, '--db', db, '-q']);
    expect(r.code).toBe(1);
    expect(r.summary()).toMatchObject({ inserted: MC_RECORDS, failedInputs: [{ path: missing }], inputs: [{ status: 'stored' }, { status: 'failed' }], positions: expect.any(Number) });
    expect((r.summary().positions as number)).toBeGreaterThan(0);
    expect(stats(db).positions).toBe(r.summary().positions);
  });

  it('analyze with a --zones file that does not exist is a usage error before anything is ingested', () => {
    const db = newDb();
    const r = darkfleet(['analyze', mc, '--db', db, '--zones', path.join(dir, 'nozones.geojson'), '-q']);
    expect(r.code).toBe(2);
    expect(r.errLines).toEqual([expect.stringMatching(/^darkfleet: --zones: no such file /)]);
    expect(existsSync(db)).toBe(false);
  });

  it('init creates an empty store on purpose; analyze of it then runs; init again leaves it as it is', () => {
    const db = newDb();
    const r = darkfleet(['init', '--db', db]);
    expect(r.code).toBe(0);
    expect(r.errLines).toEqual([`darkfleet: created an empty store at ${db}`]);
    expect(r.summary()).toEqual({ db, created: true });
    expect(stats(db)).toEqual(EMPTY_STATS);
    const a = darkfleet(['analyze', '--db', db, '-q']);
    expect(a.code).toBe(0);
    expect(a.summary()).toMatchObject({ positions: 0, events: {}, failedInputs: [], inputs: [] });
    expect(darkfleet(['ingest', nmea, '--db', db, '-q']).code).toBe(0);
    const st = stats(db);
    const again = darkfleet(['init', '--db', db]);
    expect(again.code).toBe(0);
    expect(again.summary()).toEqual({ db, created: false });
    expect(stats(db)).toEqual(st);
  });

  it('read commands refuse a store that does not exist and create none', () => {
    const db = newDb();
    for (const args of [['stats'], ['events'], ['vessel', '412000001']]) {
      const r = darkfleet([...args, '--db', db]);
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.errLines).toEqual([`darkfleet: no store at ${db} (run \`darkfleet ingest\` first, or pass --db PATH) [store]`]);
      expect(existsSync(db)).toBe(false);
    }
  });
});
