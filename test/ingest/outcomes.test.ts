/**
 * The ingest step's outcome per input, in process: the store is opened only when an input has
 * something to put in it, each input gets a status and a reason, and a store failure (not an
 * input's fault) stops the run instead of being reported as a failed input.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ingest, ingestSucceeded } from '../../src/pipeline/ingest.js';
import { openStore } from '../../src/store/index.js';
import { StoreError } from '../../src/errors.js';
import type { Store } from '../../src/store/types.js';
import { fixtures } from '../ais/paths.js';

const dir = mkdtempSync(path.join(tmpdir(), 'darkfleet-outcomes-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const aisstream = path.join(fixtures, 'sources/aisstream_sample.jsonl');

describe('ingest outcomes', () => {
  it('does not open the store when no input has anything to store', async () => {
    let opened = 0;
    const s = await ingest(
      async () => {
        opened++;
        throw new Error('must not be opened');
      },
      [path.join(dir, 'a.nmea'), path.join(dir, 'b.csv')],
    );
    expect(opened).toBe(0);
    expect(s.failedInputs.map((f) => f.path)).toEqual([path.join(dir, 'a.nmea'), path.join(dir, 'b.csv')]);
    expect(s.inputs.map((i) => i.status)).toEqual(['failed', 'failed']);
    expect(ingestSucceeded(s)).toBe(false);
  });

  it('gives every input a status; only stored and skipped ones count as success', async () => {
    const store = await openStore(path.join(dir, 'o.duckdb'), { threads: 1 });
    try {
      const first = await ingest(store, [aisstream, aisstream], { format: 'aisstream' });
      expect(first.inputs.map((i) => i.status)).toEqual(['stored', 'skipped_already_ingested']);
      expect(first.skippedInputs).toBe(1);
      expect(first.inputs[1]).toEqual({ path: aisstream, format: 'aisstream', read: 0, inserted: 0, duplicates: 0, rejected: {}, status: 'skipped_already_ingested' });
      expect(ingestSucceeded(first)).toBe(true);
      const nmeaAsAisstream = await ingest(store, [path.join(fixtures, 'ais/libais/tagblock.nmea')], { format: 'aisstream' });
      expect(nmeaAsAisstream.inputs[0]).toMatchObject({ status: 'nothing_stored', reason: 'every one of its 5 records rejected read as aisstream (bad_json: 5); try --format auto' });
      expect(ingestSucceeded(nmeaAsAisstream)).toBe(false);
      const empty = path.join(dir, 'empty.nmea');
      writeFileSync(empty, '');
      const e = await ingest(store, [empty], { format: 'nmea' });
      expect(e.inputs[0]).toMatchObject({ status: 'nothing_stored', read: 0, reason: 'no records in it read as nmea' });
    } finally {
      await store.close();
    }
  });

  it('a store failure stops the run (it is not an input failure)', async () => {
    const store = await openStore(path.join(dir, 'f.duckdb'), { threads: 1 });
    const broken: Store = Object.assign(Object.create(store) as Store, {
      beginSource: () => Promise.reject(new StoreError('disk full')),
    });
    try {
      await expect(ingest(broken, [aisstream])).rejects.toThrow('disk full');
    } finally {
      await store.close();
    }
  });
});
