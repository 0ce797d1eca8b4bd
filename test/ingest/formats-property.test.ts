/**
 * "An input is done when its records are stored" as a property, in process (no spawning): any
 * sequence of ingests of any inputs (valid NMEA, MarineCadastre CSV, DMA CSV, AISStream JSON, a
 * junk file, a missing path) with any --format leaves exactly the store one correct ingest of
 * the valid inputs it was given with a fitting format leaves, and a final `--format auto` run
 * over everything reaches the store of one correct ingest of all valid inputs: no wrong format
 * locks a file out, leaves rejects behind, or leaves an empty store file.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { ingest } from '../../src/pipeline/ingest.js';
import { openStore, storeOnDemand } from '../../src/store/index.js';
import type { Position, VesselStatic } from '../../src/records.js';
import type { SourceFormat } from '../../src/sources/types.js';
import { fixtures, repoRoot } from '../ais/paths.js';

const dir = mkdtempSync(path.join(tmpdir(), 'darkfleet-fmtprop-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// MarineCadastre: the first 300 rows of the bundled sample's CSV (no MarineCadastre file is among test/fixtures)
const mc = path.join(dir, 'mc.csv');
writeFileSync(mc, `${readFileSync(path.join(repoRoot, 'data/sample/nampo/ais.csv'), 'utf8').split('\n').slice(0, 301).join('\n')}\n`);
const junk = path.join(dir, 'junk.txt');
writeFileSync(junk, 'hello,world\nthis is not AIS\n');

interface Input {
  path: string;
  /** the format it is in; null: no format reads it */
  format: SourceFormat | null;
}
const INPUTS: Input[] = [
  { path: path.join(fixtures, 'ais/libais/tagblock.nmea'), format: 'nmea' },
  { path: mc, format: 'marinecadastre' },
  { path: path.join(fixtures, 'sources/dma_aisdk_sample.csv'), format: 'dma' },
  { path: path.join(fixtures, 'sources/aisstream_sample.jsonl'), format: 'aisstream' },
  { path: junk, format: null },
  { path: path.join(dir, 'missing.nmea'), format: null },
];
const FORMATS = ['auto', 'nmea', 'marinecadastre', 'dma', 'aisstream'] as const;
type Format = (typeof FORMATS)[number];

interface Snapshot {
  exists: boolean;
  stats: unknown;
  positions: Position[];
  statics: VesselStatic[];
}

const posKey = (a: Position, b: Position): number => a.t - b.t || a.mmsi - b.mmsi || a.lat - b.lat || a.lon - b.lon || a.source.localeCompare(b.source);
const staticKey = (a: VesselStatic, b: VesselStatic): number => a.t - b.t || a.mmsi - b.mmsi || a.source.localeCompare(b.source);

async function snapshot(db: string): Promise<Snapshot> {
  if (!existsSync(db)) return { exists: false, stats: { positions: 0, statics: 0, vessels: 0, events: {}, rejects: {} }, positions: [], statics: [] };
  const store = await openStore(db, { mustExist: true, threads: 1 });
  try {
    const positions: Position[] = [];
    for await (const p of store.positions()) positions.push(p);
    const statics: VesselStatic[] = [];
    for await (const s of store.statics()) statics.push(s);
    return { exists: true, stats: await store.stats(), positions: positions.sort(posKey), statics: statics.sort(staticKey) };
  } finally {
    await store.close();
  }
}

/** One `darkfleet ingest INPUTS --format F --db DB` as the CLI runs it (store opened on demand). */
async function runIngest(db: string, inputs: string[], format: Format): Promise<void> {
  const store = storeOnDemand(db, { threads: 1 });
  try {
    await ingest(() => store.open(), inputs, { format });
  } finally {
    await store.close();
  }
}

const references = new Map<string, Snapshot>();
/** The store of one correct ingest (--format auto) of these valid inputs. */
async function reference(valid: Set<number>): Promise<Snapshot> {
  const ids = [...valid].sort((a, b) => a - b);
  const key = ids.join(',');
  let snap = references.get(key);
  if (!snap) {
    const db = path.join(dir, `ref-${key || 'none'}.duckdb`);
    if (ids.length) await runIngest(db, ids.map((i) => INPUTS[i]!.path), 'auto');
    snap = await snapshot(db);
    references.set(key, snap);
  }
  return snap;
}

describe('ingest: any sequence of ingests with any formats (property)', () => {
  it('every valid input is stored once when read with a fitting format, and nothing else is left behind', async () => {
    const full = await reference(new Set([0, 1, 2, 3]));
    expect(full.exists).toBe(true);
    expect((full.stats as { positions: number }).positions).toBeGreaterThan(300);
    const runArb = fc.record({
      inputs: fc.array(fc.integer({ min: 0, max: INPUTS.length - 1 }), { minLength: 1, maxLength: 4 }),
      format: fc.constantFrom(...FORMATS),
    });
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(runArb, { minLength: 1, maxLength: 4 }), async (runs) => {
        const db = path.join(dir, `p${n++}.duckdb`);
        try {
          const stored = new Set<number>();
          for (const r of runs) {
            await runIngest(db, r.inputs.map((i) => INPUTS[i]!.path), r.format);
            for (const i of r.inputs) {
              const f = INPUTS[i]!.format;
              if (f !== null && (r.format === 'auto' || r.format === f)) stored.add(i);
            }
          }
          // the store holds exactly the inputs read with a fitting format: a wrong one left nothing
          const after = await snapshot(db);
          const want = await reference(stored);
          expect(after).toEqual(want);
          // and nothing was locked out: one run with --format auto completes the store
          await runIngest(db, INPUTS.map((x) => x.path), 'auto');
          expect(await snapshot(db)).toEqual(full);
        } finally {
          rmSync(db, { force: true });
          rmSync(`${db}.wal`, { force: true });
        }
      }),
      {
        numRuns: 12,
        // the case first: MarineCadastre read as NMEA, then (here, at the end) with auto
        examples: [[[{ inputs: [1], format: 'nmea' }]], [[{ inputs: [0], format: 'auto' }, { inputs: [1, 4, 5], format: 'nmea' }, { inputs: [2, 3], format: 'aisstream' }]]],
      },
    );
  }, 120_000);
});
